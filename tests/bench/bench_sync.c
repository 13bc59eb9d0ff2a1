/* bench_sync.c: sync push benchmarks against a PostgreSQL server (phases run by bench_sync.sh). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "aidioma/changes.h"
#include "aidioma/store.h"
#include "aidioma/sync.h"
#include "aidioma/util.h"

#define USERS 100
#define BASE_MS 1735689600000LL /* 2025-01-01 */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_sync: %s: %s\n", what, e->msg);
	exit(1);
}

static const char *verdict(int met)
{
	return met ? "met" : "MISSED";
}

/*
 * The file: USERS learners, then n activities in sessions of 20 a minute
 * apart (a learner every 15 minutes, so each has one a day), written with
 * one INSERT ... SELECT.  The trigger that writes each activity's metrics
 * is dropped in this throwaway file: derived metrics are never pushed, and
 * without it a million rows are built in seconds instead of minutes.
 */
static int build(const char *path, long n)
{
	struct err e = ERR_INIT;
	struct store *st;
	sqlite3 *db;
	char sql[2048], *msg = NULL;
	double t0 = now_s();
	int k;

	remove(path);
	if (store_open(path, STORE_CREATE, &st, &e) || store_changes_enable(st, &e))
		die("open", &e);
	for (k = 0; k < USERS; k++) {
		struct user u;
		char login[32];

		xsnprintf(login, sizeof(login), "learner%03d", k);
		if (store_user_ensure(st, login, &u, &e))
			die("user", &e);
		user_release(&u);
	}
	store_close(st);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	xsnprintf(sql, sizeof(sql),
		  "DROP TRIGGER trg_activity_metrics;"
		  "CREATE TEMP TABLE u AS SELECT row_number() OVER (ORDER BY login) - 1 AS k, id FROM users;"
		  "WITH RECURSIVE a(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM a WHERE i < %ld) "
		  "INSERT INTO learning_activities (id, user_id, activity_type, score, duration_ms, "
		  "metadata, created_at) SELECT printf('0192%%04x-%%04x-7%%03x-8%%03x-%%012x', i / 65536 %% 65536, "
		  "i %% 65536, i / 4096 %% 4096, i %% 4096, i), "
		  "(SELECT id FROM u WHERE k = i / 20 %% %d), "
		  "CASE WHEN i %% 4 = 0 THEN 'memorize' ELSE 'practice' END, "
		  "CASE WHEN i %% 4 = 0 THEN NULL ELSE i %% 101 END, 30000 + i %% 5000, "
		  "CASE WHEN i %% 4 = 0 THEN '{\"rating\":3}' ELSE "
		  "'{\"hints\":1,\"answer\":\"Me gusta el pan.\",\"source\":\"offline\"}' END, "
		  "%lld + (i / 20) * 900000 + (i %% 20) * 60000 FROM a",
		  n - 1, USERS, BASE_MS);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench_sync: building: %s\n", msg);
		return 1;
	}
	sqlite3_close(db);
	printf("aidioma sync benchmarks: %ld activities of %d learners (file built in %.1f s)\n", n,
	       USERS, now_s() - t0);
	return 0;
}

static struct sync *connect_to(const char *conn)
{
	struct sync_init_options io = { 1 };
	struct err e = ERR_INIT;
	struct sync_info info;
	struct sync *s;

	if (sync_connect(conn, &s, &e) || sync_init(s, &io, &info, &e))
		die("connecting", &e);
	return s;
}

struct stop_after {
	int batches;
};

static int stop_cb(const struct sync_progress *p, void *ctx)
{
	const struct stop_after *s = ctx;

	return s->batches > 0 && p->batch >= s->batches;
}

/* One INSERT per activity, on the first sample rows; prints rows/s alone on stdout. */
static int row_by_row(const char *path, const char *conn, long sample)
{
	struct sync_push_options po;
	struct sync_push_report r;
	struct stop_after stop;
	struct err e = ERR_INIT;
	struct store *st;
	struct sync *s = connect_to(conn);
	double t0;

	if (store_open(path, 0, &st, &e))
		die("open", &e);
	memset(&po, 0, sizeof(po));
	po.row_by_row = 1;
	po.batch_entries = 10000;
	stop.batches = (int)((sample + USERS + 9999) / 10000);
	po.progress = stop_cb;
	po.ctx = &stop;
	t0 = now_s();
	sync_push(s, st, &po, &r, &e); /* stopped after the sample: the log stays whole */
	printf("%.0f %ld\n", (double)r.rows[CH_ACTIVITY] / (now_s() - t0), r.rows[CH_ACTIVITY]);
	/* the next push starts from the beginning again */
	if (store_sync_set(st, "push.seq", "0", &e))
		die("mark", &e);
	store_close(st);
	sync_close(s);
	return 0;
}

