/* fake_openai.c: a scripted OpenAI-compatible server on a loopback port, for the tests. */
/*
 * fake_openai SCRIPT LOG
 *
 * Listens on 127.0.0.1 on a port of its choosing, prints the port on
 * stdout, and answers one request per script entry, in order; then exits
 * (or on SIGTERM).  Every request is appended to LOG as one line of JSON:
 * {"n":1,"method":"POST","path":"/v1/chat/completions",
 *  "headers":{"content-type":"application/json",...},"body":"..."}
 * with header names in lower case.
 *
 * The script: one directive per line, '#' comments, entries ended by "end":
 *   status 429            the status code (200 unless given)
 *   header Retry-After: 1 a header of the response (repeatable)
 *   delay 50              wait this many ms before answering
 *   trickle 20            send the body one byte every this many ms
 *   reset                 read the request, then reset the connection
 *   oversize 2000000      send this many bytes of body, without a Content-Length
 *   body {"x": 1}         the body (repeatable: lines are joined with \n)
 *   end
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

#define HEAD_MAX 65536
#define REQ_BODY_MAX (4 * 1024 * 1024)
#define IDLE_LIMIT_S 60 /* a forgotten server ends on its own */

struct entry {
	int status;
	char *headers;  /* "Name: value\r\n"... */
	char *body;
	long delay_ms, trickle_ms, oversize;
	int reset;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "fake_openai: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void *xrealloc_or_die(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q)
		die("out of memory");
	return q;
}

/* Append s (n bytes) to the heap string *dst. */
static void append(char **dst, const char *s, size_t n)
{
	size_t have = *dst ? strlen(*dst) : 0;

	*dst = xrealloc_or_die(*dst, have + n + 1);
	memcpy(*dst + have, s, n);
	(*dst)[have + n] = '\0';
}

static void sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !stop)
		;
}

static struct entry *read_script(const char *path, int *n_out)
{
	FILE *f = fopen(path, "r");
	struct entry *v = NULL, *cur = NULL;
	char line[65536];
	int n = 0;

	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		char *arg;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (!cur) {
			v = xrealloc_or_die(v, (size_t)(n + 1) * sizeof(*v));
			cur = &v[n++];
			memset(cur, 0, sizeof(*cur));
			cur->status = 200;
		}
		arg = strchr(line, ' ');
		if (arg)
			*arg++ = '\0';
		else
			arg = line + len;
		if (!strcmp(line, "status"))
			cur->status = atoi(arg);
		else if (!strcmp(line, "header")) {
			append(&cur->headers, arg, strlen(arg));
			append(&cur->headers, "\r\n", 2);
		} else if (!strcmp(line, "delay"))
			cur->delay_ms = atol(arg);
		else if (!strcmp(line, "trickle"))
			cur->trickle_ms = atol(arg);
		else if (!strcmp(line, "reset"))
			cur->reset = 1;
		else if (!strcmp(line, "oversize"))
			cur->oversize = atol(arg);
		else if (!strcmp(line, "body")) {
			if (cur->body)
				append(&cur->body, "\n", 1);
			append(&cur->body, arg, strlen(arg));
		} else if (!strcmp(line, "end"))
			cur = NULL;
		else {
			fprintf(stderr, "fake_openai: %s: unknown directive '%s'\n", path, line);
			exit(2);
		}
	}
	fclose(f);
	*n_out = n;
	return v;
}

