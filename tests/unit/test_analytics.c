/* test_analytics.c: metrics and roll-ups, dashboard figures, features, experiments, the slow-query log, the change log, COPY text. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "aidioma/analytics.h"
#include "aidioma/changes.h"
#include "aidioma/classroom.h"
#include "aidioma/store.h"
#include "aidioma/util.h"
#include "scratch.h"
#include "sync/sync-int.h"

#define T0 1767261600000LL /* 2026-01-01T10:00:00Z */
#define HOUR 3600000LL
#define DAY 86400000LL

static int setup(void **state)
{
	setenv("TZ", "UTC", 1);
	*state = scratch_open("analytics", "a.db", "ana");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return scratch_close(*state);
}

static void put_content(struct store *st, const char *id, const char *topic, const char *meta)
{
	struct content c = { 0 };
	struct err e = ERR_INIT;
	int res;

	xstrlcpy(c.id, id, sizeof(c.id));
	xstrlcpy(c.type, "sentence", sizeof(c.type));
	xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
	xstrlcpy(c.topic, topic, sizeof(c.topic));
	c.primary_text = (char *)"Hola.";
	c.secondary_text = (char *)"Hello.";
	c.metadata = (char *)meta;
	assert_int_equal(store_content_upsert(st, &c, &res, &e), 0);
}

static void add(struct store *st, const char *user_id, const char *type, const char *content,
		double score, long long dur, const char *meta, ms_t at, char id_out[37])
{
	struct activity a;
	struct err e = ERR_INIT;

	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, user_id, sizeof(a.user_id));
	xstrlcpy(a.type, type, sizeof(a.type));
	if (content)
		xstrlcpy(a.content_id, content, sizeof(a.content_id));
	a.score = score;
	a.duration_ms = dur;
	a.metadata = (char *)meta;
	a.created_at = at;
	assert_int_equal(store_activity_add(st, &a, &e), 0);
	if (id_out)
		xstrlcpy(id_out, a.id, 37);
}

static void test_metrics_rollup(void **state)
{
	struct scratch *f = *state;
	struct metric_hour *h;
	struct err e = ERR_INIT;
	char id[37];
	int n, i;

	add(f->st, f->u.id, "practice", NULL, 80, 60000, "{}", T0 + 60000, id);
	add(f->st, f->u.id, "practice", NULL, 40, 30000, "{}", T0 + 120000, NULL);
	add(f->st, f->u.id, "memorize", NULL, NAN, 10000, "{\"rating\":3}", T0 + 2 * HOUR, NULL);
	assert_true(fabs(scratch_q1_real(f->path, "SELECT value FROM learning_metrics "
						  "WHERE metric = 'accuracy' ORDER BY ts LIMIT 1") -
			 0.8) < 1e-9);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM learning_metrics"), 3 + 3 + 3);
	assert_int_equal(store_metrics_hourly(f->st, f->u.id, 0, &h, &n, &e), 0);
	/* hour 0: accuracy, engagement, velocity; hour 2: engagement, retention, velocity */
	assert_int_equal(n, 6);
	for (i = 0; i < n; i++) {
		if (h[i].hour == T0 && !strcmp(h[i].metric, "accuracy")) {
			assert_int_equal(h[i].n, 2);
			assert_true(fabs(h[i].total - 1.2) < 1e-9);
			assert_true(fabs(h[i].min - 0.4) < 1e-9 && fabs(h[i].max - 0.8) < 1e-9);
		}
		if (!strcmp(h[i].metric, "retention"))
			assert_true(h[i].hour == T0 + 2 * HOUR && h[i].total == 1);
	}
	free(h);
	/* an undo takes its figures back out of the roll-ups */
	assert_int_equal(store_activity_delete(f->st, f->u.id, id, &e), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT n FROM learning_metrics_hourly "
					     "WHERE metric = 'accuracy'"), 1);
	assert_true(fabs(scratch_q1_real(f->path, "SELECT max FROM learning_metrics_hourly "
						  "WHERE metric = 'accuracy'") - 0.4) < 1e-9);
	assert_int_equal(scratch_q1(f->path, "SELECT sum(n) FROM learning_metrics_hourly"),
			 scratch_q1(f->path, "SELECT count(*) FROM learning_metrics"));
}

