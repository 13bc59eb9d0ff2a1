/* changes.c: the change log that sync pushes from, sync state, and the rows a pull brings. */
#include <stdlib.h>
#include <string.h>

#include "aidioma/changes.h"
#include "store-int.h"
#include "banned.h"

const char *const change_table_names[CH__COUNT] = { "user", "class", "member", "assignment",
						    "activity", "progress", "features", "cache",
						    "metric" };

/* ---- sync_state */

int store_sync_get(struct store *st, const char *key, char *value, size_t size, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SYNC_GET, "SELECT value FROM sync_state WHERE key = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		col_copy(s, 0, value, size);
	store_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no sync state '%s'", key);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "reading sync state");
}

int store_sync_set(struct store *st, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SYNC_SET,
				     "INSERT INTO sync_state (key, value, updated_at) VALUES (?1, ?2, ?3) "
				     "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
				     "updated_at = excluded.updated_at", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "saving sync state");
}

/* ---- turning the log on */

int store_changes_enabled(struct store *st, int *on, struct err *e)
{
	char v[8];
	int rc = store_sync_get(st, "sync.enabled", v, sizeof(v), e);

	*on = rc == 0;
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/* Every row there is, in an order where a row comes after those it names. */
static const char backfill[] =
	"INSERT INTO sync_log (tbl, key) SELECT 'user', id FROM users ORDER BY created_at, id;"
	"INSERT INTO sync_log (tbl, key) SELECT 'class', id FROM classes ORDER BY created_at, id;"
	"INSERT INTO sync_log (tbl, key) SELECT 'member', class_id || '|' || user_id "
	"FROM class_members ORDER BY joined_at, class_id, user_id;"
	"INSERT INTO sync_log (tbl, key) SELECT 'assignment', id FROM assignments "
	"ORDER BY created_at, id;"
	"INSERT INTO sync_log (tbl, key) SELECT 'activity', id FROM learning_activities "
	"ORDER BY created_at, id;"
	"INSERT INTO sync_log (tbl, key) SELECT 'progress', id FROM user_progress "
	"ORDER BY updated_at, id;"
	"INSERT INTO sync_log (tbl, key) SELECT 'features', user_id FROM user_features;"
	"INSERT INTO sync_log (tbl, key) SELECT 'cache', cache_key FROM ai_cache "
	"ORDER BY created_at, cache_key;"
	"INSERT INTO sync_log (tbl, key) SELECT 'metric', id FROM learning_metrics "
	"WHERE instr(id, ':') = 0 ORDER BY ts, id;";

int store_changes_enable(struct store *st, struct err *e)
{
	char id[37], *msg = NULL;
	int on, rc;

	if ((rc = store_begin(st, e)))
		return rc;
	if ((rc = store_changes_enabled(st, &on, e)))
		goto fail;
	if (!on) {
		if (sqlite3_exec(st->db, backfill, NULL, NULL, &msg) != SQLITE_OK) {
			rc = err_set(e, ERR_FAIL, "filling the change log: %s",
				     msg ? msg : sqlite3_errmsg(st->db));
			sqlite3_free(msg);
			goto fail;
		}
		/* the machine keeps its id through a reset */
		if (store_sync_get(st, "machine.id", id, sizeof(id), NULL)) {
			uuid_new(id);
			if ((rc = store_sync_set(st, "machine.id", id, e)))
				goto fail;
		}
		if ((rc = store_sync_set(st, "sync.enabled", "1", e)))
			goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return rc;
}

int store_changes_reset(struct store *st, struct err *e)
{
	char *msg = NULL;
	int rc;

	if ((rc = store_begin(st, e)))
		return rc;
	if (sqlite3_exec(st->db, "DELETE FROM sync_log; DELETE FROM sync_state WHERE key IN "
			 "('sync.enabled', 'push.seq', 'push.at')", NULL, NULL, &msg) != SQLITE_OK) {
		rc = err_set(e, ERR_FAIL, "emptying the change log: %s",
			     msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		store_rollback(st);
		return rc;
	}
	if ((rc = store_changes_enable(st, e))) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, e);
}

/* ---- batches */

int store_changes_read(struct store *st, long long after_seq, int limit, struct change_batch *b,
		       struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	memset(b, 0, sizeof(*b));
	s = store_stmt(st, SQL_CHANGES_RANGE,
		       "SELECT count(*), coalesce(max(seq), ?1) FROM (SELECT seq FROM sync_log "
		       "WHERE seq > ?1 ORDER BY seq LIMIT ?2)", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_int64(s, 1, after_seq);
	sqlite3_bind_int(s, 2, limit);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		b->entries = (long)sqlite3_column_int64(s, 0);
		b->last_seq = sqlite3_column_int64(s, 1);
	}
	store_done(s);
	if (rc != SQLITE_ROW)
		return store_sqlerr(st, e, "reading the change log");
	if (!b->entries)
		return 0;
	/* one read transaction: every row as of one moment */
	if (sqlite3_exec(st->db, st->txn_depth ? "SAVEPOINT changes_read" : "BEGIN", NULL, NULL,
			 NULL) != SQLITE_OK)
		return store_sqlerr(st, e, "reading the change log");
	if ((rc = store_changes_rows(st, after_seq, b, e)))
		change_batch_release(b);
	sqlite3_exec(st->db, st->txn_depth ? "RELEASE changes_read" : "COMMIT", NULL, NULL, NULL);
	return rc;
}

int store_changes_pending(struct store *st, long long after_seq, long counts[CH__COUNT],
			  struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CHANGES_PENDING, "SELECT tbl, count(*) FROM sync_log "
				     "WHERE seq > ?1 GROUP BY tbl", e);
	int i, rc;

	for (i = 0; i < CH__COUNT; i++)
		counts[i] = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_int64(s, 1, after_seq);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		for (i = 0; i < CH__COUNT; i++)
			if (t && !strcmp(t, change_table_names[i]))
				counts[i] = (long)sqlite3_column_int64(s, 1);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "counting pending changes");
}

