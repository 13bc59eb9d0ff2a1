/* scratch.h: a store in a new directory under /tmp for a test, and one-number queries on it. */
#ifndef AIDIOMA_TEST_SCRATCH_H
#define AIDIOMA_TEST_SCRATCH_H

#include "aidioma/store.h"

struct scratch {
	char dir[64];	/* /tmp/aidioma-<tag>-XXXXXX, made by scratch_open() */
	char path[128]; /* the database in it ("" when there is none) */
	struct store *st;
	struct user u;	/* the test's user, released by scratch_close() (zeroes when none) */
};

/* Make the directory /tmp/aidioma-<tag>-XXXXXX; unless db is NULL, create the store db there
 * (a relative path: "a.db", "sub/a.db") and, unless user is NULL, ensure that login in u.
 * The scratch to scratch_close(), or NULL with the reason on stderr and nothing left behind. */
struct scratch *scratch_open(const char *tag, const char *db, const char *user);
/* Release u, close the store, remove the directory with all in it and free s (NULL: nothing);
 * 0, or -1 when the directory could not be removed. */
int scratch_close(struct scratch *s);
/* The first column of the first row of sql (-1 when there is no row), on a separate read-only
 * connection to the database at path; asserts that the query runs. */
long long scratch_q1(const char *path, const char *sql);
/* The same, as a real number. */
double scratch_q1_real(const char *path, const char *sql);

#endif
