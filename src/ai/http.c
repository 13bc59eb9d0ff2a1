/* http.c: the OpenAI-compatible client: retries, breaker, cancel, body cap (HTTP: http.so). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "config.h"
#include "aidioma/aiclient.h"
#include "aidioma/module.h"
#include "aidioma/util.h"
#include "ai/http-int.h"
#include "banned.h"

#define SHOWN_MAX 200 /* characters of a server's error message kept */

struct ai_client {
	struct ai_config cfg;        /* a copy, key included */
	char shown[AI_URL_MAX];      /* the base URL without user:password@, for messages */
	const struct http_module *http; /* http.so: libcurl, loaded with the first client */
	struct http_conn *conn;
	atomic_int cancel;
	int failures;                /* failed calls in a row */
	int pending_ok;              /* the last call worked, unless reported invalid */
	double paused_until;         /* monotonic ms; 0: not paused */
	uint64_t rng;
	struct ai_prices prices;
	int have_prices;
};

/* One attempt's reply. */
struct xfer {
	struct ai_client *c;
	struct sbuf body;
	long retry_after_ms;         /* -1: no header */
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static uint64_t next_random(struct ai_client *c)
{
	/* xorshift64*: jitter needs no more */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545f4914f6cdd1dULL;
}

static int is_loopback(const char *host)
{
	/* 127.x.y.z as numbers: "127.example.com" is somebody else's machine */
	if (!strncmp(host, "127.", 4) && host[4] && strspn(host, "0123456789.") == strlen(host))
		return 1;
	return !strcasecmp(host, "localhost") || !strcmp(host, "::1") || !strcmp(host, "[::1]");
}

/* Check the URL, and fill c->shown without any user:password. */
static int check_url(struct ai_client *c, struct err *e)
{
	struct http_url u;

	if (c->http->parse_url(c->cfg.base_url, &u))
		return err_set(e, ERR_USAGE, "AI endpoint: '%.200s' is not a URL such as "
			       "http://127.0.0.1:11434/v1", c->cfg.base_url);
	if (strcmp(u.scheme, "http") && strcmp(u.scheme, "https"))
		return err_set(e, ERR_USAGE, "AI endpoint: '%.40s' URLs are not supported: use http "
			       "or https", u.scheme);
	xsnprintf(c->shown, sizeof(c->shown), "%s://%s%s%s%s", u.scheme, u.host,
		  u.port[0] ? ":" : "", u.port, strcmp(u.path, "/") ? u.path : "");
	if (c->cfg.key[0] && !strcmp(u.scheme, "http") && !is_loopback(u.host))
		return err_set(e, ERR_USAGE, "AI endpoint '%s': refusing to send the API key over "
			       "plain http to another machine: use https, or no key", c->shown);
	return 0;
}

struct ai_client *ai_client_new(const struct ai_config *cfg, struct err *e)
{
	const struct http_module *http;
	struct ai_client *c;
	struct err pe = ERR_INIT;
	char prices[AI_PATH_MAX], why[256];
	double t0 = mono_ms();
	size_t n;

	if (!ai_config_online(cfg)) {
		err_set(e, ERR_USAGE, "no AI endpoint is set (ai_url or $AIDIOMA_AI_URL)");
		return NULL;
	}
	/* HTTP, TLS and all they pull in come in with the first client only */
	if (!(http = module_load("http", HTTP_MODULE_ABI, e)))
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->http = http;
	c->cfg = *cfg;
	if (!c->cfg.profile)
		c->cfg.profile = ai_profile_find("openai");
	if (c->cfg.max_retries < 0)
		c->cfg.max_retries = 0;
	if (c->cfg.max_retries > 2)
		c->cfg.max_retries = 2;
	if (!c->cfg.body_max || c->cfg.body_max > AI_BODY_MAX)
		c->cfg.body_max = AI_BODY_MAX;
	n = strlen(c->cfg.base_url);
	while (n > 0 && c->cfg.base_url[n - 1] == '/')
		c->cfg.base_url[--n] = '\0';
	if (check_url(c, e)) {
		ai_client_free(c);
		return NULL;
	}
	if (!(c->conn = http->open(why, sizeof(why)))) {
		err_set(e, ERR_FAIL, "AI endpoint '%s': %s", c->shown, why);
		ai_client_free(c);
		return NULL;
	}
	atomic_init(&c->cancel, 0);
	c->rng = (uint64_t)(t0 * 1000) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)c;
	if (!c->rng)
		c->rng = 1;
	/* no price table only means no cost figures */
	if ((c->cfg.prices_path[0] ? xstrlcpy(prices, c->cfg.prices_path, sizeof(prices)) :
				     ai_prices_path(prices, sizeof(prices), &pe)) == 0)
		c->have_prices = ai_prices_load(&c->prices, prices, &pe) == 0;
	return c;
}

