/* legacy.c: the seven-table SQLite database moved in place into the unified schema, and back. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aidioma/legacy.h"
#include "store-int.h"
#include "banned.h"

const char *const legacy_table_names[LEGACY_TABLES] = {
	"users", "sentences", "practice_sessions", "evaluations", "user_progress",
	"evaluation_cache", "learning_analytics"
};

/* The columns the migration reads: a table without them is not legacy. */
static const char *const legacy_columns[LEGACY_TABLES] = {
	"id, username, email, level, created_at, last_login",
	"id, english, spanish, difficulty, topic, grammar_point, alternatives, created_at",
	"id, user_id, started_at, ended_at, sentence_count, average_score",
	"id, session_id, user_id, sentence_id, user_answer, score, feedback, errors, model, cached, "
	"cost, response_ms, created_at",
	"id, user_id, sentence_id, attempts, best_score, last_score, mastery_level, next_review, "
	"ease_factor, interval_days, repetitions, updated_at",
	"id, cache_key, sentence_id, normalized_answer, response, model, hit_count, created_at, "
	"last_used",
	"id, user_id, metric_name, metric_value, recorded_at, details"
};

static const char *const legacy_into[LEGACY_TABLES] = {
	"users", "learning_content", "learning_activities (metadata.session)",
	"learning_activities", "user_progress", "ai_cache", "learning_metrics"
};

/*
 * The move, in SQLite's dialect (src/sync/legacy.c has PostgreSQL's).
 * legacy_ms(text) reads an ISO-8601 time; legacy_id(T, id) makes the UUID of
 * row id of legacy table number T; @NS@ is the namespace.
 */
