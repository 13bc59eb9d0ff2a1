/* practice.c: choosing the next practice sentence and recording graded answers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/embed.h"
#include "aidioma/practice.h"
#include "aidioma/util.h"
#include "banned.h"

static uint64_t mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int practice_next(struct store *st, const char *user_id, const struct practice_filter *f,
		  ms_t now, char out[65], struct err *e)
{
	struct progress *due;
	char (*ids)[65];
	int n, rc, i, best = -1;
	uint64_t best_key = 0, seed;

	rc = store_progress_due_of_type(st, user_id, "sentence", now, 1, &due, &n, e);
	if (rc)
		return rc;
	if (n) {
		xstrlcpy(out, due[0].content_id, 65);
		store_progress_free(due, n);
		return 0;
	}
	store_progress_free(due, n);
	rc = store_content_unseen(st, user_id, "sentence", f->difficulty, f->topic, f->grammar, 0, &ids,
				  &n, e);
	if (rc)
		return rc;
	/* a shuffle that stays put for the day, so topics mix */
	seed = str_hash(user_id) ^ (uint64_t)time_day_utc(now);
	for (i = 0; i < n; i++) {
		uint64_t k = mix(seed ^ str_hash(ids[i]));

		if (best < 0 || k < best_key) {
			best = i;
			best_key = k;
		}
	}
	if (best >= 0)
		xstrlcpy(out, ids[best], 65);
	free(ids);
	if (best >= 0)
		return 0;
	/* everything seen and nothing due: the one reviewed longest ago */
	rc = store_progress_due_of_type(st, user_id, "sentence", INT64_MAX, 1, &due, &n, e);
	if (rc)
		return rc;
	if (n) {
		xstrlcpy(out, due[0].content_id, 65);
		store_progress_free(due, n);
		return 0;
	}
	store_progress_free(due, n);
	return err_set(e, ERR_NOTFOUND, "no practice sentence matches the filter");
}

int practice_rating(const struct eval_result *r)
{
	double raw = r->score + r->hint_cost;

	if (raw < 60)
		return 1;
	if (raw < 90 || r->hints_used >= 2)
		return 2;
	if (raw >= 98 && r->hints_used == 0)
		return 4;
	return 3;
}

/* Interval in days after a rating, from the previous one.  (A simple rule
 * until the FSRS scheduler takes over practice too.) */
static double next_interval(double prev, int rating)
{
	switch (rating) {
	case 1:
		return 10.0 / 1440; /* ten minutes */
	case 2:
		return prev < 1 ? 1 : prev * 1.2;
	case 3:
		return prev < 1 ? 2 : prev * 2.5;
	default:
		return prev < 1 ? 4 : prev * 3.5;
	}
}

int practice_record(struct store *st, const struct user *u, const struct content *c,
		    const struct eval_request *rq, const struct eval_result *r,
		    long long duration_ms, struct err *e)
{
	cJSON *m = cJSON_CreateObject(), *cats = cJSON_CreateArray();
	struct activity a;
	struct progress p;
	char *meta;
	int i, rc, rating = practice_rating(r);

	cJSON_AddStringToObject(m, "answer", rq->answer);
	cJSON_AddNumberToObject(m, "hints", rq->hints_used);
	cJSON_AddStringToObject(m, "verdict", verdict_name(r->verdict));
	cJSON_AddStringToObject(m, "source", eval_source_name(r->source));
	cJSON_AddNumberToObject(m, "rating", rating);
	if (r->cost_saved > 0)
		cJSON_AddNumberToObject(m, "cost_saved", r->cost_saved);
	for (i = 0; i < r->n_errors; i++)
		cJSON_AddItemToArray(cats, cJSON_CreateString(error_cat_name(r->errors[i].cat)));
	cJSON_AddItemToObject(m, "errors", cats);
	if ((i = eval_result_main_error(r)) >= 0) {
		/* what "you made a similar mistake before" shows of it */
		cJSON *me = cJSON_AddObjectToObject(m, "main_error");

		cJSON_AddStringToObject(me, "category", error_cat_name(r->errors[i].cat));
		cJSON_AddStringToObject(me, "learner_text", r->errors[i].learner_text);
		cJSON_AddStringToObject(me, "correction", r->errors[i].correction);
		cJSON_AddStringToObject(me, "explanation", r->errors[i].explanation);
	}
	meta = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, u->id, sizeof(a.user_id));
	xstrlcpy(a.type, "practice", sizeof(a.type));
	xstrlcpy(a.content_id, c->id, sizeof(a.content_id));
	a.score = r->score;
	a.duration_ms = duration_ms > 0 ? duration_ms : 0;
	a.metadata = meta;
	a.ai_cached = r->source == SRC_CACHE;
	a.ai_cost = r->cost;
	a.ai_model = r->model[0] ? (char *)r->model : NULL;
	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = store_activity_add(st, &a, e)))
		goto fail;
	if (r->embedding && (rc = store_answer_embedding_add(st, u->id, c->id, a.id,
							     r->embedding_model, r->embedding,
							     r->embedding_dim, e)))
		goto fail;
	rc = store_progress_get(st, u->id, c->id, &p, e);
	if (rc == ERR_NOTFOUND) {
		progress_init(&p, u->id, c->id, c->type);
		rc = 0;
	}
	if (rc)
		goto fail;
	p.attempts++;
	p.reps++;
	if (rating == 1 && p.state >= 2)
		p.lapses++;
	p.state = rating == 1 ? (p.state >= 2 ? 3 : 1) : 2;
	p.last_score = r->score;
	if (isnan(p.best_score) || r->score > p.best_score)
		p.best_score = r->score;
	p.last_attempt_at = a.created_at;
	p.interval_days = next_interval(p.interval_days, rating);
	p.next_review_at = a.created_at + (ms_t)(p.interval_days * 86400000.0);
	p.mastery_level = rating == 1 ? (p.mastery_level > 0 ? p.mastery_level - 1 : 0) :
		rating >= 3 && p.mastery_level < 5 ? p.mastery_level + 1 : p.mastery_level;
	rc = store_progress_put(st, &p, e);
	progress_release(&p);
	if (rc)
		goto fail;
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	cJSON_free(meta);
	return rc;
}
