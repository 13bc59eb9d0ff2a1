/* experiment.c: aidioma experiment (start, stop, list); stats by variant and slow queries. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/analytics.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

/* "a,b,c" as a JSON array; NULL when a name is not [a-z0-9_-]. */
static char *variants_json(const char *list)
{
	cJSON *a = cJSON_CreateArray();
	char name[64];
	const char *p = list;
	char *out;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (!n || n >= sizeof(name)) {
			cJSON_Delete(a);
			return NULL;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		cJSON_AddItemToArray(a, cJSON_CreateString(name));
		p += n;
		if (*p == ',')
			p++;
	}
	out = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return out;
}

static int list(struct cli *cli, struct store *st, int json)
{
	struct err e = ERR_INIT;
	struct experiment *x;
	struct user u;
	cJSON *arr = NULL;
	int i, j, n, rc;

	if (store_experiment_list(st, &x, &n, &e))
		return cli_fail("experiment list", &e);
	if ((rc = cli_current_user(cli, st, &u))) {
		free(x);
		return rc;
	}
	if (json)
		arr = cJSON_CreateArray();
	else if (!n)
		printf("no experiments\n");
	for (i = 0; i < n; i++) {
		const char *mine = x[i].variants[experiment_variant(x[i].name, u.id, x[i].n_variants)];
		char at[40];

		time_format_iso(x[i].started_at, at, sizeof(at));
		if (json) {
			cJSON *o = cJSON_CreateObject(), *v = cJSON_AddArrayToObject(o, "variants");

			cJSON_AddStringToObject(o, "name", x[i].name);
			for (j = 0; j < x[i].n_variants; j++)
				cJSON_AddItemToArray(v, cJSON_CreateString(x[i].variants[j]));
			cJSON_AddStringToObject(o, "started_at", at);
			cJSON_AddBoolToObject(o, "running", !x[i].ended_at);
			cJSON_AddStringToObject(o, "your_variant", mine);
			cJSON_AddItemToArray(arr, o);
			continue;
		}
		printf("%s: ", x[i].name);
		for (j = 0; j < x[i].n_variants; j++)
			printf("%s%s", j ? ", " : "", x[i].variants[j]);
		printf("; %s since %s; %s is in %s\n", x[i].ended_at ? "stopped, ran" : "running", at,
		       u.login, mine);
	}
	if (json) {
		char *text = cJSON_Print(arr);

		puts(text);
		cJSON_free(text);
		cJSON_Delete(arr);
	}
	user_release(&u);
	free(x);
	return EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct store *st;
	const char *sub = NULL, *name = NULL, *vars = NULL;
	char *vjson = NULL;
	int i, r, json = 0, rc;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_experiment.usage, stdout);
			return EXIT_OK;
		}
		if ((r = opt_value(argc, argv, &i, "--variants", &vars))) {
			if (r < 0)
				return cli_usage(&cmd_experiment, "experiment: --variants needs A,B,...");
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] != '-' && !sub) {
			sub = argv[i];
		} else if (argv[i][0] != '-' && !name) {
			name = argv[i];
		} else {
			return cli_usage(&cmd_experiment, "experiment: unknown argument '%s'", argv[i]);
		}
	}
	if (!sub)
		return cli_usage(&cmd_experiment, "experiment: say start, stop or list");
	if (strcmp(sub, "list") && !name)
		return cli_usage(&cmd_experiment, "experiment %s: which experiment?", sub);
	if (vars && !(vjson = variants_json(vars)))
		return cli_usage(&cmd_experiment, "experiment: --variants takes names separated by "
				 "commas, e.g. control,treatment");
	if ((rc = cli_open_store(cli, 0, &st))) {
		free(vjson);
		return rc;
	}
	if (!strcmp(sub, "list")) {
		rc = list(cli, st, json);
	} else if (!strcmp(sub, "start")) {
		if (store_experiment_start(st, name, vjson, clock_now_ms(), &e))
			rc = cli_fail("experiment start", &e);
		else
			printf("experiment %s running: new activities are tagged with each learner's "
			       "variant\n", name);
	} else if (!strcmp(sub, "stop")) {
		if (store_experiment_stop(st, name, clock_now_ms(), &e))
			rc = cli_fail("experiment stop", &e);
		else
			printf("experiment %s stopped\n", name);
	} else {
		rc = cli_usage(&cmd_experiment, "experiment: unknown subcommand '%s'", sub);
	}
	free(vjson);
	store_close(st);
	return rc;
}

