/* evaluator.c: the grading pipeline: clean, answer key, cache, AI, offline estimate. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ai/ai-int.h"
#include "aidioma/util.h"
#include "banned.h"

#define MAX_STAGES 4

struct grader {
	struct store *st;
	struct grader_options opt;
	struct evaluator *stage[MAX_STAGES];
	int n_stages;
	struct evaluator *cache; /* also in stage[], NULL without an AI */
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

struct grader *grader_new(struct store *st, const struct grader_options *o)
{
	struct grader *g = xcalloc(1, sizeof(*g));

	g->st = st;
	if (o)
		g->opt = *o;
	g->stage[g->n_stages++] = answer_key_new();
	/* the cache holds AI grades: it matters only when an AI can be asked */
	if (g->opt.ai && !g->opt.offline_only) {
		g->cache = cache_stage_new(st, &g->opt);
		g->stage[g->n_stages++] = g->cache;
		g->stage[g->n_stages++] = g->opt.ai;
	} else if (g->opt.ai) {
		g->opt.ai->free(g->opt.ai);
	}
	g->opt.ai = NULL;
	g->stage[g->n_stages++] = offline_evaluator_new();
	return g;
}

void grader_free(struct grader *g)
{
	int i;

	if (!g)
		return;
	for (i = 0; i < g->n_stages; i++)
		g->stage[i]->free(g->stage[i]);
	free(g);
}

int grader_grade(struct grader *g, const struct eval_request *rq, struct eval_result *r,
		 struct err *e)
{
	double t0 = mono_ms();
	char *clean, *norm;
	int i, rc = ERR_NOTFOUND;

	eval_result_init(r);
	clean = text_clean(rq->answer ? rq->answer : "", ANSWER_MAX_CHARS);
	norm = text_normalize(clean);
	free(clean);
	for (i = 0; i < g->n_stages; i++) {
		struct err se = ERR_INIT;

		rc = g->stage[i]->evaluate(g->stage[i], rq, norm, r, &se);
		if (rc == 0)
			break;
		eval_result_release(r);
		/* a stage that fails (the endpoint down, a bad reply, a locked
		 * cache) hands over to the next one: the offline evaluator last */
		if (rc != ERR_NOTFOUND && e)
			*e = se;
	}
	if (rc == 0 && g->cache && (r->source == SRC_AI || r->source == SRC_OFFLINE))
		cache_stage_save(g->cache, rq, norm, r, NULL); /* a cache that cannot save still grades */
	free(norm);
	if (rc)
		return rc == ERR_NOTFOUND ? err_set(e, ERR_FAIL, "no evaluator could grade the answer") : rc;
	r->latency_ms = mono_ms() - t0;
	return 0;
}
