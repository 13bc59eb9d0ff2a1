/* legacy.c: the seven-table design moved in place into the unified schema on PostgreSQL, and back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync-int.h"
#include "banned.h"

/* Tables keep their own schema; the backups go to the schema legacy_backup. */
#define LID(t, col) "format('@NS@-0000-800" t "-8000-%s', lpad(to_hex(" col "), 12, '0'))"

/* The same move as src/store/legacy.c, in PostgreSQL's dialect. */
static const char move_sql[] =
	"CREATE FUNCTION pg_temp.try_jsonb(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$ "
	"BEGIN RETURN t::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $$;\n"

	"INSERT INTO aidioma.users (id, login, display_name, role, level, preferences, created_at, "
	"updated_at) SELECT " LID("1", "id") ", username, username, 'learner', level, "
	"jsonb_build_object('email', email, 'last_login', last_login, "
	"'legacy', jsonb_build_object('table', 'users', 'id', id)), "
	"created_at::timestamptz, coalesce(last_login, created_at)::timestamptz "
	"FROM legacy_backup.users ORDER BY id;\n"

	"INSERT INTO aidioma.learning_content (id, content_type, difficulty, topic, primary_text, "
	"secondary_text, metadata, usage_count, success_rate, created_at, updated_at) "
	"SELECT 'legacy-@NS@-s' || s.id, 'sentence', s.difficulty, "
	"replace(lower(trim(s.topic)), ' ', '-'), s.spanish, s.english, "
	"jsonb_build_object('english', s.english, 'spanish', s.spanish, "
	"'accepted', CASE WHEN jsonb_typeof(pg_temp.try_jsonb(s.alternatives::text)) = 'array' "
	"THEN pg_temp.try_jsonb(s.alternatives::text) ELSE '[]'::jsonb END, "
	"'grammar', CASE WHEN s.grammar_point IS NULL THEN '[]'::jsonb "
	"ELSE jsonb_build_array(s.grammar_point) END, "
	"'hints', jsonb_build_array(coalesce('Grammar: ' || s.grammar_point, 'Read the English again.'), "
	"split_part(s.spanish, ' ', 1) || ' ...', regexp_replace(s.spanish, '\\S+$', '') || '...'), "
	"'legacy', jsonb_build_object('table', 'sentences', 'id', s.id, 'grammar_point', s.grammar_point)), "
	"(SELECT count(*) FROM legacy_backup.evaluations e WHERE e.sentence_id = s.id), "
	"(SELECT avg(CASE WHEN e.score >= 70 THEN 1.0 ELSE 0.0 END) FROM legacy_backup.evaluations e "
	"WHERE e.sentence_id = s.id), s.created_at::timestamptz, s.created_at::timestamptz "
	"FROM legacy_backup.sentences s ORDER BY s.id;\n"

	"INSERT INTO aidioma.learning_activities (id, user_id, activity_type, content_id, score, "
	"duration_ms, metadata, ai_cached, ai_cost, ai_model, created_at) "
	"SELECT " LID("4", "e.id") ", " LID("1", "e.user_id") ", 'practice', "
	"'legacy-@NS@-s' || e.sentence_id, e.score, "
	"least(1800000, greatest(0, (extract(epoch FROM e.created_at::timestamptz - coalesce("
	"lag(e.created_at::timestamptz) OVER w, p.started_at::timestamptz, e.created_at::timestamptz)) "
	"* 1000)::bigint)), "
	"jsonb_build_object('answer', e.user_answer, 'hints', 0, "
	"'source', CASE WHEN e.model = 'exact-match' THEN 'answer_key' "
	"WHEN e.model = 'offline-fallback' THEN 'offline' WHEN e.cached::int = 1 THEN 'cache' "
	"ELSE 'ai' END, "
	"'errors', coalesce((SELECT jsonb_agg(coalesce(x ->> 'type', 'other')) "
	"FROM jsonb_array_elements(CASE WHEN jsonb_typeof(pg_temp.try_jsonb(e.errors::text)) = 'array' "
	"THEN pg_temp.try_jsonb(e.errors::text) ELSE '[]'::jsonb END) x), '[]'::jsonb), "
	"'feedback', pg_temp.try_jsonb(e.feedback::text), "
	"'error_details', coalesce(pg_temp.try_jsonb(e.errors::text), '[]'::jsonb), "
	"'response_ms', e.response_ms, "
	"'session', jsonb_build_object('id', e.session_id, 'started_at', p.started_at, "
	"'ended_at', p.ended_at), "
	"'legacy', jsonb_build_object('table', 'evaluations', 'id', e.id)), "
	"e.cached::int = 1, e.cost, e.model, e.created_at::timestamptz "
	"FROM legacy_backup.evaluations e LEFT JOIN legacy_backup.practice_sessions p "
	"ON p.id = e.session_id WINDOW w AS (PARTITION BY e.session_id ORDER BY e.created_at, e.id) "
	"ORDER BY e.created_at, e.id;\n"

	"INSERT INTO aidioma.user_progress (id, user_id, content_id, content_type, attempts, best_score, "
	"last_score, last_attempt_at, mastery_level, next_review_at, interval_days, easiness, "
	"repetitions, stability, difficulty, state, step, reps, lapses, suspended, metadata, updated_at) "
	"SELECT " LID("5", "id") ", " LID("1", "user_id") ", 'legacy-@NS@-s' || sentence_id, 'sentence', "
	"attempts, best_score, last_score, updated_at::timestamptz, mastery_level, "
	"next_review::timestamptz, interval_days, ease_factor, repetitions, 0, 0, "
	"CASE WHEN repetitions > 0 THEN 2 WHEN attempts > 0 THEN 1 ELSE 0 END, 0, attempts, 0, false, "
	"jsonb_build_object('scheduler', 'sm2', 'legacy', jsonb_build_object('table', 'user_progress', "
	"'id', id)), updated_at::timestamptz FROM legacy_backup.user_progress ORDER BY id;\n"

	"INSERT INTO aidioma.ai_cache (id, cache_key, task, response, model, cost, source, hit_count, "
	"last_accessed_at, created_at, expires_at) "
	"SELECT " LID("6", "c.id") ", c.cache_key, 'legacy-grade', "
	"(CASE WHEN jsonb_typeof(pg_temp.try_jsonb(c.response::text)) = 'object' "
	"THEN pg_temp.try_jsonb(c.response::text) ELSE jsonb_build_object('raw', c.response) END) || "
	"jsonb_build_object('legacy', jsonb_build_object('table', 'evaluation_cache', 'id', c.id, "
	"'content_id', 'legacy-@NS@-s' || c.sentence_id, 'normalized_answer', c.normalized_answer)), "
	"c.model, coalesce((SELECT max(e.cost) FROM legacy_backup.evaluations e "
	"WHERE e.sentence_id = c.sentence_id AND e.model = c.model AND e.cached::int = 0 "
	"AND e.created_at = c.created_at), 0), 'ai', c.hit_count, c.last_used::timestamptz, "
	"c.created_at::timestamptz, NULL FROM legacy_backup.evaluation_cache c ORDER BY c.id;\n"

	"INSERT INTO aidioma.learning_metrics (id, ts, user_id, metric, value, metadata) "
	"SELECT " LID("7", "id") ", recorded_at::timestamptz, " LID("1", "user_id") ", metric_name, "
	"metric_value, jsonb_build_object('details', pg_temp.try_jsonb(details::text), "
	"'legacy', jsonb_build_object('table', 'learning_analytics', 'id', id)) "
	"FROM legacy_backup.learning_analytics ORDER BY id;\n"

	"REFRESH MATERIALIZED VIEW aidioma.dashboard_stats;\n";