static const char move_sql[] =
	"INSERT INTO users (id, login, display_name, role, level, preferences, created_at, updated_at) "
	"SELECT legacy_id(1, id), username, username, 'learner', level, "
	"json_object('email', email, 'last_login', last_login, "
	"'legacy', json_object('table', 'users', 'id', id)), "
	"legacy_ms(created_at), legacy_ms(coalesce(last_login, created_at)) "
	"FROM legacy_backup_users ORDER BY id;\n"

	"INSERT INTO learning_content (id, content_type, difficulty, topic, primary_text, "
	"secondary_text, metadata, usage_count, success_rate, created_at, updated_at) "
	"SELECT 'legacy-@NS@-s' || s.id, 'sentence', s.difficulty, "
	"replace(lower(trim(s.topic)), ' ', '-'), s.spanish, s.english, "
	"json_object('english', s.english, 'spanish', s.spanish, "
	"'accepted', CASE WHEN json_valid(s.alternatives) AND json_type(s.alternatives) = 'array' "
	"THEN json(s.alternatives) ELSE json_array() END, "
	"'grammar', CASE WHEN s.grammar_point IS NULL THEN json_array() "
	"ELSE json_array(s.grammar_point) END, "
	"'hints', json_array(coalesce('Grammar: ' || s.grammar_point, 'Read the English again.'), "
	"substr(s.spanish, 1, instr(s.spanish || ' ', ' ') - 1) || ' ...', "
	"rtrim(s.spanish, replace(s.spanish, ' ', '')) || '...'), "
	"'legacy', json_object('table', 'sentences', 'id', s.id, 'grammar_point', s.grammar_point)), "
	"(SELECT count(*) FROM legacy_backup_evaluations e WHERE e.sentence_id = s.id), "
	"(SELECT avg(e.score >= 70) FROM legacy_backup_evaluations e WHERE e.sentence_id = s.id), "
	"legacy_ms(s.created_at), legacy_ms(s.created_at) "
	"FROM legacy_backup_sentences s ORDER BY s.id;\n"

	/* an answer's time: since the previous answer of its session (at most 30 min) */
	"INSERT INTO learning_activities (id, user_id, activity_type, content_id, score, duration_ms, "
	"metadata, ai_cached, ai_cost, ai_model, created_at) "
	"SELECT legacy_id(4, e.id), legacy_id(1, e.user_id), 'practice', 'legacy-@NS@-s' || e.sentence_id, "
	"e.score, min(1800000, max(0, legacy_ms(e.created_at) - coalesce(legacy_ms(lag(e.created_at) "
	"OVER w), legacy_ms(p.started_at), legacy_ms(e.created_at)))), "
	"json_object('answer', e.user_answer, 'hints', 0, "
	"'source', CASE WHEN e.model = 'exact-match' THEN 'answer_key' "
	"WHEN e.model = 'offline-fallback' THEN 'offline' WHEN e.cached THEN 'cache' ELSE 'ai' END, "
	"'errors', CASE WHEN json_valid(e.errors) AND json_type(e.errors) = 'array' THEN "
	"(SELECT json_group_array(coalesce(json_extract(x.value, '$.type'), 'other')) "
	"FROM json_each(e.errors) x) ELSE json_array() END, "
	"'feedback', CASE WHEN json_valid(e.feedback) THEN json(e.feedback) END, "
	"'error_details', CASE WHEN json_valid(e.errors) THEN json(e.errors) ELSE json_array() END, "
	"'response_ms', e.response_ms, "
	"'session', json_object('id', e.session_id, 'started_at', p.started_at, 'ended_at', p.ended_at), "
	"'legacy', json_object('table', 'evaluations', 'id', e.id)), "
	"CASE WHEN e.cached THEN 1 ELSE 0 END, e.cost, e.model, legacy_ms(e.created_at) "
	"FROM legacy_backup_evaluations e LEFT JOIN legacy_backup_practice_sessions p "
	"ON p.id = e.session_id WINDOW w AS (PARTITION BY e.session_id ORDER BY e.created_at, e.id) "
	"ORDER BY e.created_at, e.id;\n"

	"INSERT INTO daily_activity (user_id, day, activities, duration_ms) "
	"SELECT user_id, CAST(julianday(date(created_at / 1000, 'unixepoch', 'localtime')) - 2440587.5 "
	"AS INTEGER), count(*), sum(duration_ms) FROM learning_activities GROUP BY 1, 2 "
	"ON CONFLICT (user_id, day) DO UPDATE SET activities = excluded.activities, "
	"duration_ms = excluded.duration_ms;\n"

	"INSERT INTO user_progress (id, user_id, content_id, content_type, attempts, best_score, "
	"last_score, last_attempt_at, mastery_level, next_review_at, interval_days, easiness, "
	"repetitions, stability, difficulty, state, step, reps, lapses, suspended, metadata, updated_at) "
	"SELECT legacy_id(5, id), legacy_id(1, user_id), 'legacy-@NS@-s' || sentence_id, 'sentence', "
	"attempts, best_score, last_score, legacy_ms(updated_at), mastery_level, legacy_ms(next_review), "
	"interval_days, ease_factor, repetitions, 0, 0, "
	"CASE WHEN repetitions > 0 THEN 2 WHEN attempts > 0 THEN 1 ELSE 0 END, 0, attempts, 0, 0, "
	"json_object('scheduler', 'sm2', 'legacy', json_object('table', 'user_progress', 'id', id)), "
	"legacy_ms(updated_at) FROM legacy_backup_user_progress ORDER BY id;\n"

	/* what the first grading cost: the uncached evaluation made with the entry */
	"INSERT INTO ai_cache (id, cache_key, task, response, model, cost, source, hit_count, "
	"last_accessed_at, created_at, expires_at) "
	"SELECT legacy_id(6, c.id), c.cache_key, 'legacy-grade', "
	"json_patch(CASE WHEN json_valid(c.response) AND json_type(c.response) = 'object' "
	"THEN c.response ELSE json_object('raw', c.response) END, "
	"json_object('legacy', json_object('table', 'evaluation_cache', 'id', c.id, "
	"'content_id', 'legacy-@NS@-s' || c.sentence_id, 'normalized_answer', c.normalized_answer))), "
	"c.model, coalesce((SELECT max(e.cost) FROM legacy_backup_evaluations e "
	"WHERE e.sentence_id = c.sentence_id AND e.model = c.model AND e.cached = 0 "
	"AND e.created_at = c.created_at), 0), 'ai', c.hit_count, legacy_ms(c.last_used), "
	"legacy_ms(c.created_at), NULL FROM legacy_backup_evaluation_cache c ORDER BY c.id;\n"

	"INSERT INTO learning_metrics (id, ts, user_id, metric, value, metadata) "
	"SELECT legacy_id(7, id), legacy_ms(recorded_at), legacy_id(1, user_id), metric_name, "
	"metric_value, json_object('details', CASE WHEN json_valid(details) THEN json(details) END, "
	"'legacy', json_object('table', 'learning_analytics', 'id', id)) "
	"FROM legacy_backup_learning_analytics ORDER BY id;\n";

