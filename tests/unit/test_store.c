/* test_store.c: the SQLite store: migrations, constraints, transactions, concurrency, batches. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include <cmocka.h>

#include "aidioma/store.h"
#include "aidioma/util.h"
#include "scratch.h"

static int setup(void **state)
{
	*state = scratch_open("store", "sub/a.db", "ana");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return scratch_close(*state);
}

static void put_content(struct store *st, const char *id, const char *type)
{
	struct content c = { 0 };
	struct err e = ERR_INIT;
	int res;

	xstrlcpy(c.id, id, sizeof(c.id));
	xstrlcpy(c.type, type, sizeof(c.type));
	xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
	xstrlcpy(c.topic, "home", sizeof(c.topic));
	c.primary_text = (char *)"casa";
	c.secondary_text = (char *)"house";
	c.metadata = (char *)"{\"pos\":\"noun\"}";
	assert_int_equal(store_content_upsert(st, &c, &res, &e), 0);
}

static int add_activity(struct store *st, const char *user_id, const char *type, double score,
			long long dur, const char *meta, ms_t at, struct err *e)
{
	struct activity a;

	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, user_id, sizeof(a.user_id));
	xstrlcpy(a.type, type, sizeof(a.type));
	a.score = score;
	a.duration_ms = dur;
	a.metadata = (char *)meta;
	a.created_at = at;
	return store_activity_add(st, &a, e);
}

static void test_migrate_empty(void **state)
{
	struct scratch *f = *state;
	static const char *const tables[] = {
		"users", "content_packs", "learning_content", "learning_activities", "user_progress",
		"ai_cache", "user_features", "learning_metrics", "learning_metrics_hourly",
		"dashboard_stats", "daily_activity", "achievements", "classes", "class_members",
		"assignments", "query_performance", "sync_state", NULL
	};
	static const char *const indexes[] = {
		"idx_activities_user_time", "idx_content_type_difficulty", "idx_progress_user_review",
		"idx_progress_user_type_mastery", NULL
	};
	char sql[256];
	int i;

	assert_int_equal(store_schema_version(f->st), store_latest_version());
	assert_int_equal(scratch_q1(f->path, "PRAGMA user_version"), store_latest_version());
	for (i = 0; tables[i]; i++) {
		xsnprintf(sql, sizeof(sql),
			  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
			  tables[i]);
		assert_int_equal(scratch_q1(f->path, sql), 1);
	}
	for (i = 0; indexes[i]; i++) {
		xsnprintf(sql, sizeof(sql),
			  "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%s'",
			  indexes[i]);
		assert_int_equal(scratch_q1(f->path, sql), 1);
	}
	/* the activity index is newest first */
	assert_int_equal(scratch_q1(f->path, "SELECT desc FROM "
					     "pragma_index_xinfo('idx_activities_user_time') "
					     "WHERE name = 'created_at'"), 1);
	{
		sqlite3 *db;
		sqlite3_stmt *s;

		sqlite3_open(f->path, &db);
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
}

