/* fsrs.c: FSRS-6 scheduling, computed step for step as ts-fsrs 5.x computes it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aidioma/srs.h"
#include "srs/srs-int.h"
#include "banned.h"

/*
 * Agreement to the last digit rests on four things.  Every value that
 * ts-fsrs rounds to 8 places is rounded here at the same point, with
 * JavaScript's rounding (srs_js_round).  exp, log and pow are JavaScript's
 * (jsmath.c), which differ from the C library's in the last bit often
 * enough to tip a rounding now and then.  Expressions keep JavaScript's
 * order of operations, because floating-point arithmetic is not
 * associative.  And no multiply-add is fused: JavaScript rounds the product
 * and the sum separately.  GCC contracts nothing under -std=c11; clang
 * needs telling.
 */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define S_MIN 0.001
#define S_MAX 36500.0
#define INIT_S_MAX 100.0
#define W17_W18_CEILING 2.0
#define MS_PER_MINUTE 60000LL
#define MS_PER_DAY 86400000LL

const double fsrs_default_w[FSRS_NPARAMS] = {
	0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
	1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

void fsrs_params_init(struct fsrs_params *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->w, fsrs_default_w, sizeof(p->w));
	p->desired_retention = 0.9;
	p->maximum_interval = 36500;
	p->enable_fuzz = 0;
	p->enable_short_term = 1;
	p->n_learning = 2;
	p->learning_steps[0] = 1;
	p->learning_steps[1] = 10;
	p->n_relearning = 1;
	p->relearning_steps[0] = 10;
}

int fsrs_parse_step(const char *s, int *minutes, struct err *e)
{
	long long v = 0, unit;
	const char *p = s;

	if (*p < '0' || *p > '9')
		goto bad;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		if (v > FSRS_MAX_STEP_MINUTES)
			goto too_long;
	}
	switch (*p++) {
	case 'm':
		unit = 1;
		break;
	case 'h':
		unit = 60;
		break;
	case 'd':
		unit = 1440;
		break;
	default:
		goto bad;
	}
	if (*p)
		goto bad;
	if (v * unit > FSRS_MAX_STEP_MINUTES)
		goto too_long;
	*minutes = (int)(v * unit);
	return 0;
bad:
	return err_set(e, ERR_USAGE, "'%s' is not a step such as 1m, 10m, 1h or 2d", s);
too_long:
	return err_set(e, ERR_USAGE, "'%s' is longer than 36500 days", s);
}

static double dmin(double a, double b)
{
	return a < b ? a : b;
}

static double dmax(double a, double b)
{
	return a > b ? a : b;
}

static double clamp(double v, double lo, double hi)
{
	return dmin(dmax(v, lo), hi);
}

static double round8(double x)
{
	return srs_round_to(x, 8);
}

/* The ranges ts-fsrs holds each weight to.  More than one relearning step
 * lowers the ceiling of w17 and w18 so that the steps together cannot lift
 * a lapsed card's stability above what it was: with D = 1, R = 0.7 and
 * S = 1, n * w17 * w18 <= -(ln w11 + ln(2^w13 - 1) + 0.3 w14). */
static void clip_weights(double w[FSRS_NPARAMS], int n_relearning, int short_term)
{
	double lo[FSRS_NPARAMS] = { S_MIN, S_MIN, S_MIN, S_MIN, 1.0,  0.001, 0.001,
				    0.001, 0.0,   0.0,   0.001, 0.001, 0.001, 0.001,
				    0.0,   0.0,   1.0,   0.0,   0.0,   0.0,   0.1 };
	double hi[FSRS_NPARAMS] = { INIT_S_MAX, INIT_S_MAX, INIT_S_MAX, INIT_S_MAX,
				    10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0,
				    1.0, 6.0, W17_W18_CEILING, W17_W18_CEILING, 0.8, 0.8 };
	int i;

	/* without short-term scheduling w19 may fall to 0 */
	lo[19] = short_term ? 0.01 : 0.0;
	if (n_relearning > 1) {
		double w11 = clamp(w[11], lo[11], hi[11]);
		double w13 = clamp(w[13], lo[13], hi[13]);
		double w14 = clamp(w[14], lo[14], hi[14]);
		double value = -(jsmath_log(w11) + jsmath_log(jsmath_pow(2.0, w13) - 1.0) +
				 w14 * 0.3) / n_relearning;
		double ceiling = clamp(round8(sqrt(dmax(value, 0))), 0.01, W17_W18_CEILING);

		hi[17] = ceiling;
		hi[18] = ceiling;
	}
	for (i = 0; i < FSRS_NPARAMS; i++)
		w[i] = clamp(w[i], lo[i], hi[i]);
}

