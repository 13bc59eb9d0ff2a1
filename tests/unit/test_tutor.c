/* test_tutor.c: the Conversation tutor: matching, goals, the checker, new words, recording. */
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
#include <cjson/cJSON.h>

#include "aidioma/content.h"
#include "aidioma/practice.h"
#include "aidioma/tutor.h"
#include "aidioma/util.h"
#include "scratch.h"

#define GOOD TESTS_SRCDIR "/fixtures/packs/good"

/* tsc-cafe's branches, in the fixture's order */
enum { B_HOLA, B_CAFE, B_TOSTADA, B_GRACIAS, B_CUENTA, B_TARJETA };
enum { G_GREET, G_ORDER, G_PAY };

static struct pack fixture;

static int setup_pack(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	if (pack_load(GOOD "/scenarios.json", &fixture, &e)) {
		fprintf(stderr, "# %s\n", e.msg);
		return -1;
	}
	return strcmp(fixture.items[0].id, "tsc-cafe") ? -1 : 0;
}

static int teardown_pack(void **state)
{
	(void)state;
	pack_release(&fixture);
	return 0;
}

static struct tutor *start_with(const struct content *c, const struct tutor_options *o)
{
	struct tutor_reply opening;
	struct err e = ERR_INIT;
	struct tutor *t;
	int rc = tutor_start(c, o, &t, &opening, &e);

	if (rc)
		fprintf(stderr, "# %s\n", e.msg);
	assert_int_equal(rc, 0);
	assert_int_equal(opening.source, TUTOR_OPENING);
	tutor_reply_release(&opening);
	return t;
}

static struct tutor *cafe(void)
{
	return start_with(&fixture.items[0], NULL);
}

/* Say text; the reply stays in r for the caller to check and release. */
static void say(struct tutor *t, const char *text, struct tutor_reply *r)
{
	struct err e = ERR_INIT;
	int rc = tutor_turn(t, text, r, &e);

	if (rc)
		fprintf(stderr, "# %s: %s\n", text, e.msg);
	assert_int_equal(rc, 0);
}

/* The branch (or -1 and the fallback) that answers text. */
static int branch_for(struct tutor *t, const char *text)
{
	struct tutor_reply r;
	int b;

	say(t, text, &r);
	b = r.branch;
	if (b < 0)
		assert_int_equal(r.source, TUTOR_FALLBACK);
	tutor_reply_release(&r);
	return b;
}

/* A scenario written here, to reach what the fixture does not. */
static void synthetic(struct content *c, const char *script)
{
	struct sbuf sb = SBUF_INIT;

	memset(c, 0, sizeof(*c));
	xstrlcpy(c->id, "syn", sizeof(c->id));
	xstrlcpy(c->type, "scenario", sizeof(c->type));
	xstrlcpy(c->difficulty, "beginner", sizeof(c->difficulty));
	xstrlcpy(c->topic, "food", sizeof(c->topic));
	c->primary_text = xstrdup("Prueba");
	c->secondary_text = xstrdup("Test");
	sbuf_addf(&sb,
		  "{\"setting\":\"A test.\",\"persona\":{\"name\":\"Ana\",\"role\":\"cook\","
		  "\"region\":\"Lima, Peru\",\"address\":\"tu\",\"traits\":[\"kind\"]},"
		  "\"goals\":[{\"id\":\"a\",\"en\":\"Goal A\",\"phrases\":[\"por favor\"]},"
		  "{\"id\":\"b\",\"en\":\"Goal B\",\"phrases\":[\"adiós\"]},"
		  "{\"id\":\"c\",\"en\":\"Goal C\",\"phrases\":[\"mañana\"]}],"
		  "\"opening\":\"Hola.\",\"opening_en\":\"Hi.\",\"instructions\":\"Be kind.\","
		  "\"script\":[%s],"
		  "\"fallback\":[{\"reply\":\"Uno.\",\"reply_en\":\"One.\"},"
		  "{\"reply\":\"Dos.\",\"reply_en\":\"Two.\"}],"
		  "\"closing\":{\"reply\":\"Adiós.\",\"reply_en\":\"Bye.\"}}", script);
	c->metadata = sbuf_detach(&sb, NULL);
}

