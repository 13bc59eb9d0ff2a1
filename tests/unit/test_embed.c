/* test_embed.c: the semantic layer: the built-in embedding, top-k search, similar answers, costs. */
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

#include "aidioma/ai.h"
#include "aidioma/content.h"
#include "aidioma/embed.h"
#include "aidioma/practice.h"
#include "aidioma/util.h"
#include "scratch.h"

#define GOOD TESTS_SRCDIR "/fixtures/packs/good"

static float cosine(const char *a, const char *b)
{
	float va[EMBED_DIM], vb[EMBED_DIM];

	embed_builtin(a, va);
	embed_builtin(b, vb);
	return embed_dot(va, vb, EMBED_DIM);
}

/* ---- the built-in embedding */
static void test_embedding(void **state)
{
	float a[EMBED_DIM], b[EMBED_DIM];
	double norm = 0;
	int i, nonzero = 0;
	(void)state;

	embed_builtin("Me gusta las manzanas verdes.", a);
	embed_builtin("Me gusta las manzanas verdes.", b);
	assert_memory_equal(a, b, sizeof(a)); /* deterministic */
	for (i = 0; i < EMBED_DIM; i++) {
		norm += (double)a[i] * a[i];
		nonzero += a[i] != 0;
	}
	assert_true(fabs(norm - 1) < 1e-5); /* L2-normalised */
	assert_true(nonzero > 40);          /* spread over the dimensions */
	/* no letters, no vector */
	embed_builtin("¿¡ ... !?", a);
	for (i = 0; i < EMBED_DIM; i++)
		assert_true(a[i] == 0);
	embed_builtin("", a);
	assert_true(a[0] == 0 && a[EMBED_DIM - 1] == 0);
	/* case, spaces and punctuation do not matter; accents do, a little */
	assert_true(cosine("Me gusta el té.", "me  gusta el TÉ") > 0.999f);
	assert_true(cosine("¿Tienes más café?", "Tienes mas cafe") < 0.95f);
	assert_true(cosine("¿Tienes más café?", "Tienes mas cafe") > 0.6f);
	/* the same mistake, or a slip more or less: close */
	assert_true(cosine("Me gusta las manzanas verdes.", "Me gustan las manzanas verdes.") >=
		    SIMILAR_THRESHOLD);
	assert_true(cosine("Me gusta las manzanas verdes.", "Me gusta los manzanas verdes.") >=
		    SIMILAR_THRESHOLD);
	assert_true(cosine("Viajamos a Chile el ano pasado.", "Viajamos a Chile el año pasado.") >=
		    SIMILAR_THRESHOLD);
	/* another sentence altogether: far */
	assert_true(cosine("Me gusta las manzanas verdes.", "Viajamos a Chile el año pasado.") < 0.4f);
	assert_true(cosine("Me llamo Marta.", "El tren sale a las ocho de la mañana.") < 0.4f);
	/* the vectors are stored: the hash must not change under EMBED_MODEL */
	embed_builtin("ab", a);
	nonzero = 0;
	for (i = 0; i < EMBED_DIM; i++)
		nonzero += a[i] != 0;
	assert_true(nonzero >= 4 && nonzero <= 6); /* " a", "ab", "b ", " ab", "ab ", " ab " */
	assert_true(fabs(embed_dot(a, a, EMBED_DIM) - 1) < 1e-6);
}

/* ---- top-k */
static void test_top_k(void **state)
{
	/* five unit vectors in 2 dimensions at known angles to q = (1, 0) */
	const float v[] = { 0.6f, 0.8f, 1, 0, 0.8f, 0.6f, -1, 0, 0.8f, 0.6f, 0.9f, 0.43588989f };
	const float q[] = { 1, 0 };
	struct embed_hit hit[SIMILAR_K_MAX];
	(void)state;

	assert_int_equal(embed_top_k(q, v, 6, 2, 0.7f, 5, hit), 4);
	assert_int_equal(hit[0].index, 1);
	assert_true(hit[0].score == 1);
	assert_int_equal(hit[1].index, 5);
	assert_int_equal(hit[2].index, 2); /* a tie: the earlier row first */
	assert_int_equal(hit[3].index, 4);
	/* the threshold keeps out what is not close enough */
	assert_int_equal(embed_top_k(q, v, 6, 2, 0.85f, 5, hit), 2);
	/* k caps the list, keeping the best */
	assert_int_equal(embed_top_k(q, v, 6, 2, -1, 2, hit), 2);
	assert_int_equal(hit[0].index, 1);
	assert_int_equal(hit[1].index, 5);
	assert_int_equal(embed_top_k(q, v, 0, 2, 0, 5, hit), 0);
	assert_int_equal(embed_top_k(q, v, 6, 2, 0, 0, hit), 0);
}

