/* fit-int.h: what the optimizer, its parts and the simulator share: the memory model, the replayed log. */
#ifndef AIDIOMA_SRS_FIT_INT_H
#define AIDIOMA_SRS_FIT_INT_H

#include <stdint.h>
#include "aidioma/srs.h"

/*
 * FSRS-6's memory model in plain double precision: the formulas of fsrs.c
 * (a review on the day of the last one through the short-term formula, a
 * new card's stability at least 0.1 as ts-fsrs has it) without the rounding
 * to 8 places, which matters for matching ts-fsrs's schedules to the digit
 * but would only put steps into a loss surface.
 */
#define NP FSRS_NPARAMS
#define MODEL_S_MIN 0.001
#define MODEL_S_MAX 36500.0
#define MODEL_INIT_S_MIN 0.1

struct model {
	double w[FSRS_NPARAMS];
	double factor;      /* 0.9^(-1/w20) - 1: R(S, S) = 0.9 */
	double dfactor;     /* its derivative by w20 */
	double exp_w8;      /* e^w8 */
	double d_easy;      /* the initial difficulty of a first Easy, unclamped */
	double exp_3w5;     /* e^(3 w5), its part */
	double cap_forget;  /* e^(-w17 w18): a lapse keeps at most S times this */
	double short_mult[4]; /* e^(w17 (g - 3 + w18)) for g = 1..4 */
};

void model_init(struct model *m, const double w[FSRS_NPARAMS]);
/* R after t days at stability s. */
double model_recall(const struct model *m, double t, double s);
/* The memory state after a first review rated g. */
void model_first(const struct model *m, int g, double *s, double *d);
/* The memory state after rating g, t whole days after the last review
 * (t = 0: the same day), when R was r (model_recall(m, t, *s)). */
void model_next(const struct model *m, int t, double r, int g, double *s, double *d);

/* The log loss of predicting r for an outcome y (1 recalled, 0 not), with
 * r held within [MODEL_R_EPS, 1 - MODEL_R_EPS]. */
#define MODEL_R_EPS 1e-4
double model_bce(double r, int y);

/* The bounds the optimizer keeps each weight within: fsrs-rs's
 * (parameter_clipper.rs), narrowed where the scheduler would otherwise
 * not use a value as fitted (initial stabilities below 0.1, w19 below 0.01
 * with learning steps).  n_relearning > 1 lowers the ceiling of w17 and
 * w18 as both references do. */
void model_bounds(const double w[FSRS_NPARAMS], int n_relearning, double lo[FSRS_NPARAMS],
		  double hi[FSRS_NPARAMS]);
void model_clip(double w[FSRS_NPARAMS], int n_relearning);

/* ---- a review log as the optimizer replays it */

enum { STEP_FIRST, STEP_SAME_DAY, STEP_PREDICT };

/* One review. */
struct step {
	unsigned char rating;
	unsigned char kind;
	unsigned char y;      /* recalled (rating above Again); STEP_PREDICT only */
	int t;                /* whole UTC days since the card's previous review */
	int bin;              /* the RMSE bin; STEP_PREDICT only */
};

/* The log grouped by card, each card's reviews in time order, keeping only
 * the cards with at least one review to predict. */
struct dataset {
	struct step *steps;
	long *start;          /* card c: steps[start[c] .. start[c + 1]) */
	long n_cards, n_pred;
	int n_bins;
	double *bin_sum;      /* scratch for the RMSE: 3 per bin */
};

/* Fails (ERR_USAGE) on a rating outside 1..4; release with dataset_release. */
int dataset_build(const struct fsrs_rev *log, size_t n, struct dataset *ds, struct err *e);
void dataset_release(struct dataset *ds);
/* The log loss and RMSE (bins) of weights w; ds has a review to predict. */
void dataset_evaluate(struct dataset *ds, const double w[NP], struct fsrs_metrics *out);

/* Fit the initial stabilities w[0..3] to each card's first predicted
 * review, the other weights as they are. */
void fit_pretrain(const struct dataset *ds, double w[NP]);
/* Again <= Hard <= Good <= Easy for w[0..3], out-of-order neighbours
 * pooled by weight. */
void fit_keep_order(double w[4], const double weight[4]);

/* A small deterministic generator (splitmix64): the same seed, the same
 * numbers on every machine. */
struct rng {
	uint64_t s;
};
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);
/* Uniform in [0, n). */
uint64_t rng_below(struct rng *r, uint64_t n);

#endif
