/* sync.c: aidioma sync: the central PostgreSQL: init, push, pull, status, refresh. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "aidioma/changes.h"
#include "aidioma/sync.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

struct opts {
	const char *sub;
	const char *pg;
	int json, quiet, no_vector;
	long batch;
};

static const char *const table_plural[CH__COUNT] = {
	"users", "classes", "class members", "assignments", "activities", "progress rows",
	"feature rows", "cache entries", "metrics"
};
static const char *const table_singular[CH__COUNT] = {
	"user", "class", "class member", "assignment", "activity", "progress row",
	"feature row", "cache entry", "metric"
};

/* The progress bar (on a terminal) and the test hooks of the environment:
 * AIDIOMA_SYNC_KILL_AFTER=N kills the process after N batches, at the
 * moment they are committed on the server and not yet recorded here. */
struct bar {
	int show;
	long kill_after;
};

static int on_progress(const struct sync_progress *p, void *ctx)
{
	struct bar *b = ctx;

	if (b->show) {
		int width = 30, fill = p->total ? (int)(p->done * width / p->total) : width, i;

		fprintf(stderr, "\rpushing [");
		for (i = 0; i < width; i++)
			fputc(i < fill ? '#' : ' ', stderr);
		fprintf(stderr, "] %3d%%  %lld/%lld changes", p->total ? (int)(p->done * 100 / p->total) : 100,
			p->done, p->total);
		fflush(stderr);
	}
	if (b->kill_after > 0 && p->batch >= b->kill_after) {
		if (b->show)
			fputc('\n', stderr);
		raise(SIGKILL);
	}
	return 0;
}

static int connect_pg(const struct opts *o, struct sync **s)
{
	struct err e = ERR_INIT;

	if (!o->pg || !*o->pg)
		return cli_usage(&cmd_sync, "sync %s: no server: give --pg CONNINFO or set AIDIOMA_PG",
				 o->sub);
	if (sync_connect(o->pg, s, &e))
		return cli_fail("sync", &e);
	return EXIT_OK;
}

static void print_info(const struct sync_info *i, const char *what)
{
	printf("%s: schema version %d of %d, embeddings as %s, PostgreSQL %s\n", what, i->version,
	       i->latest, i->vector ? "pgvector vector" : "real[]", i->server_version);
}

static int do_init(const struct opts *o)
{
	struct sync_init_options io = { o->no_vector };
	struct err e = ERR_INIT;
	struct sync_info before, after;
	struct sync *s;
	int rc;

	if ((rc = connect_pg(o, &s)))
		return rc;
	if (sync_info(s, &before, &e) || sync_init(s, &io, &after, &e)) {
		rc = cli_fail("sync init", &e);
	} else if (o->json) {
		printf("{\"from_version\": %d, \"version\": %d, \"embedding\": \"%s\", "
		       "\"server_version\": \"%s\"}\n", before.version, after.version,
		       after.vector ? "vector" : "real[]", after.server_version);
	} else {
		if (before.version == after.version)
			printf("schema already current\n");
		else
			printf("schema %s from version %d to %d\n", before.version ? "upgraded" : "created",
			       before.version, after.version);
		print_info(&after, "server");
	}
	sync_close(s);
	return rc;
}

static void push_json(const struct sync_push_report *r)
{
	cJSON *o = cJSON_CreateObject(), *rows = cJSON_AddObjectToObject(o, "rows");
	char *text;
	int i;

	for (i = 0; i < CH__COUNT; i++)
		cJSON_AddNumberToObject(rows, change_table_names[i], r->rows[i]);
	cJSON_AddNumberToObject(o, "deleted", r->deleted);
	cJSON_AddNumberToObject(o, "changes", (double)r->entries);
	cJSON_AddNumberToObject(o, "batches", r->batches);
	cJSON_AddNumberToObject(o, "resent_batches", r->retried);
	cJSON_AddNumberToObject(o, "ms", (double)(long long)r->ms);
	text = cJSON_Print(o);
	puts(text);
	cJSON_free(text);
	cJSON_Delete(o);
}