/* ---- a store with the fixture's sentences, and a twin of ts-002 */
struct fx {
	struct scratch *s;
	struct pack p;
	struct content twin;
	struct user ana, ben;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct err e = ERR_INIT;
	int i, result;

	f->s = scratch_open("embed", "e.db", NULL);
	if (!f->s || pack_load(GOOD "/sentences.json", &f->p, &e))
		return -1;
	for (i = 0; i < f->p.n_items; i++) {
		f->p.items[i].pack_id[0] = '\0'; /* no pack row to point to */
		if (store_content_upsert(f->s->st, &f->p.items[i], &result, &e))
			return -1;
	}
	/* the same sentence under another id: its grades are its own */
	f->twin = f->p.items[1];
	xstrlcpy(f->twin.id, "ts-twin", sizeof(f->twin.id));
	if (strcmp(f->p.items[1].id, "ts-002") ||
	    store_content_upsert(f->s->st, &f->twin, &result, &e) ||
	    store_user_ensure(f->s->st, "ana", &f->ana, &e) ||
	    store_user_ensure(f->s->st, "ben", &f->ben, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	user_release(&f->ana);
	user_release(&f->ben);
	pack_release(&f->p);
	if (scratch_close(f->s))
		return -1;
	free(f);
	return 0;
}

/* Grade answer to c offline and record it for u; the result in r. */
static void answer(struct fx *f, const struct user *u, const struct content *c, const char *text,
		   struct eval_result *r)
{
	struct grader_options go = { 1, NULL, NULL, NULL, NULL, NULL, 0 };
	struct grader *g = grader_new(f->s->st, &go);
	struct eval_request rq;
	struct err e = ERR_INIT;

	assert_int_equal(eval_request_from_content(&rq, c, text, &e), 0);
	assert_int_equal(grader_grade(g, &rq, r, &e), 0);
	assert_non_null(r->embedding);
	assert_int_equal(r->embedding_dim, EMBED_DIM);
	assert_string_equal(r->embedding_model, EMBED_MODEL);
	assert_int_equal(practice_record(f->s->st, u, c, &rq, r, 1000, &e), 0);
	eval_request_release(&rq);
	grader_free(g);
}

static void grade_only(struct fx *f, const struct content *c, const char *text,
		       struct eval_result *r)
{
	struct grader_options go = { 1, NULL, NULL, NULL, NULL, NULL, 0 };
	struct grader *g = grader_new(f->s->st, &go);
	struct eval_request rq;
	struct err e = ERR_INIT;

	assert_int_equal(eval_request_from_content(&rq, c, text, &e), 0);
	assert_int_equal(grader_grade(g, &rq, r, &e), 0);
	eval_request_release(&rq);
	grader_free(g);
}

static void test_similar_mistakes(void **state)
{
	struct fx *f = *state;
	const struct content *apples = &f->p.items[1], *marta = &f->p.items[0];
	struct similar_list sl;
	struct eval_result r;
	struct err e = ERR_INIT;
	int i;

	/* ana gets ts-002 wrong twice, once right, and ts-001 wrong */
	answer(f, &f->ana, apples, "Me gusta las manzanas verdes.", &r);
	assert_true(r.n_errors > 0);
	eval_result_release(&r);
	answer(f, &f->ana, apples, "Me gusta las manzana verdes.", &r);
	eval_result_release(&r);
	answer(f, &f->ana, apples, "Me gustan las manzanas verdes.", &r);
	assert_int_equal(r.n_errors, 0);
	eval_result_release(&r);
	answer(f, &f->ana, marta, "Me llamo Marta", &r);
	eval_result_release(&r);
	assert_int_equal(scratch_q1(f->s->path, "SELECT count(*) FROM answer_embeddings"), 4);
	assert_int_equal(scratch_q1(f->s->path, "SELECT count(*) FROM learning_activities WHERE "
			 "json_extract(metadata, '$.main_error.category') = 'inflection'"), 2);

	/* the same mistake again: both earlier mistakes, the closest first */
	grade_only(f, apples, "Me gusta las manzanas verdes", &r);
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, apples->id, &r, SIMILAR_THRESHOLD,
					  SIMILAR_TOP_K, &sl, &e), 0);
	assert_int_equal(sl.n, 2); /* not the right answer, not ts-001's */
	assert_string_equal(sl.v[0].answer, "Me gusta las manzanas verdes.");
	assert_true(sl.v[0].similarity >= sl.v[1].similarity);
	assert_true(sl.v[1].similarity >= SIMILAR_THRESHOLD);
	assert_true(sl.v[0].score == 88); /* gusta for gustan: the answer key's word slips */
	assert_non_null(strstr(sl.v[0].main_error, "inflection"));
	assert_non_null(strstr(sl.v[0].main_error, "gustan"));
	similar_list_release(&sl);
	/* top-k */
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, apples->id, &r, SIMILAR_THRESHOLD, 1,
					  &sl, &e), 0);
	assert_int_equal(sl.n, 1);
	assert_string_equal(sl.v[0].answer, "Me gusta las manzanas verdes.");
	similar_list_release(&sl);
	/* the threshold: the same words (the full stop aside) reach 1, the other no more */
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, apples->id, &r, 0.999, 5, &sl,
					  &e), 0);
	assert_int_equal(sl.n, 1);
	assert_true(sl.v[0].similarity > 0.999);
	similar_list_release(&sl);
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, apples->id, &r, 1.01, 5, &sl,
					  &e), 0);
	assert_int_equal(sl.n, 0);
	/* another learner never sees ana's answers */
	assert_int_equal(similar_mistakes(f->s->st, f->ben.id, apples->id, &r, 0, 5, &sl, &e), 0);
	assert_int_equal(sl.n, 0);
	/* the same words to another sentence: that sentence's answers only */
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, f->twin.id, &r, 0, 5, &sl, &e), 0);
	assert_int_equal(sl.n, 0);
	eval_result_release(&r);
	/* a right answer is no mistake: nothing to recall */
	grade_only(f, apples, "Me gustan las manzanas verdes.", &r);
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, apples->id, &r, 0, 5, &sl, &e), 0);
	assert_int_equal(sl.n, 0);
	eval_result_release(&r);
	/* a different mistake on the same sentence is not close enough */
	grade_only(f, apples, "Yo como pan.", &r);
	assert_true(r.n_errors > 0);
	assert_int_equal(similar_mistakes(f->s->st, f->ana.id, apples->id, &r, SIMILAR_THRESHOLD, 5,
					  &sl, &e), 0);
	assert_int_equal(sl.n, 0);
	eval_result_release(&r);
	/* an activity taken back takes its vector with it */
	{
		struct activity *list;
		int n;

		assert_int_equal(store_activity_recent(f->s->st, f->ana.id, 10, &list, &n, &e), 0);
		for (i = 0; i < n; i++)
			assert_int_equal(store_activity_delete(f->s->st, f->ana.id, list[i].id,
							       &e), 0);
		store_activity_free(list, n);
		assert_int_equal(scratch_q1(f->s->path, "SELECT count(*) FROM answer_embeddings"),
				 0);
	}
}

