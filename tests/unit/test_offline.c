/* test_offline.c: the offline evaluator: golden cases, and calibration against a teacher's bands. */
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
#include <cjson/cJSON.h>

#include "ai/offline-int.h"
#include "aidioma/content.h"
#include "aidioma/util.h"

#define CALIBRATION TESTS_SRCDIR "/fixtures/grading/calibration.jsonl"
#define BAND_HIT_GOAL 0.85

/* Grade answer against reference (and the accepted list) with the offline evaluator alone. */
static void grade(const char *answer, const char *reference, const char *const *accepted, int n,
		  int hints, struct eval_result *r)
{
	struct evaluator *ev = offline_evaluator_new();
	struct eval_request rq;
	struct err e = ERR_INIT;
	char *clean = text_clean(answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);

	memset(&rq, 0, sizeof(rq));
	rq.content_id = "t-1";
	rq.english = "";
	rq.reference = reference;
	rq.accepted = accepted;
	rq.n_accepted = n;
	rq.answer = answer;
	rq.level = "beginner";
	rq.hints_used = hints;
	assert_int_equal(ev->evaluate(ev, &rq, norm, r, &e), 0);
	assert_int_equal(r->source, SRC_OFFLINE);
	assert_true(r->estimate);
	assert_non_null(r->corrected);
	free(clean);
	free(norm);
	ev->free(ev);
}

static void one(const char *answer, const char *reference, struct eval_result *r)
{
	grade(answer, reference, NULL, 0, 0, r);
}

/* The first error of category c, failing the test when there is none. */
static const struct eval_error *error_of(const struct eval_result *r, enum error_cat c)
{
	int i;

	for (i = 0; i < r->n_errors; i++)
		if (r->errors[i].cat == c)
			return &r->errors[i];
	fail_msg("no %s error among %d", error_cat_name(c), r->n_errors);
	return NULL;
}

static int has_diff(const struct eval_result *r, enum diff_kind k, const char *text,
		    const char *expected)
{
	int i;

	for (i = 0; i < r->n_diff; i++)
		if (r->diff[i].kind == k &&
		    (text ? r->diff[i].text && !strcmp(r->diff[i].text, text) : !r->diff[i].text) &&
		    (expected ? r->diff[i].expected && !strcmp(r->diff[i].expected, expected) :
				!r->diff[i].expected))
			return 1;
	return 0;
}

static void test_chrf(void **state)
{
	(void)state;
	assert_true(fabs(chrf("la casa", "la casa") - 100) < 1e-9);
	assert_true(fabs(chrf("lacasa", "la casa") - 100) < 1e-9); /* spaces do not count */
	assert_true(chrf("", "la casa") == 0);
	assert_true(chrf("", "") == 100);
	assert_true(chrf("la casa blanca", "la casa roja") > chrf("el perro", "la casa roja"));
	/* recall weighs more than precision: a short answer loses more */
	assert_true(chrf("casa", "casa blanca") < chrf("casa blanca grande", "casa blanca"));
}

static void test_exact(void **state)
{
	static const char *const acc[] = { "Hoy su marido no está en casa.",
					   "Su esposo no está en casa hoy." };
	struct eval_result r;
	(void)state;

	one("Su marido no está en casa hoy.", "Su marido no está en casa hoy.", &r);
	assert_true(r.score == 100);
	assert_int_equal(r.n_errors, 0);
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	assert_string_equal(r.grade, "A+");
	eval_result_release(&r);

	/* an accepted translation that is not the reference: 100, the others as alternatives */
	grade("Su esposo no está en casa hoy.", "Su marido no está en casa hoy.", acc, 2, 0, &r);
	assert_true(r.score == 100);
	assert_int_equal(r.n_errors, 0);
	assert_string_equal(r.corrected, "Su esposo no está en casa hoy.");
	assert_int_equal(r.n_alternatives, 2);
	assert_string_equal(r.alternatives[0], "Su marido no está en casa hoy.");
	eval_result_release(&r);

	/* hints cost points, not the verdict */
	grade("Su marido no está en casa hoy.", "Su marido no está en casa hoy.", NULL, 0, 1, &r);
	assert_int_equal(r.hints_used, 1);
	assert_true(r.score == 95);
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	eval_result_release(&r);
}

