/* http-curl.c: the module http.so: one POST over libcurl for http.c, nothing of the core. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <openssl/crypto.h>

#include "config.h"
#include "ai/http-int.h"
#include "banned.h"

struct http_conn {
	CURL *curl;
};

/* What one transfer's callbacks need. */
struct xfer {
	const struct http_request *rq;
	int too_large;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void part(CURLU *u, CURLUPart what, char *out, size_t size)
{
	char *v = NULL;

	out[0] = '\0';
	if (curl_url_get(u, what, &v, 0) == CURLUE_OK && v && strlen(v) < size)
		memcpy(out, v, strlen(v) + 1);
	curl_free(v);
}

static int parse_url(const char *url, struct http_url *out)
{
	CURLU *u = curl_url();
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		part(u, CURLUPART_SCHEME, out->scheme, sizeof(out->scheme));
		part(u, CURLUPART_HOST, out->host, sizeof(out->host));
		part(u, CURLUPART_PORT, out->port, sizeof(out->port));
		part(u, CURLUPART_PATH, out->path, sizeof(out->path));
		rc = out->scheme[0] && out->host[0] ? 0 : -1;
	}
	curl_url_cleanup(u);
	return rc;
}

static struct http_conn *conn_open(char *message, size_t size)
{
	struct http_conn *c;

	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK) {
		snprintf(message, size, "cannot start libcurl: %s", curl_easy_strerror(global_rc));
		return NULL;
	}
	if (!(c = calloc(1, sizeof(*c))) || !(c->curl = curl_easy_init())) {
		free(c);
		snprintf(message, size, "cannot start libcurl: out of memory");
		return NULL;
	}
	return c;
}

static void conn_close(struct http_conn *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	free(c);
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	if (x->rq->on_body(x->rq->arg, p, n) < 0) {
		x->too_large = 1;
		return 0; /* aborts the transfer */
	}
	return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;

	x->rq->on_header(x->rq->arg, p, size * nmemb);
	return size * nmemb;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct xfer *x = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return x->rq->cancelled(x->rq->arg) ? 1 : 0;
}

/* Wipe the strings of a header list (the key is in one) and free it. */
static void headers_free(struct curl_slist *h)
{
	struct curl_slist *p;

	for (p = h; p; p = p->next)
		OPENSSL_cleanse(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static enum http_outcome outcome_of(CURLcode rc, const struct xfer *x, int cancelled)
{
	if (rc == CURLE_ABORTED_BY_CALLBACK || (rc != CURLE_OK && cancelled))
		return HTTP_CANCELLED;
	if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		return HTTP_TOO_LARGE;
	switch (rc) {
	case CURLE_OK:
		return HTTP_DONE;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_TIMEOUT;
	/* a timeout or refusal is no reason to try again: the learner has
	 * waited already, or nothing listens there */
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return HTTP_DROPPED;
	default:
		return HTTP_FAILED;
	}
}

static int post(struct http_conn *c, const struct http_request *rq, struct http_result *out)
{
	struct xfer x = { rq, 0 };
	struct curl_slist *h = NULL, *n;
	CURL *k = c->curl;
	CURLcode rc;
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < rq->n_headers; i++) {
		if (!(n = curl_slist_append(h, rq->headers[i]))) {
			headers_free(h);
			out->outcome = HTTP_FAILED;
			snprintf(out->message, sizeof(out->message), "out of memory");
			return -1;
		}
		h = n;
	}
	curl_easy_reset(k);
	curl_easy_setopt(k, CURLOPT_URL, rq->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(k, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(k, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(k, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(k, CURLOPT_FOLLOWLOCATION, 0L); /* the key goes nowhere else */
	curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS, rq->connect_timeout_ms);
	curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	curl_easy_setopt(k, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(k, CURLOPT_USERAGENT, rq->user_agent);
	curl_easy_setopt(k, CURLOPT_POSTFIELDS, rq->body);
	curl_easy_setopt(k, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
	curl_easy_setopt(k, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(k, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)rq->body_max);
	curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(k, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(k, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(k, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(k, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(k, CURLOPT_XFERINFODATA, &x);
	curl_easy_setopt(k, CURLOPT_NOPROGRESS, 0L);
	rc = curl_easy_perform(k);
	curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, &out->status);
	/* nothing of this request stays in the handle */
	curl_easy_setopt(k, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(k, CURLOPT_POSTFIELDS, NULL);
	headers_free(h);
	out->outcome = outcome_of(rc, &x, rq->cancelled(rq->arg));
	if (out->outcome == HTTP_FAILED)
		snprintf(out->message, sizeof(out->message), "%s", curl_easy_strerror(rc));
	return out->outcome == HTTP_DONE ? 0 : -1;
}

MODULE_EXPORT const struct http_module aidioma_http_module = {
	MODULE_HEAD("http", HTTP_MODULE_ABI),
	parse_url,
	conn_open,
	conn_close,
	post,
};