void ai_client_free(struct ai_client *c)
{
	if (!c)
		return;
	if (c->conn)
		c->http->close(c->conn);
	ai_prices_release(&c->prices);
	OPENSSL_cleanse(&c->cfg, sizeof(c->cfg));
	free(c);
}

void ai_client_cancel(struct ai_client *c)
{
	atomic_store(&c->cancel, 1);
}

int ai_client_paused(struct ai_client *c)
{
	return c->paused_until > 0 && mono_ms() < c->paused_until;
}

static void breaker_fail(struct ai_client *c)
{
	c->pending_ok = 0;
	if (++c->failures >= c->cfg.breaker_failures && c->cfg.breaker_failures > 0)
		c->paused_until = mono_ms() + (double)c->cfg.breaker_cooldown_ms;
}

void ai_client_report_invalid(struct ai_client *c)
{
	breaker_fail(c);
}

/*
 * A call that worked resets the count of failures only when the next call
 * starts, so that a reply reported invalid in between still counts: a
 * model that answers junk every time pauses like a server that is down.
 */
static int breaker_enter(struct ai_client *c, struct err *e)
{
	double now = mono_ms();

	if (c->pending_ok) {
		c->failures = 0;
		c->paused_until = 0;
		c->pending_ok = 0;
	}
	if (c->paused_until > 0 && now < c->paused_until)
		return err_set(e, ERR_FAIL, "AI endpoint '%s': paused for %.0f s after %d failed "
			       "calls in a row", c->shown, (c->paused_until - now) / 1000.0 + 0.5,
			       c->failures);
	return 0;
}

static int cancelled(struct ai_client *c)
{
	return atomic_load(&c->cancel) != 0;
}