/* The trigger-kept dashboard equals a recount of the stream, through undos. */
static void test_dashboard_current(void **state)
{
	static const char *const types[] = { "practice", "reading", "memorize", "conversation" };
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	char ids[300][37];
	int i;

	srand(7);
	for (i = 0; i < 300; i++)
		add(f->st, f->u.id, types[rand() % 4], NULL, rand() % 3 ? rand() % 101 : NAN,
		    rand() % 90000, "{}", T0 + i * 600000LL, ids[i]);
	for (i = 0; i < 300; i += 7)
		assert_int_equal(store_activity_delete(f->st, f->u.id, ids[i], &e), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT activities FROM dashboard_stats"),
			 scratch_q1(f->path, "SELECT count(*) FROM learning_activities"));
	assert_int_equal(scratch_q1(f->path, "SELECT duration_ms FROM dashboard_stats"),
			 scratch_q1(f->path, "SELECT sum(duration_ms) FROM learning_activities"));
	assert_true(fabs(scratch_q1_real(f->path, "SELECT practice_score_sum "
						  "FROM dashboard_stats") -
			 scratch_q1_real(f->path, "SELECT total(score) FROM learning_activities "
						  "WHERE activity_type = 'practice'")) < 1e-6);
	assert_int_equal(scratch_q1(f->path, "SELECT xp FROM dashboard_stats"),
			 scratch_q1(f->path, "SELECT sum(CASE activity_type WHEN 'practice' "
					     "THEN 5 + CAST(coalesce(score, 0) / 10 AS INTEGER) "
					     "WHEN 'reading' THEN 15 WHEN 'memorize' THEN 2 "
					     "ELSE 20 END) FROM learning_activities"));
	assert_int_equal(scratch_q1(f->path, "SELECT sum(n) FROM learning_metrics_hourly"),
			 scratch_q1(f->path, "SELECT count(*) FROM learning_metrics"));
}

static void test_features(void **state)
{
	struct scratch *f = *state;
	struct user_features x;
	struct err e = ERR_INIT;

	put_content(f->st, "s1", "food", "{\"grammar\":[\"ser-estar\"]}");
	put_content(f->st, "s2", "travel", "{\"grammar\":[\"ser-estar\",\"gustar\"]}");
	/* two sessions a week apart; the second one better */
	add(f->st, f->u.id, "practice", "s1", 50, 60000, "{\"hints\":1}", T0, NULL);
	add(f->st, f->u.id, "practice", "s2", 60, 60000, "{\"hints\":0}", T0 + 120000, NULL);
	add(f->st, f->u.id, "practice", "s1", 70, 60000, "{\"hints\":2}", T0 + 240000, NULL);
	add(f->st, f->u.id, "practice", "s1", 90, 120000, "{}", T0 + 7 * DAY, NULL);
	add(f->st, f->u.id, "reading", "s2", NAN, 300000, "{}", T0 + 7 * DAY + 60000, NULL);
	assert_int_equal(store_features_compute(f->st, f->u.id, T0 + 8 * DAY, &x, &e), 0);
	assert_true(fabs(x.avg_session_ms - 300000) < 1e-6);       /* (180000 + 420000) / 2 */
	assert_true(fabs(x.sessions_per_week - 2) < 1e-3);        /* 2 sessions in 1 week */
	assert_true(fabs(x.accuracy - 67.5) < 1e-9);
	assert_true(x.improvement_rate > 20 && x.improvement_rate < 40);
	assert_true(fabs(x.hint_rate - 0.5) < 1e-9);
	assert_true(fabs(x.retry_rate - 0.5) < 1e-9);             /* 4 answers, 2 sentences */
	assert_true(fabs(x.completion_rate - 0.8) < 1e-9);        /* the unscored reading */
	assert_string_equal(x.preferred_topics, "[\"food\",\"travel\"]");
	assert_non_null(strstr(x.struggle_areas, "\"tag\":\"ser-estar\""));
	assert_null(strstr(x.struggle_areas, "gustar"));          /* one attempt only */
	assert_int_equal(x.best_hour, 10);
	assert_int_equal(x.style_dims, FEATURE_STYLE_DIMS);
	assert_true(fabs(x.style[0] - 0.8f) < 1e-6 && fabs(x.style[1] - 0.2f) < 1e-6);
	user_features_release(&x);
	assert_int_equal(store_features_get(f->st, f->u.id, &x, &e), 0);
	assert_int_equal(x.style_dims, FEATURE_STYLE_DIMS);
	assert_true(fabs(x.style[5] - 0.675f) < 1e-6);
	assert_int_equal(x.computed_at, T0 + 8 * DAY);
	user_features_release(&x);
}

