/* test_anki.c: Anki fields as text, clozes, templates, guesses, media names, protobuf, CSV decks. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "aidioma/anki.h"
#include "aidioma/content.h"
#include "aidioma/util.h"
#include "scratch.h"

static void html(const char *in, const char *want)
{
	char *got = anki_html_to_text(in, 1 << 20);

	assert_string_equal(got, want);
	free(got);
}

static void test_html_to_text(void **state)
{
	(void)state;
	html("<b>¿Dónde</b> está la <i>estación</i>?", "¿Dónde está la estación?");
	html("pan &amp; mantequilla<br>la casa&nbsp;grande", "pan & mantequilla\nla casa grande");
	html("uno<br><br>dos", "uno\n\ndos");
	html("<div>uno</div><div>dos</div>", "uno\ndos");
	html("el ni&ntilde;o &#191;qu&#xE9;? &lt;b&gt;", "el niño ¿qué? <b>");
	html("  muchos    espacios \n aquí  ", "muchos espacios aquí");
	html("a<style>.x{color:red}</style>b<script>alert(1)</script>c", "abc");
	html("<!-- nota -->hola", "hola");
	html("3 < 4 &unknown; & ya", "3 < 4 &unknown; & ya");
	html("bidi\xe2\x80\xaeoverride\x01", "bidioverride");
	html("[sound:gato.mp3] gato", "[sound:gato.mp3] gato");
	html("", "");
}

static void test_text_to_html_round_trip(void **state)
{
	const char *texts[] = { "pan & mantequilla\nla casa grande", "3 < 4 > 2", "¿Qué?\n\nSí." };
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *h = anki_text_to_html(texts[i]);
		char *t = anki_html_to_text(h, 1 << 20);

		assert_string_equal(t, texts[i]);
		free(h);
		free(t);
	}
}

static void test_cloze(void **state)
{
	const char *s = "Voy a la {{c1::playa}} el {{c2::sábado::día}} y {{c1::nado}}.";
	char *gap, *ans, *full;

	(void)state;
	assert_int_equal(anki_cloze_max(s), 2);
	assert_int_equal(anki_cloze_card(s, 1, &gap, &ans, &full), 1);
	assert_string_equal(gap, "Voy a la [...] el sábado y [...].");
	assert_string_equal(ans, "playa, nado");
	assert_string_equal(full, "Voy a la playa el sábado y nado.");
	free(gap);
	free(ans);
	free(full);
	assert_int_equal(anki_cloze_card(s, 2, &gap, &ans, &full), 1);
	assert_string_equal(gap, "Voy a la playa el [día] y nado.");
	assert_string_equal(ans, "sábado");
	free(gap);
	free(ans);
	free(full);
	assert_int_equal(anki_cloze_card(s, 3, &gap, &ans, &full), 0);
	free(gap);
	free(ans);
	free(full);
	assert_int_equal(anki_cloze_max("no {{c::gap}} {{c1 here"), 0);
}

static void test_templates(void **state)
{
	char names[8][64], cz[64];

	(void)state;
	assert_int_equal(anki_template_fields("{{#Audio}}{{Audio}}{{/Audio}} {{text:Back}} "
					      "{{FrontSide}} {{ Front }}", names, 8), 3);
	assert_string_equal(names[0], "Audio");
	assert_string_equal(names[1], "Back");
	assert_string_equal(names[2], "Front");
	assert_int_equal(anki_template_cloze_field("{{cloze:Text}}<br>{{Extra}}", cz), 0);
	assert_string_equal(cz, "Text");
	assert_int_equal(anki_template_cloze_field("{{Front}}", cz), -1);
}

static void test_guess(void **state)
{
	char names[3][64] = { "Front", "Back", "Notes" };
	double score[3];
	int es = -1, en = -1;

	(void)state;
	assert_true(anki_spanishness("¿Dónde está la estación?") > 0);
	assert_true(anki_spanishness("Where is the station?") < 0);
	assert_true(anki_spanishness("el perro") > anki_spanishness("the dog"));
	assert_int_equal(anki_name_language("Spanish word"), 1);
	assert_int_equal(anki_name_language("Inglés"), -1);
	assert_int_equal(anki_name_language("Front"), 0);
	score[0] = anki_spanishness("the house") + anki_spanishness("the dog");
	score[1] = anki_spanishness("la casa") + anki_spanishness("el perro");
	score[2] = 0;
	deck_guess_sides(names, score, 3, &es, &en);
	assert_int_equal(es, 1);
	assert_int_equal(en, 0);
	/* the names win over the words */
	xstrlcpy(names[2], "English", 64);
	es = en = -1;
	deck_guess_sides(names, score, 3, &es, &en);
	assert_int_equal(en, 2);
	assert_int_equal(deck_pick_field("back", names, 3), 1);
	assert_int_equal(deck_pick_field("3", names, 3), 2);
	assert_int_equal(deck_pick_field("Nope", names, 3), -1);
}

