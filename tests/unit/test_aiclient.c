/* test_aiclient.c: the AI client against a scripted OpenAI-compatible server. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/aiclient.h"
#include "aidioma/settings.h"
#include "aidioma/util.h"
#include "fake-server.h"

#ifndef TESTS_SRCDIR
#define TESTS_SRCDIR "tests"
#endif

#define KEY "sk-test-S3CRETkey0123456789"
#define ANSWER "Tienes mas cafe?"

static void write_file(const char *path, const char *text, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, (mode_t)mode), 0);
}

/* The number of requests logged, once there are at least want of them
 * (a client that timed out may be ahead of a busy server), or after 2 s. */
static int fake_count(const struct fake *f, int want)
{
	cJSON *all;
	int n, tries;

	for (tries = 0;; tries++) {
		all = fake_requests(f);
		n = cJSON_GetArraySize(all);
		cJSON_Delete(all);
		if (n >= want || tries == 200)
			return n;
		usleep(10 * 1000);
	}
}

static const char *req_header(const cJSON *rq, const char *name)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(rq, "headers"), name);

	return cJSON_IsString(h) ? h->valuestring : NULL;
}

/* ---- scripts */
static const char good_grading[] =
	"{\"errors\":["
	"{\"category\":\"accent\",\"severity\":\"minor\",\"learner_text\":\"mas\","
	"\"correction\":\"más\",\"explanation\":\"más (more) takes an accent\"},"
	"{\"category\":\"accent\",\"severity\":\"minor\",\"learner_text\":\"cafe\","
	"\"correction\":\"café\",\"explanation\":\"café takes an accent\"},"
	"{\"category\":\"punctuation\",\"severity\":\"minor\",\"learner_text\":\"\","
	"\"correction\":\"¿\",\"explanation\":\"a Spanish question opens with ¿\"}],"
	"\"corrected\":\"¿Tienes más café?\"}";

/* ---- the client */
static void config_for(struct ai_config *c, const struct fake *f, const char *profile,
		       const char *model, const char *key)
{
	ai_config_defaults(c);
	snprintf(c->base_url, sizeof(c->base_url), "http://127.0.0.1:%d/v1/", f->port);
	xstrlcpy(c->model, model, sizeof(c->model));
	c->profile = ai_profile_find(profile);
	xstrlcpy(c->key, key ? key : "", sizeof(c->key));
	c->connect_timeout_ms = 2000;
	c->timeout_ms = 5000;
	c->backoff_ms = 2;
	c->backoff_max_ms = 10;
	c->retry_after_max_ms = 500;
	c->breaker_failures = 5;
	c->breaker_cooldown_ms = 150;
	snprintf(c->prices_path, sizeof(c->prices_path), "%s/../data/prices.json", TESTS_SRCDIR);
}

static struct ai_client *client_for(const struct fake *f, const char *key)
{
	struct ai_config cfg;
	struct err e = ERR_INIT;
	struct ai_client *c;

	config_for(&cfg, f, "openai", "gpt-4o-mini", key);
	c = ai_client_new(&cfg, &e);
	ai_config_release(&cfg);
	assert_non_null(c);
	return c;
}

static int grade_with(struct ai_client *c, const char *answer, struct eval_result *r,
		      struct err *e)
{
	static const char *const acc[] = { "¿Tú tienes más café?" };
	struct eval_request rq;
	struct evaluator *ev = ai_evaluator_new(c);
	char *clean = text_clean(answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
	int rc;

	memset(&rq, 0, sizeof(rq));
	rq.content_id = "t-1";
	rq.english = "Do you have more coffee?";
	rq.reference = "¿Tienes más café?";
	rq.accepted = acc;
	rq.n_accepted = 1;
	rq.answer = answer;
	rq.level = "beginner";
	eval_result_init(r);
	rc = ev->evaluate(ev, &rq, norm, r, e);
	ev->free(ev);
	free(clean);
	free(norm);
	return rc;
}

/* Run a script and grade ANSWER once; the requests are left in *reqs. */
static int run_grading(const char *script, const char *key, struct eval_result *r,
		       struct err *e, cJSON **reqs)
{
	struct fake f;
	struct ai_client *c;
	int rc;

