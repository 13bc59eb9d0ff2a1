/* srs.h: spaced repetition: FSRS-6 as ts-fsrs 5.x computes it, and SM-2. */
#ifndef AIDIOMA_SRS_H
#define AIDIOMA_SRS_H

#include <stddef.h>
#include "aidioma/err.h"
#include "aidioma/util.h"

/*
 * Everything here is pure: the time of a review is an argument, nothing is
 * read or written, and nothing is remembered between calls.
 */

enum srs_state { SRS_NEW = 0, SRS_LEARNING = 1, SRS_REVIEW = 2, SRS_RELEARNING = 3 };
enum srs_rating { SRS_AGAIN = 1, SRS_HARD = 2, SRS_GOOD = 3, SRS_EASY = 4 };

/* "New", "Learning", "Review", "Relearning"; NULL for anything else. */
const char *srs_state_name(int state);

/* ---- numbers as the FSRS reference computes and prints them */

/* JavaScript's Math.round: the nearest integer, halves towards +infinity
 * (so -2.5 gives -2, where C's round() gives -3). */
double srs_js_round(double x);
/* Math.round(x * 10^decimals) / 10^decimals, as ts-fsrs rounds to 8 places. */
double srs_round_to(double x, int decimals);
/* The shortest decimal text that reads back as exactly x, spelled as
 * JavaScript's Number.prototype.toString spells it ("0.1", "1e-7", "5e+21",
 * "NaN"); buf of at least 32 bytes.  Returns buf. */
char *srs_number_format(double x, char *buf, size_t size);
/* Whole days between the UTC calendar dates of from and to (negative when
 * to's date is earlier): what ts-fsrs calls elapsed days. */
int srs_elapsed_days(ms_t from, ms_t to);

/* ---- FSRS-6 */

#define FSRS_NPARAMS 21
#define FSRS_MAX_STEPS 32
#define FSRS_MAX_STEP_MINUTES (36500 * 1440)

/* The defaults are ts-fsrs 5.x's. */
struct fsrs_params {
	double w[FSRS_NPARAMS];
	double desired_retention;   /* 0 < r <= 1 */
	int maximum_interval;       /* days, >= 1 */
	int enable_fuzz;
	int enable_short_term;      /* 0: no learning steps, the long-term scheduler */
	int n_learning, n_relearning;
	int learning_steps[FSRS_MAX_STEPS];   /* minutes */
	int relearning_steps[FSRS_MAX_STEPS]; /* minutes */
};

extern const double fsrs_default_w[FSRS_NPARAMS];
/* w as above, retention 0.9, 36500 days, steps 1m 10m, relearning 10m,
 * short-term on, fuzz off. */
void fsrs_params_init(struct fsrs_params *p);
/* Parse a step such as "1m", "10m", "1h" or "2d" into minutes. */
int fsrs_parse_step(const char *s, int *minutes, struct err *e);

/* A scheduler: the parameters after checking and clipping (w to the
 * ranges ts-fsrs allows, w17 and w18 further when there is more than one
 * relearning step), with the forgetting curve's constants worked out. */
struct fsrs {
	struct fsrs_params p;
	double decay;              /* -w20 */
	double factor;             /* 0.9^(1/decay) - 1, rounded to 8 places */
	double interval_modifier;  /* days per day of stability at the desired retention */
};
/* Fails (ERR_USAGE) on a retention outside (0, 1], a maximum interval below
 * 1, a non-finite weight or a step outside 0..FSRS_MAX_STEP_MINUTES. */
int fsrs_init(struct fsrs *f, const struct fsrs_params *p, struct err *e);

struct fsrs_card {
	double stability;    /* days for R to fall to 90%; 0 while new */
	double difficulty;   /* 1..10; 0 while new */
	enum srs_state state;
	int step;            /* index into the (re)learning steps */
	int reps, lapses;
	ms_t due;
	ms_t last_review;    /* meaningless while new */
	int scheduled_days;  /* the interval set by the last review */
	int elapsed_days;    /* the days that had passed at the last review */
};
/* A new card, due at now. */
void fsrs_card_init(struct fsrs_card *c, ms_t now);