int fsrs_init(struct fsrs *f, const struct fsrs_params *p, struct err *e)
{
	double decay;
	int i;

	if (!(p->desired_retention > 0 && p->desired_retention <= 1))
		return err_set(e, ERR_USAGE, "desired retention %g is not above 0 and at most 1",
			       p->desired_retention);
	if (p->maximum_interval < 1)
		return err_set(e, ERR_USAGE, "maximum interval %d is below 1 day",
			       p->maximum_interval);
	for (i = 0; i < FSRS_NPARAMS; i++)
		if (!isfinite(p->w[i]))
			return err_set(e, ERR_USAGE, "weight w%d is not a finite number", i);
	if (p->n_learning < 0 || p->n_learning > FSRS_MAX_STEPS || p->n_relearning < 0 ||
	    p->n_relearning > FSRS_MAX_STEPS)
		return err_set(e, ERR_USAGE, "more than %d learning or relearning steps",
			       FSRS_MAX_STEPS);
	for (i = 0; i < p->n_learning + p->n_relearning; i++) {
		int m = i < p->n_learning ? p->learning_steps[i]
					  : p->relearning_steps[i - p->n_learning];

		if (m < 0 || m > FSRS_MAX_STEP_MINUTES)
			return err_set(e, ERR_USAGE, "a step of %d minutes is out of range", m);
	}
	f->p = *p;
	clip_weights(f->p.w, p->n_relearning, p->enable_short_term);
	/* R(t, S) = (1 + factor * t / S)^decay, with R(S, S) = 0.9 */
	decay = -f->p.w[20];
	f->decay = decay;
	f->factor = round8(jsmath_exp(jsmath_pow(decay, -1) * jsmath_log(0.9)) - 1.0);
	f->interval_modifier =
		round8((jsmath_pow(p->desired_retention, 1 / decay) - 1) / f->factor);
	return 0;
}

void fsrs_card_init(struct fsrs_card *c, ms_t now)
{
	memset(c, 0, sizeof(*c));
	c->state = SRS_NEW;
	c->due = now;
}

/* ---- the memory model */

static double forgetting_curve(const struct fsrs *f, double t, double s)
{
	return round8(jsmath_pow(1 + (f->factor * t) / s, f->decay));
}

static double init_stability(const struct fsrs *f, int g)
{
	return dmax(f->p.w[g - 1], 0.1);
}

static double init_difficulty(const struct fsrs *f, int g)
{
	const double *w = f->p.w;

	return round8(w[4] - jsmath_exp((g - 1) * w[5]) + 1);
}

/* Difficulty moves by -w6 (g - 3), damped linearly as it nears 10, then
 * reverts by w7 towards the difficulty of a first Easy. */
static double next_difficulty(const struct fsrs *f, double d, int g)
{
	const double *w = f->p.w;
	double delta = -w[6] * (g - 3);
	double next = d + round8((delta * (10 - d)) / 9);

	return clamp(round8(w[7] * init_difficulty(f, SRS_EASY) + (1 - w[7]) * next), 1, 10);
}

