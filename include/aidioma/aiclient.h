/* aiclient.h: the OpenAI-compatible endpoint: configuration, the HTTP client, AI grading. */
#ifndef AIDIOMA_AICLIENT_H
#define AIDIOMA_AICLIENT_H

#include <stddef.h>
#include "aidioma/ai.h"
#include "aidioma/err.h"
#include "aidioma/settings.h"

/* ---- provider profiles (SPEC 4.3): what each kind of server accepts */
struct ai_profile {
	const char *name;             /* openai, ollama, llamacpp, vllm */
	const char *max_tokens_field; /* "max_tokens" or "max_completion_tokens" */
	int temperature;              /* 1: the server takes a temperature */
	int json_schema;              /* 1: response_format json_schema; 0: json_object */
	const char *chat_path;        /* appended to the base URL */
	const char *embeddings_path;
	int local;                    /* 1: a server on your machine: nothing to pay */
};

/* The profile called name; NULL when there is none. */
const struct ai_profile *ai_profile_find(const char *name);
/* The names of all profiles, "openai, ollama, ..." (for messages). */
const char *ai_profile_names(void);
/* 1 when a request for model may carry a temperature: the profile takes
 * one and the model is not one of OpenAI's reasoning models, which refuse it. */
int ai_profile_temperature_ok(const struct ai_profile *p, const char *model);

/* ---- configuration */
#define AI_URL_MAX 512
#define AI_MODEL_MAX 128
#define AI_KEY_MAX 512
#define AI_PATH_MAX 4096
#define AI_BODY_MAX (1024 * 1024) /* the largest reply body read */

struct ai_config {
	char base_url[AI_URL_MAX];   /* "http://127.0.0.1:11434/v1"; "" means offline */
	char model[AI_MODEL_MAX];
	/* The model of {base}/embeddings (SPEC 4.2), such as text-embedding-3-small
	 * or nomic-embed-text; "": the built-in embedding, no call. */
	char embed_model[AI_MODEL_MAX];
	const struct ai_profile *profile;
	/* The API key, "" for none.  It lives only here and in the client's
	 * copy: never logged, never put in a message, never written anywhere;
	 * ai_config_release() wipes it. */
	char key[AI_KEY_MAX];
	long connect_timeout_ms;
	long timeout_ms;             /* the whole of one attempt */
	int max_retries;             /* 0..2 further attempts after the first */
	long backoff_ms;             /* the first backoff; it doubles, with jitter */
	long backoff_max_ms;
	long retry_after_max_ms;     /* a longer Retry-After fails at once instead */
	int breaker_failures;        /* failed calls in a row that pause the endpoint */
	long breaker_cooldown_ms;    /* how long it stays paused */
	size_t body_max;             /* reply bodies above this abort the transfer */
	int max_tokens;              /* for a reply */
	double temperature;          /* sent when the profile and model allow it */
	char prices_path[AI_PATH_MAX]; /* "": found by ai_prices_path() */
};

/* Defaults: offline, the openai profile, production timeouts and limits. */
void ai_config_defaults(struct ai_config *c);
/*
 * Defaults, then the settings ai_url, ai_model and ai_profile (s may be
 * NULL), then the environment: AIDIOMA_AI_URL (set but empty: offline),
 * AIDIOMA_AI_MODEL, AIDIOMA_AI_PROFILE, AIDIOMA_AI_EMBED_MODEL.  With an endpoint set, the key from
 * AIDIOMA_API_KEY, else OPENAI_API_KEY, else the key file
 * ($AIDIOMA_API_KEY_FILE, which must exist, else $XDG_CONFIG_HOME/aidioma/key,
 * which may be missing).  ERR_USAGE on a bad profile, a missing model, or a
 * key file that is not safe, ERR_NOTFOUND when $AIDIOMA_API_KEY_FILE names
 * no file; messages never contain the key.
 */
int ai_config_load(struct ai_config *c, const struct settings *s, struct err *e);
/* 1 when an endpoint is set. */
int ai_config_online(const struct ai_config *c);
/* Wipe the key. */
void ai_config_release(struct ai_config *c);
/*
 * Read a key file into out: a regular file (not a symbolic link) owned by
 * you that no one else may read or write (mode 0600 or 0400); its first
 * line, trimmed.  ERR_NOTFOUND when there is no such file; ERR_USAGE
 * naming the file, and the chmod that fixes it, when it is not safe.
 */
int ai_key_file_read(const char *path, char *out, size_t size, struct err *e);

/* ---- what a call cost (data/prices.json) */
struct ai_usage {
	long prompt_tokens;
	long completion_tokens;
	long cached_tokens;     /* of the prompt tokens, those read from the server's cache */
};

struct ai_price {
	char model[AI_MODEL_MAX]; /* "*" matches every model of the profile */
	char profile[16];         /* "" for any profile */
	double input, cached_input, output; /* USD per million tokens */
};

struct ai_prices {
	struct ai_price *v;
	int n;
	char taken[32];         /* the date the prices were read from the price list */
};

/* The price table: $AIDIOMA_PRICES, else data/prices.json beside the
 * program (a build tree), else the installed data directory. */
int ai_prices_path(char *out, size_t size, struct err *e);
/* Load a price table; ERR_USAGE naming the file and the entry when bad. */
int ai_prices_load(struct ai_prices *p, const char *path, struct err *e);
void ai_prices_release(struct ai_prices *p);
/* The price of model on profile: an exact name, else the longest name that
 * is a prefix of model followed by '-' (dated snapshots), else the
 * profile's "*"; NULL when unknown. */
const struct ai_price *ai_prices_find(const struct ai_prices *p, const char *profile,
				      const char *model);