static void test_accent(void **state)
{
	struct eval_result r;
	const struct eval_error *x;
	(void)state;

	one("El avion sale a las seis y cuarto.", "El avión sale a las seis y cuarto.", &r);
	assert_int_equal(r.n_errors, 1);
	x = error_of(&r, ECAT_ACCENT);
	assert_int_equal(x->severity, SEV_MINOR);
	assert_string_equal(x->learner_text, "avion");
	assert_string_equal(x->correction, "avión");
	assert_true(has_diff(&r, DIFF_CLOSE, "avion", "avión"));
	assert_true(r.score >= 95);
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	eval_result_release(&r);

	/* ñ is a letter, not an accent */
	one("Mi abuela tiene ochenta anos.", "Mi abuela tiene ochenta años.", &r);
	x = error_of(&r, ECAT_ACCENT);
	assert_int_equal(x->severity, SEV_MEDIUM);
	assert_non_null(strstr(x->explanation, "ñ"));
	assert_true(r.score >= 90 && r.score < 97);
	eval_result_release(&r);

	/* an accent that makes another word */
	one("¿Tienes tú pasaporte?", "¿Tienes tu pasaporte?", &r);
	x = error_of(&r, ECAT_ACCENT);
	assert_int_equal(x->severity, SEV_MEDIUM);
	assert_non_null(strstr(x->explanation, "possessive"));
	eval_result_release(&r);
}

static void test_inflection(void **state)
{
	struct eval_result r;
	const struct eval_error *x;
	(void)state;

	one("Vivo en una casa blanco.", "Vivo en una casa blanca.", &r);
	x = error_of(&r, ECAT_INFLECTION);
	assert_string_equal(x->explanation, "gender agreement: 'casa blanco' -> 'blanca'");
	assert_string_equal(x->correction, "blanca");
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	eval_result_release(&r);

	one("Compro manzanas rojo.", "Compro manzanas rojas.", &r);
	x = error_of(&r, ECAT_INFLECTION);
	assert_string_equal(x->explanation, "gender and number agreement: 'manzanas rojo' -> 'rojas'");
	eval_result_release(&r);

	one("Tengo dos perro en casa.", "Tengo dos perros en casa.", &r);
	x = error_of(&r, ECAT_INFLECTION);
	assert_string_equal(x->explanation, "number agreement: 'dos perro' -> 'perros'");
	eval_result_release(&r);

	one("Hoy yo tiene un examen.", "Hoy tengo un examen.", &r);
	x = error_of(&r, ECAT_INFLECTION);
	assert_string_equal(x->explanation, "conjugation: 'yo tiene' -> 'tengo' (the yo form, not the "
					    "él/ella/usted form)");
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	eval_result_release(&r);

	one("Espero que tienes un buen viaje.", "Espero que tengas un buen viaje.", &r);
	x = error_of(&r, ECAT_INFLECTION);
	assert_non_null(strstr(x->explanation, "verb mood"));
	assert_non_null(strstr(x->explanation, "present subjunctive"));
	eval_result_release(&r);

	one("Hay leche en el nevera.", "Hay leche en la nevera.", &r);
	x = error_of(&r, ECAT_INFLECTION);
	assert_string_equal(x->explanation, "gender agreement: 'el nevera' -> 'la'");
	eval_result_release(&r);
}

static void test_missing_extra(void **state)
{
	struct eval_result r;
	const struct eval_error *x;
	(void)state;

	one("Vamos a visitar nuestra tía.", "Vamos a visitar a nuestra tía.", &r);
	x = error_of(&r, ECAT_MISSING_WORD);
	assert_string_equal(x->correction, "a");
	assert_string_equal(x->learner_text, "");
	assert_non_null(strstr(x->explanation, "personal a"));
	assert_true(has_diff(&r, DIFF_MISSING, NULL, "a"));
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	eval_result_release(&r);

	one("Soy un profesor.", "Soy profesor.", &r);
	x = error_of(&r, ECAT_EXTRA_WORD);
	assert_string_equal(x->learner_text, "un");
	assert_non_null(strstr(x->explanation, "profession"));
	assert_true(has_diff(&r, DIFF_EXTRA, "un", NULL));
	assert_true(r.score < 90);
	eval_result_release(&r);

	/* a subject pronoun the reference dropped is style: no points */
	one("Yo soy profesor.", "Soy profesor.", &r);
	x = error_of(&r, ECAT_EXTRA_WORD);
	assert_int_equal(x->severity, SEV_MINOR);
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	assert_true(r.score >= 95);
	eval_result_release(&r);
}

