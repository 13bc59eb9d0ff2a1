/* mkbigdb.c: a database with the course and N activities of one learner, for the TUI benchmark. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/content.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

static int die(const char *what, const struct err *e)
{
	fprintf(stderr, "mkbigdb: %s: %s\n", what, e->msg);
	return 1;
}

int main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct import_report r;
	struct store *st;
	struct user u;
	char **paths;
	long n, i;
	int np;
	ms_t now = clock_now_ms(), start;

	if (argc != 4) {
		fprintf(stderr, "usage: mkbigdb DB PACKDIR N\n");
		return 2;
	}
	n = atol(argv[3]);
	remove(argv[1]);
	if (store_open(argv[1], STORE_CREATE, &st, &e))
		return die("open", &e);
	if (content_list_packs(argv[2], &paths, &np, &e) ||
	    content_import(st, (const char *const *)paths, np, &r, &e))
		return die("import", &e);
	content_free_list(paths, np);
	if (store_user_ensure(st, "bench", &u, &e))
		return die("user", &e);
	free(u.preferences);
	u.preferences = xstrdup("{\"welcomed\":true}");
	xstrlcpy(u.display_name, "Bench", sizeof(u.display_name));
	if (store_user_update(st, &u, &e))
		return die("user", &e);
	start = now - 365LL * 86400000;
	for (i = 0; i < n; i++) {
		struct activity a;

		if (i % 20000 == 0 && store_begin(st, &e))
			return die("begin", &e);
		memset(&a, 0, sizeof(a));
		memcpy(a.user_id, u.id, sizeof(a.user_id));
		xstrlcpy(a.type, i % 3 ? "practice" : "memorize", sizeof(a.type));
		a.score = i % 3 ? (double)(i % 101) : NAN;
		a.duration_ms = 20000;
		a.created_at = start + (ms_t)((double)i / (double)n * 365.0 * 86400000.0);
		if (store_activity_add(st, &a, &e))
			return die("insert", &e);
		if ((i + 1) % 20000 == 0 || i + 1 == n)
			if (store_commit(st, &e))
				return die("commit", &e);
	}
	user_release(&u);
	store_close(st);
	return 0;
}
