/* optimizer.c: FSRS-6's 21 weights fitted to a review log: log loss, forward-mode gradients, Adam. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/srs.h"
#include "srs/fit-int.h"
#include "banned.h"

#define ADAM_BETA1 0.9
#define ADAM_BETA2 0.999
#define ADAM_EPS 1e-8
#define PI 3.14159265358979323846

/* How far each weight usually lies from the defaults across learners
 * (the spread fsrs-rs and ts-fsrs scale the pull towards the start by). */
static const double weight_spread[NP] = {
	6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33,
	0.3,  0.09, 0.16,  0.57,  0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
};

void fsrs_fit_opts_init(struct fsrs_fit_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->epochs = 5;
	o->batch_size = 512;
	o->learning_rate = 0.1;
	o->gamma = 1;
	o->n_relearning = 1;
	o->seed = 2023;
}

void fsrs_fit_bounds(const double w[FSRS_NPARAMS], int n_relearning, double lo[FSRS_NPARAMS],
		     double hi[FSRS_NPARAMS])
{
	model_bounds(w, n_relearning, lo, hi);
}

/* ---- the gradient: each card replayed once, carrying the derivatives of
 * its stability and difficulty by every weight along (forward mode: cheap
 * here, as a card's state is two numbers) */

/* A few terms of a derivative that touch single weights. */
struct sparse {
	int n;
	int i[8];
	double v[8];
};

static void sp_add(struct sparse *sp, int i, double v)
{
	sp->i[sp->n] = i;
	sp->v[sp->n++] = v;
}

/* Adds the card's summed log loss gradient to grad; returns its loss. */
static double card_grad(const struct model *m, const struct step *st, long n, double grad[NP])
{
	const double *w = m->w;
	double s, d, ds[NP], dd[NP], loss = 0;
	double raw;
	long k;
	int g = st[0].rating, i;

	memset(ds, 0, sizeof(ds));
	memset(dd, 0, sizeof(dd));
	model_first(m, g, &s, &d);
	if (w[g - 1] > MODEL_INIT_S_MIN)
		ds[g - 1] = 1;
	raw = w[4] - exp((g - 1) * w[5]) + 1;
	if (raw > 1 && raw < 10) {
		dd[4] = 1;
		dd[5] = -(g - 1) * exp((g - 1) * w[5]);
	}
	for (k = 1; k < n; k++) {
		struct sparse sps = { 0 }, spd = { 0 };
		double r = 1, dr_s = 0, dr_w20 = 0, ns, a_s = 0, a_d = 0, b_d = 0;
		double delta, next, nd;

		g = st[k].rating;
		if (st[k].kind == STEP_PREDICT) {
			double t = st[k].t, u = 1 + m->factor * t / s, lnu = log(u), dl = 0;

			r = exp(-w[20] * lnu);
			dr_s = r * w[20] * m->factor * t / (u * s * s);
			dr_w20 = r * (-lnu - w[20] * (t / s) * m->dfactor / u);
			loss += model_bce(r, st[k].y);
			if (r > MODEL_R_EPS && r < 1 - MODEL_R_EPS)
				dl = st[k].y ? -1 / r : 1 / (1 - r);
			if (dl != 0) {
				double cs = dl * dr_s;

				for (i = 0; i < NP; i++)
					grad[i] += cs * ds[i];
				grad[20] += dl * dr_w20;
			}
		}
		if (st[k].t == 0) {
			double sinc = pow(s, -w[19]) * m->short_mult[g - 1];

			if (g >= 2 && sinc < 1) {
				ns = s;
				a_s = 1;
			} else {
				ns = s * sinc;
				a_s = ns * (1 - w[19]) / s;
				sp_add(&sps, 19, -ns * log(s));
				sp_add(&sps, 17, ns * (g - 3 + w[18]));
				sp_add(&sps, 18, ns * w[17]);
			}
		} else if (g == 1) {
			double lnd = log(d), dp = exp(-w[12] * lnd), sp1 = s + 1;
			double p13 = pow(sp1, w[13]), q = p13 - 1, x = exp((1 - r) * w[14]);
			double f = w[11] * dp * q * x, cap = s * m->cap_forget;
			int f_free = f > MODEL_S_MIN && f < MODEL_S_MAX, cap_free = cap > MODEL_S_MIN;

			if (!f_free)
				f = f < MODEL_S_MIN ? MODEL_S_MIN : MODEL_S_MAX;
			if (!cap_free)
				cap = MODEL_S_MIN;
			if (cap < f) {
				ns = cap;
				if (cap_free) {
					a_s = m->cap_forget;
					sp_add(&sps, 17, -cap * w[18]);
					sp_add(&sps, 18, -cap * w[17]);
				}
			} else {
				ns = f;
				if (f_free) {
					a_s = w[11] * dp * x * p13 * w[13] / sp1 - f * w[14] * dr_s;
					a_d = -f * w[12] / d;
					sp_add(&sps, 11, dp * q * x);
					sp_add(&sps, 12, -f * lnd);
					sp_add(&sps, 13, w[11] * dp * x * p13 * log(sp1));
					sp_add(&sps, 14, f * (1 - r));
					sp_add(&sps, 20, -f * w[14] * dr_w20);
				}
			}
		} else {
			double lns = log(s), c9 = exp(-w[9] * lns), ex = exp((1 - r) * w[10]);
			double bonus = g == 2 ? w[15] : g == 4 ? w[16] : 1;
			double abc = m->exp_w8 * (11 - d) * c9, kk = abc * (ex - 1) * bonus;
			double slope = s * abc * bonus * ex; /* s dK/d((1 - R) w10) */

			ns = s * (1 + kk);
			if (ns > MODEL_S_MIN && ns < MODEL_S_MAX) {
				a_s = 1 + kk - w[9] * kk - slope * w[10] * dr_s;
				a_d = -s * m->exp_w8 * c9 * (ex - 1) * bonus;
				sp_add(&sps, 8, s * kk);
				sp_add(&sps, 9, -s * kk * lns);
				sp_add(&sps, 10, slope * (1 - r));
				sp_add(&sps, 20, -slope * w[10] * dr_w20);
				if (g == 2)
					sp_add(&sps, 15, s * abc * (ex - 1));
				else if (g == 4)
					sp_add(&sps, 16, s * abc * (ex - 1));
			}
		}
		if (ns <= MODEL_S_MIN || ns >= MODEL_S_MAX) {
			ns = ns <= MODEL_S_MIN ? MODEL_S_MIN : MODEL_S_MAX;
			a_s = a_d = 0;
			sps.n = 0;
		}
		/* difficulty: linear damping, then mean reversion to a first Easy's */
		delta = -w[6] * (g - 3);
		next = d + delta * (10 - d) / 9;
		nd = w[7] * m->d_easy + (1 - w[7]) * next;
		if (nd > 1 && nd < 10) {
			b_d = (1 - w[7]) * (1 - delta / 9);
			sp_add(&spd, 4, w[7]);
			sp_add(&spd, 5, -3 * w[7] * m->exp_3w5);
			sp_add(&spd, 6, (1 - w[7]) * (-(g - 3) * (10 - d) / 9));
			sp_add(&spd, 7, m->d_easy - next);
		} else {
			nd = nd <= 1 ? 1 : 10;
		}
		for (i = 0; i < NP; i++) {
			double nds = a_s * ds[i] + a_d * dd[i];

			dd[i] = b_d * dd[i];
			ds[i] = nds;
		}
		for (i = 0; i < sps.n; i++)
			ds[sps.i[i]] += sps.v[i];
		for (i = 0; i < spd.n; i++)
			dd[spd.i[i]] += spd.v[i];
		s = ns;
		d = nd;
	}
	return loss;
}