static const char *const count_sql[LEGACY_TABLES] = {
	"SELECT count(*) FROM aidioma.users WHERE id LIKE '@NS@-0000-8001-%'",
	"SELECT count(*) FROM aidioma.learning_content WHERE id LIKE 'legacy-@NS@-s%'",
	"SELECT count(DISTINCT metadata -> 'session' -> 'id') FROM aidioma.learning_activities "
	"WHERE id LIKE '@NS@-0000-8004-%' AND metadata -> 'session' ->> 'started_at' IS NOT NULL",
	"SELECT count(*) FROM aidioma.learning_activities WHERE id LIKE '@NS@-0000-8004-%'",
	"SELECT count(*) FROM aidioma.user_progress WHERE id LIKE '@NS@-0000-8005-%'",
	"SELECT count(*) FROM aidioma.ai_cache WHERE id LIKE '@NS@-0000-8006-%'",
	"SELECT count(*) FROM aidioma.learning_metrics WHERE id LIKE '@NS@-0000-8007-%'",
};

/* Where the legacy tables are: the schema of 'users' on the search path. */
static int legacy_schema(struct sync *s, char *out, size_t size, struct err *e)
{
	PGresult *r;
	int i, rc;

	if ((rc = pg_query(s, "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = "
			   "c.relnamespace WHERE c.oid = to_regclass('users')", 0, NULL, &r,
			   "finding the legacy tables", e)))
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return err_set(e, ERR_USAGE, "no table 'users': not a database of the seven-table design");
	}
	xstrlcpy(out, PQgetvalue(r, 0, 0), size);
	PQclear(r);
	for (i = 0; i < LEGACY_TABLES; i++) {
		const char *p[2] = { out, legacy_table_names[i] };
		long long n;

		if ((rc = pg_long(s, "SELECT count(*) FROM information_schema.tables WHERE "
				  "table_schema = $1 AND table_name = $2", 2, p, &n,
				  "finding the legacy tables", e)))
			return rc;
		if (!n)
			return err_set(e, ERR_USAGE, "not a database of the seven-table design: no table "
				       "'%s.%s'", out, legacy_table_names[i]);
	}
	return 0;
}

