/* jsmath.c: exp, log and pow as JavaScript engines compute them, to the bit. */
/*
 * The FSRS reference runs on JavaScript, whose Math.exp, Math.log and
 * Math.pow (in V8, and so in Node.js and Chrome) are fdlibm's algorithms,
 * not the C library's; pow carries one change of V8's own, marked below.
 * The two disagree in the last bit for about one argument in ten, and now
 * and then that bit decides how a value rounds to 8 decimals.  These are
 * fdlibm 5.3's methods and coefficients:
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "srs/srs-int.h"
#include "banned.h"

/* fdlibm works on the two 32-bit halves of a double */
static uint32_t high_word(double x)
{
	uint64_t b;

	memcpy(&b, &x, sizeof(b));
	return (uint32_t)(b >> 32);
}

static uint32_t low_word(double x)
{
	uint64_t b;

	memcpy(&b, &x, sizeof(b));
	return (uint32_t)b;
}

static double from_words(uint32_t hi, uint32_t lo)
{
	uint64_t b = (uint64_t)hi << 32 | lo;
	double x;

	memcpy(&x, &b, sizeof(x));
	return x;
}

static double with_low_word(double x, uint32_t lo)
{
	return from_words(high_word(x), lo);
}

static double with_high_word(double x, uint32_t hi)
{
	return from_words(hi, low_word(x));
}

/* the polynomial of exp's reduced argument, shared with pow */
static const double P1 = 1.66666666666666019037e-01;  /* 0x3FC55555, 0x5555553E */
static const double P2 = -2.77777777770155933842e-03; /* 0xBF66C16C, 0x16BEBD93 */
static const double P3 = 6.61375632143793436117e-05;  /* 0x3F11566A, 0xAF25DE2C */
static const double P4 = -1.65339022054652515390e-06; /* 0xBEBBBD41, 0xC5D26BF1 */
static const double P5 = 4.13813679705723846039e-08;  /* 0x3E663769, 0x72BEA4D0 */

static const double huge = 1.0e+300, tiny = 1.0e-300;
static const double twom1000 = 9.33263618503218878990e-302; /* 2^-1000 */

/*
 * exp(x): x = k ln2 + r with |r| <= 0.5 ln2, then
 * exp(r) = 1 + r + r c / (2 - c) with c from a degree-5 polynomial in r^2,
 * scaled by 2^k.
 */
double jsmath_exp(double x)
{
	static const double ln2_hi[2] = { 6.93147180369123816490e-01, -6.93147180369123816490e-01 };
	static const double ln2_lo[2] = { 1.90821492927058770002e-10, -1.90821492927058770002e-10 };
	static const double half[2] = { 0.5, -0.5 };
	const double o_threshold = 7.09782712893383973096e+02;
	const double u_threshold = -7.45133219101941108420e+02;
	const double invln2 = 1.44269504088896338700e+00;
	double y, hi = 0, lo = 0, c, t, twopk;
	uint32_t hx = high_word(x);
	int xsb = (int)(hx >> 31), k = 0;

	hx &= 0x7fffffff;
	if (hx >= 0x40862E42) { /* |x| >= 709.78 */
		if (hx >= 0x7ff00000) {
			if (((hx & 0xfffff) | low_word(x)) != 0)
				return x + x; /* NaN */
			return xsb == 0 ? x : 0.0;
		}
		if (x > o_threshold)
			return huge * huge;
		if (x < u_threshold)
			return twom1000 * twom1000;
	}
	if (hx > 0x3fd62e42) { /* |x| > 0.5 ln2 */
		if (hx < 0x3FF0A2B2) { /* and < 1.5 ln2 */
			hi = x - ln2_hi[xsb];
			lo = ln2_lo[xsb];
			k = 1 - xsb - xsb;
		} else {
			k = (int)(invln2 * x + half[xsb]);
			t = k;
			hi = x - t * ln2_hi[0]; /* exact */
			lo = t * ln2_lo[0];
		}
		x = hi - lo;
	} else if (hx < 0x3e300000) { /* |x| < 2^-28 */
		if (huge + x > 1.0)
			return 1.0 + x;
	}
	t = x * x;
	if (k >= -1021)
		twopk = from_words(0x3ff00000u + ((uint32_t)k << 20), 0);
	else
		twopk = from_words(0x3ff00000u + ((uint32_t)(k + 1000) << 20), 0);
	c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
	if (k == 0)
		return 1.0 - ((x * c) / (c - 2.0) - x);
	y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
	if (k >= -1021) {
		if (k == 1024)
			return y * 2.0 * 8.98846567431157953865e+307; /* 2^1023 */
		return y * twopk;
	}
	return y * twopk * twom1000;
}