static double recall_stability(const struct fsrs *f, double d, double s, double r, int g)
{
	const double *w = f->p.w;
	double hard_penalty = g == SRS_HARD ? w[15] : 1;
	double easy_bonus = g == SRS_EASY ? w[16] : 1;

	return round8(clamp(s * (1 + jsmath_exp(w[8]) * (11 - d) * jsmath_pow(s, -w[9]) *
					 (jsmath_exp((1 - r) * w[10]) - 1) * hard_penalty *
					 easy_bonus),
			    S_MIN, S_MAX));
}

static double forget_stability(const struct fsrs *f, double d, double s, double r)
{
	const double *w = f->p.w;

	return round8(clamp(w[11] * jsmath_pow(d, -w[12]) * (jsmath_pow(s + 1, w[13]) - 1) *
				    jsmath_exp((1 - r) * w[14]),
			    S_MIN, S_MAX));
}

/* A review on the day of the last one: stability changes by
 * S^-w19 e^(w17 (g - 3 + w18)), and never falls after Hard or better. */
static double short_term_stability(const struct fsrs *f, double s, int g)
{
	const double *w = f->p.w;
	double sinc = jsmath_pow(s, -w[19]) * jsmath_exp(w[17] * (g - 3 + w[18]));

	if (g >= SRS_HARD)
		sinc = dmax(sinc, 1.0);
	return round8(clamp(s * sinc, S_MIN, S_MAX));
}

/* The memory state after rating g, t days after the last review, at
 * retrievability r; a new card (d = s = 0) takes the initial state. */
static void next_state(const struct fsrs *f, double d, double s, int t, int g, double r,
		       double *nd, double *ns)
{
	const double *w = f->p.w;

	if (d == 0 && s == 0) {
		*nd = clamp(init_difficulty(f, g), 1, 10);
		*ns = init_stability(f, g);
		return;
	}
	if (t == 0 && f->p.enable_short_term) {
		*ns = short_term_stability(f, s, g);
	} else if (g == SRS_AGAIN) {
		/* a lapse may not leave more stability than S / e^(w17 w18),
		 * what the relearning steps would then add back */
		double w17 = f->p.enable_short_term ? w[17] : 0;
		double w18 = f->p.enable_short_term ? w[18] : 0;
		double cap = round8(s / jsmath_exp(w17 * w18));

		*ns = clamp(cap, S_MIN, forget_stability(f, d, s, r));
	} else {
		*ns = recall_stability(f, d, s, r, g);
	}
	*nd = next_difficulty(f, d, g);
}

/* ---- scheduling */

/* One review in the making: what every rating's outcome starts from. */
struct review {
	const struct fsrs *f;
	const struct fsrs_card *last;
	ms_t now;
	int elapsed;       /* UTC calendar days since the last review; 0 when new */
	double r;          /* retrievability at now; NAN when new */
	double fuzz;       /* the seeded fuzz factor */
};

static int next_interval(const struct review *rv, double s)
{
	const struct fsrs_params *p = &rv->f->p;
	double ivl = dmin(dmax(1, srs_js_round(s * rv->f->interval_modifier)),
			  p->maximum_interval);

	if (!p->enable_fuzz)
		return (int)ivl;
	return fsrs_fuzz_interval((int)ivl, rv->fuzz, rv->elapsed, p->maximum_interval);
}

/* The card with the memory state after rating g; the schedule is set later. */
static void next_card(const struct review *rv, int g, struct fsrs_card *out)
{
	const struct fsrs_card *c = rv->last;

	*out = *c;
	out->last_review = rv->now;
	out->elapsed_days = rv->elapsed;
	out->reps = c->reps + 1;
	next_state(rv->f, c->difficulty, c->stability, rv->elapsed, g, rv->r, &out->difficulty,
		   &out->stability);
}

static void set_days(const struct review *rv, struct fsrs_card *c, int days)
{
	c->scheduled_days = days;
	c->due = rv->now + days * MS_PER_DAY;
}

