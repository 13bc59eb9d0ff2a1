/* test_ai.c: cleaning and normalising answers, the answer key, the cache, the result's JSON. */
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

#include "ai/ai-int.h"
#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "scratch.h"

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

static void same_surface(const char *a, const char *b, int same)
{
	char *sa = text_surface(a), *sb = text_surface(b);

	if (same)
		assert_string_equal(sa, sb);
	else
		assert_string_not_equal(sa, sb);
	free(sa);
	free(sb);
}

static void test_surface_form(void **state)
{
	(void)state;
	/* capitals, marks, ¿¡, accents and ñ go... */
	check_str(text_surface("¡Mañana voy a la MONTAÑA, Señora Pérez!"),
		  "manana voy a la montana senora perez");
	same_surface("¿Tienes más café?", "tienes mas cafe", 0);
	same_surface("¿Quieres café?", "quieres cafe", 1);
	/* ...but not an accent that makes another word */
	check_str(text_surface("¿Cómo estás? Él habló con él."), "cómo estás él habló con él");
	same_surface("Tú eres alto.", "tu eres alto", 0);
	same_surface("Está en casa.", "esta en casa", 0);
	same_surface("Está en casa.", "ESTÁ EN CASA", 1);
	same_surface("Tengo diez años.", "tengo diez anos", 0);
	check_str(text_surface(""), "");
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

/* The answer key on answers that differ from an accepted one only in their surface. */
static void test_answer_key_surface(void **state)
{
	static const char *const none[] = { NULL };
	struct evaluator *ev = answer_key_new();
	struct eval_request rq = req("", none, 0);
	struct eval_result r;
	struct err e = ERR_INIT;
	(void)state;

	/* n for ñ costs what the offline evaluator takes for it (6), each explained */
	rq.reference = "Mañana voy a la montaña.";
	assert_int_equal(ev->evaluate(ev, &rq, "Manana voy a la montana", &r, &e), 0);
	assert_int_equal(r.source, SRC_ANSWER_KEY);
	assert_int_equal(r.n_errors, 2);
	assert_int_equal(r.errors[0].cat, ECAT_ACCENT);
	assert_int_equal(r.errors[0].severity, SEV_MEDIUM);
	assert_string_equal(r.errors[1].learner_text, "montana");
	assert_string_equal(r.errors[1].correction, "montaña");
	assert_true(r.score == 88);
	assert_string_equal(r.corrected, "Mañana voy a la montaña.");
	eval_result_release(&r);
	/* accents only: 3 each, as the offline evaluator's minor accent */
	rq.reference = "El avión sale después.";
	assert_int_equal(ev->evaluate(ev, &rq, "El avion sale despues.", &r, &e), 0);
	assert_int_equal(r.n_errors, 2);
	assert_int_equal(r.errors[1].severity, SEV_MINOR);
	assert_true(r.score == 94);
	eval_result_release(&r);
	ev->free(ev);

	/* capitals and marks only: the missing ¿ says it all, the final ? aside */
	assert_int_equal(grade_key("tienes más café", 0, &r), 0);
	assert_int_equal(r.n_errors, 2);
	assert_int_equal(r.errors[0].cat, ECAT_CAPITALISATION);
	assert_int_equal(r.errors[1].cat, ECAT_PUNCTUATION);
	assert_string_equal(r.errors[1].correction, "¿");
	assert_true(r.score == 97);
	eval_result_release(&r);
	/* a question without its ?: one point, and the mark named */
	assert_int_equal(grade_key("¿Tienes más café", 0, &r), 0);
	assert_int_equal(r.n_errors, 1);
	assert_string_equal(r.errors[0].learner_text, "");
	assert_string_equal(r.errors[0].correction, "?");
	assert_non_null(strstr(r.errors[0].explanation, "a question ends with '?'"));
	assert_true(r.score == 99);
	eval_result_release(&r);

	/* an accent that makes another word stays an error about the word */
	assert_int_equal(grade_key("¿Tu tienes más café?", 0, &r), 0);
	assert_int_equal(r.n_errors, 1);
	assert_int_equal(r.errors[0].cat, ECAT_ACCENT);
	assert_int_equal(r.errors[0].severity, SEV_MEDIUM);
	assert_string_equal(r.errors[0].correction, "Tú");
	assert_non_null(strstr(r.errors[0].explanation, "'tú' is the pronoun you"));
	assert_true(r.score == 94);
	eval_result_release(&r);
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

/* An AI stand-in that quotes the answer it grades: a word order error
 * where "es piso" is, an accent where "pequeno" is, más for muy, and a
 * quote that cuts a word where "oscuro" is (none of them slips the
 * answer key grades itself). */
static int quoting_eval(struct evaluator *ev, const struct eval_request *rq, const char *norm,
			struct eval_result *r, struct err *e)
{
	struct fake_ai *f = (struct fake_ai *)ev;
	const char *p;
	double raw = 100;

	(void)e;
	f->calls++;
	r->source = SRC_AI;
	r->cost = 0.003;
	xstrlcpy(r->model, "fake-1", sizeof(r->model));
	if ((p = strstr(norm, "es piso")) || (p = strstr(norm, "ES piso"))) {
		char quote[8], expl[64];

		xsnprintf(quote, sizeof(quote), "%.7s", p);
		xsnprintf(expl, sizeof(expl), "'%s' goes the other way round: 'piso es'", quote);
		eval_result_add_error(r, ECAT_WORD_ORDER, SEV_MEDIUM, quote, "piso es", expl);
		raw -= 8;
	}
	if (strstr(norm, "pequeno")) {
		eval_result_add_error(r, ECAT_ACCENT, SEV_MEDIUM, "pequeno", "pequeño", "ñ");
		raw -= 6;
	}
	if (strstr(norm, "más")) {
		eval_result_add_error(r, ECAT_WRONG_WORD, SEV_MEDIUM, "más", "muy", "very, not more");
		raw -= 15;
	}
	if (strstr(norm, "oscuro")) {
		eval_result_add_error(r, ECAT_WRONG_WORD, SEV_MAJOR, "uro", "luminoso", "bright");
		raw -= 30;
	}
	r->corrected = xstrdup(rq->reference);
	r->hints_used = rq->hints_used;
	eval_result_finish(r, raw);
	return 0;
}

static void fake_free(struct evaluator *ev)
{
	(void)ev; /* lives on the test's stack */
}

static void test_pipeline_cache(void **state)
{
	static const char *const acc[] = { "¿Te queda más café?" };
	struct fake_ai ai = { { "ai", fake_eval, fake_free }, 0, 0 };
	struct grader_options go = { 0, &ai.ev, "openai", "fake-1", "temperature=0", "rubric-1", 0 };
	struct eval_request rq = req("¿Tienes mucho café?", acc, 1);
	struct cache_stats cs;
	struct err e = ERR_INIT;
	struct eval_result r;
	struct scratch *s;
	struct grader *g;
	long removed;
	(void)state;

	s = scratch_open("ai", "a.db", NULL);
	assert_non_null(s);
	g = grader_new(s->st, &go);

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

	assert_int_equal(store_cache_stats(s->st, &cs, &e), 0);
	assert_int_equal(cs.entries, 2);
	assert_int_equal(cs.ai_entries, 2);
	assert_int_equal(cs.hits, 1);
	assert_true(fabs(cs.cost_saved - 0.002) < 1e-12);
	assert_int_equal(store_cache_prune(s->st, clock_now_ms(), 1, &removed, &e), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(store_cache_stats(s->st, &cs, &e), 0);
	assert_int_equal(cs.entries, 1);
	grader_free(g);
	assert_int_equal(scratch_close(s), 0);
}

static int has_diff(const struct eval_result *r, int i, enum diff_kind k, const char *text,
		    const char *expected)
{
	return i < r->n_diff && r->diff[i].kind == k && !strcmp(r->diff[i].text, text) &&
	       !strcmp(r->diff[i].expected, expected);
}

/* An AI grade given to the answers that differ from its own only in surface. */
static void test_pipeline_surface_reuse(void **state)
{
	struct fake_ai ai = { { "ai", quoting_eval, fake_free }, 0, 0 };
	struct grader_options go = { 0, &ai.ev, "openai", "fake-1", "temperature=0", "rubric-1", 0 };
	struct eval_request rq = req("", NULL, 0);
	struct err e = ERR_INIT;
	struct eval_result r;
	struct scratch *s;
	struct grader *g;
	int i;
	(void)state;

	s = scratch_open("ai", "a.db", NULL);
	assert_non_null(s);
	g = grader_new(s->st, &go);
	rq.content_id = "t-2";
	rq.english = "My flat is small but very bright.";
	rq.reference = "Mi piso es pequeño pero muy luminoso.";

	/* the AI grades one answer: word order, and an ñ written n */
	rq.answer = "Mi es piso pequeno pero muy luminoso.";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_true(r.score == 86);
	eval_result_release(&r);

	/* the same words without capitals, marks or ñ: the AI's word error on
	 * this answer's words, and this answer's surface graded in C */
	rq.answer = "mi es piso pequeno pero muy luminoso";
	rq.hints_used = 1;
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_CACHE);
	assert_int_equal(ai.calls, 1);
	assert_int_equal(r.estimate, 0);
	assert_true(r.cost == 0);
	assert_true(fabs(r.cost_saved - 0.003) < 1e-12);
	assert_string_equal(r.model, "fake-1");
	assert_int_equal(r.n_errors, 3);
	assert_int_equal(r.errors[0].cat, ECAT_WORD_ORDER);
	assert_string_equal(r.errors[0].learner_text, "es piso");
	assert_int_equal(r.errors[1].cat, ECAT_CAPITALISATION);
	assert_string_equal(r.errors[1].learner_text, "mi");
	assert_string_equal(r.errors[1].correction, "Mi");
	assert_int_equal(r.errors[2].cat, ECAT_ACCENT);
	assert_string_equal(r.errors[2].learner_text, "pequeno");
	assert_string_equal(r.errors[2].correction, "pequeño");
	/* 100 - the AI rubric's word order - 1 - 6 (the answer key's) - 5 (a hint) */
	assert_true(r.score == 100 - ai_rubric_deduction(ECAT_WORD_ORDER, SEV_MEDIUM) - 1 - 6 - 5);
	assert_string_equal(r.corrected, "Mi piso es pequeño pero muy luminoso.");
	assert_int_equal(r.n_diff, 7);
	assert_true(has_diff(&r, 0, DIFF_CLOSE, "mi", "Mi"));
	assert_true(has_diff(&r, 1, DIFF_WRONG, "es", "piso"));
	assert_true(has_diff(&r, 2, DIFF_WRONG, "piso", "es"));
	assert_true(has_diff(&r, 3, DIFF_CLOSE, "pequeno", "pequeño"));
	for (i = 4; i < 7; i++)
		assert_int_equal(r.diff[i].kind, DIFF_CORRECT);
	eval_result_release(&r);
	rq.hints_used = 0;

	/* the ñ the AI found in its answer is not this one's: only the word
	 * order stays, quoted (and explained) as this answer writes it */
	rq.answer = "Mi ES piso pequeño pero muy luminoso";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_CACHE);
	assert_int_equal(ai.calls, 1);
	assert_int_equal(r.n_errors, 1);
	assert_string_equal(r.errors[0].learner_text, "ES piso");
	assert_string_equal(r.errors[0].explanation, "'ES piso' goes the other way round: 'piso es'");
	assert_true(r.score == 100 - ai_rubric_deduction(ECAT_WORD_ORDER, SEV_MEDIUM));
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	eval_result_release(&r);

	/* an accent that makes another word is not surface: the AI is asked */
	rq.answer = "Mi piso es pequeño pero más luminoso.";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 2);
	eval_result_release(&r);
	rq.answer = "mi piso es pequeño pero mas luminoso";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 3);
	eval_result_release(&r);
	/* ...and the same word again reuses that grade */
	rq.answer = "Mi piso es pequeno pero más luminoso";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_CACHE);
	assert_int_equal(r.n_errors, 2);
	assert_int_equal(r.errors[0].cat, ECAT_WRONG_WORD);
	assert_string_equal(r.errors[1].learner_text, "pequeno");
	eval_result_release(&r);

	/* a quote that cuts a word cannot be carried over: the AI grades */
	rq.answer = "Mi piso es pequeño pero muy oscuro.";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(ai.calls, 4);
	eval_result_release(&r);
	rq.answer = "mi piso es pequeño pero muy oscuro";
	assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_int_equal(ai.calls, 5);
	eval_result_release(&r);

	grader_free(g);
	assert_int_equal(scratch_close(s), 0);
}