static int full_push(const char *path, const char *conn, double insert_rate, long insert_rows)
{
	struct sync_push_options po;
	struct sync_push_report r;
	struct err e = ERR_INIT;
	struct store *st;
	struct sync *s = connect_to(conn);
	double t0, secs, rate;

	if (store_open(path, 0, &st, &e))
		die("open", &e);
	memset(&po, 0, sizeof(po));
	t0 = now_s();
	if (sync_push(s, st, &po, &r, &e))
		die("push", &e);
	secs = now_s() - t0;
	rate = (double)r.rows[CH_ACTIVITY] / secs;
	printf("%-42s %.2f s, %.0f rows/s, %d batches\n", "full push with COPY", secs, rate,
	       r.batches);
	if (insert_rate > 0) {
		printf("%-42s %.0f rows/s (on the first %ld rows)\n", "the same rows, one INSERT each",
		       insert_rate, insert_rows);
		printf("%-42s %.1fx\n", "COPY against row-by-row INSERT", rate / insert_rate);
	}
	store_close(st);
	sync_close(s);
	return 0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Five increments of 1,000 activities recorded as the app records them. */
static int incremental(const char *path, const char *conn)
{
	struct sync_push_options po;
	struct sync_push_report r;
	struct err e = ERR_INIT;
	struct store *st;
	struct sync *s = connect_to(conn);
	char (*uid)[37];
	double ms[5], t0;
	int k, i, n;

	if (store_open(path, 0, &st, &e) || store_user_ids(st, &uid, &n, &e))
		die("open", &e);
	memset(&po, 0, sizeof(po));
	for (k = 0; k < 5; k++) {
		if (store_begin(st, &e))
			die("begin", &e);
		for (i = 0; i < 1000; i++) {
			struct activity a;

			memset(&a, 0, sizeof(a));
			memcpy(a.user_id, uid[i % n], 37);
			xstrlcpy(a.type, "practice", sizeof(a.type));
			a.score = (double)(i % 101);
			a.duration_ms = 30000;
			a.metadata = (char *)"{\"hints\":0}";
			a.created_at = clock_now_ms() + k * 1000 + i;
			if (store_activity_add(st, &a, &e))
				die("insert", &e);
		}
		if (store_commit(st, &e))
			die("commit", &e);
		t0 = now_s();
		if (sync_push(s, st, &po, &r, &e))
			die("incremental push", &e);
		ms[k] = (now_s() - t0) * 1000;
		if (r.rows[CH_ACTIVITY] != 1000) {
			fprintf(stderr, "bench_sync: the increment sent %ld activities\n",
				r.rows[CH_ACTIVITY]);
			return 1;
		}
	}
	qsort(ms, 5, sizeof(ms[0]), cmp_d);
	printf("%-42s median %.1f ms, max %.1f ms  (goal < 200 ms: %s)\n",
	       "incremental push of 1,000 new activities", ms[2], ms[4], verdict(ms[2] < 200));
	free(uid);
	store_close(st);
	sync_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "build"))
		return build(argv[2], atol(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "insert"))
		return row_by_row(argv[2], argv[3], atol(argv[4]));
	if ((argc == 4 || argc == 6) && !strcmp(argv[1], "copy"))
		return full_push(argv[2], argv[3], argc == 6 ? atof(argv[4]) : 0,
				 argc == 6 ? atol(argv[5]) : 0);
	if (argc == 4 && !strcmp(argv[1], "increment"))
		return incremental(argv[2], argv[3]);
	fprintf(stderr, "usage: bench_sync build DB N | insert DB CONNINFO SAMPLE |\n"
			"       copy DB CONNINFO [INSERT-RATE ROWS] | increment DB CONNINFO\n");
	return 2;
}
