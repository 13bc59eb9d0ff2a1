/* store.c: opening the database, migrations, transactions and statements. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store-int.h"
#include "banned.h"

#define BUSY_TIMEOUT_MS 15000

int store_sqlerr(struct store *st, struct err *e, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	int code = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? ERR_BUSY :
		   (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_USAGE : ERR_FAIL;

	return err_set(e, code, "%s: %s", what, sqlite3_errmsg(st->db));
}

sqlite3_stmt *store_stmt(struct store *st, enum store_sql id, const char *sql, struct err *e)
{
	if (!st->stmt[id] &&
	    sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[id], NULL) !=
		    SQLITE_OK) {
		store_sqlerr(st, e, "preparing a statement");
		st->stmt[id] = NULL;
		return NULL;
	}
	return st->stmt[id];
}

/* The statement of how for 1 or STORE_ROWS rows, prepared once. */
static sqlite3_stmt *rows_stmt(struct store *st, const struct store_rows *how, int rows,
			       struct err *e)
{
	enum store_sql id = rows == 1 ? how->one : how->many;
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *s;
	int r, c;

	if (st->stmt[id])
		return st->stmt[id];
	sbuf_adds(&sql, how->head);
	for (r = 0; r < rows; r++) {
		sbuf_adds(&sql, r ? ", (" : " VALUES (");
		for (c = 0; c < how->cols; c++)
			sbuf_adds(&sql, c ? ", ?" : "?");
		sbuf_adds(&sql, ")");
	}
	s = store_stmt(st, id, sql.buf, e);
	sbuf_release(&sql);
	return s;
}

int store_insert_rows(struct store *st, const struct store_rows *how, const void *list,
		      size_t size, int n, struct err *e)
{
	const char *row = list;
	sqlite3_stmt *s;
	int i, j, rows, rc;

	for (i = 0; i < n; i += rows) {
		rows = n - i >= STORE_ROWS ? STORE_ROWS : 1;
		if (!(s = rows_stmt(st, how, rows, e)))
			return e ? e->code : ERR_FAIL;
		for (j = 0; j < rows; j++)
			how->bind(s, j * how->cols, row + (size_t)(i + j) * size);
		rc = sqlite3_step(s);
		store_done(s);
		if (rc != SQLITE_DONE)
			return store_sqlerr(st, e, how->what);
	}
	return 0;
}

void store_done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

char *col_strdup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return xstrdup(t ? (const char *)t : "");
}

void col_copy(sqlite3_stmt *s, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	xstrlcpy(dst, t ? (const char *)t : "", size);
}

double col_real_or_nan(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? NAN : sqlite3_column_double(s, col);
}

void bind_text_or_null(sqlite3_stmt *s, int col, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, col, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, col);
}

void bind_real_or_null(sqlite3_stmt *s, int col, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, col);
	else
		sqlite3_bind_double(s, col, v);
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/*
 * Wait for a lock for BUSY_TIMEOUT_MS in all, trying again after short
 * sleeps with jitter: 0.1 to 0.4 ms at first, growing to 2 to 6 ms.
 * SQLite's own busy timeout naps up to 100 ms between tries, so with thirty
 * writers queued the one that just committed takes the lock again while the
 * others sleep, and the unlucky starve past the timeout (measured: 99th
 * percentile 3 s, worst 9 s, failures at 300 writers).  Shorter naps keep the
 * lock in use and the waits even; much shorter ones take the CPU from the
 * writer that holds the lock.
 */
static int busy_wait(void *arg, int count)
{
	struct store *st = arg;
	double now = mono_ms();
	unsigned span = 250u << (count < 4 ? count : 4);
	struct timespec ts;

	if (count == 0)
		st->busy_since = now;
	else if (now - st->busy_since >= BUSY_TIMEOUT_MS)
		return 0;
	st->busy_seed = st->busy_seed * 1103515245u + 12345u;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(span / 2 + (st->busy_seed >> 8) % span) * 1000L;
	nanosleep(&ts, NULL);
	return 1;
}

