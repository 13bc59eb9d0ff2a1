/* test_optimizer.c: the FSRS-6 optimizer against logs of known learners, and the simulator. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "aidioma/srs.h"
#include "aidioma/util.h"

#define DAY 86400000LL

/* A learner unlike the defaults: slower to forget at first, a steeper
 * forgetting curve, harder hits after a lapse. */
static const double learner_w[FSRS_NPARAMS] = {
	1.2, 3.0, 8.0, 25.0, 7.0, 0.9, 1.0, 0.05, 2.2, 0.12, 1.3,
	1.2, 0.04, 0.5, 2.0, 0.3, 1.5, 0.8, 0.5, 0.3, 0.5,
};

/* fsrs-rs's parameter_clipper.rs, one relearning step: every fitted weight
 * must lie within these whatever our own bounds say. */
static const double rs_lo[FSRS_NPARAMS] = { 0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001,
					    0.001, 0, 0, 0.001, 0.001, 0.001, 0.001,
					    0, 0, 1, 0, 0, 0, 0.1 };
static const double rs_hi[FSRS_NPARAMS] = { 100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5,
					    5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8 };

static ms_t iso(const char *s)
{
	ms_t t = 0;

	assert_int_equal(time_parse_iso(s, &t), 0);
	return t;
}

static void simulate_at(const double w[FSRS_NPARAMS], int days, int new_per_day, uint64_t seed,
			double retention, struct srs_sim_result *r)
{
	struct srs_sim_opts o;
	struct err e = ERR_INIT;

	srs_sim_opts_init(&o);
	memcpy(o.true_w, w, sizeof(o.true_w));
	o.desired_retention = retention;
	o.days = days;
	o.new_per_day = new_per_day;
	o.seed = seed;
	o.keep_log = 1;
	assert_int_equal(srs_simulate(&o, r, &e), 0);
}

static void simulate(const double w[FSRS_NPARAMS], int days, int new_per_day, uint64_t seed,
		     struct srs_sim_result *r)
{
	simulate_at(w, days, new_per_day, seed, 0.9, r);
}

static int cmp_rev(const void *a, const void *b)
{
	const struct fsrs_rev *x = a, *y = b;

	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	return (x->time > y->time) - (x->time < y->time);
}

/*
 * The mean distance between the recall two sets of weights predict for the
 * reviews a day or more after the card's previous one, each card replayed
 * through the scheduler (fsrs_review) as the app would.
 */
static double mean_r_gap(const struct fsrs_rev *log, size_t n, const double a[FSRS_NPARAMS],
			 const double b[FSRS_NPARAMS])
{
	struct fsrs fa, fb;
	struct fsrs_params p;
	struct fsrs_card ca, cb;
	struct fsrs_log la, lb;
	struct err e = ERR_INIT;
	struct fsrs_rev *s = malloc(n * sizeof(*s));
	double sum = 0;
	long count = 0;
	size_t i;

	assert_non_null(s);
	memcpy(s, log, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_rev);
	fsrs_params_init(&p);
	memcpy(p.w, a, sizeof(p.w));
	assert_int_equal(fsrs_init(&fa, &p, &e), 0);
	memcpy(p.w, b, sizeof(p.w));
	assert_int_equal(fsrs_init(&fb, &p, &e), 0);
	for (i = 0; i < n; i++) {
		if (!i || s[i].card != s[i - 1].card) {
			fsrs_card_init(&ca, s[i].time);
			fsrs_card_init(&cb, s[i].time);
		}
		assert_int_equal(fsrs_review(&fa, &ca, s[i].time, s[i].rating, &ca, &la, &e), 0);
		assert_int_equal(fsrs_review(&fb, &cb, s[i].time, s[i].rating, &cb, &lb, &e), 0);
		if (la.state != SRS_NEW && la.elapsed_days >= 1) {
			sum += fabs(la.retrievability - lb.retrievability);
			count++;
		}
	}
	free(s);
	return sum / (double)count;
}

/* ---- the optimizer */

