/* test_queue.c: today's flashcards: order, limits, answers, undo, leeches, typed answers. */
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

#include "aidioma/content.h"
#include "aidioma/practice.h"
#include "aidioma/queue.h"
#include "aidioma/util.h"
#include "scratch.h"

#define GOOD TESTS_SRCDIR "/fixtures/packs/good"
#define T0 1772964000000LL /* 2026-03-08T10:00:00Z */
#define MIN 60000LL
#define DAY 86400000LL

struct fx {
	struct scratch *s;
	struct settings set;
	struct scheduler sch;
};

static int setup(void **state)
{
	const char *files[] = { GOOD "/cards.json", GOOD "/sentences.json" };
	struct fx *f = calloc(1, sizeof(*f));
	struct import_report r;
	struct err e = ERR_INIT;

	setenv("TZ", "UTC", 1);
	f->s = scratch_open("queue", "a.db", NULL);
	if (!f->s)
		return -1;
	if (content_import(f->s->st, files, 2, &r, &e) ||
	    store_user_ensure(f->s->st, "eva", &f->s->u, &e)) {
		fprintf(stderr, "# %s\n", e.msg);
		return -1;
	}
	settings_defaults(&f->set);
	settings_set(&f->set, "fuzz", "false", &e);
	if (scheduler_init(&f->sch, &f->set, &f->s->u, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (scratch_close(f->s))
		return -1;
	free(f);
	return 0;
}

static void test_new_cards_and_limits(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct queue q;

	assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, T0, &q, &e), 0);
	assert_int_equal(q.n, 3);
	assert_int_equal(q.n_new, 3);
	/* the most frequent first: dormir is band 1, the others band 2 */
	assert_string_equal(q.ids[0], "tc-dormir");
	queue_release(&q);
	/* one new card a day */
	assert_int_equal(settings_set(&f->set, "daily_new", "1", &e), 0);
	assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, T0, &q, &e), 0);
	assert_int_equal(q.n, 1);
	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, q.ids[0], 3, T0, 4000, NULL,
				      &e), 0);
	queue_release(&q);
	assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, T0 + MIN, &q, &e), 0);
	assert_int_equal(q.n_new, 0); /* today's new card is spent */
	assert_int_equal(q.n, 0);     /* and its next step is not due yet */
	queue_release(&q);
	/* ten minutes on, the card is back as learning; tomorrow a new one comes */
	assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, T0 + 11 * MIN, &q, &e), 0);
	assert_int_equal(q.n_learning, 1);
	queue_release(&q);
	assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, T0 + DAY, &q, &e), 0);
	assert_int_equal(q.n_new, 1);
	queue_release(&q);
}

static void test_order_learning_review_new(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct queue q;
	char id[65];
	ms_t t = T0;
	int i;

	/* tc-gato becomes a review card, tc-ventana stays in learning */
	for (i = 0; i < 3; i++, t += 20 * MIN)
		assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-gato", 3, t, 0, NULL,
					      &e), 0);
	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-ventana", 1, t, 0, NULL,
				      &e), 0);
	/* a card of the learner's own, added now */
	clock_set_fixed(t);
	assert_int_equal(card_add(f->s->st, f->s->u.id, "la mariposa", "the butterfly", "test", id,
				  &e), 0);
	assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, t + 30 * DAY, &q, &e), 0);
	assert_string_equal(q.ids[0], "tc-ventana"); /* learning first */
	assert_string_equal(q.ids[1], "tc-gato");    /* then reviews */
	assert_string_equal(q.ids[2], id);           /* then new: the learner's own first */
	assert_string_equal(q.ids[3], "tc-dormir");
	assert_int_equal(q.n_learning, 1);
	assert_int_equal(q.n_review, 1);
	assert_int_equal(q.n_new, 2);
	queue_release(&q);
	clock_set_fixed(0);
}

static void test_preview(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	char labels[4][16];
	struct progress p;

	/* a new card: steps of 1 and 10 minutes, Easy graduates at once */
	assert_int_equal(queue_preview(&f->sch, NULL, T0, labels, &e), 0);
	assert_string_equal(labels[0], "1m");
	assert_string_equal(labels[2], "10m");
	assert_non_null(strchr(labels[3], 'd'));
	/* a review card: Again < Hard < Good < Easy */
	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-gato", 4, T0, 0, NULL,
				      &e), 0);
	assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-gato", &p, &e), 0);
	assert_int_equal(p.state, 2);
	assert_int_equal(queue_preview(&f->sch, &p, p.next_review_at, labels, &e), 0);
	assert_string_equal(labels[0], "10m");
	assert_true(atoi(labels[1]) < atoi(labels[2]) || strchr(labels[2], 'm') != NULL);
	progress_release(&p);
}

