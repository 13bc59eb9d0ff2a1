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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),      cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_answer_key), cmocka_unit_test(test_result_json),
		cmocka_unit_test(test_hint_costs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