/*
 * log(x): x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2), then
 * log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)) with s = f / (2 + f).
 */
double jsmath_log(double x)
{
	const double ln2_hi = 6.93147180369123816490e-01; /* 0x3fe62e42, 0xfee00000 */
	const double ln2_lo = 1.90821492927058770002e-10; /* 0x3dea39ef, 0x35793c76 */
	const double two54 = 1.80143985094819840000e+16;  /* 0x43500000, 0x00000000 */
	const double Lg1 = 6.666666666666735130e-01;      /* 0x3FE55555, 0x55555593 */
	const double Lg2 = 3.999999999940941908e-01;      /* 0x3FD99999, 0x9997FA04 */
	const double Lg3 = 2.857142874366239149e-01;      /* 0x3FD24924, 0x94229359 */
	const double Lg4 = 2.222219843214978396e-01;      /* 0x3FCC71C5, 0x1D8E78AF */
	const double Lg5 = 1.818357216161805012e-01;      /* 0x3FC74664, 0x96CB03DE */
	const double Lg6 = 1.531383769920937332e-01;      /* 0x3FC39A09, 0xD078C69F */
	const double Lg7 = 1.479819860511658591e-01;      /* 0x3FC2F112, 0xDF3E5244 */
	double hfsq, f, s, z, R, w, t1, t2, dk;
	int32_t hx = (int32_t)high_word(x), i, j;
	uint32_t lx = low_word(x);
	int k = 0;

	if (hx < 0x00100000) { /* x < 2^-1022 */
		if (((hx & 0x7fffffff) | (int32_t)lx) == 0)
			return -INFINITY;
		if (hx < 0)
			return NAN;
		k -= 54;
		x *= two54; /* subnormal: scale up */
		hx = (int32_t)high_word(x);
	}
	if (hx >= 0x7ff00000)
		return x + x;
	k += (hx >> 20) - 1023;
	hx &= 0x000fffff;
	i = (hx + 0x95f64) & 0x100000;
	x = with_high_word(x, (uint32_t)(hx | (i ^ 0x3ff00000))); /* x or x/2 */
	k += i >> 20;
	f = x - 1.0;
	if ((0x000fffff & (2 + hx)) < 3) { /* |f| < 2^-20 */
		if (f == 0.0) {
			if (k == 0)
				return 0.0;
			dk = (double)k;
			return dk * ln2_hi + dk * ln2_lo;
		}
		R = f * f * (0.5 - 0.33333333333333333 * f);
		if (k == 0)
			return f - R;
		dk = (double)k;
		return dk * ln2_hi - ((R - dk * ln2_lo) - f);
	}
	s = f / (2.0 + f);
	dk = (double)k;
	z = s * s;
	i = hx - 0x6147a;
	w = z * z;
	j = 0x6b851 - hx;
	t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
	t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
	i |= j;
	R = t2 + t1;
	if (i > 0) {
		hfsq = 0.5 * f * f;
		if (k == 0)
			return f - (hfsq - s * (hfsq + R));
		return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
	}
	if (k == 0)
		return f - s * (f - R);
	return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

/* The special values of pow, as ECMAScript defines them. */
static int pow_special(double x, double y, double *out)
{
	if (isnan(y)) {
		*out = NAN;
		return 1;
	}
	if (y == 0) {
		*out = 1.0;
		return 1;
	}
	if (isnan(x) || (isinf(y) && fabs(x) == 1.0)) {
		*out = NAN;
		return 1;
	}
	return 0;
}

/*
 * pow(x, y) = 2^(y log2(x)), with log2(x) and the product carried in two
 * parts (head and tail) so that the result stays within an ulp.
 */
double jsmath_pow(double x, double y)
{
	static const double bp[2] = { 1.0, 1.5 };
	/* 0x3FE2B803, 0x40000000 and 0x3E4CFDEB, 0x43CFD006 */
	static const double dp_h[2] = { 0.0, 5.84962487220764160156e-01 };
	static const double dp_l[2] = { 0.0, 1.35003920212974897128e-08 };
	const double two53 = 9007199254740992.0;
	const double L1 = 5.99999999999994648725e-01;      /* 0x3FE33333, 0x33333303 */
	const double L2 = 4.28571428578550184252e-01;      /* 0x3FDB6DB6, 0xDB6FABFF */
	const double L3 = 3.33333329818377432918e-01;      /* 0x3FD55555, 0x518F264D */
	const double L4 = 2.72728123808534006489e-01;      /* 0x3FD17460, 0xA91D4101 */
	const double L5 = 2.30660745775561754067e-01;      /* 0x3FCD864A, 0x93C9DB65 */
	const double L6 = 2.06975017800338417784e-01;      /* 0x3FCA7E28, 0x4A454EEF */
	const double lg2 = 6.93147180559945286227e-01;     /* 0x3FE62E42, 0xFEFA39EF */
	const double lg2_h = 6.93147182464599609375e-01;   /* 0x3FE62E43, 0x00000000 */
	const double lg2_l = -1.90465429995776804525e-09;  /* 0xBE205C61, 0x0CA86C39 */
	const double ovt = 8.0085662595372944372e-17;      /* -(1024 - log2(ovfl + .5ulp)) */
	const double cp = 9.61796693925975554329e-01;      /* 0x3FEEC709, 0xDC3A03FD = 2/(3 ln2) */
	const double cp_h = 9.61796700954437255859e-01;    /* 0x3FEEC709, 0xE0000000 */
	const double cp_l = -7.02846165095275826516e-09;   /* 0xBE3E2FE0, 0x145B01F5 */
	const double ivln2 = 1.44269504088896338700e+00;   /* 0x3FF71547, 0x652B82FE */
	const double ivln2_h = 1.44269502162933349609e+00; /* 0x3FF71547, 0x60000000 */
	const double ivln2_l = 1.92596299112661746887e-08; /* 0x3E54AE0B, 0xF85DDF44 */
	double z, ax, z_h, z_l, p_h, p_l, y1, t1, t2, r, s, t, u, v, w, special;
	int32_t i, j, k, yisint, n, hx, hy, ix, iy;
	uint32_t lx, ly;

	if (pow_special(x, y, &special))
		return special;
	hx = (int32_t)high_word(x);
	lx = low_word(x);
	hy = (int32_t)high_word(y);
	ly = low_word(y);
	ix = hx & 0x7fffffff;
	iy = hy & 0x7fffffff;

	/* yisint: 0 y is not an integer, 1 odd, 2 even (only needed for x < 0) */
	yisint = 0;
	if (hx < 0) {
		if (iy >= 0x43400000) {
			yisint = 2;
		} else if (iy >= 0x3ff00000) {
			k = (iy >> 20) - 0x3ff;
			if (k > 20) {
				uint32_t jj = ly >> (52 - k);

				if ((jj << (52 - k)) == ly)
					yisint = 2 - (int32_t)(jj & 1);
			} else if (ly == 0) {
				j = iy >> (20 - k);
				if ((j << (20 - k)) == iy)
					yisint = 2 - (j & 1);
			}
		}
	}
	if (ly == 0) {
		if (iy == 0x7ff00000) { /* y is +-inf */
			if (ix >= 0x3ff00000)
				return hy >= 0 ? y : 0.0;
			return hy < 0 ? -y : 0.0;
		}
		if (iy == 0x3ff00000) /* y is +-1 */
			return hy < 0 ? 1.0 / x : x;
		if (hy == 0x40000000) /* y is 2 */
			return x * x;
		if (hy == 0x3fe00000 && hx >= 0) /* y is 0.5 */
			return sqrt(x);
	}
	ax = fabs(x);
	if (lx == 0 && (ix == 0x7ff00000 || ix == 0 || ix == 0x3ff00000)) {
		z = ax; /* x is +-0, +-inf, +-1 */
		if (hy < 0)
			z = 1.0 / z;
		if (hx < 0) {
			if (((ix - 0x3ff00000) | yisint) == 0)
				z = NAN; /* (-1)^non-integer */
			else if (yisint == 1)
				z = -z;
		}
		return z;
	}
	if (hx < 0 && yisint == 0)
		return NAN; /* (x < 0)^non-integer */
	s = 1.0;
	if (hx < 0 && yisint == 1)
		s = -1.0; /* (x < 0)^odd */

	if (iy > 0x41e00000) { /* |y| > 2^31 */
		if (iy > 0x43f00000) { /* |y| > 2^64: must overflow or underflow */
			if (ix <= 0x3fefffff)
				return hy < 0 ? huge * huge : tiny * tiny;
			if (ix >= 0x3ff00000)
				return hy > 0 ? huge * huge : tiny * tiny;
		}
		if (ix < 0x3fefffff)
			return hy < 0 ? s * huge * huge : s * tiny * tiny;
		if (ix > 0x3ff00000)
			return hy > 0 ? s * huge * huge : s * tiny * tiny;
		/* |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4 */
		t = ax - 1.0;
		w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
		u = ivln2_h * t;
		v = t * ivln2_l - w * ivln2;
		t1 = with_low_word(u + v, 0);
		t2 = v - (t1 - u);
	} else {
		double ss, s2, s_h, s_l, t_h, t_l;

		n = 0;
		if (ix < 0x00100000) { /* subnormal x */
			ax *= two53;
			n -= 53;
			ix = (int32_t)high_word(ax);
		}
		n += (ix >> 20) - 0x3ff;
		j = ix & 0x000fffff;
		ix = j | 0x3ff00000; /* normalize */
		if (j <= 0x3988E)
			k = 0; /* |x| < sqrt(3/2) */
		else if (j < 0xBB67A)
			k = 1; /* |x| < sqrt(3) */
		else {
			k = 0;
			n += 1;
			ix -= 0x00100000;
		}
		ax = with_high_word(ax, (uint32_t)ix);

		/* ss = s_h + s_l = (x - 1) / (x + 1) or (x - 1.5) / (x + 1.5) */
		u = ax - bp[k];
		v = 1.0 / (ax + bp[k]);
		ss = u * v;
		s_h = with_low_word(ss, 0);
		t_h = from_words((uint32_t)(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18)), 0);
		t_l = ax - (t_h - bp[k]);
		s_l = v * ((u - s_h * t_h) - s_h * t_l);
		/* log(ax) */
		s2 = ss * ss;
		r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
		r += s_l * (s_h + ss);
		s2 = s_h * s_h;
		t_h = with_low_word(3.0 + s2 + r, 0);
		t_l = r - ((t_h - 3.0) - s2);
		u = s_h * t_h;
		v = s_l * t_h + t_l * ss;
		/* 2 / (3 log2) * (ss + ...) */
		p_h = with_low_word(u + v, 0);
		p_l = v - (p_h - u);
		z_h = cp_h * p_h;
		z_l = cp_l * p_h + p_l * cp + dp_l[k];
		/* log2(ax) = (ss + ...) * 2 / (3 log2) = n + dp_h + z_h + z_l */
		t = (double)n;
		t1 = with_low_word(((z_h + z_l) + dp_h[k]) + t, 0);
		t2 = z_l - (((t1 - t) - dp_h[k]) - z_h);
	}

	/* (y1 + y2) * (t1 + t2) with y1 the head of y */
	y1 = with_low_word(y, 0);
	p_l = (y - y1) * t1 + y * t2;
	p_h = y1 * t1;
	z = p_l + p_h;
	j = (int32_t)high_word(z);
	i = (int32_t)low_word(z);
	if (j >= 0x40900000) { /* z >= 1024 */
		if (((j - 0x40900000) | i) != 0)
			return s * huge * huge;
		if (p_l + ovt > z - p_h)
			return s * huge * huge;
	} else if ((j & 0x7fffffff) >= 0x4090cc00) { /* z <= -1075 */
		if ((((uint32_t)j - 0xc090cc00u) | (uint32_t)i) != 0)
			return s * tiny * tiny;
		if (p_l <= z - p_h)
			return s * tiny * tiny;
	}

	/* 2^(p_h + p_l) */
	i = j & 0x7fffffff;
	k = (i >> 20) - 0x3ff;
	n = 0;
	if (i > 0x3fe00000) { /* |z| > 0.5: n = [z + 0.5] */
		n = (int32_t)((uint32_t)j + (0x00100000u >> (k + 1)));
		k = ((n & 0x7fffffff) >> 20) - 0x3ff;
		t = from_words((uint32_t)n & ~(0x000fffffu >> k), 0);
		n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
		if (j < 0)
			n = -n;
		p_h -= t;
	}
	t = with_low_word(p_l + p_h, 0);
	u = t * lg2_h;
	v = (p_l - (t - p_h)) * lg2 + t * lg2_l;
	z = u + v;
	w = v - (z - u);
	t = z * z;
	t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
	/* fdlibm has (z t1) / (t1 - 2) - (w + z w); V8's port divides by the
	 * whole difference instead, and that is what Math.pow returns */
	r = (z * t1) / ((t1 - 2.0) - (w + z * w));
	z = 1.0 - (r - z);
	j = (int32_t)((uint32_t)high_word(z) + ((uint32_t)n << 20));
	if ((j >> 20) <= 0)
		z = scalbn(z, n); /* subnormal result */
	else
		z = with_high_word(z, (uint32_t)j);
	return s * z;
}
