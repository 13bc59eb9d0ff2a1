/* eval-batch.c: aidioma eval --batch: grade, and record, many answers in one process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/aiclient.h"
#include "aidioma/practice.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

#define LINE_MAX_BYTES 4096

/* One line "ID<TAB>ANSWER[<TAB>HINTS]": graded, printed, recorded. */
static int one(struct store *st, struct grading *g, const struct user *u, char *line,
	       long lineno, int json, struct err *e)
{
	char *answer, *hints, *s;
	struct eval_request rq;
	struct eval_result r;
	struct content c;
	int rc;

	answer = strchr(line, '\t');
	if (!answer)
		return err_set(e, ERR_USAGE, "expected CONTENT_ID<TAB>ANSWER");
	*answer++ = '\0';
	hints = strchr(answer, '\t');
	if (hints) {
		*hints++ = '\0';
		if (strlen(hints) != 1 || hints[0] < '0' || hints[0] > '3')
			return err_set(e, ERR_USAGE, "hints must be 0, 1, 2 or 3, not '%s'", hints);
	}
	if (store_content_get(st, line, &c, e))
		return e->code;
	if ((rc = eval_request_from_content(&rq, &c, answer, e)))
		goto out_content;
	rq.hints_used = hints ? hints[0] - '0' : 0;
	if ((rc = grader_grade(g->grader, &rq, &r, e)))
		goto out_request;
	if (u && (rc = practice_record(st, u, &c, &rq, &r, 0, e)))
		goto out_result;
	if (json) {
		cJSON *o = cJSON_CreateObject();

		s = eval_result_to_json(&r);
		cJSON_AddNumberToObject(o, "line", (double)lineno);
		cJSON_AddStringToObject(o, "content", c.id);
		cJSON_AddBoolToObject(o, "recorded", u != NULL);
		cJSON_AddItemToObject(o, "result", cJSON_Parse(s));
		free(s);
		s = cJSON_PrintUnformatted(o);
		puts(s);
		cJSON_free(s);
		cJSON_Delete(o);
	} else {
		printf("%ld %s: %g (%s) %s%s\n", lineno, c.id, r.score, r.grade,
		       eval_source_name(r.source), u ? ", recorded" : "");
	}
	/* a script following the output sees each answer as it is done */
	fflush(stdout);
out_result:
	eval_result_release(&r);
out_request:
	eval_request_release(&rq);
out_content:
	content_release(&c);
	return rc;
}

int eval_batch(struct cli *cli, const char *path, int json, int rec, int offline)
{
	char line[LINE_MAX_BYTES + 2];
	struct err e = ERR_INIT;
	struct grading g;
	struct store *st;
	struct user u;
	long lineno = 0, done = 0, failed = 0;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int rc;

	if (!f) {
		err_set(&e, ERR_USAGE, "cannot read '%s'", path);
		return cli_fail("eval --batch", &e);
	}
	if ((rc = cli_open_store(cli, 0, &st)))
		goto out_file;
	if (rec && (rc = cli_current_user(cli, st, &u)))
		goto out_store;
	grading_open(st, &cli->settings, offline, &g, &e);
	if (g.warning[0])
		fprintf(stderr, "aidioma: %s\n", g.warning);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		lineno++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		else if (!feof(f)) {
			int ch;

			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			fprintf(stderr, "aidioma: eval --batch: line %ld: longer than %d bytes\n",
				lineno, LINE_MAX_BYTES);
			failed++;
			continue;
		}
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		err_clear(&e);
		if (one(st, &g, rec ? &u : NULL, line, lineno, json, &e)) {
			fprintf(stderr, "aidioma: eval --batch: line %ld: %s\n", lineno, e.msg);
			failed++;
		} else {
			done++;
		}
	}
	if (!json)
		printf("%ld graded%s, %ld failed\n", done, rec ? " and recorded" : "", failed);
	grading_close(&g);
	if (rec)
		user_release(&u);
	rc = failed ? EXIT_FAIL : EXIT_OK;
out_store:
	store_close(st);
out_file:
	if (f != stdin)
		fclose(f);
	return rc;
}
