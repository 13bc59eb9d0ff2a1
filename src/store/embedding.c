/* embedding.c: answers as vectors: the learners' answers and the cache's, as float32 blobs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

/* Vectors are stored little-endian whatever the machine, so that a
 * database moves between machines (and to PostgreSQL) as it is. */
static unsigned char *pack(const float *v, int dim)
{
	unsigned char *b = xmalloc((size_t)dim * 4);
	uint32_t u;
	int i;

	for (i = 0; i < dim; i++) {
		memcpy(&u, &v[i], 4);
		b[4 * i] = (unsigned char)u;
		b[4 * i + 1] = (unsigned char)(u >> 8);
		b[4 * i + 2] = (unsigned char)(u >> 16);
		b[4 * i + 3] = (unsigned char)(u >> 24);
	}
	return b;
}

/* Decode column col into *buf (grown as needed); its dim, or -1 when it is
 * no vector of want floats. */
static int unpack(sqlite3_stmt *s, int col, int want, float **buf, int *cap)
{
	const unsigned char *b = sqlite3_column_blob(s, col);
	int bytes = sqlite3_column_bytes(s, col), i;
	uint32_t u;

	if (!b || want < 1 || want > STORE_VECTOR_DIM_MAX || bytes != 4 * want)
		return -1;
	if (*cap < want) {
		*buf = xrealloc(*buf, (size_t)want * sizeof(float));
		*cap = want;
	}
	for (i = 0; i < want; i++) {
		u = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
		    (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		memcpy(&(*buf)[i], &u, 4);
	}
	return want;
}

void store_bind_vector(sqlite3_stmt *s, int col, const float *v, int dim)
{
	if (!v || dim < 1 || dim > STORE_VECTOR_DIM_MAX) {
		sqlite3_bind_null(s, col);
		return;
	}
	sqlite3_bind_blob(s, col, pack(v, dim), dim * 4, free);
}

int store_answer_embedding_add(struct store *st, const char *user_id, const char *content_id,
			       const char *activity_id, const char *model, const float *v, int dim,
			       struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (!v || dim < 1 || dim > STORE_VECTOR_DIM_MAX)
		return err_set(e, ERR_USAGE, "an answer's vector must have 1 to %d values, not %d",
			       STORE_VECTOR_DIM_MAX, dim);
	s = store_stmt(st, SQL_EMBED_ANSWER_ADD,
		       "INSERT INTO answer_embeddings (activity_id, user_id, content_id, model, dim, "
		       "vector, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		       "ON CONFLICT (activity_id) DO UPDATE SET model = excluded.model, "
		       "dim = excluded.dim, vector = excluded.vector", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, activity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, content_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, model, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, dim);
	store_bind_vector(s, 6, v, dim);
	sqlite3_bind_int64(s, 7, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving an answer's vector");
	return 0;
}

/* Step s, handing each row to fn: columns id, text, dim, vector, score, json, at. */
static int each_vector(struct store *st, sqlite3_stmt *s, const char *what,
		       int (*fn)(const struct stored_vector *sv, void *ctx), void *ctx, struct err *e)
{
	float *buf = NULL;
	int cap = 0, rc, stop = 0;

	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct stored_vector sv;
		const unsigned char *t;

		memset(&sv, 0, sizeof(sv));
		sv.dim = unpack(s, 3, sqlite3_column_int(s, 2), &buf, &cap);
		if (sv.dim < 0)
			continue; /* a damaged row is no answer to compare with */
		t = sqlite3_column_text(s, 0);
		sv.id = t ? (const char *)t : "";
		t = sqlite3_column_text(s, 1);
		sv.text = t ? (const char *)t : "";
		sv.v = buf;
		sv.score = col_real_or_nan(s, 4);
		t = sqlite3_column_text(s, 5);
		sv.json = t ? (const char *)t : "{}";
		sv.at = sqlite3_column_int64(s, 6);
		stop = fn(&sv, ctx);
	}
	store_done(s);
	free(buf);
	if (!stop && rc != SQLITE_DONE)
		return store_sqlerr(st, e, what);
	return 0;
}

int store_answer_embedding_foreach(struct store *st, const char *user_id, const char *content_id,
				   const char *model,
				   int (*fn)(const struct stored_vector *sv, void *ctx), void *ctx,
				   struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EMBED_ANSWER_FOR,
		"SELECT v.activity_id, coalesce(json_extract(a.metadata, '$.answer'), ''), v.dim, "
		"v.vector, a.score, a.metadata, a.created_at FROM answer_embeddings v "
		"JOIN learning_activities a ON a.id = v.activity_id "
		"WHERE v.user_id = ?1 AND v.content_id = ?2 AND v.model = ?3 "
		"ORDER BY v.created_at DESC LIMIT 1000", e);

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, content_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, model, -1, SQLITE_STATIC);
	return each_vector(st, s, "reading the learner's answers", fn, ctx, e);
}

int store_cache_vector_foreach(struct store *st, const char *content_id, const char *model,
			       ms_t now, int (*fn)(const struct stored_vector *sv, void *ctx),
			       void *ctx, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EMBED_CACHE_FOR,
		"SELECT cache_key, coalesce(input_text, ''), length(input_embedding) / 4, "
		"input_embedding, NULL, response, created_at FROM ai_cache "
		"WHERE content_id = ?1 AND embedding_model = ?2 AND source = 'ai' AND task = 'grade' "
		"AND input_embedding IS NOT NULL AND (expires_at IS NULL OR expires_at > ?3) "
		"ORDER BY last_accessed_at DESC LIMIT 2000", e);

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, content_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, model, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return each_vector(st, s, "reading the cache's answers", fn, ctx, e);
}

int store_col_vector(sqlite3_stmt *s, int col, float **out, int *dim)
{
	int bytes = sqlite3_column_bytes(s, col), cap = 0;

	*out = NULL;
	*dim = 0;
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return 0;
	if (bytes <= 0 || bytes % 4)
		return -1;
	*dim = unpack(s, col, bytes / 4, out, &cap);
	if (*dim < 0) {
		free(*out);
		*out = NULL;
		*dim = 0;
		return -1;
	}
	return 0;
}