	fake_start(&f, script);
	c = client_for(&f, key);
	rc = grade_with(c, ANSWER, r, e);
	ai_client_free(c);
	*reqs = fake_requests(&f);
	fake_stop(&f);
	return rc;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* 1 when s holds no escape, C1 or bidi character. */
static int clean_text(const char *s)
{
	return s && !strchr(s, 0x1b) && !strchr(s, 0x07) && !strstr(s, "\xc2\x9b") &&
	       !strstr(s, "\xc2\x9d") && !strstr(s, "\xe2\x80\xae") && !strstr(s, "\xe2\x81\xa6") &&
	       !strstr(s, "52;");
}

/* ---- tests */
static void test_good_reply(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs, *b, *rf, *msgs;
	const cJSON *rq;
	const char *user;

	(void)state;
	fake_add_reply(&sb, good_grading, "stop");
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	assert_int_equal(r.source, SRC_AI);
	assert_false(r.estimate);
	assert_int_equal(r.n_errors, 3);
	assert_int_equal(r.errors[0].cat, ECAT_ACCENT);
	assert_int_equal(r.errors[0].severity, SEV_MINOR);
	assert_string_equal(r.errors[0].learner_text, "mas");
	assert_string_equal(r.errors[0].correction, "más");
	assert_int_equal(r.errors[2].cat, ECAT_PUNCTUATION);
	assert_string_equal(r.corrected, "¿Tienes más café?");
	assert_true(fabs(r.score - 93) < 1e-9); /* 100 - 3 - 3 - 1 */
	assert_string_equal(r.grade, "A");
	assert_int_equal(r.verdict, VERDICT_CORRECT);
	assert_string_equal(r.model, "gpt-4o-mini-2024-07-18");
	/* 800 fresh, 200 cached, 100 out at 0.15, 0.075, 0.60 per million */
	assert_true(fabs(r.cost - 0.000195) < 1e-12);
	/* the words: Tienes, mas -> más, cafe -> café */
	assert_int_equal(r.n_diff, 3);
	assert_int_equal(r.diff[0].kind, DIFF_CORRECT);
	assert_int_equal(r.diff[1].kind, DIFF_CLOSE);
	assert_string_equal(r.diff[1].expected, "más");
	assert_string_equal(r.diff[2].expected, "café");
	assert_int_equal(r.n_alternatives, 1);
	assert_string_equal(r.alternatives[0], "¿Tú tienes más café?");
	eval_result_release(&r);

	/* what the server received */
	assert_int_equal(cJSON_GetArraySize(reqs), 1);
	rq = cJSON_GetArrayItem(reqs, 0);
	assert_string_equal(cJSON_GetObjectItem(rq, "method")->valuestring, "POST");
	assert_string_equal(cJSON_GetObjectItem(rq, "path")->valuestring, "/v1/chat/completions");
	assert_string_equal(req_header(rq, "authorization"), "Bearer " KEY);
	assert_string_equal(req_header(rq, "content-type"), "application/json");
	b = fake_body(reqs, 0);
	assert_string_equal(cJSON_GetObjectItem(b, "model")->valuestring, "gpt-4o-mini");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(b, "max_completion_tokens")));
	assert_null(cJSON_GetObjectItem(b, "max_tokens"));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(b, "temperature")));
	rf = cJSON_GetObjectItem(b, "response_format");
	assert_string_equal(cJSON_GetObjectItem(rf, "type")->valuestring, "json_schema");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(rf, "json_schema"), "strict")));
	msgs = cJSON_GetObjectItem(b, "messages");
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 0), "role")->valuestring,
			    "system");
	assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 0), "content")->valuestring,
			       "word_order"));
	user = cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 1), "content")->valuestring;
	assert_non_null(strstr(user, ANSWER));
	assert_non_null(strstr(user, "Do you have more coffee?"));
	assert_non_null(strstr(user, "¿Tú tienes más café?"));
	assert_non_null(strstr(user, "beginner"));
	cJSON_Delete(b);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

static void test_key_only_in_authorization(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs, *h;
	const cJSON *rq;

	(void)state;
	fake_add_reply(&sb, good_grading, "stop");
	fake_add_reply(&sb, good_grading, "stop");
	/* with a key: in the Authorization header and nowhere else */
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	eval_result_release(&r);
	rq = cJSON_GetArrayItem(reqs, 0);
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(rq, "headers"))
		if (strcmp(h->string, "authorization"))
			assert_null(strstr(h->valuestring, "S3CRET"));
	assert_null(strstr(cJSON_GetObjectItem(rq, "body")->valuestring, "S3CRET"));
	assert_null(strstr(cJSON_GetObjectItem(rq, "path")->valuestring, "S3CRET"));
	cJSON_Delete(reqs);
	/* without a key: no Authorization header at all */
	assert_int_equal(run_grading(sb.buf, NULL, &r, &e, &reqs), 0);
	eval_result_release(&r);
	assert_null(req_header(cJSON_GetArrayItem(reqs, 0), "authorization"));
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

static void test_fenced_reply(void **state)
{
	struct sbuf sb = SBUF_INIT, content = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs;

	(void)state;
	sbuf_addf(&content, "Here is the result:\n```json\n%s\n```\n", good_grading);
	fake_add_reply(&sb, content.buf, "stop");
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	assert_int_equal(r.n_errors, 3);
	assert_true(fabs(r.score - 93) < 1e-9);
	eval_result_release(&r);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
	sbuf_release(&content);
}

static void test_invalid_json_then_valid(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs, *b;

	(void)state;
	fake_add_reply(&sb, "{\"errors\": [ {\"category\": ", "stop");
	fake_add_reply(&sb, good_grading, "stop");
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	assert_int_equal(r.n_errors, 3);
	/* both calls were paid for */
	assert_true(fabs(r.cost - 2 * 0.000195) < 1e-12);
	eval_result_release(&r);
	assert_int_equal(cJSON_GetArraySize(reqs), 2);
	b = fake_body(reqs, 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(b, "messages")), 3);
	cJSON_Delete(b);
	cJSON_Delete(reqs);
	sbuf_release(&sb);

	/* twice not JSON: no third call */
	fake_add_reply(&sb, "I think the answer is fine.", "stop");
	fake_add_reply(&sb, "Still not JSON", "stop");
	fake_add_reply(&sb, good_grading, "stop");
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), ERR_FAIL);
	assert_non_null(strstr(e.msg, "not JSON"));
	assert_int_equal(r.n_errors, 0);
	assert_int_equal(cJSON_GetArraySize(reqs), 2);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

/* One reply the client must refuse, asked once: the message says why. */
static void refused(const char *reply, const char *finish, const char *why)
{
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs;

	fake_add_reply(&sb, reply, finish);
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), ERR_FAIL);
	if (!strstr(e.msg, why))
		fail_msg("'%s' does not say '%s'", e.msg, why);
	assert_int_equal(cJSON_GetArraySize(reqs), 1);
	assert_int_equal(r.n_errors, 0);
	assert_null(r.corrected);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

static void test_finish_length(void **state)
{
	(void)state;
	refused(good_grading, "length", "finish_reason length");
	refused(good_grading, "length", "AI grading");
}

static void test_missing_fields(void **state)
{
	(void)state;
	refused("{\"errors\": [{\"category\": \"accent\", \"severity\": \"minor\", "
		"\"learner_text\": \"mas\"}], \"corrected\": \"¿Tienes más café?\"}", "stop",
		"errors[0] lacks the string correction");
}

