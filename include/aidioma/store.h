/* store.h: the SQLite store, the only module that touches SQLite. */
#ifndef AIDIOMA_STORE_H
#define AIDIOMA_STORE_H

#include <stddef.h>
#include "aidioma/err.h"
#include "aidioma/util.h"

struct store; /* opaque */

enum {
	STORE_CREATE = 1 << 0,   /* create the file (and its directory) if missing */
	STORE_READONLY = 1 << 1, /* open without writing, never migrate */
};

/*
 * Open the database at path, in WAL mode with foreign keys on and a busy
 * timeout, and bring its schema to the latest version.  A database newer
 * than this program is refused.  Free with store_close().
 */
int store_open(const char *path, int flags, struct store **out, struct err *e);
/* As store_open, but migrate only up to version (tests of upgrades). */
int store_open_version(const char *path, int version, struct store **out, struct err *e);
void store_close(struct store *st);

int store_schema_version(struct store *st);
int store_latest_version(void);
const char *store_path(const struct store *st);

/*
 * Transactions.  store_begin() takes the write lock at once (BEGIN
 * IMMEDIATE), so writers queue on the busy timeout instead of failing on
 * upgrade; nested calls become savepoints.
 */
int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* ---- users */
struct user {
	char id[37];
	char login[65];
	char display_name[129];
	char role[16];  /* learner, teacher */
	char level[16]; /* beginner, intermediate, advanced */
	char *preferences; /* JSON object; owned, freed by user_release() */
	ms_t created_at, updated_at;
};
void user_release(struct user *u);
/* ERR_NOTFOUND when there is no such login. */
int store_user_get(struct store *st, const char *login, struct user *u, struct err *e);
/* Get the user, creating a learner of that login when missing. */
int store_user_ensure(struct store *st, const char *login, struct user *u, struct err *e);
/* Save display name, role, level and preferences of u (found by id). */
int store_user_update(struct store *st, const struct user *u, struct err *e);
int store_user_count(struct store *st, long *n, struct err *e);

/* ---- content */
struct content {
	char id[65];
	char type[16];       /* sentence, text, flashcard, scenario */
	char difficulty[16]; /* beginner, intermediate, advanced */
	char topic[64];
	char *primary_text;   /* Spanish */
	char *secondary_text; /* English */
	char *metadata;       /* JSON object */
	char pack_id[65];
	long usage_count;
	double success_rate; /* NAN when unknown */
};
/* Frees the strings of a content filled by the store. */
void content_release(struct content *c);

enum { UPSERT_NEW, UPSERT_UPDATED, UPSERT_UNCHANGED };
/* Insert or update one item (its strings are borrowed); *result says which. */
int store_content_upsert(struct store *st, const struct content *c, int *result, struct err *e);
/* Insert the n items of list, none of them stored yet, in that order (strings
 * borrowed): for imports.  Only inside a transaction (store_begin), which the
 * caller rolls back when this fails. */
int store_content_insert_many(struct store *st, const struct content *list, int n,
			      struct err *e);
int store_content_get(struct store *st, const char *id, struct content *c, struct err *e);
/* Count items; type and difficulty may be NULL for any. */
int store_content_count(struct store *st, const char *type, const char *difficulty, long *n,
			struct err *e);
/* Call fn for each item of type (NULL: all) in id order; fn returning non-zero stops. */
int store_content_foreach(struct store *st, const char *type,
			  int (*fn)(const struct content *c, void *ctx), void *ctx, struct err *e);

/* Ids of the items of type the user has never tried (at most limit; 0: all),
 * the most frequent first (metadata.band) and then in id order; the
 * filters (difficulty, topic, a grammar tag in metadata.grammar) may be
 * NULL.  *ids is an array of *n ids the caller frees with free(). */
int store_content_unseen(struct store *st, const char *user_id, const char *type,
			 const char *difficulty, const char *topic, const char *grammar, int limit,
			 char (**ids)[65], int *n, struct err *e);

struct pack_record {
	const char *id, *kind, *title, *source, *sha256;
	int format_version;
	long item_count;
};
int store_pack_record(struct store *st, const struct pack_record *p, struct err *e);

/* ---- the activity stream */
struct activity {
	char id[37];          /* filled by store_activity_add when empty */
	char user_id[37];
	char type[16];        /* practice, reading, memorize, conversation */
	char content_id[65];  /* empty: none */
	double score;         /* 0..100, NAN: none */
	long long duration_ms;
	char *metadata;       /* JSON object; NULL means {} */
	int ai_cached;
	double ai_cost;
	char *ai_model;       /* NULL: none */
	ms_t created_at;      /* 0: now */
};
/* Frees the strings of an activity filled by the store. */
void activity_release(struct activity *a);
/* Append one activity (strings borrowed) and keep the daily and dashboard
 * figures current, in one transaction. */