/*
 * The learning-steps strategy: the minutes until the next step for rating
 * g, and the step it leads to; 0 minutes means "leave the steps".  Again
 * goes back to the first step, Hard repeats the current one (the mean of
 * the first two, or 1.5 times a lone first step), Good moves on if there is
 * a next step, Easy always leaves.  A card in review only has Again, which
 * starts the relearning steps.
 */
static void step_for(const struct fsrs_params *p, const struct fsrs_card *c, int g, int *minutes,
		     int *next)
{
	int review = c->state == SRS_REVIEW || c->state == SRS_RELEARNING;
	const int *steps = review ? p->relearning_steps : p->learning_steps;
	int n = review ? p->n_relearning : p->n_learning, cur = c->step;

	*minutes = 0;
	*next = 0;
	if (n == 0 || cur >= n)
		return;
	if (c->state == SRS_REVIEW) {
		if (g == SRS_AGAIN)
			*minutes = steps[cur > 0 ? cur : 0];
		return;
	}
	switch (g) {
	case SRS_AGAIN:
		*minutes = steps[0];
		break;
	case SRS_HARD:
		*minutes = (int)(n == 1 ? srs_js_round(steps[0] * 1.5)
					: srs_js_round((steps[0] + steps[1]) / 2.0));
		*next = cur;
		break;
	case SRS_GOOD:
		/* a next step of 0 minutes counts as none */
		if (cur + 1 >= 0 && cur + 1 < n && steps[cur + 1]) {
			*minutes = steps[cur + 1];
			*next = cur + 1;
		}
		break;
	}
	if (*next < 0)
		*next = 0;
}

static void apply_steps(const struct review *rv, struct fsrs_card *c, int g, enum srs_state to)
{
	int minutes, next;

	step_for(&rv->f->p, rv->last, g, &minutes, &next);
	if (minutes > 0 && minutes < 1440) {
		c->step = next;
		c->scheduled_days = 0;
		c->state = to;
		c->due = rv->now + minutes * MS_PER_MINUTE;
		return;
	}
	c->state = SRS_REVIEW;
	if (minutes >= 1440) {
		/* a step of a day or more: counted as review, due after the step */
		c->step = next;
		c->due = rv->now + minutes * MS_PER_MINUTE;
		c->scheduled_days = minutes / 1440;
	} else {
		c->step = 0;
		set_days(rv, c, next_interval(rv, c->stability));
	}
}

/* With learning steps (short-term scheduling on). */
static void schedule_basic(const struct review *rv, struct fsrs_card out[4])
{
	int g, hard, good, easy;

	if (rv->last->state != SRS_REVIEW) {
		for (g = SRS_AGAIN; g <= SRS_EASY; g++) {
			next_card(rv, g, &out[g - 1]);
			apply_steps(rv, &out[g - 1], g,
				    rv->last->state == SRS_NEW ? SRS_LEARNING : rv->last->state);
		}
		return;
	}
	for (g = SRS_AGAIN; g <= SRS_EASY; g++)
		next_card(rv, g, &out[g - 1]);
	/* Hard < Good < Easy, whatever the stabilities say */
	hard = next_interval(rv, out[1].stability);
	good = next_interval(rv, out[2].stability);
	hard = hard < good ? hard : good;
	good = good > hard + 1 ? good : hard + 1;
	easy = next_interval(rv, out[3].stability);
	easy = easy > good + 1 ? easy : good + 1;
	set_days(rv, &out[1], hard);
	set_days(rv, &out[2], good);
	set_days(rv, &out[3], easy);
	for (g = SRS_HARD; g <= SRS_EASY; g++) {
		out[g - 1].state = SRS_REVIEW;
		out[g - 1].step = 0;
	}
	apply_steps(rv, &out[0], SRS_AGAIN, SRS_RELEARNING);
	out[0].lapses++;
}

