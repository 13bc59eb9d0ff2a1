/* features.c: the feature store (user_features), computed from the activity stream. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/analytics.h"
#include "store-int.h"
#include "banned.h"

#define SESSION_GAP_MS 1800000 /* 30 minutes apart starts a new session */
#define WEEK_MS 604800000.0

void user_features_release(struct user_features *f)
{
	free(f->struggle_areas);
	free(f->preferred_topics);
	f->struggle_areas = f->preferred_topics = NULL;
}

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Step s to its one row; 0, or an error naming what. */
static int one_row(struct store *st, sqlite3_stmt *s, const char *what, struct err *e)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 0;
	store_done(s);
	return store_sqlerr(st, e, what);
}

static int sessions(struct store *st, const char *uid, struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_SESSIONS,
		"WITH a AS (SELECT created_at AS t, duration_ms AS d, "
		"lag(created_at) OVER (ORDER BY created_at) AS prev "
		"FROM learning_activities WHERE user_id = ?1), "
		"s AS (SELECT d, sum(prev IS NULL OR t - prev > ?2) OVER (ORDER BY t "
		"ROWS UNBOUNDED PRECEDING) AS sid, t FROM a), "
		"g AS (SELECT sum(d) AS d, min(t) AS t0, max(t) AS t1 FROM s GROUP BY sid) "
		"SELECT count(*), coalesce(avg(d), 0), coalesce(min(t0), 0), coalesce(max(t1), 0) FROM g",
		e);
	double weeks;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, SESSION_GAP_MS);
	if (one_row(st, s, "counting sessions", e))
		return e ? e->code : ERR_FAIL;
	f->avg_session_ms = sqlite3_column_double(s, 1);
	weeks = (double)(sqlite3_column_int64(s, 3) - sqlite3_column_int64(s, 2)) / WEEK_MS;
	f->sessions_per_week = (double)sqlite3_column_int64(s, 0) / (weeks < 1 ? 1 : weeks);
	store_done(s);
	return 0;
}

/* Accuracy, the rates and the shares of each kind of activity (style[0..3]). */
static int rates(struct store *st, const char *uid, struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_SCORES,
		"SELECT count(*), coalesce(avg(score), 0), total(activity_type = 'practice'), "
		"total(activity_type = 'reading'), total(activity_type = 'memorize'), "
		"total(activity_type = 'conversation'), "
		"total(activity_type = 'practice' AND coalesce(json_extract(metadata, '$.hints'), 0) > 0), "
		"count(DISTINCT CASE WHEN activity_type = 'practice' THEN content_id END), "
		"total(CASE WHEN activity_type = 'conversation' THEN json_extract(metadata, '$.ended') = 0 "
		"WHEN activity_type IN ('practice', 'reading') THEN score IS NULL ELSE 0 END) "
		"FROM learning_activities WHERE user_id = ?1", e);
	double n, practice;
	int i;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	if (one_row(st, s, "reading scores", e))
		return e ? e->code : ERR_FAIL;
	n = (double)sqlite3_column_int64(s, 0);
	practice = sqlite3_column_double(s, 2);
	f->accuracy = sqlite3_column_double(s, 1);
	f->hint_rate = practice > 0 ? clamp01(sqlite3_column_double(s, 6) / practice) : 0;
	f->retry_rate = practice > 0 ?
		clamp01((practice - (double)sqlite3_column_int64(s, 7)) / practice) : 0;
	f->completion_rate = n > 0 ? clamp01(1 - sqlite3_column_double(s, 8) / n) : 0;
	for (i = 0; i < 4; i++)
		f->style[i] = n > 0 ? (float)(sqlite3_column_double(s, 2 + i) / n) : 0;
	store_done(s);
	return 0;
}

/* Practice score points per week: the least-squares slope over time. */
static int trend(struct store *st, const char *uid, struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_TREND,
		"WITH p AS (SELECT created_at AS t, score AS y FROM learning_activities "
		"WHERE user_id = ?1 AND activity_type = 'practice' AND score IS NOT NULL), "
		"q AS (SELECT (t - (SELECT min(t) FROM p)) / ?2 AS x, y FROM p) "
		"SELECT count(*), total(x), total(y), total(x * y), total(x * x), "
		"coalesce(max(x), 0) FROM q", e);
	double n, sx, sy, sxy, sxx, den, span;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, WEEK_MS);
	if (one_row(st, s, "reading the practice trend", e))
		return e ? e->code : ERR_FAIL;
	n = (double)sqlite3_column_int64(s, 0);
	sx = sqlite3_column_double(s, 1);
	sy = sqlite3_column_double(s, 2);
	sxy = sqlite3_column_double(s, 3);
	sxx = sqlite3_column_double(s, 4);
	span = sqlite3_column_double(s, 5);
	store_done(s);
	den = n * sxx - sx * sx;
	/* a trend needs a day of practice at least: minutes give wild slopes */
	f->improvement_rate = n >= 2 && span >= 1.0 / 7 && den > 1e-9 ? (n * sxy - sx * sy) / den : 0;
	return 0;
}