int store_activity_add(struct store *st, struct activity *a, struct err *e);
/* Append the n activities of list in that order, as n calls of
 * store_activity_add() would, with far fewer statements: for imports of whole
 * review logs.  Only inside a transaction (store_begin), which the caller
 * rolls back when this fails. */
int store_activity_add_many(struct store *st, struct activity *list, int n, struct err *e);
/* The user's latest activities, newest first; *out is an array of *n that
 * the caller frees with store_activity_free(). */
int store_activity_recent(struct store *st, const char *user_id, int limit,
			  struct activity **out, int *n, struct err *e);
void store_activity_free(struct activity *list, int n);
/* Take back one of the user's activities (the flashcard undo), with its
 * share of the day's and the dashboard's figures, in one transaction. */
int store_activity_delete(struct store *st, const char *user_id, const char *activity_id,
			  struct err *e);
/* Flashcard reviews of the user between from and to: of new cards, and of
 * the others (for the daily limits). */
int store_memorize_counts(struct store *st, const char *user_id, ms_t from, ms_t to,
			  long *new_cards, long *reviews, struct err *e);
/* Whether an activity with this id is recorded (imports that run twice). */
int store_activity_exists(struct store *st, const char *id, int *exists, struct err *e);
/* Every activity of the user, oldest first. */
int store_activity_foreach(struct store *st, const char *user_id,
			   int (*fn)(const struct activity *a, void *ctx), void *ctx, struct err *e);

/* ---- progress: one row per (user, content) */
struct progress {
	char id[37];
	char user_id[37];
	char content_id[65];
	char content_type[16];
	long attempts;
	double best_score, last_score; /* NAN: none */
	ms_t last_attempt_at;          /* 0: never */
	int mastery_level;             /* 0..5 */
	ms_t next_review_at;           /* 0: not scheduled */
	double interval_days;
	double easiness;               /* SM-2 EF */
	long repetitions;              /* SM-2 */
	double stability, difficulty;  /* FSRS */
	int state;                     /* 0 new, 1 learning, 2 review, 3 relearning */
	int step;
	long reps, lapses;
	int suspended;
	char *metadata;                /* JSON object; NULL means {} */
	ms_t updated_at;
};
void progress_init(struct progress *p, const char *user_id, const char *content_id,
		   const char *content_type);
void progress_release(struct progress *p);
int store_progress_get(struct store *st, const char *user_id, const char *content_id,
		       struct progress *p, struct err *e);
/* Insert or replace the row of (p->user_id, p->content_id). */
int store_progress_put(struct store *st, struct progress *p, struct err *e);
/* Items due at now (next review <= now, not suspended), earliest first. */
int store_progress_due(struct store *st, const char *user_id, ms_t now, int limit,
		       struct progress **out, int *n, struct err *e);
void store_progress_free(struct progress *list, int n);
/* As store_progress_due, for one content type only. */
int store_progress_due_of_type(struct store *st, const char *user_id, const char *type, ms_t now,
			       int limit, struct progress **out, int *n, struct err *e);
/* Count an attempt at an item in its progress row (made when missing):
 * attempts, last and best score (score NAN: none), last attempt at. */
int store_progress_attempt(struct store *st, const char *user_id, const char *content_id,
			   const char *content_type, double score, ms_t at, struct err *e);
/* Remove the row of (user, content): a card back to never seen. */
int store_progress_delete(struct store *st, const char *user_id, const char *content_id,
			  struct err *e);
int store_progress_count_due(struct store *st, const char *user_id, ms_t now, long *n,
			     struct err *e);
int store_progress_foreach(struct store *st, const char *user_id,
			   int (*fn)(const struct progress *p, void *ctx), void *ctx, struct err *e);

/* ---- the AI cache, shared by every user of the database */
struct cache_entry {
	char cache_key[65];
	char task[32];
	char *response;       /* JSON; owned when filled by the store */
	char model[64];
	double cost;          /* what producing it cost (USD) */
	char source[8];       /* ai, offline */
	long hit_count;
	ms_t created_at, last_accessed_at, expires_at; /* expires_at 0: never */
	/* read by store_cache_put only (SPEC 4.2): the sentence, the answer and
	 * its vector, so that the cache can be searched by sentence; NULL and
	 * 0 when there are none */
	const char *content_id, *input_text, *embedding_model;
	const float *embedding;
	int embedding_dim;
	/* filled by store_cache_get: the answer it was made for (input_text),
	 * owned; NULL when none was kept */
	char *answer;
};
void cache_entry_release(struct cache_entry *c);
/* The entry of key unless missing or expired at now (ERR_NOTFOUND); a hit
 * is counted (hit_count, last access) in the same call. */