/* Without learning steps: every outcome is a review some days away. */
static void schedule_long_term(const struct review *rv, struct fsrs_card out[4])
{
	int g, ivl[4];

	for (g = SRS_AGAIN; g <= SRS_EASY; g++) {
		next_card(rv, g, &out[g - 1]);
		ivl[g - 1] = next_interval(rv, out[g - 1].stability);
	}
	/* Again < Hard < Good < Easy */
	ivl[0] = ivl[0] < ivl[1] ? ivl[0] : ivl[1];
	for (g = 1; g < 4; g++)
		ivl[g] = ivl[g] > ivl[g - 1] + 1 ? ivl[g] : ivl[g - 1] + 1;
	for (g = 0; g < 4; g++) {
		set_days(rv, &out[g], ivl[g]);
		out[g].state = SRS_REVIEW;
		out[g].step = 0;
	}
	if (rv->last->state != SRS_NEW)
		out[0].lapses++;
}

static int schedule(const struct fsrs *f, const struct fsrs_card *c, ms_t now,
		    struct fsrs_card out[4], struct fsrs_log logs[4], struct err *e)
{
	struct review rv;
	char a[32], b[32];
	int g;

	if (c->state < SRS_NEW || c->state > SRS_RELEARNING)
		return err_set(e, ERR_USAGE, "card state %d is not one of New, Learning, Review, "
			       "Relearning", (int)c->state);
	if (c->state != SRS_NEW && now < c->last_review) {
		time_format_iso(now, a, sizeof(a));
		time_format_iso(c->last_review, b, sizeof(b));
		return err_set(e, ERR_USAGE,
			       "time goes backwards: %s is before the last review at %s", a, b);
	}
	rv.f = f;
	rv.last = c;
	rv.now = now;
	rv.elapsed = c->state == SRS_NEW ? 0 : srs_elapsed_days(c->last_review, now);
	rv.r = c->state == SRS_NEW ? NAN : forgetting_curve(f, rv.elapsed, c->stability);
	rv.fuzz = 0;
	if (f->p.enable_fuzz)
		rv.fuzz = fsrs_fuzz_factor(now, c->reps + 1, c->difficulty * c->stability);
	if (f->p.enable_short_term)
		schedule_basic(&rv, out);
	else
		schedule_long_term(&rv, out);
	for (g = 0; logs && g < 4; g++) {
		logs[g].rating = g + 1;
		logs[g].review = now;
		logs[g].state = c->state;
		logs[g].elapsed_days = rv.elapsed;
		logs[g].last_elapsed_days = c->elapsed_days;
		logs[g].retrievability = rv.r;
		logs[g].stability = c->stability;
		logs[g].difficulty = c->difficulty;
		logs[g].scheduled_days = c->scheduled_days;
		logs[g].due = c->due;
	}
	return 0;
}

int fsrs_review(const struct fsrs *f, const struct fsrs_card *c, ms_t now, int rating,
		struct fsrs_card *out, struct fsrs_log *log, struct err *e)
{
	struct fsrs_card all[4];
	struct fsrs_log logs[4];
	int rc;

	if (rating < SRS_AGAIN || rating > SRS_EASY)
		return err_set(e, ERR_USAGE, "rating %d is not 1 (Again) to 4 (Easy)", rating);
	if ((rc = schedule(f, c, now, all, logs, e)))
		return rc;
	*out = all[rating - 1];
	if (log)
		*log = logs[rating - 1];
	return 0;
}

int fsrs_preview(const struct fsrs *f, const struct fsrs_card *c, ms_t now,
		 struct fsrs_card out[4], struct fsrs_log logs[4], struct err *e)
{
	struct fsrs_card all[4];
	int rc;

	/* out may be c itself */
	if ((rc = schedule(f, c, now, all, logs, e)))
		return rc;
	memcpy(out, all, sizeof(all));
	return 0;
}

double fsrs_retrievability(const struct fsrs *f, const struct fsrs_card *c, ms_t now)
{
	int t;

	if (c->state == SRS_NEW)
		return 0;
	t = srs_elapsed_days(c->last_review, now);
	return forgetting_curve(f, t > 0 ? t : 0, c->stability);
}