/* What one review saw: enough to replay it or fit parameters to it. */
struct fsrs_log {
	int rating;
	ms_t review;               /* when */
	enum srs_state state;      /* the card's state before the review */
	int elapsed_days;          /* UTC calendar days since the last review; 0 for new */
	int last_elapsed_days;     /* the card's elapsed_days before the review */
	double retrievability;     /* R at the review; NAN for a new card */
	double stability, difficulty; /* the memory state before the review */
	int scheduled_days;        /* the interval the card had been given */
	ms_t due;                  /* when it had been due */
};

/* The card after rating it (1..4) at now, and the log of that review; out
 * may be c.  Fails (ERR_USAGE) on a bad rating, or when now is before the
 * card's last review. */
int fsrs_review(const struct fsrs *f, const struct fsrs_card *c, ms_t now, int rating,
		struct fsrs_card *out, struct fsrs_log *log, struct err *e);
/* All four outcomes at now: out[0] for Again .. out[3] for Easy (what each
 * answer button would do); logs may be NULL. */
int fsrs_preview(const struct fsrs *f, const struct fsrs_card *c, ms_t now,
		 struct fsrs_card out[4], struct fsrs_log logs[4], struct err *e);
/* R at now for a card that is not new, counting days as a review at now
 * would; 0 for a new card. */
double fsrs_retrievability(const struct fsrs *f, const struct fsrs_card *c, ms_t now);

/* ---- SM-2 (P. A. Wozniak, 1990) */

#define SM2_DEFAULT_EF 2.5
#define SM2_MIN_EF 1.3
#define SM2_MAX_INTERVAL 36500

struct sm2_card {
	double ef;        /* E-Factor */
	int repetition;   /* successful repetitions in a row */
	int interval;     /* days until the next repetition */
	ms_t due;
	ms_t last_review;
	int reviewed;     /* 0 until the first review */
};
/* A new item with E-Factor ef (SM2_DEFAULT_EF for the published start). */
void sm2_card_init(struct sm2_card *c, double ef);
/* The item after a response of quality q (0..5) at now; out may be c.
 * Fails (ERR_USAGE) on a bad q, or when now is before the last review. */
int sm2_review(const struct sm2_card *c, ms_t now, int q, struct sm2_card *out, struct err *e);
/* The quality an FSRS-style rating stands for: Again 2 .. Easy 5. */
int sm2_q_from_rating(int rating);

/* ---- fitting FSRS-6 to a learner's reviews, and a simulated learner */

/* One review of a log: the card (any number; a card's reviews share it),
 * when, and the rating 1 (Again) .. 4 (Easy).  A log needs no order. */
struct fsrs_rev {
	long card;
	ms_t time;
	int rating;
};

/* How well weights predict a log: the mean log loss of R against recalled
 * (rating above Again) over the reviews that come a day or more after the
 * card's previous one, and the RMSE over the bins fsrs-rs reports (by
 * interval, number of such reviews and lapses). */
struct fsrs_metrics {
	double log_loss;
	double rmse_bins;
	long reviews;   /* the reviews predicted */
	long cards;     /* the cards they belong to */
};

/* The replay behind both: the first review of a card sets its memory state,
 * reviews on the same UTC day as the previous one change it through the
 * short-term formula without being predicted, the others are predicted and
 * then change it.  Fails (ERR_USAGE) on a rating outside 1..4, ERR_FAIL
 * when nothing is left to predict. */
int fsrs_evaluate(const struct fsrs_rev *log, size_t n, const double w[FSRS_NPARAMS],
		  struct fsrs_metrics *m, struct err *e);

#define FSRS_FIT_MIN_REVIEWS 64
#define FSRS_FIT_MIN_CARDS 8

struct fsrs_fit_opts {
	int epochs;           /* passes over the log: 5 */
	int batch_size;       /* predicted reviews per step: 512 */
	double learning_rate; /* Adam's, in each weight's usual spread, annealed: 0.1 */
	double gamma;         /* pull towards the starting weights: 1 */
	int n_relearning;     /* relearning steps the weights will serve: 1 */
	uint64_t seed;        /* the order of the cards in each pass */
};
void fsrs_fit_opts_init(struct fsrs_fit_opts *o);

