/* bench_optimizer.c: the FSRS optimizer's speed and held-out log loss, and the scheduler's throughput. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aidioma/srs.h"
#include "aidioma/util.h"

#define LOG_REVIEWS 100000
#define RUNS 5

/* A learner unlike the defaults (the optimizer has something to find). */
static const double learner_w[FSRS_NPARAMS] = {
	0.5, 1.8, 4.0, 12.0, 5.8, 0.6, 2.2, 0.02, 1.5, 0.25, 1.0,
	1.8, 0.1, 0.35, 1.2, 0.45, 2.4, 0.4, 0.25, 0.12, 0.3,
};

static double now_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_optimizer: %s: %s\n", what, e->msg);
	exit(1);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* fsrs_review on 1000 cards, each reviewed when due with a random rating,
 * for a second. */
static void throughput(int fuzz)
{
	struct fsrs_params p;
	struct fsrs f;
	struct fsrs_card cards[1000];
	struct err e = ERR_INIT;
	long reviews = 0, sink = 0;
	unsigned rnd = 1;
	double t0, secs;
	int k;

	fsrs_params_init(&p);
	p.enable_fuzz = fuzz;
	if (fsrs_init(&f, &p, &e))
		die("fsrs", &e);
	for (k = 0; k < 1000; k++)
		fsrs_card_init(&cards[k], 1767225600000LL);
	t0 = now_s(CLOCK_MONOTONIC);
	do {
		for (k = 0; k < 1000; k++) {
			rnd = rnd * 1103515245u + 12345u;
			if (fsrs_review(&f, &cards[k], cards[k].due, 1 + (int)(rnd >> 16) % 4, &cards[k],
					NULL, &e))
				die("reviewing", &e);
			sink += cards[k].scheduled_days;
		}
		reviews += 1000;
	} while (reviews % 100000 || now_s(CLOCK_MONOTONIC) - t0 < 1);
	secs = now_s(CLOCK_MONOTONIC) - t0;
	printf("%-44s %.0f reviews/s  (report; %ld reviews, checksum %ld)\n",
	       fuzz ? "fsrs_review throughput, fuzz on" : "fsrs_review throughput, fuzz off",
	       (double)reviews / secs, reviews, sink % 1000);
}

int main(int argc, char **argv)
{
	long n_log = argc > 1 ? atol(argv[1]) : LOG_REVIEWS;
	struct srs_sim_opts o;
	struct srs_sim_result r;
	struct fsrs_fit fit;
	struct fsrs_metrics def, fitted, truth;
	struct err e = ERR_INIT;
	struct fsrs_rev *train, *test;
	double wall[RUNS], cpu[RUNS], t0, c0;
	size_t i, n_train = 0, n_test = 0;
	int k;

	/* a year and more of 40 new cards a day; the first n_log reviews */
	srs_sim_opts_init(&o);
	memcpy(o.true_w, learner_w, sizeof(o.true_w));
	o.days = 500;
	o.new_per_day = 40;
	o.max_reviews = 0;
	o.keep_log = 1;
	o.seed = 2024;
	t0 = now_s(CLOCK_MONOTONIC);
	if (srs_simulate(&o, &r, &e))
		die("simulating", &e);
	printf("aidioma FSRS optimizer benchmarks (simulated learner, %zu reviews in %.2f s)\n",
	       r.n_log, now_s(CLOCK_MONOTONIC) - t0);
	if ((long)r.n_log < n_log) {
		fprintf(stderr, "bench_optimizer: the simulation gave only %zu reviews\n", r.n_log);
		return 1;
	}

	/* 1. fitting a log of n_log reviews, on one core */
	for (k = 0; k < RUNS; k++) {
		t0 = now_s(CLOCK_MONOTONIC);
		c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
		if (fsrs_optimize(r.log, (size_t)n_log, NULL, &fit, &e))
			die("fitting", &e);
		wall[k] = now_s(CLOCK_MONOTONIC) - t0;
		cpu[k] = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	qsort(wall, RUNS, sizeof(double), cmp_d);
	qsort(cpu, RUNS, sizeof(double), cmp_d);
	printf("%-44s %.3f s median, %.3f s CPU  (goal < 10 s: %s; fsrs-rs about 0.25 s)\n",
	       "fit 100,000 reviews", wall[RUNS / 2], cpu[RUNS / 2],
	       wall[RUNS / 2] < 10 ? "met" : "MISSED");
	printf("%-44s %ld predicted on %ld cards; log loss %.4f -> %.4f, RMSE (bins) %.4f -> %.4f\n",
	       "  the log:", fit.after.reviews, fit.after.cards, fit.before.log_loss,
	       fit.after.log_loss, fit.before.rmse_bins, fit.after.rmse_bins);

	/* 2. held out: fit on 80% of the cards, judge on the other 20% */
	train = malloc((size_t)n_log * sizeof(*train));
	test = malloc((size_t)n_log * sizeof(*test));
	if (!train || !test)
		return 1;
	for (i = 0; i < (size_t)n_log; i++) {
		if (r.log[i].card % 5 == 4)
			test[n_test++] = r.log[i];
		else
			train[n_train++] = r.log[i];
	}
	if (fsrs_optimize(train, n_train, NULL, &fit, &e))
		die("fitting the 80%", &e);
	if (fsrs_evaluate(test, n_test, fsrs_default_w, &def, &e) ||
	    fsrs_evaluate(test, n_test, fit.w, &fitted, &e) ||
	    fsrs_evaluate(test, n_test, learner_w, &truth, &e))
		die("evaluating the 20%", &e);
	printf("%-44s default %.4f, fitted %.4f  (goal: fitted no worse: %s; the learner's "
	       "own weights %.4f)\n", "held-out log loss (20% of cards)", def.log_loss,
	       fitted.log_loss, fitted.log_loss <= def.log_loss ? "met" : "MISSED", truth.log_loss);
	printf("%-44s default %.4f, fitted %.4f  (%ld reviews predicted on %ld cards)\n",
	       "held-out RMSE (bins)", def.rmse_bins, fitted.rmse_bins, def.reviews, def.cards);
	free(train);
	free(test);
	srs_sim_result_release(&r);

	/* 3. scheduling */
	throughput(0);
	throughput(1);
	return 0;
}
