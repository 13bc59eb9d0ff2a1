/* sync-int.h: what the files of the sync module share; not for other modules. */
#ifndef AIDIOMA_SYNC_INT_H
#define AIDIOMA_SYNC_INT_H

#include <libpq-fe.h>
#include "aidioma/sync.h"
#include "aidioma/util.h"

struct sync {
	PGconn *pg;
};

/* The numbered migrations of data/pg/, generated at build time. */
struct pg_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct pg_migration sync_pg_migrations[];
extern const int sync_pg_migration_count;

/* Fill e with "what: the server's message" for result r (may be NULL);
 * returns the code (ERR_BUSY for lock time-outs, ERR_FAIL else). */
int pg_fail(struct sync *s, const PGresult *r, const char *what, struct err *e);
/* Run sql without parameters or rows. */
int pg_run(struct sync *s, const char *sql, const char *what, struct err *e);
/* Run sql with n text parameters (NULL for SQL NULL); *out is the result
 * (the caller PQclears it) when out is not NULL. */
int pg_query(struct sync *s, const char *sql, int n, const char *const *params, PGresult **out,
	     const char *what, struct err *e);
/* One number (or 0 for NULL) from the first cell of sql. */
int pg_long(struct sync *s, const char *sql, int n, const char *const *params, long long *v,
	    const char *what, struct err *e);
/* COPY (sql is "COPY t (cols) FROM STDIN") with data in COPY text format;
 * sqlstate receives the error's SQLSTATE ("" on success). */
int pg_copy(struct sync *s, const char *sql, const char *data, size_t len, char sqlstate[6],
	    const char *what, struct err *e);

/* Apply the migrations above the schema's version.  in_txn: the caller
 * holds a transaction and everything goes in it (the legacy move); else
 * each migration is its own transaction under an advisory lock. */
int pg_schema_apply(struct sync *s, const struct sync_init_options *o, int in_txn,
		    struct sync_info *after, struct err *e);

/* ---- COPY text format (copy.c) */
void copy_null(struct sbuf *sb);
/* Text escaped for COPY; invalid UTF-8 becomes U+FFFD; NULL is \N. */
void copy_text(struct sbuf *sb, const char *s);
/* JSON text, with \u0000 (refused by jsonb) made \ufffd. */
void copy_json(struct sbuf *sb, const char *s);
void copy_real(struct sbuf *sb, double v);      /* NAN: \N */
void copy_int(struct sbuf *sb, long long v);
void copy_bool(struct sbuf *sb, int v);
void copy_time(struct sbuf *sb, ms_t t);        /* ISO-8601 UTC */
void copy_time_or_null(struct sbuf *sb, ms_t t); /* 0: \N */
/* '[1,2]' (vector) or '{1,2}' (real[]); NULL, 0 dims, or more than pgvector
 * takes (PG_VECTOR_DIM_MAX): \N */
#define PG_VECTOR_DIM_MAX 16000
void copy_embedding(struct sbuf *sb, const float *v, int dims, int vector);
/* A text[] literal of ids for = ANY($1); caller frees. */
char *pg_text_array(const char (*ids)[37], int n);

/* ---- a batch's rows in COPY text, in the server's column order (encode.c);
 * vector: the server keeps embeddings as pgvector's vector, else real[] */
void enc_users(struct sbuf *sb, const struct change_batch *b);
void enc_classes(struct sbuf *sb, const struct change_batch *b);
void enc_members(struct sbuf *sb, const struct change_batch *b);
void enc_assignments(struct sbuf *sb, const struct change_batch *b);
void enc_activity(struct sbuf *sb, const struct activity *a);
void enc_progress(struct sbuf *sb, const struct change_batch *b);
void enc_features(struct sbuf *sb, const struct change_batch *b, int vector);
void enc_cache(struct sbuf *sb, const struct change_batch *b, int vector);
void enc_metrics(struct sbuf *sb, const struct change_batch *b);

#endif