struct fsrs_fit {
	double w[FSRS_NPARAMS]; /* the fitted weights, rounded to 4 places */
	struct fsrs_metrics before; /* the default weights on the log */
	struct fsrs_metrics after;  /* the fitted ones */
	int epoch;                  /* the pass the weights come from (0: before any) */
};

/*
 * Fit the 21 weights to a review log: the initial stabilities first, from
 * each card's first predicted review, then all weights by Adam on the log
 * loss with a deterministic order, every weight kept within fsrs-rs's
 * bounds (fsrs_fit_bounds), the best pass kept.  opts may be NULL for the
 * defaults.  Fails (ERR_FAIL) with the counts in the message when fewer
 * than FSRS_FIT_MIN_REVIEWS reviews on FSRS_FIT_MIN_CARDS cards can be
 * predicted, ERR_USAGE on a rating outside 1..4.
 */
int fsrs_optimize(const struct fsrs_rev *log, size_t n, const struct fsrs_fit_opts *opts,
		  struct fsrs_fit *out, struct err *e);
/* The range the optimizer keeps weight i within (for n_relearning > 1,
 * w17 and w18 depend on w). */
void fsrs_fit_bounds(const double w[FSRS_NPARAMS], int n_relearning, double lo[FSRS_NPARAMS],
		     double hi[FSRS_NPARAMS]);

enum srs_algo { SRS_ALGO_FSRS = 0, SRS_ALGO_SM2 = 1 };

#define SRS_SIM_MAX_DAYS 36500
#define SRS_SIM_MAX_CARDS 1000000L
#define SRS_SIM_MAX_LOG 50000000L

/*
 * A learner whose memory is FSRS-6 with the weights true_w: at a review a
 * whole number of days t after the last one, the card is recalled with
 * probability R(t, S) (always on the same day), drawn from a generator
 * seeded with seed.  The ratings: a first sight is Again, Hard, Good or
 * Easy with probabilities 0.25, 0.10, 0.50, 0.15; a forgotten card is
 * Again; a recalled one Hard, Good or Easy with 0.15, 0.70, 0.15.  SM-2
 * hears them as q = rating + 1.
 *
 * Each day starts at start + day * 24 h: due cards (due on that UTC day or
 * before, earliest first) up to max_reviews, then new_per_day new cards;
 * FSRS's learning steps come back the same day.  A review takes 20 seconds.
 */
struct srs_sim_opts {
	enum srs_algo algo;
	int days;                 /* 1..SRS_SIM_MAX_DAYS: 365 */
	int new_per_day;          /* 20 */
	int max_reviews;          /* reviews of cards due from earlier days, a day; 0: no cap: 200 */
	double desired_retention; /* FSRS: 0.9 */
	int learning_steps;       /* FSRS: 1m 10m, relearning 10m (1), or none (0): 1 */
	double true_w[FSRS_NPARAMS];  /* the learner: the defaults */
	double sched_w[FSRS_NPARAMS]; /* what FSRS schedules with: the defaults */
	uint64_t seed;            /* 1 */
	ms_t start;               /* 2026-01-01T09:00:00Z */
	int keep_log;             /* fill the result's log: 0 */
};
void srs_sim_opts_init(struct srs_sim_opts *o);

struct srs_sim_result {
	int days;
	int *reviews;        /* per day: reviews of cards seen before (first sights not counted) */
	int *new_cards;      /* per day: first sights */
	long total_reviews;  /* the sum of reviews[] */
	long introduced;     /* cards seen */
	long learned;        /* at the end in FSRS's Review state (SM-2: last answer a pass) */
	double remembered;   /* the cards the learner would recall the day after: the sum of R */
	long long_reviews;   /* reviews a day or more after the card's previous one */
	long recalled;       /* of those, recalled */
	double true_retention; /* recalled / long_reviews; NAN without any */
	struct fsrs_rev *log;  /* every review, first sights included, when keep_log */
	size_t n_log;
};
/* Run the simulation; free the result with srs_sim_result_release().
 * Fails (ERR_USAGE) on options out of range (more than SRS_SIM_MAX_CARDS
 * cards, a log beyond SRS_SIM_MAX_LOG reviews). */
int srs_simulate(const struct srs_sim_opts *o, struct srs_sim_result *r, struct err *e);
void srs_sim_result_release(struct srs_sim_result *r);

#endif
