/* test_reading.c: Reading: splitting words, glosses, short answers, words per minute, recording. */
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
#include <sqlite3.h>
#include <cmocka.h>

#include "aidioma/content.h"
#include "aidioma/reading.h"
#include "aidioma/util.h"
#include "scratch.h"

#define GOOD TESTS_SRCDIR "/fixtures/packs/good"

/* The words of s as "form|form|..." (lower case), numbers marked with #. */
static void words_of(const char *s, char *out, size_t size)
{
	struct reading_word *w;
	int n = reading_split(s, &w), i;
	struct sbuf sb = SBUF_INIT;

	for (i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%s%s", i ? "|" : "", w[i].number ? "#" : "", w[i].lower);
	xstrlcpy(out, sb.buf ? sb.buf : "", size);
	sbuf_release(&sb);
	free(w);
}

static void test_split(void **state)
{
	struct reading_word *w;
	const char *s = "¿Dónde está el niño?";
	char buf[512];
	int n;
	(void)state;

	n = reading_split(s, &w);
	assert_int_equal(n, 4);
	/* positions are bytes of the original: ¿ is two bytes */
	assert_int_equal(w[0].off, 2);
	assert_int_equal(w[0].len, strlen("Dónde"));
	assert_memory_equal(s + w[0].off, "Dónde", w[0].len);
	assert_string_equal(w[0].lower, "dónde");
	assert_string_equal(w[1].lower, "está");
	assert_string_equal(w[3].lower, "niño");
	assert_memory_equal(s + w[3].off, "niño", w[3].len);
	assert_int_equal(w[3].status, WORD_NEW);
	assert_int_equal(w[3].gloss, -1);
	free(w);

	words_of("¡ÁRBOL! Él, «Ñandú»; —Sí: ÜBER.", buf, sizeof(buf));
	assert_string_equal(buf, "árbol|él|ñandú|sí|über");
	words_of("Nació en 1987, a las 8:15.", buf, sizeof(buf));
	assert_string_equal(buf, "nació|en|#1987|a|las|#8|#15");
	words_of("el e-mail de O'Brien -- y 10-12", buf, sizeof(buf));
	assert_string_equal(buf, "el|e-mail|de|o'brien|y|#10|#12");
	words_of("mesa-", buf, sizeof(buf));
	assert_string_equal(buf, "mesa");
	words_of("¿? ... — ¡!", buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_int_equal(reading_split("", &w), 0);
	assert_null(w);
}

static void test_lower(void **state)
{
	char out[READING_WORD_BYTES], small[5];
	char longw[200];
	(void)state;

	reading_lower("ÉL", 3, out, sizeof(out));
	assert_string_equal(out, "él");
	reading_lower("CañÓN", strlen("CañÓN"), out, sizeof(out));
	assert_string_equal(out, "cañón");
	/* only n bytes are read */
	reading_lower("gatos", 4, out, sizeof(out));
	assert_string_equal(out, "gato");
	/* cut on a character, never inside one */
	reading_lower("ññññ", strlen("ññññ"), small, sizeof(small));
	assert_string_equal(small, "ññ");
	memset(longw, 'a', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	reading_lower(longw, strlen(longw), out, sizeof(out));
	assert_int_equal(strlen(out), READING_WORD_CHARS);
}

static void test_short_answers(void **state)
{
	const char *const acc[] = { "en la ventana", "El gato duerme en la ventana." };
	const char *const jardin[] = { "en el jardín" };
	const char *const dos[] = { "dos", "2" };
	(void)state;

	assert_true(reading_short_correct("en la ventana", acc, 2));
	assert_true(reading_short_correct("  En la VENTANA. ", acc, 2));
	assert_true(reading_short_correct("el gato duerme en la ventana", acc, 2));
	/* an answer that holds an accepted one */
	assert_true(reading_short_correct("Duerme en la ventana", acc, 2));
	assert_false(reading_short_correct("en la cama", acc, 2));
	assert_false(reading_short_correct("", acc, 2));
	assert_false(reading_short_correct("¿?", acc, 2));
	/* accents do not count; a combining accent is the same letter */
	assert_true(reading_short_correct("en el jardin", jardin, 1));
	assert_true(reading_short_correct("en el jardi\xcc\x81n", jardin, 1));
	assert_true(reading_short_correct("Juegan en el jardín.", jardin, 1));
	/* whole words only */
	assert_false(reading_short_correct("dosis", dos, 2));
	assert_true(reading_short_correct("Tiene dos hermanos", dos, 2));
	assert_true(reading_short_correct("2", dos, 2));
	assert_false(reading_short_correct("12", dos, 2));
	/* ñ is a letter of its own */
	{
		const char *const ano[] = { "un año" };

		assert_false(reading_short_correct("un ano", ano, 1));
		assert_true(reading_short_correct("UN AÑO", ano, 1));
	}
}

static void test_figures(void **state)
{
	(void)state;
	assert_true(fabs(reading_wpm(150, 60000) - 150) < 1e-9);
	assert_true(fabs(reading_wpm(27, 30000) - 54) < 1e-9);
	assert_true(fabs(reading_wpm(100, 90000) - 66.6666) < 1e-3);
	assert_true(reading_wpm(100, 0) == 0);
	assert_true(reading_wpm(0, 1000) == 0);
	assert_true(fabs(reading_score(3, 4) - 75) < 1e-9);
	assert_true(fabs(reading_score(0, 4)) < 1e-9);
	assert_true(isnan(reading_score(0, 0)));
}

static void load_text(struct pack *p, struct reading_text *t)
{
	struct err e = ERR_INIT;

	assert_int_equal(pack_load(GOOD "/texts.json", p, &e), 0);
	assert_string_equal(p->items[0].id, "tt-001");
	assert_int_equal(reading_text_parse(&p->items[0], t, &e), 0);
}

static void test_parse(void **state)
{
	struct pack p;
	struct reading_text t;
	const struct reading_sentence *se;
	const char **forms;
	int n;
	(void)state;

	load_text(&p, &t);
	assert_string_equal(t.title, "El gato de Pablo");
	assert_string_equal(t.title_en, "Pablo's cat");
	assert_string_equal(t.genre, "story");
	assert_string_equal(t.topic, "home");
	assert_int_equal(t.n_sentences, 3);
	assert_true(t.sentences[0].paragraph);
	assert_false(t.sentences[1].paragraph);
	assert_true(t.sentences[2].paragraph);
	assert_int_equal(t.n_words, 5 + 6 + 11);
	/* "duerme" has its gloss; "gato" has none */
	se = &t.sentences[1];
	assert_string_equal(se->words[2].lower, "duerme");
	assert_int_equal(se->words[2].gloss, 0);
	assert_string_equal(t.glosses[0].lemma, "dormir");
	assert_string_equal(t.glosses[0].pos, "verb");
	assert_int_equal(se->words[1].gloss, -1);
	assert_string_equal(t.sentences[2].words[10].lower, "jardín");
	assert_int_equal(t.sentences[2].words[10].gloss, 1);
	/* questions */
	assert_int_equal(t.n_questions, 4);
	assert_true(t.questions[0].choice);
	assert_int_equal(t.questions[0].n_options, 3);
	assert_int_equal(t.questions[0].answer, 1);
	assert_false(t.questions[1].choice);
	assert_int_equal(t.questions[1].n_accepted, 2);
	/* distinct forms: el/la/en repeat */
	n = reading_text_forms(&t, WORD_NEW, &forms);
	assert_int_equal(n, 15);
	assert_string_equal(forms[0], "pablo");
	free(forms);
	reading_text_set_status(&t, "el", WORD_KNOWN);
	assert_int_equal(t.sentences[1].words[0].status, WORD_KNOWN);
	assert_int_equal(t.sentences[2].words[5].status, WORD_KNOWN);
	n = reading_text_forms(&t, WORD_KNOWN, &forms);
	assert_int_equal(n, 1);
	free(forms);
	reading_text_release(&t);
	pack_release(&p);
}

static void test_phrase_glosses(void **state)
{
	struct content c;
	struct reading_text t;
	struct err e = ERR_INIT;
	(void)state;

	memset(&c, 0, sizeof(c));
	xstrlcpy(c.id, "t-x", sizeof(c.id));
	c.metadata = (char *)"{\"title\":\"T\",\"title_en\":\"T\",\"genre\":\"story\","
		"\"sentences\":[{\"es\":\"Hoy hace buen tiempo, así que salgo.\",\"en\":\"x\"}],"
		"\"glosses\":[{\"word\":\"hace buen tiempo\",\"lemma\":\"hacer buen tiempo\","
		"\"pos\":\"phrase\",\"en\":\"the weather is good\"},"
		"{\"word\":\"Salgo\",\"lemma\":\"salir\",\"pos\":\"verb\",\"en\":\"I go out\"}],"
		"\"questions\":[]}";
	assert_int_equal(reading_text_parse(&c, &t, &e), 0);
	assert_int_equal(t.sentences[0].n_words, 7);
	assert_int_equal(t.sentences[0].words[0].phrase, -1);
	assert_int_equal(t.sentences[0].words[1].phrase, 0);
	assert_int_equal(t.sentences[0].words[2].phrase, 0);
	assert_int_equal(t.sentences[0].words[3].phrase, 0);
	assert_int_equal(t.sentences[0].words[3].gloss, -1);
	assert_int_equal(t.sentences[0].words[4].phrase, -1);
	/* glosses match whatever the case */
	assert_int_equal(t.sentences[0].words[6].gloss, 1);
	reading_text_release(&t);

	c.metadata = (char *)"[1]";
	assert_int_equal(reading_text_parse(&c, &t, &e), ERR_USAGE);
	reading_text_release(&t);
	c.metadata = (char *)"{\"sentences\":[{\"es\":\"a\",\"en\":\"a\"}],"
		"\"questions\":[{\"type\":\"choice\",\"question\":\"?\",\"options\":[\"a\",\"b\"],"
		"\"answer\":4}]}";
	assert_int_equal(reading_text_parse(&c, &t, &e), ERR_USAGE);
	reading_text_release(&t);
}

static int setup(void **state)
{
	struct scratch *f = scratch_open("reading", "a.db", "lucia");
	struct err e = ERR_INIT;
	const char *paths[] = { GOOD "/texts.json" };
	struct import_report r;

	if (!f || content_import(f->st, paths, 1, &r, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return scratch_close(*state);
}

static void test_statuses(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct content c;
	struct reading_text t;
	const char *const words[] = { "gato", "pablo" };
	long counts[3];

	assert_int_equal(store_content_get(f->st, "tt-001", &c, &e), 0);
	assert_int_equal(reading_text_parse(&c, &t, &e), 0);
	assert_int_equal(reading_words_set(f->st, f->u.id, words, 2, WORD_KNOWN, &e), 0);
	assert_int_equal(store_word_set(f->st, f->u.id, "duerme", WORD_LEARNING, &e), 0);
	assert_int_equal(reading_text_statuses(f->st, f->u.id, &t, &e), 0);
	assert_int_equal(t.sentences[0].words[0].status, WORD_KNOWN);   /* Pablo */
	assert_int_equal(t.sentences[0].words[3].status, WORD_KNOWN);   /* gato */
	assert_int_equal(t.sentences[1].words[1].status, WORD_KNOWN);   /* gato again */
	assert_int_equal(t.sentences[1].words[2].status, WORD_LEARNING);
	assert_int_equal(t.sentences[0].words[1].status, WORD_NEW);     /* tiene */
	assert_int_equal(store_words_count(f->st, f->u.id, counts, &e), 0);
	assert_int_equal(counts[WORD_KNOWN], 2);
	assert_int_equal(counts[WORD_LEARNING], 1);
	reading_text_release(&t);
	content_release(&c);
}

static void test_record(void **state)
{
	struct scratch *f = *state;
	struct err e = ERR_INIT;
	struct reading_result r = { 21, 42000, 4, 3 };
	struct activity *a;
	struct progress p;
	int n;

	clock_set_fixed(1767261600000); /* 2026-01-01T10:00:00Z */
	assert_int_equal(reading_record(f->st, &f->u, "tt-001", &r, &e), 0);
	r.correct = 1;
	r.duration_ms = 21000;
	clock_set_fixed(1767261660000);
	assert_int_equal(reading_record(f->st, &f->u, "tt-001", &r, &e), 0);
	clock_set_fixed(0);
	assert_int_equal(store_activity_recent(f->st, f->u.id, 10, &a, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].type, "reading");
	assert_string_equal(a[0].content_id, "tt-001");
	assert_true(fabs(a[0].score - 25) < 1e-9);
	assert_int_equal(a[0].duration_ms, 21000);
	assert_non_null(strstr(a[0].metadata, "\"words\":21"));
	assert_non_null(strstr(a[0].metadata, "\"wpm\":60"));
	assert_non_null(strstr(a[0].metadata, "\"questions\":4"));
	assert_non_null(strstr(a[0].metadata, "\"correct\":1"));
	assert_true(fabs(a[1].score - 75) < 1e-9);
	assert_non_null(strstr(a[1].metadata, "\"wpm\":30"));
	store_activity_free(a, n);
	assert_int_equal(store_progress_get(f->st, f->u.id, "tt-001", &p, &e), 0);
	assert_string_equal(p.content_type, "text");
	assert_int_equal(p.attempts, 2);
	assert_true(fabs(p.best_score - 75) < 1e-9);
	assert_true(fabs(p.last_score - 25) < 1e-9);
	assert_true(p.last_attempt_at > 0);
	assert_int_equal(p.next_review_at, 0); /* a text is not scheduled for review */
	progress_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_lower),
		cmocka_unit_test(test_short_answers),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_phrase_glosses),
		cmocka_unit_test_setup_teardown(test_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
