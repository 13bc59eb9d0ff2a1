/* embed.c: the built-in hashed character n-gram embedding, and top-k cosine search. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/embed.h"
#include "aidioma/util.h"
#include "banned.h"

#define TEXT_CHARS_MAX (ANSWER_MAX_CHARS + 2) /* an answer, and a space at each end */

static int is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
	       (cp >= 0xc0 && cp != 0xd7 && cp != 0xf7);
}

static uint32_t lower(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		return cp + 32;
	return cp;
}

/* splitmix64's finaliser: every input bit moves every output bit */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void embed_builtin(const char *text, float out[EMBED_DIM])
{
	uint32_t *cp = xmalloc(TEXT_CHARS_MAX * sizeof(*cp)), c;
	size_t len = strlen(text), i = 0;
	int n = 0, letters = 0, k, g, j;

	memset(out, 0, EMBED_DIM * sizeof(float));
	cp[n++] = ' ';
	while (i < len && n < TEXT_CHARS_MAX - 1) {
		k = utf8_decode(text + i, len - i, &c);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (is_letter(c)) {
			cp[n++] = lower(c);
			letters++;
		} else if (cp[n - 1] != ' ') {
			cp[n++] = ' ';
		}
	}
	if (cp[n - 1] != ' ')
		cp[n++] = ' ';
	for (g = EMBED_NGRAM_MIN; letters && g <= EMBED_NGRAM_MAX; g++)
		for (j = 0; j + g <= n; j++) {
			/* FNV-1a over the code points, seeded by the length */
			uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)g;
			int m;

			for (m = 0; m < g; m++)
				h = (h ^ cp[j + m]) * 0x100000001b3ULL;
			h = mix(h);
			out[h % EMBED_DIM] += (h >> 63) ? -1.0f : 1.0f;
		}
	free(cp);
	embed_normalize(out, EMBED_DIM);
}

int embed_normalize(float *v, int dim)
{
	double sum = 0, inv;
	int i;

	for (i = 0; i < dim; i++)
		sum += (double)v[i] * v[i];
	if (sum <= 0)
		return -1;
	inv = 1.0 / sqrt(sum);
	for (i = 0; i < dim; i++)
		v[i] = (float)(v[i] * inv);
	return 0;
}

float embed_dot(const float *a, const float *b, int dim)
{
	/* eight sums side by side: the adds need not wait for each other */
	float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
	int i = 0;

	for (; i + 8 <= dim; i += 8) {
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
		s4 += a[i + 4] * b[i + 4];
		s5 += a[i + 5] * b[i + 5];
		s6 += a[i + 6] * b[i + 6];
		s7 += a[i + 7] * b[i + 7];
	}
	for (; i < dim; i++)
		s0 += a[i] * b[i];
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

int embed_top_k(const float *q, const float *vectors, long n, int dim, float threshold, int k,
		struct embed_hit *out)
{
	int found = 0, j;
	long i;

	if (k < 1 || dim < 1)
		return 0;
	if (k > SIMILAR_K_MAX)
		k = SIMILAR_K_MAX;
	for (i = 0; i < n; i++) {
		float s = embed_dot(q, vectors + (size_t)i * (size_t)dim, dim);

		if (!(s >= threshold) || (found == k && s <= out[k - 1].score))
			continue;
		if (found < k)
			found++;
		/* insert in order; an equal score stays behind the earlier row */
		for (j = found - 1; j > 0 && out[j - 1].score < s; j--)
			out[j] = out[j - 1];
		out[j].index = (int)i;
		out[j].score = s;
	}
	return found;
}