/* What a reused grade takes from the AI's and what it makes of its own. */
static void test_surface_reuse_rules(void **state)
{
	struct eval_result g, r;
	double raw;
	(void)state;

	/* a corrected sentence that lacks the AI's own surface correction
	 * gets it before this answer is compared with it */
	eval_result_init(&g);
	eval_result_add_error(&g, ECAT_MISSING_WORD, SEV_MEDIUM, "", "la", "the article");
	eval_result_add_error(&g, ECAT_ACCENT, SEV_MINOR, "cafe", "café", "accent");
	eval_result_add_error(&g, ECAT_PUNCTUATION, SEV_MINOR, "", "¿", "opening mark");
	g.corrected = xstrdup("¿Tomas el cafe en la terraza?");
	xstrlcpy(g.model, "m", sizeof(g.model));
	assert_int_equal(surface_reuse("¿Tomas el café en terraza?", "tomas el cafe en terraza?", &g,
				       &r, &raw), 0);
	assert_string_equal(r.corrected, "¿Tomas el café en la terraza?");
	assert_int_equal(r.n_errors, 1); /* the missing word; its surface is right */
	assert_int_equal(r.errors[0].cat, ECAT_MISSING_WORD);
	assert_true(raw == 88);
	assert_int_equal(r.diff[r.n_diff - 1].kind, DIFF_MISSING);
	assert_string_equal(r.diff[r.n_diff - 1].expected, "la");
	eval_result_release(&r);
	/* this answer's own slips of accent and marks are its own */
	assert_int_equal(surface_reuse("Tomas el cafe en terraza", "tomas el cafe en terraza?", &g, &r,
				       &raw), 0);
	assert_int_equal(r.n_errors, 3); /* missing word, cafe, ¿ */
	assert_int_equal(r.errors[1].cat, ECAT_ACCENT);
	assert_int_equal(r.errors[2].cat, ECAT_PUNCTUATION);
	assert_true(raw == 100 - 12 - 3 - 2);
	eval_result_release(&r);
	/* other words: no reuse */
	assert_int_equal(surface_reuse("Tomas un cafe en terraza", "tomas el cafe en terraza?", &g, &r,
				       &raw), ERR_NOTFOUND);
	eval_result_release(&g);
}

