/* words.c: user_words, the learner's status for the Spanish words met in Reading. */
#include <string.h>

#include "store-int.h"
#include "banned.h"

int store_words_status(struct store *st, const char *user_id, const char *const *words, int n,
		       int *status, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_WORD_GET,
				     "SELECT status FROM user_words WHERE user_id = ?1 AND word = ?2", e);
	int i, rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, words[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		status[i] = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : WORD_NEW;
		store_done(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_sqlerr(st, e, "reading word statuses");
	}
	return 0;
}

int store_word_set(struct store *st, const char *user_id, const char *word, int status,
		   struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_WORD_SET,
				     "INSERT INTO user_words (user_id, word, status, seen_count, updated_at) "
				     "VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT (user_id, word) DO UPDATE SET "
				     "status = excluded.status, seen_count = seen_count + 1, "
				     "updated_at = excluded.updated_at", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, word, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, status);
	sqlite3_bind_int64(s, 4, clock_now_ms());
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "saving a word's status");
	return 0;
}

int store_words_count(struct store *st, const char *user_id, long counts[3], struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_WORD_COUNT,
				     "SELECT status, count(*) FROM user_words WHERE user_id = ?1 "
				     "GROUP BY status", e);
	int rc;

	counts[0] = counts[1] = counts[2] = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, user_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int k = sqlite3_column_int(s, 0);

		if (k >= 0 && k <= 2)
			counts[k] = (long)sqlite3_column_int64(s, 1);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "counting words");
}
