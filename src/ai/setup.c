/* setup.c: the grading pipeline as the settings and the environment configure it. */
#include <string.h>

#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "banned.h"

/* One answer through the endpoint's /embeddings. */
static int embed_one(void *arg, const char *text, float **v, int *dim, struct err *e)
{
	const char *in[1];

	in[0] = text;
	return ai_client_embed(arg, in, 1, v, dim, e);
}

int grading_open(struct store *st, const struct settings *set, int offline_only,
		 struct grading *g, struct err *e)
{
	struct grader_options go;
	struct ai_config cfg;
	struct err ce = ERR_INIT;
	char sampling[64];

	memset(g, 0, sizeof(*g));
	memset(&go, 0, sizeof(go));
	go.offline_only = offline_only;
	if (!offline_only) {
		ai_config_defaults(&cfg);
		if (ai_config_load(&cfg, set, &ce)) {
			/* a bad key file or setting: grade offline, and say why */
			xsnprintf(g->warning, sizeof(g->warning), "grading offline: %s", ce.msg);
		} else if (ai_config_online(&cfg)) {
			g->client = ai_client_new(&cfg, &ce);
			if (!g->client)
				xsnprintf(g->warning, sizeof(g->warning), "grading offline: %s", ce.msg);
		}
		ai_config_release(&cfg);
	}
	if (g->client) {
		ai_client_sampling(g->client, sampling, sizeof(sampling));
		xstrlcpy(g->sampling, sampling, sizeof(g->sampling));
		go.ai = ai_evaluator_new(g->client);
		go.provider = ai_client_provider(g->client);
		go.model = ai_client_model(g->client);
		go.sampling = g->sampling;
		go.rubric_version = AI_RUBRIC_VERSION;
	}
	g->grader = grader_new(st, &go);
	if (g->client && ai_client_embed_model(g->client)[0])
		grader_set_embed(g->grader, embed_one, g->client, ai_client_embed_model(g->client));
	(void)e;
	return 0;
}

void grading_close(struct grading *g)
{
	grader_free(g->grader); /* before the client the AI evaluator borrows */
	if (g->client)
		ai_client_free(g->client);
	memset(g, 0, sizeof(*g));
}

void grading_cancel(struct grading *g)
{
	if (g->client)
		ai_client_cancel(g->client);
}
