/* features.c: aidioma features: the feature store, computed from the activity stream. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/analytics.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

static cJSON *features_json(const char *login, const struct user_features *f)
{
	cJSON *o = cJSON_CreateObject(), *a;
	char at[40];
	int i;

	cJSON_AddStringToObject(o, "user", login);
	cJSON_AddNumberToObject(o, "avg_session_ms", round(f->avg_session_ms));
	cJSON_AddNumberToObject(o, "sessions_per_week", round(f->sessions_per_week * 100) / 100);
	cJSON_AddNumberToObject(o, "accuracy", round(f->accuracy * 10) / 10);
	cJSON_AddNumberToObject(o, "improvement_rate", round(f->improvement_rate * 100) / 100);
	cJSON_AddItemToObject(o, "struggle_areas", cJSON_Parse(f->struggle_areas ? f->struggle_areas : "[]"));
	cJSON_AddNumberToObject(o, "hint_rate", round(f->hint_rate * 1000) / 1000);
	cJSON_AddNumberToObject(o, "retry_rate", round(f->retry_rate * 1000) / 1000);
	cJSON_AddNumberToObject(o, "completion_rate", round(f->completion_rate * 1000) / 1000);
	cJSON_AddItemToObject(o, "preferred_topics",
			      cJSON_Parse(f->preferred_topics ? f->preferred_topics : "[]"));
	if (f->best_hour >= 0)
		cJSON_AddNumberToObject(o, "best_hour", f->best_hour);
	else
		cJSON_AddNullToObject(o, "best_hour");
	a = cJSON_AddArrayToObject(o, "style_embedding");
	for (i = 0; i < f->style_dims; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(round((double)f->style[i] * 1000) / 1000));
	time_format_iso(f->computed_at, at, sizeof(at));
	cJSON_AddStringToObject(o, "computed_at", at);
	return o;
}

static void features_text(const char *login, const struct user_features *f)
{
	cJSON *s = cJSON_Parse(f->struggle_areas ? f->struggle_areas : "[]"), *x;
	cJSON *t = cJSON_Parse(f->preferred_topics ? f->preferred_topics : "[]");
	int first = 1;

	printf("%s: sessions of %.1f min, %.2f a week; accuracy %.1f, improving %+.2f a week\n",
	       login, f->avg_session_ms / 60000, f->sessions_per_week, f->accuracy,
	       f->improvement_rate);
	printf("  hints %.0f%%, retries %.0f%%, finished %.0f%%", f->hint_rate * 100,
	       f->retry_rate * 100, f->completion_rate * 100);
	if (f->best_hour >= 0)
		printf(", best hour %02d:00", f->best_hour);
	printf("\n  struggles with:");
	cJSON_ArrayForEach(x, s) {
		const cJSON *tag = cJSON_GetObjectItemCaseSensitive(x, "tag");
		const cJSON *avg = cJSON_GetObjectItemCaseSensitive(x, "average");

		if (cJSON_IsString(tag) && cJSON_IsNumber(avg)) {
			printf("%s %s (%.0f)", first ? "" : ",", tag->valuestring, avg->valuedouble);
			first = 0;
		}
	}
	printf("%s\n  prefers:", first ? " nothing yet" : "");
	first = 1;
	cJSON_ArrayForEach(x, t) {
		if (cJSON_IsString(x)) {
			printf("%s %s", first ? "" : ",", x->valuestring);
			first = 0;
		}
	}
	printf("%s\n", first ? " no topic yet" : "");
	cJSON_Delete(s);
	cJSON_Delete(t);
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct store *st;
	struct user u;
	char (*ids)[37] = NULL;
	cJSON *all = NULL;
	const char *sub = NULL;
	int i, n = 0, json = 0, rc = EXIT_OK;
	ms_t now = clock_now_ms();

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_features.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!sub && argv[i][0] != '-')
			sub = argv[i];
		else
			return cli_usage(&cmd_features, "features: unknown argument '%s'", argv[i]);
	}
	if (!sub || (strcmp(sub, "compute") && strcmp(sub, "show")))
		return cli_usage(&cmd_features, "features: say compute or show");
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (cli->user_opt || !strcmp(sub, "show")) {
		if ((rc = cli_current_user(cli, st, &u)))
			goto out;
		ids = xmalloc(sizeof(*ids));
		xstrlcpy(ids[0], u.id, sizeof(ids[0]));
		n = 1;
		user_release(&u);
	} else if (store_user_ids(st, &ids, &n, &e)) {
		rc = cli_fail("features", &e);
		goto out;
	}
	if (json)
		all = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		struct user_features f;
		char login[65] = "";

		if (!strcmp(sub, "compute"))
			rc = store_features_compute(st, ids[i], now, &f, &e);
		else
			rc = store_features_get(st, ids[i], &f, &e);
		if (rc) {
			if (rc == ERR_NOTFOUND)
				err_prefix(&e, "run 'aidioma features compute' first");
			rc = cli_fail("features", &e);
			goto out;
		}
		if (store_user_login(st, ids[i], login, sizeof(login), &e))
			xstrlcpy(login, ids[i], sizeof(login));
		if (json)
			cJSON_AddItemToArray(all, features_json(login, &f));
		else
			features_text(login, &f);
		user_features_release(&f);
	}
	if (json) {
		char *text = cJSON_Print(all);

		puts(text);
		cJSON_free(text);
	} else if (!strcmp(sub, "compute")) {
		printf("computed the features of %d user%s\n", n, n == 1 ? "" : "s");
	}
out:
	cJSON_Delete(all);
	free(ids);
	store_close(st);
	return rc;
}

const struct cmd cmd_features = {
	"features", run, "compute and show the feature store",
	"usage: aidioma [--db PATH] [--user NAME] features compute|show [--json]\n"
	"\n"
	"  compute   compute the features of every learner (of NAME with --user)\n"
	"            from the activity stream and save them in the feature store\n"
	"  show      the saved features of the current learner\n"
	"\n"
	"Features: average session length and sessions a week (activities less\n"
	"than 30 minutes apart are one session), accuracy (mean score), improvement\n"
	"(practice points gained a week), the grammar tags with the weakest scores,\n"
	"the hint, retry and completion rates, the favourite topics, the hour of\n"
	"the best scores and an 8-number learning-style embedding.\n"
	"\n"
	"  --json    print them as JSON\n"
};
