/* export.c: aidioma export: a learner's data or the content as JSON or CSV. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

struct out {
	struct sbuf sb;
	int csv;
	int first;
};

static void csv_field(struct sbuf *sb, const char *s, int last)
{
	if (strpbrk(s, ",\"\n\r")) {
		sbuf_adds(sb, "\"");
		for (; *s; s++) {
			if (*s == '"')
				sbuf_adds(sb, "\"");
			sbuf_add(sb, s, 1);
		}
		sbuf_adds(sb, "\"");
	} else {
		sbuf_adds(sb, s);
	}
	sbuf_adds(sb, last ? "\n" : ",");
}

static void json_item(struct out *o, cJSON *obj)
{
	char *s = cJSON_PrintUnformatted(obj);

	if (!s)
		die_bug("out of memory");
	sbuf_adds(&o->sb, o->first ? "\n    " : ",\n    ");
	sbuf_adds(&o->sb, s);
	o->first = 0;
	cJSON_free(s);
	cJSON_Delete(obj);
}

static void add_json_text(cJSON *obj, const char *key, const char *json)
{
	cJSON *v = cJSON_Parse(json ? json : "{}");

	cJSON_AddItemToObject(obj, key, v ? v : cJSON_CreateObject());
}

static void add_num_or_null(cJSON *obj, const char *key, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(obj, key);
	else
		cJSON_AddNumberToObject(obj, key, v);
}

static void fmt_num(char *buf, size_t size, double v)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		xsnprintf(buf, size, "%g", v);
}

static int each_activity(const struct activity *a, void *ctx)
{
	struct out *o = ctx;
	char t[40], score[32], dur[32], cost[32];

	time_format_iso(a->created_at, t, sizeof(t));
	if (o->csv) {
		fmt_num(score, sizeof(score), a->score);
		xsnprintf(dur, sizeof(dur), "%lld", a->duration_ms);
		xsnprintf(cost, sizeof(cost), "%g", a->ai_cost);
		csv_field(&o->sb, a->id, 0);
		csv_field(&o->sb, t, 0);
		csv_field(&o->sb, a->type, 0);
		csv_field(&o->sb, a->content_id, 0);
		csv_field(&o->sb, score, 0);
		csv_field(&o->sb, dur, 0);
		csv_field(&o->sb, a->ai_cached ? "1" : "0", 0);
		csv_field(&o->sb, cost, 0);
		csv_field(&o->sb, a->ai_model ? a->ai_model : "", 0);
		csv_field(&o->sb, a->metadata ? a->metadata : "{}", 1);
	} else {
		cJSON *obj = cJSON_CreateObject();

		cJSON_AddStringToObject(obj, "id", a->id);
		cJSON_AddStringToObject(obj, "created_at", t);
		cJSON_AddStringToObject(obj, "activity_type", a->type);
		if (a->content_id[0])
			cJSON_AddStringToObject(obj, "content_id", a->content_id);
		else
			cJSON_AddNullToObject(obj, "content_id");
		add_num_or_null(obj, "score", a->score);
		cJSON_AddNumberToObject(obj, "duration_ms", (double)a->duration_ms);
		cJSON_AddBoolToObject(obj, "ai_cached", a->ai_cached);
		cJSON_AddNumberToObject(obj, "ai_cost", a->ai_cost);
		if (a->ai_model)
			cJSON_AddStringToObject(obj, "ai_model", a->ai_model);
		else
			cJSON_AddNullToObject(obj, "ai_model");
		add_json_text(obj, "metadata", a->metadata);
		json_item(o, obj);
	}
	return 0;
}

static int each_progress(const struct progress *p, void *ctx)
{
	struct out *o = ctx;
	char last[40] = "", next[40] = "", n[10][32];

	if (p->last_attempt_at)
		time_format_iso(p->last_attempt_at, last, sizeof(last));
	if (p->next_review_at)
		time_format_iso(p->next_review_at, next, sizeof(next));
	if (o->csv) {
		xsnprintf(n[0], 32, "%ld", p->attempts);
		fmt_num(n[1], 32, p->best_score);
		fmt_num(n[2], 32, p->last_score);
		xsnprintf(n[3], 32, "%d", p->mastery_level);
		xsnprintf(n[4], 32, "%g", p->interval_days);
		xsnprintf(n[5], 32, "%g", p->stability);
		xsnprintf(n[6], 32, "%g", p->difficulty);
		xsnprintf(n[7], 32, "%d", p->state);
		xsnprintf(n[8], 32, "%ld", p->reps);
		xsnprintf(n[9], 32, "%ld", p->lapses);
		csv_field(&o->sb, p->content_id, 0);
		csv_field(&o->sb, p->content_type, 0);
		csv_field(&o->sb, n[0], 0);
		csv_field(&o->sb, n[1], 0);
		csv_field(&o->sb, n[2], 0);
		csv_field(&o->sb, last, 0);
		csv_field(&o->sb, n[3], 0);
		csv_field(&o->sb, next, 0);
		csv_field(&o->sb, n[4], 0);
		csv_field(&o->sb, n[5], 0);
		csv_field(&o->sb, n[6], 0);
		csv_field(&o->sb, n[7], 0);
		csv_field(&o->sb, n[8], 0);
		csv_field(&o->sb, n[9], 1);
	} else {
		cJSON *obj = cJSON_CreateObject();

		cJSON_AddStringToObject(obj, "content_id", p->content_id);
		cJSON_AddStringToObject(obj, "content_type", p->content_type);
		cJSON_AddNumberToObject(obj, "attempts", p->attempts);
		add_num_or_null(obj, "best_score", p->best_score);
		add_num_or_null(obj, "last_score", p->last_score);
		if (last[0])
			cJSON_AddStringToObject(obj, "last_attempt_at", last);
		else
			cJSON_AddNullToObject(obj, "last_attempt_at");
		cJSON_AddNumberToObject(obj, "mastery_level", p->mastery_level);
		if (next[0])
			cJSON_AddStringToObject(obj, "next_review_at", next);
		else
			cJSON_AddNullToObject(obj, "next_review_at");
		cJSON_AddNumberToObject(obj, "interval_days", p->interval_days);
		cJSON_AddNumberToObject(obj, "easiness", p->easiness);
		cJSON_AddNumberToObject(obj, "stability", p->stability);
		cJSON_AddNumberToObject(obj, "difficulty", p->difficulty);
		cJSON_AddNumberToObject(obj, "state", p->state);
		cJSON_AddNumberToObject(obj, "reps", p->reps);
		cJSON_AddNumberToObject(obj, "lapses", p->lapses);
		cJSON_AddBoolToObject(obj, "suspended", p->suspended);
		add_json_text(obj, "metadata", p->metadata);
		json_item(o, obj);
	}
	return 0;
}

static int each_content(const struct content *c, void *ctx)
{
	struct out *o = ctx;

	if (o->csv) {
		csv_field(&o->sb, c->id, 0);
		csv_field(&o->sb, c->type, 0);
		csv_field(&o->sb, c->difficulty, 0);
		csv_field(&o->sb, c->topic, 0);
		csv_field(&o->sb, c->primary_text, 0);
		csv_field(&o->sb, c->secondary_text, 0);
		csv_field(&o->sb, c->metadata, 1);
	} else {
		cJSON *obj = cJSON_CreateObject();

		cJSON_AddStringToObject(obj, "id", c->id);
		cJSON_AddStringToObject(obj, "content_type", c->type);
		cJSON_AddStringToObject(obj, "difficulty", c->difficulty);
		cJSON_AddStringToObject(obj, "topic", c->topic);
		cJSON_AddStringToObject(obj, "primary_text", c->primary_text);
		cJSON_AddStringToObject(obj, "secondary_text", c->secondary_text);
		add_json_text(obj, "metadata", c->metadata);
		json_item(o, obj);
	}
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *format = "json", *what = "activities", *output = NULL;
	struct err e = ERR_INIT;
	struct store *st = NULL;
	struct user u = { 0 };
	struct out o;
	int i, r, rc = EXIT_OK, with_sched = 0;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_export.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--with-scheduling")) {
			with_sched = 1;
			continue;
		}
		if ((r = opt_value(argc, argv, &i, "--format", &format)) ||
		    (r = opt_value(argc, argv, &i, "--what", &what)) ||
		    (r = opt_value(argc, argv, &i, "--output", &output))) {
			if (r < 0)
				return cli_usage(&cmd_export, "export: %s needs a value", argv[i]);
			continue;
		}
		return cli_usage(&cmd_export, "export: unknown argument '%s'", argv[i]);
	}
	if (!strcmp(format, "apkg"))
		return cli_export_apkg(cli, output, with_sched);
	if (with_sched)
		return cli_usage(&cmd_export, "export: --with-scheduling goes with --format apkg");
	if (strcmp(format, "json") && strcmp(format, "csv"))
		return cli_usage(&cmd_export, "export: --format must be json or csv, not '%s' "
				 "(or apkg, for Anki)", format);
	if (strcmp(what, "activities") && strcmp(what, "progress") && strcmp(what, "content"))
		return cli_usage(&cmd_export,
				 "export: --what must be activities, progress or content, not '%s'",
				 what);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (strcmp(what, "content") && (rc = cli_current_user(cli, st, &u)))
		goto done;
	memset(&o, 0, sizeof(o));
	o.csv = !strcmp(format, "csv");
	o.first = 1;
	if (o.csv) {
		sbuf_adds(&o.sb, !strcmp(what, "activities") ?
			"id,created_at,activity_type,content_id,score,duration_ms,ai_cached,ai_cost,ai_model,metadata\n" :
			!strcmp(what, "progress") ?
			"content_id,content_type,attempts,best_score,last_score,last_attempt_at,mastery_level,next_review_at,interval_days,stability,difficulty,state,reps,lapses\n" :
			"id,content_type,difficulty,topic,primary_text,secondary_text,metadata\n");
	} else {
		sbuf_addf(&o.sb, "{\n  \"format\": \"aidioma-export\",\n  \"version\": 1,\n"
				 "  \"what\": \"%s\",\n", what);
		if (u.login[0]) {
			cJSON *tmp = cJSON_CreateString(u.login);
			char *q = cJSON_PrintUnformatted(tmp);

			cJSON_Delete(tmp);
			sbuf_addf(&o.sb, "  \"user\": %s,\n", q);
			cJSON_free(q);
		}
		sbuf_adds(&o.sb, "  \"items\": [");
	}
	if (!strcmp(what, "activities"))
		r = store_activity_foreach(st, u.id, each_activity, &o, &e);
	else if (!strcmp(what, "progress"))
		r = store_progress_foreach(st, u.id, each_progress, &o, &e);
	else
		r = store_content_foreach(st, NULL, each_content, &o, &e);
	if (r) {
		rc = cli_fail("export", &e);
		goto free_out;
	}
	if (!o.csv)
		sbuf_adds(&o.sb, o.first ? "]\n}\n" : "\n  ]\n}\n");
	if (output) {
		if (file_write_atomic(output, o.sb.buf, o.sb.len, 0600, &e))
			rc = cli_fail("export", &e);
	} else if (fwrite(o.sb.buf, 1, o.sb.len, stdout) != o.sb.len) {
		fprintf(stderr, "aidioma: export: cannot write to standard output\n");
		rc = EXIT_FAIL;
	}
free_out:
	sbuf_release(&o.sb);
done:
	user_release(&u);
	store_close(st);
	return rc;
}

const struct cmd cmd_export = {
	"export", run, "export your data as JSON or CSV, or your flashcards for Anki",
	"usage: aidioma [--db PATH] [--user NAME] export [--format json|csv]\n"
	"                      [--what activities|progress|content] [--output FILE]\n"
	"       aidioma [--db PATH] [--user NAME] export --format apkg\n"
	"                      [--with-scheduling] --output FILE\n"
	"\n"
	"Write the current user's activities (the default) or progress, or all the\n"
	"content, as JSON (the default) or CSV, to standard output or to FILE\n"
	"(written whole or not at all).\n"
	"\n"
	"--format apkg writes your flashcards (the cards in your queue) as an Anki\n"
	"package that Anki 2.1 and later open, with their tags, topics as decks,\n"
	"and their sounds. --with-scheduling keeps each card's due date and state\n"
	"and your review history, as Anki's 'include scheduling information' does.\n"
};
