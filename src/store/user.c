/* user.c: the users table. */
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "banned.h"

#define USER_COLS "id, login, display_name, role, level, preferences, created_at, updated_at"

void user_release(struct user *u)
{
	free(u->preferences);
	u->preferences = NULL;
}

void user_from_row(sqlite3_stmt *s, struct user *u)
{
	memset(u, 0, sizeof(*u));
	col_copy(s, 0, u->id, sizeof(u->id));
	col_copy(s, 1, u->login, sizeof(u->login));
	col_copy(s, 2, u->display_name, sizeof(u->display_name));
	col_copy(s, 3, u->role, sizeof(u->role));
	col_copy(s, 4, u->level, sizeof(u->level));
	u->preferences = col_strdup(s, 5);
	u->created_at = sqlite3_column_int64(s, 6);
	u->updated_at = sqlite3_column_int64(s, 7);
}

int store_user_get(struct store *st, const char *login, struct user *u, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_USER_GET,
				     "SELECT " USER_COLS " FROM users WHERE login = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	memset(u, 0, sizeof(*u));
	sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		user_from_row(s, u);
		store_done(s);
		return 0;
	}
	store_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no user '%s'", login);
	return store_sqlerr(st, e, "reading a user");
}

int store_user_ensure(struct store *st, const char *login, struct user *u, struct err *e)
{
	sqlite3_stmt *s;
	char id[37];
	ms_t now = clock_now_ms();
	int rc;

	rc = store_user_get(st, login, u, NULL);
	if (rc != ERR_NOTFOUND)
		return rc ? store_user_get(st, login, u, e) : 0;
	if (!*login || strlen(login) > 64)
		return err_set(e, ERR_USAGE, "user name '%s' must have 1 to 64 characters", login);
	s = store_stmt(st, SQL_USER_INSERT,
		       "INSERT INTO users (id, login, display_name, created_at, updated_at) "
		       "VALUES (?1, ?2, ?2, ?3, ?3) ON CONFLICT (login) DO NOTHING", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	uuid_new(id);
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "creating a user");
	return store_user_get(st, login, u, e);
}

int store_user_update(struct store *st, const struct user *u, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_USER_UPDATE,
				     "UPDATE users SET display_name = ?2, role = ?3, level = ?4, "
				     "preferences = ?5, updated_at = ?6 WHERE id = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, u->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, u->level, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, u->preferences ? u->preferences : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving user");
	if (sqlite3_changes(st->db) != 1)
		return err_set(e, ERR_NOTFOUND, "no user with id '%s'", u->id);
	return 0;
}

int store_user_count(struct store *st, long *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_USER_COUNT, "SELECT count(*) FROM users", e);

	if (!s)
		return e ? e->code : ERR_FAIL;
	*n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	store_done(s);
	return 0;
}