/*
 * ---- Adam, on each weight in units of its spread: its first steps move
 * every weight by about the learning rate whatever the gradient's size, and
 * a step the size of w7's whole range would be noise on a short log.
 */

struct adam {
	double m[NP], v[NP];
	long t;
};

static void adam_step(struct adam *a, double w[NP], const double grad[NP], double lr,
		      int n_relearning)
{
	static const double equal[4] = { 1, 1, 1, 1 };
	double c1, c2;
	int i;

	a->t++;
	c1 = 1 - pow(ADAM_BETA1, (double)a->t);
	c2 = 1 - pow(ADAM_BETA2, (double)a->t);
	for (i = 0; i < NP; i++) {
		double gi = grad[i] * weight_spread[i];

		a->m[i] = ADAM_BETA1 * a->m[i] + (1 - ADAM_BETA1) * gi;
		a->v[i] = ADAM_BETA2 * a->v[i] + (1 - ADAM_BETA2) * gi * gi;
		w[i] -= weight_spread[i] * lr * (a->m[i] / c1) / (sqrt(a->v[i] / c2) + ADAM_EPS);
	}
	model_clip(w, n_relearning);
	fit_keep_order(w, equal);
}

static void round_weights(double w[NP], int n_relearning)
{
	int i;

	for (i = 0; i < NP; i++)
		w[i] = srs_round_to(w[i], 4);
	model_clip(w, n_relearning);
}

int fsrs_evaluate(const struct fsrs_rev *log, size_t n, const double w[FSRS_NPARAMS],
		  struct fsrs_metrics *m, struct err *e)
{
	struct dataset ds;
	int i;

	for (i = 0; i < NP; i++)
		if (!isfinite(w[i]))
			return err_set(e, ERR_USAGE, "weight w%d is not a finite number", i);
	if (dataset_build(log, n, &ds, e))
		return e->code;
	if (!ds.n_pred) {
		dataset_release(&ds);
		return err_set(e, ERR_FAIL, "none of the %zu reviews comes a day or more after the "
			       "card's previous one: nothing to predict", n);
	}
	dataset_evaluate(&ds, w, m);
	dataset_release(&ds);
	return 0;
}

