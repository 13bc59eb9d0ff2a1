/* cache.c: the cache key, and the cache as a stage of the grading pipeline. */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/settings.h"
#include "aidioma/util.h"
#include "banned.h"

void cache_key(const struct cache_key_parts *p, char out[65])
{
	const char *parts[9];
	struct sbuf sb = SBUF_INIT;
	int i;

	parts[0] = CACHE_KEY_VERSION;
	parts[1] = p->task;
	parts[2] = p->rubric_version;
	parts[3] = p->provider;
	parts[4] = p->model;
	parts[5] = p->sampling;
	parts[6] = p->level;
	parts[7] = p->content_id;
	parts[8] = p->answer;
	/* each field as a 4-byte big-endian length and its bytes, so that no
	 * two different records can hash the same text */
	for (i = 0; i < 9; i++) {
		const char *v = parts[i] ? parts[i] : "";
		size_t n = strlen(v);
		unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
					 (unsigned char)(n >> 8), (unsigned char)n };

		sbuf_add(&sb, (const char *)len, 4);
		sbuf_add(&sb, v, n);
	}
	sha256_hex(sb.buf, sb.len, out);
	sbuf_release(&sb);
}

struct cache_stage {
	struct evaluator ev;
	struct store *st;
	struct grader_options opt;
};

/* An AI grade is kept under the answer's surface form (text_surface), so
 * that the answers that differ from it only in capitals, marks, accents
 * and ñ find it. */
static void key_for(const struct cache_stage *cs, const struct eval_request *rq,
		    const char *normalized, char out[65])
{
	char *surface = text_surface(normalized);
	struct cache_key_parts p = { "grade", cs->opt.rubric_version, cs->opt.provider,
				     cs->opt.model, cs->opt.sampling, rq->level, rq->content_id,
				     surface };

	cache_key(&p, out);
	free(surface);
}

static int evaluate(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		    struct eval_result *r, struct err *e)
{
	struct cache_stage *cs = (struct cache_stage *)ev;
	struct eval_result stored;
	struct cache_entry c;
	char key[65];
	double raw;
	int rc;

	key_for(cs, rq, normalized, key);
	rc = store_cache_get(cs->st, key, clock_now_ms(), &c, e);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_NOTFOUND : rc;
	/* an offline estimate waits for the AI to replace it */
	if (strcmp(c.source, "ai") || !c.answer || eval_result_from_json(c.response, &stored, NULL)) {
		cache_entry_release(&c);
		return ERR_NOTFOUND;
	}
	if (!strcmp(c.answer, normalized)) {
		*r = stored;
		raw = r->score; /* stored without hints */
	} else {
		/* another surface form of this answer: the AI's judgement of the
		 * words, this answer's surface graded here */
		rc = surface_reuse(normalized, c.answer, &stored, r, &raw);
		eval_result_release(&stored);
		if (rc) {
			cache_entry_release(&c);
			return ERR_NOTFOUND;
		}
	}
	r->source = SRC_CACHE;
	r->estimate = 0;
	r->cost = 0;
	r->cost_saved = c.cost;
	r->hints_used = rq->hints_used;
	eval_result_finish(r, raw);
	cache_entry_release(&c);
	return 0;
}

static void cache_stage_free(struct evaluator *ev)
{
	free(ev);
}

struct evaluator *cache_stage_new(struct store *st, const struct grader_options *o)
{
	struct cache_stage *cs = xcalloc(1, sizeof(*cs));

	cs->ev.name = "cache";
	cs->ev.evaluate = evaluate;
	cs->ev.free = cache_stage_free;
	cs->st = st;
	cs->opt = *o;
	return &cs->ev;
}

int cache_stage_save(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		     const struct eval_result *r, struct err *e)
{
	struct cache_stage *cs = (struct cache_stage *)ev;
	struct eval_result copy = *r;
	struct cache_entry c;
	char *json;
	int rc;

	if (r->source != SRC_AI && r->source != SRC_OFFLINE)
		return 0;
	/* stored as graded without hints: each learner pays for their own */
	copy.score = r->score + r->hint_cost;
	if (copy.score > 100)
		copy.score = 100;
	copy.hints_used = 0;
	copy.hint_cost = 0;
	copy.cost_saved = 0;
	xstrlcpy(copy.grade, grade_letter(copy.score), sizeof(copy.grade));
	json = eval_result_to_json(&copy);
	memset(&c, 0, sizeof(c));
	key_for(cs, rq, normalized, c.cache_key);
	xstrlcpy(c.task, "grade", sizeof(c.task));
	c.response = json;
	xstrlcpy(c.model, r->model, sizeof(c.model));
	c.cost = r->cost;
	xstrlcpy(c.source, r->source == SRC_AI ? "ai" : "offline", sizeof(c.source));
	c.created_at = clock_now_ms();
	if (cs->opt.cache_ttl_days > 0)
		c.expires_at = c.created_at + cs->opt.cache_ttl_days * 86400000LL;
	/* what the semantic layer searches by (SPEC 4.2) */
	c.content_id = rq->content_id;
	c.input_text = normalized;
	c.embedding_model = r->embedding_model;
	c.embedding = r->embedding;
	c.embedding_dim = r->embedding_dim;
	rc = store_cache_put(cs->st, &c, e);
	free(json);
	return rc;
}
