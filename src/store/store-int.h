/* store-int.h: what the table files of the store share; not for other modules. */
#ifndef AIDIOMA_STORE_INT_H
#define AIDIOMA_STORE_INT_H

#include <sqlite3.h>
#include "aidioma/store.h"

struct change_batch;

/* Every statement the store runs, prepared once on first use. */
enum store_sql {
	SQL_USER_GET,
	SQL_USER_INSERT,
	SQL_USER_UPDATE,
	SQL_USER_COUNT,
	SQL_CONTENT_GET,
	SQL_CONTENT_INSERT,
	SQL_CONTENT_UPDATE,
	SQL_CONTENT_COUNT,
	SQL_CONTENT_ALL,
	SQL_CONTENT_BY_TYPE,
	SQL_PACK_UPSERT,
	SQL_ACTIVITY_INSERT,
	SQL_ACTIVITY_DAILY,
	SQL_ACTIVITY_RECENT,
	SQL_ACTIVITY_ALL,
	SQL_PROGRESS_GET,
	SQL_PROGRESS_PUT,
	SQL_PROGRESS_DUE,
	SQL_PROGRESS_COUNT_DUE,
	SQL_PROGRESS_ALL,
	SQL_STATS_DASHBOARD,
	SQL_STATS_DAYS,
	SQL_STATS_PROGRESS_ROWS,
	SQL_CONTENT_UNSEEN,
	SQL_CONTENT_UNSEEN_BAND,
	SQL_PROGRESS_DUE_TYPE,
	SQL_WORD_GET,
	SQL_WORD_SET,
	SQL_WORD_COUNT,
	SQL_REPORT_1,
	SQL_REPORT_2,
	SQL_REPORT_3,
	SQL_REPORT_4,
	SQL_REPORT_5,
	SQL_REPORT_6,
	SQL_REPORT_7,
	SQL_REPORT_8,
	SQL_REPORT_9,
	SQL_REPORT_10,
	SQL_REPORT_11,
	SQL_ACTIVITY_GET_ONE,
	SQL_ACTIVITY_DELETE,
	SQL_ACTIVITY_UNDAY,
	SQL_MEMORIZE_COUNTS,
	SQL_PROGRESS_DELETE,
	SQL_CACHE_GET,
	SQL_CACHE_HIT,
	SQL_CACHE_PUT,
	SQL_CACHE_STATS,
	SQL_CACHE_PRUNE_EXPIRED,
	SQL_CACHE_PRUNE_LRU,
	SQL_ACTIVITY_EXISTS,
	SQL_CLASS_GET,
	SQL_CLASS_INSERT,
	SQL_CLASS_MEMBER_SET,
	SQL_CLASS_USER_ROLE,
	SQL_CLASS_MEMBER_ROLE,
	SQL_CLASS_SEEN,
	SQL_ASSIGN_INSERT,
	SQL_ASSIGN_FIND,
	SQL_ASSIGN_CLOSE,
	SQL_ASSIGN_LIST,
	SQL_ASSIGN_DONE,
	SQL_ROSTER_MEMBERS,
	SQL_ROSTER_WEAKEST,
	SQL_ASSIGN_AVAILABLE,
	SQL_EMBED_ANSWER_ADD,
	SQL_EMBED_ANSWER_FOR,
	SQL_EMBED_CACHE_FOR,
	SQL_COSTS_USER,
	SQL_COSTS_ALL,
	/* sync, features, experiments, slow queries (changes*.c features.c experiment.c slowlog.c) */
	SQL_SYNC_GET, SQL_SYNC_SET, SQL_CHANGES_RANGE, SQL_CHANGES_USERS, SQL_CHANGES_CLASSES,
	SQL_CHANGES_MEMBERS, SQL_CHANGES_ASSIGNMENTS, SQL_CHANGES_ACTIVITIES, SQL_CHANGES_PROGRESS,
	SQL_CHANGES_FEATURES, SQL_CHANGES_CACHE, SQL_CHANGES_METRICS, SQL_CHANGES_GONE,
	SQL_CHANGES_PENDING, SQL_CHANGES_FORGET, SQL_CLASS_IDS, SQL_ASSIGNMENT_UPSERT,
	SQL_FEAT_SESSIONS, SQL_FEAT_SCORES, SQL_FEAT_TREND, SQL_FEAT_STRUGGLE, SQL_FEAT_TOPICS,
	SQL_FEAT_HOURS, SQL_FEAT_PUT, SQL_FEAT_GET, SQL_USER_IDS, SQL_USER_LOGIN, SQL_METRICS_HOURLY,
	SQL_EXP_START, SQL_EXP_STOP, SQL_EXP_LIST, SQL_EXP_GET, SQL_EXP_RUNNING, SQL_EXP_STATS,
	SQL_SLOW_INSERT, SQL_SLOW_LIST,
	SQL_ACTIVITY_INSERT_ROWS,
	SQL_CONTENT_INSERT_ROWS,
	SQL_ACTIVITY_PATCH,
	SQL__COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	int txn_depth;
	double busy_since;   /* when the current wait for a lock began (monotonic ms) */
	unsigned busy_seed;  /* jitter of those waits */
	sqlite3_stmt *stmt[SQL__COUNT];
	struct slowlog *slow; /* slowlog.c: NULL when read-only */
};

