/* report.c: the figures of the Progress screen, read from the store in one go. */
#include <math.h>
#include <string.h>

#include "store-int.h"
#include "aidioma/report.h"
#include "banned.h"

static int query(struct store *st, enum store_sql id, const char *sql, sqlite3_stmt **s,
		 struct err *e)
{
	*s = store_stmt(st, id, sql, e);
	return *s ? 0 : (e ? e->code : ERR_FAIL);
}

int report_build(struct store *st, const char *user_id, ms_t now, struct report *r,
		 struct err *e)
{
	int64_t today = time_day_local(now);
	int64_t day0 = time_day_utc(now);
	sqlite3_stmt *s;
	int rc;

	memset(r, 0, sizeof(*r));
	r->reading_wpm = r->reading_comprehension = r->retention = r->conversation_goals = NAN;
	r->first_day = today - CALENDAR_DAYS + 1;

	if (query(st, SQL_REPORT_1, "SELECT day, activities FROM daily_activity WHERE user_id = ?1 AND day >= ?2 "
		      "AND day <= ?3", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, r->first_day);
	sqlite3_bind_int64(s, 3, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		r->calendar[sqlite3_column_int64(s, 0) - r->first_day] = sqlite3_column_int(s, 1);
	store_done(s);

	/* due per day from today; anything overdue counts today */
	if (query(st, SQL_REPORT_2, "SELECT max(0, next_review_at / 86400000 - ?2), count(*) FROM user_progress "
		      "WHERE user_id = ?1 AND suspended = 0 AND next_review_at IS NOT NULL "
		      "AND next_review_at < ?3 GROUP BY 1", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, day0);
	sqlite3_bind_int64(s, 3, (day0 + FORECAST_DAYS) * 86400000LL);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(s, 0);

		if (d >= 0 && d < FORECAST_DAYS)
			r->forecast[d] += sqlite3_column_int(s, 1);
	}
	store_done(s);

	if (query(st, SQL_REPORT_3, "SELECT score FROM (SELECT score, created_at FROM learning_activities "
		      "WHERE user_id = ?1 AND activity_type = 'practice' AND score IS NOT NULL "
		      "ORDER BY created_at DESC LIMIT ?2) ORDER BY created_at", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, TREND_POINTS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->n_trend < TREND_POINTS)
		r->trend[r->n_trend++] = sqlite3_column_double(s, 0);
	store_done(s);

	if (query(st, SQL_REPORT_4, "SELECT avg(json_extract(metadata, '$.wpm')), avg(score), "
		      "count(DISTINCT content_id) FROM learning_activities "
		      "WHERE user_id = ?1 AND activity_type = 'reading'", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) != SQLITE_NULL)
			r->reading_wpm = sqlite3_column_double(s, 0);
		if (sqlite3_column_type(s, 1) != SQLITE_NULL)
			r->reading_comprehension = sqlite3_column_double(s, 1);
		r->texts_read = (long)sqlite3_column_int64(s, 2);
	}
	store_done(s);

	/* true retention: reviews of cards already learnt that were not forgotten */
	if (query(st, SQL_REPORT_5, "SELECT count(*), total(json_extract(metadata, '$.rating') > 1) "
		      "FROM learning_activities WHERE user_id = ?1 AND activity_type = 'memorize' "
		      "AND json_extract(metadata, '$.rating') IS NOT NULL "
		      "AND coalesce(json_extract(metadata, '$.before.state'), 2) = 2", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->reviews = (long)sqlite3_column_int64(s, 0);
		if (r->reviews)
			r->retention = sqlite3_column_double(s, 1) / (double)r->reviews;
	}
	store_done(s);

	if (query(st, SQL_REPORT_6, "SELECT count(*), avg(score) FROM learning_activities WHERE user_id = ?1 "
		      "AND activity_type = 'conversation'", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->conversations = (long)sqlite3_column_int64(s, 0);
		if (sqlite3_column_type(s, 1) != SQLITE_NULL)
			r->conversation_goals = sqlite3_column_double(s, 1);
	}
	store_done(s);

	/* the grammar tags of the sentences practised, weakest average first */
	if (query(st, SQL_REPORT_7, "SELECT g.value, avg(a.score), count(*) FROM learning_activities a "
		      "JOIN learning_content c ON c.id = a.content_id, "
		      "json_each(c.metadata, '$.grammar') g WHERE a.user_id = ?1 "
		      "AND a.activity_type = 'practice' AND a.score IS NOT NULL "
		      "GROUP BY g.value HAVING count(*) >= 2 ORDER BY 2, 3 DESC LIMIT ?2", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, WEAK_TAGS);
	while (sqlite3_step(s) == SQLITE_ROW && r->n_weakest < WEAK_TAGS) {
		struct tag_score *t = &r->weakest[r->n_weakest++];

		col_copy(s, 0, t->tag, sizeof(t->tag));
		t->average = sqlite3_column_double(s, 1);
		t->count = (long)sqlite3_column_int64(s, 2);
	}
	store_done(s);

	if (query(st, SQL_REPORT_8, "SELECT (SELECT count(*) FROM user_words WHERE user_id = ?1 AND status = 2) + "
		      "(SELECT count(*) FROM user_progress WHERE user_id = ?1 AND "
		      "content_type = 'flashcard' AND state = 2), "
		      "(SELECT count(*) FROM learning_activities WHERE user_id = ?1 AND "
		      "activity_type = 'practice' AND score >= 100), "
		      "(SELECT total(ai_cost) FROM learning_activities WHERE user_id = ?1)", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r->words_known = (long)sqlite3_column_int64(s, 0);
		r->perfect_sentences = (long)sqlite3_column_int64(s, 1);
		r->ai_spent = sqlite3_column_double(s, 2);
	}
	store_done(s);

	/* what the cache saved this learner: the cost of each AI grade served from it */
	if (query(st, SQL_REPORT_9, "SELECT total(json_extract(metadata, '$.cost_saved')) FROM learning_activities "
		      "WHERE user_id = ?1 AND ai_cached = 1", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		r->ai_saved = sqlite3_column_double(s, 0);
	store_done(s);
	(void)rc;
	return 0;
}

int store_achievement_award(struct store *st, const char *user_id, const char *id, ms_t now,
			    struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (query(st, SQL_REPORT_10, "INSERT INTO achievements (user_id, achievement, earned_at) VALUES (?1, ?2, ?3) "
		      "ON CONFLICT DO NOTHING", &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving an achievement");
	return sqlite3_changes(st->db) > 0;
}

int store_achievement_date(struct store *st, const char *user_id, const char *id, ms_t *at,
			   struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	*at = 0;
	if (query(st, SQL_REPORT_11, "SELECT earned_at FROM achievements WHERE user_id = ?1 AND achievement = ?2",
		  &s, e))
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*at = sqlite3_column_int64(s, 0);
	store_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading achievements");
}