static void test_quote_not_in_answer(void **state)
{
	(void)state;
	refused("{\"errors\": [{\"category\": \"wrong_word\", \"severity\": \"major\", "
		"\"learner_text\": \"tenéis\", \"correction\": \"tienes\", \"explanation\": "
		"\"x\"}], \"corrected\": \"¿Tienes más café?\"}", "stop",
		"'tenéis', which is not in the answer");
}

static void test_reply_rules(void **state)
{
	static const struct {
		const char *reply;
		int rc;
	} cases[] = {
		{ "{\"errors\": [], \"corrected\": \"Tienes mas cafe?\"}", 0 },
		{ "{\"errors\": []}", ERR_FAIL },
		{ "{\"corrected\": \"x\"}", ERR_FAIL },
		{ "[1, 2]", ERR_FAIL },
		{ "{\"errors\": {}, \"corrected\": \"x\"}", ERR_FAIL },
		{ "{\"errors\": [\"mas\"], \"corrected\": \"x\"}", ERR_FAIL },
		{ "{\"errors\": [{\"category\": \"grammar\", \"severity\": \"minor\", \"learner_text\": "
		  "\"mas\", \"correction\": \"más\", \"explanation\": \"\"}], \"corrected\": \"x\"}",
		  ERR_FAIL },
		{ "{\"errors\": [{\"category\": \"accent\", \"severity\": \"huge\", \"learner_text\": "
		  "\"mas\", \"correction\": \"más\", \"explanation\": \"\"}], \"corrected\": \"x\"}",
		  ERR_FAIL },
		{ "{\"errors\": [{\"category\": \"accent\", \"severity\": 2, \"learner_text\": "
		  "\"mas\", \"correction\": \"más\", \"explanation\": \"\"}], \"corrected\": \"x\"}",
		  ERR_FAIL },
		{ "{\"errors\": [{\"category\": \"accent\", \"severity\": \"minor\", \"learner_text\": "
		  "5, \"correction\": \"más\", \"explanation\": \"\"}], \"corrected\": \"x\"}",
		  ERR_FAIL },
		/* an empty quote only for what is missing */
		{ "{\"errors\": [{\"category\": \"spelling\", \"severity\": \"minor\", \"learner_text\": "
		  "\"\", \"correction\": \"más\", \"explanation\": \"\"}], \"corrected\": \"x\"}",
		  ERR_FAIL },
		{ "{\"errors\": [{\"category\": \"missing_word\", \"severity\": \"major\", "
		  "\"learner_text\": \"\", \"correction\": \"tú\", \"explanation\": \"\"}], "
		  "\"corrected\": \"¿Tú tienes más café?\"}", 0 },
		/* the quote is case- and accent-exact */
		{ "{\"errors\": [{\"category\": \"accent\", \"severity\": \"minor\", \"learner_text\": "
		  "\"más\", \"correction\": \"más\", \"explanation\": \"\"}], \"corrected\": \"x\"}",
		  ERR_FAIL },
		{ "{\"errors\": [], \"corrected\": \"\"}", ERR_FAIL },
		{ "not json at all", ERR_USAGE },
		{ "", ERR_USAGE },
	};
	struct eval_result r;
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = ai_grade_reply(cases[i].reply, ANSWER, 0, &r, &e);

		if (rc != cases[i].rc)
			fail_msg("case %zu: got %d (%s), want %d", i, rc, e.msg, cases[i].rc);
		if (rc)
			assert_int_equal(r.n_errors, 0);
		eval_result_release(&r);
	}
	/* a perfect answer scores 100; the missing word costs 25; hints cost too */
	assert_int_equal(ai_grade_reply(cases[0].reply, ANSWER, 2, &r, &e), 0);
	assert_true(fabs(r.score - 85) < 1e-9);
	eval_result_release(&r);
	assert_int_equal(ai_grade_reply(cases[11].reply, ANSWER, 0, &r, &e), 0);
	assert_true(fabs(r.score - 75) < 1e-9);
	assert_int_equal(r.verdict, VERDICT_CLOSE);
	assert_int_equal(r.diff[r.n_diff - 1].kind, DIFF_MISSING);
	assert_string_equal(r.diff[r.n_diff - 1].expected, "tú");
	eval_result_release(&r);
	/* too many errors */
	{
		struct sbuf sb = SBUF_INIT;
		int k;

		sbuf_adds(&sb, "{\"errors\": [");
		for (k = 0; k <= AI_MAX_ERRORS; k++)
			sbuf_addf(&sb, "%s{\"category\": \"accent\", \"severity\": \"minor\", "
				  "\"learner_text\": \"mas\", \"correction\": \"más\", "
				  "\"explanation\": \"\"}", k ? "," : "");
		sbuf_adds(&sb, "], \"corrected\": \"x\"}");
		assert_int_equal(ai_grade_reply(sb.buf, ANSWER, 0, &r, &e), ERR_FAIL);
		sbuf_release(&sb);
	}
	/* the rubric */
	assert_true(ai_rubric_deduction(ECAT_ACCENT, SEV_MINOR) == 3);
	assert_true(ai_rubric_deduction(ECAT_WRONG_WORD, SEV_MAJOR) == 30);
	assert_true(ai_rubric_deduction(ECAT__COUNT, SEV_MAJOR) == 0);
}

