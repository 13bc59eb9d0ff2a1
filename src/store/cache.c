/* cache.c: the ai_cache table: results shared by every user of the database. */
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

void cache_entry_release(struct cache_entry *c)
{
	free(c->response);
	c->response = NULL;
	free(c->answer);
	c->answer = NULL;
}

int store_cache_get(struct store *st, const char *key, ms_t now, struct cache_entry *c,
		    struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CACHE_GET,
				     "SELECT cache_key, task, response, model, cost, source, hit_count, "
				     "created_at, last_accessed_at, coalesce(expires_at, 0), input_text "
				     "FROM ai_cache "
				     "WHERE cache_key = ?1 AND (expires_at IS NULL OR expires_at > ?2)", e);
	sqlite3_stmt *h;
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	memset(c, 0, sizeof(*c));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		col_copy(s, 0, c->cache_key, sizeof(c->cache_key));
		col_copy(s, 1, c->task, sizeof(c->task));
		c->response = col_strdup(s, 2);
		col_copy(s, 3, c->model, sizeof(c->model));
		c->cost = sqlite3_column_double(s, 4);
		col_copy(s, 5, c->source, sizeof(c->source));
		c->hit_count = (long)sqlite3_column_int64(s, 6) + 1;
		c->created_at = sqlite3_column_int64(s, 7);
		c->last_accessed_at = now;
		c->expires_at = sqlite3_column_int64(s, 9);
		if (sqlite3_column_type(s, 10) != SQLITE_NULL)
			c->answer = col_strdup(s, 10);
	}
	store_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "not in the cache");
	if (rc != SQLITE_ROW)
		return store_sqlerr(st, e, "reading the cache");
	h = store_stmt(st, SQL_CACHE_HIT,
		       "UPDATE ai_cache SET hit_count = hit_count + 1, last_accessed_at = ?2 "
		       "WHERE cache_key = ?1", e);
	if (!h) {
		cache_entry_release(c);
		return e ? e->code : ERR_FAIL;
	}
	sqlite3_bind_text(h, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(h, 2, now);
	rc = sqlite3_step(h);
	store_done(h);
	if (rc != SQLITE_DONE) {
		cache_entry_release(c);
		return store_sqlerr(st, e, "counting a cache hit");
	}
	return 0;
}

int store_cache_put(struct store *st, const struct cache_entry *c, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CACHE_PUT,
		"INSERT INTO ai_cache (id, cache_key, task, response, model, cost, source, hit_count, "
		"last_accessed_at, created_at, expires_at, content_id, input_text, embedding_model, "
		"input_embedding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8, ?9, ?10, ?11, ?12, ?13) "
		"ON CONFLICT (cache_key) DO UPDATE SET task = excluded.task, "
		"response = excluded.response, model = excluded.model, cost = excluded.cost, "
		"source = excluded.source, created_at = excluded.created_at, "
		"expires_at = excluded.expires_at, "
		"content_id = coalesce(excluded.content_id, ai_cache.content_id), "
		"input_text = coalesce(excluded.input_text, ai_cache.input_text), "
		"embedding_model = coalesce(excluded.embedding_model, ai_cache.embedding_model), "
		"input_embedding = coalesce(excluded.input_embedding, ai_cache.input_embedding) "
		"WHERE excluded.source = 'ai' OR ai_cache.source = 'offline'", e);
	char id[37];
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	uuid_new(id);
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->cache_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->task, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->response ? c->response : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->model, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 6, c->cost);
	sqlite3_bind_text(s, 7, c->source[0] ? c->source : "ai", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, c->created_at ? c->created_at : clock_now_ms());
	if (c->expires_at)
		sqlite3_bind_int64(s, 9, c->expires_at);
	else
		sqlite3_bind_null(s, 9);
	bind_text_or_null(s, 10, c->content_id);
	bind_text_or_null(s, 11, c->input_text);
	if (c->embedding && c->embedding_model && *c->embedding_model) {
		sqlite3_bind_text(s, 12, c->embedding_model, -1, SQLITE_STATIC);
		store_bind_vector(s, 13, c->embedding, c->embedding_dim);
	}
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving to the cache");
	return 0;
}

int store_cache_stats(struct store *st, struct cache_stats *out, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CACHE_STATS,
				     "SELECT count(*), total(source = 'ai'), total(source = 'offline'), "
				     "total(hit_count), total(cost), total(cost * hit_count), "
				     "total(length(response) + length(cache_key)), "
				     "coalesce(min(created_at), 0), coalesce(max(created_at), 0) FROM ai_cache",
				     e);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return e ? e->code : ERR_FAIL;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->entries = (long)sqlite3_column_int64(s, 0);
		out->ai_entries = (long)sqlite3_column_double(s, 1);
		out->offline_entries = (long)sqlite3_column_double(s, 2);
		out->hits = (long)sqlite3_column_double(s, 3);
		out->cost_spent = sqlite3_column_double(s, 4);
		out->cost_saved = sqlite3_column_double(s, 5);
		out->bytes = (long long)sqlite3_column_double(s, 6);
		out->oldest = sqlite3_column_int64(s, 7);
		out->newest = sqlite3_column_int64(s, 8);
	}
	store_done(s);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "reading cache figures");
}

int store_cache_prune(struct store *st, ms_t now, long max_entries, long *removed, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	*removed = 0;
	if (store_begin(st, e))
		return e ? e->code : ERR_FAIL;
	s = store_stmt(st, SQL_CACHE_PRUNE_EXPIRED,
		       "DELETE FROM ai_cache WHERE expires_at IS NOT NULL AND expires_at <= ?1", e);
	if (!s)
		goto fail;
	sqlite3_bind_int64(s, 1, now);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "pruning the cache");
		goto fail;
	}
	*removed += sqlite3_changes(st->db);
	if (max_entries > 0) {
		s = store_stmt(st, SQL_CACHE_PRUNE_LRU,
			       "DELETE FROM ai_cache WHERE cache_key IN (SELECT cache_key FROM ai_cache "
			       "ORDER BY last_accessed_at DESC, hit_count DESC LIMIT -1 OFFSET ?1)", e);
		if (!s)
			goto fail;
		sqlite3_bind_int64(s, 1, max_entries);
		rc = sqlite3_step(s);
		store_done(s);
		if (rc != SQLITE_DONE) {
			store_sqlerr(st, e, "pruning the cache");
			goto fail;
		}
		*removed += sqlite3_changes(st->db);
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	*removed = 0;
	return e ? e->code : ERR_FAIL;
}