/* ---- the grader with an AI stand-in: examples, the cache, another sentence */
struct fake_ai {
	struct evaluator ev;
	int calls, fail;
	int n_examples;
	char examples[4][128];
};

static int fake_eval(struct evaluator *ev, const struct eval_request *rq, const char *norm,
		     struct eval_result *r, struct err *e)
{
	struct fake_ai *f = (struct fake_ai *)ev;
	char why[200];
	int i;

	f->calls++;
	f->n_examples = rq->n_examples;
	for (i = 0; i < rq->n_examples && i < 4; i++)
		xstrlcpy(f->examples[i], rq->examples[i].answer, sizeof(f->examples[i]));
	if (f->fail) {
		r->cost = 0.001; /* paid for, but unusable */
		return err_set(e, ERR_FAIL, "a bad reply");
	}
	/* a grade that says which answer it was made for */
	xsnprintf(why, sizeof(why), "graded: %s", norm);
	eval_result_add_error(r, ECAT_INFLECTION, SEV_MEDIUM, "gusta", "gustan", why);
	r->corrected = xstrdup(rq->reference);
	r->source = SRC_AI;
	r->cost = 0.002;
	xstrlcpy(r->model, "fake-1", sizeof(r->model));
	eval_result_finish(r, 85);
	return 0;
}

