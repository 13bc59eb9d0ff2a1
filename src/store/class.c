/* class.c: the classes and class_members tables: the class of a database and its members. */
#include <string.h>

#include "store-int.h"
#include "aidioma/classroom.h"
#include "banned.h"

int store_class_get(struct store *st, struct class_info *c, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CLASS_GET,
				     "SELECT id, name, unix_group, created_at FROM classes "
				     "ORDER BY created_at, id LIMIT 1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	memset(c, 0, sizeof(*c));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		col_copy(s, 0, c->id, sizeof(c->id));
		col_copy(s, 1, c->name, sizeof(c->name));
		col_copy(s, 2, c->unix_group, sizeof(c->unix_group));
		c->created_at = sqlite3_column_int64(s, 3);
	}
	store_done(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "'%s' is not a class database", st->path);
	return store_sqlerr(st, e, "reading the class");
}

int store_class_create(struct store *st, const char *name, const char *unix_group,
		       struct class_info *out, struct err *e)
{
	struct class_info old;
	sqlite3_stmt *s;
	int rc;

	if (store_begin(st, e))
		return e ? e->code : ERR_FAIL;
	rc = store_class_get(st, &old, e);
	if (rc == 0) {
		store_rollback(st);
		return err_set(e, ERR_USAGE, "'%s' already holds the class '%s'", st->path,
			       old.name);
	}
	if (rc != ERR_NOTFOUND)
		goto fail;
	s = store_stmt(st, SQL_CLASS_INSERT,
		       "INSERT INTO classes (id, name, unix_group, created_at) VALUES (?1, ?2, ?3, ?4)",
		       e);
	if (!s)
		goto fail;
	memset(out, 0, sizeof(*out));
	uuid_new(out->id);
	xstrlcpy(out->name, name, sizeof(out->name));
	xstrlcpy(out->unix_group, unix_group, sizeof(out->unix_group));
	out->created_at = clock_now_ms();
	sqlite3_bind_text(s, 1, out->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, out->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, out->unix_group, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, out->created_at);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "creating the class");
		goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return e ? e->code : ERR_FAIL;
}

static int valid_role(const char *role)
{
	return !strcmp(role, "learner") || !strcmp(role, "teacher");
}

int store_class_member_set(struct store *st, const char *class_id, const char *user_id,
			   const char *role, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (!valid_role(role))
		return err_set(e, ERR_USAGE, "role '%s' is neither learner nor teacher", role);
	if (store_begin(st, e))
		return e ? e->code : ERR_FAIL;
	s = store_stmt(st, SQL_CLASS_MEMBER_SET,
		       "INSERT INTO class_members (class_id, user_id, role, joined_at) "
		       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (class_id, user_id) "
		       "DO UPDATE SET role = excluded.role", e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, class_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "adding a class member");
		goto fail;
	}
	/* the menu and the screens read the role from the user */
	s = store_stmt(st, SQL_CLASS_USER_ROLE,
		       "UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1", e);
	if (!s)
		goto fail;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE) {
		store_sqlerr(st, e, "saving the member's role");
		goto fail;
	}
	return store_commit(st, e);
fail:
	store_rollback(st);
	return e ? e->code : ERR_FAIL;
}

int store_class_member_role(struct store *st, const char *class_id, const char *user_id,
			    char role[16], struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CLASS_MEMBER_ROLE,
				     "SELECT role FROM class_members WHERE class_id = ?1 AND user_id = ?2",
				     e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	role[0] = '\0';
	sqlite3_bind_text(s, 1, class_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, user_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		col_copy(s, 0, role, 16);
	store_done(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "not a member of the class");
	return store_sqlerr(st, e, "reading a class member");
}

int store_class_seen(struct store *st, const char *class_id, const char *user_id, ms_t now,
		     struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_CLASS_SEEN,
				     "UPDATE class_members SET last_seen_at = ?3 "
				     "WHERE class_id = ?1 AND user_id = ?2", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, class_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "noting the member's visit");
}