int store_cache_get(struct store *st, const char *key, ms_t now, struct cache_entry *c,
		    struct err *e);
/* Save an entry: an AI result replaces an offline estimate, an offline
 * estimate never replaces an AI result. */
int store_cache_put(struct store *st, const struct cache_entry *c, struct err *e);
struct cache_stats {
	long entries, ai_entries, offline_entries, hits;
	double cost_spent, cost_saved; /* saved: cost of each hit, summed */
	long long bytes;
	ms_t oldest, newest;
};
int store_cache_stats(struct store *st, struct cache_stats *s, struct err *e);
/* Remove expired entries, then the least recently used beyond max_entries
 * (0: no cap); *removed counts them. */
int store_cache_prune(struct store *st, ms_t now, long max_entries, long *removed,
		      struct err *e);

/* ---- answers as vectors (SPEC 4.2), float32 of one embedding model */
#define STORE_VECTOR_DIM_MAX 16384
/* One stored vector, as the foreach functions below pass it. */
struct stored_vector {
	const char *id;     /* the activity id, or the cache key */
	const char *text;   /* the answer */
	const float *v;     /* dim floats; valid during the call only */
	int dim;
	double score;       /* the activity's score; NAN for the cache */
	const char *json;   /* the activity's metadata, or the cache's response */
	ms_t at;            /* when it was recorded or cached */
};
/* Save the vector of a recorded answer: one per activity. */
int store_answer_embedding_add(struct store *st, const char *user_id, const char *content_id,
			       const char *activity_id, const char *model, const float *v, int dim,
			       struct err *e);
/* The user's latest recorded answers to content_id (at most 1000) that have
 * a vector of model, newest first; fn returning non-zero stops. */
int store_answer_embedding_foreach(struct store *st, const char *user_id, const char *content_id,
				   const char *model,
				   int (*fn)(const struct stored_vector *sv, void *ctx), void *ctx,
				   struct err *e);
/* The AI's grades in the cache for content_id (the 2000 most recently
 * used, unexpired at now) whose answers have a vector of model. */
int store_cache_vector_foreach(struct store *st, const char *content_id, const char *model,
			       ms_t now, int (*fn)(const struct stored_vector *sv, void *ctx),
			       void *ctx, struct err *e);

/* ---- what the AI cost (SPEC 4.3): from the activities' ai_cost and the
 * cost_saved of the answers the cache served */
struct cost_totals {
	long users;       /* users counted (for everyone: the users of the database) */
	long activities;  /* their activities */
	long ai_calls;    /* activities that paid for an AI call */
	long cache_hits;  /* activities the cache served */
	double spent;     /* USD */
	double saved;     /* USD the cache hits would have cost */
};
/* The totals of one user, or with user_id NULL of everyone in the database. */
int store_costs(struct store *st, const char *user_id, struct cost_totals *out, struct err *e);

/* ---- the learner's words (Reading): new, learning, known */
enum { WORD_NEW = 0, WORD_LEARNING = 1, WORD_KNOWN = 2 };
/* Status of each of n words (lower case); words never seen are WORD_NEW. */
int store_words_status(struct store *st, const char *user_id, const char *const *words, int n,
		       int *status, struct err *e);
/* Set a word's status (and count a sighting). */
int store_word_set(struct store *st, const char *user_id, const char *word, int status,
		   struct err *e);
/* How many words the user has at each status (counts[3]). */
int store_words_count(struct store *st, const char *user_id, long counts[3], struct err *e);

/* ---- achievements earned: 1 when newly awarded, 0 when already held */
int store_achievement_award(struct store *st, const char *user_id, const char *id, ms_t now,
			    struct err *e);
/* When it was earned, 0 when not (yet). */
int store_achievement_date(struct store *st, const char *user_id, const char *id, ms_t *at,
			   struct err *e);

/* ---- figures */
struct user_stats {
	long activities, practice, reading, memorize, conversation;
	double practice_avg; /* NAN without scored practice */
	long long duration_ms;
	double ai_cost;
	long xp;             /* experience points, kept by the activity trigger */
	ms_t last_activity_at;
	long active_today;   /* activities today (local time) */
	int streak_days;     /* consecutive local days with activity, ending today or yesterday */
	long due_now;
	long progress_rows;
};
int store_stats_user(struct store *st, const char *user_id, ms_t now, struct user_stats *s,
		     struct err *e);

#endif
