/* test_content.c: pack validation (good and broken packs) and import. */
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
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/content.h"
#include "aidioma/util.h"
#include "scratch.h"

#define GOOD TESTS_SRCDIR "/fixtures/packs/good"
#define BAD TESTS_SRCDIR "/fixtures/packs/bad"

static int setup(void **state)
{
	*state = scratch_open("content", "a.db", NULL);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return scratch_close(*state);
}

static long long count(struct scratch *f, const char *sql)
{
	return scratch_q1(f->path, sql);
}

static void test_good_packs(void **state)
{
	struct pack p;
	struct err e = ERR_INIT;
	cJSON *meta;
	(void)state;

	assert_int_equal(pack_load(GOOD "/sentences.json", &p, &e), 0);
	assert_string_equal(p.id, "test-sentences");
	assert_string_equal(p.kind, "sentence");
	assert_int_equal(p.n_items, 3);
	assert_string_equal(p.items[0].primary_text, "Me llamo Marta.");
	assert_string_equal(p.items[0].secondary_text, "My name is Marta.");
	assert_string_equal(p.items[0].topic, "greetings");
	meta = cJSON_Parse(p.items[0].metadata);
	assert_non_null(meta);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(meta, "hints")), 3);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(meta, "accepted")), 2);
	assert_null(cJSON_GetObjectItem(meta, "spanish")); /* it has a column */
	assert_null(cJSON_GetObjectItem(meta, "id"));
	cJSON_Delete(meta);
	assert_int_equal(strlen(p.sha256), 64);
	pack_release(&p);

	assert_int_equal(pack_load(GOOD "/texts.json", &p, &e), 0);
	assert_string_equal(p.items[0].primary_text,
			    "Pablo tiene un gato negro. El gato duerme en la ventana.\n\n"
			    "Por la tarde, Pablo y el gato juegan en el jardín.");
	assert_string_equal(p.items[0].secondary_text,
			    "Pablo has a black cat. The cat sleeps in the window.\n\n"
			    "In the afternoon, Pablo and the cat play in the garden.");
	pack_release(&p);
	assert_int_equal(pack_load(GOOD "/cards.json", &p, &e), 0);
	assert_int_equal(p.n_items, 3);
	pack_release(&p);
	assert_int_equal(pack_load(GOOD "/scenarios.json", &p, &e), 0);
	assert_string_equal(p.items[0].primary_text, "En la cafetería");
	pack_release(&p);
}

/* Every broken pack in fixtures/packs/bad is refused with the message EXPECTED names. */
static void test_bad_packs(void **state)
{
	char *text, *line, *next, path[512];
	struct err e = ERR_INIT;
	size_t len;
	int checked = 0;
	(void)state;

	assert_int_equal(file_read(BAD "/EXPECTED", 1 << 20, &text, &len, &e), 0);
	for (line = text; line && *line; line = next) {
		struct pack p;
		char *tab;
		int rc;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		xsnprintf(path, sizeof(path), "%s/%s", BAD, line);
		rc = pack_load(path, &p, &e);
		pack_release(&p);
		if (rc != ERR_USAGE || !strstr(e.msg, tab + 1)) {
			fprintf(stderr, "# %s: got %d '%s', want '%s'\n", line, rc, e.msg, tab + 1);
			fail();
		}
		/* every message names the file */
		assert_non_null(strstr(e.msg, line));
		checked++;
	}
	free(text);
	assert_true(checked >= 25);
}

static void test_import_idempotent(void **state)
{
	struct scratch *f = *state;
	const char *files[] = { GOOD "/sentences.json", GOOD "/texts.json", GOOD "/cards.json",
				GOOD "/scenarios.json" };
	struct import_report r;
	struct err e = ERR_INIT;

	assert_int_equal(content_import(f->st, files, 4, &r, &e), 0);
	assert_int_equal(r.packs, 4);
	assert_int_equal(r.items_new, 8);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content"), 8);
	assert_int_equal(count(f, "SELECT count(*) FROM content_packs"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = 'text' "
				  "AND pack_id = 'test-texts'"), 1);
	/* again: nothing new, nothing duplicated */
	assert_int_equal(content_import(f->st, files, 4, &r, &e), 0);
	assert_int_equal(r.items_new, 0);
	assert_int_equal(r.items_updated, 0);
	assert_int_equal(r.items_unchanged, 8);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content"), 8);
}