/* Rows found afterwards, per legacy table (same order as legacy_table_names). */
static const char *const count_sql[LEGACY_TABLES] = {
	"SELECT count(*) FROM users WHERE id LIKE '@NS@-0000-8001-%'",
	"SELECT count(*) FROM learning_content WHERE id LIKE 'legacy-@NS@-s%'",
	"SELECT count(DISTINCT json_extract(metadata, '$.session.id')) FROM learning_activities "
	"WHERE id LIKE '@NS@-0000-8004-%' AND json_extract(metadata, '$.session.started_at') IS NOT NULL",
	"SELECT count(*) FROM learning_activities WHERE id LIKE '@NS@-0000-8004-%'",
	"SELECT count(*) FROM user_progress WHERE id LIKE '@NS@-0000-8005-%'",
	"SELECT count(*) FROM ai_cache WHERE id LIKE '@NS@-0000-8006-%'",
	"SELECT count(*) FROM learning_metrics WHERE id LIKE '@NS@-0000-8007-%'",
};

#define SEVEN "('users', 'sentences', 'practice_sessions', 'evaluations', 'user_progress', " \
	      "'evaluation_cache', 'learning_analytics')"

struct lconn {
	sqlite3 *db;
	char ns[9];
};

static int fail_db(struct lconn *c, struct err *e, const char *what)
{
	return err_set(e, ERR_FAIL, "%s: %s", what, sqlite3_errmsg(c->db));
}

static int run(struct lconn *c, const char *sql, struct err *e, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_FAIL, "%s: %s", what, msg ? msg : sqlite3_errmsg(c->db));
		sqlite3_free(msg);
		return ERR_FAIL;
	}
	return 0;
}

static int query_long(struct lconn *c, const char *sql, long *out, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail_db(c, e, "counting rows");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : fail_db(c, e, "counting rows");
}

static void fn_ms(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	ms_t ms;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!t || time_parse_iso((const char *)t, &ms)) {
		char msg[160];

		xsnprintf(msg, sizeof(msg), "'%.60s' is not an ISO-8601 time", t ? (const char *)t : "");
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	sqlite3_result_int64(ctx, ms);
}

static void fn_id(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct lconn *c = sqlite3_user_data(ctx);
	char id[40];

	(void)argc;
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	xsnprintf(id, sizeof(id), "%s-0000-8%03x-8000-%012llx", c->ns,
		  (unsigned)sqlite3_value_int(argv[0]) & 0xfff,
		  (unsigned long long)sqlite3_value_int64(argv[1]) & 0xffffffffffffULL);
	sqlite3_result_text(ctx, id, -1, SQLITE_TRANSIENT);
}

static int lopen(const char *path, struct lconn *c, struct err *e)
{
	struct stat sb;

	memset(c, 0, sizeof(*c));
	if (stat(path, &sb) < 0)
		return err_set(e, ERR_NOTFOUND, "legacy database '%s' does not exist", path);
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		err_set(e, ERR_FAIL, "cannot open '%s': %s", path,
			c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite3_close(c->db);
		c->db = NULL;
		return ERR_FAIL;
	}
	sqlite3_busy_timeout(c->db, 15000);
	sqlite3_extended_result_codes(c->db, 1);
	/* tables are renamed and dropped while their rows still point at each other */
	if (run(c, "PRAGMA foreign_keys = OFF", e, "opening the legacy database")) {
		sqlite3_close(c->db);
		c->db = NULL;
		return ERR_FAIL;
	}
	sqlite3_create_function(c->db, "legacy_ms", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, c, fn_ms,
				NULL, NULL);
	sqlite3_create_function(c->db, "legacy_id", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, c, fn_id,
				NULL, NULL);
	return 0;
}

static int table_exists(struct lconn *c, const char *name)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

static int user_version(struct lconn *c)
{
	long v = 0;

	query_long(c, "PRAGMA user_version", &v, NULL);
	return (int)v;
}

/* The seven tables with the columns read, or a clear error. */
static int check_legacy(struct lconn *c, struct err *e)
{
	char sql[512];
	sqlite3_stmt *s;
	int i;

	if (table_exists(c, "legacy_migration"))
		return err_set(e, ERR_USAGE, "it was migrated already (undo with --rollback)");
	if (table_exists(c, "learning_activities") || user_version(c) != 0)
		return err_set(e, ERR_USAGE, "it is an aidioma database, not one of the seven-table "
			       "design");
	for (i = 0; i < LEGACY_TABLES; i++) {
		xsnprintf(sql, sizeof(sql), "SELECT %s FROM %s LIMIT 0", legacy_columns[i],
			  legacy_table_names[i]);
		if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK)
			return err_set(e, ERR_USAGE, "not a database of the seven-table design: "
				       "table '%s': %s", legacy_table_names[i], sqlite3_errmsg(c->db));
		sqlite3_finalize(s);
	}
	return 0;
}

static int apply_schema(struct lconn *c, struct err *e)
{
	char pragma[64];
	int i;

	for (i = 0; i < store_migration_count; i++)
		if (run(c, store_migrations[i].sql, e, "creating the unified schema"))
			return err_prefix(e, "migration %s", store_migrations[i].name);
	xsnprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", store_latest_version());
	return run(c, pragma, e, "setting the schema version");
}