/* Every earlier version upgrades to the latest, keeping and counting its data. */
static void test_migrate_each_version(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	int v;

	for (v = 0; v < store_latest_version(); v++) {
		char path[160];
		struct store *st;
		sqlite3 *db;

		xsnprintf(path, sizeof(path), "%s/v%d.db", f->dir, v);
		if (v > 0) {
			assert_int_equal(store_open_version(path, v, &st, &e), 0);
			assert_int_equal(store_schema_version(st), v);
			store_close(st);
			/* data written by that version's schema */
			assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
			assert_int_equal(sqlite3_exec(db,
				"INSERT INTO users (id, login, created_at, updated_at) VALUES ('u1', 'old', 0, 0);"
				"INSERT INTO learning_activities (id, user_id, activity_type, score, duration_ms, created_at) VALUES "
				"('a1', 'u1', 'practice', 80, 1000, 1767261600000),"
				"('a2', 'u1', 'practice', 60, 2000, 1767261700000),"
				"('a3', 'u1', 'reading', NULL, 5000, 1767348000000);",
				NULL, NULL, NULL), SQLITE_OK);
			if (v >= 2) /* from version 2 the program also counts the day */
				assert_int_equal(sqlite3_exec(db,
					"INSERT INTO daily_activity (user_id, day, activities, duration_ms) "
					"VALUES ('u1', 20454, 2, 3000), ('u1', 20455, 1, 5000);",
					NULL, NULL, NULL), SQLITE_OK);
			sqlite3_close(db);
		}
		assert_int_equal(store_open(path, STORE_CREATE, &st, &e), 0);
		assert_int_equal(store_schema_version(st), store_latest_version());
		if (v > 0) {
			struct user_stats s;

			assert_int_equal(store_stats_user(st, "u1", 1767348000000, &s, &e), 0);
			assert_int_equal(s.activities, 3);
			assert_int_equal(s.practice, 2);
			assert_int_equal(s.reading, 1);
			assert_true(fabs(s.practice_avg - 70.0) < 1e-9);
			assert_int_equal(s.duration_ms, 8000);
			assert_int_equal(scratch_q1(path, "SELECT sum(activities) "
							  "FROM daily_activity"), 3);
		}
		store_close(st);
		/* opening again changes nothing */
		assert_int_equal(store_open(path, 0, &st, &e), 0);
		store_close(st);
	}
}

static void test_refuses_newer(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct store *st;
	char path[160];
	sqlite3 *db;

	xsnprintf(path, sizeof(path), "%s/new.db", f->dir);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &e), 0);
	store_close(st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &st, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "schema version 99, newer than this aidioma knows"));
	assert_null(st);
	/* a missing file without STORE_CREATE says how to make one */
	xsnprintf(path, sizeof(path), "%s/missing.db", f->dir);
	assert_int_equal(store_open(path, 0, &st, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "aidioma init"));
}

static void test_constraints(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct content c = { 0 };
	struct progress p;
	struct user u2;
	int res;

	put_content(f->st, "c1", "flashcard");
	/* activity_type, score, duration_ms, metadata, user foreign key */
	assert_int_equal(add_activity(f->st, f->u.id, "sleeping", 50, 0, NULL, 0, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "CHECK constraint failed"));
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 101, 0, NULL, 0, &e), ERR_USAGE);
	assert_int_equal(add_activity(f->st, f->u.id, "practice", -1, 0, NULL, 0, &e), ERR_USAGE);
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 50, -5, NULL, 0, &e), ERR_USAGE);
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 50, 0, "{not json", 0, &e), ERR_USAGE);
	assert_int_equal(add_activity(f->st, "no-such-user", "practice", 50, 0, NULL, 0, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "FOREIGN KEY"));
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_activities"), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 100, 0, "{\"hints\":0}", 0, &e), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "memorize", NAN, 0, NULL, 0, &e), 0);

	/* content_type, difficulty, metadata */
	xstrlcpy(c.id, "c2", sizeof(c.id));
	xstrlcpy(c.type, "poem", sizeof(c.type));
	xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
	c.primary_text = (char *)"x";
	assert_int_equal(store_content_upsert(f->st, &c, &res, &e), ERR_USAGE);
	xstrlcpy(c.type, "text", sizeof(c.type));
	xstrlcpy(c.difficulty, "expert", sizeof(c.difficulty));
	assert_int_equal(store_content_upsert(f->st, &c, &res, &e), ERR_USAGE);
	xstrlcpy(c.difficulty, "advanced", sizeof(c.difficulty));
	c.metadata = (char *)"[1,";
	assert_int_equal(store_content_upsert(f->st, &c, &res, &e), ERR_USAGE);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_content"), 1);

	/* mastery 0..5, progress metadata, content foreign key */
	progress_init(&p, f->u.id, "c1", "flashcard");
	p.mastery_level = 6;
	assert_int_equal(store_progress_put(f->st, &p, &e), ERR_USAGE);
	p.mastery_level = 5;
	p.metadata = (char *)"nope";
	assert_int_equal(store_progress_put(f->st, &p, &e), ERR_USAGE);
	p.metadata = NULL;
	p.best_score = 120;
	assert_int_equal(store_progress_put(f->st, &p, &e), ERR_USAGE);
	p.best_score = 90;
	assert_int_equal(store_progress_put(f->st, &p, &e), 0);
	progress_init(&p, f->u.id, "missing", "flashcard");
	assert_int_equal(store_progress_put(f->st, &p, &e), ERR_USAGE);

	/* role and level */
	assert_int_equal(store_user_ensure(f->st, "ben", &u2, &e), 0);
	xstrlcpy(u2.role, "admin", sizeof(u2.role));
	assert_int_equal(store_user_update(f->st, &u2, &e), ERR_USAGE);
	xstrlcpy(u2.role, "teacher", sizeof(u2.role));
	xstrlcpy(u2.level, "fluent", sizeof(u2.level));
	assert_int_equal(store_user_update(f->st, &u2, &e), ERR_USAGE);
	user_release(&u2);
}

