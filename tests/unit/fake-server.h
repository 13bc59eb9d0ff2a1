/* fake-server.h: the scripted OpenAI-compatible server as a child process of a test. */
#ifndef AIDIOMA_TEST_FAKE_SERVER_H
#define AIDIOMA_TEST_FAKE_SERVER_H

#include <sys/types.h>
#include <cjson/cJSON.h>
#include "aidioma/aiclient.h"
#include "aidioma/util.h"

struct fake {
	pid_t pid;
	int port;
	char dir[256], script[320], log[320];
};

/* The server program: $FAKE_OPENAI, else the one built with the tests
 * ("" when none). */
const char *fake_bin(void);
/* Start the server on script (fake_openai's directives); asserts it runs. */
void fake_start(struct fake *f, const char *script);
/* Stop it and remove its files. */
void fake_stop(struct fake *f);
/* The requests it received, as a JSON array (caller deletes). */
cJSON *fake_requests(const struct fake *f);
/* The body of request i, parsed (caller deletes). */
cJSON *fake_body(const cJSON *requests, int i);
/* A chat completion whose message content is content (with usage: 1000
 * prompt tokens, 200 of them cached, 100 out), to free(). */
char *fake_completion(const char *content, const char *finish);
/* Append to a script an entry that answers a chat completion of content
 * (with usage: 1000 prompt tokens, 200 of them cached, 100 out). */
void fake_add_reply(struct sbuf *sb, const char *content, const char *finish);
/* Append a raw entry (directives, each ending in a newline) and its "end". */
void fake_add_raw(struct sbuf *sb, const char *entry);
/* A configuration for the server: the openai profile, gpt-4o-mini, short
 * timeouts and backoffs, the project's price table. */
void fake_config(struct ai_config *c, const struct fake *f);

#endif
