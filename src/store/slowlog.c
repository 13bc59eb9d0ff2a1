/* slowlog.c: statements slower than a threshold, recorded in query_performance. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/analytics.h"
#include "store-int.h"
#include "banned.h"

#define SLOW_DEFAULT_MS 100.0
#define SLOW_QUEUE 32      /* recorded at the next commit or at close; more are dropped */
#define SLOW_SQL_MAX 2000  /* bytes of statement text kept */
#define ROW_SLOTS 64       /* statements whose rows are being counted at once */

struct slow_entry {
	char *sql;
	double ms;
	long long rows;
	ms_t at;
};

struct slowlog {
	double threshold_ms;
	int flushing;          /* our own insert is not timed */
	struct slow_entry q[SLOW_QUEUE];
	int n;
	struct {
		sqlite3_stmt *s;
		long long rows;
	} slot[ROW_SLOTS];
};

static unsigned slot_of(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	return (unsigned)((v >> 4) ^ (v >> 12)) % ROW_SLOTS;
}

/* The row counter of statement s (linear probing); NULL when the table is full. */
static long long *rows_of(struct slowlog *sl, sqlite3_stmt *s, int create)
{
	unsigned i, h = slot_of(s);

	for (i = 0; i < ROW_SLOTS; i++) {
		unsigned k = (h + i) % ROW_SLOTS;

		if (sl->slot[k].s == s)
			return &sl->slot[k].rows;
		if (!sl->slot[k].s) {
			if (!create)
				return NULL;
			sl->slot[k].s = s;
			sl->slot[k].rows = 0;
			return &sl->slot[k].rows;
		}
	}
	return NULL;
}

static void rows_forget(struct slowlog *sl, sqlite3_stmt *s)
{
	unsigned i, h = slot_of(s);

	/* rebuild the probe chain after the removed slot */
	for (i = 0; i < ROW_SLOTS; i++) {
		unsigned k = (h + i) % ROW_SLOTS;

		if (!sl->slot[k].s)
			return;
		if (sl->slot[k].s == s) {
			unsigned j = (k + 1) % ROW_SLOTS;

			sl->slot[k].s = NULL;
			while (sl->slot[j].s) {
				sqlite3_stmt *m = sl->slot[j].s;
				long long r = sl->slot[j].rows;
				long long *to;

				sl->slot[j].s = NULL;
				to = rows_of(sl, m, 1);
				if (to)
					*to = r;
				j = (j + 1) % ROW_SLOTS;
			}
			return;
		}
	}
}

/* SQLITE_TRACE_ROW counts a statement's rows; SQLITE_TRACE_PROFILE ends its
 * run with the wall time from its first step to its reset. */
static int on_trace(unsigned type, void *ctx, void *p, void *x)
{
	struct store *st = ctx;
	struct slowlog *sl = st->slow;
	sqlite3_stmt *s = p;
	long long rows = 0, *r;
	const char *sql;
	double ms;

	if (!sl || sl->flushing)
		return 0;
	if (type == SQLITE_TRACE_ROW) {
		if ((r = rows_of(sl, s, 1)))
			(*r)++;
		return 0;
	}
	if (type != SQLITE_TRACE_PROFILE)
		return 0;
	if ((r = rows_of(sl, s, 0))) {
		rows = *r;
		rows_forget(sl, s);
	}
	ms = (double)*(sqlite3_int64 *)x / 1e6;
	if (sl->threshold_ms < 0 || ms < sl->threshold_ms || sl->n >= SLOW_QUEUE)
		return 0;
	if (!rows && !sqlite3_stmt_readonly(s))
		rows = sqlite3_changes64(st->db);
	/* the text with its ? placeholders: never the learner's data */
	sql = sqlite3_sql(s);
	if (!sql)
		sql = "";
	sl->q[sl->n].sql = xstrndup(sql, strnlen(sql, SLOW_SQL_MAX));
	sl->q[sl->n].ms = ms;
	sl->q[sl->n].rows = rows;
	sl->q[sl->n].at = clock_now_ms();
	sl->n++;
	return 0;
}