static int exec(struct store *st, const char *sql, struct err *e, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = err_set(e, (sqlite3_errcode(st->db) == SQLITE_BUSY) ? ERR_BUSY : ERR_FAIL,
				 "%s: %s", what, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int store_latest_version(void)
{
	return store_migrations[store_migration_count - 1].version;
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

/* Apply every migration above the file's version, up to target, each in
 * its own transaction together with the new user_version. */
static int migrate(struct store *st, int target, struct err *e)
{
	int i, cur;
	char pragma[64];

	cur = store_schema_version(st);
	if (cur >= target && cur <= store_latest_version())
		return 0;
	if (store_begin(st, e))
		return err_prefix(e, "migrating '%s'", st->path);
	cur = store_schema_version(st);
	if (cur > store_latest_version()) {
		store_rollback(st);
		return err_set(e, ERR_USAGE,
			       "database '%s' has schema version %d, newer than this aidioma knows "
			       "(%d): upgrade aidioma",
			       st->path, cur, store_latest_version());
	}
	for (i = 0; i < store_migration_count; i++) {
		const struct migration *m = &store_migrations[i];

		if (m->version <= cur || m->version > target)
			continue;
		if (exec(st, m->sql, e, "applying migration")) {
			store_rollback(st);
			return err_prefix(e, "migrating '%s' to version %d (%s)", st->path,
					  m->version, m->name);
		}
		xsnprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
		if (exec(st, pragma, e, "setting the schema version")) {
			store_rollback(st);
			return err_prefix(e, "migrating '%s'", st->path);
		}
	}
	return store_commit(st, e);
}

static int open_version(const char *path, int flags, int version, struct store **out,
			struct err *e)
{
	struct store *st;
	int oflags = SQLITE_OPEN_NOMUTEX;
	struct stat sb;

	*out = NULL;
	if (flags & STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE;
	if (!(flags & STORE_CREATE) && stat(path, &sb) < 0)
		return err_set(e, ERR_NOTFOUND,
			       "database '%s' does not exist: run 'aidioma init' to create it", path);
	if ((flags & STORE_CREATE) && !(flags & STORE_READONLY)) {
		char dir[4096];
		char *slash;

		oflags |= SQLITE_OPEN_CREATE;
		if (xstrlcpy(dir, path, sizeof(dir)))
			return err_set(e, ERR_USAGE, "database path too long: '%s'", path);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (mkdir_p(dir, 0700, e))
				return err_prefix(e, "creating the database directory");
		}
	}
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		err_set(e, ERR_FAIL, "cannot open database '%s': %s", path,
			st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return e ? e->code : ERR_FAIL;
	}
	sqlite3_extended_result_codes(st->db, 1);
	st->busy_seed = (unsigned)getpid() * 2654435761u;
	sqlite3_busy_handler(st->db, busy_wait, st);
	if (exec(st, "PRAGMA foreign_keys = ON", e, "enabling foreign keys"))
		goto fail;
	if (!(flags & STORE_READONLY)) {
		store_slowlog_attach(st);
		if (exec(st, "PRAGMA journal_mode = WAL", e, "enabling WAL") ||
		    exec(st, "PRAGMA synchronous = FULL", e, "setting synchronous") ||
		    /* big enough that a batch of inserts does not spill to the WAL early */
		    exec(st, "PRAGMA cache_size = -16384", e, "setting the cache size"))
			goto fail;
		if (migrate(st, version, e))
			goto fail;
	} else if (store_schema_version(st) != store_latest_version()) {
		err_set(e, ERR_USAGE, "database '%s' is at schema version %d, not %d: open it once "
			"without read-only to upgrade it", path, store_schema_version(st),
			store_latest_version());
		goto fail;
	}
	*out = st;
	return 0;
fail:
	if (e && !strstr(e->msg, path))
		err_prefix(e, "opening '%s'", path);
	store_close(st);
	return e ? e->code : ERR_FAIL;
}

int store_open(const char *path, int flags, struct store **out, struct err *e)
{
	return open_version(path, flags, store_latest_version(), out, e);
}

int store_open_version(const char *path, int version, struct store **out, struct err *e)
{
	return open_version(path, STORE_CREATE, version, out, e);
}

void store_close(struct store *st)
{
	int i;

	if (!st)
		return;
	store_slowlog_detach(st);
	for (i = 0; i < SQL__COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db) {
		if (st->txn_depth)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

int store_begin(struct store *st, struct err *e)
{
	char sql[64];

	if (st->txn_depth == 0) {
		if (exec(st, "BEGIN IMMEDIATE", e, "starting a transaction"))
			return e ? e->code : ERR_FAIL;
	} else {
		xsnprintf(sql, sizeof(sql), "SAVEPOINT sp%d", st->txn_depth);
		if (exec(st, sql, e, "starting a savepoint"))
			return e ? e->code : ERR_FAIL;
	}
	st->txn_depth++;
	return 0;
}

int store_commit(struct store *st, struct err *e)
{
	char sql[64];

	if (st->txn_depth <= 0)
		die_bug("store_commit without store_begin");
	if (st->txn_depth == 1) {
		store_slowlog_flush(st);
		if (exec(st, "COMMIT", e, "committing")) {
			store_rollback(st);
			return e ? e->code : ERR_FAIL;
		}
	} else {
		xsnprintf(sql, sizeof(sql), "RELEASE sp%d", st->txn_depth - 1);
		if (exec(st, sql, e, "releasing a savepoint"))
			return e ? e->code : ERR_FAIL;
	}
	st->txn_depth--;
	return 0;
}

void store_rollback(struct store *st)
{
	char sql[96];

	if (st->txn_depth <= 0)
		return;
	if (st->txn_depth == 1) {
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	} else {
		xsnprintf(sql, sizeof(sql), "ROLLBACK TO sp%d; RELEASE sp%d", st->txn_depth - 1,
			  st->txn_depth - 1);
		sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	}
	st->txn_depth--;
}

int store_ids(struct store *st, enum store_sql which, const char *sql, const char *what,
	      char (**ids)[37], int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, which, sql, e);
	char (*list)[37] = NULL;
	int rc, count = 0, alloc = 0;

	*ids = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			list = xrealloc(list, (size_t)alloc * sizeof(*list));
		}
		col_copy(s, 0, list[count++], sizeof(list[0]));
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sqlerr(st, e, what);
	}
	*ids = list;
	*n = count;
	return 0;
}