static void test_parse(void **state)
{
	struct tutor_scenario s;
	struct content c;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(tutor_scenario_parse(&fixture.items[0], &s, &e), 0);
	assert_string_equal(s.title, "En la cafetería");
	assert_string_equal(s.persona.name, "Luis");
	assert_string_equal(s.persona.region, "Valencia, Spain");
	assert_string_equal(s.persona.address, "usted");
	assert_int_equal(s.n_goals, 3);
	assert_int_equal(s.n_script, 6);
	assert_int_equal(s.n_fallback, 1);
	assert_string_equal(s.script[B_HOLA].keywords[1].folded, "buenos dias");
	assert_int_equal(s.script[B_HOLA].goal, G_GREET);
	assert_int_equal(s.script[B_GRACIAS].goal, -1);
	assert_string_equal(s.script[B_CUENTA].pattern_folded, "*cuenta*");
	assert_string_equal(s.goals[G_PAY].phrases[1].folded, "cuanto es");
	tutor_scenario_release(&s);

	/* not a scenario */
	c = fixture.items[0];
	xstrlcpy(c.type, "sentence", sizeof(c.type));
	assert_int_equal(tutor_scenario_parse(&c, &s, &e), ERR_USAGE);
	tutor_scenario_release(&s);
}

static void test_keywords_whole_words(void **state)
{
	struct tutor *t = cafe();

	(void)state;
	/* "café" is not in "cafetería", "tarjeta" not in "tarjetas" */
	assert_int_equal(branch_for(t, "Me gusta esta cafetería"), -1);
	assert_int_equal(branch_for(t, "¿Aceptan tarjetas?"), -1);
	/* case and accents do not matter, punctuation is a space */
	assert_int_equal(branch_for(t, "Un CAFE,por favor"), B_CAFE);
	tutor_free(t);

	t = cafe();
	assert_int_equal(branch_for(t, "un café solo"), B_CAFE);
	tutor_free(t);
}

static void test_phrases(void **state)
{
	struct tutor *t = cafe();

	(void)state;
	/* "buenos días" is one keyword: half of it is not enough */
	assert_int_equal(branch_for(t, "buenos"), -1);
	assert_int_equal(branch_for(t, "¡BUENOS DÍAS!"), B_HOLA);
	tutor_free(t);

	t = cafe();
	assert_int_equal(branch_for(t, "pues buenos dias señor"), B_HOLA);
	tutor_free(t);
}

static void test_globs(void **state)
{
	struct content c;
	struct tutor *t;

	(void)state;
	t = cafe();
	assert_int_equal(branch_for(t, "¿Me trae la CUENTA, por favor?"), B_CUENTA);
	tutor_free(t);

	synthetic(&c, "{\"pattern\":\"* la cuenta*\",\"reply\":\"R0.\",\"reply_en\":\"R0.\"},"
		      "{\"pattern\":\"quiero *\",\"reply\":\"R1.\",\"reply_en\":\"R1.\"},"
		      "{\"pattern\":\"*llamo*soy de*\",\"reply\":\"R2.\",\"reply_en\":\"R2.\"},"
		      "{\"pattern\":\"¿dónde*\",\"reply\":\"R3.\",\"reply_en\":\"R3.\"}");
	t = start_with(&c, NULL);
	/* a space beside a star also matches the edge of the turn */
	assert_int_equal(branch_for(t, "La cuenta, por favor"), 0);
	tutor_free(t);
	t = start_with(&c, NULL);
	assert_int_equal(branch_for(t, "Tráigame la cuenta"), 0);
	/* no star in front: anchored at the start */
	assert_int_equal(branch_for(t, "yo quiero agua"), -1);
	assert_int_equal(branch_for(t, "Quiero agua"), 1);
	assert_int_equal(branch_for(t, "Me llamo Ana y soy de Lima"), 2);
	/* stars need the pieces in order */
	tutor_free(t);
	t = start_with(&c, NULL);
	assert_int_equal(branch_for(t, "Soy de Lima, me llamo Ana"), -1);
	assert_int_equal(branch_for(t, "Donde esta el baño"), 3);
	tutor_free(t);
	content_release(&c);
}

