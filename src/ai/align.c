/* align.c: an edit-distance alignment of the learner's words with a reference's. */
#include <stdlib.h>
#include <string.h>

#include "ai/offline-int.h"
#include "aidioma/util.h"
#include "banned.h"

#define COST_EXTRA 1.0
#define COST_EXTRA_PRONOUN 0.6 /* Spanish drops subject pronouns; an extra one is cheap */
#define COST_MISSING 1.0
#define COST_JOIN 0.3          /* "a el" for "al", "porque" for "por qué" */
#define MOVE_FUNCTION_MAX 0.1  /* a moved article or preposition must be the same word */

static double extra_cost(const struct word *w)
{
	return word_is_subject_pronoun(w) ? COST_EXTRA_PRONOUN : COST_EXTRA;
}

/* Two learner words written for one reference word: "a el" for "al", "de el" for "del". */
static int joined(const struct word *a1, const struct word *a2, const struct word *r)
{
	size_t n1 = strlen(a1->bare);

	if (!strcmp(a2->lower, "el") && ((!strcmp(a1->lower, "a") && !strcmp(r->lower, "al")) ||
					 (!strcmp(a1->lower, "de") && !strcmp(r->lower, "del"))))
		return 1;
	return !strncmp(r->bare, a1->bare, n1) && !strcmp(r->bare + n1, a2->bare);
}

/* One learner word written for two reference words: "porque" for "por qué",
 * "del" for "de la". */
static int split(const struct word *a, const struct word *r1, const struct word *r2)
{
	size_t n1 = strlen(r1->bare);

	if (r2->cls && r2->cls->kind == WK_ARTICLE &&
	    ((!strcmp(a->lower, "del") && !strcmp(r1->lower, "de")) ||
	     (!strcmp(a->lower, "al") && !strcmp(r1->lower, "a"))))
		return strcmp(r2->lower, "el") != 0; /* "del" for "de la" */
	return !strncmp(a->bare, r1->bare, n1) && !strcmp(a->bare + n1, r2->bare);
}

static void push(struct alignment *al, enum align_op op, int a, int b)
{
	al->step = xrealloc(al->step, (size_t)(al->n + 1) * sizeof(*al->step));
	al->step[al->n].op = op;
	al->step[al->n].a = a;
	al->step[al->n].b = b;
	al->step[al->n].crossed = 0;
	al->n++;
}

/* Pair an extra learner word with a missing reference word it matches:
 * the word is there, in the wrong place. */
static void find_moves(struct alignment *al, const struct words *a, const struct words *r,
		       const double *sub)
{
	for (;;) {
		int i, k, bi = -1, bk = -1, lo, hi, s;
		double best = PAIR_COST_CLOSE + 1e-9;

		for (i = 0; i < al->n; i++) {
			if (al->step[i].op != AL_EXTRA)
				continue;
			for (k = 0; k < al->n; k++) {
				const struct word *x, *y;
				double c;

				if (al->step[k].op != AL_MISSING)
					continue;
				x = &a->w[al->step[i].a];
				y = &r->w[al->step[k].b];
				c = sub[al->step[i].a * r->n + al->step[k].b];
				if ((word_is_function(x) || word_is_function(y)) && c > MOVE_FUNCTION_MAX)
					continue;
				if (c < best) {
					best = c;
					bi = i;
					bk = k;
				}
			}
		}
		if (bi < 0)
			return;
		al->step[bi].op = AL_MOVED;
		al->step[bi].b = al->step[bk].b;
		al->step[bk].op = AL_MOVED_FROM;
		al->step[bk].a = al->step[bi].a;
		lo = bi < bk ? bi : bk;
		hi = bi < bk ? bk : bi;
		for (s = lo + 1; s < hi; s++)
			if (al->step[s].op == AL_PAIR || al->step[s].op == AL_JOINED ||
			    al->step[s].op == AL_SPLIT)
				al->step[bi].crossed++;
	}
}

void align_words(struct lexicon *lx, struct words *a, struct words *r, struct alignment *al)
{
	int m = a->n, n = r->n, i, j, w = n + 1;
	double *d = xmalloc((size_t)(m + 1) * (size_t)w * sizeof(*d));
	unsigned char *op = xmalloc((size_t)(m + 1) * (size_t)w);
	double *sub = xmalloc(((size_t)m * (size_t)n + 1) * sizeof(*sub));
	struct judgement jd;

	al->step = NULL;
	al->n = 0;
	for (i = 0; i < m; i++)
		for (j = 0; j < n; j++) {
			wordpair_judge(lx, &a->w[i], &r->w[j], NULL, NULL, 0, &jd);
			sub[i * n + j] = jd.cost;
		}
	d[0] = 0;
	op[0] = AL_PAIR;
	for (i = 1; i <= m; i++) {
		d[i * w] = d[(i - 1) * w] + extra_cost(&a->w[i - 1]);
		op[i * w] = AL_EXTRA;
	}
	for (j = 1; j <= n; j++) {
		d[j] = d[j - 1] + COST_MISSING;
		op[j] = AL_MISSING;
	}
	for (i = 1; i <= m; i++)
		for (j = 1; j <= n; j++) {
			double best = d[(i - 1) * w + j - 1] + sub[(i - 1) * n + j - 1], c;
			unsigned char o = AL_PAIR;

			if ((c = d[(i - 1) * w + j] + extra_cost(&a->w[i - 1])) < best) {
				best = c;
				o = AL_EXTRA;
			}
			if ((c = d[i * w + j - 1] + COST_MISSING) < best) {
				best = c;
				o = AL_MISSING;
			}
			if (i >= 2 && joined(&a->w[i - 2], &a->w[i - 1], &r->w[j - 1]) &&
			    (c = d[(i - 2) * w + j - 1] + COST_JOIN) < best) {
				best = c;
				o = AL_JOINED;
			}
			if (j >= 2 && split(&a->w[i - 1], &r->w[j - 2], &r->w[j - 1]) &&
			    (c = d[(i - 1) * w + j - 2] + COST_JOIN) < best) {
				best = c;
				o = AL_SPLIT;
			}
			d[i * w + j] = best;
			op[i * w + j] = o;
		}
	al->cost = d[m * w + n];
	/* walk back from the end, then put the steps in reading order */
	for (i = m, j = n; i > 0 || j > 0;) {
		switch (op[i * w + j]) {
		case AL_PAIR:
			push(al, AL_PAIR, i - 1, j - 1);
			i--;
			j--;
			break;
		case AL_EXTRA:
			push(al, AL_EXTRA, i - 1, -1);
			i--;
			break;
		case AL_MISSING:
			push(al, AL_MISSING, -1, j - 1);
			j--;
			break;
		case AL_JOINED:
			push(al, AL_JOINED, i - 2, j - 1);
			i -= 2;
			j--;
			break;
		case AL_SPLIT:
			push(al, AL_SPLIT, i - 1, j - 2);
			i--;
			j -= 2;
			break;
		default:
			die_bug("align_words: bad step");
		}
	}
	for (i = 0; i < al->n / 2; i++) {
		struct align_step t = al->step[i];

		al->step[i] = al->step[al->n - 1 - i];
		al->step[al->n - 1 - i] = t;
	}
	find_moves(al, a, r, sub);
	free(d);
	free(op);
	free(sub);
}

void alignment_release(struct alignment *al)
{
	free(al->step);
	al->step = NULL;
	al->n = 0;
}
