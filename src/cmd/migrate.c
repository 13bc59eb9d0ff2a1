/* migrate.c: aidioma migrate-legacy: a seven-table database moved into the unified schema. */
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/legacy.h"
#include "aidioma/sync.h"
#include "cmd/cmd.h"
#include "banned.h"

static void print_counts(const struct legacy_report *r, int json)
{
	int i;

	if (json) {
		cJSON *o = cJSON_CreateObject(), *t = cJSON_AddArrayToObject(o, "tables");
		char *text;

		for (i = 0; i < LEGACY_TABLES; i++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddStringToObject(x, "legacy_table", r->t[i].table);
			cJSON_AddNumberToObject(x, "rows", r->t[i].source);
			cJSON_AddStringToObject(x, "into", r->t[i].into);
			cJSON_AddNumberToObject(x, "migrated", r->t[i].migrated);
			cJSON_AddItemToArray(t, x);
		}
		cJSON_AddNumberToObject(o, "empty_sessions", r->empty_sessions);
		cJSON_AddStringToObject(o, "namespace", r->ns);
		cJSON_AddBoolToObject(o, "dry_run", r->dry_run);
		text = cJSON_Print(o);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(o);
		return;
	}
	printf("%-20s %6s  %-40s %6s\n", "legacy table", "rows", "moved into", "rows");
	for (i = 0; i < LEGACY_TABLES; i++)
		printf("%-20s %6ld  %-40s %6ld\n", r->t[i].table, r->t[i].source, r->t[i].into,
		       r->t[i].migrated);
	if (r->empty_sessions)
		printf("%ld practice session%s without answers kept in the backup only\n",
		       r->empty_sessions, r->empty_sessions == 1 ? "" : "s");
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct sync_init_options io = { 0 };
	struct legacy_report r;
	struct err e = ERR_INIT;
	const char *from = NULL, *path;
	int i, v, dry = 0, back = 0, force = 0, json = 0, pg, rc;
	struct sync *s = NULL;

	(void)cli;
	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_migrate_legacy.usage, stdout);
			return EXIT_OK;
		}
		if ((v = opt_value(argc, argv, &i, "--from", &from))) {
			if (v < 0)
				return cli_usage(&cmd_migrate_legacy, "migrate-legacy: --from needs "
						 "sqlite:PATH or postgres:CONNINFO");
		} else if (!strcmp(argv[i], "--dry-run")) {
			dry = 1;
		} else if (!strcmp(argv[i], "--rollback")) {
			back = 1;
		} else if (!strcmp(argv[i], "--force")) {
			force = 1;
		} else if (!strcmp(argv[i], "--no-vector")) {
			io.no_vector = 1;
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else {
			return cli_usage(&cmd_migrate_legacy, "migrate-legacy: unknown argument '%s'",
					 argv[i]);
		}
	}
	if (!from)
		return cli_usage(&cmd_migrate_legacy, "migrate-legacy: --from sqlite:PATH or "
				 "postgres:CONNINFO is required");
	if (back && dry)
		return cli_usage(&cmd_migrate_legacy, "migrate-legacy: --rollback and --dry-run do not go "
				 "together");
	if (!strncmp(from, "sqlite:", 7)) {
		pg = 0;
		path = from + 7;
	} else if (!strncmp(from, "postgres:", 9)) {
		pg = 1;
		path = from + 9;
	} else {
		return cli_usage(&cmd_migrate_legacy, "migrate-legacy: --from must start with sqlite: "
				 "or postgres:, not '%s'", from);
	}
	if (!*path)
		return cli_usage(&cmd_migrate_legacy, "migrate-legacy: --from %s needs a %s", from,
				 pg ? "connection string" : "path");
	if (pg && sync_connect(path, &s, &e))
		return cli_fail("migrate-legacy", &e);
	if (back) {
		rc = pg ? sync_legacy_rollback(s, force, &e) : store_legacy_rollback(path, force, &e);
		sync_close(s);
		if (rc)
			return cli_fail("migrate-legacy: rolling back", &e);
		if (json)
			printf("{\"rolled_back\": true}\n");
		else
			printf("rolled back: the seven legacy tables are as they were and the unified "
			       "schema is gone\n");
		return EXIT_OK;
	}
	rc = pg ? sync_legacy_migrate(s, dry, &io, &r, &e) : store_legacy_migrate(path, dry, &r, &e);
	sync_close(s);
	if (r.t[0].table && (r.t[0].source || r.t[0].migrated || !rc))
		print_counts(&r, json);
	if (rc)
		return cli_fail("migrate-legacy", &e);
	if (!json) {
		if (dry)
			printf("dry run: every row moved and counted, then rolled back; nothing changed\n");
		else
			printf("migrated in place; the old tables are kept in %s; undo with "
			       "'aidioma migrate-legacy --from %s --rollback'\n",
			       pg ? "the schema legacy_backup" : "legacy_backup_*",
			       pg ? "postgres:..." : from);
	}
	return EXIT_OK;
}

const struct cmd cmd_migrate_legacy = {
	"migrate-legacy", run, "move a database of the original seven-table design",
	"usage: aidioma migrate-legacy --from sqlite:PATH|postgres:CONNINFO [--dry-run]\n"
	"                              [--rollback [--force]] [--no-vector] [--json]\n"
	"\n"
	"Move a database of the original design (users, sentences, practice_sessions,\n"
	"evaluations, user_progress, evaluation_cache, learning_analytics) into the\n"
	"unified schema, in place and in one transaction: the old tables are kept as\n"
	"backups (SQLite: legacy_backup_NAME; PostgreSQL: the schema legacy_backup),\n"
	"the rows are moved, and each table's row count is checked against its\n"
	"source; any mismatch undoes everything. A migrated SQLite file is then an\n"
	"aidioma database (aidioma --db PATH); a migrated PostgreSQL is ready for\n"
	"'aidioma sync'.\n"
	"\n"
	"  --dry-run    do and check everything, then undo it\n"
	"  --rollback   put the seven tables back as they were and remove the\n"
	"               unified schema; refused when activities were recorded since,\n"
	"               unless --force\n"
	"  --no-vector  (PostgreSQL) embeddings as real[] even where pgvector exists\n"
	"  --json       print the counts as JSON\n"
};
