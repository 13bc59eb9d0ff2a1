/* changes-read.c: the rows a batch of the change log stands for, table by table. */
#include <stdlib.h>
#include <string.h>

#include "aidioma/changes.h"
#include "store-int.h"
#include "banned.h"

#define GROW(arr, n, alloc)                                                     \
	do {                                                                    \
		if ((n) == (alloc)) {                                           \
			(alloc) = (alloc) ? (alloc) * 2 : 64;                   \
			(arr) = xrealloc((arr), (size_t)(alloc) * sizeof(*(arr))); \
		}                                                               \
	} while (0)

/* The keys of one table's put entries in (after, upto]. */
#define PUT_KEYS(tbl) \
	"(SELECT key FROM sync_log WHERE seq > ?1 AND seq <= ?2 AND tbl = '" tbl "' AND op = 'put')"

void change_batch_release(struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_users; i++)
		user_release(&b->users[i]);
	for (i = 0; i < b->n_assignments; i++) {
		free(b->assignments[i].title);
		free(b->assignments[i].metadata);
	}
	store_activity_free(b->activities, b->n_activities);
	store_progress_free(b->progress, b->n_progress);
	for (i = 0; i < b->n_features; i++)
		user_features_release(&b->features[i]);
	for (i = 0; i < b->n_cache; i++) {
		cache_entry_release(&b->cache[i].c);
		free(b->cache[i].content_id);
		free(b->cache[i].input_text);
		free(b->cache[i].embedding_model);
		free(b->cache[i].input_embedding);
		free(b->cache[i].response_embedding);
	}
	for (i = 0; i < b->n_metrics; i++)
		free(b->metrics[i].metadata);
	free(b->users);
	free(b->classes);
	free(b->members);
	free(b->assignments);
	free(b->features);
	free(b->cache);
	free(b->metrics);
	free(b->gone_activities);
	free(b->gone_progress);
	memset(b, 0, sizeof(*b));
}

static sqlite3_stmt *ranged(struct store *st, enum store_sql id, const char *sql,
			    long long after, long long upto, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, id, sql, e);

	if (s) {
		sqlite3_bind_int64(s, 1, after);
		sqlite3_bind_int64(s, 2, upto);
	}
	return s;
}

static char *col_strdup_or_null(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? NULL : col_strdup(s, col);
}

static int read_users(struct store *st, long long after, struct change_batch *b, struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_USERS,
				 "SELECT id, login, display_name, role, level, preferences, created_at, "
				 "updated_at FROM users WHERE id IN " PUT_KEYS("user"), after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct user *u;

		GROW(b->users, b->n_users, alloc);
		u = &b->users[b->n_users++];
		user_from_row(s, u);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed users");
}

static int read_classes(struct store *st, long long after, struct change_batch *b,
			struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_CLASSES,
				 "SELECT id, name, created_at FROM classes WHERE id IN " PUT_KEYS("class"),
				 after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct class_row *c;

		GROW(b->classes, b->n_classes, alloc);
		c = &b->classes[b->n_classes++];
		col_copy(s, 0, c->id, sizeof(c->id));
		col_copy(s, 1, c->name, sizeof(c->name));
		c->created_at = sqlite3_column_int64(s, 2);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed classes");
}

static int read_members(struct store *st, long long after, struct change_batch *b,
			struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_MEMBERS,
				 "SELECT class_id, user_id, role, joined_at, coalesce(last_seen_at, 0) "
				 "FROM class_members WHERE class_id || '|' || user_id IN "
				 PUT_KEYS("member"), after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct member_row *m;

		GROW(b->members, b->n_members, alloc);
		m = &b->members[b->n_members++];
		col_copy(s, 0, m->class_id, sizeof(m->class_id));
		col_copy(s, 1, m->user_id, sizeof(m->user_id));
		col_copy(s, 2, m->role, sizeof(m->role));
		m->joined_at = sqlite3_column_int64(s, 3);
		m->last_seen_at = sqlite3_column_int64(s, 4);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed class members");
}

