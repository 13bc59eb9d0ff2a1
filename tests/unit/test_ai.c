/* test_ai.c: cleaning and normalising answers, the answer key, the result's JSON. */
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
#include "aidioma/util.h"

static void check_str(char *got, const char *want)
{
	assert_string_equal(got, want);
	free(got);
}

static void test_clean(void **state)
{
	(void)state;
	/* CSI, OSC 52, C1, bidi override, BOM, zero width: all gone */
	check_str(text_clean("Hola\x1b[31m rojo\x1b]52;c;ZXZpbA==\x07 \xc2\x9b" "5m fin", 100),
		  "Hola[31m rojo]52;c;ZXZpbA== 5m fin");
	check_str(text_clean("a\xe2\x80\xae" "bc\xef\xbb\xbf" "d\xe2\x80\x8b" "e", 100), "abcde");
	check_str(text_clean("línea\nnueva\ttab", 100), "línea nueva tab");
	check_str(text_clean("bad \xff byte", 100), "bad \xef\xbf\xbd byte");
	check_str(text_clean("áéíóúñ", 3), "áéí"); /* the cap counts characters */
}

static void test_normalize(void **state)
{
	(void)state;
	/* combining marks composed (NFC), spaces collapsed, quotes straightened */
	check_str(text_normalize("  Ma\xcc\x81s   nin\xcc\x83os\xc2\xa0 "), "Más niños");
	check_str(text_normalize("\xe2\x80\x9c" "Hola\xe2\x80\x9d, \xc2\xab" "dijo\xc2\xbb it\xe2\x80\x99s"),
		  "\"Hola\", \"dijo\" it's");
	check_str(text_normalize("¿Qué tal?"), "¿Qué tal?"); /* case, accents, ¿ kept */
	check_str(text_fold("¿Qué TAL, Señor Muñoz?", 0), "que tal señor muñoz");
	check_str(text_fold("¿Qué TAL, Señor Muñoz?", 1), "que tal senor munoz");
	check_str(text_fold("Pingüino ÁRBOL", 1), "pinguino arbol");
}

static struct eval_request req(const char *answer, const char *const *acc, int n)
{
	struct eval_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.content_id = "t-1";
	rq.english = "Do you have more coffee?";
	rq.reference = "¿Tienes más café?";
	rq.accepted = acc;
	rq.n_accepted = n;
	rq.answer = answer;
	rq.level = "beginner";
	return rq;
}