/* Write all of s; -1 when the peer went away. */
static int send_all(int fd, const char *s, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = send(fd, s, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static void json_string(FILE *f, const char *s, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Read one request and log it; 0, or -1 when the client sent nothing usable. */
static int read_request(int fd, int n, FILE *log)
{
	char *buf = malloc(HEAD_MAX + 1), *end = NULL, *p, *next, *body = NULL;
	char *method, *path, *sp;
	size_t have = 0, body_len = 0, got, i;
	int first_header = 1, rc = -1;
	ssize_t k;

	if (!buf)
		die("out of memory");
	while (have < HEAD_MAX) {
		k = recv(fd, buf + have, HEAD_MAX - have, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			goto out;
		have += (size_t)k;
		buf[have] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")))
			break;
	}
	if (!end)
		goto out;
	end[2] = '\0'; /* the head, each line still ending in \r\n */
	got = have - (size_t)(end + 4 - buf);
	/* the request line */
	next = strstr(buf, "\r\n");
	*next = '\0';
	method = buf;
	if (!(sp = strchr(method, ' ')))
		goto out;
	*sp = '\0';
	path = sp + 1;
	if ((sp = strchr(path, ' ')))
		*sp = '\0';
	fprintf(log, "{\"n\":%d,\"method\":", n);
	json_string(log, method, strlen(method));
	fprintf(log, ",\"path\":");
	json_string(log, path, strlen(path));
	fprintf(log, ",\"headers\":{");
	for (p = next + 2; *p; p = next + 2) {
		char *colon, *v;

		next = strstr(p, "\r\n");
		*next = '\0';
		if (!(colon = strchr(p, ':')))
			continue;
		*colon = '\0';
		for (i = 0; p[i]; i++)
			if (p[i] >= 'A' && p[i] <= 'Z')
				p[i] = (char)(p[i] + 32);
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if (!strcmp(p, "content-length"))
			body_len = (size_t)strtoul(v, NULL, 10);
		if (!strcmp(p, "expect") && strstr(v, "100-continue"))
			send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
		fprintf(log, "%s", first_header ? "" : ",");
		first_header = 0;
		json_string(log, p, strlen(p));
		fputc(':', log);
		json_string(log, v, strlen(v));
	}
	fprintf(log, "},\"body\":");
	if (body_len > REQ_BODY_MAX)
		body_len = 0;
	if (!(body = malloc(body_len + 1)))
		die("out of memory");
	memcpy(body, end + 4, got < body_len ? got : body_len);
	while (got < body_len) {
		k = recv(fd, body + got, body_len - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	json_string(log, body, got < body_len ? got : body_len);
	fprintf(log, "}\n");
	fflush(log);
	rc = 0;
out:
	free(buf);
	free(body);
	return rc;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static void respond(int fd, const struct entry *en)
{
	const char *body = en->body ? en->body : "";
	size_t n = strlen(body), i;
	char head[8192];
	struct linger lg = { 1, 0 };

	if (en->delay_ms)
		sleep_ms(en->delay_ms);
	if (en->reset) {
		/* an abortive close: the client sees a reset, not an end of file */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		return;
	}
	if (en->oversize) {
		char chunk[8192];
		long left = en->oversize;

		snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
			 "Connection: close\r\n%s\r\n", en->status, reason(en->status),
			 en->headers ? en->headers : "");
		if (send_all(fd, head, strlen(head)) < 0)
			return;
		memset(chunk, 'x', sizeof(chunk));
		while (left > 0 && !stop) {
			size_t k = left > (long)sizeof(chunk) ? sizeof(chunk) : (size_t)left;

			if (send_all(fd, chunk, k) < 0)
				return;
			left -= (long)k;
		}
		return;
	}
	snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
		 "Connection: close\r\n%sContent-Length: %zu\r\n\r\n", en->status,
		 reason(en->status), en->headers ? en->headers : "", n);
	if (send_all(fd, head, strlen(head)) < 0)
		return;
	if (!en->trickle_ms) {
		send_all(fd, body, n);
		return;
	}
	for (i = 0; i < n && !stop; i++) {
		if (send_all(fd, body + i, 1) < 0)
			return;
		sleep_ms(en->trickle_ms);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	struct sigaction sa;
	struct entry *script;
	FILE *log;
	int lfd, fd, n_entries, i, one = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: fake_openai SCRIPT LOG\n");
		return 2;
	}
	script = read_script(argv[1], &n_entries);
	if (!(log = fopen(argv[2], "a")))
		die(argv[2]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: accept() returns */
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(lfd, 16) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&addr, &alen) < 0)
		die("listen");
	printf("%d\n", ntohs(addr.sin_port));
	fflush(stdout);
	alarm(IDLE_LIMIT_S);
	for (i = 0; i < n_entries && !stop;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		alarm(IDLE_LIMIT_S);
		if (read_request(fd, i + 1, log) == 0)
			respond(fd, &script[i++]);
		close(fd);
	}
	close(lfd);
	fclose(log);
	for (i = 0; i < n_entries; i++) {
		free(script[i].headers);
		free(script[i].body);
	}
	free(script);
	return 0;
}
