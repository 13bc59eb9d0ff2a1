/* err.h: the error record every fallible core function fills. */
#ifndef AIDIOMA_ERR_H
#define AIDIOMA_ERR_H

#include <stddef.h>

#define ERR_MSG_MAX 1024

/*
 * A core function that can fail returns 0 on success or a negative code,
 * and on failure writes a one-line message here.  Callers add context with
 * err_prefix() as the error travels up ("importing x.json: line 3: ...").
 */
struct err {
	int code;
	char msg[ERR_MSG_MAX];
};

enum {
	ERR_FAIL = -1,     /* generic failure */
	ERR_USAGE = -2,    /* bad arguments or bad input from the user */
	ERR_NOTFOUND = -3, /* the thing asked for does not exist */
	ERR_BUSY = -4,     /* the database stayed locked past the timeout */
	ERR_NOMEM = -5
};

#define ERR_INIT { 0, "" }

/* Set the message (printf-style) and code; returns code. */
int err_set(struct err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepend "context: " to the existing message; returns e->code. */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);

/* Abort with a message: only for bugs and out-of-memory. */
void die_bug(const char *what) __attribute__((noreturn));

/* Allocation wrappers that abort on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