static void fake_free(struct evaluator *ev)
{
	(void)ev; /* on the test's stack */
}

static void grade_ai(struct grader *g, const struct content *c, const char *text,
		     struct eval_result *r)
{
	struct eval_request rq;
	struct err e = ERR_INIT;

	assert_int_equal(eval_request_from_content(&rq, c, text, &e), 0);
	assert_int_equal(grader_grade(g, &rq, r, &e), 0);
	eval_request_release(&rq);
}

/* The grade is for this answer: the stand-in wrote which one into it. */
static void assert_own_grade(const struct eval_result *r, const char *norm)
{
	char want[200];

	assert_int_equal(r->n_errors, 1);
	xsnprintf(want, sizeof(want), "graded: %s", norm);
	assert_string_equal(r->errors[0].explanation, want);
}

static void test_never_another_grade(void **state)
{
	struct fx *f = *state;
	const struct content *apples = &f->p.items[1];
	struct fake_ai ai = { { "ai", fake_eval, fake_free }, 0, 0, 0, { "" } };
	struct grader_options go = { 0, &ai.ev, "openai", "fake-1", "t=0", "rubric-x", 0 };
	struct grader *g = grader_new(f->s->st, &go);
	struct eval_result r;

	/* the first grade of a wrong answer (two slips the answer key leaves
	 * to the AI: gusta for gustan, los for las): the AI, no examples yet */
	grade_ai(g, apples, "Me gusta los manzanas verdes.", &r);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.n_examples, 0);
	assert_own_grade(&r, "Me gusta los manzanas verdes.");
	eval_result_release(&r);
	assert_int_equal(scratch_q1(f->s->path, "SELECT count(*) FROM ai_cache "
			 "WHERE content_id = 'ts-002' "
			 "AND embedding_model = '" EMBED_MODEL "' AND length(input_embedding) = "
			 "4 * 256 AND input_text = 'Me gusta los manzanas verdes.'"), 1);
	/* an answer very like it is graded afresh, with it as an example */
	grade_ai(g, apples, "Me gusta los manzanas verde.", &r);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 2);
	assert_int_equal(ai.n_examples, 1);
	assert_string_equal(ai.examples[0], "Me gusta los manzanas verdes.");
	assert_own_grade(&r, "Me gusta los manzanas verde.");
	eval_result_release(&r);
	/* the same answer again: the cache, with its own grade */
	grade_ai(g, apples, "Me gusta  los manzanas verde.", &r);
	assert_int_equal(r.source, SRC_CACHE);
	assert_int_equal(ai.calls, 2);
	assert_own_grade(&r, "Me gusta los manzanas verde.");
	eval_result_release(&r);
	/* the same words to another sentence: neither its grade nor its examples */
	grade_ai(g, &f->twin, "Me gusta los manzanas verdes.", &r);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 3);
	assert_int_equal(ai.n_examples, 0);
	eval_result_release(&r);
	/* an answer unlike the others: no examples */
	grade_ai(g, apples, "Yo como pan con queso.", &r);
	assert_int_equal(ai.calls, 4);
	assert_int_equal(ai.n_examples, 0);
	eval_result_release(&r);
	/* a reply paid for but unusable: the offline estimate carries its cost */
	ai.fail = 1;
	grade_ai(g, apples, "Me gustas las peras.", &r);
	assert_int_equal(r.source, SRC_OFFLINE);
	assert_true(fabs(r.cost - 0.001) < 1e-12);
	eval_result_release(&r);
	grader_free(g);
}