static int do_push(struct cli *cli, const struct opts *o)
{
	struct sync_push_options po;
	struct sync_push_report r;
	struct err e = ERR_INIT;
	struct store *st;
	struct sync *s;
	struct bar bar;
	const char *k = getenv("AIDIOMA_SYNC_KILL_AFTER");
	int i, rc, any = 0;

	if ((rc = connect_pg(o, &s)))
		return rc;
	if ((rc = cli_open_store(cli, 0, &st))) {
		sync_close(s);
		return rc;
	}
	memset(&po, 0, sizeof(po));
	bar.show = !o->quiet && !o->json && isatty(STDERR_FILENO);
	bar.kill_after = k ? atol(k) : 0;
	po.batch_entries = (int)o->batch;
	po.progress = on_progress;
	po.ctx = &bar;
	rc = sync_push(s, st, &po, &r, &e);
	if (bar.show && r.batches)
		fputc('\n', stderr);
	if (rc) {
		rc = cli_fail("sync push", &e);
	} else if (o->json) {
		push_json(&r);
	} else if (!r.entries) {
		printf("nothing to push\n");
	} else {
		printf("pushed %lld change%s in %d batch%s (%.0f ms):", r.entries,
		       r.entries == 1 ? "" : "s", r.batches, r.batches == 1 ? "" : "es", r.ms);
		for (i = 0; i < CH__COUNT; i++)
			if (r.rows[i]) {
				printf("%s %ld %s", any ? "," : "", r.rows[i],
				       r.rows[i] == 1 ? table_singular[i] : table_plural[i]);
				any = 1;
			}
		if (r.deleted)
			printf("%s %ld taken back", any ? "," : "", r.deleted);
		printf("\n");
		if (r.retried)
			printf("%d batch%s had been sent before: rows already there were kept\n",
			       r.retried, r.retried == 1 ? "" : "es");
	}
	store_close(st);
	sync_close(s);
	return rc;
}

static int do_pull(struct cli *cli, const struct opts *o)
{
	struct sync_pull_report r;
	struct err e = ERR_INIT;
	struct store *st;
	struct sync *s;
	int rc;

	if ((rc = connect_pg(o, &s)))
		return rc;
	if ((rc = cli_open_store(cli, CLI_CREATE, &st))) {
		sync_close(s);
		return rc;
	}
	if (sync_pull(s, st, &r, &e))
		rc = cli_fail("sync pull", &e);
	else if (o->json)
		printf("{\"content\": {\"new\": %ld, \"updated\": %ld, \"unchanged\": %ld}, "
		       "\"assignments\": %ld}\n", r.content_new, r.content_updated, r.content_unchanged,
		       r.assignments);
	else
		printf("pulled content: %ld new, %ld updated, %ld unchanged; %ld assignment%s "
		       "set or changed\n", r.content_new, r.content_updated, r.content_unchanged,
		       r.assignments, r.assignments == 1 ? "" : "s");
	store_close(st);
	sync_close(s);
	return rc;
}

static int do_status(struct cli *cli, const struct opts *o)
{
	struct err e = ERR_INIT;
	struct sync_info info;
	struct store *st;
	struct sync *s = NULL;
	long pending[CH__COUNT], total = 0;
	char hwm[32] = "0", at[48] = "", machine[64] = "";
	int i, rc, on;

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (store_changes_enabled(st, &on, &e)) {
		store_close(st);
		return cli_fail("sync status", &e);
	}
	store_sync_get(st, "push.seq", hwm, sizeof(hwm), NULL);
	store_sync_get(st, "push.at", at, sizeof(at), NULL);
	store_sync_get(st, "machine.id", machine, sizeof(machine), NULL);
	for (i = 0; i < CH__COUNT; i++)
		pending[i] = 0;
	if (on && store_changes_pending(st, strtoll(hwm, NULL, 10), pending, &e)) {
		store_close(st);
		return cli_fail("sync status", &e);
	}
	store_close(st);
	for (i = 0; i < CH__COUNT; i++)
		total += pending[i];
	memset(&info, 0, sizeof(info));
	if (o->pg && *o->pg) {
		if (sync_connect(o->pg, &s, &e) || sync_info(s, &info, &e)) {
			sync_close(s);
			return cli_fail("sync status", &e);
		}
		sync_close(s);
	}
	if (o->json) {
		cJSON *j = cJSON_CreateObject(), *p;
		char *text;

		cJSON_AddBoolToObject(j, "enabled", on);
		if (on) {
			cJSON_AddStringToObject(j, "machine_id", machine);
			cJSON_AddNumberToObject(j, "pushed_up_to", (double)strtoll(hwm, NULL, 10));
		}
		if (at[0])
			cJSON_AddStringToObject(j, "last_push", at);
		else
			cJSON_AddNullToObject(j, "last_push");
		p = cJSON_AddObjectToObject(j, "pending");
		for (i = 0; i < CH__COUNT; i++)
			cJSON_AddNumberToObject(p, change_table_names[i], pending[i]);
		cJSON_AddNumberToObject(j, "pending_total", total);
		if (o->pg && *o->pg) {
			p = cJSON_AddObjectToObject(j, "server");
			cJSON_AddNumberToObject(p, "schema_version", info.version);
			cJSON_AddNumberToObject(p, "latest", info.latest);
			cJSON_AddStringToObject(p, "embedding", info.vector ? "vector" : "real[]");
			cJSON_AddStringToObject(p, "server_version", info.server_version);
		}
		text = cJSON_Print(j);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(j);
		return EXIT_OK;
	}
	if (!on) {
		printf("sync is not on yet: the first 'aidioma sync push' sends everything\n");
	} else {
		printf("last push: %s\n", at[0] ? at : "never");
		printf("pending: %ld change%s", total, total == 1 ? "" : "s");
		for (i = 0, on = 0; i < CH__COUNT; i++)
			if (pending[i]) {
				printf("%s%ld %s", on ? ", " : " (", pending[i],
				       pending[i] == 1 ? table_singular[i] : table_plural[i]);
				on = 1;
			}
		if (on)
			printf(")");
		printf("\n");
	}
	if (o->pg && *o->pg)
		print_info(&info, "server");
	return EXIT_OK;
}