static int grade_key(const char *answer, int hints, struct eval_result *r)
{
	static const char *const acc[] = { "¿Tú tienes más café?", "¿Te queda más café?" };
	struct eval_request rq = req(answer, acc, 2);
	struct evaluator *ev = answer_key_new();
	struct err e = ERR_INIT;
	char *clean = text_clean(answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
	int rc;

	rq.hints_used = hints;
	eval_result_init(r);
	rc = ev->evaluate(ev, &rq, norm, r, &e);
	ev->free(ev);
	free(clean);
	free(norm);
	return rc;
}

static void test_answer_key(void **state)
{
	struct eval_result r;
	(void)state;

	assert_int_equal(grade_key("¿Tienes más café?", 0, &r), 0);
	assert_true(r.score == 100);
	assert_string_equal(r.grade, "A+");
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	assert_int_equal(r.n_errors, 0);
	assert_int_equal(r.source, SRC_ANSWER_KEY);
	assert_int_equal(r.n_alternatives, 2);
	eval_result_release(&r);

	/* another accepted translation is just as right */
	assert_int_equal(grade_key("¿Te queda más café?", 0, &r), 0);
	assert_true(r.score == 100);
	assert_string_equal(r.corrected, "¿Te queda más café?");
	eval_result_release(&r);

	/* a plain accent slip: small deduction, explained */
	assert_int_equal(grade_key("¿Tienes más cafe?", 0, &r), 0);
	assert_true(r.score == 97);
	assert_int_equal(r.n_errors, 1);
	assert_int_equal(r.errors[0].cat, ECAT_ACCENT);
	assert_string_equal(r.errors[0].learner_text, "cafe");
	assert_string_equal(r.errors[0].correction, "café");
	assert_int_equal(r.diff[3 - 1].kind, DIFF_CLOSE);
	eval_result_release(&r);

	/* mas/más changes the meaning: a larger deduction that says why */
	assert_int_equal(grade_key("¿Tienes mas café?", 0, &r), 0);
	assert_true(r.score == 94);
	assert_non_null(strstr(r.errors[0].explanation, "'más' means more"));
	eval_result_release(&r);

	/* capitals, the missing ¿, and hints: 100 - 1 - 2 = 97, minus 5 + 10 */
	assert_int_equal(grade_key("tienes más café?", 2, &r), 0);
	assert_int_equal(r.n_errors, 2);
	assert_true(fabs(r.score - 82) < 1e-9);
	assert_true(r.hint_cost == 15);
	assert_int_equal(r.verdict, VERDICT_CORRECT); /* hints cost points, not the verdict */
	assert_string_equal(r.grade, "B");
	eval_result_release(&r);

	/* a different word is not the answer key's business */
	assert_int_equal(grade_key("¿Tienes mucho café?", 0, &r), ERR_NOTFOUND);
	assert_int_equal(grade_key("", 0, &r), ERR_NOTFOUND);
}

static void test_result_json(void **state)
{
	struct eval_result r, back;
	struct err e = ERR_INIT;
	char *json, *again;
	(void)state;

	assert_int_equal(grade_key("tienes mas café?", 1, &r), 0);
	json = eval_result_to_json(&r);
	assert_non_null(strstr(json, "\"source\":\"answer_key\""));
	assert_non_null(strstr(json, "\"category\":\"accent\""));
	assert_int_equal(eval_result_from_json(json, &back, &e), 0);
	assert_true(back.score == r.score);
	assert_int_equal(back.n_errors, r.n_errors);
	assert_int_equal(back.n_diff, r.n_diff);
	assert_string_equal(back.corrected, r.corrected);
	again = eval_result_to_json(&back);
	assert_string_equal(json, again);
	free(json);
	free(again);
	eval_result_release(&r);
	eval_result_release(&back);
	assert_int_equal(eval_result_from_json("{\"score\": 300}", &back, &e), ERR_USAGE);
	assert_int_equal(eval_result_from_json("nope", &back, &e), ERR_USAGE);
}

static void test_hint_costs(void **state)
{
	(void)state;
	assert_true(hint_cost_total(0) == 0);
	assert_true(hint_cost_total(1) == 5);
	assert_true(hint_cost_total(2) == 15);
	assert_true(hint_cost_total(3) == 35);
}

static void test_cache_key(void **state)
{
	struct cache_key_parts p = { "grade", "r1", "openai", "gpt-x", "t=0", "beginner", "s-1",
				     "Hola." };
	char a[65], b[65];
	(void)state;

	cache_key(&p, a);
	cache_key(&p, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	p.answer = "Hola";
	cache_key(&p, b);
	assert_string_not_equal(a, b);
	/* length prefixes: moving a character between fields changes the key */
	p.answer = "Hola.";
	p.level = "beginners";
	p.content_id = "-1";
	cache_key(&p, b);
	assert_string_not_equal(a, b);
}

/* An AI stand-in for the pipeline: grades anything 80 and counts its calls. */
struct fake_ai {
	struct evaluator ev;
	int calls;
	int fail;
};

static int fake_eval(struct evaluator *ev, const struct eval_request *rq, const char *norm,
		     struct eval_result *r, struct err *e)
{
	struct fake_ai *f = (struct fake_ai *)ev;

	(void)norm;
	f->calls++;
	if (f->fail)
		return err_set(e, ERR_FAIL, "endpoint down");
	r->source = SRC_AI;
	r->cost = 0.002;
	xstrlcpy(r->model, "fake-1", sizeof(r->model));
	eval_result_add_error(r, ECAT_WRONG_WORD, SEV_MEDIUM, "mucho", "más", "more is más");
	r->corrected = xstrdup(rq->reference);
	r->hints_used = rq->hints_used;
	eval_result_finish(r, 80);
	return 0;
}

static void fake_free(struct evaluator *ev)
{
	(void)ev; /* lives on the test's stack */
}

static void test_pipeline_cache(void **state)
{
	static const char *const acc[] = { "¿Te queda más café?" };
	char dir[] = "/tmp/aidioma-ai-XXXXXX", path[64];
	struct fake_ai ai = { { "ai", fake_eval, fake_free }, 0, 0 };
	struct grader_options go = { 0, &ai.ev, "openai", "fake-1", "temperature=0", "rubric-1", 0 };
	struct eval_request rq = req("¿Tienes mucho café?", acc, 1);
	struct cache_stats cs;
	struct err e = ERR_INIT;
	struct eval_result r;
	struct store *st;
	struct grader *g;
	long removed;
	(void)state;

	assert_non_null(mkdtemp(dir));
	xsnprintf(path, sizeof(path), "%s/a.db", dir);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &e), 0);
	g = grader_new(st, &go);

	/* an exact answer never reaches the AI */
	rq.answer = "¿Te queda más café?";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_ANSWER_KEY);
	assert_int_equal(ai.calls, 0);
	eval_result_release(&r);

	/* the first time the AI grades and the result is kept... */
	rq.answer = "¿Tienes  mucho café?";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 1);
	assert_true(r.score == 80);
	eval_result_release(&r);
	/* ...the same answer (spaces aside) with two hints comes from the cache */
	rq.answer = "¿Tienes mucho café?";
	rq.hints_used = 2;
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_CACHE);
	assert_int_equal(ai.calls, 1);
	assert_true(r.score == 65);           /* 80 less 5 and 10 for the hints */
	assert_true(r.cost == 0);
	assert_true(fabs(r.cost_saved - 0.002) < 1e-12);
	assert_int_equal(r.n_errors, 1);
	assert_string_equal(r.errors[0].correction, "más");
	eval_result_release(&r);
	/* another answer is not given this one's grade */
	rq.answer = "¿Tienes poco café?";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 2);
	eval_result_release(&r);

	assert_int_equal(store_cache_stats(st, &cs, &e), 0);
	assert_int_equal(cs.entries, 2);
	assert_int_equal(cs.ai_entries, 2);
	assert_int_equal(cs.hits, 1);
	assert_true(fabs(cs.cost_saved - 0.002) < 1e-12);
	assert_int_equal(store_cache_prune(st, clock_now_ms(), 1, &removed, &e), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(store_cache_stats(st, &cs, &e), 0);
	assert_int_equal(cs.entries, 1);
	grader_free(g);
	store_close(st);
	xsnprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

static void test_cache_offline_then_ai(void **state)
{
	char dir[] = "/tmp/aidioma-ai-XXXXXX", path[64];
	struct cache_entry c, got;
	struct err e = ERR_INIT;
	struct store *st;
	(void)state;

	assert_non_null(mkdtemp(dir));
	xsnprintf(path, sizeof(path), "%s/a.db", dir);
	assert_int_equal(store_open(path, STORE_CREATE, &st, &e), 0);
	memset(&c, 0, sizeof(c));
	xstrlcpy(c.cache_key, "k1", sizeof(c.cache_key));
	xstrlcpy(c.task, "grade", sizeof(c.task));
	xstrlcpy(c.source, "offline", sizeof(c.source));
	c.response = (char *)"{\"score\":70}";
	assert_int_equal(store_cache_put(st, &c, &e), 0);
	/* the AI grade replaces the estimate... */
	xstrlcpy(c.source, "ai", sizeof(c.source));
	c.response = (char *)"{\"score\":85}";
	c.cost = 0.001;
	assert_int_equal(store_cache_put(st, &c, &e), 0);
	/* ...and a later estimate does not replace the AI grade */
	xstrlcpy(c.source, "offline", sizeof(c.source));
	c.response = (char *)"{\"score\":10}";
	assert_int_equal(store_cache_put(st, &c, &e), 0);
	assert_int_equal(store_cache_get(st, "k1", clock_now_ms(), &got, &e), 0);
	assert_string_equal(got.source, "ai");
	assert_string_equal(got.response, "{\"score\":85}");
	assert_int_equal(got.hit_count, 1);
	cache_entry_release(&got);
	/* expired entries are misses and go at the next prune */
	xstrlcpy(c.cache_key, "k2", sizeof(c.cache_key));
	c.expires_at = clock_now_ms() - 1;
	assert_int_equal(store_cache_put(st, &c, &e), 0);
	assert_int_equal(store_cache_get(st, "k2", clock_now_ms(), &got, &e), ERR_NOTFOUND);
	{
		long removed;

		assert_int_equal(store_cache_prune(st, clock_now_ms(), 0, &removed, &e), 0);
		assert_int_equal(removed, 1);
	}
	store_close(st);
	xsnprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),      cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_answer_key), cmocka_unit_test(test_result_json),
		cmocka_unit_test(test_hint_costs), cmocka_unit_test(test_cache_key),
		cmocka_unit_test(test_pipeline_cache), cmocka_unit_test(test_cache_offline_then_ai),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