int store_changes_forget(struct store *st, long long upto_seq, struct err *e)
{
	/* the newest entry stays: rowids go on from it, never below the mark */
	sqlite3_stmt *s = store_stmt(st, SQL_CHANGES_FORGET, "DELETE FROM sync_log WHERE seq < ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_int64(s, 1, upto_seq);
	rc = sqlite3_step(s);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "forgetting pushed changes");
}

/* ---- what a pull brings */

int store_class_ids(struct store *st, char (**ids)[37], int *n, struct err *e)
{
	return store_ids(st, SQL_CLASS_IDS, "SELECT id FROM classes ORDER BY id", "listing classes", ids, n, e);
}

int store_assignment_upsert(struct store *st, const struct assignment_row *a, int *changed,
			    struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ASSIGNMENT_UPSERT,
		"INSERT INTO assignments (id, class_id, title, activity_type, topic, difficulty, "
		"target_count, due_at, created_by, metadata, created_at, closed_at) VALUES (?1, ?2, "
		"?3, ?4, ?5, ?6, ?7, ?8, (SELECT id FROM users WHERE id = ?9), ?10, ?11, ?12) "
		"ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
		"activity_type = excluded.activity_type, topic = excluded.topic, "
		"difficulty = excluded.difficulty, target_count = excluded.target_count, "
		"due_at = excluded.due_at, metadata = excluded.metadata, "
		"closed_at = CASE WHEN assignments.closed_at IS NULL THEN excluded.closed_at "
		"WHEN excluded.closed_at IS NULL THEN assignments.closed_at "
		"ELSE min(assignments.closed_at, excluded.closed_at) END "
		"WHERE (title, activity_type, topic, difficulty, target_count, due_at, metadata) "
		"IS NOT (excluded.title, excluded.activity_type, excluded.topic, excluded.difficulty, "
		"excluded.target_count, excluded.due_at, excluded.metadata) "
		"OR (excluded.closed_at IS NOT NULL AND (assignments.closed_at IS NULL "
		"OR excluded.closed_at < assignments.closed_at))", e);
	int rc;

	*changed = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->class_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->title ? a->title : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->activity_type, -1, SQLITE_STATIC);
	bind_text_or_null(s, 5, a->topic);
	bind_text_or_null(s, 6, a->difficulty);
	sqlite3_bind_int64(s, 7, a->target_count);
	if (a->due_at)
		sqlite3_bind_int64(s, 8, a->due_at);
	else
		sqlite3_bind_null(s, 8);
	bind_text_or_null(s, 9, a->created_by);
	sqlite3_bind_text(s, 10, a->metadata ? a->metadata : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, a->created_at);
	if (a->closed_at)
		sqlite3_bind_int64(s, 12, a->closed_at);
	else
		sqlite3_bind_null(s, 12);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving an assignment");
	*changed = sqlite3_changes(st->db) > 0;
	return 0;
}
