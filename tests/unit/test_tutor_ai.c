/* test_tutor_ai.c: the tutor's AI back end against the scripted OpenAI-compatible server. */
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

#include "aidioma/aiclient.h"
#include "aidioma/content.h"
#include "aidioma/tutor.h"
#include "aidioma/util.h"
#include "fake-server.h"
#include "scratch.h"

#define GOOD TESTS_SRCDIR "/fixtures/packs/good"

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

/* A conversation in tsc-cafe with the AI back end on the server f. */
struct chat {
	struct fake f;
	struct ai_client *c;
	struct tutor *t;
	int cancel;
};

static int is_cancelled(void *arg)
{
	return ((struct chat *)arg)->cancel;
}

static void chat_start(struct chat *ch, const char *script, int history_max, int retries)
{
	struct tutor_options o = { 0 };
	struct tutor_reply opening;
	struct ai_config cfg;
	struct err e = ERR_INIT;

	memset(ch, 0, sizeof(*ch));
	fake_start(&ch->f, script);
	fake_config(&cfg, &ch->f);
	cfg.max_retries = retries;
	cfg.breaker_failures = 20; /* the tests count requests, not pauses */
	ch->c = ai_client_new(&cfg, &e);
	ai_config_release(&cfg);
	assert_non_null(ch->c);
	o.level = "intermediate";
	o.history_max = history_max;
	o.backend = tutor_ai_new(ch->c);
	o.cancelled = is_cancelled;
	o.cancel_arg = ch;
	assert_int_equal(tutor_start(&fixture.items[0], &o, &ch->t, &opening, &e), 0);
	assert_int_equal(opening.source, TUTOR_OPENING); /* the opening is the scenario's */
	assert_false(tutor_scripted(ch->t));
	assert_string_equal(tutor_backend_name(ch->t), "ai");
	tutor_reply_release(&opening);
}

/* Stop; the requests the server received are returned (caller deletes). */
static cJSON *chat_stop(struct chat *ch)
{
	cJSON *reqs;

	tutor_free(ch->t);
	ai_client_free(ch->c);
	reqs = fake_requests(&ch->f);
	fake_stop(&ch->f);
	return reqs;
}

static void say(struct chat *ch, const char *text, struct tutor_reply *r)
{
	struct err e = ERR_INIT;
	int rc = tutor_turn(ch->t, text, r, &e);

	if (rc)
		fprintf(stderr, "# %s: %s\n", text, e.msg);
	assert_int_equal(rc, 0);
}

static const char *msg(const cJSON *body, int i, const char *field)
{
	const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(body, "messages"), i);

	assert_non_null(m);
	return cJSON_GetObjectItem(m, field)->valuestring;
}

static int n_msgs(const cJSON *body)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(body, "messages"));
}

