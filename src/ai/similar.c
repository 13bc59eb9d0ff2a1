/* similar.c: past answers like this one: the learner's similar mistakes, the AI's examples. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/embed.h"
#include "aidioma/util.h"
#include "banned.h"

#define MAIN_ERROR_MAX 400 /* bytes of an earlier answer's main error as shown */

int eval_result_main_error(const struct eval_result *r)
{
	int i, best = -1;

	for (i = 0; i < r->n_errors; i++)
		if (best < 0 || r->errors[i].severity > r->errors[best].severity)
			best = i;
	return best;
}

/* ---- the k best candidates, kept in order as they come */
struct best {
	struct embed_hit hit[SIMILAR_K_MAX];
	int n, k;
};

/* The slot for a candidate of score s, or -1 when it does not make the k
 * best; the slots behind it move down (the last one falls off: see drop). */
static int best_slot(struct best *b, float s, int *dropped)
{
	int j;

	*dropped = -1;
	if (b->n == b->k && s <= b->hit[b->k - 1].score)
		return -1;
	if (b->n == b->k)
		*dropped = b->hit[b->k - 1].index;
	else
		b->n++;
	for (j = b->n - 1; j > 0 && b->hit[j - 1].score < s; j--)
		b->hit[j] = b->hit[j - 1];
	b->hit[j].score = s;
	return j;
}

static int clamp_k(int k)
{
	return k < 1 ? 1 : k > SIMILAR_K_MAX ? SIMILAR_K_MAX : k;
}

/* ---- the learner's similar mistakes */
struct mistakes_ctx {
	const float *q;
	int dim;
	float threshold;
	struct best best;
	struct similar_answer pool[SIMILAR_K_MAX]; /* indexed by hit[].index */
	int used[SIMILAR_K_MAX];
};

/* "category: explanation (learner -> correction)" from an activity's metadata. */
static char *main_error_text(const cJSON *meta)
{
	const cJSON *me = cJSON_GetObjectItemCaseSensitive(meta, "main_error");
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(meta, "errors");
	const char *cat, *why, *lt, *corr;
	char buf[MAIN_ERROR_MAX];

	if (cJSON_IsObject(me)) {
		cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(me, "category"));
		why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(me, "explanation"));
		lt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(me, "learner_text"));
		corr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(me, "correction"));
		/* the words too, unless the explanation quotes them already */
		if (cat && lt && corr && (*lt || *corr) && !(why && *corr && strstr(why, corr)))
			xsnprintf(buf, sizeof(buf), "%s: %s (%s -> %s)", cat, why ? why : "",
				  *lt ? lt : "…", *corr ? corr : "—");
		else
			xsnprintf(buf, sizeof(buf), "%s: %s", cat ? cat : "error", why ? why : "");
		return xstrdup(buf);
	}
	/* recorded before main errors were: the first category is all there is */
	cat = cJSON_GetStringValue(cJSON_GetArrayItem(errs, 0));
	return xstrdup(cat ? cat : "");
}

static int on_answer(const struct stored_vector *sv, void *arg)
{
	struct mistakes_ctx *c = arg;
	cJSON *meta;
	float s;
	int slot, dropped, free_i;

	if (sv->dim != c->dim)
		return 0;
	s = embed_dot(c->q, sv->v, sv->dim);
	if (!(s >= c->threshold))
		return 0;
	meta = cJSON_Parse(sv->json);
	/* only earlier answers with errors are mistakes to recall */
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(meta, "errors")) < 1) {
		cJSON_Delete(meta);
		return 0;
	}
	slot = best_slot(&c->best, s, &dropped);
	if (slot < 0) {
		cJSON_Delete(meta);
		return 0;
	}
	if (dropped >= 0) {
		free(c->pool[dropped].answer);
		free(c->pool[dropped].main_error);
		c->used[dropped] = 0;
	}
	for (free_i = 0; c->used[free_i]; free_i++)
		;
	c->used[free_i] = 1;
	memset(&c->pool[free_i], 0, sizeof(c->pool[free_i]));
	xstrlcpy(c->pool[free_i].activity_id, sv->id, sizeof(c->pool[free_i].activity_id));
	c->pool[free_i].answer = xstrdup(sv->text);
	c->pool[free_i].score = sv->score;
	c->pool[free_i].similarity = s;
	c->pool[free_i].main_error = main_error_text(meta);
	c->pool[free_i].at = sv->at;
	c->best.hit[slot].index = free_i;
	cJSON_Delete(meta);
	return 0;
}

int similar_mistakes(struct store *st, const char *user_id, const char *content_id,
		     const struct eval_result *r, double threshold, int k, struct similar_list *out,
		     struct err *e)
{
	struct mistakes_ctx *c;
	int i, rc;

