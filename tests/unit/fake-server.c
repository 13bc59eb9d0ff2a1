/* fake-server.c: start, script and read the scripted OpenAI-compatible server in a test. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake-server.h"

#ifndef FAKE_OPENAI
#define FAKE_OPENAI ""
#endif
#ifndef TESTS_SRCDIR
#define TESTS_SRCDIR "tests"
#endif

const char *fake_bin(void)
{
	const char *env = getenv("FAKE_OPENAI");

	return env && *env ? env : FAKE_OPENAI;
}

void fake_start(struct fake *f, const char *script)
{
	const char *tmp = getenv("TMPDIR");
	char line[32];
	size_t n = 0;
	int pfd[2], fd;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/aidioma-fake.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->script, sizeof(f->script), "%s/script", f->dir);
	snprintf(f->log, sizeof(f->log), "%s/log", f->dir);
	fd = open(f->script, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, script, strlen(script)), (ssize_t)strlen(script));
	close(fd);
	assert_int_equal(pipe(pfd), 0);
	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execl(fake_bin(), fake_bin(), f->script, f->log, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (n < sizeof(line) - 1 && read(pfd[0], line + n, 1) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	close(pfd[0]);
	f->port = atoi(line);
	assert_true(f->port > 0);
}

void fake_stop(struct fake *f)
{
	int status;

	kill(f->pid, SIGTERM);
	waitpid(f->pid, &status, 0);
	unlink(f->script);
	unlink(f->log);
	rmdir(f->dir);
}

cJSON *fake_requests(const struct fake *f)
{
	cJSON *all = cJSON_CreateArray();
	FILE *fp = fopen(f->log, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!fp)
		return all;
	while (getline(&line, &cap, fp) > 0) {
		cJSON *o = cJSON_Parse(line);

		assert_non_null(o);
		cJSON_AddItemToArray(all, o);
	}
	free(line);
	fclose(fp);
	return all;
}

cJSON *fake_body(const cJSON *requests, int i)
{
	const cJSON *rq = cJSON_GetArrayItem(requests, i);
	cJSON *b;

	assert_non_null(rq);
	b = cJSON_Parse(cJSON_GetObjectItemCaseSensitive(rq, "body")->valuestring);
	assert_non_null(b);
	return b;
}

char *fake_completion(const char *content, const char *finish)
{
	cJSON *o = cJSON_CreateObject(), *ch = cJSON_AddArrayToObject(o, "choices"), *c, *m, *u;
	char *s;

	cJSON_AddStringToObject(o, "id", "chatcmpl-1");
	cJSON_AddStringToObject(o, "object", "chat.completion");
	cJSON_AddStringToObject(o, "model", "gpt-4o-mini-2024-07-18");
	c = cJSON_CreateObject();
	cJSON_AddNumberToObject(c, "index", 0);
	m = cJSON_AddObjectToObject(c, "message");
	cJSON_AddStringToObject(m, "role", "assistant");
	cJSON_AddStringToObject(m, "content", content);
	cJSON_AddStringToObject(c, "finish_reason", finish);
	cJSON_AddItemToArray(ch, c);
	u = cJSON_AddObjectToObject(o, "usage");
	cJSON_AddNumberToObject(u, "prompt_tokens", 1000);
	cJSON_AddNumberToObject(u, "completion_tokens", 100);
	cJSON_AddNumberToObject(u, "total_tokens", 1100);
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(u, "prompt_tokens_details"),
				"cached_tokens", 200);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	assert_non_null(s);
	return s;
}

void fake_add_reply(struct sbuf *sb, const char *content, const char *finish)
{
	char *body = fake_completion(content, finish);

	sbuf_addf(sb, "body %s\nend\n", body);
	free(body);
}

void fake_add_raw(struct sbuf *sb, const char *entry)
{
	sbuf_adds(sb, entry);
	sbuf_adds(sb, "end\n");
}

void fake_config(struct ai_config *c, const struct fake *f)
{
	ai_config_defaults(c);
	snprintf(c->base_url, sizeof(c->base_url), "http://127.0.0.1:%d/v1", f->port);
	xstrlcpy(c->model, "gpt-4o-mini", sizeof(c->model));
	c->profile = ai_profile_find("openai");
	c->connect_timeout_ms = 2000;
	c->timeout_ms = 5000;
	c->backoff_ms = 2;
	c->backoff_max_ms = 10;
	c->retry_after_max_ms = 500;
	c->breaker_failures = 5;
	c->breaker_cooldown_ms = 150;
	snprintf(c->prices_path, sizeof(c->prices_path), "%s/../data/prices.json", TESTS_SRCDIR);
}
