/* dataset.c: a review log replayed card by card: its steps, log loss and RMSE over bins. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/srs.h"
#include "srs/fit-int.h"
#include "banned.h"

/* ---- the log as the replay sees it */

static int cmp_rev(const void *a, const void *b)
{
	const struct fsrs_rev *x = *(const struct fsrs_rev *const *)a;
	const struct fsrs_rev *y = *(const struct fsrs_rev *const *)b;

	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	/* equal times keep the log's order: compare positions */
	return x < y ? -1 : x > y;
}

/* floor(log_base(x)) for x >= 1, capped */
static int level(double x, double base, int cap)
{
	int k = (int)floor(log(x) / log(base));

	return k < 0 ? 0 : k > cap ? cap : k;
}

/*
 * The bin of a predicted review as fsrs-rs groups them for its RMSE: the
 * interval on a scale of powers of 3.62, the number of reviews a day or
 * more apart (this one included) plus one on powers of 1.89, and the lapses
 * before it on powers of 1.73 (none is a bin of its own).  fsrs-rs labels
 * the bins with rounded powers; the exponents name the same bins.
 */
static int bin_key(int t, long long_reviews, long lapses)
{
	int kt = level(t, 3.62, 15);
	int kn = level((double)long_reviews + 1, 1.89, 63);
	int kl = lapses ? 1 + level((double)lapses, 1.73, 62) : 0;

	return (kt * 64 + kn) * 64 + kl;
}

void dataset_release(struct dataset *ds)
{
	free(ds->steps);
	free(ds->start);
	free(ds->bin_sum);
	memset(ds, 0, sizeof(*ds));
}

/*
 * The log's reviews grouped by card, each card's in time order (equal
 * times in the log's order).  Card numbers in a range not much wider than
 * the log (the usual 0..cards-1) are grouped by counting; others by a sort.
 * Logs come in time order mostly, so a card's reviews rarely need sorting.
 */
static const struct fsrs_rev **group_by_card(const struct fsrs_rev *log, size_t n)
{
	const struct fsrs_rev **order = xcalloc(n ? n : 1, sizeof(*order));
	unsigned long range;
	long lo, hi;
	size_t i, j, k;

	if (!n)
		return order;
	lo = hi = log[0].card;
	for (i = 1; i < n; i++) {
		if (log[i].card < lo)
			lo = log[i].card;
		if (log[i].card > hi)
			hi = log[i].card;
	}
	range = (unsigned long)hi - (unsigned long)lo;
	if (range < 4 * (unsigned long)n + 1024) {
		size_t *at = xcalloc(range + 2, sizeof(*at));

		for (i = 0; i < n; i++)
			at[(unsigned long)log[i].card - (unsigned long)lo + 1]++;
		for (k = 1; k <= range + 1; k++)
			at[k] += at[k - 1];
		for (i = 0; i < n; i++)
			order[at[(unsigned long)log[i].card - (unsigned long)lo]++] = &log[i];
		free(at);
		for (i = 0; i < n; i = j) {
			int sorted = 1;

			for (j = i + 1; j < n && order[j]->card == order[i]->card; j++)
				sorted &= order[j]->time >= order[j - 1]->time;
			if (!sorted)
				qsort(order + i, j - i, sizeof(*order), cmp_rev);
		}
	} else {
		for (i = 0; i < n; i++)
			order[i] = &log[i];
		qsort(order, n, sizeof(*order), cmp_rev);
	}
	return order;
}

int dataset_build(const struct fsrs_rev *log, size_t n, struct dataset *ds, struct err *e)
{
	const struct fsrs_rev **order = NULL;
	int *bin_of = NULL;
	size_t i, j, k;
	long c = 0, s = 0;

	memset(ds, 0, sizeof(*ds));
	for (i = 0; i < n; i++)
		if (log[i].rating < 1 || log[i].rating > 4)
			return err_set(e, ERR_USAGE, "review %zu: rating %d is not 1 (Again) to 4 (Easy)",
				       i + 1, log[i].rating);
	order = group_by_card(log, n);
	ds->steps = xcalloc(n ? n : 1, sizeof(*ds->steps));
	ds->start = xcalloc(n + 1, sizeof(*ds->start));
	bin_of = xcalloc(16 * 64 * 64, sizeof(*bin_of));
	for (i = 0; i < n; i = j) {
		long first = s, preds = 0, lapses = 0;

		for (j = i; j < n && order[j]->card == order[i]->card; j++) {
			struct step *st = &ds->steps[s++];

			st->rating = (unsigned char)order[j]->rating;
			if (j == i) {
				st->kind = STEP_FIRST;
				continue;
			}
			st->t = srs_elapsed_days(order[j - 1]->time, order[j]->time);
			if (st->t <= 0) {
				st->t = 0;
				st->kind = STEP_SAME_DAY;
				continue;
			}
			st->kind = STEP_PREDICT;
			st->y = st->rating > 1;
			preds++;
			k = (size_t)bin_key(st->t, preds, lapses);
			if (!bin_of[k])
				bin_of[k] = ++ds->n_bins;
			st->bin = bin_of[k] - 1;
			lapses += st->rating == 1;
		}
		if (!preds) {
			s = first; /* nothing to predict: the card teaches nothing */
			continue;
		}
		ds->start[c++] = first;
		ds->n_pred += preds;
	}
	ds->start[c] = s;
	ds->n_cards = c;
	ds->bin_sum = xcalloc((size_t)ds->n_bins * 3 + 1, sizeof(double));
	free(bin_of);
	free(order);
	return 0;
}

/* ---- the loss and RMSE of given weights */

void dataset_evaluate(struct dataset *ds, const double w[NP], struct fsrs_metrics *out)
{
	struct model m;
	double loss = 0, sq = 0;
	long c, k;
	int b;

	model_init(&m, w);
	memset(ds->bin_sum, 0, (size_t)ds->n_bins * 3 * sizeof(double));
	for (c = 0; c < ds->n_cards; c++) {
		const struct step *st = ds->steps + ds->start[c];
		long n = ds->start[c + 1] - ds->start[c];
		double s, d, r = 1;

		model_first(&m, st[0].rating, &s, &d);
		for (k = 1; k < n; k++) {
			if (st[k].kind == STEP_PREDICT) {
				double *bs = ds->bin_sum + 3 * st[k].bin;

				r = model_recall(&m, st[k].t, s);
				loss += model_bce(r, st[k].y);
				bs[0] += r;
				bs[1] += st[k].y;
				bs[2] += 1;
			}
			model_next(&m, st[k].t, r, st[k].rating, &s, &d);
		}
	}
	for (b = 0; b < ds->n_bins; b++) {
		const double *bs = ds->bin_sum + 3 * b;

		if (bs[2] > 0)
			sq += (bs[0] - bs[1]) * (bs[0] - bs[1]) / bs[2];
	}
	out->log_loss = loss / (double)ds->n_pred;
	out->rmse_bins = sqrt(sq / (double)ds->n_pred);
	out->reviews = ds->n_pred;
	out->cards = ds->n_cards;
}
