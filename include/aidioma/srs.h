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

#endif
