/* simulate.c: a learner whose memory is FSRS-6, scheduled by FSRS or SM-2 for a number of days. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/srs.h"
#include "srs/fit-int.h"
#include "banned.h"

#define DAY_MS 86400000LL
#define REVIEW_MS 20000LL
#define START_2026 1767258000000LL /* 2026-01-01T09:00:00Z */

struct sim_card {
	double s, d;          /* the learner's memory */
	ms_t last;            /* the learner's last review */
	struct fsrs_card fc;
	struct sm2_card sc;
	ms_t due;
};

/* A min-heap of cards by due time, then card number. */
struct heap {
	struct entry {
		ms_t due;
		long card;
	} *a;
	long n, alloc;
};

static int before(const struct entry *x, const struct entry *y)
{
	return x->due != y->due ? x->due < y->due : x->card < y->card;
}

static void heap_push(struct heap *h, ms_t due, long card)
{
	long i;

	if (h->n == h->alloc) {
		h->alloc = h->alloc * 2 + 64;
		h->a = xrealloc(h->a, (size_t)h->alloc * sizeof(*h->a));
	}
	i = h->n++;
	h->a[i].due = due;
	h->a[i].card = card;
	while (i > 0 && before(&h->a[i], &h->a[(i - 1) / 2])) {
		struct entry t = h->a[i];

		h->a[i] = h->a[(i - 1) / 2];
		h->a[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static struct entry heap_pop(struct heap *h)
{
	struct entry top = h->a[0];
	long i = 0;

	h->a[0] = h->a[--h->n];
	for (;;) {
		long l = 2 * i + 1, r = l + 1, m = i;
		struct entry t;

		if (l < h->n && before(&h->a[l], &h->a[m]))
			m = l;
		if (r < h->n && before(&h->a[r], &h->a[m]))
			m = r;
		if (m == i)
			break;
		t = h->a[i];
		h->a[i] = h->a[m];
		h->a[m] = t;
		i = m;
	}
	return top;
}

void srs_sim_opts_init(struct srs_sim_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->algo = SRS_ALGO_FSRS;
	o->days = 365;
	o->new_per_day = 20;
	o->max_reviews = 200;
	o->desired_retention = 0.9;
	o->learning_steps = 1;
	memcpy(o->true_w, fsrs_default_w, sizeof(o->true_w));
	memcpy(o->sched_w, fsrs_default_w, sizeof(o->sched_w));
	o->seed = 1;
	o->start = START_2026;
}

void srs_sim_result_release(struct srs_sim_result *r)
{
	free(r->reviews);
	free(r->new_cards);
	free(r->log);
	memset(r, 0, sizeof(*r));
}

/* The rating the learner gives: a first sight by its own odds, then Again
 * when forgotten and Hard, Good or Easy when recalled. */
static int draw_rating(struct rng *rng, int first, int recalled)
{
	double u = rng_unit(rng);

	if (first)
		return u < 0.25 ? 1 : u < 0.35 ? 2 : u < 0.85 ? 3 : 4;
	if (!recalled)
		return 1;
	return u < 0.15 ? 2 : u < 0.85 ? 3 : 4;
}

struct sim {
	const struct srs_sim_opts *o;
	struct srs_sim_result *r;
	struct model learner;
	struct fsrs sched;
	struct rng rng;
	struct sim_card *cards;
	size_t log_alloc;
};

static int review(struct sim *sim, long id, ms_t now, int day, struct err *e)
{
	struct sim_card *c = &sim->cards[id];
	struct srs_sim_result *r = sim->r;
	int first = c->last == 0, t = 0, recalled = 1, g, rc;
	double p = 1;

	if (!first) {
		t = srs_elapsed_days(c->last, now);
		if (t > 0)
			p = model_recall(&sim->learner, t, c->s);
		recalled = rng_unit(&sim->rng) < p;
	}
	g = draw_rating(&sim->rng, first, recalled);
	if (first) {
		model_first(&sim->learner, g, &c->s, &c->d);
		r->new_cards[day]++;
	} else {
		model_next(&sim->learner, t, p, g, &c->s, &c->d);
		r->reviews[day]++;
		r->total_reviews++;
		if (t > 0) {
			r->long_reviews++;
			r->recalled += recalled;
		}
	}
	c->last = now;
	if (sim->o->algo == SRS_ALGO_FSRS) {
		if ((rc = fsrs_review(&sim->sched, &c->fc, now, g, &c->fc, NULL, e)))
			return rc;
		c->due = c->fc.due;
	} else {
		if ((rc = sm2_review(&c->sc, now, sm2_q_from_rating(g), &c->sc, e)))
			return rc;
		c->due = c->sc.due;
	}
	if (sim->o->keep_log) {
		if (r->n_log == SRS_SIM_MAX_LOG)
			return err_set(e, ERR_USAGE, "the simulated log passes %ld reviews",
				       SRS_SIM_MAX_LOG);
		if (r->n_log == sim->log_alloc) {
			sim->log_alloc = sim->log_alloc * 2 + 1024;
			r->log = xrealloc(r->log, sim->log_alloc * sizeof(*r->log));
		}
		r->log[r->n_log].card = id;
		r->log[r->n_log].time = now;
		r->log[r->n_log].rating = g;
		r->n_log++;
	}
	return 0;
}

static int check_opts(const struct srs_sim_opts *o, struct err *e)
{
	int i;

	if (o->algo != SRS_ALGO_FSRS && o->algo != SRS_ALGO_SM2)
		return err_set(e, ERR_USAGE, "unknown scheduler %d", (int)o->algo);
	if (o->days < 1 || o->days > SRS_SIM_MAX_DAYS)
		return err_set(e, ERR_USAGE, "%d days is not 1 to %d", o->days, SRS_SIM_MAX_DAYS);
	if (o->new_per_day < 0 || (long)o->new_per_day * o->days > SRS_SIM_MAX_CARDS)
		return err_set(e, ERR_USAGE, "%d new cards a day for %d days is more than %ld cards",
			       o->new_per_day, o->days, SRS_SIM_MAX_CARDS);
	if (o->max_reviews < 0)
		return err_set(e, ERR_USAGE, "a daily cap of %d reviews is below 0", o->max_reviews);
	if (!(o->desired_retention > 0 && o->desired_retention < 1))
		return err_set(e, ERR_USAGE, "desired retention %g is not between 0 and 1",
			       o->desired_retention);
	if (o->start <= 0)
		return err_set(e, ERR_USAGE, "the start must be after 1970");
	for (i = 0; i < FSRS_NPARAMS; i++)
		if (!isfinite(o->true_w[i]) || !isfinite(o->sched_w[i]))
			return err_set(e, ERR_USAGE, "weight w%d is not a finite number", i);
	return 0;
}

int srs_simulate(const struct srs_sim_opts *o, struct srs_sim_result *r, struct err *e)
{
	struct sim sim;
	struct fsrs_params p;
	struct heap due = { NULL, 0, 0 }, today = { NULL, 0, 0 };
	long *queue = NULL, qalloc = 0, introduced = 0, i;
	double tw[FSRS_NPARAMS];
	int day, rc = 0;

	memset(r, 0, sizeof(*r));
	if ((rc = check_opts(o, e)))
		return rc;
	memset(&sim, 0, sizeof(sim));
	sim.o = o;
	sim.r = r;
	/* the learner's weights as the scheduler would hold them */
	memcpy(tw, o->true_w, sizeof(tw));
	model_clip(tw, 1);
	model_init(&sim.learner, tw);
	fsrs_params_init(&p);
	memcpy(p.w, o->sched_w, sizeof(p.w));
	p.desired_retention = o->desired_retention;
	if (!o->learning_steps)
		p.n_learning = p.n_relearning = 0;
	if ((rc = fsrs_init(&sim.sched, &p, e)))
		return rc;
	rng_seed(&sim.rng, o->seed);
	r->days = o->days;
	r->reviews = xcalloc((size_t)o->days, sizeof(*r->reviews));
	r->new_cards = xcalloc((size_t)o->days, sizeof(*r->new_cards));
	sim.cards = xcalloc((size_t)o->new_per_day * (size_t)o->days + 1, sizeof(*sim.cards));
	for (day = 0; day < o->days; day++) {
		ms_t morning = o->start + day * DAY_MS, clock = morning;
		int64_t today_utc = time_day_utc(morning);
		long n = 0, pos = 0;

		/* due from earlier days, earliest first, within the cap */
		while (due.n && time_day_utc(due.a[0].due) <= today_utc &&
		       (!o->max_reviews || n < o->max_reviews)) {
			if (n + o->new_per_day >= qalloc) {
				qalloc = qalloc * 2 + o->new_per_day + 64;
				queue = xrealloc(queue, (size_t)qalloc * sizeof(*queue));
			}
			queue[n++] = heap_pop(&due).card;
		}
		if (n + o->new_per_day >= qalloc) {
			qalloc = n + o->new_per_day + 64;
			queue = xrealloc(queue, (size_t)qalloc * sizeof(*queue));
		}
		for (i = 0; i < o->new_per_day; i++) {
			long id = introduced++;

			fsrs_card_init(&sim.cards[id].fc, morning);
			sm2_card_init(&sim.cards[id].sc, SM2_DEFAULT_EF);
			queue[n++] = id;
		}
		/* learning steps due now come first, then the queue in order */
		for (;;) {
			long id;

			if (today.n && (today.a[0].due <= clock || pos == n)) {
				if (today.a[0].due > clock)
					clock = today.a[0].due;
				id = heap_pop(&today).card;
			} else if (pos < n) {
				id = queue[pos++];
			} else {
				break;
			}
			if ((rc = review(&sim, id, clock, day, e)))
				goto out;
			if (time_day_utc(sim.cards[id].due) == today_utc)
				heap_push(&today, sim.cards[id].due, id);
			else
				heap_push(&due, sim.cards[id].due, id);
			clock += REVIEW_MS;
		}
	}
	r->introduced = introduced;
	for (i = 0; i < introduced; i++) {
		if (o->algo == SRS_ALGO_FSRS)
			r->learned += sim.cards[i].fc.state == SRS_REVIEW;
		else
			r->learned += sim.cards[i].sc.repetition >= 1;
	}
	r->true_retention = r->long_reviews ? (double)r->recalled / (double)r->long_reviews : NAN;
	for (i = 0; i < introduced; i++) {
		int t = srs_elapsed_days(sim.cards[i].last, o->start + (ms_t)o->days * DAY_MS);

		r->remembered += t > 0 ? model_recall(&sim.learner, t, sim.cards[i].s) : 1;
	}
out:
	free(queue);
	free(due.a);
	free(today.a);
	free(sim.cards);
	if (rc)
		srs_sim_result_release(r);
	return rc;
}