static void test_variants(void **state)
{
	struct scratch *f = *state;
	struct variant_stats v[EXPERIMENT_MAX_VARIANTS];
	struct experiment x;
	struct err e = ERR_INIT;
	struct user other;
	char id[40], meta_sql[256];
	int i, counts[2] = { 0, 0 }, differ = 0;

	/* stable, spread, independent between experiments */
	assert_int_equal(experiment_variant("hints", "u-1", 2), experiment_variant("hints", "u-1", 2));
	for (i = 0; i < 2000; i++) {
		xsnprintf(id, sizeof(id), "user-%d", i);
		counts[experiment_variant("hints", id, 2)]++;
		differ += experiment_variant("hints", id, 2) != experiment_variant("pace", id, 2);
	}
	assert_true(counts[0] > 900 && counts[1] > 900);
	assert_true(differ > 900 && differ < 1100);

	assert_int_equal(store_experiment_start(f->st, "Bad Name", NULL, T0, &e), ERR_USAGE);
	assert_int_equal(store_experiment_start(f->st, "hints", "[\"a\",\"b\",\"c\"]", T0, &e), 0);
	assert_int_equal(store_user_ensure(f->st, "otro", &other, &e), 0);
	add(f->st, f->u.id, "practice", NULL, 80, 1000, "{\"hints\":1}", T0 + 1000, id);
	add(f->st, other.id, "practice", NULL, 60, 3000, "{}", T0 + 2000, NULL);
	xsnprintf(meta_sql, sizeof(meta_sql), "SELECT json_extract(metadata, '$.experiments.hints') = "
		  "'%c' AND json_extract(metadata, '$.hints') = 1 FROM learning_activities WHERE id = '%s'",
		  "abc"[experiment_variant("hints", f->u.id, 3)], id);
	assert_int_equal(scratch_q1(f->path, meta_sql), 1);
	assert_int_equal(store_experiment_get(f->st, "hints", &x, &e), 0);
	assert_int_equal(x.n_variants, 3);
	assert_int_equal(store_variant_stats(f->st, &x, v, &e), 0);
	assert_int_equal(v[0].activities + v[1].activities + v[2].activities, 2);
	i = experiment_variant("hints", f->u.id, 3);
	assert_int_equal(v[i].hinted, 1);
	assert_int_equal(store_experiment_stop(f->st, "hints", T0 + 5000, &e), 0);
	add(f->st, f->u.id, "practice", NULL, 80, 1000, "{}", T0 + 6000, id);
	xsnprintf(meta_sql, sizeof(meta_sql), "SELECT json_type(metadata, '$.experiments') IS NULL "
		  "FROM learning_activities WHERE id = '%s'", id);
	assert_int_equal(scratch_q1(f->path, meta_sql), 1);
	assert_int_equal(store_experiment_stop(f->st, "hints", T0, &e), ERR_NOTFOUND);
	user_release(&other);
}

static void test_slow_log(void **state)
{
	struct scratch *f = *state;
	struct slow_query *q;
	struct err e = ERR_INIT;
	int n, i, found = 0;

	store_slow_threshold(f->st, 0); /* every statement */
	add(f->st, f->u.id, "reading", NULL, 50, 1000, "{}", T0, NULL);
	assert_int_equal(store_slow_list(f->st, 100, &q, &n, &e), 0);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(strlen(q[i].sql_hash), 64);
		if (strstr(q[i].sql_text, "INSERT INTO learning_activities")) {
			found = 1;
			assert_int_equal(q[i].rows, 1);
			assert_null(strstr(q[i].sql_text, "ana")); /* placeholders, no data */
		}
	}
	assert_true(found);
	store_slow_free(q, n);
	store_slow_threshold(f->st, -1);
	add(f->st, f->u.id, "reading", NULL, 50, 1000, "{}", T0 + 1, NULL); /* what was queued */
	n = (int)scratch_q1(f->path, "SELECT count(*) FROM query_performance");
	add(f->st, f->u.id, "reading", NULL, 50, 1000, "{}", T0 + 2, NULL);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM query_performance"), n);
}

