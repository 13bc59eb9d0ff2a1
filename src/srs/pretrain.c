/* pretrain.c: the initial stabilities, fitted before the other weights, and kept in order. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/srs.h"
#include "srs/fit-int.h"
#include "banned.h"

#define PRETRAIN_MIN 8        /* first reviews a rating needs to fit its own stability */
#define PRETRAIN_SPREAD 0.5   /* of the initial stabilities' prior, on a log scale */

#define SEQ_MAX 28 /* same-day reviews before the first predicted one, at most */

/* The cards that start alike: first rating, the same-day ratings after it
 * (2 bits each) and the days until the first predicted review. */
struct opening {
	uint64_t key;  /* first rating - 1, count, ratings - 1 from the lowest bits up */
	int t;
	double recalled, forgotten;
};

static int cmp_opening(const void *a, const void *b)
{
	const struct opening *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->t > y->t) - (x->t < y->t);
}

/* The distinct openings of the log's cards, with how many were recalled. */
static struct opening *openings(const struct dataset *ds, long *count)
{
	struct opening *op = xcalloc((size_t)ds->n_cards + 1, sizeof(*op));
	long c, k, n = 0, m = 0;

	for (c = 0; c < ds->n_cards; c++) {
		const struct step *st = ds->steps + ds->start[c];
		uint64_t seq = 0;

		for (k = 1; st[k].kind != STEP_PREDICT && k <= SEQ_MAX; k++)
			seq |= (uint64_t)(st[k].rating - 1) << (2 * (k - 1));
		if (st[k].kind != STEP_PREDICT)
			continue; /* a long first day: left to the main fit */
		op[n].key = (uint64_t)(st[0].rating - 1) | (uint64_t)(k - 1) << 2 | seq << 7;
		op[n].t = st[k].t;
		op[n].recalled = st[k].y;
		op[n].forgotten = !st[k].y;
		n++;
	}
	qsort(op, (size_t)n, sizeof(*op), cmp_opening);
	for (k = 0; k < n; k++) {
		if (m && !cmp_opening(&op[m - 1], &op[k])) {
			op[m - 1].recalled += op[k].recalled;
			op[m - 1].forgotten += op[k].forgotten;
		} else {
			op[m++] = op[k];
		}
	}
	*count = m;
	return op;
}

struct pretrain_ctx {
	struct opening *op;
	long n;
	struct model m;
	int g;
	double prior; /* the stability the rating starts from */
};

static double pretrain_loss(const struct pretrain_ctx *p, double s0)
{
	double loss = 0, z;
	long i;

	for (i = 0; i < p->n; i++) {
		const struct opening *o = &p->op[i];
		int k, len = (int)(o->key >> 2 & 31);
		double s = s0, d = 5, r;

		if ((int)(o->key & 3) + 1 != p->g)
			continue;
		/* the same-day reviews change the stability, not by the difficulty */
		for (k = 0; k < len; k++)
			model_next(&p->m, 0, 1, (int)(o->key >> (7 + 2 * k) & 3) + 1, &s, &d);
		r = model_recall(&p->m, o->t, s);
		loss += o->recalled * model_bce(r, 1) + o->forgotten * model_bce(r, 0);
	}
	/* a prior: the starting stability, give or take a factor of e^0.5 */
	z = (log(s0) - log(p->prior)) / PRETRAIN_SPREAD;
	return loss + 0.5 * z * z;
}

/* The stability in [lo, hi] with the least loss: a grid on a log scale,
 * then a golden-section search around its best point. */
static double pretrain_search(const struct pretrain_ctx *p, double lo, double hi)
{
	const int grid = 24;
	const double phi = (sqrt(5.0) - 1) / 2, step = (log(hi) - log(lo)) / grid;
	double a, b, best = log(lo), best_loss = INFINITY, x1, x2, f1, f2;
	int i;

	for (i = 0; i <= grid; i++) {
		double x = log(lo) + step * i, l = pretrain_loss(p, exp(x));

		if (l < best_loss) {
			best_loss = l;
			best = x;
		}
	}
	a = best - step > log(lo) ? best - step : log(lo);
	b = best + step < log(hi) ? best + step : log(hi);
	x1 = b - phi * (b - a);
	x2 = a + phi * (b - a);
	f1 = pretrain_loss(p, exp(x1));
	f2 = pretrain_loss(p, exp(x2));
	for (i = 0; i < 30; i++) {
		if (f1 < f2) {
			b = x2;
			x2 = x1;
			f2 = f1;
			x1 = b - phi * (b - a);
			f1 = pretrain_loss(p, exp(x1));
		} else {
			a = x1;
			x1 = x2;
			f1 = f2;
			x2 = a + phi * (b - a);
			f2 = pretrain_loss(p, exp(x2));
		}
	}
	x1 = (a + b) / 2;
	return pretrain_loss(p, exp(x1)) <= best_loss ? exp(x1) : exp(best);
}

/* Again <= Hard <= Good <= Easy for the initial stabilities w[0..3]:
 * neighbours out of order are pooled into their weighted mean on a log
 * scale (an isotonic fit by pooling adjacent violators). */
void fit_keep_order(double w[4], const double weight[4])
{
	double lw[4], wt[4];
	int start[4], len[4], blocks = 0, b, g;

	for (g = 0; g < 4; g++) {
		lw[blocks] = log(w[g]);
		wt[blocks] = weight[g];
		start[blocks] = g;
		len[blocks] = 1;
		blocks++;
		while (blocks > 1 && lw[blocks - 2] > lw[blocks - 1]) {
			double sum = wt[blocks - 2] + wt[blocks - 1];

			lw[blocks - 2] = (lw[blocks - 2] * wt[blocks - 2] +
					  lw[blocks - 1] * wt[blocks - 1]) / sum;
			wt[blocks - 2] = sum;
			len[blocks - 2] += len[blocks - 1];
			blocks--;
		}
	}
	for (b = 0; b < blocks; b++)
		for (g = start[b]; g < start[b] + len[b]; g++)
			w[g] = exp(lw[b]);
}

void fit_pretrain(const struct dataset *ds, double w[NP])
{
	struct pretrain_ctx p;
	double s0[4], wt[4], count[4] = { 0, 0, 0, 0 };
	int g, h, fitted = 0;
	long i;

	p.op = openings(ds, &p.n);
	model_init(&p.m, w);
	for (i = 0; i < p.n; i++)
		count[p.op[i].key & 3] += p.op[i].recalled + p.op[i].forgotten;
	for (g = 1; g <= 4; g++) {
		p.g = g;
		p.prior = w[g - 1];
		s0[g - 1] = w[g - 1];
		if (count[g - 1] >= PRETRAIN_MIN) {
			s0[g - 1] = pretrain_search(&p, MODEL_INIT_S_MIN, 100);
			fitted++;
		}
	}
	free(p.op);
	if (!fitted)
		return;
	/* a rating with too few first reviews takes the nearest fitted one's
	 * stability in the defaults' proportion */
	for (g = 0; g < 4; g++) {
		int best = -1;

		if (count[g] >= PRETRAIN_MIN)
			continue;
		for (h = 0; h < 4; h++)
			if (count[h] >= PRETRAIN_MIN && (best < 0 || abs(h - g) < abs(best - g)))
				best = h;
		s0[g] = s0[best] * fsrs_default_w[g] / fsrs_default_w[best];
	}
	for (g = 0; g < 4; g++) {
		w[g] = s0[g];
		wt[g] = count[g] >= PRETRAIN_MIN ? count[g] : 1;
	}
	fit_keep_order(w, wt);
}
