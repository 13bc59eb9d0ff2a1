/* request.c: what is graded, filled from a sentence of the store. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/util.h"
#include "banned.h"

int eval_request_from_content(struct eval_request *rq, const struct content *c,
			      const char *answer, struct err *e)
{
	cJSON *m, *acc, *it;
	char **list;
	int n = 0;

	memset(rq, 0, sizeof(*rq));
	if (strcmp(c->type, "sentence"))
		return err_set(e, ERR_USAGE, "'%s' is a %s, not a sentence to translate", c->id,
			       c->type);
	m = cJSON_Parse(c->metadata);
	acc = cJSON_GetObjectItemCaseSensitive(m, "accepted");
	list = xcalloc((size_t)cJSON_GetArraySize(acc) + 1, sizeof(*list));
	cJSON_ArrayForEach(it, acc)
		if (cJSON_IsString(it))
			list[n++] = xstrdup(it->valuestring);
	cJSON_Delete(m);
	rq->content_id = c->id;
	rq->english = c->secondary_text;
	rq->reference = c->primary_text;
	rq->accepted = (const char *const *)list;
	rq->n_accepted = n;
	rq->answer = answer;
	rq->level = c->difficulty;
	return 0;
}

void eval_request_release(struct eval_request *rq)
{
	int i;

	for (i = 0; i < rq->n_accepted; i++)
		free((char *)rq->accepted[i]);
	free((void *)rq->accepted);
	rq->accepted = NULL;
	rq->n_accepted = 0;
}