int sync_legacy_migrate(struct sync *s, int dry_run, const struct sync_init_options *o,
			struct legacy_report *r, struct err *e)
{
	char schema[64], sql[512], *text;
	long long n, exists;
	int i, rc;

	legacy_report_init(r, dry_run);
	if ((rc = pg_run(s, "BEGIN", "starting the migration", e)))
		return rc;
	if ((rc = pg_run(s, "SELECT pg_advisory_xact_lock(hashtext('aidioma.schema'))",
			 "waiting for the schema lock", e)) ||
	    (rc = pg_long(s, "SELECT count(*) FROM pg_namespace WHERE nspname IN "
			  "('aidioma', 'legacy_backup')", 0, NULL, &exists, "reading the schemas", e)))
		goto undo;
	if (exists) {
		rc = err_set(e, ERR_USAGE, "the database has the schema 'aidioma' or 'legacy_backup' "
			     "already: it was migrated (undo with --rollback) or holds the unified "
			     "schema; move legacy tables into a database of their own");
		goto undo;
	}
	if ((rc = legacy_schema(s, schema, sizeof(schema), e)))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		char *q = PQescapeIdentifier(s->pg, schema, strlen(schema));

		xsnprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.%s", q ? q : "public",
			  legacy_table_names[i]);
		PQfreemem(q);
		if ((rc = pg_long(s, sql, 0, NULL, &n, "counting the legacy rows", e)))
			goto undo;
		r->t[i].source = (long)n;
	}
	if ((rc = pg_run(s, "CREATE SCHEMA legacy_backup", "keeping a backup", e)))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		char *q = PQescapeIdentifier(s->pg, schema, strlen(schema));

		xsnprintf(sql, sizeof(sql), "ALTER TABLE %s.%s SET SCHEMA legacy_backup",
			  q ? q : "public", legacy_table_names[i]);
		PQfreemem(q);
		if ((rc = pg_run(s, sql, "keeping a backup of the legacy tables", e)))
			goto undo;
	}
	if ((rc = pg_schema_apply(s, o, 1, NULL, e)))
		goto undo;
	text = str_replace_all(move_sql, "@NS@", r->ns);
	rc = pg_run(s, text, "moving the rows", e);
	free(text);
	if (rc)
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		text = str_replace_all(count_sql[i], "@NS@", r->ns);
		rc = pg_long(s, text, 0, NULL, &n, "counting the moved rows", e);
		free(text);
		if (rc)
			goto undo;
		r->t[i].migrated = (long)n;
	}
	if ((rc = pg_long(s, "SELECT count(*) FROM legacy_backup.practice_sessions p WHERE NOT EXISTS "
			  "(SELECT 1 FROM legacy_backup.evaluations e WHERE e.session_id = p.id)", 0,
			  NULL, &n, "counting sessions", e)))
		goto undo;
	r->empty_sessions = (long)n;
	for (i = 0; i < LEGACY_TABLES; i++) {
		long want = r->t[i].source - (i == 2 ? r->empty_sessions : 0);

		if (r->t[i].migrated != want) {
			rc = err_set(e, ERR_FAIL, "verifying '%s': %ld rows in the legacy table, %ld in %s",
				     r->t[i].table, want, r->t[i].migrated, r->t[i].into);
			goto undo;
		}
	}
	if ((rc = pg_run(s, "CREATE TABLE aidioma.legacy_migration (legacy_table text PRIMARY KEY, "
			 "into_table text NOT NULL, source_rows bigint NOT NULL, "
			 "migrated_rows bigint NOT NULL, namespace text NOT NULL, "
			 "source_schema text NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())",
			 "recording the migration", e)))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		char src[24], mig[24];
		const char *p[6] = { r->t[i].table, r->t[i].into, src, mig, r->ns, schema };

		xsnprintf(src, sizeof(src), "%ld", r->t[i].source);
		xsnprintf(mig, sizeof(mig), "%ld", r->t[i].migrated);
		if ((rc = pg_query(s, "INSERT INTO aidioma.legacy_migration (legacy_table, into_table, "
				   "source_rows, migrated_rows, namespace, source_schema) VALUES "
				   "($1, $2, $3, $4, $5, $6)", 6, p, NULL, "recording the migration", e)))
			goto undo;
	}
	if (dry_run)
		goto undo;
	return pg_run(s, "COMMIT", "committing the migration", e);