/* Sleep ms, waking early when cancelled; 0, or -1 when cancelled. */
static int nap(struct ai_client *c, long ms)
{
	double until = mono_ms() + (double)ms;
	struct timespec ts;
	double left;

	while (!cancelled(c)) {
		left = until - mono_ms();
		if (left <= 0)
			return 0;
		if (left > 10)
			left = 10;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(left * 1e6);
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int on_body(void *arg, const char *p, size_t n)
{
	struct xfer *x = arg;

	/* past the cap: -1 stops the transfer */
	return sbuf_add(&x->body, p, n) < 0 ? -1 : 0;
}

/* Seconds or milliseconds of a Retry-After header; -1 when not a number. */
static long parse_delay(const char *v, size_t n, long unit)
{
	long val = 0;
	size_t i = 0;

	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	if (i == n || v[i] < '0' || v[i] > '9')
		return -1; /* an HTTP date: treated as no header */
	for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
		if (val < 86400000)
			val = val * 10 + (v[i] - '0');
	return val * unit;
}

static void on_header(void *arg, const char *p, size_t n)
{
	struct xfer *x = arg;
	size_t len = n;
	long d;

	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (len >= 5 && !strncmp(p, "HTTP/", 5))
		x->retry_after_ms = -1; /* a new response (after a 100 Continue) */
	else if (len > 12 && !strncasecmp(p, "retry-after:", 12)) {
		if ((d = parse_delay(p + 12, len - 12, 1000)) >= 0 && x->retry_after_ms < 0)
			x->retry_after_ms = d;
	} else if (len > 15 && !strncasecmp(p, "retry-after-ms:", 15)) {
		if ((d = parse_delay(p + 15, len - 15, 1)) >= 0)
			x->retry_after_ms = d;
	}
}

static int on_cancelled(void *arg)
{
	struct xfer *x = arg;

	return cancelled(x->c);
}

/* The request's header lines into h (at most 4); the key, if any, goes
 * into auth, which the caller wipes. */
static int headers_fill(const struct ai_client *c, const char *h[4], char *auth, size_t size)
{
	int n = 0;

	h[n++] = "Content-Type: application/json";
	h[n++] = "Accept: application/json";
	h[n++] = "Expect:";
	if (c->cfg.key[0]) {
		xsnprintf(auth, size, "Authorization: Bearer %s", c->cfg.key);
		h[n++] = auth;
	}
	return n;
}

/* One POST: out says whether a response came, and its status. */
static void perform(struct ai_client *c, const char *url, const char *json,
		   const char *const *h, int n_headers, struct xfer *x, struct http_result *out)
{
	struct http_request rq;

	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.headers = h;
	rq.n_headers = n_headers;
	rq.body = json;
	rq.body_len = strlen(json);
	rq.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION;
	rq.connect_timeout_ms = c->cfg.connect_timeout_ms;
	rq.timeout_ms = c->cfg.timeout_ms;
	rq.body_max = c->cfg.body_max;
	rq.on_body = on_body;
	rq.on_header = on_header;
	rq.cancelled = on_cancelled;
	rq.arg = x;
	sbuf_reset(&x->body);
	x->retry_after_ms = -1;
	c->http->post(c->conn, &rq, out);
}

/* Mask every occurrence of the key in s, and anything shaped like an
 * OpenAI key: servers quote keys, whole or in part, in their errors. */
static void redact(char *s, const char *key)
{
	size_t kn = strlen(key), i;
	char *p;

	while (kn && (p = strstr(s, key)))
		for (i = 0; i < kn; i++)
			p[i] = '*';
	for (p = s; (p = strstr(p, "sk-")); p += 3)
		for (i = 3; p[i] && p[i] != ' ' && p[i] != ',' && p[i] != '.' && p[i] != '"'; i++)
			p[i] = '*';
}

/* The message, type and code of an OpenAI-style error body. */
static void error_detail(const struct ai_client *c, const char *body, char *msg, size_t size,
			 int *quota)
{
	cJSON *root = cJSON_Parse(body), *err, *m, *t, *code;
	char *clean;

	msg[0] = '\0';
	*quota = 0;
	err = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsString(err)) {
		m = err; /* some servers send {"error": "text"} */
		t = code = NULL;
	} else {
		m = cJSON_GetObjectItemCaseSensitive(err, "message");
		t = cJSON_GetObjectItemCaseSensitive(err, "type");
		code = cJSON_GetObjectItemCaseSensitive(err, "code");
	}
	*quota = (cJSON_IsString(t) && !strcmp(t->valuestring, "insufficient_quota")) ||
		 (cJSON_IsString(code) && !strcmp(code->valuestring, "insufficient_quota"));
	if (cJSON_IsString(m) && m->valuestring[0]) {
		clean = ai_text_sanitize(m->valuestring, SHOWN_MAX);
		redact(clean, c->cfg.key);
		if (cJSON_IsString(code) && code->valuestring[0] && strlen(code->valuestring) < 48)
			xsnprintf(msg, size, " (%s): %s", code->valuestring, clean);
		else
			xsnprintf(msg, size, ": %s", clean);
		free(clean);
		redact(msg, c->cfg.key);
	}
	cJSON_Delete(root);
}

static int retryable_status(long s)
{
	return s == 408 || s == 409 || s == 429 || (s >= 500 && s <= 599);
}

static long backoff(struct ai_client *c, int attempt)
{
	long d = c->cfg.backoff_ms, half;
	int i;

	for (i = 0; i < attempt && d < c->cfg.backoff_max_ms; i++)
		d *= 2;
	if (d > c->cfg.backoff_max_ms)
		d = c->cfg.backoff_max_ms;
	half = d / 2;
	return half + (long)(next_random(c) % (uint64_t)(half + 1));
}

/*
 * POST json to path with the retries; on success *body holds the reply
 * (the caller releases it).  The breaker and cancel flag are handled here.
 */
static int post(struct ai_client *c, const char *path, const char *json, const char *what,
		struct sbuf *body, int *attempts, struct err *e)
{
	struct xfer x = { c, SBUF_INIT, -1 };
	struct http_result res;
	const char *h[4];
	char url[AI_URL_MAX + 64], detail[SHOWN_MAX + 80], auth[AI_KEY_MAX + 32];
	long wait;
	int attempt, rc = 0, quota, n_headers;

	*attempts = 0;
	if (breaker_enter(c, e))
		return e ? e->code : ERR_FAIL;
	if (xsnprintf(url, sizeof(url), "%s%s", c->cfg.base_url, path))
		return err_set(e, ERR_USAGE, "AI endpoint '%s': URL too long", c->shown);
	sbuf_init(&x.body, c->cfg.body_max);
	n_headers = headers_fill(c, h, auth, sizeof(auth));
	for (attempt = 0;; attempt++) {
		if (cancelled(c)) {
			rc = err_set(e, ERR_FAIL, "%s at '%s': cancelled", what, c->shown);
			break;
		}
		(*attempts)++;
		perform(c, url, json, h, n_headers, &x, &res);
		wait = -1;
		if (res.outcome == HTTP_CANCELLED) {
			rc = err_set(e, ERR_FAIL, "%s at '%s': cancelled", what, c->shown);
			break;
		}
		if (res.outcome == HTTP_TOO_LARGE) {
			rc = err_set(e, ERR_FAIL, "%s at '%s': the reply is larger than %zu KiB", what,
				     c->shown, c->cfg.body_max / 1024);
			break;
		}
		if (res.outcome != HTTP_DONE) {
			if (res.outcome == HTTP_DROPPED && attempt < c->cfg.max_retries) {
				wait = backoff(c, attempt);
			} else {
				if (res.outcome == HTTP_TIMEOUT)
					rc = err_set(e, ERR_FAIL, "%s at '%s': no reply within %ld ms",
						     what, c->shown, c->cfg.timeout_ms);
				else
					rc = err_set(e, ERR_FAIL, "%s at '%s': %s", what, c->shown,
						     res.message);
				break;
			}
		} else if (res.status >= 200 && res.status <= 299) {
			break;
		} else {
			error_detail(c, x.body.buf ? x.body.buf : "", detail, sizeof(detail), &quota);
			if (retryable_status(res.status) && !quota && attempt < c->cfg.max_retries &&
			    x.retry_after_ms <= c->cfg.retry_after_max_ms) {
				wait = x.retry_after_ms >= 0 ? x.retry_after_ms : backoff(c, attempt);
			} else if (retryable_status(res.status) && !quota &&
				   attempt < c->cfg.max_retries) {
				rc = err_set(e, ERR_FAIL, "%s at '%s': HTTP %ld: the server asks to wait "
					     "%ld s", what, c->shown, res.status,
					     (x.retry_after_ms + 999) / 1000);
				break;
			} else {
				rc = err_set(e, ERR_FAIL, "%s at '%s': HTTP %ld%s", what, c->shown,
					     res.status, detail);
				break;
			}
		}
		if (nap(c, wait) < 0) {
			rc = err_set(e, ERR_FAIL, "%s at '%s': cancelled", what, c->shown);
			break;
		}
	}
	OPENSSL_cleanse(auth, sizeof(auth));
	/* a call that ends spends the cancel, whether it stopped it or came too late */
	if (atomic_exchange(&c->cancel, 0) && rc) {
		sbuf_release(&x.body);
		return rc;
	}
	if (rc) {
		breaker_fail(c);
		sbuf_release(&x.body);
		return rc;
	}
	c->pending_ok = 1;
	*body = x.body;
	return 0;
}

/* ---- chat completions */
static cJSON *response_format(const struct ai_client *c, const struct ai_chat *rq, struct err *e)
{
	cJSON *rf, *schema, *js;

	schema = cJSON_Parse(rq->schema);
	if (!schema) {
		err_set(e, ERR_USAGE, "the reply schema '%s' is not JSON",
			rq->schema_name ? rq->schema_name : "");
		return NULL;
	}
	rf = cJSON_CreateObject();
	if (c->cfg.profile->json_schema) {
		cJSON_AddStringToObject(rf, "type", "json_schema");
		js = cJSON_AddObjectToObject(rf, "json_schema");
		cJSON_AddStringToObject(js, "name", rq->schema_name ? rq->schema_name : "reply");
		cJSON_AddBoolToObject(js, "strict", 1);
		cJSON_AddItemToObject(js, "schema", schema);
	} else {
		/* json_object; llama.cpp's server constrains the reply by "schema" */
		cJSON_AddStringToObject(rf, "type", "json_object");
		cJSON_AddItemToObject(rf, "schema", schema);
	}
	return rf;
}

static char *chat_body(const struct ai_client *c, const struct ai_chat *rq, struct err *e)
{
	cJSON *o = cJSON_CreateObject(), *msgs, *m, *rf;
	char *out;
	int i;

	cJSON_AddStringToObject(o, "model", c->cfg.model);
	msgs = cJSON_AddArrayToObject(o, "messages");
	for (i = 0; i < rq->n_messages; i++) {
		m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", rq->messages[i].role);
		cJSON_AddStringToObject(m, "content", rq->messages[i].content);
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON_AddNumberToObject(o, c->cfg.profile->max_tokens_field,
				rq->max_tokens > 0 ? rq->max_tokens : c->cfg.max_tokens);
	if (ai_profile_temperature_ok(c->cfg.profile, c->cfg.model))
		cJSON_AddNumberToObject(o, "temperature", c->cfg.temperature);
	cJSON_AddBoolToObject(o, "stream", 0);
	if (rq->schema) {
		if (!(rf = response_format(c, rq, e))) {
			cJSON_Delete(o);
			return NULL;
		}
		cJSON_AddItemToObject(o, "response_format", rf);
	}
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!out)
		die_bug("out of memory");
	return out;
}

static long count(const cJSON *o, const char *k)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(x) && x->valuedouble >= 0 && x->valuedouble < 1e12 ?
		       (long)x->valuedouble : 0;
}

