/* sync.h: the central PostgreSQL: schema, push, pull, the legacy move (the only libpq user). */
#ifndef AIDIOMA_SYNC_H
#define AIDIOMA_SYNC_H

#include "aidioma/changes.h"
#include "aidioma/err.h"
#include "aidioma/legacy.h"
#include "aidioma/store.h"

struct sync; /* opaque: one connection */

/* Connect with a libpq connection string ("host=... dbname=..." or a
 * postgresql:// URI).  The unified schema lives in the schema 'aidioma'.
 * Free with sync_close(). */
int sync_connect(const char *conninfo, struct sync **out, struct err *e);
void sync_close(struct sync *s);

/* ---- the schema: numbered migrations of data/pg/ */
struct sync_init_options {
	int no_vector;  /* do not try CREATE EXTENSION vector: embeddings as real[] */
};
struct sync_info {
	int version;          /* 0: no schema yet */
	int latest;           /* what this aidioma brings */
	int vector;           /* 1: embeddings are pgvector's vector, 0: real[] */
	char server_version[32];
};
/* Create or upgrade the schema, each migration in its own transaction under
 * an advisory lock (two machines may run it at once).  The embedding type is
 * chosen when the schema is created and kept by later upgrades. */
int sync_init(struct sync *s, const struct sync_init_options *o, struct sync_info *after,
	      struct err *e);
int sync_info(struct sync *s, struct sync_info *i, struct err *e);

/* ---- push: the change log up, in batches */
struct sync_progress {
	long long done, total; /* log entries */
	int batch;
};
/* Called after each batch is committed on the server and before it is
 * recorded here; non-zero stops the push (what was committed stays). */
typedef int (*sync_progress_fn)(const struct sync_progress *p, void *ctx);
struct sync_push_options {
	int batch_entries;    /* log entries per batch and per server transaction; 0: 50000 */
	int row_by_row;       /* activities by one INSERT each instead of COPY (benchmarks) */
	sync_progress_fn progress;
	void *ctx;
};
struct sync_push_report {
	long rows[CH__COUNT]; /* rows sent, per table */
	long deleted;         /* activities and progress rows taken back */
	long long entries;    /* log entries covered */
	int batches;
	int retried;          /* batches a COPY had to redo as upserts (rows already there) */
	double ms;
};
/*
 * Send every row made or changed since the last successful push (the
 * high-water mark 'push.seq' in sync_state): users, the class of a class
 * database with its members and assignments, activities (and those taken
 * back), progress, features, cache entries and the metrics that do not
 * come from activities.  Each batch is one server transaction; the mark
 * moves only after it commits, so a push killed at any moment loses
 * nothing, and the batch it sends again is deduplicated (activities and
 * metrics by id, the others by their keys).
 *
 * Conflicts: a progress row replaces the server's row of the same (user,
 * content) only when its updated_at is later (on a tie: more reviews, then
 * the greater id), so the order of pushes does not matter; users by
 * updated_at, features by computed_at; a cache entry from the AI replaces
 * an offline estimate, never the reverse, and hit counts keep the larger;
 * an assignment closed on either side stays closed (the earlier time).
 */
int sync_push(struct sync *s, struct store *st, const struct sync_push_options *o,
	      struct sync_push_report *r, struct err *e);

/* ---- pull: content and assignments down */
struct sync_pull_report {
	long content_new, content_updated, content_unchanged;
	long assignments;     /* set or changed here */
};
/* Bring down what changed on the server since the last pull ('pull.content'
 * and 'pull.assignments' in sync_state), in one local transaction: every
 * content item, and the assignments of the class this database holds (a
 * class database pushes its class, so the server knows it by id). */
int sync_pull(struct sync *s, struct store *st, struct sync_pull_report *r, struct err *e);

/* ---- the server's analytics */
struct sync_refresh_report {
	long dashboard_rows; /* users in the dashboard view */
	long hourly_rows;    /* hourly roll-ups rewritten */
	long features;       /* users whose features were computed */
	double ms;
};
/* Refresh the dashboard view (concurrently), recompute the hourly roll-ups
 * since since_ms (0: all) and every user's features. */
int sync_refresh(struct sync *s, ms_t since_ms, struct sync_refresh_report *r, struct err *e);

/* ---- the legacy seven-table design, in place on the server (legacy.h) */
int sync_legacy_migrate(struct sync *s, int dry_run, const struct sync_init_options *o,
			struct legacy_report *r, struct err *e);
int sync_legacy_rollback(struct sync *s, int force, struct err *e);

#endif