undo:
	pg_run(s, "ROLLBACK", "", NULL);
	return rc;
}

int sync_legacy_rollback(struct sync *s, int force, struct err *e)
{
	char schema[64], sql[512];
	long long exists, acts, moved;
	PGresult *r;
	int i, rc;

	if ((rc = pg_run(s, "BEGIN", "starting the rollback", e)))
		return rc;
	if ((rc = pg_run(s, "SELECT pg_advisory_xact_lock(hashtext('aidioma.schema'))",
			 "waiting for the schema lock", e)) ||
	    (rc = pg_long(s, "SELECT (to_regclass('aidioma.legacy_migration') IS NOT NULL AND "
			  "to_regnamespace('legacy_backup') IS NOT NULL)::int", 0, NULL, &exists,
			  "reading the schemas", e)))
		goto undo;
	if (!exists) {
		rc = err_set(e, ERR_USAGE, "the database holds no legacy migration to roll back");
		goto undo;
	}
	if ((rc = pg_long(s, "SELECT count(*) FROM aidioma.learning_activities", 0, NULL, &acts,
			  "counting activities", e)) ||
	    (rc = pg_long(s, "SELECT migrated_rows FROM aidioma.legacy_migration WHERE "
			  "legacy_table = 'evaluations'", 0, NULL, &moved, "reading the migration", e)) ||
	    (rc = pg_query(s, "SELECT source_schema FROM aidioma.legacy_migration LIMIT 1", 0, NULL,
			   &r, "reading the migration", e)))
		goto undo;
	xstrlcpy(schema, PQntuples(r) ? PQgetvalue(r, 0, 0) : "public", sizeof(schema));
	PQclear(r);
	if (acts != moved && !force) {
		rc = err_set(e, ERR_USAGE, "%lld activit%s recorded after the migration would be lost: "
			     "add --force to roll back anyway", acts - moved, acts - moved == 1 ? "y" : "ies");
		goto undo;
	}
	if ((rc = pg_run(s, "DROP SCHEMA aidioma CASCADE", "removing the unified schema", e)))
		goto undo;
	for (i = 0; i < LEGACY_TABLES; i++) {
		char *q = PQescapeIdentifier(s->pg, schema, strlen(schema));

		xsnprintf(sql, sizeof(sql), "ALTER TABLE legacy_backup.%s SET SCHEMA %s",
			  legacy_table_names[i], q ? q : "public");
		PQfreemem(q);
		if ((rc = pg_run(s, sql, "restoring the legacy tables", e)))
			goto undo;
	}
	if ((rc = pg_run(s, "DROP SCHEMA legacy_backup", "removing the backup schema", e)))
		goto undo;
	return pg_run(s, "COMMIT", "committing the rollback", e);
undo:
	pg_run(s, "ROLLBACK", "", NULL);
	return rc;
}