static void test_change_log(void **state)
{
	struct scratch *f = *state;
	struct change_batch b;
	struct progress p;
	struct err e = ERR_INIT;
	long counts[CH__COUNT];
	char gone[37];
	int i, on;

	add(f->st, f->u.id, "reading", NULL, 50, 1000, "{}", T0, NULL);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM sync_log"), 0); /* off: free */
	assert_int_equal(store_changes_enable(f->st, &e), 0);
	assert_int_equal(store_changes_enabled(f->st, &on, &e), 0);
	assert_true(on);
	assert_int_equal(store_changes_enable(f->st, &e), 0); /* once only */
	/* ana, the activity */
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM sync_log"), 2);
	add(f->st, f->u.id, "practice", NULL, 70, 1000, "{}", T0 + 1, gone);
	progress_init(&p, f->u.id, "x", "sentence");
	put_content(f->st, "x", "food", "{}");
	for (i = 0; i < 3; i++) {
		p.attempts = i + 1;
		assert_int_equal(store_progress_put(f->st, &p, &e), 0);
	}
	assert_int_equal(store_activity_delete(f->st, f->u.id, gone, &e), 0);
	assert_int_equal(store_changes_pending(f->st, 0, counts, &e), 0);
	assert_int_equal(counts[CH_ACTIVITY], 3);
	assert_int_equal(counts[CH_PROGRESS], 3);
	assert_int_equal(counts[CH_USER], 1);
	/* a batch of two entries, then the rest: rows as they are now, once each */
	assert_int_equal(store_changes_read(f->st, 0, 2, &b, &e), 0);
	assert_int_equal(b.entries, 2);
	assert_int_equal(b.n_users, 1);
	assert_int_equal(b.n_activities, 1);
	change_batch_release(&b);
	assert_int_equal(store_changes_read(f->st, 2, 100, &b, &e), 0);
	assert_int_equal(b.entries, 5);
	assert_int_equal(b.n_activities, 0);    /* made and taken back */
	assert_int_equal(b.n_gone_activities, 1);
	assert_string_equal(b.gone_activities[0], gone);
	assert_int_equal(b.n_progress, 1);
	assert_int_equal(b.progress[0].attempts, 3);
	assert_int_equal(b.last_seq, 7);
	change_batch_release(&b);
	assert_int_equal(store_changes_forget(f->st, 7, &e), 0);
	assert_int_equal(scratch_q1(f->path, "SELECT count(*) FROM sync_log"), 1);
	add(f->st, f->u.id, "reading", NULL, 50, 1000, "{}", T0 + 9, NULL);
	/* above the mark */
	assert_int_equal(scratch_q1(f->path, "SELECT max(seq) FROM sync_log"), 8);
	assert_int_equal(store_changes_read(f->st, 7, 100, &b, &e), 0);
	assert_int_equal(b.n_activities, 1);
	change_batch_release(&b);
	progress_release(&p);
}

/* A class database's class, members and assignments go in the log; an
 * assignment from the server is taken as it is, except that closed stays closed. */