static void test_each_branch_once_fallbacks_in_turn(void **state)
{
	struct tutor_reply r;
	struct content c;
	struct tutor *t = cafe();
	int i;

	(void)state;
	assert_int_equal(branch_for(t, "hola"), B_HOLA);
	assert_true(tutor_branch_fired(t, B_HOLA));
	assert_int_equal(branch_for(t, "hola"), -1); /* fired already */
	tutor_free(t);

	synthetic(&c, "{\"keywords\":[\"hola\"],\"reply\":\"R0.\",\"reply_en\":\"R0.\"},"
		      "{\"keywords\":[\"hola\",\"agua\"],\"reply\":\"R1.\",\"reply_en\":\"R1.\"}");
	t = start_with(&c, NULL);
	/* the first branch that has not fired, in order */
	assert_int_equal(branch_for(t, "hola"), 0);
	assert_int_equal(branch_for(t, "hola"), 1);
	/* then the fallbacks, each in turn, round again */
	for (i = 0; i < 5; i++) {
		assert_int_equal(tutor_next_fallback(t), i % 2);
		say(t, "hola", &r);
		assert_int_equal(r.source, TUTOR_FALLBACK);
		assert_int_equal(r.fallback, i % 2);
		assert_string_equal(r.reply, i % 2 ? "Dos." : "Uno.");
		assert_string_equal(r.reply_en, i % 2 ? "Two." : "One.");
		tutor_reply_release(&r);
	}
	tutor_free(t);
	content_release(&c);
}

static void test_goals(void **state)
{
	struct tutor_reply r;
	struct tutor *t = cafe();

	(void)state;
	/* by a branch: "café" says nothing of the goal's phrases */
	say(t, "Un café", &r);
	assert_int_equal(r.branch, B_CAFE);
	assert_int_equal(r.n_goals, 1);
	assert_int_equal(r.goals[0], G_ORDER);
	assert_int_equal(r.goals_reached, 1);
	assert_int_equal(r.goals_total, 3);
	tutor_reply_release(&r);
	/* by a phrase: no branch answers "¿cuánto es?", yet it asks for the bill */
	say(t, "¿Cuánto es?", &r);
	assert_int_equal(r.source, TUTOR_FALLBACK);
	assert_int_equal(r.n_goals, 1);
	assert_int_equal(r.goals[0], G_PAY);
	tutor_reply_release(&r);
	/* a goal is reached once; a phrase and a branch together count once */
	say(t, "Quiero una tostada", &r);
	assert_int_equal(r.branch, B_TOSTADA);
	assert_int_equal(r.n_goals, 0);
	assert_int_equal(r.goals_reached, 2);
	tutor_reply_release(&r);
	assert_false(tutor_goal_reached(t, G_GREET));
	say(t, "HOLA", &r);
	assert_int_equal(r.n_goals, 1);
	assert_int_equal(r.goals_reached, 3);
	tutor_reply_release(&r);
	assert_true(tutor_goal_reached(t, G_GREET));
	tutor_free(t);
}

static void test_closing_and_summary(void **state)
{
	struct tutor_summary s;
	struct tutor_reply r;
	struct err e = ERR_INIT;
	struct tutor *t;

	(void)state;
	clock_set_fixed(1700000000000);
	t = cafe();
	assert_int_equal(tutor_turn(t, "  \t ", &r, &e), ERR_USAGE); /* nothing said */
	say(t, "Hola, buenos dias", &r); /* a correction */
	assert_true(r.has_correction);
	tutor_reply_release(&r);
	say(t, "Un café con leche", &r);
	assert_false(r.has_correction);
	tutor_reply_release(&r);
	clock_set_fixed(1700000065000);
	assert_int_equal(tutor_end(t, &r, &s, &e), 0);
	assert_int_equal(r.source, TUTOR_CLOSING);
	assert_string_equal(r.reply, "Gracias a usted. ¡Que tenga un buen día!");
	assert_string_equal(r.reply_en, "Thank you. Have a good day!");
	tutor_reply_release(&r);
	assert_int_equal(s.turns, 2);
	assert_int_equal(s.corrections, 1);
	assert_int_equal(s.goals_reached, 2);
	assert_int_equal(s.goals_total, 3);
	assert_true(fabs(s.score - 200.0 / 3) < 1e-9);
	assert_int_equal(s.duration_ms, 65000);
	assert_true(tutor_ended(t));
	assert_int_equal(tutor_turn(t, "hola", &r, &e), ERR_USAGE);
	assert_int_equal(tutor_end(t, &r, &s, &e), ERR_USAGE);
	tutor_free(t);
	clock_set_fixed(0);
}

