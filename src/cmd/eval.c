/* eval.c: aidioma eval: grade one answer to a sentence, and record it if asked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/aiclient.h"
#include "aidioma/embed.h"
#include "aidioma/practice.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

static void print_result(const struct eval_request *rq, const struct eval_result *r)
{
	int i;

	printf("score: %g (%s), %s, graded by the %s%s\n", r->score, r->grade,
	       verdict_name(r->verdict),
	       r->source == SRC_ANSWER_KEY ? "answer key" : r->source == SRC_CACHE ? "cache" :
	       r->source == SRC_AI ? "AI" : "offline evaluator",
	       r->estimate ? " (an estimate)" : "");
	if (r->hints_used)
		printf("hints: %d used, %g points\n", r->hints_used, r->hint_cost);
	printf("english:   %s\n", rq->english);
	printf("answer:    %s\n", rq->answer);
	if (r->corrected)
		printf("corrected: %s\n", r->corrected);
	if (r->n_diff) {
		printf("words:    ");
		for (i = 0; i < r->n_diff; i++) {
			const struct diff_token *d = &r->diff[i];

			switch (d->kind) {
			case DIFF_CORRECT:
				printf(" %s", d->text);
				break;
			case DIFF_MISSING:
				printf(" [+%s]", d->expected);
				break;
			case DIFF_EXTRA:
				printf(" [-%s]", d->text);
				break;
			default:
				if (d->expected && !strcmp(d->text, d->expected))
					printf(" [~%s]", d->text); /* the right word, out of place */
				else
					printf(" [%s->%s]", d->text, d->expected ? d->expected : "?");
			}
		}
		printf("\n");
	}
	for (i = 0; i < r->n_errors; i++)
		printf("error:     %s (%s): %s\n", error_cat_name(r->errors[i].cat),
		       severity_name(r->errors[i].severity), r->errors[i].explanation);
	for (i = 0; i < r->n_alternatives; i++)
		printf("also right: %s\n", r->alternatives[i]);
}

/* "you made a similar mistake before": the learner's earlier answers like this one */
static void print_similar(const struct similar_list *sl)
{
	char day[40];
	int i;

	for (i = 0; i < sl->n; i++) {
		const struct similar_answer *x = &sl->v[i];

		time_format_iso(x->at, day, sizeof(day));
		day[10] = '\0';
		printf("similar before: %s (%s, score %.0f, %.0f%% alike)%s%s\n", x->answer, day,
		       isnan(x->score) ? 0 : x->score, x->similarity * 100,
		       x->main_error[0] ? ": " : "", x->main_error);
	}
}