static int struggles(struct store *st, const char *uid, struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_STRUGGLE,
		"SELECT g.value, avg(a.score), count(*) FROM learning_activities a "
		"JOIN learning_content c ON c.id = a.content_id, json_each(c.metadata, '$.grammar') g "
		"WHERE a.user_id = ?1 AND a.activity_type = 'practice' AND a.score IS NOT NULL "
		"AND g.type = 'text' GROUP BY g.value HAVING count(*) >= 2 AND avg(a.score) < 80 "
		"ORDER BY avg(a.score), count(*) DESC, g.value LIMIT 5", e);
	cJSON *arr = cJSON_CreateArray(), *o;
	int rc;

	if (!s) {
		cJSON_Delete(arr);
		return e ? e->code : ERR_FAIL;
	}
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "tag", (const char *)sqlite3_column_text(s, 0));
		cJSON_AddNumberToObject(o, "average", round(sqlite3_column_double(s, 1) * 10) / 10);
		cJSON_AddNumberToObject(o, "attempts", (double)sqlite3_column_int64(s, 2));
		cJSON_AddItemToArray(arr, o);
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(arr);
		return store_sqlerr(st, e, "reading grammar scores");
	}
	f->struggle_areas = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return 0;
}

static int topics(struct store *st, const char *uid, struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_TOPICS,
		"SELECT c.topic FROM learning_activities a JOIN learning_content c ON c.id = a.content_id "
		"WHERE a.user_id = ?1 AND c.topic != '' GROUP BY c.topic "
		"ORDER BY count(*) DESC, c.topic LIMIT 3", e);
	cJSON *arr = cJSON_CreateArray();
	int rc;

	if (!s) {
		cJSON_Delete(arr);
		return e ? e->code : ERR_FAIL;
	}
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cJSON_AddItemToArray(arr, cJSON_CreateString((const char *)sqlite3_column_text(s, 0)));
	store_done(s);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(arr);
		return store_sqlerr(st, e, "reading topics");
	}
	f->preferred_topics = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return 0;
}

/* The local hour of the best average score (3 scored activities at least),
 * else the busiest hour. */
static int best_hour(struct store *st, const char *uid, struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_HOURS,
		"SELECT CAST(strftime('%H', created_at / 1000, 'unixepoch', 'localtime') AS INTEGER) AS h, "
		"count(*), count(score), avg(score) FROM learning_activities WHERE user_id = ?1 "
		"GROUP BY h ORDER BY h", e);
	double best = -1;
	long busiest = 0;
	int rc, by_score = -1, by_count = -1;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, uid, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int h = sqlite3_column_int(s, 0);
		long n = (long)sqlite3_column_int64(s, 1);

		if (sqlite3_column_int64(s, 2) >= 3 && sqlite3_column_double(s, 3) > best) {
			best = sqlite3_column_double(s, 3);
			by_score = h;
		}
		if (n > busiest) {
			busiest = n;
			by_count = h;
		}
	}
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "reading the hours");
	f->best_hour = by_score >= 0 ? by_score : by_count;
	return 0;
}

static int save(struct store *st, const struct user_features *f, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_PUT,
		"INSERT INTO user_features (user_id, avg_session_ms, sessions_per_week, accuracy, "
		"improvement_rate, struggle_areas, hint_rate, retry_rate, completion_rate, "
		"preferred_topics, best_hour, style_embedding, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (user_id) DO UPDATE SET "
		"avg_session_ms = excluded.avg_session_ms, sessions_per_week = excluded.sessions_per_week, "
		"accuracy = excluded.accuracy, improvement_rate = excluded.improvement_rate, "
		"struggle_areas = excluded.struggle_areas, hint_rate = excluded.hint_rate, "
		"retry_rate = excluded.retry_rate, completion_rate = excluded.completion_rate, "
		"preferred_topics = excluded.preferred_topics, best_hour = excluded.best_hour, "
		"style_embedding = excluded.style_embedding, computed_at = excluded.computed_at", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, f->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 2, f->avg_session_ms);
	sqlite3_bind_double(s, 3, f->sessions_per_week);
	sqlite3_bind_double(s, 4, f->accuracy);
	sqlite3_bind_double(s, 5, f->improvement_rate);
	sqlite3_bind_text(s, 6, f->struggle_areas ? f->struggle_areas : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 7, f->hint_rate);
	sqlite3_bind_double(s, 8, f->retry_rate);
	sqlite3_bind_double(s, 9, f->completion_rate);
	sqlite3_bind_text(s, 10, f->preferred_topics ? f->preferred_topics : "[]", -1, SQLITE_STATIC);
	if (f->best_hour >= 0)
		sqlite3_bind_int(s, 11, f->best_hour);
	else
		sqlite3_bind_null(s, 11);
	store_bind_vector(s, 12, f->style_dims > 0 ? f->style : NULL, f->style_dims);
	sqlite3_bind_int64(s, 13, f->computed_at);
	rc = sqlite3_step(s);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "saving features");
}

