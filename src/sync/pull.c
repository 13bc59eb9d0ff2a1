/* pull.c: content and assignments brought down from PostgreSQL. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "sync-int.h"
#include "banned.h"

#define PAGE "1000"
#define CURSOR_MAX 128 /* "updated_at|id" */
#define PULL_MARGIN "5 minutes"

/* A cursor "TIME|ID" split in place; an empty one starts at the beginning. */
static void cursor_split(char *cur, const char **ts, const char **id)
{
	char *bar = strchr(cur, '|');

	if (!bar) {
		*ts = "-infinity";
		*id = "";
		return;
	}
	*bar = '\0';
	*ts = cur;
	*id = bar + 1;
}

static int cursor_get(struct store *st, const char *key, char *cur, size_t size, struct err *e)
{
	int rc = store_sync_get(st, key, cur, size, e);

	if (rc == ERR_NOTFOUND) {
		cur[0] = '\0';
		return 0;
	}
	return rc;
}

/*
 * Save the cursor after the row (ts, id), but never later than a while
 * before this pull began: a transaction on the server that was still open
 * may commit rows with an updated_at below the last one read, and those are
 * read next time (again, for the rows that were not late: unchanged).
 */
static int cursor_set(struct sync *s, struct store *st, const char *key, const char *ts,
		      const char *id, struct err *e)
{
	char cur[CURSOR_MAX];
	const char *p[1] = { ts };
	PGresult *r;
	int rc;

	if ((rc = pg_query(s, "SELECT $1::timestamptz > transaction_timestamp() - interval '"
			   PULL_MARGIN "', (transaction_timestamp() - interval '" PULL_MARGIN "')::text",
			   1, p, &r, "saving the pull cursor", e)))
		return rc;
	if (!strcmp(PQgetvalue(r, 0, 0), "t"))
		rc = xsnprintf(cur, sizeof(cur), "%s|", PQgetvalue(r, 0, 1));
	else
		rc = xsnprintf(cur, sizeof(cur), "%s|%s", ts, id);
	PQclear(r);
	if (rc)
		return err_set(e, ERR_FAIL, "an id too long for the pull cursor: '%s'", id);
	return store_sync_set(st, key, cur, e);
}