static int do_refresh(const struct opts *o)
{
	struct sync_refresh_report r;
	struct err e = ERR_INIT;
	struct sync *s;
	int rc;

	if ((rc = connect_pg(o, &s)))
		return rc;
	if (sync_refresh(s, 0, &r, &e))
		rc = cli_fail("sync refresh", &e);
	else if (o->json)
		printf("{\"dashboard_rows\": %ld, \"hourly_rows\": %ld, \"features\": %ld}\n",
		       r.dashboard_rows, r.hourly_rows, r.features);
	else
		printf("refreshed the dashboard (%ld users), %ld hourly roll-ups and the features of "
		       "%ld users in %.0f ms\n", r.dashboard_rows, r.hourly_rows, r.features, r.ms);
	sync_close(s);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct opts o;
	const char *v;
	int i, r;

	memset(&o, 0, sizeof(o));
	o.pg = getenv("AIDIOMA_PG");
	v = getenv("AIDIOMA_SYNC_BATCH");
	o.batch = v ? atol(v) : 0;
	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_sync.usage, stdout);
			return EXIT_OK;
		}
		if ((r = opt_value(argc, argv, &i, "--pg", &o.pg))) {
			if (r < 0)
				return cli_usage(&cmd_sync, "sync: --pg needs a connection string");
			continue;
		}
		if ((r = opt_value(argc, argv, &i, "--batch", &v))) {
			char *end;

			o.batch = r > 0 ? strtol(v, &end, 10) : 0;
			if (r < 0 || *end || o.batch < 1 || o.batch > 1000000)
				return cli_usage(&cmd_sync, "sync: --batch takes 1 to 1000000 changes");
			continue;
		}
		if (!strcmp(argv[i], "--json"))
			o.json = 1;
		else if (!strcmp(argv[i], "--quiet"))
			o.quiet = 1;
		else if (!strcmp(argv[i], "--no-vector"))
			o.no_vector = 1;
		else if (argv[i][0] != '-' && !o.sub)
			o.sub = argv[i];
		else
			return cli_usage(&cmd_sync, "sync: unknown argument '%s'", argv[i]);
	}
	if (!o.sub)
		return cli_usage(&cmd_sync, "sync: say init, push, pull, status or refresh");
	if (!strcmp(o.sub, "init"))
		return do_init(&o);
	if (!strcmp(o.sub, "push"))
		return do_push(cli, &o);
	if (!strcmp(o.sub, "pull"))
		return do_pull(cli, &o);
	if (!strcmp(o.sub, "status"))
		return do_status(cli, &o);
	if (!strcmp(o.sub, "refresh"))
		return do_refresh(&o);
	return cli_usage(&cmd_sync, "sync: unknown subcommand '%s'", o.sub);
}

const struct cmd cmd_sync = {
	"sync", run, "push activities and progress to PostgreSQL, pull content",
	"usage: aidioma [--db PATH] sync init|push|pull|status|refresh [--pg CONNINFO] [OPTIONS]\n"
	"\n"
	"Share this database with a central PostgreSQL (the unified schema, in the\n"
	"schema 'aidioma'). CONNINFO is a libpq connection string, e.g.\n"
	"'host=db.school.example dbname=aidioma user=aidioma' (the password from\n"
	"~/.pgpass or PGPASSWORD); without --pg, $AIDIOMA_PG.\n"
	"\n"
	"  init      create or upgrade the schema on the server\n"
	"            --no-vector   embeddings as real[] even where pgvector exists\n"
	"  push      send every user, activity, progress row, feature row, cache\n"
	"            entry and metric made or changed since the last push, and the\n"
	"            class of a class database with its members and assignments\n"
	"            (COPY, in batches; safe to repeat or to interrupt)\n"
	"            --batch N     changes per batch and per transaction (50000)\n"
	"            --quiet       no progress bar\n"
	"  pull      bring down the content, and the assignments of this database's\n"
	"            class, set or changed there\n"
	"  status    what is waiting to be pushed (and the server's schema, with --pg)\n"
	"  refresh   on the server: the dashboard view, the hourly roll-ups and\n"
	"            every learner's features\n"
	"\n"
	"  --json    print the result as JSON\n"
	"\n"
	"Conflicts: a progress row of a learner and an item pushed from two places\n"
	"keeps the one with the later updated_at (on a tie: more reviews, then the\n"
	"greater id). An assignment closed on either side stays closed.\n"
};
