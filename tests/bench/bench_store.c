/* bench_store.c: store benchmarks, each figure printed beside its goal. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aidioma/queue.h"
#include "aidioma/settings.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, e->msg);
	exit(1);
}

static void report(const char *what, double *ms, int n, double goal_ms)
{
	qsort(ms, (size_t)n, sizeof(*ms), cmp_d);
	printf("%-46s median %.3f ms, p95 %.3f ms, max %.3f ms  (goal < %.0f ms: %s)\n", what,
	       ms[n / 2], ms[n * 95 / 100], ms[n - 1], goal_ms,
	       ms[n * 95 / 100] < goal_ms ? "met" : "MISSED");
}

int main(int argc, char **argv)
{
	long n_act = argc > 1 ? atol(argv[1]) : 1000000;
	long n_prog = argc > 2 ? atol(argv[2]) : 100000;
	const int users = 100, batch = 10000, runs = 1000;
	char dir[] = "/tmp/aidioma-bench-XXXXXX", path[128];
	char (*uid)[37];
	struct err e = ERR_INIT;
	struct store *st;
	ms_t base = 1735689600000LL; /* 2025-01-01 */
	double t0, t1, *ms;
	long i;
	int k;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	xsnprintf(path, sizeof(path), "%s/bench.db", dir);
	if (store_open(path, STORE_CREATE, &st, &e))
		die("open", &e);
	uid = calloc((size_t)users, sizeof(*uid));
	for (k = 0; k < users; k++) {
		struct user u;
		char login[32];

		xsnprintf(login, sizeof(login), "learner%03d", k);
		if (store_user_ensure(st, login, &u, &e))
			die("user", &e);
		memcpy(uid[k], u.id, 37);
		user_release(&u);
	}
	printf("aidioma store benchmarks (%ld activities, %ld progress rows, %d users)\n", n_act,
	       n_prog, users);

	/* 1. bulk insert through the same call the app uses, batched in transactions */
	t0 = now_s();
	for (i = 0; i < n_act; i++) {
		struct activity a;

		if (i % batch == 0 && store_begin(st, &e))
			die("begin", &e);
		memset(&a, 0, sizeof(a));
		memcpy(a.user_id, uid[i % users], 37);
		xstrlcpy(a.type, (i % 4 == 0) ? "memorize" : "practice", sizeof(a.type));
		a.score = (double)(i % 101);
		a.duration_ms = 30000 + i % 5000;
		a.metadata = (char *)"{\"hints\":1}";
		a.created_at = base + i * 25000; /* one every 25 s, ~290 days */
		if (store_activity_add(st, &a, &e))
			die("insert", &e);
		if ((i + 1) % batch == 0 || i + 1 == n_act)
			if (store_commit(st, &e))
				die("commit", &e);
	}
	t1 = now_s();
	printf("%-46s %.1f s, %.0f rows/s  (report)\n", "bulk insert of activities", t1 - t0,
	       (double)n_act / (t1 - t0));

	/* 2. one user's 50 latest activities */
	ms = calloc(runs, sizeof(*ms));
	for (k = 0; k < runs; k++) {
		struct activity *list;
		int n;

		t0 = now_s();
		if (store_activity_recent(st, uid[k % users], 50, &list, &n, &e))
			die("recent", &e);
		t1 = now_s();
		if (n != 50) {
			fprintf(stderr, "bench_store: expected 50 activities, got %d\n", n);
			return 1;
		}
		store_activity_free(list, n);
		ms[k] = (t1 - t0) * 1000;
	}
	report("one user's 50 latest activities", ms, runs, 1);

	/* 3. due items among the progress rows (one user holds them all) */
	if (store_begin(st, &e))
		die("begin", &e);
	for (i = 0; i < n_prog; i++) {
		struct content c = { 0 };
		struct progress p;
		int res;

		xsnprintf(c.id, sizeof(c.id), "card-%06ld", i);
		xstrlcpy(c.type, "flashcard", sizeof(c.type));
		xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
		c.primary_text = (char *)"palabra";
		c.secondary_text = (char *)"word";
		if (store_content_upsert(st, &c, &res, &e))
			die("content", &e);
		progress_init(&p, uid[i % 2], c.id, "flashcard");
		/* spread over a year around now; about 1 in 50 due */
		p.next_review_at = base + n_act * 25000LL + ((i * 7919) % 365 - 7) * 86400000LL;
		p.stability = 10;
		p.difficulty = 5;
		p.state = 2; /* cards in review, as a long-time learner has them */
		p.reps = 4;
		p.interval_days = 10;
		p.last_attempt_at = p.next_review_at - 10 * 86400000LL;
		if (store_progress_put(st, &p, &e))
			die("progress", &e);
	}
	if (store_commit(st, &e))
		die("commit", &e);
	for (k = 0; k < runs; k++) {
		struct progress *list;
		long count;
		int n;

		t0 = now_s();
		if (store_progress_count_due(st, uid[0], base + n_act * 25000LL, &count, &e) ||
		    store_progress_due(st, uid[0], base + n_act * 25000LL, 200, &list, &n, &e))
			die("due", &e);
		t1 = now_s();
		store_progress_free(list, n);
		ms[k] = (t1 - t0) * 1000;
		if (k == 0)
			printf("%-46s %ld due of %ld rows of that user\n", "due items found", count,
			       n_prog / 2);
	}
	report("one user's due items (count + first 200)", ms, runs, 2);

	/* 4. building the flashcard queue of the user who holds half the cards */
	{
		struct settings set;
		struct user u;
		struct queue q;
		char login[32];
		int qruns = 200;

		settings_defaults(&set);
		xsnprintf(login, sizeof(login), "learner%03d", 0);
		if (store_user_ensure(st, login, &u, &e))
			die("user", &e);
		for (k = 0; k < qruns; k++) {
			t0 = now_s();
			if (queue_build(st, &u, &set, base + n_act * 25000LL, &q, &e))
				die("queue", &e);
			t1 = now_s();
			if (k == 0)
				printf("%-46s %d cards (%d review, %d new) of %ld\n", "queue built", q.n,
				       q.n_review, q.n_new, n_prog / 2);
			queue_release(&q);
			ms[k] = (t1 - t0) * 1000;
		}
		report("one user's flashcard queue", ms, qruns, 5);
		user_release(&u);
	}
	free(ms);
	free(uid);
	store_close(st);
	{
		char cmd[160];

		xsnprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_store: could not remove %s\n", dir);
	}
	return 0;
}
