/* scratch.c: make and remove a test's store in a new directory, and query it on the side. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <cmocka.h>

#include "aidioma/util.h"
#include "scratch.h"

struct scratch *scratch_open(const char *tag, const char *db, const char *user)
{
	struct scratch *s = calloc(1, sizeof(*s));
	struct err e = ERR_INIT;

	if (!s)
		return NULL;
	if (xsnprintf(s->dir, sizeof(s->dir), "/tmp/aidioma-%s-XXXXXX", tag) || !mkdtemp(s->dir)) {
		fprintf(stderr, "# cannot make a directory for %s\n", tag);
		free(s);
		return NULL;
	}
	if (db && (xsnprintf(s->path, sizeof(s->path), "%s/%s", s->dir, db) ||
		   store_open(s->path, STORE_CREATE, &s->st, &e)))
		goto fail;
	if (db && user && store_user_ensure(s->st, user, &s->u, &e))
		goto fail;
	return s;
fail:
	fprintf(stderr, "# %s: %s\n", s->path, e.msg);
	scratch_close(s);
	return NULL;
}

int scratch_close(struct scratch *s)
{
	char cmd[128];
	int rc;

	if (!s)
		return 0;
	user_release(&s->u);
	store_close(s->st);
	xsnprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	rc = system(cmd) ? -1 : 0;
	free(s);
	return rc;
}

/* Run sql on its own read-only connection to path and read the first column of its first row:
 * into *real as a real number when real is given, else as the integer returned (-1, and *real
 * left alone, when there is no row). */
static long long first(const char *path, const char *sql, double *real)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (real)
			*real = sqlite3_column_double(s, 0);
		else
			v = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

long long scratch_q1(const char *path, const char *sql)
{
	return first(path, sql, NULL);
}

double scratch_q1_real(const char *path, const char *sql)
{
	double v = -1;

	first(path, sql, &v);
	return v;
}
