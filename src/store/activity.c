/* activity.c: the one activity stream (learning_activities). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

#define ACTIVITY_COLS "id, user_id, activity_type, coalesce(content_id, ''), score, duration_ms, " \
		      "metadata, ai_cached, ai_cost, ai_model, created_at"

void activity_release(struct activity *a)
{
	free(a->metadata);
	free(a->ai_model);
	a->metadata = a->ai_model = NULL;
}

void activity_from_row(sqlite3_stmt *s, struct activity *a)
{
	memset(a, 0, sizeof(*a));
	col_copy(s, 0, a->id, sizeof(a->id));
	col_copy(s, 1, a->user_id, sizeof(a->user_id));
	col_copy(s, 2, a->type, sizeof(a->type));
	col_copy(s, 3, a->content_id, sizeof(a->content_id));
	a->score = col_real_or_nan(s, 4);
	a->duration_ms = sqlite3_column_int64(s, 5);
	a->metadata = col_strdup(s, 6);
	a->ai_cached = sqlite3_column_int(s, 7);
	a->ai_cost = sqlite3_column_double(s, 8);
	a->ai_model = sqlite3_column_type(s, 9) == SQLITE_NULL ? NULL : col_strdup(s, 9);
	a->created_at = sqlite3_column_int64(s, 10);
}

static void bind_activity(sqlite3_stmt *s, int first, const void *row)
{
	const struct activity *a = row;

	sqlite3_bind_text(s, first + 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 2, a->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 3, a->type, -1, SQLITE_STATIC);
	bind_text_or_null(s, first + 4, a->content_id);
	bind_real_or_null(s, first + 5, a->score);
	sqlite3_bind_int64(s, first + 6, a->duration_ms);
	sqlite3_bind_text(s, first + 7, a->metadata ? a->metadata : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, first + 8, a->ai_cached ? 1 : 0);
	sqlite3_bind_double(s, first + 9, a->ai_cost);
	bind_text_or_null(s, first + 10, a->ai_model);
	sqlite3_bind_int64(s, first + 11, a->created_at);
}

static const struct store_rows activity_rows = {
	SQL_ACTIVITY_INSERT, SQL_ACTIVITY_INSERT_ROWS,
	"INSERT INTO learning_activities (id, user_id, activity_type, content_id, score, "
	"duration_ms, metadata, ai_cached, ai_cost, ai_model, created_at)",
	11, bind_activity, "recording an activity"
};

static int count_day(struct store *st, const char *user_id, int64_t day, long activities,
		     long long duration_ms, struct err *e)
{
	sqlite3_stmt *d = store_stmt(st, SQL_ACTIVITY_DAILY,
		"INSERT INTO daily_activity (user_id, day, activities, duration_ms) "
		"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, day) DO UPDATE SET "
		"activities = activities + excluded.activities, "
		"duration_ms = duration_ms + excluded.duration_ms", e);
	int rc;

	if (!d)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(d, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(d, 2, day);
	sqlite3_bind_int64(d, 3, activities);
	sqlite3_bind_int64(d, 4, duration_ms);
	rc = sqlite3_step(d);
	store_done(d);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "counting the day's activity");
}

/* The day of one activity, to count it in daily_activity. */
struct day_count {
	const char *user_id;
	int64_t day;
	long long duration_ms;
};

static int cmp_day(const void *a, const void *b)
{
	const struct day_count *x = a, *y = b;
	int c = strcmp(x->user_id, y->user_id);

	return c ? c : (x->day > y->day) - (x->day < y->day);
}

/* Count the activities of list in daily_activity: once for each (user, day),
 * with the sums of its activities, which come to what one at a time would. */
static int count_days(struct store *st, const struct activity *list, int n, struct err *e)
{
	struct day_count *days = xcalloc((size_t)n, sizeof(*days));
	long count;
	long long dur;
	int i, j, rc = 0;

	for (i = 0; i < n; i++) {
		days[i].user_id = list[i].user_id;
		days[i].day = time_day_local(list[i].created_at);
		days[i].duration_ms = list[i].duration_ms;
	}
	qsort(days, (size_t)n, sizeof(*days), cmp_day);
	for (i = 0; i < n && !rc; i = j) {
		count = 0;
		dur = 0;
		for (j = i; j < n && !cmp_day(&days[i], &days[j]); j++) {
			count++;
			dur += days[j].duration_ms;
		}
		rc = count_day(st, days[i].user_id, days[i].day, count, dur, e);
	}
	free(days);
	return rc;
}

/* The metadata of a with the learner's variant of each running experiment
 * (experiment.c) into *out (NULL when there is none), to free. */
static int with_variants(struct store *st, const struct activity *a, char **out, struct err *e)
{
	sqlite3_stmt *s;
	char *variants;
	int rc;

	*out = NULL;
	if (store_experiment_patch(st, a->user_id, &variants, e))
		return e ? e->code : ERR_FAIL;
	if (!variants)
		return 0;
	s = store_stmt(st, SQL_ACTIVITY_PATCH, "SELECT json_patch(?1, ?2)", e);
	if (!s) {
		free(variants);
		return e ? e->code : ERR_FAIL;
	}
	sqlite3_bind_text(s, 1, a->metadata ? a->metadata : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, variants, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = col_strdup(s, 0);
	store_done(s);
	free(variants);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "noting the experiments' variants");
}