static void test_words(void **state)
{
	struct eval_result r;
	const struct eval_error *x;
	(void)state;

	/* a synonym the course does not list */
	one("Mi padre va a preparar arroz con pollo.", "Mi padre va a cocinar arroz con pollo.", &r);
	x = error_of(&r, ECAT_WRONG_WORD);
	assert_string_equal(x->learner_text, "preparar");
	assert_string_equal(x->correction, "cocinar");
	assert_true(has_diff(&r, DIFF_WRONG, "preparar", "cocinar"));
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	eval_result_release(&r);

	one("La sopa es fría.", "La sopa está fría.", &r);
	x = error_of(&r, ECAT_WRONG_WORD);
	assert_non_null(strstr(x->explanation, "ser or estar"));
	eval_result_release(&r);

	one("Necesito una habitación por dos noches.", "Necesito una habitación para dos noches.", &r);
	x = error_of(&r, ECAT_WRONG_WORD);
	assert_non_null(strstr(x->explanation, "por or para"));
	eval_result_release(&r);

	one("Tengo un rojo coche.", "Tengo un coche rojo.", &r);
	x = error_of(&r, ECAT_WORD_ORDER);
	assert_non_null(strstr(x->explanation, "adjective placement"));
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	eval_result_release(&r);

	one("Vamos a la vacaciones mañana.", "Mañana vamos a las vacaciones.", &r);
	assert_true(error_of(&r, ECAT_WORD_ORDER)->severity == SEV_MINOR);
	eval_result_release(&r);

	one("Vivía en una bonita casa con un vejo jardín.",
	    "Vivía en una bonita casa con un viejo jardín.", &r);
	x = error_of(&r, ECAT_SPELLING);
	assert_string_equal(x->correction, "viejo");
	eval_result_release(&r);

	one("Tomo el autobús para ir a el centro.", "Tomo el autobús para ir al centro.", &r);
	x = error_of(&r, ECAT_SPELLING);
	assert_string_equal(x->learner_text, "a el");
	assert_string_equal(x->correction, "al");
	eval_result_release(&r);

	one("¿Porque estás triste?", "¿Por qué estás triste?", &r);
	x = error_of(&r, ECAT_SPELLING);
	assert_string_equal(x->correction, "Por qué");
	eval_result_release(&r);
}

static void test_marks(void **state)
{
	struct eval_result r;
	const struct eval_error *x;
	(void)state;

	one("Cómo estás?", "¿Cómo estás?", &r);
	x = error_of(&r, ECAT_PUNCTUATION);
	assert_string_equal(x->correction, "¿");
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	eval_result_release(&r);

	one("me llamo Ana.", "Me llamo Ana.", &r);
	x = error_of(&r, ECAT_CAPITALISATION);
	assert_string_equal(x->learner_text, "me");
	assert_int_equal(r.n_errors, 1);
	eval_result_release(&r);

	/* a capital that only moved with the start of the sentence is no error */
	one("Hoy mi ordenador está muy lento.", "Mi ordenador está muy lento hoy.", &r);
	assert_int_equal(r.n_errors, 1);
	error_of(&r, ECAT_WORD_ORDER);
	eval_result_release(&r);
}

static void test_wrong(void **state)
{
	struct eval_result r;
	(void)state;

	one("El perro come pan.", "Mañana vamos a la playa con mis amigos.", &r);
	assert_true(r.score < 30);
	assert_int_equal(r.verdict, VERDICT_WRONG);
	assert_int_equal(r.n_errors, 1);
	assert_int_equal(r.errors[0].severity, SEV_MAJOR);
	eval_result_release(&r);

	one("", "Mañana vamos a la playa.", &r);
	assert_true(r.score == 0);
	assert_int_equal(r.verdict, VERDICT_WRONG);
	assert_int_equal(r.n_diff, 5);
	assert_true(has_diff(&r, DIFF_MISSING, NULL, "playa"));
	eval_result_release(&r);

	one("What time does the festival start?", "¿A qué hora empieza el festival?", &r);
	assert_int_equal(r.verdict, VERDICT_WRONG);
	eval_result_release(&r);
}