static const char *val(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static long long num(const PGresult *r, int row, int col)
{
	const char *v = val(r, row, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

/* Same JSON, whatever the key order and spacing (jsonb reorders keys). */
static int json_same(const char *a, const char *b)
{
	cJSON *x = cJSON_Parse(a ? a : "{}"), *y = cJSON_Parse(b ? b : "{}");
	int same = x && y && cJSON_Compare(x, y, 1);

	cJSON_Delete(x);
	cJSON_Delete(y);
	return same;
}

static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static int pull_one_content(struct store *st, const PGresult *r, int row,
			    struct sync_pull_report *rep, struct err *e)
{
	struct content c, old;
	const char *metadata = val(r, row, 6);
	char *compact = NULL;
	cJSON *j;
	int rc, res;

	memset(&c, 0, sizeof(c));
	if (xstrlcpy(c.id, PQgetvalue(r, row, 0), sizeof(c.id)))
		return err_set(e, ERR_USAGE, "content id too long: '%s'", PQgetvalue(r, row, 0));
	xstrlcpy(c.type, PQgetvalue(r, row, 1), sizeof(c.type));
	xstrlcpy(c.difficulty, PQgetvalue(r, row, 2), sizeof(c.difficulty));
	xstrlcpy(c.topic, PQgetvalue(r, row, 3), sizeof(c.topic));
	c.primary_text = PQgetvalue(r, row, 4);
	c.secondary_text = PQgetvalue(r, row, 5);
	rc = store_content_get(st, c.id, &old, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (!rc) {
		/* the local pack stays the item's pack */
		xstrlcpy(c.pack_id, old.pack_id, sizeof(c.pack_id));
		if (same_text(old.type, c.type) && same_text(old.difficulty, c.difficulty) &&
		    same_text(old.topic, c.topic) && same_text(old.primary_text, c.primary_text) &&
		    same_text(old.secondary_text, c.secondary_text) &&
		    json_same(old.metadata, metadata)) {
			content_release(&old);
			rep->content_unchanged++;
			return 0;
		}
		content_release(&old);
	}
	j = cJSON_Parse(metadata ? metadata : "{}");
	compact = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	c.metadata = compact ? compact : (char *)"{}";
	rc = store_content_upsert(st, &c, &res, e);
	free(compact);
	if (rc)
		return err_prefix(e, "content '%s'", c.id);
	if (res == UPSERT_NEW)
		rep->content_new++;
	else if (res == UPSERT_UPDATED)
		rep->content_updated++;
	else
		rep->content_unchanged++;
	return 0;
}

static int pull_content(struct sync *s, struct store *st, struct sync_pull_report *rep,
			struct err *e)
{
	char cur[CURSOR_MAX], ts[64], id[80];
	const char *p[2];
	PGresult *r;
	int i, n, rc;

	if ((rc = cursor_get(st, "pull.content", cur, sizeof(cur), e)))
		return rc;
	cursor_split(cur, &p[0], &p[1]);
	xstrlcpy(ts, p[0], sizeof(ts));
	xstrlcpy(id, p[1], sizeof(id));
	for (;;) {
		p[0] = ts;
		p[1] = id;
		if ((rc = pg_query(s, "SELECT id, content_type, difficulty, topic, primary_text, "
				   "secondary_text, metadata::text, updated_at::text FROM learning_content "
				   "WHERE (updated_at, id) > ($1::timestamptz, $2) ORDER BY updated_at, id "
				   "LIMIT " PAGE, 2, p, &r, "reading content", e)))
			return rc;
		n = PQntuples(r);
		for (i = 0; i < n && !rc; i++)
			rc = pull_one_content(st, r, i, rep, e);
		if (!rc && n) {
			xstrlcpy(ts, PQgetvalue(r, n - 1, 7), sizeof(ts));
			xstrlcpy(id, PQgetvalue(r, n - 1, 0), sizeof(id));
		}
		PQclear(r);
		if (rc)
			return rc;
		if (n < atoi(PAGE))
			break;
	}
	return cursor_set(s, st, "pull.content", ts, id, e);
}

/* The assignments of the classes this database holds, set or changed on
 * the server since the last pull. */
static int pull_assignments(struct sync *s, struct store *st, struct sync_pull_report *rep,
			    struct err *e)
{
	char cur[CURSOR_MAX], ts[64], id[80], (*classes)[37];
	const char *p[3];
	char *arr;
	PGresult *r;
	int i, n, rc, changed;

	if ((rc = store_class_ids(st, &classes, &n, e)))
		return rc;
	if (!n) {
		free(classes);
		return 0; /* a learner's own database: no class, no assignments */
	}
	arr = pg_text_array((const char (*)[37])classes, n);
	free(classes);
	if ((rc = cursor_get(st, "pull.assignments", cur, sizeof(cur), e))) {
		free(arr);
		return rc;
	}
	cursor_split(cur, &p[0], &p[1]);
	xstrlcpy(ts, p[0], sizeof(ts));
	xstrlcpy(id, p[1], sizeof(id));
	p[0] = ts;
	p[1] = id;
	p[2] = arr;
	rc = pg_query(s, "SELECT id, class_id, title, activity_type, coalesce(topic, ''), "
		      "coalesce(difficulty, ''), target_count, "
		      "(extract(epoch FROM due_at) * 1000)::bigint, coalesce(created_by, ''), "
		      "metadata::text, (extract(epoch FROM created_at) * 1000)::bigint, "
		      "(extract(epoch FROM closed_at) * 1000)::bigint, updated_at::text "
		      "FROM assignments WHERE (updated_at, id) > ($1::timestamptz, $2) "
		      "AND class_id = ANY ($3::text[]) ORDER BY updated_at, id", 3, p, &r,
		      "reading assignments", e);
	free(arr);
	if (rc)
		return rc;
	n = PQntuples(r);
	for (i = 0; i < n && !rc; i++) {
		struct assignment_row a;
		cJSON *j;
		char *meta;

		memset(&a, 0, sizeof(a));
		if (xstrlcpy(a.id, PQgetvalue(r, i, 0), sizeof(a.id)) ||
		    xstrlcpy(a.class_id, PQgetvalue(r, i, 1), sizeof(a.class_id)) ||
		    xstrlcpy(a.topic, PQgetvalue(r, i, 4), sizeof(a.topic)) ||
		    xstrlcpy(a.created_by, PQgetvalue(r, i, 8), sizeof(a.created_by))) {
			rc = err_set(e, ERR_USAGE, "assignment '%s': a field is too long",
				     PQgetvalue(r, i, 0));
			break;
		}
		a.title = PQgetvalue(r, i, 2);
		xstrlcpy(a.activity_type, PQgetvalue(r, i, 3), sizeof(a.activity_type));
		xstrlcpy(a.difficulty, PQgetvalue(r, i, 5), sizeof(a.difficulty));
		a.target_count = (long)num(r, i, 6);
		a.due_at = num(r, i, 7);
		a.created_at = num(r, i, 10);
		a.closed_at = num(r, i, 11);
		/* compact, as the store writes JSON */
		j = cJSON_Parse(PQgetvalue(r, i, 9));
		meta = j ? cJSON_PrintUnformatted(j) : NULL;
		cJSON_Delete(j);
		a.metadata = meta;
		if (!(rc = store_assignment_upsert(st, &a, &changed, e)))
			rep->assignments += changed;
		else
			err_prefix(e, "assignment '%s'", a.id);
		cJSON_free(meta);
	}
	if (!rc && n) {
		xstrlcpy(ts, PQgetvalue(r, n - 1, 12), sizeof(ts));
		xstrlcpy(id, PQgetvalue(r, n - 1, 0), sizeof(id));
	}
	PQclear(r);
	return rc ? rc : cursor_set(s, st, "pull.assignments", ts, id, e);
}

int sync_pull(struct sync *s, struct store *st, struct sync_pull_report *r, struct err *e)
{
	struct sync_info info;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = sync_info(s, &info, e)))
		return err_prefix(e, "pulling");
	if (info.version != info.latest)
		return err_set(e, ERR_USAGE, "pulling: the server's schema is at version %d, not %d: "
			       "run 'aidioma sync init' first", info.version, info.latest);
	/* one snapshot there, one transaction here */
	if ((rc = pg_run(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "pulling", e)))
		return rc;
	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = pull_content(s, st, r, e)) || (rc = pull_assignments(s, st, r, e))) {
		store_rollback(st);
		memset(r, 0, sizeof(*r));
		goto out;
	}
	rc = store_commit(st, e);
out:
	pg_run(s, "COMMIT", "", NULL);
	return rc ? err_prefix(e, "pulling") : 0;
}