static void read_usage(const cJSON *root, struct ai_usage *u)
{
	const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");

	u->prompt_tokens = count(usage, "prompt_tokens");
	u->completion_tokens = count(usage, "completion_tokens");
	u->cached_tokens = count(cJSON_GetObjectItemCaseSensitive(usage, "prompt_tokens_details"),
				 "cached_tokens");
}

/* A sanitised copy of the string x, cut to size between two characters. */
static void clean_into(const cJSON *x, char *out, size_t size)
{
	char *s;
	size_t n;

	out[0] = '\0';
	if (!cJSON_IsString(x))
		return;
	s = ai_text_sanitize(x->valuestring, size - 1);
	n = strlen(s);
	if (n >= size)
		for (n = size - 1; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
			;
	memcpy(out, s, n);
	out[n] = '\0';
	free(s);
}

static void set_cost(struct ai_client *c, struct ai_reply *out)
{
	const struct ai_price *pr = NULL;

	if (c->have_prices) {
		pr = ai_prices_find(&c->prices, c->cfg.profile->name, out->model);
		if (!pr)
			pr = ai_prices_find(&c->prices, c->cfg.profile->name, c->cfg.model);
	}
	out->cost = ai_price_cost(pr, &out->usage);
}

void ai_reply_release(struct ai_reply *r)
{
	free(r->content);
	memset(r, 0, sizeof(*r));
}

int ai_client_chat(struct ai_client *c, const struct ai_chat *rq, struct ai_reply *out,
		   struct err *e)
{
	struct sbuf body = SBUF_INIT;
	cJSON *root = NULL, *choice, *msg, *content;
	char *json;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(json = chat_body(c, rq, e)))
		return e ? e->code : ERR_USAGE;
	rc = post(c, c->cfg.profile->chat_path, json, "chat completion", &body, &out->attempts, e);
	free(json);
	if (rc)
		return rc;
	root = cJSON_Parse(body.buf ? body.buf : "");
	choice = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "choices"), 0);
	msg = cJSON_GetObjectItemCaseSensitive(choice, "message");
	content = cJSON_GetObjectItemCaseSensitive(msg, "content");
	if (!root || !cJSON_IsObject(choice)) {
		rc = err_set(e, ERR_FAIL, "chat completion at '%s': the reply has no choices",
			     c->shown);
		goto fail;
	}
	clean_into(cJSON_GetObjectItemCaseSensitive(choice, "finish_reason"), out->finish_reason,
		   sizeof(out->finish_reason));
	clean_into(cJSON_GetObjectItemCaseSensitive(root, "model"), out->model, sizeof(out->model));
	if (!out->model[0])
		xstrlcpy(out->model, c->cfg.model, sizeof(out->model));
	read_usage(root, &out->usage);
	set_cost(c, out);
	if (!cJSON_IsString(content)) {
		const cJSON *refusal = cJSON_GetObjectItemCaseSensitive(msg, "refusal");

		rc = err_set(e, ERR_FAIL, "chat completion at '%s': the reply has no text%s", c->shown,
			     cJSON_IsString(refusal) ? " (the model refused)" : "");
		goto fail;
	}
	out->content = xstrdup(content->valuestring);
	cJSON_Delete(root);
	sbuf_release(&body);
	return 0;