static int move_and_verify(struct lconn *c, struct legacy_report *r, struct err *e)
{
	char *sql;
	long v;
	int i, rc;

	sql = str_replace_all(move_sql, "@NS@", c->ns);
	rc = run(c, sql, e, "moving the rows");
	free(sql);
	if (rc)
		return rc;
	for (i = 0; i < LEGACY_TABLES; i++) {
		sql = str_replace_all(count_sql[i], "@NS@", c->ns);
		rc = query_long(c, sql, &r->t[i].migrated, e);
		free(sql);
		if (rc)
			return rc;
	}
	if (query_long(c, "SELECT count(*) FROM legacy_backup_practice_sessions p WHERE NOT EXISTS "
		       "(SELECT 1 FROM legacy_backup_evaluations e WHERE e.session_id = p.id)", &v, e))
		return ERR_FAIL;
	r->empty_sessions = v;
	for (i = 0; i < LEGACY_TABLES; i++) {
		long want = r->t[i].source - (i == 2 ? r->empty_sessions : 0);

		if (r->t[i].migrated != want)
			return err_set(e, ERR_FAIL, "verifying '%s': %ld rows in the legacy table, "
				       "%ld in %s", r->t[i].table, want, r->t[i].migrated,
				       r->t[i].into);
	}
	if (query_long(c, "SELECT count(*) FROM pragma_foreign_key_check", &v, e))
		return ERR_FAIL;
	if (v)
		return err_set(e, ERR_FAIL, "verifying: %ld rows point at rows that do not exist "
			       "(PRAGMA foreign_key_check)", v);
	return 0;
}

void legacy_report_init(struct legacy_report *r, int dry_run)
{
	char id[37], hex[65];
	int i;

	memset(r, 0, sizeof(*r));
	r->dry_run = dry_run;
	for (i = 0; i < LEGACY_TABLES; i++) {
		r->t[i].table = legacy_table_names[i];
		r->t[i].into = legacy_into[i];
	}
	uuid_new(id);
	sha256_hex(id, strlen(id), hex);
	memcpy(r->ns, hex, 8);
}

int store_legacy_migrate(const char *path, int dry_run, struct legacy_report *r, struct err *e)
{
	struct lconn c;
	char sql[512];
	int i, rc;

	legacy_report_init(r, dry_run);
	if ((rc = lopen(path, &c, e)))
		return rc;
	xstrlcpy(c.ns, r->ns, sizeof(c.ns));
	if ((rc = run(&c, "BEGIN IMMEDIATE", e, "starting the migration")))
		goto out;
	if ((rc = check_legacy(&c, e)))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		xsnprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", legacy_table_names[i]);
		if ((rc = query_long(&c, sql, &r->t[i].source, e)))
			goto undo;
	}
	/* the backups: the original definitions, and the tables under new names */
	xsnprintf(sql, sizeof(sql), "CREATE TABLE legacy_backup_schema AS SELECT rowid AS n, type, "
		  "name, tbl_name, sql, %d AS user_version FROM sqlite_master "
		  "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%%' AND name != 'legacy_backup_schema'",
		  user_version(&c));
	if ((rc = run(&c, sql, e, "saving the legacy schema")))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		xsnprintf(sql, sizeof(sql), "ALTER TABLE %s RENAME TO legacy_backup_%s",
			  legacy_table_names[i], legacy_table_names[i]);
		if ((rc = run(&c, sql, e, "keeping a backup of the legacy tables")))
			goto undo;
	}
	if ((rc = apply_schema(&c, e)) || (rc = move_and_verify(&c, r, e)))
		goto undo;
	if ((rc = run(&c, "CREATE TABLE legacy_migration (legacy_table TEXT PRIMARY KEY, "
		      "into_table TEXT NOT NULL, source_rows INTEGER NOT NULL, "
		      "migrated_rows INTEGER NOT NULL, namespace TEXT NOT NULL, "
		      "migrated_at INTEGER NOT NULL)", e, "recording the migration")))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(c.db, "INSERT INTO legacy_migration VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				       -1, &s, NULL) != SQLITE_OK) {
			rc = fail_db(&c, e, "recording the migration");
			goto undo;
		}
		sqlite3_bind_text(s, 1, r->t[i].table, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->t[i].into, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, r->t[i].source);
		sqlite3_bind_int64(s, 4, r->t[i].migrated);
		sqlite3_bind_text(s, 5, c.ns, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, clock_now_ms());
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : fail_db(&c, e, "recording the migration");
		sqlite3_finalize(s);
		if (rc)
			goto undo;
	}
	if (dry_run)
		goto undo;
	rc = run(&c, "COMMIT", e, "committing the migration");
	if (rc)
		goto undo;
	goto out;
