/* fuzz.c: the seeded interval fuzz of ts-fsrs: its seed, its generator, its ranges. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "aidioma/srs.h"
#include "srs/srs-int.h"
#include "banned.h"

/*
 * ts-fsrs draws the fuzz from Alea (J. Baagøe, 2010), a generator whose
 * state lives in doubles and is stirred with JavaScript's 32-bit integer
 * conversions.  Each step below is the double operation JavaScript does,
 * in the same order, so the draws agree to the bit.
 */

#define TWO_POW_32 4294967296.0
#define TWO_POW_M32 2.3283064365386963e-10

/* JavaScript's ToUint32 (x >>> 0) for the finite values seen here. */
static double to_uint32(double x)
{
	double t = trunc(x), m = fmod(t, TWO_POW_32);

	return m < 0 ? m + TWO_POW_32 : m;
}

struct mash {
	double n;
};

static double mash(struct mash *m, const char *data)
{
	double h;

	for (; *data; data++) {
		m->n += (unsigned char)*data; /* the seed is ASCII: charCodeAt is the byte */
		h = 0.02519603282416938 * m->n;
		m->n = to_uint32(h);
		h -= m->n;
		h *= m->n;
		m->n = to_uint32(h);
		h -= m->n;
		m->n += h * TWO_POW_32;
	}
	return to_uint32(m->n) * TWO_POW_M32;
}

struct alea {
	double c, s0, s1, s2;
};

static void alea_seed(struct alea *a, const char *seed)
{
	struct mash m = { 0xefc8249d };

	a->c = 1;
	a->s0 = mash(&m, " ");
	a->s1 = mash(&m, " ");
	a->s2 = mash(&m, " ");
	a->s0 -= mash(&m, seed);
	if (a->s0 < 0)
		a->s0 += 1;
	a->s1 -= mash(&m, seed);
	if (a->s1 < 0)
		a->s1 += 1;
	a->s2 -= mash(&m, seed);
	if (a->s2 < 0)
		a->s2 += 1;
}

static double alea_next(struct alea *a)
{
	double t = 2091639 * a->s0 + a->c * TWO_POW_M32;

	a->s0 = a->s1;
	a->s1 = a->s2;
	a->c = trunc(t); /* t | 0: t is below 2^31 and not negative */
	a->s2 = t - a->c;
	return a->s2;
}

double fsrs_fuzz_factor(ms_t now, int reps, double product)
{
	char seed[96], num[32];
	struct alea a;

	/* `${time}_${reps}_${mul}` with JavaScript's spelling of the numbers */
	snprintf(seed, sizeof(seed), "%lld_%d_%s", (long long)now, reps,
		 srs_number_format(product, num, sizeof(num)));
	alea_seed(&a, seed);
	return alea_next(&a);
}

static double dmin(double a, double b)
{
	return a < b ? a : b;
}

static double dmax(double a, double b)
{
	return a > b ? a : b;
}

int fsrs_fuzz_interval(int interval, double factor, int elapsed_days, int maximum_interval)
{
	/* the interval spreads by 15% of its part between 2.5 and 7 days,
	 * 10% of its part between 7 and 20, 5% of the rest, plus one day */
	static const struct {
		double start, end, factor;
	} ranges[] = { { 2.5, 7.0, 0.15 }, { 7.0, 20.0, 0.1 }, { 20.0, INFINITY, 0.05 } };
	double ivl = interval, delta = 1.0, lo, hi;
	size_t i;

	if (ivl < 2.5)
		return interval;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		delta += ranges[i].factor * dmax(dmin(ivl, ranges[i].end) - ranges[i].start, 0.0);
	ivl = dmin(ivl, maximum_interval);
	lo = dmax(2, srs_js_round(ivl - delta));
	hi = dmin(srs_js_round(ivl + delta), maximum_interval);
	if (ivl > elapsed_days)
		lo = dmax(lo, (double)elapsed_days + 1);
	lo = dmin(lo, hi);
	return (int)floor(factor * (hi - lo + 1) + lo);
}
