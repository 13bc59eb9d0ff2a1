/* number.c: numbers as the FSRS reference rounds and prints them, and its day count. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/srs.h"
#include "banned.h"

const char *srs_state_name(int state)
{
	static const char *const names[] = { "New", "Learning", "Review", "Relearning" };

	return state >= 0 && state < 4 ? names[state] : NULL;
}

double srs_js_round(double x)
{
	double f;

	if (!isfinite(x))
		return x;
	f = floor(x);
	/* x - floor(x) is exact, so this never suffers the off-by-one of
	 * floor(x + 0.5) at 0.49999999999999994 */
	if (x - f >= 0.5)
		f += 1.0;
	/* Math.round(-0.4) is -0, and -0 divided by 1e8 stays -0 */
	if (f == 0.0 && signbit(x))
		return -0.0;
	return f;
}

double srs_round_to(double x, int decimals)
{
	double factor = 1.0;
	int i;

	/* 10 ** n is exact up to 10^22, as in JavaScript */
	for (i = 0; i < decimals; i++)
		factor *= 10.0;
	return srs_js_round(x * factor) / factor;
}

/* The shortest digits that read back as x (x > 0, finite), and the
 * decimal exponent n such that x = 0.DIGITS * 10^n. */
static int shortest_digits(double x, char digits[20], int *n)
{
	char tmp[40];
	int p, k = 0, e;
	const char *s;

	for (p = 0; p < 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	/* "d.ddde+XX", with the locale's decimal point: take the digits only */
	for (s = tmp; *s && *s != 'e' && *s != 'E'; s++)
		if (*s >= '0' && *s <= '9' && k < 19)
			digits[k++] = *s;
	e = *s ? atoi(s + 1) : 0;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	*n = e + 1;
	return k;
}

char *srs_number_format(double x, char *buf, size_t size)
{
	char out[48], digits[20];
	int k, n, i, len = 0, e;

	if (isnan(x)) {
		xstrlcpy(buf, "NaN", size);
		return buf;
	}
	if (isinf(x)) {
		xstrlcpy(buf, x < 0 ? "-Infinity" : "Infinity", size);
		return buf;
	}
	if (x == 0) {
		xstrlcpy(buf, "0", size);
		return buf;
	}
	if (x < 0)
		out[len++] = '-';
	k = shortest_digits(fabs(x), digits, &n);
	/* the four spellings of ECMA-262 Number::toString */
	if (k <= n && n <= 21) {
		for (i = 0; i < k; i++)
			out[len++] = digits[i];
		for (i = 0; i < n - k; i++)
			out[len++] = '0';
	} else if (0 < n && n <= 21) {
		for (i = 0; i < k; i++) {
			if (i == n)
				out[len++] = '.';
			out[len++] = digits[i];
		}
	} else if (-6 < n && n <= 0) {
		out[len++] = '0';
		out[len++] = '.';
		for (i = 0; i < -n; i++)
			out[len++] = '0';
		for (i = 0; i < k; i++)
			out[len++] = digits[i];
	} else {
		out[len++] = digits[0];
		if (k > 1) {
			out[len++] = '.';
			for (i = 1; i < k; i++)
				out[len++] = digits[i];
		}
		e = n - 1;
		len += snprintf(out + len, sizeof(out) - (size_t)len, "e%c%d", e < 0 ? '-' : '+',
				e < 0 ? -e : e);
	}
	out[len] = '\0';
	xstrlcpy(buf, out, size);
	return buf;
}

int srs_elapsed_days(ms_t from, ms_t to)
{
	return (int)(time_day_utc(to) - time_day_utc(from));
}