	memset(out, 0, sizeof(*out));
	if (!r->embedding || r->embedding_dim < 1 || !r->n_errors || !user_id || !content_id)
		return 0;
	c = xcalloc(1, sizeof(*c));
	c->q = r->embedding;
	c->dim = r->embedding_dim;
	c->threshold = (float)threshold;
	c->best.k = clamp_k(k);
	rc = store_answer_embedding_foreach(st, user_id, content_id, r->embedding_model, on_answer,
					    c, e);
	if (!rc && c->best.n) {
		out->v = xcalloc((size_t)c->best.n, sizeof(*out->v));
		for (i = 0; i < c->best.n; i++) {
			int at = c->best.hit[i].index;

			out->v[out->n++] = c->pool[at];
			c->used[at] = 0;
		}
	}
	for (i = 0; i < SIMILAR_K_MAX; i++)
		if (c->used[i]) {
			free(c->pool[i].answer);
			free(c->pool[i].main_error);
		}
	free(c);
	return rc;
}

void similar_list_release(struct similar_list *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].answer);
		free(l->v[i].main_error);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- the AI's examples: graded answers to the same sentence from the cache */
struct examples_ctx {
	const float *q;
	int dim;
	float threshold;
	struct best best;
	struct eval_example pool[SIMILAR_K_MAX];
	int used[SIMILAR_K_MAX];
};

/* The errors of a cached grade without their explanations: what the model
 * needs to grade alike, in fewer tokens. */
static char *errors_brief(const cJSON *errs)
{
	cJSON *a = cJSON_CreateArray();
	const cJSON *x;
	const char *const keys[] = { "category", "severity", "learner_text", "correction" };
	char *s, *out;
	size_t k;

	cJSON_ArrayForEach(x, errs) {
		cJSON *o = cJSON_CreateObject();

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const cJSON *f = cJSON_GetObjectItemCaseSensitive(x, keys[k]);
			const char *v = cJSON_GetStringValue(f);

			cJSON_AddStringToObject(o, keys[k], v ? v : "");
		}
		cJSON_AddItemToArray(a, o);
	}
	s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	if (!s)
		die_bug("out of memory");
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}

static void example_free(struct eval_example *x)
{
	free(x->answer);
	free(x->errors_json);
	free(x->corrected);
	memset(x, 0, sizeof(*x));
}

static int on_cached(const struct stored_vector *sv, void *arg)
{
	struct examples_ctx *c = arg;
	const char *corr;
	cJSON *resp;
	float s;
	int slot, dropped, free_i;

	if (sv->dim != c->dim || !*sv->text)
		return 0;
	s = embed_dot(c->q, sv->v, sv->dim);
	if (!(s >= c->threshold))
		return 0;
	resp = cJSON_Parse(sv->json);
	corr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(resp, "corrected"));
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(resp, "errors")) || !corr ||
	    (slot = best_slot(&c->best, s, &dropped)) < 0) {
		cJSON_Delete(resp);
		return 0;
	}
	if (dropped >= 0) {
		example_free(&c->pool[dropped]);
		c->used[dropped] = 0;
	}
	for (free_i = 0; c->used[free_i]; free_i++)
		;
	c->used[free_i] = 1;
	c->pool[free_i].answer = xstrdup(sv->text);
	c->pool[free_i].errors_json =
		errors_brief(cJSON_GetObjectItemCaseSensitive(resp, "errors"));
	c->pool[free_i].corrected = xstrdup(corr);
	c->pool[free_i].similarity = s;
	c->best.hit[slot].index = free_i;
	cJSON_Delete(resp);
	return 0;
}

int similar_examples(struct store *st, const char *content_id, const char *model,
		     const float *v, int dim, double threshold, int k,
		     struct eval_example **out, int *n, struct err *e)
{
	struct examples_ctx *c;
	int i, rc;

	*out = NULL;
	*n = 0;
	if (!v || dim < 1 || !content_id || !model)
		return 0;
	c = xcalloc(1, sizeof(*c));
	c->q = v;
	c->dim = dim;
	c->threshold = (float)threshold;
	c->best.k = clamp_k(k);
	rc = store_cache_vector_foreach(st, content_id, model, clock_now_ms(), on_cached, c, e);
	if (!rc && c->best.n) {
		*out = xcalloc((size_t)c->best.n, sizeof(**out));
		for (i = 0; i < c->best.n; i++) {
			int at = c->best.hit[i].index;

			(*out)[(*n)++] = c->pool[at];
			c->used[at] = 0;
		}
	}
	for (i = 0; i < SIMILAR_K_MAX; i++)
		if (c->used[i])
			example_free(&c->pool[i]);
	free(c);
	return rc;
}

void eval_examples_release(struct eval_example *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		example_free(&v[i]);
	free(v);
}