/* ---- calibration: our learners' answers against a teacher's bands */

struct course {
	struct pack p[3];
	int n;
};

static const struct content *find(const struct course *c, const char *id)
{
	int i, k;

	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->p[i].n_items; k++)
			if (!strcmp(c->p[i].items[k].id, id))
				return &c->p[i].items[k];
	return NULL;
}

static int in_band(double score, const char *band)
{
	if (!strcmp(band, "correct"))
		return score >= 90;
	if (!strcmp(band, "close"))
		return score >= 60 && score < 90;
	return score < 60;
}

static void test_calibration(void **state)
{
	static const char *const levels[] = { "beginner", "intermediate", "advanced" };
	const char *assets = getenv("AIDIOMA_ASSETS");
	struct evaluator *ev;
	struct course course;
	struct err e = ERR_INIT;
	char path[512], *text, *line, *next;
	size_t len;
	int i, items = 0, hits = 0, cat_items = 0, cat_hits = 0;
	(void)state;

	if (!assets)
		skip();
	course.n = 0;
	for (i = 0; i < 3; i++) {
		xsnprintf(path, sizeof(path), "%s/packs/sentences-%s.json", assets, levels[i]);
		assert_int_equal(pack_load(path, &course.p[course.n], &e), 0);
		course.n++;
	}
	assert_int_equal(file_read(CALIBRATION, 1 << 20, &text, &len, &e), 0);
	ev = offline_evaluator_new();
	for (line = text; line && *line; line = next) {
		cJSON *o, *cats, *it;
		const struct content *c;
		const char *id, *answer, *band;
		struct eval_request rq;
		struct eval_result r;
		char *clean, *norm;
		int hit, cat_hit = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line)
			continue;
		o = cJSON_Parse(line);
		assert_non_null(o);
		id = cJSON_GetObjectItem(o, "id")->valuestring;
		answer = cJSON_GetObjectItem(o, "answer")->valuestring;
		band = cJSON_GetObjectItem(o, "band")->valuestring;
		cats = cJSON_GetObjectItem(o, "categories");
		c = find(&course, id);
		if (!c)
			fail_msg("calibration: no sentence '%s' in the course", id);
		assert_int_equal(eval_request_from_content(&rq, c, answer, &e), 0);
		clean = text_clean(answer, ANSWER_MAX_CHARS);
		norm = text_normalize(clean);
		assert_int_equal(ev->evaluate(ev, &rq, norm, &r, &e), 0);
		hit = in_band(r.score, band);
		items++;
		hits += hit;
		cJSON_ArrayForEach(it, cats) {
			int k;

			for (k = 0; k < r.n_errors; k++)
				cat_hit |= !strcmp(error_cat_name(r.errors[k].cat), it->valuestring);
		}
		if (cJSON_GetArraySize(cats) > 0 && strcmp(band, "correct")) {
			cat_items++;
			cat_hits += cat_hit;
		}
		if (!hit) {
			printf("# miss %s \"%s\": want %s, got %.1f (%s)", id, answer, band, r.score,
			       verdict_name(r.verdict));
			for (i = 0; i < r.n_errors; i++)
				printf("%s %s/%s", i ? "," : ":", error_cat_name(r.errors[i].cat),
				       severity_name(r.errors[i].severity));
			printf("\n");
		}
		eval_result_release(&r);
		eval_request_release(&rq);
		free(clean);
		free(norm);
		cJSON_Delete(o);
	}
	printf("# calibration: band-hit rate %.1f%% (%d of %d), expected category found in %d of %d\n",
	       100.0 * hits / items, hits, items, cat_hits, cat_items);
	fflush(stdout);
	ev->free(ev);
	free(text);
	for (i = 0; i < course.n; i++)
		pack_release(&course.p[i]);
	assert_true(items >= 100);
	assert_true((double)hits / items >= BAND_HIT_GOAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chrf),	     cmocka_unit_test(test_exact),
		cmocka_unit_test(test_accent),	     cmocka_unit_test(test_inflection),
		cmocka_unit_test(test_missing_extra), cmocka_unit_test(test_words),
		cmocka_unit_test(test_marks),	     cmocka_unit_test(test_wrong),
		cmocka_unit_test(test_calibration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