/*
 * A learner whose weights are far from the defaults, scheduled with the
 * defaults at two desired retentions (0.75 and 0.96, 300 days of 10 new
 * cards each: about 43,000 reviews), so that its reviews meet a spread of R.
 * What such a log pins down is the memory model's predictions more than
 * every weight on its own: the decay trades off with the stabilities and
 * the difficulty weights, and the same-day weights (w17-w19) with the first
 * Again's stability; with other seeds the decay comes out between 0.2 and
 * 0.4 for a true 0.5 with the log loss still at the true weights'.  So the
 * tolerances:
 *   - log loss on the log within 0.002 of the true weights' (the fit may
 *     beat the truth on its own data by a little; short by more than about
 *     1.5% of the loss would be a fit that stopped early),
 *   - better than the defaults by at least 0.02 (the gap is about 0.03),
 *     and a lower RMSE (bins),
 *   - the recall it predicts within 0.015 of the true recall on average
 *     (0.004 across seeds), a third of the defaults' distance at most,
 *   - the weights the first intervals measure directly: a first Good's
 *     stability within 15% (seen within 8%), a first Easy's within a factor
 *     of 1.5 (its reviews come early, where R is near 1), w5 and w8 within
 *     0.25 (seen within 0.2).
 */
static void test_recovers_learner(void **state)
{
	struct srs_sim_result r, r2;
	struct fsrs_fit fit;
	struct fsrs_metrics truth;
	struct err e = ERR_INIT;
	double lo[FSRS_NPARAMS], hi[FSRS_NPARAMS], gap_fit, gap_default;
	size_t k;
	int i;

	(void)state;
	simulate_at(learner_w, 300, 10, 7, 0.75, &r);
	simulate_at(learner_w, 300, 10, 8, 0.96, &r2);
	r.log = realloc(r.log, (r.n_log + r2.n_log) * sizeof(*r.log));
	assert_non_null(r.log);
	for (k = 0; k < r2.n_log; k++) {
		r.log[r.n_log + k] = r2.log[k];
		r.log[r.n_log + k].card += 1000000;
	}
	r.n_log += r2.n_log;
	srs_sim_result_release(&r2);
	assert_int_equal(fsrs_optimize(r.log, r.n_log, NULL, &fit, &e), 0);
	assert_int_equal(fsrs_evaluate(r.log, r.n_log, learner_w, &truth, &e), 0);
	print_message("# %zu reviews, %ld predicted on %ld cards; log loss: defaults %.4f, fitted "
		      "%.4f, true %.4f; RMSE (bins): %.4f, %.4f, %.4f\n", r.n_log, fit.after.reviews,
		      fit.after.cards, fit.before.log_loss, fit.after.log_loss, truth.log_loss,
		      fit.before.rmse_bins, fit.after.rmse_bins, truth.rmse_bins);
	print_message("# fitted:");
	for (i = 0; i < FSRS_NPARAMS; i++)
		print_message(" %.4g", fit.w[i]);
	print_message("\n");
	assert_int_equal(fit.after.reviews, truth.reviews);
	assert_true(fit.after.log_loss <= truth.log_loss + 0.002);
	assert_true(fit.after.log_loss < fit.before.log_loss - 0.02);
	assert_true(fit.after.rmse_bins < fit.before.rmse_bins);

	gap_fit = mean_r_gap(r.log, r.n_log, fit.w, learner_w);
	gap_default = mean_r_gap(r.log, r.n_log, fsrs_default_w, learner_w);
	print_message("# mean |R - true R|: fitted %.4f, defaults %.4f\n", gap_fit, gap_default);
	assert_true(gap_fit < 0.015);
	assert_true(gap_fit < gap_default / 3);
	assert_true(fabs(fit.w[2] / learner_w[2] - 1) < 0.15);
	assert_true(fit.w[3] > learner_w[3] / 1.5 && fit.w[3] < learner_w[3] * 1.5);
	assert_true(fabs(fit.w[5] - learner_w[5]) < 0.25);
	assert_true(fabs(fit.w[8] - learner_w[8]) < 0.25);

	fsrs_fit_bounds(fit.w, 1, lo, hi);
	for (i = 0; i < FSRS_NPARAMS; i++) {
		assert_true(fit.w[i] >= lo[i] && fit.w[i] <= hi[i]);
		assert_true(fit.w[i] >= rs_lo[i] && fit.w[i] <= rs_hi[i]);
		assert_true(lo[i] >= rs_lo[i] && hi[i] <= rs_hi[i]);
	}
	/* the initial stabilities keep their order */
	for (i = 1; i < 4; i++)
		assert_true(fit.w[i - 1] <= fit.w[i]);
	srs_sim_result_release(&r);
}