static void test_escapes_cleaned(void **state)
{
	static const char reply[] =
		"{\"errors\": [{\"category\": \"accent\", \"severity\": \"minor\", "
		"\"learner_text\": \"mas\\u001b[0m\", "
		"\"correction\": \"m\\u001b[31m\\u00e1s\\u001b[0m\", "
		"\"explanation\": \"rojo\\u001b]52;c;ZXZpbA==\\u0007 fin \\u009b2J"
		"\\u202egnp.exe \\u2066x\\u2069 \\u001b]8;;http://evil\\u001b\\\\link\\u001b]8;;\\u001b\\\\\"}], "
		"\"corrected\": \"\\u009d0;title\\u009c¿Tienes más café?\\u202e\"}";
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs;
	int i;

	(void)state;
	fake_add_reply(&sb, reply, "stop");
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	assert_int_equal(r.n_errors, 1);
	assert_string_equal(r.errors[0].learner_text, "mas");
	assert_string_equal(r.errors[0].correction, "más");
	assert_true(clean_text(r.errors[0].explanation));
	assert_non_null(strstr(r.errors[0].explanation, "rojo"));
	assert_non_null(strstr(r.errors[0].explanation, "fin"));
	assert_non_null(strstr(r.errors[0].explanation, "link"));
	assert_null(strstr(r.errors[0].explanation, "evil"));
	assert_string_equal(r.corrected, "¿Tienes más café?");
	for (i = 0; i < r.n_diff; i++) {
		assert_true(clean_text(r.diff[i].text));
		assert_true(!r.diff[i].expected || clean_text(r.diff[i].expected));
	}
	assert_true(clean_text(r.model));
	eval_result_release(&r);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
}

static void test_sanitize(void **state)
{
	char *s;

	(void)state;
	s = ai_text_sanitize("a\x1b[1;31mb\x1b[0m c\x1b]52;c;ZXZpbA==\x07" "d \xc2\x9b" "31me "
			     "\x1b(Bf \xe2\x80\xae" "g\x1b", 100);
	assert_string_equal(s, "ab cd e f g");
	free(s);
	s = ai_text_sanitize("x\x1b]0;never ends", 100); /* an open string runs to the end */
	assert_string_equal(s, "x");
	free(s);
	s = ai_text_sanitize("línea\nnueva", 100);
	assert_string_equal(s, "línea nueva");
	free(s);
	s = ai_reply_unfence("```json\n{\"a\": 1}\n```");
	assert_string_equal(s, "{\"a\": 1}");
	free(s);
	s = ai_reply_unfence("  ```\n{\"a\": {\"b\": 2}}```  ");
	assert_string_equal(s, "{\"a\": {\"b\": 2}}");
	free(s);
	s = ai_reply_unfence("Sure! {\"a\": 1} Hope this helps.");
	assert_string_equal(s, "{\"a\": 1}");
	free(s);
	s = ai_reply_unfence("no braces");
	assert_string_equal(s, "no braces");
	free(s);
}

/* One grading against a script whose first entry is an HTTP error. */
static void expect_http_error(const char *script, int want_requests, const char *want_msg)
{
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs;

	assert_int_equal(run_grading(script, KEY, &r, &e, &reqs), ERR_FAIL);
	if (!strstr(e.msg, want_msg))
		fail_msg("message '%s' lacks '%s'", e.msg, want_msg);
	assert_null(strstr(e.msg, "S3CRET"));
	assert_int_equal(cJSON_GetArraySize(reqs), want_requests);
	assert_int_equal(r.n_errors, 0);
	cJSON_Delete(reqs);
}

static void test_http_4xx(void **state)
{
	(void)state;
	expect_http_error("status 400\nbody {\"error\": {\"message\": \"Invalid schema for "
			  "response_format\", \"type\": \"invalid_request_error\", \"code\": null}}\n"
			  "end\n",
			  1, "HTTP 400: Invalid schema for response_format");
	/* a server that echoes the key: it never reaches the message */
	expect_http_error("status 401\nbody {\"error\": {\"message\": \"Incorrect API key "
			  "provided: " KEY ". You can find your API key at "
			  "https://platform.openai.com/account/api-keys.\", \"type\": "
			  "\"invalid_request_error\", \"code\": \"invalid_api_key\"}}\nend\n",
			  1, "HTTP 401 (invalid_api_key): Incorrect API key provided");
	expect_http_error("status 404\nbody {\"error\": \"model 'llama9' not found\"}\nend\n", 1,
			  "HTTP 404: model 'llama9' not found");
}

static void test_429(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs;
	double t0;

	(void)state;
	/* Retry-After honoured: 0 s, then 60 ms (the backoff alone is 2-10 ms) */
	fake_add_raw(&sb, "status 429\nheader Retry-After: 0\nbody {\"error\": {\"message\": \"Rate limit "
		"reached\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}\n");
	fake_add_raw(&sb, "status 429\nheader retry-after-ms: 60\nbody {}\n");
	fake_add_reply(&sb, good_grading, "stop");
	t0 = now_ms();
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	assert_true(now_ms() - t0 >= 60);
	assert_int_equal(cJSON_GetArraySize(reqs), 3);
	eval_result_release(&r);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
	/* a wait longer than the configured most: fail now, offline takes over */
	expect_http_error("status 429\nheader Retry-After: 30\nbody {}\nend\nbody {}\nend\n", 1,
			  "HTTP 429: the server asks to wait 30 s");
	/* out of quota: retrying cannot help */
	expect_http_error("status 429\nbody {\"error\": {\"message\": \"You exceeded your current "
			  "quota, please check your plan and billing details.\", \"type\": "
			  "\"insufficient_quota\", \"param\": null, \"code\": "
			  "\"insufficient_quota\"}}\nend\nbody {}\nend\n",
			  1, "HTTP 429 (insufficient_quota): You exceeded your current quota");
}

static void test_5xx(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct eval_result r;
	struct err e = ERR_INIT;
	cJSON *reqs;

	(void)state;
	fake_add_raw(&sb, "status 500\nbody {\"error\": {\"message\": \"The server had an error\"}}\n");
	fake_add_reply(&sb, good_grading, "stop");
	assert_int_equal(run_grading(sb.buf, KEY, &r, &e, &reqs), 0);
	assert_int_equal(cJSON_GetArraySize(reqs), 2);
	eval_result_release(&r);
	cJSON_Delete(reqs);
	sbuf_release(&sb);
	/* three 503s: the first try and two retries, then give up */
	expect_http_error("status 503\nbody {}\nend\nstatus 503\nbody {}\nend\nstatus 503\n"
			  "body {}\nend\nbody {}\nend\n",
			  3, "HTTP 503");
}

