/* evaluator.c: the grading pipeline: clean, answer key, cache, AI, offline estimate. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ai/offline-int.h"
#include "aidioma/embed.h"
#include "aidioma/util.h"
#include "banned.h"

#define MAX_STAGES 5
#define AI_EXAMPLES 3 /* similar graded answers shown to the AI */

struct grader {
	struct store *st;
	struct grader_options opt;
	struct evaluator *stage[MAX_STAGES];
	int n_stages;
	struct evaluator *cache; /* also in stage[], NULL without an AI */
	struct evaluator *ai;    /* likewise */
	int (*embed)(void *arg, const char *text, float **v, int *dim, struct err *e);
	void *embed_arg;
	const char *embed_model;
};

/* What the answer looks like as a vector (SPEC 4.2). */
struct answer_vector {
	float *v;
	int dim;
	char model[64];
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
	struct evaluator *offline = offline_evaluator_new();

	g->st = st;
	if (o)
		g->opt = *o;
	g->stage[g->n_stages++] = answer_key_new();
	/* the cache holds AI grades: it matters only when an AI can be asked */
	if (g->opt.ai && !g->opt.offline_only) {
		g->cache = cache_stage_new(st, &g->opt);
		g->stage[g->n_stages++] = g->cache;
	}
	/* what C grades for sure comes before the AI (the dictionary is the
	 * offline evaluator's, loaded once) */
	g->stage[g->n_stages++] = word_slip_stage_new(offline_lexicon(offline));
	if (g->opt.ai && !g->opt.offline_only) {
		g->stage[g->n_stages++] = g->opt.ai;
		g->ai = g->opt.ai;
	} else if (g->opt.ai) {
		g->opt.ai->free(g->opt.ai);
	}
	g->opt.ai = NULL;
	g->stage[g->n_stages++] = offline;
	return g;
}

void grader_set_embed(struct grader *g,
		      int (*embed)(void *arg, const char *text, float **v, int *dim, struct err *e),
		      void *arg, const char *model)
{
	g->embed = embed;
	g->embed_arg = arg;
	g->embed_model = model;
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

/* The endpoint's embedding when there is one and it answers, else the built-in one. */
static void embed_answer(struct grader *g, const char *norm, struct answer_vector *av)
{
	struct err ee = ERR_INIT;

	if (g->embed && g->embed_model && !g->opt.offline_only &&
	    g->embed(g->embed_arg, norm, &av->v, &av->dim, &ee) == 0) {
		if (av->dim >= 1 && av->dim <= STORE_VECTOR_DIM_MAX &&
		    embed_normalize(av->v, av->dim) == 0) {
			xstrlcpy(av->model, g->embed_model, sizeof(av->model));
			return;
		}
		free(av->v);
	}
	av->v = xmalloc(EMBED_DIM * sizeof(float));
	av->dim = EMBED_DIM;
	embed_builtin(norm, av->v);
	xstrlcpy(av->model, EMBED_MODEL, sizeof(av->model));
}

int grader_grade(struct grader *g, const struct eval_request *rq, struct eval_result *r,
		 struct err *e)
{
	double t0 = mono_ms(), lost = 0;
	struct eval_request with = *rq;
	struct eval_example *ex = NULL;
	struct answer_vector av = { NULL, 0, "" };
	char *clean, *norm;
	int i, n_ex = 0, rc = ERR_NOTFOUND;

	eval_result_init(r);
	clean = text_clean(rq->answer ? rq->answer : "", ANSWER_MAX_CHARS);
	norm = text_normalize(clean);
	free(clean);
	for (i = 0; i < g->n_stages; i++) {
		struct err se = ERR_INIT;

		if (g->stage[i] == g->ai) {
			/* the AI grades alike what it graded alike before: a few
			 * similar answers to this sentence from the cache */
			embed_answer(g, norm, &av);
			if (similar_examples(g->st, rq->content_id, av.model, av.v, av.dim,
					     SIMILAR_THRESHOLD, AI_EXAMPLES, &ex, &n_ex, NULL) == 0) {
				with.examples = ex;
				with.n_examples = n_ex;
			}
		}
		rc = g->stage[i]->evaluate(g->stage[i], &with, norm, r, &se);
		if (rc == 0)
			break;
		lost += r->cost; /* a reply that was paid for but not usable */
		eval_result_release(r);
		/* a stage that fails (the endpoint down, a bad reply, a locked
		 * cache) hands over to the next one: the offline evaluator last */
		if (rc != ERR_NOTFOUND && e)
			*e = se;
	}
	eval_examples_release(ex, n_ex);
	if (rc == 0) {
		if (!av.v)
			embed_answer(g, norm, &av);
		r->cost += lost;
		r->embedding = av.v;
		r->embedding_dim = av.dim;
		xstrlcpy(r->embedding_model, av.model, sizeof(r->embedding_model));
		av.v = NULL;
	}
	free(av.v);
	if (rc == 0 && g->cache && (r->source == SRC_AI || r->source == SRC_OFFLINE))
		cache_stage_save(g->cache, rq, norm, r, NULL); /* a cache that cannot save still grades */
	free(norm);
	if (rc)
		return rc == ERR_NOTFOUND ? err_set(e, ERR_FAIL, "no evaluator could grade the answer") : rc;
	r->latency_ms = mono_ms() - t0;
	return 0;
}