/* USD for one call; 0 when pr is NULL. */
double ai_price_cost(const struct ai_price *pr, const struct ai_usage *u);

/* ---- text from a model */
/* A string from a model, fit to show and store: terminal escape sequences
 * (CSI, OSC, DCS, in 7-bit and C1 forms) removed whole, then text_clean().
 * Caller frees. */
char *ai_text_sanitize(const char *s, size_t max_chars);
/* The JSON in a reply: a ``` fence (```json) and text around the outermost
 * braces removed.  Caller frees. */
char *ai_reply_unfence(const char *content);

/* ---- the client */
struct ai_client; /* opaque */

struct ai_message {
	const char *role;    /* system, user, assistant */
	const char *content;
};

struct ai_chat {
	const struct ai_message *messages;
	int n_messages;
	const char *schema_name; /* NULL: a free-text reply */
	const char *schema;      /* the JSON Schema of the reply, as JSON text */
	int max_tokens;          /* 0: the configuration's */
};

struct ai_reply {
	char *content;                /* the message as the model sent it: NOT cleaned */
	char finish_reason[32];       /* stop, length, ... (cleaned) */
	char model[AI_MODEL_MAX];     /* the model that answered (cleaned) */
	struct ai_usage usage;
	double cost;                  /* USD; 0 when the price is unknown */
	int attempts;                 /* HTTP requests made */
};

void ai_reply_release(struct ai_reply *r);

/*
 * A client for cfg's endpoint (cfg is copied, key included; the caller may
 * release cfg).  ERR_USAGE when no endpoint is set, the URL is not http or
 * https, or a key would travel over plain http to a host that is not this
 * machine.  Free with ai_client_free().  One thread at a time may call it;
 * ai_client_cancel() may come from any thread.
 */
struct ai_client *ai_client_new(const struct ai_config *cfg, struct err *e);
void ai_client_free(struct ai_client *c);

/*
 * POST {base}/chat/completions.  Retries 408, 409, 429, 5xx and dropped
 * connections at most max_retries times (Retry-After honoured, else a
 * jittered exponential backoff); no retry on other 4xx nor on
 * insufficient_quota.  After breaker_failures failed calls in a row the
 * client fails at once for breaker_cooldown_ms.  0 and out filled (free it
 * with ai_reply_release), or ERR_FAIL with a message that names the
 * endpoint and never the key.
 */
int ai_client_chat(struct ai_client *c, const struct ai_chat *rq, struct ai_reply *out,
		   struct err *e);
/*
 * POST {base}/embeddings for n inputs, with the configuration's embed_model
 * (its chat model when that is empty).  *vectors gets n * *dim floats, row
 * by row (caller frees).  Same retries and breaker as ai_client_chat.
 */
int ai_client_embed(struct ai_client *c, const char *const *inputs, int n, float **vectors,
		    int *dim, struct err *e);

/* Stop the call in progress (or the next one, if none runs) as soon as
 * possible: it fails with "cancelled", without counting as a failure of
 * the endpoint.  The end of a call spends the request.  Safe from any
 * thread. */
void ai_client_cancel(struct ai_client *c);
/* 1 while the circuit breaker keeps the endpoint paused. */
int ai_client_paused(struct ai_client *c);
/* A reply arrived but was unusable: counts as a failure for the breaker. */
void ai_client_report_invalid(struct ai_client *c);

/* What identifies the grading for the cache key: profile name, model and
 * the sampling settings ("temperature=0;max_tokens=800;format=json_schema"). */
const char *ai_client_provider(const struct ai_client *c);
const char *ai_client_model(const struct ai_client *c);
/* The embeddings model, "" when none is configured. */
const char *ai_client_embed_model(const struct ai_client *c);
void ai_client_sampling(const struct ai_client *c, char *out, size_t size);

/* ---- grading through the AI (SPEC 4.1 step 4) */
/* The version of the grading prompt and the rubric table together: part of
 * the cache key, so that a change to either never serves old grades.
 * 3: a medium inflection error costs 12, not 10 (the teachers' band). */
#define AI_RUBRIC_VERSION "rubric-4"
#define AI_MAX_ERRORS 16

/* Points one error costs, by category and severity. */
double ai_rubric_deduction(enum error_cat c, enum severity s);

/*
 * Read a grading reply (the message content) for the normalised answer into
 * r (initialised here): the errors and the corrected sentence, every string
 * sanitised, each error's learner text checked against the answer, the
 * word diff, and the score from the rubric less the hints.  ERR_USAGE when
 * the reply is not JSON at all (worth asking once more), ERR_FAIL when it
 * is JSON that breaks the rules; r is left empty on failure.
 */
int ai_grade_reply(const char *content, const char *normalized, int hints_used,
		   struct eval_result *r, struct err *e);

/*
 * The AI as a stage of the grading pipeline.  It borrows c: free the
 * evaluator before the client.  An unusable reply or a failed call is an
 * error (never ERR_NOTFOUND), so that the pipeline falls back to the
 * offline evaluator and caches nothing.
 */
struct evaluator *ai_evaluator_new(struct ai_client *c);

/* ---- the pipeline as configured: an AI stage when an endpoint is set */
struct grading {
	struct grader *grader;
	struct ai_client *client; /* NULL offline */
	char sampling[64];
	char warning[512];        /* why grading is offline although asked otherwise */
};
/* Build the grading pipeline from the settings and AIDIOMA_AI_*; with
 * offline_only, or no endpoint, or a bad key file (then g->warning says
 * why), it grades offline.  Free with grading_close(). */
int grading_open(struct store *st, const struct settings *set, int offline_only,
		 struct grading *g, struct err *e);
void grading_close(struct grading *g);
/* Cancel an AI call in flight (from any thread). */
void grading_cancel(struct grading *g);

#endif