int stats_by_variant(struct cli *cli, const char *name, int json)
{
	struct variant_stats v[EXPERIMENT_MAX_VARIANTS];
	struct err e = ERR_INIT;
	struct experiment x;
	struct store *st;
	int i, rc;

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (store_experiment_get(st, name, &x, &e) || store_variant_stats(st, &x, v, &e)) {
		store_close(st);
		return cli_fail("stats --by-variant", &e);
	}
	store_close(st);
	if (json) {
		cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "variants");
		char *text;

		cJSON_AddStringToObject(o, "experiment", x.name);
		for (i = 0; i < x.n_variants; i++) {
			cJSON *r = cJSON_CreateObject();

			cJSON_AddStringToObject(r, "variant", v[i].variant);
			cJSON_AddNumberToObject(r, "users", v[i].users);
			cJSON_AddNumberToObject(r, "activities", v[i].activities);
			cJSON_AddNumberToObject(r, "practice", v[i].practice);
			if (isnan(v[i].score_avg))
				cJSON_AddNullToObject(r, "score_average");
			else
				cJSON_AddNumberToObject(r, "score_average", round(v[i].score_avg * 10) / 10);
			cJSON_AddNumberToObject(r, "hint_rate", v[i].practice ?
						round((double)v[i].hinted / (double)v[i].practice * 1000) / 1000 : 0);
			cJSON_AddNumberToObject(r, "duration_ms_average", round(v[i].duration_avg));
			cJSON_AddItemToArray(a, r);
		}
		text = cJSON_Print(o);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(o);
		return EXIT_OK;
	}
	printf("experiment %s\n", x.name);
	printf("%-16s %6s %10s %9s %7s %7s %9s\n", "variant", "users", "activities", "practice",
	       "score", "hints", "time");
	for (i = 0; i < x.n_variants; i++) {
		char score[16];

		if (isnan(v[i].score_avg))
			xstrlcpy(score, "-", sizeof(score));
		else
			xsnprintf(score, sizeof(score), "%.1f", v[i].score_avg);
		printf("%-16s %6ld %10ld %9ld %7s %6.0f%% %8.1fs\n", v[i].variant, v[i].users,
		       v[i].activities, v[i].practice, score,
		       v[i].practice ? 100.0 * (double)v[i].hinted / (double)v[i].practice : 0.0,
		       v[i].duration_avg / 1000);
	}
	return EXIT_OK;
}

int stats_slow(struct cli *cli, int json)
{
	struct err e = ERR_INIT;
	struct slow_query *q;
	struct store *st;
	int i, n, rc;

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (store_slow_list(st, 50, &q, &n, &e)) {
		store_close(st);
		return cli_fail("stats --slow", &e);
	}
	store_close(st);
	if (json) {
		cJSON *a = cJSON_CreateArray();
		char *text, at[40];

		for (i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "sql_hash", q[i].sql_hash);
			cJSON_AddStringToObject(o, "sql", q[i].sql_text);
			cJSON_AddNumberToObject(o, "count", q[i].count);
			cJSON_AddNumberToObject(o, "max_ms", round(q[i].max_ms * 10) / 10);
			cJSON_AddNumberToObject(o, "avg_ms", round(q[i].avg_ms * 10) / 10);
			cJSON_AddNumberToObject(o, "rows", (double)q[i].rows);
			time_format_iso(q[i].last_at, at, sizeof(at));
			cJSON_AddStringToObject(o, "last_at", at);
			cJSON_AddItemToArray(a, o);
		}
		text = cJSON_Print(a);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(a);
	} else if (!n) {
		printf("no slow statements recorded\n");
	} else {
		printf("%-12s %6s %9s %9s %8s  %s\n", "hash", "times", "max ms", "avg ms", "rows",
		       "statement");
		for (i = 0; i < n; i++)
			printf("%-12.12s %6ld %9.1f %9.1f %8lld  %.100s%s\n", q[i].sql_hash, q[i].count,
			       q[i].max_ms, q[i].avg_ms, q[i].rows, q[i].sql_text,
			       strlen(q[i].sql_text) > 100 ? "..." : "");
	}
	store_slow_free(q, n);
	return EXIT_OK;
}

const struct cmd cmd_experiment = {
	"experiment", run, "run experiments: each learner gets a stable variant",
	"usage: aidioma [--db PATH] experiment start NAME [--variants A,B,...]\n"
	"       aidioma [--db PATH] experiment stop NAME\n"
	"       aidioma [--db PATH] [--user NAME] experiment list [--json]\n"
	"\n"
	"While an experiment runs, every new activity records the learner's variant\n"
	"in its metadata (experiments.NAME). A learner's variant is a stable hash\n"
	"of the learner and the experiment's name, the same on every run.\n"
	"'aidioma stats --by-variant NAME' compares the variants.\n"
	"\n"
	"  --variants A,B   the variants' names (default control,treatment)\n"
	"  --json           list as JSON\n"
};