/* On the defaults' own learner the fit has nothing to gain: it may not be
 * worse there than the defaults on the log it was given, and it stays
 * within the bounds even when pushed by several relearning steps. */
static void test_default_learner(void **state)
{
	struct srs_sim_result r;
	struct fsrs_fit_opts o;
	struct fsrs_fit fit;
	struct err e = ERR_INIT;
	double lo[FSRS_NPARAMS], hi[FSRS_NPARAMS];
	int i;

	(void)state;
	simulate(fsrs_default_w, 120, 10, 3, &r);
	fsrs_fit_opts_init(&o);
	o.n_relearning = 3;
	assert_int_equal(fsrs_optimize(r.log, r.n_log, &o, &fit, &e), 0);
	assert_true(fit.after.log_loss <= fit.before.log_loss + 1e-4);
	fsrs_fit_bounds(fit.w, 3, lo, hi);
	assert_true(hi[17] < 2);
	for (i = 0; i < FSRS_NPARAMS; i++)
		assert_true(fit.w[i] >= lo[i] && fit.w[i] <= hi[i]);
	srs_sim_result_release(&r);
}

static void test_deterministic(void **state)
{
	struct srs_sim_result r;
	struct fsrs_fit a, b, c;
	struct err e = ERR_INIT;
	struct fsrs_rev *rev;
	size_t i;

	(void)state;
	simulate(learner_w, 90, 10, 11, &r);
	assert_int_equal(fsrs_optimize(r.log, r.n_log, NULL, &a, &e), 0);
	assert_int_equal(fsrs_optimize(r.log, r.n_log, NULL, &b, &e), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	/* nor does the order of the log matter */
	rev = malloc(r.n_log * sizeof(*rev));
	assert_non_null(rev);
	for (i = 0; i < r.n_log; i++)
		rev[i] = r.log[r.n_log - 1 - i];
	assert_int_equal(fsrs_optimize(rev, r.n_log, NULL, &c, &e), 0);
	assert_memory_equal(a.w, c.w, sizeof(a.w));
	free(rev);
	srs_sim_result_release(&r);
}

/* n cards, each first seen on day 0 and then reviewed on days 1..k. */
static size_t make_log(struct fsrs_rev *log, int cards, int k)
{
	ms_t t0 = iso("2026-02-01T10:00:00Z");
	size_t n = 0;
	int c, j;

	for (c = 0; c < cards; c++)
		for (j = 0; j <= k; j++) {
			log[n].card = 100 + c;
			log[n].time = t0 + j * DAY;
			log[n].rating = (c + j) % 5 ? 3 : 1;
			n++;
		}
	return n;
}

static void test_refuses_short_log(void **state)
{
	struct fsrs_rev log[200];
	struct fsrs_fit fit;
	struct err e = ERR_INIT;
	size_t n;

	(void)state;
	assert_int_equal(fsrs_optimize(NULL, 0, NULL, &fit, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "no reviews to fit"));
	assert_non_null(strstr(e.msg, "at least 64 reviews on 8 cards"));

	/* 9 cards of 7 predicted reviews: 63, one short */
	n = make_log(log, 9, 7);
	assert_int_equal(fsrs_optimize(log, n, NULL, &fit, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "of 72 reviews, 63 come a day or more after"));
	assert_non_null(strstr(e.msg, "on 9 cards"));
	assert_non_null(strstr(e.msg, "at least 64 such reviews on 8 cards"));

	/* enough reviews, too few cards */
	n = make_log(log, 7, 20);
	assert_int_equal(fsrs_optimize(log, n, NULL, &fit, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "140 come"));
	assert_non_null(strstr(e.msg, "on 7 cards"));

	/* same-day reviews are not predicted */
	n = make_log(log, 10, 7);
	for (size_t i = 0; i < n; i++)
		log[i].time = iso("2026-02-01T10:00:00Z") + (ms_t)(i % 8) * 60000;
	assert_int_equal(fsrs_optimize(log, n, NULL, &fit, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "of 80 reviews, 0 come"));

	/* 64 on 8 is enough */
	n = make_log(log, 8, 8);
	assert_int_equal(fsrs_optimize(log, n, NULL, &fit, &e), 0);
	assert_int_equal(fit.after.reviews, 64);
	assert_int_equal(fit.after.cards, 8);

	log[5].rating = 5;
	assert_int_equal(fsrs_optimize(log, n, NULL, &fit, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "review 6: rating 5"));
}

/* The replay by hand: the first review sets the state, a review the same
 * UTC day moves it by the short-term formula unpredicted, one on a later
 * UTC calendar day (even a minute later, across midnight) is predicted. */
static void test_evaluate_by_hand(void **state)
{
	const double *w = fsrs_default_w;
	struct fsrs_rev rv[4];
	struct fsrs_metrics m;
	struct err e = ERR_INIT;
	double factor = pow(0.9, -1 / w[20]) - 1, s, r1, r2, sinc, want;

	(void)state;
	rv[0] = (struct fsrs_rev){ 1, iso("2026-03-01T08:00:00Z"), 3 };
	rv[1] = (struct fsrs_rev){ 1, iso("2026-03-01T08:10:00Z"), 4 };
	rv[2] = (struct fsrs_rev){ 1, iso("2026-03-01T23:59:00Z"), 1 };
	rv[3] = (struct fsrs_rev){ 1, iso("2026-03-02T00:00:30Z"), 3 };
	/* Good, then Easy the same day, Again still the same day, then the
	 * next calendar day */
	s = w[2];
	sinc = pow(s, -w[19]) * exp(w[17] * (4 - 3 + w[18]));
	s *= sinc > 1 ? sinc : 1;
	sinc = pow(s, -w[19]) * exp(w[17] * (1 - 3 + w[18]));
	s *= sinc;
	r1 = pow(1 + factor * 1 / s, -w[20]);
	want = -log(r1);
	assert_int_equal(fsrs_evaluate(rv, 4, w, &m, &e), 0);
	assert_int_equal(m.reviews, 1);
	assert_int_equal(m.cards, 1);
	assert_true(fabs(m.log_loss - want) < 1e-12);
	assert_true(fabs(m.rmse_bins - (1 - r1)) < 1e-12);

	/* a second card, forgotten after three days */
	r2 = pow(1 + factor * 3 / w[0], -w[20]);
	rv[0] = (struct fsrs_rev){ 2, iso("2026-03-01T08:00:00Z"), 1 };
	rv[1] = (struct fsrs_rev){ 2, iso("2026-03-04T08:00:00Z"), 1 };
	assert_int_equal(fsrs_evaluate(rv, 2, w, &m, &e), 0);
	assert_true(fabs(m.log_loss + log(1 - r2)) < 1e-12);

	assert_int_equal(fsrs_evaluate(rv, 1, w, &m, &e), ERR_FAIL);
}

/* ---- the simulator */

static void test_sim_deterministic(void **state)
{
	struct srs_sim_result a, b, c;
	int d, differ = 0;

	(void)state;
	simulate(fsrs_default_w, 60, 10, 42, &a);
	simulate(fsrs_default_w, 60, 10, 42, &b);
	simulate(fsrs_default_w, 60, 10, 43, &c);
	assert_int_equal(a.n_log, b.n_log);
	assert_memory_equal(a.log, b.log, a.n_log * sizeof(*a.log));
	assert_memory_equal(a.reviews, b.reviews, (size_t)a.days * sizeof(int));
	assert_int_equal(a.total_reviews, b.total_reviews);
	assert_true(a.true_retention == b.true_retention);
	for (d = 0; d < a.days; d++)
		differ |= a.reviews[d] != c.reviews[d];
	assert_true(differ);
	assert_int_equal(a.introduced, 600);
	assert_int_equal(a.new_cards[0], 10);
	assert_true(a.reviews[0] > 0); /* the learning steps of the first day */
	srs_sim_result_release(&a);
	srs_sim_result_release(&b);
	srs_sim_result_release(&c);
}

static void run_sim(enum srs_algo algo, double retention, struct srs_sim_result *r)
{
	struct srs_sim_opts o;
	struct err e = ERR_INIT;

	srs_sim_opts_init(&o);
	o.algo = algo;
	o.days = 180;
	o.new_per_day = 10;
	o.desired_retention = retention;
	assert_int_equal(srs_simulate(&o, r, &e), 0);
}

/* A higher desired retention costs more reviews a day and buys a higher
 * true retention; the true retention lands near the desired one. */
static void test_sim_retention(void **state)
{
	struct srs_sim_result lo, mid, hi, sm2;
	double last_lo = 0, last_hi = 0;
	int d;

	(void)state;
	run_sim(SRS_ALGO_FSRS, 0.8, &lo);
	run_sim(SRS_ALGO_FSRS, 0.9, &mid);
	run_sim(SRS_ALGO_FSRS, 0.95, &hi);
	for (d = 150; d < 180; d++) {
		last_lo += lo.reviews[d];
		last_hi += hi.reviews[d];
	}
	assert_true(lo.total_reviews < mid.total_reviews);
	assert_true(mid.total_reviews < hi.total_reviews);
	assert_true(last_lo < last_hi);
	assert_true(lo.true_retention < mid.true_retention);
	assert_true(mid.true_retention < hi.true_retention);
	assert_true(fabs(mid.true_retention - 0.9) < 0.03);
	assert_true(fabs(lo.true_retention - 0.8) < 0.03);
	assert_true(hi.remembered > lo.remembered);
	assert_int_equal(mid.introduced, 1800);
	assert_true(mid.learned <= mid.introduced);

	run_sim(SRS_ALGO_SM2, 0.9, &sm2);
	assert_int_equal(sm2.introduced, 1800);
	assert_true(sm2.total_reviews > 0);
	assert_int_equal(sm2.long_reviews, sm2.total_reviews); /* SM-2 has no same-day steps */
	assert_true(sm2.true_retention > 0.5 && sm2.true_retention < 1);
	assert_true(sm2.learned <= sm2.introduced);
	srs_sim_result_release(&lo);
	srs_sim_result_release(&mid);
	srs_sim_result_release(&hi);
	srs_sim_result_release(&sm2);
}

/* The cap holds: no day reviews more cards due from earlier days than it
 * allows (learning steps come on top, first sights are not counted). */
static void test_sim_cap(void **state)
{
	struct srs_sim_opts o;
	struct srs_sim_result r;
	struct err e = ERR_INIT;
	int d;

	(void)state;
	srs_sim_opts_init(&o);
	o.algo = SRS_ALGO_SM2;
	o.days = 120;
	o.new_per_day = 30;
	o.max_reviews = 25;
	assert_int_equal(srs_simulate(&o, &r, &e), 0);
	for (d = 0; d < r.days; d++)
		assert_true(r.reviews[d] <= 25);
	srs_sim_result_release(&r);

	o.days = 0;
	assert_int_equal(srs_simulate(&o, &r, &e), ERR_USAGE);
	o.days = 36500;
	o.new_per_day = 1000;
	assert_int_equal(srs_simulate(&o, &r, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "more than 1000000 cards"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recovers_learner), cmocka_unit_test(test_default_learner),
		cmocka_unit_test(test_deterministic),    cmocka_unit_test(test_refuses_short_log),
		cmocka_unit_test(test_evaluate_by_hand), cmocka_unit_test(test_sim_deterministic),
		cmocka_unit_test(test_sim_retention),    cmocka_unit_test(test_sim_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