int store_features_compute(struct store *st, const char *user_id, ms_t now,
			   struct user_features *out, struct err *e)
{
	struct user_features f;
	int rc;

	memset(&f, 0, sizeof(f));
	xstrlcpy(f.user_id, user_id, sizeof(f.user_id));
	f.best_hour = -1;
	f.computed_at = now;
	if ((rc = store_begin(st, e)))
		return rc;
	if ((rc = sessions(st, user_id, &f, e)) || (rc = rates(st, user_id, &f, e)) ||
	    (rc = trend(st, user_id, &f, e)) || (rc = struggles(st, user_id, &f, e)) ||
	    (rc = topics(st, user_id, &f, e)) || (rc = best_hour(st, user_id, &f, e)))
		goto fail;
	f.style[4] = (float)f.hint_rate;
	f.style[5] = (float)(f.accuracy / 100);
	f.style[6] = (float)clamp01(f.avg_session_ms / 3600000.0);
	f.style[7] = (float)f.retry_rate;
	f.style_dims = FEATURE_STYLE_DIMS;
	if ((rc = save(st, &f, e)) || (rc = store_commit(st, e)))
		goto fail;
	if (out)
		*out = f;
	else
		user_features_release(&f);
	return 0;
fail:
	store_rollback(st);
	user_features_release(&f);
	return rc ? rc : ERR_FAIL;
}

int store_features_get(struct store *st, const char *user_id, struct user_features *f,
		       struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_FEAT_GET,
		"SELECT user_id, avg_session_ms, sessions_per_week, accuracy, improvement_rate, "
		"struggle_areas, hint_rate, retry_rate, completion_rate, preferred_topics, "
		"coalesce(best_hour, -1), style_embedding, computed_at FROM user_features "
		"WHERE user_id = ?1", e);
	float *v = NULL;
	int rc, dims = 0;

	memset(f, 0, sizeof(*f));
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		col_copy(s, 0, f->user_id, sizeof(f->user_id));
		f->avg_session_ms = sqlite3_column_double(s, 1);
		f->sessions_per_week = sqlite3_column_double(s, 2);
		f->accuracy = sqlite3_column_double(s, 3);
		f->improvement_rate = sqlite3_column_double(s, 4);
		f->struggle_areas = col_strdup(s, 5);
		f->hint_rate = sqlite3_column_double(s, 6);
		f->retry_rate = sqlite3_column_double(s, 7);
		f->completion_rate = sqlite3_column_double(s, 8);
		f->preferred_topics = col_strdup(s, 9);
		f->best_hour = sqlite3_column_int(s, 10);
		if (!store_col_vector(s, 11, &v, &dims) && v) {
			f->style_dims = dims < FEATURE_STYLE_DIMS ? dims : FEATURE_STYLE_DIMS;
			memcpy(f->style, v, (size_t)f->style_dims * sizeof(float));
		}
		free(v);
		f->computed_at = sqlite3_column_int64(s, 12);
	}
	store_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no features computed for this user yet");
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "reading features");
}

int store_user_ids(struct store *st, char (**ids)[37], int *n, struct err *e)
{
	return store_ids(st, SQL_USER_IDS, "SELECT id FROM users ORDER BY login", "listing users", ids, n, e);
}

int store_user_login(struct store *st, const char *id, char *login, size_t size, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_USER_LOGIN, "SELECT login FROM users WHERE id = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		col_copy(s, 0, login, size);
	store_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no user with id '%s'", id);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "reading a user");
}

int store_metrics_hourly(struct store *st, const char *user_id, ms_t since,
			 struct metric_hour **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_METRICS_HOURLY,
				     "SELECT hour, metric, n, total, min, max FROM learning_metrics_hourly "
				     "WHERE user_id = ?1 AND hour >= ?2 ORDER BY hour, metric", e);
	struct metric_hour *list = NULL;
	int rc, count = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct metric_hour *m;

		if (count == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			list = xrealloc(list, (size_t)alloc * sizeof(*list));
		}
		m = &list[count++];
		m->hour = sqlite3_column_int64(s, 0);
		col_copy(s, 1, m->metric, sizeof(m->metric));
		m->n = (long)sqlite3_column_int64(s, 2);
		m->total = sqlite3_column_double(s, 3);
		m->min = sqlite3_column_double(s, 4);
		m->max = sqlite3_column_double(s, 5);
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sqlerr(st, e, "reading hourly metrics");
	}
	*out = list;
	*n = count;
	return 0;
}