undo:
	sqlite3_exec(c.db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_close(c.db);
	return rc;
}

/* Names of the objects of one type matching a condition, into a list. */
static int names(struct lconn *c, const char *sql, char (**out)[128], int *n, struct err *e)
{
	sqlite3_stmt *s;
	int alloc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail_db(c, e, "reading the schema");
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			*out = xrealloc(*out, (size_t)alloc * sizeof(**out));
		}
		xstrlcpy((*out)[(*n)++], (const char *)sqlite3_column_text(s, 0), sizeof(**out));
	}
	sqlite3_finalize(s);
	return 0;
}

int store_legacy_rollback(const char *path, int force, struct err *e)
{
	struct sbuf sb = SBUF_INIT;
	struct lconn c;
	char (*list)[128] = NULL;
	long acts = 0, moved = 0, uv = 0;
	int i, n = 0, rc;
	sqlite3_stmt *s = NULL;

	if ((rc = lopen(path, &c, e)))
		return rc;
	if ((rc = run(&c, "BEGIN IMMEDIATE", e, "starting the rollback")))
		goto out;
	if (!table_exists(&c, "legacy_migration") || !table_exists(&c, "legacy_backup_schema")) {
		rc = err_set(e, ERR_USAGE, "'%s' holds no legacy migration to roll back", path);
		goto undo;
	}
	if ((rc = query_long(&c, "SELECT count(*) FROM learning_activities", &acts, e)) ||
	    (rc = query_long(&c, "SELECT migrated_rows FROM legacy_migration "
			     "WHERE legacy_table = 'evaluations'", &moved, e)) ||
	    (rc = query_long(&c, "SELECT coalesce(max(user_version), 0) FROM legacy_backup_schema",
			     &uv, e)))
		goto undo;
	if (acts != moved && !force) {
		rc = err_set(e, ERR_USAGE, "%ld activit%s recorded after the migration would be lost: "
			     "add --force to roll back anyway", acts - moved, acts - moved == 1 ? "y" : "ies");
		goto undo;
	}
	/* everything the migration made goes */
	if ((rc = names(&c, "SELECT name FROM sqlite_master WHERE type = 'view' AND name NOT IN "
			"(SELECT name FROM legacy_backup_schema)", &list, &n, e)))
		goto undo;
	for (i = 0; i < n; i++)
		sbuf_addf(&sb, "DROP VIEW \"%s\";", list[i]);
	free(list);
	if ((rc = names(&c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
			"'legacy_backup_%' AND name NOT LIKE 'sqlite_%' AND name NOT IN (SELECT name "
			"FROM legacy_backup_schema WHERE type = 'table' AND name NOT IN " SEVEN ")",
			&list, &n, e)))
		goto undo;
	for (i = 0; i < n; i++)
		sbuf_addf(&sb, "DROP TABLE \"%s\";", list[i]);
	free(list);
	if ((rc = run(&c, sb.buf ? sb.buf : "", e, "removing the unified schema")))
		goto undo;
	sbuf_reset(&sb);
	/* the legacy tables as they were defined, with their rows, then their indexes */
	if (sqlite3_prepare_v2(c.db, "SELECT type, name, sql FROM legacy_backup_schema "
			       "WHERE tbl_name IN " SEVEN " ORDER BY type != 'table', n", -1, &s,
			       NULL) != SQLITE_OK) {
		rc = fail_db(&c, e, "reading the saved schema");
		goto undo;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const char *def = (const char *)sqlite3_column_text(s, 2);

		if (!strcmp(type, "table"))
			sbuf_addf(&sb, "%s;INSERT INTO \"%s\" SELECT * FROM \"legacy_backup_%s\";"
				  "DROP TABLE \"legacy_backup_%s\";", def, name, name, name);
		else
			sbuf_addf(&sb, "%s;", def);
	}
	sqlite3_finalize(s);
	sbuf_addf(&sb, "DROP TABLE legacy_backup_schema;PRAGMA user_version = %ld;", uv);
	if ((rc = run(&c, sb.buf, e, "restoring the legacy tables")))
		goto undo;
	rc = run(&c, "COMMIT", e, "committing the rollback");
	if (!rc)
		goto out;
undo:
	sqlite3_exec(c.db, "ROLLBACK", NULL, NULL, NULL);
out:
	sbuf_release(&sb);
	sqlite3_close(c.db);
	return rc;
}