static void test_import_updates_in_place(void **state)
{
	struct scratch *f = *state;
	const char *orig = GOOD "/cards.json";
	char changed[160], *text;
	const char *files[1];
	struct import_report r;
	struct err e = ERR_INIT;
	size_t len;
	char *at;

	files[0] = orig;
	assert_int_equal(content_import(f->st, files, 1, &r, &e), 0);
	/* a learner's usage survives an update */
	assert_int_equal(file_read(orig, 1 << 20, &text, &len, &e), 0);
	at = strstr(text, "\"english\": \"cat\"");
	assert_non_null(at);
	memcpy(at, "\"english\": \"tom\"", 16);
	xsnprintf(changed, sizeof(changed), "%s/cards.json", f->dir);
	assert_int_equal(file_write_atomic(changed, text, len, 0600, &e), 0);
	free(text);
	files[0] = changed;
	assert_int_equal(content_import(f->st, files, 1, &r, &e), 0);
	assert_int_equal(r.items_updated, 1);
	assert_int_equal(r.items_unchanged, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE secondary_text = 'tom'"), 1);
}

static void test_bad_pack_changes_nothing(void **state)
{
	struct scratch *f = *state;
	const char *files[] = { GOOD "/sentences.json", BAD "/two-hints.json" };
	const char *good[] = { GOOD "/cards.json" };
	struct import_report r;
	struct err e = ERR_INIT;

	assert_int_equal(content_import(f->st, good, 1, &r, &e), 0);
	assert_int_equal(content_import(f->st, files, 2, &r, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "two-hints.json:16:16"));
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM content_packs"), 1);
}

static void test_duplicate_ids_across_packs(void **state)
{
	struct scratch *f = *state;
	const char *files[] = { GOOD "/cards.json", GOOD "/cards.json" };
	char other[160], *text, *at;
	struct import_report r;
	struct err e = ERR_INIT;
	const char *one[1];
	size_t len;

	/* the same pack twice in one import */
	assert_int_equal(content_import(f->st, files, 2, &r, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "pack id 'test-cards'"));
	/* another pack that reuses an id already in the database */
	assert_int_equal(content_import(f->st, files, 1, &r, &e), 0);
	assert_int_equal(file_read(GOOD "/cards.json", 1 << 20, &text, &len, &e), 0);
	at = strstr(text, "\"id\": \"test-cards\"");
	assert_non_null(at);
	memcpy(at, "\"id\": \"test-kards\"", 18);
	xsnprintf(other, sizeof(other), "%s/other.json", f->dir);
	assert_int_equal(file_write_atomic(other, text, len, 0600, &e), 0);
	free(text);
	one[0] = other;
	assert_int_equal(content_import(f->st, one, 1, &r, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "'tc-gato' already belongs to pack 'test-cards'"));
	assert_int_equal(count(f, "SELECT count(*) FROM content_packs"), 1);
}

/* The course that ships validates and imports as one. */
static void test_bundled_course(void **state)
{
	struct scratch *f = *state;
	const char *assets = getenv("AIDIOMA_ASSETS");
	struct import_report r;
	struct err e = ERR_INIT;
	char dir[512], **paths;
	int n, rc;

	if (!assets)
		skip();
	xsnprintf(dir, sizeof(dir), "%s/packs", assets);
	assert_int_equal(content_list_packs(dir, &paths, &n, &e), 0);
	assert_true(n >= 4);
	rc = content_import(f->st, (const char *const *)paths, n, &r, &e);
	if (rc)
		fprintf(stderr, "# %s\n", e.msg);
	assert_int_equal(rc, 0);
	content_free_list(paths, n);
	assert_int_equal(r.packs, n);
	assert_true(count(f, "SELECT count(DISTINCT content_type) FROM learning_content") == 4);

	/* what the course promises: 120 sentences per level over 15 topics, each
	 * with two or more accepted translations and three hints; 10 texts per
	 * level with four or more questions of both kinds; 1,000 cards; 12
	 * scenarios with six or more branches */
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = "
				  "'sentence' AND difficulty = 'beginner'"), 120);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = "
				  "'sentence' AND difficulty = 'intermediate'"), 120);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = "
				  "'sentence' AND difficulty = 'advanced'"), 120);
	assert_true(count(f, "SELECT count(DISTINCT topic) FROM learning_content "
			     "WHERE content_type = 'sentence'") >= 15);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = "
				  "'sentence' AND (json_array_length(metadata, '$.accepted') < 2 "
				  "OR json_array_length(metadata, '$.hints') != 3)"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM (SELECT difficulty FROM learning_content "
				  "WHERE content_type = 'text' GROUP BY difficulty HAVING count(*) = 10)"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = 'text'"), 30);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content c WHERE content_type = 'text' "
				  "AND (json_array_length(metadata, '$.questions') < 4 "
				  "OR NOT EXISTS (SELECT 1 FROM json_each(c.metadata, '$.questions') q "
				  "WHERE json_extract(q.value, '$.type') = 'choice') "
				  "OR NOT EXISTS (SELECT 1 FROM json_each(c.metadata, '$.questions') q "
				  "WHERE json_extract(q.value, '$.type') = 'short'))"), 0);
	assert_true(count(f, "SELECT count(*) FROM learning_content WHERE content_type = 'flashcard'") >= 1000);
	assert_true(count(f, "SELECT count(*) FROM learning_content WHERE content_type = 'scenario'") >= 12);
	assert_int_equal(count(f, "SELECT count(*) FROM learning_content WHERE content_type = "
				  "'scenario' AND json_array_length(metadata, '$.script') < 6"), 0);
	/* every level has scenarios and cards */
	assert_int_equal(count(f, "SELECT count(DISTINCT difficulty) FROM learning_content "
				  "WHERE content_type = 'scenario'"), 3);
}