static int read_assignments(struct store *st, long long after, struct change_batch *b,
			    struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_ASSIGNMENTS,
				 "SELECT id, class_id, title, activity_type, coalesce(topic, ''), "
				 "coalesce(difficulty, ''), target_count, coalesce(due_at, 0), "
				 "coalesce(created_by, ''), metadata, created_at, coalesce(closed_at, 0) "
				 "FROM assignments WHERE id IN " PUT_KEYS("assignment"),
				 after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct assignment_row *a;

		GROW(b->assignments, b->n_assignments, alloc);
		a = &b->assignments[b->n_assignments++];
		memset(a, 0, sizeof(*a));
		col_copy(s, 0, a->id, sizeof(a->id));
		col_copy(s, 1, a->class_id, sizeof(a->class_id));
		a->title = col_strdup(s, 2);
		col_copy(s, 3, a->activity_type, sizeof(a->activity_type));
		col_copy(s, 4, a->topic, sizeof(a->topic));
		col_copy(s, 5, a->difficulty, sizeof(a->difficulty));
		a->target_count = (long)sqlite3_column_int64(s, 6);
		a->due_at = sqlite3_column_int64(s, 7);
		col_copy(s, 8, a->created_by, sizeof(a->created_by));
		a->metadata = col_strdup(s, 9);
		a->created_at = sqlite3_column_int64(s, 10);
		a->closed_at = sqlite3_column_int64(s, 11);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed assignments");
}

static int read_activities(struct store *st, long long after, struct change_batch *b,
			   struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_ACTIVITIES,
				 "SELECT id, user_id, activity_type, coalesce(content_id, ''), score, "
				 "duration_ms, metadata, ai_cached, ai_cost, ai_model, created_at "
				 "FROM learning_activities WHERE id IN " PUT_KEYS("activity"),
				 after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct activity *a;

		GROW(b->activities, b->n_activities, alloc);
		a = &b->activities[b->n_activities++];
		activity_from_row(s, a);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed activities");
}

static int read_progress(struct store *st, long long after, struct change_batch *b, struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_PROGRESS,
		"SELECT id, user_id, content_id, content_type, attempts, best_score, last_score, "
		"coalesce(last_attempt_at, 0), mastery_level, coalesce(next_review_at, 0), "
		"interval_days, easiness, repetitions, stability, difficulty, state, step, reps, "
		"lapses, suspended, metadata, updated_at FROM user_progress WHERE id IN "
		PUT_KEYS("progress"), after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct progress *p;

		GROW(b->progress, b->n_progress, alloc);
		p = &b->progress[b->n_progress++];
		progress_from_row(s, p);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed progress");
}

static int read_features(struct store *st, long long after, struct change_batch *b,
			 struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_FEATURES,
				 "SELECT DISTINCT key FROM sync_log WHERE seq > ?1 AND seq <= ?2 "
				 "AND tbl = 'features' AND op = 'put'", after, b->last_seq, e);
	char (*keys)[37] = NULL;
	int i, rc, n = 0, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		GROW(keys, n, alloc);
		col_copy(s, 0, keys[n++], sizeof(keys[0]));
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		free(keys);
		return store_sqlerr(st, e, "reading changed features");
	}
	alloc = 0;
	for (i = 0; i < n; i++) {
		struct user_features f;

		rc = store_features_get(st, keys[i], &f, e);
		if (rc == ERR_NOTFOUND)
			continue;
		if (rc) {
			free(keys);
			return rc;
		}
		GROW(b->features, b->n_features, alloc);
		b->features[b->n_features++] = f;
	}
	free(keys);
	return 0;
}