static void test_media_names(void **state)
{
	char out[128];
	char **names;
	int n;

	(void)state;
	anki_media_filename("../../etc/passwd", "x", 1, out);
	assert_non_null(strstr(out, "-passwd"));
	assert_null(strchr(out, '/'));
	anki_media_filename("..", "x", 1, out);
	assert_non_null(strstr(out, "-media"));
	anki_media_filename("C:\\dir\\canción ñ.mp3", "x", 1, out);
	assert_null(strchr(out, '\\'));
	assert_null(strchr(out, ' '));
	anki_media_filename(".hidden", "x", 1, out);
	assert_int_equal(out[16], '-');
	assert_int_not_equal(out[17], '.');
	anki_sounds("a [sound:uno.mp3] b [sound:dos.ogg] [sound:] [sound:x", &names, &n);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "uno.mp3");
	assert_string_equal(names[1], "dos.ogg");
	content_free_list(names, n);
}

static void test_protobuf(void **state)
{
	/* field 1 varint 3; field 2 bytes "ab"; then a length past the end */
	const unsigned char good[] = { 0x08, 0x03, 0x12, 0x02, 'a', 'b' };
	const unsigned char bad[] = { 0x12, 0x09, 'a' };
	const unsigned char *slice;
	size_t pos = 0, len;
	uint64_t v;
	int f, w;

	(void)state;
	assert_int_equal(anki_pb_next(good, sizeof(good), &pos, &f, &w, &v, &slice, &len), 1);
	assert_int_equal(f, 1);
	assert_int_equal(v, 3);
	assert_int_equal(anki_pb_next(good, sizeof(good), &pos, &f, &w, &v, &slice, &len), 1);
	assert_int_equal(f, 2);
	assert_int_equal(len, 2);
	assert_memory_equal(slice, "ab", 2);
	assert_int_equal(anki_pb_next(good, sizeof(good), &pos, &f, &w, &v, &slice, &len), 0);
	pos = 0;
	assert_int_equal(anki_pb_next(bad, sizeof(bad), &pos, &f, &w, &v, &slice, &len), -1);
}

static void test_ids(void **state)
{
	char a[65], b[65];

	(void)state;
	deck_card_id("Bq7#n1", "", a);
	deck_card_id("Bq7#n1", "", b);
	assert_string_equal(a, b);
	assert_int_equal(strncmp(a, "anki-", 5), 0);
	deck_card_id("Bq7#n1", "-r", b);
	assert_int_equal(strncmp(a, b, strlen(a)), 0);
	deck_card_id("aidioma:vocab-casa", "", a);
	assert_string_equal(a, "vocab-casa");
	deck_card_id("aidioma:../x", "", a);
	assert_int_equal(strncmp(a, "anki-", 5), 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_sniff_and_csv(void **state)
{
	struct deck_options o;
	struct deck_report r;
	struct err e = ERR_INIT;
	struct scratch *s;
	struct content c;
	char path[128];
	int kind;

	(void)state;
	s = scratch_open("anki-unit", "a.db", "ana");
	assert_non_null(s);
	xsnprintf(path, sizeof(path), "%s/x.json", s->dir);
	write_file(path, "  {\"format_version\": 1}");
	assert_int_equal(deck_sniff(path, &kind, &e), 0);
	assert_int_equal(kind, DECK_PACK);
	write_file(path, "PK\x03\x04");
	assert_int_equal(deck_sniff(path, &kind, &e), 0);
	assert_int_equal(kind, DECK_ANKI);
	write_file(path, "");
	assert_int_equal(deck_sniff(path, &kind, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "is empty"));

	xsnprintf(path, sizeof(path), "%s/d.csv", s->dir);
	write_file(path, "\xef\xbb\xbf" "the cat|el gato\n\"the \"\"big\"\" dog\"|el perro grande\n");
	memset(&o, 0, sizeof(o));
	assert_int_equal(deck_import_csv(s->st, &s->u, path, &o, &r, &e), 0);
	assert_int_equal(r.cards_new, 2);
	assert_non_null(strstr(r.format, "'|'"));
	deck_report_release(&r);
	{
		char id[65], hash[65];
		const char key[] = "el perro grande\0the \"big\" dog";

		sha256_hex(key, sizeof(key) - 1, hash);
		xsnprintf(id, sizeof(id), "csv-%.16s", hash);
		assert_int_equal(store_content_get(s->st, id, &c, &e), 0);
		assert_string_equal(c.topic, "d");
		content_release(&c);
	}
	/* a row that is not UTF-8 is refused, and nothing is written */
	write_file(path, "uno,one\n\xff\xfe,two\n");
	assert_int_equal(deck_import_csv(s->st, &s->u, path, &o, &r, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "UTF-8"));
	deck_report_release(&r);
	assert_int_equal(scratch_close(s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_to_text),
		cmocka_unit_test(test_text_to_html_round_trip),
		cmocka_unit_test(test_cloze),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_media_names),
		cmocka_unit_test(test_protobuf),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_sniff_and_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
