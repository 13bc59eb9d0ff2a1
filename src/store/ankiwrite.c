/* ankiwrite.c: writing an Anki collection of schema 11 for a package. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "aidioma/anki.h"
#include "banned.h"

/* The tables as Anki 2.1 creates them (rslib/src/storage/schema11.sql). */
static const char schema11[] =
	"CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, "
	"scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, "
	"ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL, "
	"dconf text NOT NULL, tags text NOT NULL);"
	"CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, "
	"mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, "
	"sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);"
	"CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, "
	"ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, "
	"queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, "
	"factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, "
	"left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, "
	"flags integer NOT NULL, data text NOT NULL);"
	"CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, "
	"ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, "
	"factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);"
	"CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);"
	"CREATE INDEX ix_notes_usn ON notes (usn);"
	"CREATE INDEX ix_cards_usn ON cards (usn);"
	"CREATE INDEX ix_revlog_usn ON revlog (usn);"
	"CREATE INDEX ix_cards_nid ON cards (nid);"
	"CREATE INDEX ix_cards_sched ON cards (did, queue, due);"
	"CREATE INDEX ix_revlog_cid ON revlog (cid);"
	"CREATE INDEX ix_notes_csum ON notes (csum);";

struct anki_writer {
	sqlite3 *db;
	sqlite3_stmt *note, *card, *rev;
	long long mod_s;
};

static int fail(struct anki_writer *w, const char *what, struct err *e)
{
	return err_set(e, ERR_FAIL, "writing the Anki collection: %s: %s", what,
		       sqlite3_errmsg(w->db));
}

int anki_writer_open(const char *path, long long crt, long long mod_ms, const char *models,
		     const char *decks, const char *dconf, const char *conf,
		     struct anki_writer **out, struct err *e)
{
	struct anki_writer *w = xcalloc(1, sizeof(*w));
	sqlite3_stmt *s = NULL;
	struct stat sb;

	*out = NULL;
	if (stat(path, &sb) == 0) {
		free(w);
		return err_set(e, ERR_FAIL, "writing the Anki collection: '%s' exists", path);
	}
	w->mod_s = mod_ms / 1000;
	if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, ERR_FAIL, "cannot create '%s': %s", path,
			w->db ? sqlite3_errmsg(w->db) : "out of memory");
		goto fail;
	}
	/* a file for a package: no journal left beside it, no WAL */
	if (sqlite3_exec(w->db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;"
			 "BEGIN;", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(w->db, schema11, NULL, NULL, NULL) != SQLITE_OK) {
		fail(w, "creating the tables", e);
		goto fail;
	}
	if (sqlite3_prepare_v2(w->db, "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, "
			       "?5, ?6, '{}')", -1, &s, NULL) != SQLITE_OK) {
		fail(w, "the collection row", e);
		goto fail;
	}
	sqlite3_bind_int64(s, 1, crt);
	sqlite3_bind_int64(s, 2, mod_ms);
	sqlite3_bind_text(s, 3, conf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, models, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, decks, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, dconf, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		fail(w, "the collection row", e);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(w->db, "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, "
			       "0, '')", -1, &w->note, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db, "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, ?6, ?7, ?8, "
			       "?9, ?10, ?11, ?12, ?13, 0, 0, 0, ?14)", -1, &w->card, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->db, "INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &w->rev, NULL) != SQLITE_OK) {
		fail(w, "preparing", e);
		goto fail;
	}
	*out = w;
	return 0;
fail:
	sqlite3_finalize(s);
	anki_writer_abort(w);
	return e ? e->code : ERR_FAIL;
}

int anki_writer_note(struct anki_writer *w, const struct anki_note *n, const char *sfld,
		     long long csum, struct err *e)
{
	int rc;

	sqlite3_bind_int64(w->note, 1, n->id);
	sqlite3_bind_text(w->note, 2, n->guid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->note, 3, n->mid);
	sqlite3_bind_int64(w->note, 4, n->mod ? n->mod : w->mod_s);
	sqlite3_bind_text(w->note, 5, n->tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->note, 6, n->flds, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->note, 7, sfld, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->note, 8, csum);
	rc = sqlite3_step(w->note);
	sqlite3_reset(w->note);
	return rc == SQLITE_DONE ? 0 : fail(w, "a note", e);
}

int anki_writer_card(struct anki_writer *w, const struct anki_card *c, struct err *e)
{
	int rc;

	sqlite3_bind_int64(w->card, 1, c->id);
	sqlite3_bind_int64(w->card, 2, c->nid);
	sqlite3_bind_int64(w->card, 3, c->did);
	sqlite3_bind_int(w->card, 4, c->ord);
	sqlite3_bind_int64(w->card, 5, w->mod_s);
	sqlite3_bind_int(w->card, 6, c->type);
	sqlite3_bind_int(w->card, 7, c->queue);
	sqlite3_bind_int64(w->card, 8, c->due);
	sqlite3_bind_int(w->card, 9, c->ivl);
	sqlite3_bind_int(w->card, 10, c->factor);
	sqlite3_bind_int(w->card, 11, c->reps);
	sqlite3_bind_int(w->card, 12, c->lapses);
	sqlite3_bind_int(w->card, 13, c->left);
	sqlite3_bind_text(w->card, 14, c->data ? c->data : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(w->card);
	sqlite3_reset(w->card);
	return rc == SQLITE_DONE ? 0 : fail(w, "a card", e);
}

int anki_writer_rev(struct anki_writer *w, const struct anki_rev *r, struct err *e)
{
	int rc;

	sqlite3_bind_int64(w->rev, 1, r->id);
	sqlite3_bind_int64(w->rev, 2, r->cid);
	sqlite3_bind_int(w->rev, 3, r->ease);
	sqlite3_bind_int(w->rev, 4, r->ivl);
	sqlite3_bind_int(w->rev, 5, r->last_ivl);
	sqlite3_bind_int(w->rev, 6, r->factor);
	sqlite3_bind_int(w->rev, 7, r->time);
	sqlite3_bind_int(w->rev, 8, r->type);
	rc = sqlite3_step(w->rev);
	sqlite3_reset(w->rev);
	return rc == SQLITE_DONE ? 0 : fail(w, "a review", e);
}

int anki_writer_models(struct anki_writer *w, const char *models, struct err *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(w->db, "UPDATE col SET models = ?1", -1, &s, NULL) != SQLITE_OK)
		return fail(w, "the note types", e);
	sqlite3_bind_text(s, 1, models, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail(w, "the note types", e);
}

static void finish(struct anki_writer *w)
{
	sqlite3_finalize(w->note);
	sqlite3_finalize(w->card);
	sqlite3_finalize(w->rev);
	sqlite3_close(w->db);
	free(w);
}

int anki_writer_close(struct anki_writer *w, struct err *e)
{
	int rc = 0;

	if (sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = fail(w, "committing", e);
	finish(w);
	return rc;
}

void anki_writer_abort(struct anki_writer *w)
{
	if (!w)
		return;
	if (w->db)
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
	finish(w);
}