static void test_class_changes(void **state)
{
	struct scratch *f = *state;
	struct class_info c;
	struct assignment a;
	struct assignment_row r;
	struct change_batch b;
	struct err e = ERR_INIT;
	char (*ids)[37];
	int n, changed;

	assert_int_equal(store_changes_enable(f->st, &e), 0);
	assert_int_equal(store_class_ids(f->st, &ids, &n, &e), 0);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(store_class_create(f->st, "Spanish 1A", "", &c, &e), 0);
	assert_int_equal(store_class_member_set(f->st, c.id, f->u.id, "teacher", &e), 0);
	memset(&a, 0, sizeof(a));
	xstrlcpy(a.class_id, c.id, sizeof(a.class_id));
	xstrlcpy(a.title, "Ten cards", sizeof(a.title));
	xstrlcpy(a.type, "memorize", sizeof(a.type));
	a.target = 10;
	xstrlcpy(a.created_by, f->u.id, sizeof(a.created_by));
	assert_int_equal(store_assignment_add(f->st, &a, &e), 0);
	assert_int_equal(store_changes_read(f->st, 0, 100, &b, &e), 0);
	assert_int_equal(b.n_users, 1);
	assert_int_equal(b.n_classes, 1);
	assert_string_equal(b.classes[0].name, "Spanish 1A");
	assert_int_equal(b.n_members, 1);
	assert_string_equal(b.members[0].role, "teacher");
	assert_int_equal(b.n_assignments, 1);
	assert_string_equal(b.assignments[0].title, "Ten cards");
	assert_int_equal(b.assignments[0].target_count, 10);
	assert_int_equal(b.assignments[0].closed_at, 0);
	change_batch_release(&b);

	assert_int_equal(store_class_ids(f->st, &ids, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], c.id);
	free(ids);
	/* the server's copy: the same, then closed, then "reopened" */
	memset(&r, 0, sizeof(r));
	xstrlcpy(r.id, a.id, sizeof(r.id));
	xstrlcpy(r.class_id, c.id, sizeof(r.class_id));
	r.title = (char *)"Ten cards";
	xstrlcpy(r.activity_type, "memorize", sizeof(r.activity_type));
	r.target_count = 10;
	r.created_at = a.created_at;
	assert_int_equal(store_assignment_upsert(f->st, &r, &changed, &e), 0);
	assert_false(changed);
	r.closed_at = T0 + DAY;
	assert_int_equal(store_assignment_upsert(f->st, &r, &changed, &e), 0);
	assert_true(changed);
	r.closed_at = T0 + 2 * DAY;
	assert_int_equal(store_assignment_upsert(f->st, &r, &changed, &e), 0);
	assert_false(changed); /* the earlier closing stays */
	r.closed_at = 0;
	r.title = (char *)"Twelve cards";
	r.target_count = 12;
	assert_int_equal(store_assignment_upsert(f->st, &r, &changed, &e), 0);
	assert_true(changed);
	assert_int_equal(scratch_q1(f->path, "SELECT closed_at FROM assignments"), T0 + DAY);
	assert_int_equal(scratch_q1(f->path, "SELECT target_count FROM assignments"), 12);
}

static void test_copy_text(void **state)
{
	struct sbuf sb = SBUF_INIT;
	float v[2] = { 0.5f, 1 };

	(void)state;
	copy_text(&sb, "a\tb\nc\\d\re");
	assert_string_equal(sb.buf, "a\\tb\\nc\\\\d\\re");
	sbuf_reset(&sb);
	copy_text(&sb, "ñ\xff" "x");
	assert_string_equal(sb.buf, "ñ\xef\xbf\xbdx");
	sbuf_reset(&sb);
	copy_text(&sb, NULL);
	assert_string_equal(sb.buf, "\\N");
	sbuf_reset(&sb);
	copy_json(&sb, "{\"a\":\"x\\u0000y\",\"b\":\"\\\\u0000\"}");
	assert_string_equal(sb.buf, "{\"a\":\"x\\\\ufffdy\",\"b\":\"\\\\\\\\u0000\"}");
	sbuf_reset(&sb);
	copy_real(&sb, NAN);
	copy_real(&sb, 72);
	copy_real(&sb, 0.1);
	copy_int(&sb, -42);
	assert_string_equal(sb.buf, "\\N720.10000000000000001-42");
	sbuf_reset(&sb);
	copy_embedding(&sb, v, 2, 1);
	copy_embedding(&sb, v, 2, 0);
	copy_time(&sb, T0);
	assert_string_equal(sb.buf, "[0.5,1]{0.5,1}2026-01-01T10:00:00.000Z");
	sbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_metrics_rollup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slow_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_class_changes, setup, teardown),
		cmocka_unit_test(test_copy_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
