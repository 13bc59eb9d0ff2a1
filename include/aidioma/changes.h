/* changes.h: the store's side of sync: the change log, sync state, and what a pull brings. */
#ifndef AIDIOMA_CHANGES_H
#define AIDIOMA_CHANGES_H

#include "aidioma/analytics.h"
#include "aidioma/err.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

/* ---- sync_state: small named values (high-water marks, the machine's id) */
/* ERR_NOTFOUND when key was never set. */
int store_sync_get(struct store *st, const char *key, char *value, size_t size, struct err *e);
int store_sync_set(struct store *st, const char *key, const char *value, struct err *e);

/* ---- the change log (sync_log): written by triggers once sync is on */
/* Turn the log on, filling it with every row there is (once); idempotent. */
int store_changes_enable(struct store *st, struct err *e);
int store_changes_enabled(struct store *st, int *on, struct err *e);
/* Start again: the log emptied and filled anew with every row, the push
 * mark back to 0 (a push to another server sends everything). */
int store_changes_reset(struct store *st, struct err *e);

/* The tables of the log, in the order a batch sends them (a row after the
 * rows it names). */
enum change_table {
	CH_USER, CH_CLASS, CH_MEMBER, CH_ASSIGNMENT, CH_ACTIVITY, CH_PROGRESS, CH_FEATURES,
	CH_CACHE, CH_METRIC, CH__COUNT
};
/* The names sync_log uses: "user", "class", "member", ... */
extern const char *const change_table_names[CH__COUNT];

struct cache_row {
	char id[37];
	struct cache_entry c;   /* response owned; c's borrowed pointers unused */
	char *content_id, *input_text, *embedding_model; /* owned, NULL: none */
	float *input_embedding, *response_embedding;      /* owned, NULL: none */
	int input_dims, response_dims;
};
struct metric_row {
	char id[81];
	ms_t ts;
	char user_id[37];
	char metric[16];
	double value;
	char *metadata;         /* owned */
};
struct class_row {
	char id[37];
	char name[65];
	ms_t created_at;
};
struct member_row {
	char class_id[37];
	char user_id[37];
	char role[16];
	ms_t joined_at;
	ms_t last_seen_at;      /* 0: never */
};
struct assignment_row {
	char id[37];
	char class_id[37];
	char *title;            /* owned when read by the store, else borrowed */
	char activity_type[16];
	char topic[64];         /* empty: any */
	char difficulty[16];    /* empty: any */
	long target_count;
	ms_t due_at;            /* 0: none */
	char created_by[37];    /* empty, or a user id unknown here: none */
	char *metadata;         /* as title; NULL: {} */
	ms_t created_at;
	ms_t closed_at;         /* 0: open */
};

/* One batch of the log: the rows as they are now (a row changed many times
 * comes once) and the ids taken back. */
struct change_batch {
	long long last_seq;     /* the newest entry covered */
	long entries;           /* log entries covered */
	struct user *users;
	int n_users;
	struct class_row *classes;
	int n_classes;
	struct member_row *members;
	int n_members;
	struct assignment_row *assignments;
	int n_assignments;
	struct activity *activities;
	int n_activities;
	struct progress *progress;
	int n_progress;
	struct user_features *features;
	int n_features;
	struct cache_row *cache;
	int n_cache;
	struct metric_row *metrics;
	int n_metrics;
	char (*gone_activities)[37];
	int n_gone_activities;
	char (*gone_progress)[37];
	int n_gone_progress;
};
void change_batch_release(struct change_batch *b);
/* The next at most limit entries after seq; b->entries is 0 at the end. */
int store_changes_read(struct store *st, long long after_seq, int limit, struct change_batch *b,
		       struct err *e);
/* Entries after seq, per table (counts[CH__COUNT]; deletions count too). */
int store_changes_pending(struct store *st, long long after_seq, long counts[CH__COUNT],
			  struct err *e);
/* Forget the entries below seq (they are on the server); the one at seq
 * stays so that new entries are numbered above it. */
int store_changes_forget(struct store *st, long long upto_seq, struct err *e);

/* ---- what a pull brings down */
/* Ids of the classes this database holds (one for a class database, none
 * for a learner's own); *ids is an array of *n the caller frees. */
int store_class_ids(struct store *st, char (**ids)[37], int *n, struct err *e);
/* Insert or update an assignment of a class held here (strings borrowed):
 * its fields as the server has them, except that it stays closed once closed
 * on either side (the earlier closing time); *changed is 1 when something
 * changed. */
int store_assignment_upsert(struct store *st, const struct assignment_row *a, int *changed,
			    struct err *e);

#endif