static int read_cache(struct store *st, long long after, struct change_batch *b, struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_CACHE,
				 "SELECT id, cache_key, task, response, model, cost, source, hit_count, "
				 "created_at, last_accessed_at, coalesce(expires_at, 0), input_embedding, "
				 "response_embedding, content_id, input_text, embedding_model "
				 "FROM ai_cache WHERE cache_key IN " PUT_KEYS("cache"),
				 after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cache_row *r;

		GROW(b->cache, b->n_cache, alloc);
		r = &b->cache[b->n_cache++];
		memset(r, 0, sizeof(*r));
		col_copy(s, 0, r->id, sizeof(r->id));
		col_copy(s, 1, r->c.cache_key, sizeof(r->c.cache_key));
		col_copy(s, 2, r->c.task, sizeof(r->c.task));
		r->c.response = col_strdup(s, 3);
		col_copy(s, 4, r->c.model, sizeof(r->c.model));
		r->c.cost = sqlite3_column_double(s, 5);
		col_copy(s, 6, r->c.source, sizeof(r->c.source));
		r->c.hit_count = (long)sqlite3_column_int64(s, 7);
		r->c.created_at = sqlite3_column_int64(s, 8);
		r->c.last_accessed_at = sqlite3_column_int64(s, 9);
		r->c.expires_at = sqlite3_column_int64(s, 10);
		/* a damaged vector travels as none */
		store_col_vector(s, 11, &r->input_embedding, &r->input_dims);
		store_col_vector(s, 12, &r->response_embedding, &r->response_dims);
		r->content_id = col_strdup_or_null(s, 13);
		r->input_text = col_strdup_or_null(s, 14);
		r->embedding_model = col_strdup_or_null(s, 15);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed cache entries");
}

static int read_metrics(struct store *st, long long after, struct change_batch *b, struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_METRICS,
				 "SELECT id, ts, user_id, metric, value, metadata FROM learning_metrics "
				 "WHERE id IN " PUT_KEYS("metric"), after, b->last_seq, e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct metric_row *m;

		GROW(b->metrics, b->n_metrics, alloc);
		m = &b->metrics[b->n_metrics++];
		col_copy(s, 0, m->id, sizeof(m->id));
		m->ts = sqlite3_column_int64(s, 1);
		col_copy(s, 2, m->user_id, sizeof(m->user_id));
		col_copy(s, 3, m->metric, sizeof(m->metric));
		m->value = sqlite3_column_double(s, 4);
		m->metadata = col_strdup(s, 5);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading changed metrics");
}

static int read_gone(struct store *st, long long after, struct change_batch *b, struct err *e)
{
	sqlite3_stmt *s = ranged(st, SQL_CHANGES_GONE,
				 "SELECT DISTINCT tbl, key FROM sync_log WHERE seq > ?1 AND seq <= ?2 "
				 "AND op = 'delete'", after, b->last_seq, e);
	int rc, alloc_a = 0, alloc_p = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(s, 0);

		if (tbl && !strcmp(tbl, "activity")) {
			GROW(b->gone_activities, b->n_gone_activities, alloc_a);
			col_copy(s, 1, b->gone_activities[b->n_gone_activities++], 37);
		} else if (tbl && !strcmp(tbl, "progress")) {
			GROW(b->gone_progress, b->n_gone_progress, alloc_p);
			col_copy(s, 1, b->gone_progress[b->n_gone_progress++], 37);
		}
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading deletions");
}

int store_changes_rows(struct store *st, long long after, struct change_batch *b, struct err *e)
{
	int rc;

	if ((rc = read_users(st, after, b, e)) || (rc = read_classes(st, after, b, e)) ||
	    (rc = read_members(st, after, b, e)) || (rc = read_assignments(st, after, b, e)) ||
	    (rc = read_activities(st, after, b, e)) || (rc = read_progress(st, after, b, e)) ||
	    (rc = read_features(st, after, b, e)) || (rc = read_cache(st, after, b, e)) ||
	    (rc = read_metrics(st, after, b, e)))
		return rc;
	return read_gone(st, after, b, e);
}
