/* content.c: the learning_content table and the record of imported packs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

#define CONTENT_COLS "id, content_type, difficulty, topic, primary_text, secondary_text, " \
		     "metadata, coalesce(pack_id, ''), usage_count, success_rate"

void content_release(struct content *c)
{
	free(c->primary_text);
	free(c->secondary_text);
	free(c->metadata);
	c->primary_text = c->secondary_text = c->metadata = NULL;
}

static void content_from_row(sqlite3_stmt *s, struct content *c)
{
	col_copy(s, 0, c->id, sizeof(c->id));
	col_copy(s, 1, c->type, sizeof(c->type));
	col_copy(s, 2, c->difficulty, sizeof(c->difficulty));
	col_copy(s, 3, c->topic, sizeof(c->topic));
	c->primary_text = col_strdup(s, 4);
	c->secondary_text = col_strdup(s, 5);
	c->metadata = col_strdup(s, 6);
	col_copy(s, 7, c->pack_id, sizeof(c->pack_id));
	c->usage_count = (long)sqlite3_column_int64(s, 8);
	c->success_rate = col_real_or_nan(s, 9);
}

int store_content_get(struct store *st, const char *id, struct content *c, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CONTENT_GET,
				     "SELECT " CONTENT_COLS " FROM learning_content WHERE id = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	memset(c, 0, sizeof(*c));
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		content_from_row(s, c);
	store_done(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no content with id '%s'", id);
	return store_sqlerr(st, e, "reading content");
}

/* The ten columns of an insert; the update binds the same, with ?10 (not ?9,
 * the time of creation) its time. */
static void bind_content(sqlite3_stmt *s, int first, const void *row)
{
	const struct content *c = row;
	ms_t now = clock_now_ms();

	sqlite3_bind_text(s, first + 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 2, c->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 3, c->difficulty, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 4, c->topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 5, c->primary_text ? c->primary_text : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, first + 6, c->secondary_text ? c->secondary_text : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, first + 7, c->metadata ? c->metadata : "{}", -1, SQLITE_STATIC);
	bind_text_or_null(s, first + 8, c->pack_id);
	sqlite3_bind_int64(s, first + 9, now);
	sqlite3_bind_int64(s, first + 10, now);
}

static const struct store_rows content_rows = {
	SQL_CONTENT_INSERT, SQL_CONTENT_INSERT_ROWS,
	"INSERT INTO learning_content (id, content_type, difficulty, topic, primary_text, "
	"secondary_text, metadata, pack_id, created_at, updated_at)",
	10, bind_content, "saving content"
};

static int same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

int store_content_upsert(struct store *st, const struct content *c, int *result, struct err *e)
{
	struct content old;
	sqlite3_stmt *s;
	int rc, exists;

	rc = store_content_get(st, c->id, &old, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	exists = rc == 0;
	if (exists) {
		int unchanged = same(old.type, c->type) && same(old.difficulty, c->difficulty) &&
				same(old.topic, c->topic) && same(old.primary_text, c->primary_text) &&
				same(old.secondary_text, c->secondary_text) &&
				same(old.metadata, c->metadata) && same(old.pack_id, c->pack_id);

		content_release(&old);
		if (unchanged) {
			if (result)
				*result = UPSERT_UNCHANGED;
			return 0;
		}
		s = store_stmt(st, SQL_CONTENT_UPDATE,
			       "UPDATE learning_content SET content_type = ?2, difficulty = ?3, "
			       "topic = ?4, primary_text = ?5, secondary_text = ?6, metadata = ?7, "
			       "pack_id = ?8, updated_at = ?10 WHERE id = ?1", e);
		if (!s)
			return e ? e->code : ERR_FAIL;
		bind_content(s, 0, c);
		rc = sqlite3_step(s);
		store_done(s);
		if (rc != SQLITE_DONE)
			return store_sqlerr(st, e, "saving content");
	} else if ((rc = store_insert_rows(st, &content_rows, c, sizeof(*c), 1, e))) {
		return rc;
	}
	if (result)
		*result = exists ? UPSERT_UPDATED : UPSERT_NEW;
	return 0;
}

int store_content_insert_many(struct store *st, const struct content *list, int n,
			      struct err *e)
{
	if (!st->txn_depth)
		die_bug("store_content_insert_many outside a transaction");
	return store_insert_rows(st, &content_rows, list, sizeof(*list), n, e);
}

int store_content_count(struct store *st, const char *type, const char *difficulty, long *n,
			struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CONTENT_COUNT,
				     "SELECT count(*) FROM learning_content WHERE "
				     "(?1 IS NULL OR content_type = ?1) AND (?2 IS NULL OR difficulty = ?2)",
				     e);

	if (!s)
		return e ? e->code : ERR_FAIL;
	bind_text_or_null(s, 1, type);
	bind_text_or_null(s, 2, difficulty);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_done(s);
		return store_sqlerr(st, e, "counting content");
	}
	*n = (long)sqlite3_column_int64(s, 0);
	store_done(s);
	return 0;
}