int fsrs_optimize(const struct fsrs_rev *log, size_t n, const struct fsrs_fit_opts *opts,
		  struct fsrs_fit *out, struct err *e)
{
	struct fsrs_fit_opts defaults;
	struct dataset ds;
	struct fsrs_metrics cur;
	struct adam adam;
	struct model m;
	struct rng rng;
	double w[NP], init[NP], grad[NP], best_loss;
	long *order = NULL, c, total_steps, step = 0;
	int i, epoch;

	if (!opts) {
		fsrs_fit_opts_init(&defaults);
		opts = &defaults;
	}
	if (opts->epochs < 0 || opts->epochs > 1000 || opts->batch_size < 1 ||
	    !(opts->learning_rate > 0 && opts->learning_rate < 10) || !(opts->gamma >= 0))
		return err_set(e, ERR_USAGE, "fitting options out of range (epochs 0..1000, a batch "
			       "of at least 1, a learning rate above 0, gamma at least 0)");
	if (dataset_build(log, n, &ds, e))
		return e->code;
	if (ds.n_pred < FSRS_FIT_MIN_REVIEWS || ds.n_cards < FSRS_FIT_MIN_CARDS) {
		if (!n)
			err_set(e, ERR_FAIL, "no reviews to fit: at least %d reviews on %d cards, each "
				"a day or more after the card's previous one, are needed",
				FSRS_FIT_MIN_REVIEWS, FSRS_FIT_MIN_CARDS);
		else
			err_set(e, ERR_FAIL, "too few reviews to fit: of %zu review%s, %ld come%s a day "
				"or more after the card's previous one, on %ld card%s; at least %d such "
				"reviews on %d cards are needed", n, n == 1 ? "" : "s", ds.n_pred,
				ds.n_pred == 1 ? "s" : "", ds.n_cards, ds.n_cards == 1 ? "" : "s",
				FSRS_FIT_MIN_REVIEWS, FSRS_FIT_MIN_CARDS);
		dataset_release(&ds);
		return e->code;
	}
	memset(out, 0, sizeof(*out));
	memcpy(w, fsrs_default_w, sizeof(w));
	model_clip(w, opts->n_relearning);
	dataset_evaluate(&ds, w, &out->before);
	memcpy(out->w, w, sizeof(w));
	best_loss = out->before.log_loss;

	fit_pretrain(&ds, w);
	model_clip(w, opts->n_relearning);
	memcpy(init, w, sizeof(init));
	dataset_evaluate(&ds, w, &cur);
	if (cur.log_loss < best_loss) {
		best_loss = cur.log_loss;
		memcpy(out->w, w, sizeof(w));
	}

	memset(&adam, 0, sizeof(adam));
	rng_seed(&rng, opts->seed);
	order = xcalloc((size_t)ds.n_cards, sizeof(*order));
	for (c = 0; c < ds.n_cards; c++)
		order[c] = c;
	total_steps = (long)opts->epochs * ((ds.n_pred + opts->batch_size - 1) / opts->batch_size);
	for (epoch = 1; epoch <= opts->epochs; epoch++) {
		long batch = 0;

		for (c = ds.n_cards - 1; c > 0; c--) {
			long j = (long)rng_below(&rng, (uint64_t)c + 1), tmp = order[c];

			order[c] = order[j];
			order[j] = tmp;
		}
		model_init(&m, w);
		memset(grad, 0, sizeof(grad));
		for (c = 0; c < ds.n_cards; c++) {
			long a = ds.start[order[c]], b = ds.start[order[c] + 1], k;

			card_grad(&m, ds.steps + a, b - a, grad);
			for (k = a; k < b; k++)
				batch += ds.steps[k].kind == STEP_PREDICT;
			if (batch >= opts->batch_size || c == ds.n_cards - 1) {
				double frac = total_steps ? (double)step / (double)total_steps : 1;
				double lr = opts->learning_rate * 0.5 * (1 + cos(PI * (frac < 1 ? frac : 1)));
				double share = (double)batch / (double)ds.n_pred;

				/* a pull towards the start, a whole log's worth per pass */
				for (i = 0; i < NP; i++)
					grad[i] += 2 * opts->gamma * share * (w[i] - init[i]) /
						   (weight_spread[i] * weight_spread[i]);
				adam_step(&adam, w, grad, lr, opts->n_relearning);
				model_init(&m, w);
				memset(grad, 0, sizeof(grad));
				batch = 0;
				step++;
			}
		}
		dataset_evaluate(&ds, w, &cur);
		if (cur.log_loss < best_loss) {
			best_loss = cur.log_loss;
			memcpy(out->w, w, sizeof(w));
			out->epoch = epoch;
		}
	}
	round_weights(out->w, opts->n_relearning);
	dataset_evaluate(&ds, out->w, &out->after);
	free(order);
	dataset_release(&ds);
	return 0;
}