static void test_transaction_rollback(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;

	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 80, 0, NULL, 0, &e), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "reading", 70, 0, NULL, 0, &e), 0);
	/* the third fails: the whole unit is rolled back */
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 300, 0, NULL, 0, &e), ERR_USAGE);
	store_rollback(f->st);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_activities"), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM daily_activity"), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT coalesce(sum(activities), 0) "
					     "FROM dashboard_stats"), 0);
	/* and a committed unit is all there */
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "practice", 80, 0, NULL, 0, &e), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "reading", 70, 0, NULL, 0, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_activities"), 2);
	assert_int_equal(scratch_q1(f->path, "SELECT sum(activities) FROM dashboard_stats"), 2);
}

#define WRITERS 2
#define PER_WRITER 300

static void test_two_processes(void **state)
{
	struct scratch *f = *state;
	pid_t pid[WRITERS];
	int i, status;

	for (i = 0; i < WRITERS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct err e = ERR_INIT;
			struct store *st;
			struct user u;
			char login[16];
			int k, bad = 0;

			uuid_set_seed(0);
			xsnprintf(login, sizeof(login), "writer%d", i);
			if (store_open(f->path, 0, &st, &e) || store_user_ensure(st, login, &u, &e))
				_exit(10);
			for (k = 0; k < PER_WRITER; k++)
				if (add_activity(st, u.id, "practice", k % 101, 10, NULL, 0, &e)) {
					fprintf(stderr, "writer %d: %s\n", i, e.msg);
					bad++;
				}
			user_release(&u);
			store_close(st);
			_exit(bad ? 1 : 0);
		}
	}
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_activities"),
			 WRITERS * PER_WRITER);
	assert_int_equal(scratch_q1(f->path, "SELECT count(DISTINCT id) FROM learning_activities"),
			 WRITERS * PER_WRITER);
	assert_int_equal(scratch_q1(f->path, "SELECT sum(activities) FROM dashboard_stats"),
			 WRITERS * PER_WRITER);
}

static void test_users(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct user u, again;
	long n;

	assert_int_equal(store_user_get(f->st, "nobody", &u, &e), ERR_NOTFOUND);
	assert_int_equal(store_user_ensure(f->st, "carla", &u, &e), 0);
	assert_true(uuid_valid(u.id));
	assert_string_equal(u.role, "learner");
	assert_string_equal(u.level, "beginner");
	xstrlcpy(u.display_name, "Carla Núñez", sizeof(u.display_name));
	xstrlcpy(u.level, "intermediate", sizeof(u.level));
	assert_int_equal(store_user_update(f->st, &u, &e), 0);
	assert_int_equal(store_user_ensure(f->st, "carla", &again, &e), 0);
	assert_string_equal(again.id, u.id);
	assert_string_equal(again.display_name, "Carla Núñez");
	assert_string_equal(again.level, "intermediate");
	assert_int_equal(store_user_count(f->st, &n, &e), 0);
	assert_int_equal(n, 2);
	user_release(&u);
	user_release(&again);
}

