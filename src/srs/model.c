/* model.c: FSRS-6's memory model in double precision, its weight bounds, a seeded generator. */
#include <math.h>
#include <string.h>

#include "srs/fit-int.h"
#include "banned.h"

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void model_init(struct model *m, const double w[FSRS_NPARAMS])
{
	int g;

	memcpy(m->w, w, sizeof(m->w));
	m->factor = exp(-log(0.9) / w[20]) - 1;
	m->dfactor = (m->factor + 1) * log(0.9) / (w[20] * w[20]);
	m->exp_w8 = exp(w[8]);
	m->exp_3w5 = exp(3 * w[5]);
	m->d_easy = w[4] - m->exp_3w5 + 1;
	m->cap_forget = exp(-w[17] * w[18]);
	for (g = 1; g <= 4; g++)
		m->short_mult[g - 1] = exp(w[17] * (g - 3 + w[18]));
}

double model_recall(const struct model *m, double t, double s)
{
	return pow(1 + m->factor * t / s, -m->w[20]);
}

void model_first(const struct model *m, int g, double *s, double *d)
{
	double s0 = m->w[g - 1];

	*s = s0 > MODEL_INIT_S_MIN ? s0 : MODEL_INIT_S_MIN;
	*d = clamp(m->w[4] - exp((g - 1) * m->w[5]) + 1, 1, 10);
}

void model_next(const struct model *m, int t, double r, int g, double *s, double *d)
{
	const double *w = m->w;
	double S = *s, D = *d, ns, next;

	if (t == 0) {
		double sinc = pow(S, -w[19]) * m->short_mult[g - 1];

		if (g >= 2 && sinc < 1)
			sinc = 1;
		ns = S * sinc;
	} else if (g == 1) {
		double f = w[11] * pow(D, -w[12]) * (pow(S + 1, w[13]) - 1) * exp((1 - r) * w[14]);
		double cap = S * m->cap_forget;

		f = clamp(f, MODEL_S_MIN, MODEL_S_MAX);
		if (cap < MODEL_S_MIN)
			cap = MODEL_S_MIN;
		ns = cap < f ? cap : f;
	} else {
		double bonus = g == 2 ? w[15] : g == 4 ? w[16] : 1;

		ns = S * (1 + m->exp_w8 * (11 - D) * pow(S, -w[9]) * (exp((1 - r) * w[10]) - 1) *
			      bonus);
	}
	*s = clamp(ns, MODEL_S_MIN, MODEL_S_MAX);
	next = D + (-w[6] * (g - 3)) * (10 - D) / 9;
	*d = clamp(w[7] * m->d_easy + (1 - w[7]) * next, 1, 10);
}

double model_bce(double r, int y)
{
	r = clamp(r, MODEL_R_EPS, 1 - MODEL_R_EPS);
	return y ? -log(r) : -log(1 - r);
}

void model_bounds(const double w[FSRS_NPARAMS], int n_relearning, double lo[FSRS_NPARAMS],
		  double hi[FSRS_NPARAMS])
{
	static const double l[FSRS_NPARAMS] = {
		MODEL_INIT_S_MIN, MODEL_INIT_S_MIN, MODEL_INIT_S_MIN, MODEL_INIT_S_MIN,
		1, 0.001, 0.001, 0.001, 0, 0, 0.001, 0.001, 0.001, 0.001, 0, 0, 1, 0, 0, 0.01, 0.1
	};
	static const double h[FSRS_NPARAMS] = {
		100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6, 2, 2,
		0.8, 0.8
	};

	memcpy(lo, l, sizeof(l));
	memcpy(hi, h, sizeof(h));
	if (n_relearning > 1) {
		/* the relearning steps together may not lift a lapsed card's
		 * stability above what it was (D = 1, R = 0.7, S = 1) */
		double w11 = clamp(w[11], l[11], h[11]), w13 = clamp(w[13], l[13], h[13]);
		double w14 = clamp(w[14], l[14], h[14]);
		double v = -(log(w11) + log(pow(2, w13) - 1) + w14 * 0.3) / n_relearning;
		double ceiling = sqrt(v > 0.01 ? v : 0.01);

		hi[17] = hi[18] = ceiling < 2 ? ceiling : 2;
	}
}

void model_clip(double w[FSRS_NPARAMS], int n_relearning)
{
	double lo[FSRS_NPARAMS], hi[FSRS_NPARAMS];
	int i;

	model_bounds(w, n_relearning, lo, hi);
	for (i = 0; i < FSRS_NPARAMS; i++)
		w[i] = clamp(w[i], lo[i], hi[i]);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	/* the bias of a plain modulo is below 2^-40 for the sizes used here */
	return n ? rng_next(r) % n : 0;
}