/* Every accepted translation of every bundled sentence grades 100 against
 * its own item, through the pipeline and through the offline evaluator
 * alone. */
static void test_accepted_grade_100(void **state)
{
	const char *assets = getenv("AIDIOMA_ASSETS");
	struct evaluator *off = offline_evaluator_new();
	struct grader_options go = { 1, NULL, NULL, NULL, NULL, NULL, 0 };
	struct grader *g = grader_new(NULL, &go);
	struct err e = ERR_INIT;
	char dir[512], **paths;
	int n, i, j, k, graded = 0, bad = 0;
	(void)state;

	if (!assets)
		skip();
	xsnprintf(dir, sizeof(dir), "%s/packs", assets);
	assert_int_equal(content_list_packs(dir, &paths, &n, &e), 0);
	for (i = 0; i < n; i++) {
		struct pack p;

		assert_int_equal(pack_load(paths[i], &p, &e), 0);
		for (j = 0; j < p.n_items && !strcmp(p.kind, "sentence"); j++) {
			struct eval_request rq;

			assert_int_equal(eval_request_from_content(&rq, &p.items[j], "", &e), 0);
			for (k = -1; k < rq.n_accepted; k++) {
				const char *ans = k < 0 ? rq.reference : rq.accepted[k];
				char *clean = text_clean(ans, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
				struct eval_result r;

				rq.answer = ans;
				assert_int_equal(grader_grade(g, &rq, &r, &e), 0);
				if (r.score != 100) {
					fprintf(stderr, "# %s: '%s' got %g\n", p.items[j].id, ans, r.score);
					bad++;
				}
				eval_result_release(&r);
				eval_result_init(&r);
				assert_int_equal(off->evaluate(off, &rq, norm, &r, &e), 0);
				if (r.score != 100 || r.n_errors) {
					fprintf(stderr, "# offline: %s: '%s' got %g with %d errors\n",
						p.items[j].id, ans, r.score, r.n_errors);
					bad++;
				}
				eval_result_release(&r);
				free(clean);
				free(norm);
				graded++;
			}
			eval_request_release(&rq);
		}
		pack_release(&p);
	}
	content_free_list(paths, n);
	grader_free(g);
	off->free(off);
	assert_true(graded >= 360 * 3);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_packs),
		cmocka_unit_test(test_bad_packs),
		cmocka_unit_test_setup_teardown(test_import_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_updates_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pack_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_ids_across_packs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundled_course, setup, teardown),
		cmocka_unit_test(test_accepted_grade_100),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