static void test_transport_failures(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct ai_config cfg;
	struct eval_result r;
	struct err e = ERR_INIT;
	struct ai_client *c;
	struct fake f;
	double t0;

	(void)state;
	/* a reset connection is retried */
	fake_add_raw(&sb, "reset\n");
	fake_add_reply(&sb, good_grading, "stop");
	fake_start(&f, sb.buf);
	c = client_for(&f, KEY);
	assert_int_equal(grade_with(c, ANSWER, &r, &e), 0);
	eval_result_release(&r);
	ai_client_free(c);
	assert_int_equal(fake_count(&f, 2), 2);
	fake_stop(&f);
	sbuf_release(&sb);

	/* a body that trickles in past the timeout: no retry */
	{
		char *body = fake_completion(good_grading, "stop");

		sbuf_addf(&sb, "trickle 20\nbody %s\nend\n", body);
		free(body);
	}
	fake_add_reply(&sb, good_grading, "stop");
	fake_start(&f, sb.buf);
	config_for(&cfg, &f, "openai", "gpt-4o-mini", KEY);
	cfg.timeout_ms = 80;
	c = ai_client_new(&cfg, &e);
	assert_non_null(c);
	t0 = now_ms();
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_true(now_ms() - t0 < 2000);
	assert_non_null(strstr(e.msg, "no reply within 80 ms"));
	ai_client_free(c);
	/* (on a loaded machine the client may give up before its request is out) */
	assert_true(fake_count(&f, 1) <= 1);
	fake_stop(&f);
	sbuf_release(&sb);

	/* a body over 1 MiB: the transfer stops there */
	fake_add_raw(&sb, "oversize 3000000\n");
	fake_add_reply(&sb, good_grading, "stop");
	fake_start(&f, sb.buf);
	c = client_for(&f, KEY);
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "larger than 1024 KiB"));
	ai_client_free(c);
	assert_int_equal(fake_count(&f, 1), 1);
	fake_stop(&f);
	sbuf_release(&sb);

	/* the same, stopped before a byte of body when the Content-Length says so */
	fake_add_raw(&sb, "header Content-Length: 3000000\noversize 3000000\n");
	fake_start(&f, sb.buf);
	c = client_for(&f, KEY);
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	ai_client_free(c);
	fake_stop(&f);
	sbuf_release(&sb);
	ai_config_release(&cfg);
}

static void test_breaker(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct ai_config cfg;
	struct eval_result r;
	struct err e = ERR_INIT;
	struct ai_client *c;
	struct fake f;

	(void)state;
	fake_add_raw(&sb, "status 500\nbody {}\n");
	fake_add_raw(&sb, "status 502\nbody {}\n");
	fake_add_reply(&sb, good_grading, "stop");
	fake_start(&f, sb.buf);
	config_for(&cfg, &f, "openai", "gpt-4o-mini", KEY);
	cfg.max_retries = 0;
	cfg.breaker_failures = 2;
	cfg.breaker_cooldown_ms = 500;
	c = ai_client_new(&cfg, &e);
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_false(ai_client_paused(c));
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_true(ai_client_paused(c));
	/* open: no request, an answer at once */
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "paused"));
	assert_int_equal(fake_count(&f, 2), 2);
	/* after the cool-down, one call is let through, and it works */
	usleep(550 * 1000);
	assert_false(ai_client_paused(c));
	assert_int_equal(grade_with(c, ANSWER, &r, &e), 0);
	eval_result_release(&r);
	assert_int_equal(fake_count(&f, 3), 3);
	ai_client_free(c);
	fake_stop(&f);
	sbuf_release(&sb);

	/* replies that are never usable pause it too */
	fake_add_reply(&sb, "{\"errors\": [], \"corrected\": \"\"}", "stop");
	fake_add_reply(&sb, "{\"errors\": [], \"corrected\": \"\"}", "stop");
	fake_add_reply(&sb, good_grading, "stop");
	fake_start(&f, sb.buf);
	config_for(&cfg, &f, "openai", "gpt-4o-mini", KEY);
	cfg.breaker_failures = 2;
	c = ai_client_new(&cfg, &e);
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_true(ai_client_paused(c));
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_non_null(strstr(e.msg, "paused"));
	assert_int_equal(fake_count(&f, 2), 2);
	ai_client_free(c);
	fake_stop(&f);
	sbuf_release(&sb);
	ai_config_release(&cfg);
}

struct canceller {
	struct ai_client *c;
	long after_ms;
};

static void *cancel_later(void *arg)
{
	struct canceller *k = arg;

	usleep((useconds_t)k->after_ms * 1000);
	ai_client_cancel(k->c);
	return NULL;
}

static void test_cancel(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct canceller k;
	struct eval_result r;
	struct err e = ERR_INIT;
	struct ai_client *c;
	struct fake f;
	pthread_t th;
	double t0;

	(void)state;
	fake_add_raw(&sb, "delay 5000\nbody {}\n");
	fake_add_reply(&sb, good_grading, "stop");
	fake_start(&f, sb.buf);
	c = client_for(&f, KEY);
	k.c = c;
	k.after_ms = 30;
	assert_int_equal(pthread_create(&th, NULL, cancel_later, &k), 0);
	t0 = now_ms();
	assert_int_equal(grade_with(c, ANSWER, &r, &e), ERR_FAIL);
	assert_true(now_ms() - t0 < 1500);
	assert_non_null(strstr(e.msg, "cancelled"));
	pthread_join(th, NULL);
	assert_false(ai_client_paused(c));
	/* a cancel is spent once it stopped a call */
	fake_stop(&f);
	ai_client_free(c);
	sbuf_release(&sb);
}

