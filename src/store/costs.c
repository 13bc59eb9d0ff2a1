/* costs.c: what the AI cost and what the cache saved, for one learner or the whole class. */
#include <string.h>

#include "store-int.h"
#include "banned.h"

/* The columns both statements share: the cost of the calls made, and the
 * cost of producing each grade the cache served instead of a call. */
#define COST_COLUMNS \
	"count(*), total(ai_cost > 0), total(ai_cached), total(ai_cost), " \
	"total(CASE WHEN ai_cached THEN json_extract(metadata, '$.cost_saved') END)"

int store_costs(struct store *st, const char *user_id, struct cost_totals *out, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (user_id) {
		s = store_stmt(st, SQL_COSTS_USER, "SELECT 1, " COST_COLUMNS
			       " FROM learning_activities WHERE user_id = ?1", e);
		if (s)
			sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	} else {
		s = store_stmt(st, SQL_COSTS_ALL, "SELECT (SELECT count(*) FROM users), " COST_COLUMNS
			       " FROM learning_activities", e);
	}
	if (!s)
		return e ? e->code : ERR_FAIL;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->users = (long)sqlite3_column_int64(s, 0);
		out->activities = (long)sqlite3_column_int64(s, 1);
		out->ai_calls = (long)sqlite3_column_double(s, 2);
		out->cache_hits = (long)sqlite3_column_double(s, 3);
		out->spent = sqlite3_column_double(s, 4);
		out->saved = sqlite3_column_double(s, 5);
	}
	store_done(s);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "reading what the AI cost");
}