static void test_history_bound(void **state)
{
	static const char *const turns[] = { "uno", "dos", "tres", "cuatro", "cinco" };
	struct tutor_options o = { 0 };
	struct tutor_reply r;
	struct tutor *t;
	int i;

	(void)state;
	o.history_max = 3;
	t = start_with(&fixture.items[0], &o);
	for (i = 0; i < 5; i++) {
		say(t, turns[i], &r);
		tutor_reply_release(&r);
		assert_int_equal(tutor_history_count(t), i + 1 < 3 ? i + 1 : 3);
	}
	assert_string_equal(tutor_history(t, 0)->learner, "tres");
	assert_string_equal(tutor_history(t, 2)->learner, "cinco");
	assert_string_equal(tutor_history(t, 2)->tutor, "Perdone, ¿cómo dice?");
	assert_null(tutor_history(t, 3));
	tutor_free(t);

	/* the default window */
	t = cafe();
	for (i = 0; i < TUTOR_HISTORY_DEFAULT + 4; i++) {
		say(t, "otra cosa", &r);
		tutor_reply_release(&r);
	}
	assert_int_equal(tutor_history_count(t), TUTOR_HISTORY_DEFAULT);
	tutor_free(t);
}

static void check_fix(const char *said, const char *want)
{
	struct tutor_correction c;
	int rc = tutor_check_turn(said, &c);

	if (!want) {
		if (rc)
			fprintf(stderr, "# unexpected: %s -> %s\n", said, c.corrected);
		assert_int_equal(rc, 0);
		assert_null(c.corrected);
		return;
	}
	assert_int_equal(rc, 1);
	assert_string_equal(c.original, said);
	assert_string_equal(c.corrected, want);
	assert_non_null(c.explanation);
	assert_true(strlen(c.explanation) > 0);
	tutor_correction_release(&c);
}

static void test_checker(void **state)
{
	struct tutor_correction c;

	(void)state;
	check_fix("Donde esta el bano?", "¿Dónde está el baño?");
	check_fix("Hola, que tal?", "Hola, ¿qué tal?");
	check_fix("Y tú, de donde eres?", "Y tú, ¿de dónde eres?");
	check_fix("¿Como estas?", "¿Cómo estás?");
	check_fix("Por que no?", "¿Por qué no?");
	check_fix("Tengo veinte anos.", "Tengo veinte años.");
	check_fix("Tambien quiero agua.", "También quiero agua.");
	check_fix("TAMBIEN", "TAMBIÉN");
	check_fix("Buenos tardes", "Buenas tardes");
	check_fix("Mi gusta la musica", "Me gusta la musica"); /* musica is a verb form too */
	check_fix("Necesito informacion, porfavor.", "Necesito información, por favor.");
	check_fix("Muchas gracias!", "¡Muchas gracias!");
	check_fix("Que aproveche!", "¡Que aproveche!"); /* a wish: no accent */
	check_fix("Cuando llegues, me llamas?", "¿Cuando llegues, me llamas?");
	check_fix("Hola. Puedo pagar? Gracias.", "Hola. ¿Puedo pagar? Gracias.");
	/* nothing it cannot be sure of */
	check_fix("Buenos días.", NULL);
	check_fix("¿Qué tal?", NULL);
	check_fix("Esta mesa es pequeña.", NULL);
	check_fix("Si tengo tiempo, voy.", NULL);
	check_fix("Quiero mas agua y tu libro.", NULL);
	check_fix("Creo que tal vez sí.", NULL);
	check_fix("Dime donde vives", NULL);
	check_fix("El ano", NULL);
	/* the explanation names what changed */
	assert_int_equal(tutor_check_turn("Donde esta el bano?", &c), 1);
	assert_non_null(strstr(c.explanation, "¿"));
	assert_non_null(strstr(c.explanation, "dónde"));
	assert_non_null(strstr(c.explanation, "baño"));
	tutor_correction_release(&c);
}