static void test_profiles(void **state)
{
	static const char schema[] = "{\"type\": \"object\", \"properties\": {\"a\": "
				     "{\"type\": \"string\"}}, \"required\": [\"a\"], "
				     "\"additionalProperties\": false}";
	static const struct {
		const char *profile, *model, *max_field, *format;
		int temperature;
	} want[] = {
		{ "openai", "gpt-4.1-mini", "max_completion_tokens", "json_schema", 1 },
		{ "openai", "o4-mini", "max_completion_tokens", "json_schema", 0 },
		{ "openai", "gpt-5-mini-2025-08-07", "max_completion_tokens", "json_schema", 0 },
		{ "ollama", "llama3.2:3b", "max_tokens", "json_schema", 1 },
		{ "llamacpp", "qwen2.5-7b-instruct", "max_tokens", "json_object", 1 },
		{ "vllm", "Qwen/Qwen2.5-7B-Instruct", "max_tokens", "json_schema", 1 },
	};
	const int n = (int)(sizeof(want) / sizeof(want[0]));
	struct ai_message m = { "user", "Say a in JSON." };
	struct sbuf sb = SBUF_INIT;
	struct ai_config cfg;
	struct ai_reply reply;
	struct ai_chat chat;
	struct err e = ERR_INIT;
	struct fake f;
	cJSON *reqs, *b, *rf;
	int i;

	(void)state;
	for (i = 0; i < n; i++)
		fake_add_reply(&sb, "{\"a\": \"b\"}", "stop");
	fake_start(&f, sb.buf);
	memset(&chat, 0, sizeof(chat));
	chat.messages = &m;
	chat.n_messages = 1;
	chat.schema_name = "test";
	chat.schema = schema;
	chat.max_tokens = 50;
	for (i = 0; i < n; i++) {
		struct ai_client *c;

		config_for(&cfg, &f, want[i].profile, want[i].model, NULL);
		c = ai_client_new(&cfg, &e);
		assert_non_null(c);
		assert_int_equal(ai_client_chat(c, &chat, &reply, &e), 0);
		assert_string_equal(reply.content, "{\"a\": \"b\"}");
		assert_string_equal(reply.finish_reason, "stop");
		assert_int_equal(reply.usage.prompt_tokens, 1000);
		assert_int_equal(reply.usage.cached_tokens, 200);
		if (strcmp(want[i].profile, "openai"))
			assert_true(reply.cost == 0); /* local servers are free */
		ai_reply_release(&reply);
		ai_client_free(c);
	}
	reqs = fake_requests(&f);
	assert_int_equal(cJSON_GetArraySize(reqs), n);
	for (i = 0; i < n; i++) {
		const char *other = strcmp(want[i].max_field, "max_tokens") ? "max_tokens" :
					   "max_completion_tokens";

		b = fake_body(reqs, i);
		assert_int_equal(cJSON_GetObjectItem(b, want[i].max_field)->valueint, 50);
		assert_null(cJSON_GetObjectItem(b, other));
		assert_int_equal(cJSON_GetObjectItem(b, "temperature") != NULL, want[i].temperature);
		rf = cJSON_GetObjectItem(b, "response_format");
		assert_string_equal(cJSON_GetObjectItem(rf, "type")->valuestring, want[i].format);
		if (!strcmp(want[i].format, "json_schema"))
			assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(rf, "json_schema"),
							    "schema"));
		assert_null(req_header(cJSON_GetArrayItem(reqs, i), "authorization"));
		cJSON_Delete(b);
	}
	cJSON_Delete(reqs);
	fake_stop(&f);
	sbuf_release(&sb);
	ai_config_release(&cfg);
}

static void test_embeddings(void **state)
{
	const char *inputs[] = { "hola", "adiós" };
	struct sbuf sb = SBUF_INIT;
	struct ai_client *c;
	struct err e = ERR_INIT;
	struct fake f;
	float *v;
	int dim;
	cJSON *reqs, *b;

	(void)state;
	fake_add_raw(&sb, "body {\"object\": \"list\", \"data\": [{\"object\": \"embedding\", \"index\": 1, "
		"\"embedding\": [0.5, -0.25, 1]}, {\"object\": \"embedding\", \"index\": 0, "
		"\"embedding\": [1, 2, 3]}], \"model\": \"m\", \"usage\": {\"prompt_tokens\": 4}}\n");
	fake_add_raw(&sb, "body {\"data\": [{\"embedding\": [1, \"x\"]}]}\n");
	fake_start(&f, sb.buf);
	c = client_for(&f, KEY);
	assert_int_equal(ai_client_embed(c, inputs, 2, &v, &dim, &e), 0);
	assert_int_equal(dim, 3);
	assert_true(v[0] == 1 && v[2] == 3 && v[3] == 0.5f && v[4] == -0.25f);
	free(v);
	assert_int_equal(ai_client_embed(c, inputs, 1, &v, &dim, &e), ERR_FAIL);
	assert_null(v);
	ai_client_free(c);
	reqs = fake_requests(&f);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 0), "path")->valuestring,
			    "/v1/embeddings");
	b = fake_body(reqs, 0);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "input"), 1)->valuestring,
			    "adiós");
	cJSON_Delete(b);
	cJSON_Delete(reqs);
	fake_stop(&f);
	sbuf_release(&sb);
}

/* ---- configuration and the key */
static char key_dir[256];

