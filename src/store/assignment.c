/* assignment.c: the assignments table: work a teacher sets, and each learner's share of it. */
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "aidioma/classroom.h"
#include "banned.h"

#define ASSIGN_COLS "id, class_id, title, activity_type, coalesce(topic, ''), " \
		    "coalesce(difficulty, ''), target_count, coalesce(due_at, 0), created_at, " \
		    "coalesce(closed_at, 0), coalesce(created_by, '')"

static void assignment_from_row(sqlite3_stmt *s, struct assignment *a)
{
	memset(a, 0, sizeof(*a));
	col_copy(s, 0, a->id, sizeof(a->id));
	col_copy(s, 1, a->class_id, sizeof(a->class_id));
	col_copy(s, 2, a->title, sizeof(a->title));
	col_copy(s, 3, a->type, sizeof(a->type));
	col_copy(s, 4, a->topic, sizeof(a->topic));
	col_copy(s, 5, a->difficulty, sizeof(a->difficulty));
	a->target = (long)sqlite3_column_int64(s, 6);
	a->due_at = sqlite3_column_int64(s, 7);
	a->created_at = sqlite3_column_int64(s, 8);
	a->closed_at = sqlite3_column_int64(s, 9);
	col_copy(s, 10, a->created_by, sizeof(a->created_by));
}

int store_assignment_add(struct store *st, struct assignment *a, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (!a->title[0])
		return err_set(e, ERR_USAGE, "an assignment needs a title");
	if (a->target <= 0)
		return err_set(e, ERR_USAGE, "an assignment needs a count above 0, not %ld",
			       a->target);
	if (!a->id[0])
		uuid_new(a->id);
	if (!a->created_at)
		a->created_at = clock_now_ms();
	s = store_stmt(st, SQL_ASSIGN_INSERT,
		       "INSERT INTO assignments (id, class_id, title, activity_type, topic, "
		       "difficulty, target_count, due_at, created_by, created_at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->class_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->type, -1, SQLITE_STATIC);
	bind_text_or_null(s, 5, a->topic);
	bind_text_or_null(s, 6, a->difficulty);
	sqlite3_bind_int64(s, 7, a->target);
	if (a->due_at)
		sqlite3_bind_int64(s, 8, a->due_at);
	else
		sqlite3_bind_null(s, 8);
	bind_text_or_null(s, 9, a->created_by);
	sqlite3_bind_int64(s, 10, a->created_at);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving the assignment");
	return 0;
}

int store_assignment_close(struct store *st, const char *class_id, const char *id, ms_t now,
			   struct assignment *out, struct err *e)
{
	sqlite3_stmt *s;
	struct assignment found;
	int rc, n = 0;

	if (strlen(id) < 8 || strlen(id) > 36)
		return err_set(e, ERR_USAGE, "'%s' is no assignment id: give at least its first 8 "
			       "characters", id);
	if (store_begin(st, e))
		return e ? e->code : ERR_FAIL;
	s = store_stmt(st, SQL_ASSIGN_FIND,
		       "SELECT " ASSIGN_COLS " FROM assignments WHERE class_id = ?1 "
		       "AND substr(id, 1, length(?2)) = ?2 AND closed_at IS NULL LIMIT 2", e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, class_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (n++ == 0)
			assignment_from_row(s, &found);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "finding the assignment");
		goto fail;
	}
	if (n != 1) {
		store_rollback(st);
		return n ? err_set(e, ERR_USAGE, "several open assignments start with '%s': give "
				   "more of the id", id) :
			   err_set(e, ERR_NOTFOUND, "no open assignment '%s'", id);
	}
	s = store_stmt(st, SQL_ASSIGN_CLOSE, "UPDATE assignments SET closed_at = ?2 WHERE id = ?1",
		       e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, found.id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "closing the assignment");
		goto fail;
	}
	found.closed_at = now;
	if (out)
		*out = found;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return e ? e->code : ERR_FAIL;
}

int store_assignment_list(struct store *st, const char *class_id, int which, ms_t now,
			  struct assignment **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ASSIGN_LIST,
				     "SELECT " ASSIGN_COLS " FROM assignments WHERE class_id = ?1 "
				     "AND closed_at IS NULL AND (?2 = 0 OR due_at IS NULL OR due_at >= ?3) "
				     "ORDER BY due_at IS NULL, due_at, created_at, id", e);
	struct assignment *list = NULL;
	int rc, count = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, class_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, which == ASSIGN_OPEN);
	sqlite3_bind_int64(s, 3, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			list = xrealloc(list, (size_t)alloc * sizeof(*list));
		}
		assignment_from_row(s, &list[count++]);
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sqlerr(st, e, "listing assignments");
	}
	*out = list;
	*n = count;
	return 0;
}

/* The kind of content each type of assignment works through. */
static const char *content_type_of(const char *type)
{
	return !strcmp(type, "practice") ? "sentence" : !strcmp(type, "reading") ? "text" :
	       !strcmp(type, "memorize") ? "flashcard" : !strcmp(type, "conversation") ? "scenario" :
	       NULL;
}

int store_assignment_available(struct store *st, const char *type, const char *topic,
			       const char *difficulty, long *n, struct err *e)
{
	const char *ct = content_type_of(type);
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if (!ct)
		return err_set(e, ERR_USAGE, "no assignment type '%s': practice, reading, memorize "
			       "or conversation", type);
	s = store_stmt(st, SQL_ASSIGN_AVAILABLE,
		       "SELECT count(*) FROM learning_content WHERE content_type = ?1 "
		       "AND (?2 IS NULL OR topic = ?2) AND (?3 IS NULL OR difficulty = ?3)", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, ct, -1, SQLITE_STATIC);
	bind_text_or_null(s, 2, topic);
	bind_text_or_null(s, 3, difficulty);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(s, 0);
	store_done(s);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "counting the course's items");
}

int store_assignment_done(struct store *st, const struct assignment *a, const char *user_id,
			  long *done, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ASSIGN_DONE,
				     "SELECT count(DISTINCT coalesce(a.content_id, a.id)) "
				     "FROM learning_activities a "
				     "LEFT JOIN learning_content c ON c.id = a.content_id "
				     "WHERE a.user_id = ?1 AND a.created_at >= ?2 "
				     "AND a.activity_type = ?3 "
				     "AND (?4 IS NULL OR c.topic = ?4) "
				     "AND (?5 IS NULL OR c.difficulty = ?5)", e);
	int rc;

	*done = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, a->created_at);
	sqlite3_bind_text(s, 3, a->type, -1, SQLITE_STATIC);
	bind_text_or_null(s, 4, a->topic);
	bind_text_or_null(s, 5, a->difficulty);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*done = (long)sqlite3_column_int64(s, 0);
	store_done(s);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "counting the assignment's work");
}