int store_content_foreach(struct store *st, const char *type,
			  int (*fn)(const struct content *c, void *ctx), void *ctx, struct err *e)
{
	sqlite3_stmt *s = type ? store_stmt(st, SQL_CONTENT_BY_TYPE,
					    "SELECT " CONTENT_COLS " FROM learning_content "
					    "WHERE content_type = ?1 ORDER BY id", e)
			       : store_stmt(st, SQL_CONTENT_ALL,
					    "SELECT " CONTENT_COLS " FROM learning_content ORDER BY id",
					    e);
	struct content c;
	int rc, stop = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	if (type)
		sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&c, 0, sizeof(c));
		content_from_row(s, &c);
		stop = fn(&c, ctx);
		content_release(&c);
	}
	store_done(s);
	if (!stop && rc != SQLITE_DONE)
		return store_sqlerr(st, e, "listing content");
	return 0;
}

int store_pack_record(struct store *st, const struct pack_record *p, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_PACK_UPSERT,
				     "INSERT INTO content_packs (id, kind, title, format_version, source, "
				     "sha256, item_count, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
				     "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, "
				     "title = excluded.title, format_version = excluded.format_version, "
				     "source = excluded.source, sha256 = excluded.sha256, "
				     "item_count = excluded.item_count, imported_at = excluded.imported_at",
				     e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->title, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, p->format_version);
	sqlite3_bind_text(s, 5, p->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, p->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, p->item_count);
	sqlite3_bind_int64(s, 8, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "recording a pack");
	return 0;
}

int store_content_unseen(struct store *st, const char *user_id, const char *type,
			 const char *difficulty, const char *topic, const char *grammar, int limit,
			 char (**ids)[65], int *n, struct err *e)
{
	/* the queue's case (a level, no other filter) walks the band index in
	 * order and stops after limit; the general case filters and sorts */
	int fast = difficulty && !topic && !grammar;
	sqlite3_stmt *s = fast ? store_stmt(st, SQL_CONTENT_UNSEEN_BAND,
		"SELECT id FROM learning_content c INDEXED BY idx_content_type_difficulty_band "
		"WHERE content_type = ?1 AND difficulty = ?2 "
		"AND NOT EXISTS (SELECT 1 FROM user_progress p WHERE p.user_id = ?5 "
		"AND p.content_id = c.id) ORDER BY coalesce(json_extract(c.metadata, '$.band'), 9), id "
		"LIMIT ?6", e) : store_stmt(st, SQL_CONTENT_UNSEEN,
		"SELECT id FROM learning_content c WHERE content_type = ?1 "
		"AND (?2 IS NULL OR difficulty = ?2) AND (?3 IS NULL OR topic = ?3) "
		"AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(c.metadata, '$.grammar') g "
		"WHERE g.value = ?4)) "
		"AND NOT EXISTS (SELECT 1 FROM user_progress p WHERE p.user_id = ?5 "
		"AND p.content_id = c.id) ORDER BY coalesce(json_extract(c.metadata, '$.band'), 9), id "
		"LIMIT ?6", e);
	char (*list)[65] = NULL;
	int rc, count = 0, alloc = 0;

	*ids = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
	bind_text_or_null(s, 2, difficulty);
	if (!fast) {
		bind_text_or_null(s, 3, topic);
		bind_text_or_null(s, 4, grammar);
	}
	sqlite3_bind_text(s, 5, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == alloc)
			list = xrealloc(list, (size_t)(alloc = alloc * 2 + 64) * sizeof(*list));
		col_copy(s, 0, list[count++], 65);
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sqlerr(st, e, "listing new items");
	}
	*ids = list;
	*n = count;
	return 0;
}