static void print_json(const struct eval_result *r, const struct similar_list *sl)
{
	char *s = eval_result_to_json(r), *out, at[40];
	cJSON *o = cJSON_Parse(s), *a;
	int i;

	free(s);
	if (!o)
		die_bug("eval_result_to_json wrote bad JSON");
	a = cJSON_AddArrayToObject(o, "similar");
	for (i = 0; i < sl->n; i++) {
		const struct similar_answer *x = &sl->v[i];
		cJSON *it = cJSON_CreateObject();

		time_format_iso(x->at, at, sizeof(at));
		cJSON_AddStringToObject(it, "activity_id", x->activity_id);
		cJSON_AddStringToObject(it, "answer", x->answer);
		if (isnan(x->score))
			cJSON_AddNullToObject(it, "score");
		else
			cJSON_AddNumberToObject(it, "score", x->score);
		cJSON_AddNumberToObject(it, "similarity", round(x->similarity * 1000) / 1000);
		cJSON_AddStringToObject(it, "main_error", x->main_error);
		cJSON_AddStringToObject(it, "at", at);
		cJSON_AddItemToArray(a, it);
	}
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!out)
		die_bug("out of memory");
	puts(out);
	cJSON_free(out);
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *id = NULL, *answer = NULL, *hints_s = NULL, *batch = NULL;
	int offline = 0;
	struct err e = ERR_INIT;
	struct eval_request rq;
	struct eval_result r;
	struct similar_list sl = { NULL, 0 };
	struct grading g;
	struct content c;
	struct store *st;
	struct user u;
	int i, k, json = 0, rec = 0, rc, have_user = 0;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_eval.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(argv[i], "--offline")) {
			offline = 1;
			continue;
		}
		if (!strcmp(argv[i], "--record")) {
			rec = 1;
			continue;
		}
		if ((k = opt_value(argc, argv, &i, "--content", &id)) ||
		    (k = opt_value(argc, argv, &i, "--answer", &answer)) ||
		    (k = opt_value(argc, argv, &i, "--hints", &hints_s)) ||
		    (k = opt_value(argc, argv, &i, "--batch", &batch))) {
			if (k < 0)
				return cli_usage(&cmd_eval, "eval: %s needs a value", argv[i]);
			continue;
		}
		return cli_usage(&cmd_eval, "eval: unknown argument '%s'", argv[i]);
	}
	if (batch && (id || answer || hints_s))
		return cli_usage(&cmd_eval, "eval: --batch takes the answers from its file, not "
				 "--content, --answer or --hints");
	if (batch)
		return eval_batch(cli, batch, json, rec, offline);
	if (!id || !answer)
		return cli_usage(&cmd_eval, "eval: give --content ID and --answer TEXT");
	if (hints_s && (strlen(hints_s) != 1 || hints_s[0] < '0' || hints_s[0] > '3'))
		return cli_usage(&cmd_eval, "eval: --hints must be 0, 1, 2 or 3, not '%s'", hints_s);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (store_content_get(st, id, &c, &e)) {
		rc = cli_fail("eval", &e);
		if (e.code == ERR_NOTFOUND)
			fprintf(stderr, "aidioma: 'aidioma export --what content' lists the ids\n");
		store_close(st);
		return rc;
	}
	if (eval_request_from_content(&rq, &c, answer, &e)) {
		rc = cli_fail("eval", &e);
		goto out_content;
	}
	rq.hints_used = hints_s ? hints_s[0] - '0' : 0;
	grading_open(st, &cli->settings, offline, &g, &e);
	if (g.warning[0])
		fprintf(stderr, "aidioma: %s\n", g.warning);
	if (grader_grade(g.grader, &rq, &r, &e)) {
		rc = cli_fail("grading", &e);
		goto out_grader;
	}
	/* before recording, so that this answer does not find itself */
	if ((rc = cli_current_user(cli, st, &u)) != EXIT_OK)
		goto out_result;
	have_user = 1;
	if (similar_mistakes(st, u.id, c.id, &r, SIMILAR_THRESHOLD, SIMILAR_TOP_K, &sl, &e))
		fprintf(stderr, "aidioma: looking for similar answers: %s\n", e.msg);
	if (json) {
		print_json(&r, &sl);
	} else {
		print_result(&rq, &r);
		print_similar(&sl);
	}
	if (rec && practice_record(st, &u, &c, &rq, &r, 0, &e))
		rc = cli_fail("recording the answer", &e);
out_result:
	if (have_user)
		user_release(&u);
	similar_list_release(&sl);
	eval_result_release(&r);
out_grader:
	grading_close(&g);
	eval_request_release(&rq);
out_content:
	content_release(&c);
	store_close(st);
	return rc;
}

const struct cmd cmd_eval = {
	"eval", run, "grade one translation of a practice sentence",
	"usage: aidioma [--db PATH] [--user NAME] eval --content ID --answer TEXT\n"
	"                      [--hints N] [--json] [--offline] [--record]\n"
	"       aidioma [--db PATH] [--user NAME] eval --batch FILE [--json] [--offline]\n"
	"                      [--record]\n"
	"\n"
	"Grade TEXT as a translation of the sentence ID and print the score, the\n"
	"grade, the words that differ, the errors with their explanations, a\n"
	"corrected version and the other accepted translations; then, when the\n"
	"answer has errors, the current user's earlier answers to the sentence\n"
	"that were like it and wrong too (\"similar before:\", with the main\n"
	"error of each; in --json the \"similar\" array).  In the words, [a->b] is\n"
	"a word to change, [+w] one missing, [-w] one too many, [~w] one out of\n"
	"place.\n"
	"\n"
	"  --hints N   the learner used N hints (0-3), which cost 5, 10 and 20 points\n"
	"  --json      print the result as one JSON object\n"
	"  --offline   never ask the AI endpoint\n"
	"  --record    save it as a practice activity of the current user\n"
	"  --batch FILE  grade each line 'CONTENT_ID<TAB>ANSWER[<TAB>HINTS]' of FILE\n"
	"              ('-': standard input) in turn, one result a line as it is done\n"
	"              (with --json, one JSON object a line)\n"
};