static int add(struct store *st, struct activity *list, int n, struct err *e)
{
	char **meta = xcalloc((size_t)n, sizeof(*meta)), **given = xcalloc((size_t)n, sizeof(*given));
	int i, rc = 0;

	for (i = 0; i < n && !rc; i++) {
		if (!list[i].id[0])
			uuid_new(list[i].id);
		if (!list[i].created_at)
			list[i].created_at = clock_now_ms();
		rc = with_variants(st, &list[i], &meta[i], e);
		given[i] = list[i].metadata;
		if (meta[i])
			list[i].metadata = meta[i];
	}
	if (!rc)
		rc = store_insert_rows(st, &activity_rows, list, sizeof(*list), n, e) ? ERR_FAIL : 0;
	/* the caller's metadata back, the variants recorded */
	for (i = 0; i < n; i++) {
		if (meta[i])
			list[i].metadata = given[i];
		free(meta[i]);
	}
	free(meta);
	free(given);
	if (rc)
		return e ? e->code : ERR_FAIL;
	return count_days(st, list, n, e);
}

int store_activity_add(struct store *st, struct activity *a, struct err *e)
{
	if (store_begin(st, e))
		return e ? e->code : ERR_FAIL;
	if (add(st, a, 1, e)) {
		store_rollback(st);
		return e ? e->code : ERR_FAIL;
	}
	return store_commit(st, e);
}

int store_activity_add_many(struct store *st, struct activity *list, int n, struct err *e)
{
	if (!st->txn_depth)
		die_bug("store_activity_add_many outside a transaction");
	return n > 0 ? add(st, list, n, e) : 0;
}

void store_activity_free(struct activity *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		activity_release(&list[i]);
	free(list);
}

int store_activity_recent(struct store *st, const char *user_id, int limit,
			  struct activity **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ACTIVITY_RECENT,
				     "SELECT " ACTIVITY_COLS " FROM learning_activities "
				     "WHERE user_id = ?1 ORDER BY created_at DESC LIMIT ?2", e);
	struct activity *list;
	int rc, count = 0;

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	if (limit <= 0)
		return 0;
	list = xcalloc((size_t)limit, sizeof(*list));
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW)
		activity_from_row(s, &list[count++]);
	store_done(s);
	if (count < limit && rc != SQLITE_DONE) {
		store_activity_free(list, count);
		return store_sqlerr(st, e, "reading activities");
	}
	*out = list;
	*n = count;
	return 0;
}

int store_activity_foreach(struct store *st, const char *user_id,
			   int (*fn)(const struct activity *a, void *ctx), void *ctx, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ACTIVITY_ALL,
				     "SELECT " ACTIVITY_COLS " FROM learning_activities "
				     "WHERE user_id = ?1 ORDER BY created_at, id", e);
	struct activity a;
	int rc = SQLITE_DONE, stop = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		activity_from_row(s, &a);
		stop = fn(&a, ctx);
		activity_release(&a);
	}
	store_done(s);
	if (!stop && rc != SQLITE_DONE)
		return store_sqlerr(st, e, "reading activities");
	return 0;
}

int store_activity_delete(struct store *st, const char *user_id, const char *activity_id,
			  struct err *e)
{
	sqlite3_stmt *s;
	ms_t at = 0;
	long long dur = 0;
	int rc;

	if (store_begin(st, e))
		return e ? e->code : ERR_FAIL;
	s = store_stmt(st, SQL_ACTIVITY_GET_ONE, "SELECT created_at, duration_ms FROM "
		       "learning_activities WHERE id = ?1 AND user_id = ?2", e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, activity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, user_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		at = sqlite3_column_int64(s, 0);
		dur = sqlite3_column_int64(s, 1);
	}
	store_done(s);
	if (rc == SQLITE_DONE) {
		err_set(e, ERR_NOTFOUND, "no activity '%s' of this user", activity_id);
		goto fail;
	}
	if (rc != SQLITE_ROW) {
		store_sqlerr(st, e, "reading an activity");
		goto fail;
	}
	s = store_stmt(st, SQL_ACTIVITY_DELETE, "DELETE FROM learning_activities WHERE id = ?1", e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, activity_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "taking back an activity");
		goto fail;
	}
	s = store_stmt(st, SQL_ACTIVITY_UNDAY, "UPDATE daily_activity SET activities = activities - 1, "
		       "duration_ms = duration_ms - ?3 WHERE user_id = ?1 AND day = ?2", e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, time_day_local(at));
	sqlite3_bind_int64(s, 3, dur);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "taking back the day's count");
		goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return e ? e->code : ERR_FAIL;
}

int store_memorize_counts(struct store *st, const char *user_id, ms_t from, ms_t to,
			  long *new_cards, long *reviews, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_MEMORIZE_COUNTS,
				     "SELECT total(coalesce(json_extract(metadata, '$.before.state'), 2) = 0), "
				     "total(coalesce(json_extract(metadata, '$.before.state'), 2) != 0) "
				     "FROM learning_activities WHERE user_id = ?1 AND created_at >= ?2 "
				     "AND created_at < ?3 AND activity_type = 'memorize'", e);
	int rc;

	*new_cards = *reviews = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*new_cards = (long)sqlite3_column_double(s, 0);
		*reviews = (long)sqlite3_column_double(s, 1);
	}
	store_done(s);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "counting today's reviews");
}

int store_activity_exists(struct store *st, const char *id, int *exists, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ACTIVITY_EXISTS,
				     "SELECT 1 FROM learning_activities WHERE id = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(st, e, "looking up an activity");
	*exists = rc == SQLITE_ROW;
	return 0;
}