static void test_content_upsert(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct content c = { 0 }, got;
	long n;
	int res;

	xstrlcpy(c.id, "s1", sizeof(c.id));
	xstrlcpy(c.type, "sentence", sizeof(c.type));
	xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
	xstrlcpy(c.topic, "food", sizeof(c.topic));
	c.primary_text = (char *)"Me gusta el pan.";
	c.secondary_text = (char *)"I like bread.";
	c.metadata = (char *)"{\"accepted\":[]}";
	assert_int_equal(store_content_upsert(f->st, &c, &res, &e), 0);
	assert_int_equal(res, UPSERT_NEW);
	assert_int_equal(store_content_upsert(f->st, &c, &res, &e), 0);
	assert_int_equal(res, UPSERT_UNCHANGED);
	c.secondary_text = (char *)"I like the bread.";
	assert_int_equal(store_content_upsert(f->st, &c, &res, &e), 0);
	assert_int_equal(res, UPSERT_UPDATED);
	assert_int_equal(store_content_get(f->st, "s1", &got, &e), 0);
	assert_string_equal(got.secondary_text, "I like the bread.");
	assert_string_equal(got.topic, "food");
	assert_true(isnan(got.success_rate));
	content_release(&got);
	assert_int_equal(store_content_count(f->st, "sentence", "beginner", &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_content_count(f->st, "sentence", "advanced", &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_content_get(f->st, "zzz", &got, &e), ERR_NOTFOUND);
}

static void test_recent_activities(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct activity *list;
	ms_t base = 1767261600000LL;
	int i, n;

	for (i = 0; i < 60; i++)
		assert_int_equal(add_activity(f->st, f->u.id, "practice", i, 1000, NULL,
					      base + (ms_t)((i * 37) % 60) * 60000, &e), 0);
	assert_int_equal(store_activity_recent(f->st, f->u.id, 50, &list, &n, &e), 0);
	assert_int_equal(n, 50);
	for (i = 1; i < n; i++)
		assert_true(list[i - 1].created_at > list[i].created_at);
	assert_int_equal(list[0].created_at, base + 59 * 60000);
	assert_true(isnan(list[0].score) == 0);
	store_activity_free(list, n);
}

static void test_progress_due(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct progress p, *due;
	ms_t now = 1767261600000LL;
	long count;
	int i, n;

	for (i = 0; i < 10; i++) {
		char id[16];

		xsnprintf(id, sizeof(id), "card%d", i);
		put_content(f->st, id, "flashcard");
		progress_init(&p, f->u.id, id, "flashcard");
		p.next_review_at = now + (i - 5) * 3600000LL; /* five due, five later */
		p.suspended = i == 0;                          /* one of the due suspended */
		p.stability = 3.5;
		assert_int_equal(store_progress_put(f->st, &p, &e), 0);
	}
	assert_int_equal(store_progress_count_due(f->st, f->u.id, now, &count, &e), 0);
	assert_int_equal(count, 5); /* card1..card5 (card5 due exactly now) */
	assert_int_equal(store_progress_due(f->st, f->u.id, now, 3, &due, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(due[0].content_id, "card1");
	assert_string_equal(due[2].content_id, "card3");
	assert_true(fabs(due[0].stability - 3.5) < 1e-12);
	store_progress_free(due, n);
	/* put again updates in place */
	assert_int_equal(store_progress_get(f->st, f->u.id, "card1", &p, &e), 0);
	p.next_review_at = now + 86400000;
	p.reps = 4;
	assert_int_equal(store_progress_put(f->st, &p, &e), 0);
	progress_release(&p);
	assert_int_equal(store_progress_count_due(f->st, f->u.id, now, &count, &e), 0);
	assert_int_equal(count, 4);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM user_progress"), 10);
}

static void test_stats_streak(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct user_stats s;
	ms_t noon = 1767268800000LL; /* 2026-01-01T12:00:00Z */
	int d;

	setenv("TZ", "UTC", 1);
	/* days -4, -3, -2, -1, 0 active, then a gap at -5, and day -6 active */
	for (d = 0; d <= 4; d++)
		assert_int_equal(add_activity(f->st, f->u.id, "practice", 90, 60000, NULL,
					      noon - (ms_t)d * 86400000, &e), 0);
	assert_int_equal(add_activity(f->st, f->u.id, "reading", NAN, 60000, NULL,
				      noon - 6 * 86400000LL, &e), 0);
	assert_int_equal(store_stats_user(f->st, f->u.id, noon, &s, &e), 0);
	assert_int_equal(s.streak_days, 5);
	assert_int_equal(s.active_today, 1);
	assert_int_equal(s.activities, 6);
	assert_int_equal(s.xp, 5 * (5 + 9) + 15);
	/* tomorrow the streak still stands (yesterday was active), the day after it is gone */
	assert_int_equal(store_stats_user(f->st, f->u.id, noon + 86400000, &s, &e), 0);
	assert_int_equal(s.streak_days, 5);
	assert_int_equal(s.active_today, 0);
	assert_int_equal(store_stats_user(f->st, f->u.id, noon + 2 * 86400000LL, &s, &e), 0);
	assert_int_equal(s.streak_days, 0);
}

static void test_words(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	const char *words[] = { "casa", "perro", "árbol" };
	int status[3];
	long counts[3];

	assert_int_equal(store_word_set(f->st, f->u.id, "casa", WORD_KNOWN, &e), 0);
	assert_int_equal(store_word_set(f->st, f->u.id, "árbol", WORD_LEARNING, &e), 0);
	assert_int_equal(store_word_set(f->st, f->u.id, "árbol", WORD_KNOWN, &e), 0);
	assert_int_equal(store_words_status(f->st, f->u.id, words, 3, status, &e), 0);
	assert_int_equal(status[0], WORD_KNOWN);
	assert_int_equal(status[1], WORD_NEW);
	assert_int_equal(status[2], WORD_KNOWN);
	assert_int_equal(store_words_count(f->st, f->u.id, counts, &e), 0);
	assert_int_equal(counts[WORD_KNOWN], 2);
	assert_int_equal(counts[WORD_LEARNING], 0);
	assert_int_equal(scratch_q1(f->path, "SELECT seen_count FROM user_words "
					     "WHERE word = 'árbol'"), 2);
	assert_int_equal(store_word_set(f->st, f->u.id, "casa", 7, &e), ERR_USAGE);
}

/* The activities of one learner, as an import or the app records them:
 * every type, with and without content, a score or a cost, over five days. */
static void make_activities(struct activity *list, int n, const char *user_id, char tag)
{
	static const char *const types[] = { "memorize", "practice", "reading", "conversation" };
	ms_t base = 1767225600000LL; /* 2026-01-01T00:00:00Z */
	int i;

	memset(list, 0, (size_t)n * sizeof(*list));
	for (i = 0; i < n; i++) {
		struct activity *a = &list[i];

		xsnprintf(a->id, sizeof(a->id), "%c-%03d", tag, i);
		xstrlcpy(a->user_id, user_id, sizeof(a->user_id));
		xstrlcpy(a->type, types[i % 7 % 4], sizeof(a->type));
		if (i % 3)
			xsnprintf(a->content_id, sizeof(a->content_id), "card%d", i % 5);
		a->score = i % 7 % 4 == 1 ? (i * 13) % 101 : NAN;
		a->duration_ms = (i * 7919) % 60000;
		a->metadata = (char *)(i % 2 ? "{\"rating\":3}" : NULL);
		a->ai_cost = i % 11 == 0 ? 0.0001 * i : 0;
		a->created_at = base + (ms_t)((i * 37) % 120) * 3600000 + i;
	}
}

/* 0 when the rows of user a in table (but for user_id) are those of user b. */
static long long differ(const char *path, const char *table, const char *cols, const char *a,
			const char *b)
{
	char sql[2048];

	xsnprintf(sql, sizeof(sql),
		  "SELECT (SELECT count(*) FROM (SELECT %1$s FROM %2$s WHERE user_id = '%3$s' "
		  "EXCEPT SELECT %1$s FROM %2$s WHERE user_id = '%4$s')) + "
		  "(SELECT count(*) FROM (SELECT %1$s FROM %2$s WHERE user_id = '%4$s' "
		  "EXCEPT SELECT %1$s FROM %2$s WHERE user_id = '%3$s')) + "
		  "abs((SELECT count(*) FROM %2$s WHERE user_id = '%3$s') - "
		  "(SELECT count(*) FROM %2$s WHERE user_id = '%4$s'))", cols, table, a, b);
	return scratch_q1(path, sql);
}

static void test_activity_add_many(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct activity one[150], many[150];
	struct user ben;
	int i;

	for (i = 0; i < 5; i++) {
		char id[16];

		xsnprintf(id, sizeof(id), "card%d", i);
		put_content(f->st, id, "flashcard");
	}
	assert_int_equal(store_user_ensure(f->st, "ben", &ben, &e), 0);
	/* ana's one by one, ben's together: 150 is two statements of 64 and 22 of one */
	make_activities(one, 150, f->u.id, 'a');
	make_activities(many, 150, ben.id, 'b');
	for (i = 0; i < 150; i++)
		assert_int_equal(store_activity_add(f->st, &one[i], &e), 0);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_activity_add_many(f->st, many, 150, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_activities"), 300);
	assert_int_equal(differ(f->path, "learning_activities",
				"substr(id, 2), activity_type, content_id, score, duration_ms, "
				"metadata, ai_cached, ai_cost, ai_model, created_at",
				f->u.id, ben.id), 0);
	assert_int_equal(differ(f->path, "daily_activity", "day, activities, duration_ms",
				f->u.id, ben.id), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM daily_activity"), 10);
	assert_int_equal(differ(f->path, "dashboard_stats",
				"activities, practice_count, practice_scored, practice_score_sum, "
				"reading_count, memorize_count, conversation_count, duration_ms, "
				"ai_cost, xp, first_activity_at, last_activity_at",
				f->u.id, ben.id), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM dashboard_stats "
					     "WHERE activities = 150"), 2);
	/* a row the schema refuses fails the call; the caller's rollback takes back the rest */
	make_activities(many, 150, ben.id, 'c');
	many[100].score = 300;
	xstrlcpy(many[100].type, "practice", sizeof(many[100].type));
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_activity_add_many(f->st, many, 150, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "recording an activity"));
	store_rollback(f->st);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_activities"), 300);
	assert_int_equal(scratch_q1(f->path, "SELECT sum(activities) FROM daily_activity"), 300);
	assert_int_equal(scratch_q1(f->path, "SELECT sum(activities) FROM dashboard_stats"), 300);
	user_release(&ben);
}

static void test_content_insert_many(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct content list[70], got;
	int i;

	memset(list, 0, sizeof(list));
	for (i = 0; i < 70; i++) {
		xsnprintf(list[i].id, sizeof(list[i].id), "imp-%02d", i);
		xstrlcpy(list[i].type, "flashcard", sizeof(list[i].type));
		xstrlcpy(list[i].difficulty, "beginner", sizeof(list[i].difficulty));
		xstrlcpy(list[i].topic, "deck", sizeof(list[i].topic));
		list[i].primary_text = (char *)"la casa";
		list[i].secondary_text = (char *)"the house";
		list[i].metadata = (char *)"{\"origin\":\"anki\"}";
	}
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_content_insert_many(f->st, list, 70, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_content"), 70);
	/* in their order */
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_content WHERE rowid = "
					     "1 + CAST(substr(id, 5) AS INTEGER)"), 70);
	assert_int_equal(store_content_get(f->st, "imp-69", &got, &e), 0);
	assert_string_equal(got.primary_text, "la casa");
	assert_string_equal(got.metadata, "{\"origin\":\"anki\"}");
	assert_string_equal(got.pack_id, "");
	content_release(&got);
	/* one already stored: the call fails, the rollback leaves the table as it was */
	xstrlcpy(list[0].id, "new-0", sizeof(list[0].id));
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(store_content_insert_many(f->st, list, 70, &e), ERR_USAGE);
	store_rollback(f->st);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_content"), 70);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_each_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_newer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_upsert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recent_activities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_streak, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activity_add_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_insert_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
