/* stats.c: a learner's figures, read from the tables that triggers keep current. */
#include <math.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

int store_stats_user(struct store *st, const char *user_id, ms_t now, struct user_stats *out,
		     struct err *e)
{
	sqlite3_stmt *s;
	int64_t today = time_day_local(now), expect;
	int rc;

	memset(out, 0, sizeof(*out));
	out->practice_avg = NAN;
	s = store_stmt(st, SQL_STATS_DASHBOARD,
		       "SELECT activities, practice_count, reading_count, memorize_count, "
		       "conversation_count, practice_scored, practice_score_sum, duration_ms, "
		       "ai_cost, coalesce(last_activity_at, 0), xp FROM dashboard_stats WHERE user_id = ?1",
		       e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		long scored = (long)sqlite3_column_int64(s, 5);

		out->activities = (long)sqlite3_column_int64(s, 0);
		out->practice = (long)sqlite3_column_int64(s, 1);
		out->reading = (long)sqlite3_column_int64(s, 2);
		out->memorize = (long)sqlite3_column_int64(s, 3);
		out->conversation = (long)sqlite3_column_int64(s, 4);
		if (scored)
			out->practice_avg = sqlite3_column_double(s, 6) / (double)scored;
		out->duration_ms = sqlite3_column_int64(s, 7);
		out->ai_cost = sqlite3_column_double(s, 8);
		out->last_activity_at = sqlite3_column_int64(s, 9);
		out->xp = (long)sqlite3_column_int64(s, 10);
	}
	store_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(st, e, "reading figures");

	/* streak: walk back over active days, newest first */
	s = store_stmt(st, SQL_STATS_DAYS,
		       "SELECT day, activities FROM daily_activity WHERE user_id = ?1 AND day <= ?2 "
		       "ORDER BY day DESC", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, today);
	expect = today;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(s, 0);

		if (day == today)
			out->active_today = (long)sqlite3_column_int64(s, 1);
		if (day == expect || (out->streak_days == 0 && day == today - 1)) {
			out->streak_days++;
			expect = day - 1;
		} else {
			break;
		}
	}
	store_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(st, e, "reading the streak");

	if (store_progress_count_due(st, user_id, now, &out->due_now, e))
		return e ? e->code : ERR_FAIL;
	s = store_stmt(st, SQL_STATS_PROGRESS_ROWS,
		       "SELECT count(*) FROM user_progress WHERE user_id = ?1", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		out->progress_rows = (long)sqlite3_column_int64(s, 0);
	store_done(s);
	return 0;
}