static void test_new_words(void **state)
{
	struct tutor_glossary gl = { 0 };
	struct tutor_options o = { 0 };
	struct err e = ERR_INIT;
	struct tutor_reply r;
	struct tutor *t;

	(void)state;
	tutor_glossary_add(&gl, "cuatro", "four");
	tutor_glossary_add(&gl, "comer", "to eat");
	tutor_glossary_add(&gl, "tarjeta", "card");
	tutor_glossary_add(&gl, "días", "days");
	tutor_glossary_add(&gl, "comer", "to have lunch"); /* the first one stays */
	assert_int_equal(gl.n, 4);
	o.glossary = &gl;
	assert_int_equal(tutor_start(&fixture.items[0], &o, &t, &r, &e), 0);
	/* the opening teaches "días"; it is not offered again */
	assert_int_equal(r.n_words, 1);
	assert_string_equal(r.words[0].spanish, "días");
	assert_string_equal(r.words[0].english, "days");
	tutor_reply_release(&r);
	say(t, "Hola", &r);
	assert_int_equal(r.n_words, 0);
	tutor_reply_release(&r);
	say(t, "Un café", &r);
	assert_int_equal(r.n_words, 1);
	assert_string_equal(r.words[0].spanish, "comer");
	assert_string_equal(r.words[0].english, "to eat");
	tutor_reply_release(&r);
	/* the learner's own words are not new to them */
	say(t, "¿Pago con tarjeta?", &r);
	assert_int_equal(r.branch, B_TARJETA);
	assert_int_equal(r.n_words, 0);
	tutor_reply_release(&r);
	say(t, "la cuenta", &r);
	assert_int_equal(r.n_words, 1);
	assert_string_equal(r.words[0].spanish, "cuatro");
	tutor_reply_release(&r);
	tutor_free(t);

	/* without a glossary, no new words */
	t = cafe();
	say(t, "la cuenta", &r);
	assert_int_equal(r.n_words, 0);
	tutor_reply_release(&r);
	tutor_free(t);
	tutor_glossary_release(&gl);
}

static int cancel_flag;

static int cancelled(void *arg)
{
	return *(int *)arg;
}

static void test_cancel_changes_nothing(void **state)
{
	struct tutor_options o = { 0 };
	struct tutor_reply r;
	struct err e = ERR_INIT;
	struct tutor *t;

	(void)state;
	o.cancelled = cancelled;
	o.cancel_arg = &cancel_flag;
	t = start_with(&fixture.items[0], &o);
	cancel_flag = 1;
	assert_int_equal(tutor_turn(t, "hola", &r, &e), ERR_FAIL);
	assert_null(r.reply);
	assert_false(tutor_branch_fired(t, B_HOLA));
	assert_false(tutor_goal_reached(t, G_GREET));
	assert_int_equal(tutor_history_count(t), 0);
	cancel_flag = 0;
	assert_int_equal(branch_for(t, "hola"), B_HOLA);
	tutor_free(t);
}

/* A bundled scenario, start to finish: six turns reach every goal. */
static void test_bundled_conversation(void **state)
{
	static const char *const turns[] = {
		"Hola, buenas tardes.", "Sí, una mesa para uno, por favor.",
		"¿Qué hay en el menú?", "De primero quiero gazpacho.",
		"Para beber, agua, por favor.", "La cuenta, por favor.",
	};
	const char *assets = getenv("AIDIOMA_ASSETS");
	struct tutor_summary s;
	struct tutor_reply r;
	struct err e = ERR_INIT;
	struct pack p;
	struct tutor *t;
	char path[512];
	int i, found = -1;

	(void)state;
	if (!assets)
		skip();
	xsnprintf(path, sizeof(path), "%s/packs/scenarios.json", assets);
	assert_int_equal(pack_load(path, &p, &e), 0);
	for (i = 0; i < p.n_items; i++) {
		struct tutor_scenario sc;

		/* every bundled scenario parses */
		assert_int_equal(tutor_scenario_parse(&p.items[i], &sc, &e), 0);
		assert_true(sc.n_script >= 6);
		tutor_scenario_release(&sc);
		if (!strcmp(p.items[i].id, "c-restaurant"))
			found = i;
	}
	assert_true(found >= 0);
	t = start_with(&p.items[found], NULL);
	for (i = 0; i < 6; i++) {
		say(t, turns[i], &r);
		assert_int_equal(r.source, TUTOR_SCRIPT);
		tutor_reply_release(&r);
	}
	assert_int_equal(tutor_end(t, &r, &s, &e), 0);
	tutor_reply_release(&r);
	assert_int_equal(s.turns, 6);
	assert_int_equal(s.goals_total, 4);
	assert_int_equal(s.goals_reached, 4);
	assert_true(s.score == 100);
	tutor_free(t);
	pack_release(&p);
}