/* The statement for id, prepared from sql on first use; NULL on error (e set).
 * Release it with store_done() after stepping. */
sqlite3_stmt *store_stmt(struct store *st, enum store_sql id, const char *sql, struct err *e);
void store_done(sqlite3_stmt *s);

/* Rows in one statement of an insert of many.  The schema's CHECK (x IN
 * (...)) builds a lookup table on each run of a statement, which costs more
 * than inserting the row, so the rows of an import share runs; 64 rows keep
 * the parameters of a statement under SQLite's old limit of 999. */
#define STORE_ROWS 64

/* An insert of many rows, "head VALUES (?, ...), (?, ...)": one and many are
 * the statements of one row and of STORE_ROWS rows; bind() binds the cols
 * parameters of one row from first + 1 on; what names the work in errors. */
struct store_rows {
	enum store_sql one, many;
	const char *head;
	int cols;
	void (*bind)(sqlite3_stmt *s, int first, const void *row);
	const char *what;
};
/* Insert the n rows of list (size bytes apart), in that order, STORE_ROWS to a
 * statement while they last, then one by one; in the caller's transaction. */
int store_insert_rows(struct store *st, const struct store_rows *how, const void *list,
		      size_t size, int n, struct err *e);
/* Set e from the connection's last error; returns the code. */
int store_sqlerr(struct store *st, struct err *e, const char *what);

/* Column helpers: a copy of the text (never NULL), or into a fixed buffer. */
char *col_strdup(sqlite3_stmt *s, int col);
void col_copy(sqlite3_stmt *s, int col, char *dst, size_t size);
double col_real_or_nan(sqlite3_stmt *s, int col);
void bind_text_or_null(sqlite3_stmt *s, int col, const char *v);
void bind_real_or_null(sqlite3_stmt *s, int col, double v);
/* Bind dim floats as a little-endian float32 blob, or NULL when v is NULL (embedding.c). */
/* A row of the columns in table order into a struct, its strings owned. */
void user_from_row(sqlite3_stmt *s, struct user *u);
void activity_from_row(sqlite3_stmt *s, struct activity *a);
void progress_from_row(sqlite3_stmt *s, struct progress *p);
/* The first column of the rows of sql (an id) into *ids, an array of *n the
 * caller frees; what names the listing in an error. */
int store_ids(struct store *st, enum store_sql which, const char *sql, const char *what,
	      char (**ids)[37], int *n, struct err *e);
void store_bind_vector(sqlite3_stmt *s, int col, const float *v, int dim);
/* Column col as such a vector into *out (the caller frees; NULL and 0 dims
 * for NULL); -1 when it is no vector (embedding.c). */
int store_col_vector(sqlite3_stmt *s, int col, float **out, int *dim);

/* slowlog.c: watch statement times (store_open), record the slow ones
 * (before each outermost commit and at close). */
void store_slowlog_attach(struct store *st);
void store_slowlog_flush(struct store *st);
void store_slowlog_detach(struct store *st);
/* experiment.c: the JSON object to merge into a new activity's metadata
 * ({"experiments":{...}}) in *patch, NULL when no experiment runs; caller frees. */
int store_experiment_patch(struct store *st, const char *user_id, char **patch, struct err *e);
/* changes-read.c: the rows of the log entries (after, b->last_seq] into b. */
int store_changes_rows(struct store *st, long long after, struct change_batch *b, struct err *e);

/* The numbered migrations, generated from data/migrations/ at build time. */
struct migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct migration store_migrations[];
extern const int store_migration_count;

#endif