fail:
	/* a 200 that carries nothing usable is a failure of the endpoint */
	breaker_fail(c);
	cJSON_Delete(root);
	sbuf_release(&body);
	return rc;
}

/* ---- embeddings */
int ai_client_embed(struct ai_client *c, const char *const *inputs, int n, float **vectors,
		    int *dim, struct err *e)
{
	struct sbuf body = SBUF_INIT;
	cJSON *o = cJSON_CreateObject(), *in, *root = NULL, *data, *item, *emb, *v;
	char *json, *seen = NULL;
	int i, d = -1, attempts, rc, idx;

	*vectors = NULL;
	*dim = 0;
	if (n < 1 || n > 2048)
		return err_set(e, ERR_USAGE, "embeddings: %d inputs (1 to 2048 in one call)", n);
	cJSON_AddStringToObject(o, "model", c->cfg.embed_model[0] ? c->cfg.embed_model : c->cfg.model);
	in = cJSON_AddArrayToObject(o, "input");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(in, cJSON_CreateString(inputs[i]));
	json = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!json)
		die_bug("out of memory");
	rc = post(c, c->cfg.profile->embeddings_path, json, "embeddings", &body, &attempts, e);
	free(json);
	if (rc)
		return rc;
	root = cJSON_Parse(body.buf ? body.buf : "");
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!cJSON_IsArray(data) || cJSON_GetArraySize(data) != n) {
		rc = err_set(e, ERR_FAIL, "embeddings at '%s': the reply does not hold %d vectors",
			     c->shown, n);
		goto fail;
	}
	seen = xcalloc((size_t)n, 1);
	i = 0;
	cJSON_ArrayForEach(item, data) {
		const cJSON *ix = cJSON_GetObjectItemCaseSensitive(item, "index");
		int k = 0;

		emb = cJSON_GetObjectItemCaseSensitive(item, "embedding");
		idx = cJSON_IsNumber(ix) ? ix->valueint : i;
		if (!cJSON_IsArray(emb) || idx < 0 || idx >= n || seen[idx]++ ||
		    (d >= 0 && cJSON_GetArraySize(emb) != d) || cJSON_GetArraySize(emb) < 1 ||
		    cJSON_GetArraySize(emb) > 16384) {
			rc = err_set(e, ERR_FAIL, "embeddings at '%s': vector %d is malformed",
				     c->shown, i);
			goto fail;
		}
		if (d < 0) {
			d = cJSON_GetArraySize(emb);
			*vectors = xcalloc((size_t)n * (size_t)d, sizeof(float));
		}
		cJSON_ArrayForEach(v, emb) {
			if (!cJSON_IsNumber(v)) {
				rc = err_set(e, ERR_FAIL, "embeddings at '%s': vector %d has a value "
					     "that is not a number", c->shown, i);
				goto fail;
			}
			(*vectors)[(size_t)idx * (size_t)d + (size_t)k++] = (float)v->valuedouble;
		}
		i++;
	}
	*dim = d;
	free(seen);
	cJSON_Delete(root);
	sbuf_release(&body);
	return 0;
fail:
	breaker_fail(c);
	free(seen);
	free(*vectors);
	*vectors = NULL;
	cJSON_Delete(root);
	sbuf_release(&body);
	return rc;
}

/* ---- what identifies a grading */
const char *ai_client_provider(const struct ai_client *c)
{
	return c->cfg.profile->name;
}

const char *ai_client_model(const struct ai_client *c)
{
	return c->cfg.model;
}

const char *ai_client_embed_model(const struct ai_client *c)
{
	return c->cfg.embed_model;
}

void ai_client_sampling(const struct ai_client *c, char *out, size_t size)
{
	if (ai_profile_temperature_ok(c->cfg.profile, c->cfg.model))
		xsnprintf(out, size, "temperature=%g;max_tokens=%d;format=%s", c->cfg.temperature,
			  c->cfg.max_tokens, c->cfg.profile->json_schema ? "json_schema" : "json_object");
	else
		xsnprintf(out, size, "max_tokens=%d;format=%s", c->cfg.max_tokens,
			  c->cfg.profile->json_schema ? "json_schema" : "json_object");
}