static void test_answer_log_and_undo(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct queue_undo undo = { 0 };
	struct user_stats s;
	struct activity *list;
	struct progress p;
	int n;

	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-gato", 3, T0, 5000, &undo,
				      &e), 0);
	assert_int_equal(store_activity_recent(f->s->st, f->s->u.id, 5, &list, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].type, "memorize");
	assert_non_null(strstr(list[0].metadata, "\"rating\":3"));
	assert_non_null(strstr(list[0].metadata, "\"before\":{\"state\":0"));
	assert_non_null(strstr(list[0].metadata, "\"after\":{\"state\":1"));
	store_activity_free(list, n);
	assert_int_equal(store_stats_user(f->s->st, f->s->u.id, T0, &s, &e), 0);
	assert_int_equal(s.memorize, 1);
	/* undo: the review is gone and the card is new again */
	assert_int_equal(queue_undo(f->s->st, &f->s->u, &undo, &e), 0);
	assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-gato", &p, &e), ERR_NOTFOUND);
	assert_int_equal(store_stats_user(f->s->st, f->s->u.id, T0, &s, &e), 0);
	assert_int_equal(s.memorize, 0);
	assert_int_equal(s.activities, 0);
	assert_int_equal(s.active_today, 0);
	assert_int_equal(queue_undo(f->s->st, &f->s->u, &undo, &e), ERR_NOTFOUND);
	/* undo of a second answer restores the first */
	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-gato", 3, T0, 0, &undo,
				      &e), 0);
	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-gato", 1, T0 + 11 * MIN, 0,
				      &undo, &e), 0);
	assert_int_equal(queue_undo(f->s->st, &f->s->u, &undo, &e), 0);
	assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-gato", &p, &e), 0);
	assert_int_equal(p.reps, 1);
	assert_int_equal(p.state, 1);
	assert_int_equal(p.next_review_at, T0 + 10 * MIN);
	progress_release(&p);
}

static void test_leech(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct progress p;
	ms_t t = T0;
	int i;

	/* graduate, then forget it again and again */
	assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-dormir", 4, t, 0, NULL,
				      &e), 0);
	for (i = 0; i < LEECH_LAPSES; i++) {
		assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-dormir", &p, &e), 0);
		t = p.next_review_at + MIN;
		progress_release(&p);
		assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-dormir", 1, t, 0,
					      NULL,
					      &e), 0);
		t += 11 * MIN;
		assert_int_equal(queue_answer(f->s->st, &f->sch, &f->s->u, "tc-dormir", 4, t, 0,
					      NULL,
					      &e), 0);
	}
	assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-dormir", &p, &e), 0);
	assert_int_equal(p.lapses, LEECH_LAPSES);
	assert_non_null(strstr(p.metadata, "\"leech\":true"));
	progress_release(&p);
	assert_int_equal(queue_suspend(f->s->st, &f->s->u, "tc-dormir", 1, &e), 0);
	{
		struct queue q;

		assert_int_equal(queue_build(f->s->st, &f->s->u, &f->set, t + 3650 * DAY, &q,
					     &e), 0);
		for (i = 0; i < q.n; i++)
			assert_string_not_equal(q.ids[i], "tc-dormir");
		queue_release(&q);
	}
}

static void test_sm2(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct scheduler sm2;
	struct progress p;

	assert_int_equal(settings_set(&f->set, "srs_algorithm", "sm2", &e), 0);
	assert_int_equal(scheduler_init(&sm2, &f->set, &f->s->u, &e), 0);
	assert_true(sm2.sm2);
	assert_int_equal(queue_answer(f->s->st, &sm2, &f->s->u, "tc-gato", 3, T0, 0, NULL, &e), 0);
	assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-gato", &p, &e), 0);
	assert_int_equal((int)p.interval_days, 1);
	assert_int_equal(p.next_review_at, T0 + DAY);
	assert_true(fabs(p.easiness - 2.5) < 1e-9); /* q = 4 leaves EF as it was */
	progress_release(&p);
	assert_int_equal(queue_answer(f->s->st, &sm2, &f->s->u, "tc-gato", 3, T0 + DAY, 0, NULL,
				      &e), 0);
	assert_int_equal(store_progress_get(f->s->st, f->s->u.id, "tc-gato", &p, &e), 0);
	assert_int_equal((int)p.interval_days, 6);
	progress_release(&p);
}

static void test_typed(void **state)
{
	char hint[128];
	(void)state;

	assert_int_equal(queue_check_typed("la mariposa", "la mariposa", hint, sizeof(hint)), 2);
	assert_int_equal(queue_check_typed("La mariposa.", "la mariposa", hint, sizeof(hint)), 2);
	assert_int_equal(queue_check_typed("el arbol", "el árbol", hint, sizeof(hint)), 1);
	assert_non_null(strstr(hint, "el árbol"));
	assert_int_equal(queue_check_typed("el ano", "el año", hint, sizeof(hint)), 1);
	assert_int_equal(queue_check_typed("el perro", "el gato", hint, sizeof(hint)), 0);
	assert_int_equal(queue_check_typed("", "el gato", hint, sizeof(hint)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_cards_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_learning_review_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_log_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leech, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sm2, setup, teardown),
		cmocka_unit_test(test_typed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
