/* chrf.c: character n-gram F-score between an answer and a reference. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ai/offline-int.h"
#include "aidioma/util.h"
#include "banned.h"

#define CHRF_MAX_CHARS 2048 /* longer texts are compared on their first 2048 characters */

/* The code points of s without spaces; returns how many. */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
	size_t n = strlen(s), i = 0, k = 0;
	uint32_t cp;
	int len;

	while (i < n && k < max) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len < 0) {
			len = 1;
			cp = 0xfffd;
		}
		i += (size_t)len;
		if (cp != ' ')
			out[k++] = cp;
	}
	return k;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Hashes of the n-grams of cp, sorted; returns how many. */
static size_t ngrams(const uint32_t *cp, size_t len, int n, uint64_t *out)
{
	size_t i, count = len >= (size_t)n ? len - (size_t)n + 1 : 0;
	int k;

	for (i = 0; i < count; i++) {
		uint64_t h = 1469598103934665603ULL;

		for (k = 0; k < n; k++) {
			h ^= cp[i + (size_t)k] + 0x9e3779b97f4a7c15ULL;
			h *= 1099511628211ULL;
			h ^= h >> 29;
		}
		out[i] = h;
	}
	if (count > 64) {
		qsort(out, count, sizeof(*out), cmp_u64);
	} else {
		/* a sentence's grams: insertion sort beats qsort's calls */
		for (i = 1; i < count; i++) {
			uint64_t v = out[i];
			size_t j = i;

			for (; j > 0 && out[j - 1] > v; j--)
				out[j] = out[j - 1];
			out[j] = v;
		}
	}
	return count;
}

/* Clipped matches of two sorted multisets: each gram counts min(hyp, ref) times. */
static size_t matches(const uint64_t *h, size_t nh, const uint64_t *r, size_t nr)
{
	size_t i = 0, j = 0, m = 0;

	while (i < nh && j < nr) {
		if (h[i] == r[j]) {
			m++;
			i++;
			j++;
		} else if (h[i] < r[j]) {
			i++;
		} else {
			j++;
		}
	}
	return m;
}

double chrf(const char *hyp, const char *ref)
{
	size_t mh = strlen(hyp) < CHRF_MAX_CHARS ? strlen(hyp) + 1 : CHRF_MAX_CHARS;
	size_t mr = strlen(ref) < CHRF_MAX_CHARS ? strlen(ref) + 1 : CHRF_MAX_CHARS;
	uint32_t *ch = xmalloc(mh * sizeof(*ch)), *cr = xmalloc(mr * sizeof(*cr));
	uint64_t *gh = xmalloc(mh * sizeof(*gh)), *gr = xmalloc(mr * sizeof(*gr));
	size_t lh = code_points(hyp, ch, mh), lr = code_points(ref, cr, mr);
	double sum = 0, b2 = CHRF_BETA * CHRF_BETA, score;
	int n, orders = 0;

	for (n = 1; n <= CHRF_ORDER; n++) {
		size_t nh = ngrams(ch, lh, n, gh), nr = ngrams(cr, lr, n, gr), m;
		double p, r;

		if (!nh || !nr)
			continue;
		orders++;
		m = matches(gh, nh, gr, nr);
		p = (double)m / (double)nh;
		r = (double)m / (double)nr;
		if (p + r > 0)
			sum += (1 + b2) * p * r / (b2 * p + r);
	}
	if (orders)
		score = 100 * sum / orders;
	else
		score = lh == 0 && lr == 0 ? 100 : 0;
	free(ch);
	free(cr);
	free(gh);
	free(gr);
	return score;
}