static void test_cache_offline_then_ai(void **state)
{
	struct cache_entry c, got;
	struct err e = ERR_INIT;
	struct scratch *s;
	(void)state;

	s = scratch_open("ai", "a.db", NULL);
	assert_non_null(s);
	memset(&c, 0, sizeof(c));
	xstrlcpy(c.cache_key, "k1", sizeof(c.cache_key));
	xstrlcpy(c.task, "grade", sizeof(c.task));
	xstrlcpy(c.source, "offline", sizeof(c.source));
	c.response = (char *)"{\"score\":70}";
	assert_int_equal(store_cache_put(s->st, &c, &e), 0);
	/* the AI grade replaces the estimate... */
	xstrlcpy(c.source, "ai", sizeof(c.source));
	c.response = (char *)"{\"score\":85}";
	c.cost = 0.001;
	assert_int_equal(store_cache_put(s->st, &c, &e), 0);
	/* ...and a later estimate does not replace the AI grade */
	xstrlcpy(c.source, "offline", sizeof(c.source));
	c.response = (char *)"{\"score\":10}";
	assert_int_equal(store_cache_put(s->st, &c, &e), 0);
	assert_int_equal(store_cache_get(s->st, "k1", clock_now_ms(), &got, &e), 0);
	assert_string_equal(got.source, "ai");
	assert_string_equal(got.response, "{\"score\":85}");
	assert_int_equal(got.hit_count, 1);
	cache_entry_release(&got);
	/* expired entries are misses and go at the next prune */
	xstrlcpy(c.cache_key, "k2", sizeof(c.cache_key));
	c.expires_at = clock_now_ms() - 1;
	assert_int_equal(store_cache_put(s->st, &c, &e), 0);
	assert_int_equal(store_cache_get(s->st, "k2", clock_now_ms(), &got, &e), ERR_NOTFOUND);
	{
		long removed;

		assert_int_equal(store_cache_prune(s->st, clock_now_ms(), 0, &removed, &e), 0);
		assert_int_equal(removed, 1);
	}
	assert_int_equal(scratch_close(s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),      cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_answer_key), cmocka_unit_test(test_result_json),
		cmocka_unit_test(test_hint_costs), cmocka_unit_test(test_cache_key),
		cmocka_unit_test(test_pipeline_cache), cmocka_unit_test(test_cache_offline_then_ai),
		cmocka_unit_test(test_surface_form), cmocka_unit_test(test_answer_key_surface),
		cmocka_unit_test(test_pipeline_surface_reuse), cmocka_unit_test(test_surface_reuse_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
