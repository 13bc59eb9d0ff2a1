/* http-int.h: the HTTP transport under http.c, the module http.so (http-curl.c, libcurl). */
#ifndef AIDIOMA_HTTP_INT_H
#define AIDIOMA_HTTP_INT_H

#include <stddef.h>
#include "aidioma/module.h"

/* Raise it at each change of anything in this file. */
#define HTTP_MODULE_ABI 1

/* The parts of a URL that the client checks and shows; "" when absent. */
struct http_url {
	char scheme[16];
	char host[256];
	char port[8];
	char path[512];
};

/* One POST.  The callbacks run on the calling thread, during post(). */
struct http_request {
	const char *url;
	const char *const *headers;  /* "Name: value" lines; the module wipes its copies */
	int n_headers;
	const char *body;
	size_t body_len;
	const char *user_agent;
	long connect_timeout_ms;
	long timeout_ms;             /* the whole attempt */
	size_t body_max;             /* a longer reply stops the transfer: HTTP_TOO_LARGE */
	/* a piece of the reply body; -1 stops the transfer (HTTP_TOO_LARGE) */
	int (*on_body)(void *arg, const char *p, size_t n);
	/* one header line, CR LF included */
	void (*on_header)(void *arg, const char *p, size_t n);
	/* polled often: non-zero stops the transfer (HTTP_CANCELLED) */
	int (*cancelled)(void *arg);
	void *arg;
};

enum http_outcome {
	HTTP_DONE,       /* a response came: see status */
	HTTP_CANCELLED,
	HTTP_TOO_LARGE,
	HTTP_TIMEOUT,
	HTTP_DROPPED,    /* the connection broke: worth another try */
	HTTP_FAILED      /* anything else (refused, DNS, TLS): see message */
};

struct http_result {
	enum http_outcome outcome;
	long status;                 /* the HTTP status when a response came, else 0 */
	char message[256];           /* what went wrong, for HTTP_FAILED */
};

struct http_conn; /* a connection cache: one per client, one thread at a time */

/* The module's table, exported as "aidioma_http_module". */
struct http_module {
	struct module_head head;
	/* Split url; 0, or -1 when it is not a URL. */
	int (*parse_url)(const char *url, struct http_url *out);
	/* NULL, with message filled, when the library cannot start. */
	struct http_conn *(*open)(char *message, size_t size);
	void (*close)(struct http_conn *c);
	/* 0 when out->outcome is HTTP_DONE, else -1. */
	int (*post)(struct http_conn *c, const struct http_request *rq, struct http_result *out);
};

#endif