static void test_good_replies(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct tutor_reply r;
	struct chat ch;
	cJSON *reqs, *b, *rf, *en;
	const char *sys;
	(void)state;

	fake_add_reply(&sb, "{\"reply\": \"Muy bien, un café. ¿Algo para comer?\", "
		       "\"reply_en\": \"Very well, a coffee. Anything to eat?\", "
		       "\"correction\": {\"original\": \"cafe\", \"corrected\": \"café\", "
		       "\"explanation\": \"café takes an accent\"}, "
		       "\"new_words\": [{\"spanish\": \"comer\", \"english\": \"to eat\"}], "
		       "\"goals_reached\": [\"order\", \"greet\"]}", "stop");
	fake_add_reply(&sb, "```json\n{\"reply\": \"De nada.\", \"reply_en\": \"You're welcome.\", "
		       "\"correction\": null, \"new_words\": [], \"goals_reached\": []}\n```", "stop");
	fake_add_reply(&sb, "{\"reply\": \"Son cuatro euros.\", \"reply_en\": \"That's four euros.\", "
		       "\"correction\": null, \"new_words\": [], \"goals_reached\": [\"pay\"]}", "stop");
	chat_start(&ch, sb.buf, 1, 2);

	say(&ch, "Hola, quiero un cafe", &r);
	assert_int_equal(r.source, TUTOR_AI);
	assert_null(r.note);
	assert_string_equal(r.reply, "Muy bien, un café. ¿Algo para comer?");
	assert_string_equal(r.reply_en, "Very well, a coffee. Anything to eat?");
	assert_true(r.has_correction);
	assert_string_equal(r.correction.original, "Hola, quiero un cafe");
	assert_string_equal(r.correction.corrected, "Hola, quiero un café");
	assert_int_equal(r.n_words, 1);
	assert_string_equal(r.words[0].spanish, "comer");
	assert_int_equal(r.n_goals, 2);
	assert_int_equal(r.goals[0], G_GREET); /* in the scenario's order */
	assert_int_equal(r.goals[1], G_ORDER);
	assert_string_equal(r.model, "gpt-4o-mini-2024-07-18");
	assert_true(fabs(r.cost - 0.000195) < 1e-12);
	tutor_reply_release(&r);

	/* "right" for the model: the offline checker does not second-guess it */
	say(&ch, "Gracias, esta bien", &r);
	assert_int_equal(r.source, TUTOR_AI);
	assert_true(r.checked);
	assert_false(r.has_correction);
	assert_int_equal(r.n_goals, 0);
	tutor_reply_release(&r);

	say(&ch, "La cuenta, por favor.", &r);
	assert_int_equal(r.n_goals, 1);
	assert_int_equal(r.goals[0], G_PAY);
	assert_int_equal(r.goals_reached, 3);
	tutor_reply_release(&r);

	reqs = chat_stop(&ch);
	assert_int_equal(cJSON_GetArraySize(reqs), 3);
	b = fake_body(reqs, 0);
	sys = msg(b, 0, "content");
	assert_string_equal(msg(b, 0, "role"), "system");
	assert_non_null(strstr(sys, "Luis"));
	assert_non_null(strstr(sys, "intermediate"));
	assert_non_null(strstr(sys, "usted"));
	assert_non_null(strstr(sys, "Speak simple Spanish")); /* the scenario's instructions */
	assert_non_null(strstr(sys, "- pay: Ask for the bill"));
	assert_string_equal(msg(b, 1, "role"), "assistant");
	assert_non_null(strstr(msg(b, 1, "content"), "Buenos días. ¿Qué desea tomar?"));
	assert_int_equal(n_msgs(b), 3);
	assert_string_equal(msg(b, 2, "content"), "Hola, quiero un cafe");
	rf = cJSON_GetObjectItem(b, "response_format");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(rf, "json_schema"), "name")->valuestring,
			    "tutor_reply");
	en = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(rf, "json_schema"), "schema"), "properties"),
		"goals_reached"), "items"), "enum");
	assert_int_equal(cJSON_GetArraySize(en), 3);
	cJSON_Delete(b);
	/* the history window of one exchange: the last one only */
	b = fake_body(reqs, 2);
	assert_int_equal(n_msgs(b), 5);
	assert_string_equal(msg(b, 2, "content"), "Gracias, esta bien");
	assert_non_null(strstr(msg(b, 3, "content"), "De nada."));
	assert_string_equal(msg(b, 4, "content"), "La cuenta, por favor.");
	assert_non_null(strstr(msg(b, 0, "content"), "- greet: Greet the waiter (reached)"));
	cJSON_Delete(b);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