static struct scratch *open_fixture_store(void)
{
	static const char *const files[] = { GOOD "/sentences.json", GOOD "/texts.json",
					     GOOD "/cards.json", GOOD "/scenarios.json" };
	struct scratch *f = scratch_open("tutor", "a.db", NULL);
	struct import_report rep;
	struct err e = ERR_INIT;

	assert_non_null(f);
	assert_int_equal(content_import(f->st, files, 4, &rep, &e), 0);
	assert_int_equal(store_user_ensure(f->st, "ana", &f->u, &e), 0);
	return f;
}

static void test_record(void **state)
{
	struct scratch *f = open_fixture_store();
	struct tutor_summary s;
	struct tutor_reply r;
	struct err e = ERR_INIT;
	struct activity *a;
	struct progress pr;
	struct tutor *t;
	cJSON *m;
	int n;

	(void)state;
	t = cafe();
	assert_int_equal(tutor_record(f->st, &f->u, t, &e), ERR_USAGE); /* nothing said */
	say(t, "Hola", &r);
	tutor_reply_release(&r);
	say(t, "Un cafe", &r);
	tutor_reply_release(&r);
	assert_int_equal(tutor_end(t, &r, &s, &e), 0);
	tutor_reply_release(&r);
	assert_int_equal(tutor_record(f->st, &f->u, t, &e), 0);
	tutor_free(t);

	assert_int_equal(store_activity_recent(f->st, f->u.id, 5, &a, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].type, "conversation");
	assert_string_equal(a[0].content_id, "tsc-cafe");
	assert_true(fabs(a[0].score - 200.0 / 3) < 1e-6);
	m = cJSON_Parse(a[0].metadata);
	assert_int_equal(cJSON_GetObjectItem(m, "turns")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItem(m, "corrections")->valueint, 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "goals")), 2);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(m, "goals"), 0)->valuestring,
			    "greet");
	assert_int_equal(cJSON_GetObjectItem(m, "goals_total")->valueint, 3);
	cJSON_Delete(m);
	store_activity_free(a, n);
	assert_int_equal(store_progress_get(f->st, f->u.id, "tsc-cafe", &pr, &e), 0);
	assert_int_equal(pr.attempts, 1);
	assert_string_equal(pr.content_type, "scenario");
	assert_int_equal(pr.next_review_at, 0); /* never due for review */
	progress_release(&pr);
	assert_int_equal(scratch_close(f), 0);
}

static int has_word(const struct tutor_glossary *gl, const char *spanish)
{
	int i;

	for (i = 0; i < gl->n; i++)
		if (!strcmp(gl->g[i].spanish, spanish))
			return 1;
	return 0;
}

static void test_glossary_load(void **state)
{
	struct scratch *f = open_fixture_store();
	struct tutor_glossary gl = { 0 };
	struct err e = ERR_INIT;
	char id[65];

	(void)state;
	/* the fixture's cards and the text's glosses */
	assert_int_equal(tutor_glossary_load(f->st, f->u.id, &gl, &e), 0);
	assert_int_equal(gl.n, 5);
	assert_true(has_word(&gl, "gato") && has_word(&gl, "ventana") && has_word(&gl, "dormir"));
	assert_true(has_word(&gl, "duerme") && has_word(&gl, "jardín"));
	tutor_glossary_release(&gl);
	/* a card in the learner's queue and a known word are not new */
	assert_int_equal(card_add(f->st, f->u.id, "gato", "cat", "conversation", id, &e), 0);
	assert_int_equal(store_word_set(f->st, f->u.id, "jardín", WORD_KNOWN, &e), 0);
	assert_int_equal(tutor_glossary_load(f->st, f->u.id, &gl, &e), 0);
	assert_int_equal(gl.n, 3);
	assert_false(has_word(&gl, "gato") || has_word(&gl, "jardín"));
	tutor_glossary_release(&gl);
	assert_int_equal(scratch_close(f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_keywords_whole_words),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_each_branch_once_fallbacks_in_turn),
		cmocka_unit_test(test_goals),
		cmocka_unit_test(test_closing_and_summary),
		cmocka_unit_test(test_history_bound),
		cmocka_unit_test(test_checker),
		cmocka_unit_test(test_new_words),
		cmocka_unit_test(test_cancel_changes_nothing),
		cmocka_unit_test(test_bundled_conversation),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_glossary_load),
	};

	return cmocka_run_group_tests(tests, setup_pack, teardown_pack);
}