static void clear_env(void)
{
	static const char *const vars[] = { "AIDIOMA_AI_URL", "AIDIOMA_AI_MODEL",
					    "AIDIOMA_AI_PROFILE", "AIDIOMA_API_KEY",
					    "OPENAI_API_KEY", "AIDIOMA_API_KEY_FILE",
					    "AIDIOMA_PRICES" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

static void test_key_file(void **state)
{
	char path[512], link[512];
	struct ai_config c;
	struct err e = ERR_INIT;
	char key[AI_KEY_MAX];

	(void)state;
	clear_env();
	snprintf(path, sizeof(path), "%s/key", key_dir);
	/* readable by others: refused, naming the file and the fix, never the key */
	write_file(path, KEY "\n", 0644);
	assert_int_equal(ai_key_file_read(path, key, sizeof(key), &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "chmod 600"));
	assert_null(strstr(e.msg, "S3CRET"));
	assert_string_equal(key, "");
	write_file(path, KEY "\n", 0640);
	assert_int_equal(ai_key_file_read(path, key, sizeof(key), &e), ERR_USAGE);
	/* through the configuration */
	setenv("AIDIOMA_AI_URL", "http://127.0.0.1:9/v1", 1);
	setenv("AIDIOMA_AI_MODEL", "gpt-4o-mini", 1);
	setenv("AIDIOMA_API_KEY_FILE", path, 1);
	assert_int_equal(ai_config_load(&c, NULL, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "chmod 600"));
	assert_null(strstr(e.msg, "S3CRET"));
	/* mode 0600: read, first line trimmed */
	write_file(path, "  " KEY "  \nsecond line\n", 0600);
	assert_int_equal(ai_config_load(&c, NULL, &e), 0);
	assert_string_equal(c.key, KEY);
	ai_config_release(&c);
	assert_string_equal(c.key, "");
	/* the environment comes first: AIDIOMA_API_KEY, then OPENAI_API_KEY */
	setenv("OPENAI_API_KEY", "sk-openai", 1);
	assert_int_equal(ai_config_load(&c, NULL, &e), 0);
	assert_string_equal(c.key, "sk-openai");
	setenv("AIDIOMA_API_KEY", "sk-aidioma", 1);
	assert_int_equal(ai_config_load(&c, NULL, &e), 0);
	assert_string_equal(c.key, "sk-aidioma");
	setenv("AIDIOMA_API_KEY", "sk-bad key", 1);
	assert_int_equal(ai_config_load(&c, NULL, &e), ERR_USAGE);
	assert_null(strstr(e.msg, "bad key"));
	unsetenv("AIDIOMA_API_KEY");
	unsetenv("OPENAI_API_KEY");
	/* a symbolic link, an empty file, a missing named file */
	snprintf(link, sizeof(link), "%s/link", key_dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(ai_key_file_read(link, key, sizeof(key), &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "symbolic link"));
	unlink(link);
	write_file(path, "\n", 0600);
	assert_int_equal(ai_key_file_read(path, key, sizeof(key), &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "empty"));
	unlink(path);
	assert_int_equal(ai_config_load(&c, NULL, &e), ERR_NOTFOUND);
	/* the default key file may be missing: no key */
	unsetenv("AIDIOMA_API_KEY_FILE");
	setenv("XDG_CONFIG_HOME", key_dir, 1);
	assert_int_equal(ai_config_load(&c, NULL, &e), 0);
	assert_string_equal(c.key, "");
	/* no endpoint: no key is read at all */
	setenv("AIDIOMA_AI_URL", "", 1);
	setenv("OPENAI_API_KEY", "sk-openai", 1);
	assert_int_equal(ai_config_load(&c, NULL, &e), 0);
	assert_false(ai_config_online(&c));
	assert_string_equal(c.key, "");
	clear_env();
}

static void test_config(void **state)
{
	struct settings s;
	struct ai_config c;
	struct ai_client *cl;
	struct err e = ERR_INIT;
	char buf[128];

	(void)state;
	clear_env();
	setenv("XDG_CONFIG_HOME", key_dir, 1);
	settings_defaults(&s);
	assert_int_equal(ai_config_load(&c, &s, &e), 0);
	assert_false(ai_config_online(&c)); /* offline by default */
	assert_null(ai_client_new(&c, &e));
	assert_int_equal(e.code, ERR_USAGE);
	assert_int_equal(settings_set(&s, "ai_url", "http://127.0.0.1:11434/v1", &e), 0);
	assert_int_equal(settings_set(&s, "ai_profile", "ollama", &e), 0);
	assert_int_equal(ai_config_load(&c, &s, &e), ERR_USAGE); /* no model */
	assert_non_null(strstr(e.msg, "AIDIOMA_AI_MODEL"));
	assert_int_equal(settings_set(&s, "ai_model", "llama3.2", &e), 0);
	assert_int_equal(ai_config_load(&c, &s, &e), 0);
	assert_string_equal(c.profile->name, "ollama");
	assert_string_equal(c.model, "llama3.2");
	/* the environment over the settings */
	setenv("AIDIOMA_AI_MODEL", "qwen3", 1);
	setenv("AIDIOMA_AI_PROFILE", "vllm", 1);
	assert_int_equal(ai_config_load(&c, &s, &e), 0);
	assert_string_equal(c.model, "qwen3");
	assert_string_equal(c.profile->name, "vllm");
	setenv("AIDIOMA_AI_PROFILE", "bard", 1);
	assert_int_equal(ai_config_load(&c, &s, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "'bard' is not one of openai, ollama"));
	unsetenv("AIDIOMA_AI_PROFILE");
	setenv("AIDIOMA_AI_URL", "", 1);
	assert_int_equal(ai_config_load(&c, &s, &e), 0);
	assert_false(ai_config_online(&c));
	/* URLs */
	ai_config_defaults(&c);
	xstrlcpy(c.model, "m", sizeof(c.model));
	xstrlcpy(c.base_url, "ftp://example.com/v1", sizeof(c.base_url));
	assert_null(ai_client_new(&c, &e));
	assert_non_null(strstr(e.msg, "use http or https"));
	xstrlcpy(c.base_url, "http://192.0.2.7:8000/v1", sizeof(c.base_url));
	xstrlcpy(c.key, KEY, sizeof(c.key));
	assert_null(ai_client_new(&c, &e)); /* the key would cross the network in clear */
	assert_non_null(strstr(e.msg, "plain http"));
	assert_null(strstr(e.msg, "S3CRET"));
	xstrlcpy(c.base_url, "http://127.example.com/v1", sizeof(c.base_url));
	assert_null(ai_client_new(&c, &e));
	xstrlcpy(c.base_url, "http://[::1]:8080/v1", sizeof(c.base_url));
	cl = ai_client_new(&c, &e);
	assert_non_null(cl);
	ai_client_free(cl);
	xstrlcpy(c.base_url, "https://user:pw@api.example.com/v1", sizeof(c.base_url));
	cl = ai_client_new(&c, &e);
	assert_non_null(cl);
	assert_string_equal(ai_client_provider(cl), "openai");
	ai_client_sampling(cl, buf, sizeof(buf));
	assert_string_equal(buf, "temperature=0;max_tokens=800;format=json_schema");
	ai_client_free(cl);
	ai_config_release(&c);
	clear_env();
}

static void test_prices(void **state)
{
	struct ai_prices p;
	struct err e = ERR_INIT;
	struct ai_usage u = { 1000000, 1000000, 0 };
	const struct ai_price *pr;
	char path[AI_PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/../data/prices.json", TESTS_SRCDIR);
	assert_int_equal(ai_prices_load(&p, path, &e), 0);
	assert_true(p.n >= 6);
	assert_true(strlen(p.taken) == 10);
	pr = ai_prices_find(&p, "openai", "gpt-4o-mini");
	assert_non_null(pr);
	assert_true(fabs(ai_price_cost(pr, &u) - 0.75) < 1e-9);
	/* a dated snapshot takes the longest name it extends */
	assert_ptr_equal(ai_prices_find(&p, "openai", "gpt-4o-mini-2024-07-18"), pr);
	assert_string_equal(ai_prices_find(&p, "openai", "gpt-4o-2024-08-06")->model, "gpt-4o");
	assert_null(ai_prices_find(&p, "openai", "gpt-4oz"));
	assert_null(ai_prices_find(&p, "openai", "mystery"));
	/* local servers: anything is free */
	pr = ai_prices_find(&p, "ollama", "llama3.2:3b");
	assert_non_null(pr);
	assert_true(ai_price_cost(pr, &u) == 0);
	assert_true(ai_price_cost(NULL, &u) == 0);
	ai_prices_release(&p);
	/* a bad table names the entry */
	snprintf(path, sizeof(path), "%s/prices.json", key_dir);
	write_file(path, "{\"models\": [{\"model\": \"a\", \"input\": 1, \"output\": 1}, "
		   "{\"model\": \"b\", \"input\": -1, \"output\": 1}]}", 0600);
	assert_int_equal(ai_prices_load(&p, path, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "models[1]"));
	unlink(path);
}

/* Copy the file src to dst. */
static void copy_file(const char *src, const char *dst)
{
	char buf[65536];
	ssize_t n;
	int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	close(in);
	close(out);
}

/* Without its HTTP module the client says which file is missing and how
 * to get it; a file that is not the module is refused, naming it. */
static void test_module_missing(void **state)
{
	const char *was = getenv("AIDIOMA_MODULE_DIR");
	char saved[PATH_MAX] = "", path[PATH_MAX + 16];
	struct ai_config c;
	struct err e = ERR_INIT;
	Dl_info info;

	(void)state;
	if (was)
		xstrlcpy(saved, was, sizeof(saved));
	ai_config_defaults(&c);
	xstrlcpy(c.model, "m", sizeof(c.model));
	xstrlcpy(c.base_url, "http://127.0.0.1:9/v1", sizeof(c.base_url));
	setenv("AIDIOMA_MODULE_DIR", key_dir, 1);
	assert_null(ai_client_new(&c, &e));
	assert_int_equal(e.code, ERR_NOTFOUND);
	snprintf(path, sizeof(path), "cannot load '%s/http.so': no such file", key_dir);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "make install"));
	assert_non_null(strstr(e.msg, "set AIDIOMA_MODULE_DIR to the directory that holds http.so"));
	/* a shared object, but not aidioma's module */
	assert_true(dladdr((void *)cJSON_Parse, &info) && info.dli_fname);
	snprintf(path, sizeof(path), "%s/http.so", key_dir);
	copy_file(info.dli_fname, path);
	assert_null(ai_client_new(&c, &e));
	assert_non_null(strstr(e.msg, "not a module of aidioma's"));
	assert_non_null(strstr(e.msg, path));
	/* not even a shared object: the loader's reason */
	write_file(path, "not ELF\n", 0600);
	assert_null(ai_client_new(&c, &e));
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "make install"));
	unlink(path);
	if (saved[0])
		setenv("AIDIOMA_MODULE_DIR", saved, 1);
	else
		unsetenv("AIDIOMA_MODULE_DIR");
	ai_config_release(&c);
}

