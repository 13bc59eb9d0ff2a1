/* progress.c: user_progress, one row per (user, content). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

#define PROGRESS_COLS "id, user_id, content_id, content_type, attempts, best_score, last_score, " \
		      "coalesce(last_attempt_at, 0), mastery_level, coalesce(next_review_at, 0), " \
		      "interval_days, easiness, repetitions, stability, difficulty, state, step, " \
		      "reps, lapses, suspended, metadata, updated_at"

void progress_init(struct progress *p, const char *user_id, const char *content_id,
		   const char *content_type)
{
	memset(p, 0, sizeof(*p));
	xstrlcpy(p->user_id, user_id, sizeof(p->user_id));
	xstrlcpy(p->content_id, content_id, sizeof(p->content_id));
	xstrlcpy(p->content_type, content_type, sizeof(p->content_type));
	p->best_score = p->last_score = NAN;
	p->easiness = 2.5;
}

void progress_release(struct progress *p)
{
	free(p->metadata);
	p->metadata = NULL;
}

void progress_from_row(sqlite3_stmt *s, struct progress *p)
{
	memset(p, 0, sizeof(*p));
	col_copy(s, 0, p->id, sizeof(p->id));
	col_copy(s, 1, p->user_id, sizeof(p->user_id));
	col_copy(s, 2, p->content_id, sizeof(p->content_id));
	col_copy(s, 3, p->content_type, sizeof(p->content_type));
	p->attempts = (long)sqlite3_column_int64(s, 4);
	p->best_score = col_real_or_nan(s, 5);
	p->last_score = col_real_or_nan(s, 6);
	p->last_attempt_at = sqlite3_column_int64(s, 7);
	p->mastery_level = sqlite3_column_int(s, 8);
	p->next_review_at = sqlite3_column_int64(s, 9);
	p->interval_days = sqlite3_column_double(s, 10);
	p->easiness = sqlite3_column_double(s, 11);
	p->repetitions = (long)sqlite3_column_int64(s, 12);
	p->stability = sqlite3_column_double(s, 13);
	p->difficulty = sqlite3_column_double(s, 14);
	p->state = sqlite3_column_int(s, 15);
	p->step = sqlite3_column_int(s, 16);
	p->reps = (long)sqlite3_column_int64(s, 17);
	p->lapses = (long)sqlite3_column_int64(s, 18);
	p->suspended = sqlite3_column_int(s, 19);
	p->metadata = col_strdup(s, 20);
	p->updated_at = sqlite3_column_int64(s, 21);
}

int store_progress_get(struct store *st, const char *user_id, const char *content_id,
		       struct progress *p, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_GET,
				     "SELECT " PROGRESS_COLS " FROM user_progress "
				     "WHERE user_id = ?1 AND content_id = ?2", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, content_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		progress_from_row(s, p);
	store_done(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no progress for '%s'", content_id);
	return store_sqlerr(st, e, "reading progress");
}

int store_progress_put(struct store *st, struct progress *p, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_PUT,
		"INSERT INTO user_progress (id, user_id, content_id, content_type, attempts, "
		"best_score, last_score, last_attempt_at, mastery_level, next_review_at, "
		"interval_days, easiness, repetitions, stability, difficulty, state, step, reps, "
		"lapses, suspended, metadata, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		"?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
		"ON CONFLICT (user_id, content_id) DO UPDATE SET content_type = excluded.content_type, "
		"attempts = excluded.attempts, best_score = excluded.best_score, "
		"last_score = excluded.last_score, last_attempt_at = excluded.last_attempt_at, "
		"mastery_level = excluded.mastery_level, next_review_at = excluded.next_review_at, "
		"interval_days = excluded.interval_days, easiness = excluded.easiness, "
		"repetitions = excluded.repetitions, stability = excluded.stability, "
		"difficulty = excluded.difficulty, state = excluded.state, step = excluded.step, "
		"reps = excluded.reps, lapses = excluded.lapses, suspended = excluded.suspended, "
		"metadata = excluded.metadata, updated_at = excluded.updated_at", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	if (!p->id[0])
		uuid_new(p->id);
	p->updated_at = clock_now_ms();
	sqlite3_bind_text(s, 1, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->content_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, p->attempts);
	bind_real_or_null(s, 6, p->best_score);
	bind_real_or_null(s, 7, p->last_score);
	if (p->last_attempt_at)
		sqlite3_bind_int64(s, 8, p->last_attempt_at);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_int(s, 9, p->mastery_level);
	if (p->next_review_at)
		sqlite3_bind_int64(s, 10, p->next_review_at);
	else
		sqlite3_bind_null(s, 10);
	sqlite3_bind_double(s, 11, p->interval_days);
	sqlite3_bind_double(s, 12, p->easiness);
	sqlite3_bind_int64(s, 13, p->repetitions);
	sqlite3_bind_double(s, 14, p->stability);
	sqlite3_bind_double(s, 15, p->difficulty);
	sqlite3_bind_int(s, 16, p->state);
	sqlite3_bind_int(s, 17, p->step);
	sqlite3_bind_int64(s, 18, p->reps);
	sqlite3_bind_int64(s, 19, p->lapses);
	sqlite3_bind_int(s, 20, p->suspended ? 1 : 0);
	sqlite3_bind_text(s, 21, p->metadata ? p->metadata : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 22, p->updated_at);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving progress");
	return 0;
}

void store_progress_free(struct progress *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		progress_release(&list[i]);
	free(list);
}

static int due_list(struct store *st, sqlite3_stmt *s, struct progress **out, int *n, int limit,
		    struct err *e)
{
	struct progress *list;
	int rc = SQLITE_DONE, count = 0;

	list = xcalloc((size_t)limit, sizeof(*list));
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW)
		progress_from_row(s, &list[count++]);
	store_done(s);
	if (count < limit && rc != SQLITE_DONE) {
		store_progress_free(list, count);
		return store_sqlerr(st, e, "reading due items");
	}
	*out = list;
	*n = count;
	return 0;
}

int store_progress_due(struct store *st, const char *user_id, ms_t now, int limit,
		       struct progress **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_DUE,
				     "SELECT " PROGRESS_COLS " FROM user_progress "
				     "WHERE user_id = ?1 AND next_review_at <= ?2 AND suspended = 0 "
				     "ORDER BY next_review_at LIMIT ?3", e);

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	if (limit <= 0)
		return 0;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, limit);
	return due_list(st, s, out, n, limit, e);
}

int store_progress_due_of_type(struct store *st, const char *user_id, const char *type, ms_t now,
			       int limit, struct progress **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_DUE_TYPE,
				     "SELECT " PROGRESS_COLS " FROM user_progress "
				     "WHERE user_id = ?1 AND next_review_at <= ?2 AND suspended = 0 "
				     "AND content_type = ?4 ORDER BY next_review_at LIMIT ?3", e);

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	if (limit <= 0)
		return 0;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_text(s, 4, type, -1, SQLITE_STATIC);
	return due_list(st, s, out, n, limit, e);
}

int store_progress_count_due(struct store *st, const char *user_id, ms_t now, long *n,
			     struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_COUNT_DUE,
				     "SELECT count(*) FROM user_progress WHERE user_id = ?1 "
				     "AND next_review_at <= ?2 AND suspended = 0", e);

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_done(s);
		return store_sqlerr(st, e, "counting due items");
	}
	*n = (long)sqlite3_column_int64(s, 0);
	store_done(s);
	return 0;
}

int store_progress_foreach(struct store *st, const char *user_id,
			   int (*fn)(const struct progress *p, void *ctx), void *ctx, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_ALL,
				     "SELECT " PROGRESS_COLS " FROM user_progress WHERE user_id = ?1 "
				     "ORDER BY content_id", e);
	struct progress p;
	int rc = SQLITE_DONE, stop = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		progress_from_row(s, &p);
		stop = fn(&p, ctx);
		progress_release(&p);
	}
	store_done(s);
	if (!stop && rc != SQLITE_DONE)
		return store_sqlerr(st, e, "reading progress");
	return 0;
}

int store_progress_delete(struct store *st, const char *user_id, const char *content_id,
			  struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PROGRESS_DELETE, "DELETE FROM user_progress "
				     "WHERE user_id = ?1 AND content_id = ?2", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, content_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "removing progress");
}

int store_progress_attempt(struct store *st, const char *user_id, const char *content_id,
			   const char *content_type, double score, ms_t at, struct err *e)
{
	struct progress p;
	int rc = store_progress_get(st, user_id, content_id, &p, e);

	if (rc == ERR_NOTFOUND)
		progress_init(&p, user_id, content_id, content_type);
	else if (rc)
		return rc;
	p.attempts++;
	if (!isnan(score)) {
		p.last_score = score;
		if (isnan(p.best_score) || score > p.best_score)
			p.best_score = score;
	}
	p.last_attempt_at = at;
	rc = store_progress_put(st, &p, e);
	progress_release(&p);
	return rc;
}
