/* offline.c: the offline evaluator (a first version: chrF against the references). */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/util.h"
#include "banned.h"

static int evaluate(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		    struct eval_result *r, struct err *e)
{
	(void)ev;
	(void)rq;
	(void)normalized;
	(void)r;
	return err_set(e, ERR_NOTFOUND, "the offline evaluator is not built yet");
}

static void offline_free(struct evaluator *ev)
{
	free(ev);
}

struct evaluator *offline_evaluator_new(void)
{
	struct evaluator *ev = xcalloc(1, sizeof(*ev));

	ev->name = "offline";
	ev->evaluate = evaluate;
	ev->free = offline_free;
	return ev;
}