static void test_invalid_falls_back(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct tutor_reply r;
	struct chat ch;
	cJSON *reqs;
	(void)state;

	/* not JSON, twice: asked once more, then the script */
	fake_add_reply(&sb, "¡Hola! Bienvenido.", "stop");
	fake_add_reply(&sb, "Sigo sin JSON.", "stop");
	/* JSON that breaks the rules: no second try */
	fake_add_reply(&sb, "{\"reply\": \"Vale.\", \"reply_en\": \"OK.\", \"correction\": null, "
		       "\"new_words\": [], \"goals_reached\": [\"dance\"]}", "stop");
	fake_add_reply(&sb, "{\"reply\": \"Vale.\", \"reply_en\": \"OK.\", \"correction\": "
		       "{\"original\": \"croissant\", \"corrected\": \"cruasán\", \"explanation\": \"x\"}, "
		       "\"new_words\": [], \"goals_reached\": []}", "stop");
	fake_add_reply(&sb, "{\"reply\": \"Vale.\", \"reply_en\": \"OK.\", \"correction\": null, "
		       "\"new_words\": [{\"spanish\": \"tarjeta\", \"english\": \"card\"}], "
		       "\"goals_reached\": []}", "stop");
	fake_add_reply(&sb, "{\"reply\": \"Vale.\"}", "length");
	/* the endpoint down */
	fake_add_raw(&sb, "status 503\nbody {\"error\": {\"message\": \"overloaded\"}}\n");
	chat_start(&ch, sb.buf, 0, 0);

	say(&ch, "Hola, buenos dias", &r);
	assert_int_equal(r.source, TUTOR_SCRIPT);
	assert_string_equal(r.reply, "Buenos días. ¿Qué le pongo?");
	assert_non_null(r.note);
	assert_non_null(strstr(r.note, "not JSON"));
	assert_false(r.checked);
	assert_true(r.has_correction); /* the offline checker did: días */
	assert_true(r.cost > 0);       /* both replies were paid for */
	tutor_reply_release(&r);

	say(&ch, "Quiero un café", &r);
	assert_int_equal(r.source, TUTOR_SCRIPT);
	assert_non_null(strstr(r.note, "dance"));
	tutor_reply_release(&r);
	say(&ch, "Y una tostada", &r); /* the correction quotes what was not said */
	assert_int_equal(r.source, TUTOR_SCRIPT);
	assert_non_null(strstr(r.note, "croissant"));
	tutor_reply_release(&r);
	say(&ch, "Gracias", &r); /* a new word that is not in the line */
	assert_int_equal(r.source, TUTOR_SCRIPT);
	assert_non_null(strstr(r.note, "tarjeta"));
	tutor_reply_release(&r);
	say(&ch, "Nada mas", &r); /* cut short */
	assert_int_equal(r.source, TUTOR_FALLBACK);
	assert_non_null(strstr(r.note, "cut short"));
	tutor_reply_release(&r);
	say(&ch, "La cuenta", &r);
	assert_int_equal(r.source, TUTOR_SCRIPT);
	assert_string_equal(r.reply, "Son cuatro euros, por favor.");
	assert_non_null(strstr(r.note, "HTTP 503"));
	assert_int_equal(r.goals_reached, 3);
	tutor_reply_release(&r);

	reqs = chat_stop(&ch);
	assert_int_equal(cJSON_GetArraySize(reqs), 7);
	{
		cJSON *b = fake_body(reqs, 1);

		/* the second try carries the note that asks for JSON */
		assert_non_null(strstr(msg(b, n_msgs(b) - 1, "content"), "not valid JSON"));
		cJSON_Delete(b);
	}
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

/* 1 when s holds no escape, C1 or bidi character. */
static int clean_text(const char *s)
{
	return s && !strchr(s, 0x1b) && !strchr(s, 0x07) && !strstr(s, "\xc2\x9b") &&
	       !strstr(s, "\xc2\x9d") && !strstr(s, "\xe2\x80\xae") && !strstr(s, "52;");
}

static void test_escapes_stripped(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct tutor_reply r;
	struct chat ch;
	cJSON *reqs;
	(void)state;

	fake_add_reply(&sb, "{\"reply\": \"\\u001b[31mMuy bien\\u001b[0m, \\u202eun café con leche.\", "
		       "\"reply_en\": \"\\u001b]52;c;aGVsbG8=\\u0007Very well.\", "
		       "\"correction\": {\"original\": \"cafe\", \"corrected\": \"caf\\u009b2Jé\", "
		       "\"explanation\": \"\\u001bP1;2|x\\u001b\\\\an accent\"}, "
		       "\"new_words\": [{\"spanish\": \"leche\", \"english\": \"\\u001b[1mmilk\"}], "
		       "\"goals_reached\": []}", "stop");
	chat_start(&ch, sb.buf, 0, 0);
	say(&ch, "Un cafe", &r);
	assert_int_equal(r.source, TUTOR_AI);
	assert_true(clean_text(r.reply));
	assert_string_equal(r.reply, "Muy bien, un café con leche.");
	assert_true(clean_text(r.reply_en));
	assert_string_equal(r.reply_en, "Very well.");
	assert_true(clean_text(r.correction.corrected));
	assert_true(clean_text(r.correction.explanation));
	assert_int_equal(r.n_words, 1);
	assert_true(clean_text(r.words[0].english));
	assert_string_equal(r.words[0].english, "milk");
	tutor_reply_release(&r);
	/* and what the history keeps, and shows the next call, is the clean line */
	assert_string_equal(tutor_history(ch.t, 0)->tutor, "Muy bien, un café con leche.");
	reqs = chat_stop(&ch);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

static void test_cancelled_not_scripted(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct tutor_reply r;
	struct err e = ERR_INIT;
	struct chat ch;
	cJSON *reqs;
	(void)state;

	fake_add_raw(&sb, "status 500\nbody {}\n");
	chat_start(&ch, sb.buf, 0, 0);
	ch.cancel = 1;
	assert_int_equal(tutor_turn(ch.t, "Hola", &r, &e), ERR_FAIL);
	assert_string_equal(e.msg, "cancelled");
	assert_int_equal(tutor_history_count(ch.t), 0); /* nothing said */
	assert_false(tutor_branch_fired(ch.t, 0));
	reqs = chat_stop(&ch);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

/* What the AI cost goes with the conversation into the learner's figures. */
static void test_record_cost(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct tutor_reply r, closing;
	struct tutor_summary sum;
	struct content scenario;
	struct cost_totals ct;
	struct err e = ERR_INIT;
	struct scratch *s;
	struct chat ch;
	int result;
	cJSON *reqs;
	(void)state;

	s = scratch_open("tai", "t.db", NULL);
	assert_non_null(s);
	scenario = fixture.items[0];
	scenario.pack_id[0] = '\0'; /* no pack row to point to */
	assert_int_equal(store_content_upsert(s->st, &scenario, &result, &e), 0);
	assert_int_equal(store_user_ensure(s->st, "ana", &s->u, &e), 0);
	fake_add_reply(&sb, "{\"reply\": \"Buenos días.\", \"reply_en\": \"Good morning.\", "
		       "\"correction\": null, \"new_words\": [], \"goals_reached\": [\"greet\"]}",
		       "stop");
	fake_add_reply(&sb, "no JSON", "stop");
	fake_add_reply(&sb, "still none", "stop");
	chat_start(&ch, sb.buf, 0, 0);
	say(&ch, "Hola", &r);
	tutor_reply_release(&r);
	say(&ch, "Un café", &r); /* the script answers, but two replies were paid for */
	assert_int_equal(r.source, TUTOR_SCRIPT);
	tutor_reply_release(&r);
	assert_int_equal(tutor_end(ch.t, &closing, &sum, &e), 0);
	tutor_reply_release(&closing);
	assert_int_equal(tutor_record(s->st, &s->u, ch.t, &e), 0);
	assert_int_equal(store_costs(s->st, s->u.id, &ct, &e), 0);
	assert_int_equal(ct.activities, 1);
	assert_int_equal(ct.ai_calls, 1);
	assert_true(fabs(ct.spent - 3 * 0.000195) < 1e-12);
	reqs = chat_stop(&ch);
	cJSON_Delete(reqs);
	assert_int_equal(scratch_close(s), 0);
	sbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_replies),
		cmocka_unit_test(test_invalid_falls_back),
		cmocka_unit_test(test_escapes_stripped),
		cmocka_unit_test(test_cancelled_not_scripted),
		cmocka_unit_test(test_record_cost),
	};

	return cmocka_run_group_tests(tests, setup_pack, teardown_pack);
}