void store_slowlog_attach(struct store *st)
{
	const char *env = getenv("AIDIOMA_SLOW_MS");
	char *end;
	double ms;

	st->slow = xcalloc(1, sizeof(*st->slow));
	st->slow->threshold_ms = SLOW_DEFAULT_MS;
	/* a value that is no number keeps the default */
	if (env && *env) {
		ms = strtod(env, &end);
		if (!*end)
			st->slow->threshold_ms = ms;
	}
	sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE | SQLITE_TRACE_ROW, on_trace, st);
}

void store_slow_threshold(struct store *st, double ms)
{
	if (st->slow)
		st->slow->threshold_ms = ms;
}

/* Best effort: a log that cannot be written (an old schema, a locked file)
 * loses its entries, never the caller's work. */
void store_slowlog_flush(struct store *st)
{
	struct slowlog *sl = st->slow;
	sqlite3_stmt *s;
	char hash[65];
	int i;

	if (!sl || !sl->n || sl->flushing)
		return;
	sl->flushing = 1;
	s = store_stmt(st, SQL_SLOW_INSERT,
		       "INSERT INTO query_performance (sql_hash, sql_text, duration_ms, rows, created_at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5)", NULL);
	for (i = 0; i < sl->n; i++) {
		if (s) {
			sha256_hex(sl->q[i].sql, strlen(sl->q[i].sql), hash);
			sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, sl->q[i].sql, -1, SQLITE_STATIC);
			sqlite3_bind_double(s, 3, sl->q[i].ms);
			sqlite3_bind_int64(s, 4, sl->q[i].rows);
			sqlite3_bind_int64(s, 5, sl->q[i].at);
			sqlite3_step(s);
			store_done(s);
		}
		free(sl->q[i].sql);
	}
	sl->n = 0;
	sl->flushing = 0;
}

void store_slowlog_detach(struct store *st)
{
	if (!st->slow)
		return;
	if (st->slow->n && !st->txn_depth) {
		/* at close: wait for a lock a little, not the full busy timeout */
		sqlite3_busy_timeout(st->db, 250);
		store_slowlog_flush(st);
	}
	while (st->slow->n > 0)
		free(st->slow->q[--st->slow->n].sql);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	free(st->slow);
	st->slow = NULL;
}

void store_slow_free(struct slow_query *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(list[i].sql_text);
	free(list);
}

int store_slow_list(struct store *st, int limit, struct slow_query **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_SLOW_LIST,
				     "SELECT sql_hash, max(sql_text), count(*), max(duration_ms), "
				     "avg(duration_ms), "
				     "(SELECT rows FROM query_performance q2 WHERE q2.sql_hash = q.sql_hash "
				     "ORDER BY duration_ms DESC LIMIT 1), max(created_at) "
				     "FROM query_performance q GROUP BY sql_hash "
				     "ORDER BY max(duration_ms) DESC LIMIT ?1", e);
	struct slow_query *list;
	int rc = SQLITE_DONE, count = 0;

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	if (limit <= 0)
		return 0;
	list = xcalloc((size_t)limit, sizeof(*list));
	sqlite3_bind_int(s, 1, limit);
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct slow_query *q = &list[count++];

		col_copy(s, 0, q->sql_hash, sizeof(q->sql_hash));
		q->sql_text = col_strdup(s, 1);
		q->count = (long)sqlite3_column_int64(s, 2);
		q->max_ms = sqlite3_column_double(s, 3);
		q->avg_ms = sqlite3_column_double(s, 4);
		q->rows = sqlite3_column_int64(s, 5);
		q->last_at = sqlite3_column_int64(s, 6);
	}
	store_done(s);
	if (count < limit && rc != SQLITE_DONE) {
		store_slow_free(list, count);
		return store_sqlerr(st, e, "reading the slow-query log");
	}
	*out = list;
	*n = count;
	return 0;
}