/* ---- the endpoint's embeddings */
static int fake_embed(void *arg, const char *text, float **v, int *dim, struct err *e)
{
	int *fail = arg;

	(void)text;
	if (*fail)
		return err_set(e, ERR_FAIL, "embeddings: down");
	*v = xmalloc(3 * sizeof(float));
	(*v)[0] = 3;
	(*v)[1] = 4;
	(*v)[2] = 0;
	*dim = 3;
	return 0;
}

static void test_endpoint_embedding(void **state)
{
	struct fx *f = *state;
	struct grader_options go = { 0, NULL, NULL, NULL, NULL, NULL, 0 };
	struct grader *g = grader_new(f->s->st, &go);
	struct eval_result r;
	int fail = 0;

	grader_set_embed(g, fake_embed, &fail, "fake-embed-3");
	grade_ai(g, &f->p.items[0], "Me llamo Marta.", &r); /* the answer key's, and a vector too */
	assert_int_equal(r.source, SRC_ANSWER_KEY);
	assert_string_equal(r.embedding_model, "fake-embed-3");
	assert_int_equal(r.embedding_dim, 3);
	assert_true(fabs(r.embedding[0] - 0.6f) < 1e-6 && fabs(r.embedding[1] - 0.8f) < 1e-6);
	eval_result_release(&r);
	fail = 1; /* down: the built-in embedding */
	grade_ai(g, &f->p.items[0], "Me llamo Marta.", &r);
	assert_string_equal(r.embedding_model, EMBED_MODEL);
	assert_int_equal(r.embedding_dim, EMBED_DIM);
	eval_result_release(&r);
	grader_free(g);
}

/* ---- what the AI cost: per learner and for the class */
static void test_costs(void **state)
{
	struct fx *f = *state;
	const struct content *c = &f->p.items[2];
	struct eval_request rq;
	struct eval_result r;
	struct cost_totals mine, all;
	struct err e = ERR_INIT;

	assert_int_equal(eval_request_from_content(&rq, c, "Viajamos a Chile", &e), 0);
	eval_result_init(&r);
	r.source = SRC_AI;
	r.cost = 0.003;
	eval_result_finish(&r, 70);
	assert_int_equal(practice_record(f->s->st, &f->ana, c, &rq, &r, 0, &e), 0);
	r.source = SRC_CACHE;
	r.cost = 0;
	r.cost_saved = 0.003;
	assert_int_equal(practice_record(f->s->st, &f->ben, c, &rq, &r, 0, &e), 0);
	assert_int_equal(practice_record(f->s->st, &f->ben, c, &rq, &r, 0, &e), 0);
	eval_result_release(&r);
	eval_request_release(&rq);
	assert_int_equal(store_costs(f->s->st, f->ben.id, &mine, &e), 0);
	assert_int_equal(mine.ai_calls, 0);
	assert_int_equal(mine.cache_hits, 2);
	assert_true(fabs(mine.spent) < 1e-12);
	assert_true(fabs(mine.saved - 0.006) < 1e-12);
	assert_int_equal(store_costs(f->s->st, NULL, &all, &e), 0);
	assert_int_equal(all.users, 2);
	assert_int_equal(all.ai_calls, 1);
	assert_int_equal(all.cache_hits, 2);
	assert_true(fabs(all.spent - 0.003) < 1e-12);
	assert_true(fabs(all.saved - 0.006) < 1e-12);
	assert_true(all.activities >= mine.activities + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedding),
		cmocka_unit_test(test_top_k),
		cmocka_unit_test_setup_teardown(test_similar_mistakes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_another_grade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_embedding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_costs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