static int group_setup(void **state)
{
	static const char *const proxies[] = { "http_proxy", "https_proxy", "HTTPS_PROXY",
					       "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy" };
	const char *tmp = getenv("TMPDIR");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++)
		unsetenv(proxies[i]);
	clear_env();
	snprintf(key_dir, sizeof(key_dir), "%s/aidioma-key.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(key_dir))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/aidioma", key_dir);
	rmdir(path);
	rmdir(key_dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_reply),
		cmocka_unit_test(test_key_only_in_authorization),
		cmocka_unit_test(test_fenced_reply),
		cmocka_unit_test(test_invalid_json_then_valid),
		cmocka_unit_test(test_finish_length),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_quote_not_in_answer),
		cmocka_unit_test(test_reply_rules),
		cmocka_unit_test(test_escapes_cleaned),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_http_4xx),
		cmocka_unit_test(test_429),
		cmocka_unit_test(test_5xx),
		cmocka_unit_test(test_transport_failures),
		cmocka_unit_test(test_breaker),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_embeddings),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_prices),
		cmocka_unit_test(test_module_missing),
	};
	const char *bin = fake_bin();

	if (!*bin || access(bin, X_OK)) {
		printf("1..0 # SKIP the fake server is not built (set FAKE_OPENAI)\n");
		return 0;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
