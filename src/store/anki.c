/* anki.c: reading an Anki collection (schema 11 to 18), opened read-only. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "aidioma/anki.h"
#include "banned.h"

#define MAX_ROWS 4000000

/* Anki's own collation for names; any case-blind order will do for reading. */
static int unicase(void *arg, int la, const void *a, int lb, const void *b)
{
	int n = la < lb ? la : lb, c;

	(void)arg;
	c = strncasecmp(a, b, (size_t)n);
	return c ? c : la - lb;
}

static int sql_fail(sqlite3 *db, const char *label, const char *what, struct err *e)
{
	int rc = sqlite3_errcode(db);

	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return err_set(e, ERR_USAGE, "%s is not a usable SQLite database (%s)", label,
			       sqlite3_errmsg(db));
	return err_set(e, ERR_USAGE, "%s: reading %s: %s", label, what, sqlite3_errmsg(db));
}

static char *text_dup(sqlite3_stmt *s, int col, size_t max)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(s, col) : 0;

	return xstrndup(t ? (const char *)t : "", n < max ? n : max);
}

static void copy_name(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) { /* cut on a character boundary */
		n = size - 1;
		while (n && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

static long long json_id(const cJSON *v)
{
	if (cJSON_IsNumber(v))
		return (long long)v->valuedouble;
	if (cJSON_IsString(v))
		return strtoll(v->valuestring, NULL, 10);
	return 0;
}

static int cmp_ord(const void *a, const void *b)
{
	int x = (int)json_id(cJSON_GetObjectItem(*(cJSON *const *)a, "ord"));
	int y = (int)json_id(cJSON_GetObjectItem(*(cJSON *const *)b, "ord"));

	return (x > y) - (x < y);
}

/* Schema 11: note types and decks are JSON in the col row. */
static int read_json_col(struct anki_collection *c, const char *models, const char *decks,
			 const char *label, struct err *e)
{
	cJSON *m = cJSON_Parse(models), *d = cJSON_Parse(decks), *it;
	int rc = 0;

	if (!cJSON_IsObject(m) || !cJSON_IsObject(d)) {
		rc = err_set(e, ERR_USAGE, "%s: its note types or decks are not valid JSON", label);
		goto out;
	}
	c->notetypes = xcalloc((size_t)cJSON_GetArraySize(m) + 1, sizeof(*c->notetypes));
	cJSON_ArrayForEach(it, m) {
		struct anki_notetype *nt = &c->notetypes[c->n_notetypes];
		const cJSON *name = cJSON_GetObjectItem(it, "name");
		cJSON *flds = cJSON_GetObjectItem(it, "flds"), *tmpls = cJSON_GetObjectItem(it, "tmpls");
		cJSON *list[ANKI_MAX_TEMPLATES > ANKI_MAX_FIELDS ? ANKI_MAX_TEMPLATES : ANKI_MAX_FIELDS];
		cJSON *x;
		int n, i;

		if (!cJSON_IsObject(it))
			continue;
		nt->id = json_id(cJSON_GetObjectItem(it, "id"));
		if (!nt->id)
			nt->id = strtoll(it->string ? it->string : "0", NULL, 10);
		copy_name(nt->name, sizeof(nt->name), cJSON_IsString(name) ? name->valuestring : "");
		nt->cloze = json_id(cJSON_GetObjectItem(it, "type")) == 1;
		n = 0;
		cJSON_ArrayForEach(x, flds)
			if (n < ANKI_MAX_FIELDS)
				list[n++] = x;
		qsort(list, (size_t)n, sizeof(list[0]), cmp_ord);
		for (i = 0; i < n; i++) {
			const cJSON *fn = cJSON_GetObjectItem(list[i], "name");

			copy_name(nt->fields[i], sizeof(nt->fields[i]),
				  cJSON_IsString(fn) ? fn->valuestring : "");
		}
		nt->n_fields = n;
		n = 0;
		cJSON_ArrayForEach(x, tmpls)
			if (n < ANKI_MAX_TEMPLATES)
				list[n++] = x;
		qsort(list, (size_t)n, sizeof(list[0]), cmp_ord);
		for (i = 0; i < n; i++) {
			const cJSON *q = cJSON_GetObjectItem(list[i], "qfmt");

			nt->qfmt[i] = xstrdup(cJSON_IsString(q) ? q->valuestring : "");
		}
		nt->n_templates = n;
		c->n_notetypes++;
	}
	c->decks = xcalloc((size_t)cJSON_GetArraySize(d) + 1, sizeof(*c->decks));
	cJSON_ArrayForEach(it, d) {
		const cJSON *name = cJSON_GetObjectItem(it, "name");

		if (!cJSON_IsObject(it))
			continue;
		c->decks[c->n_decks].id = json_id(cJSON_GetObjectItem(it, "id"));
		copy_name(c->decks[c->n_decks].name, sizeof(c->decks[0].name),
			  cJSON_IsString(name) ? name->valuestring : "");
		c->n_decks++;
	}
out:
	cJSON_Delete(m);
	cJSON_Delete(d);
	return rc;
}

/* The first string of protobuf field want in buf, or "" (a new string). */
static char *pb_string(const void *buf, size_t len, int want)
{
	const unsigned char *slice;
	size_t pos = 0, slen;
	uint64_t v;
	int field, wire;

	while (anki_pb_next(buf, len, &pos, &field, &wire, &v, &slice, &slen) == 1)
		if (field == want && wire == 2)
			return xstrndup((const char *)slice, slen);
	return xstrdup("");
}

static uint64_t pb_varint(const void *buf, size_t len, int want)
{
	const unsigned char *slice;
	size_t pos = 0, slen;
	uint64_t v;
	int field, wire;

	while (anki_pb_next(buf, len, &pos, &field, &wire, &v, &slice, &slen) == 1)
		if (field == want && wire == 0)
			return v;
	return 0;
}

/* Schema 15 and later: tables of note types, fields, templates and decks,
 * their settings as protobuf. */
static int read_tables(sqlite3 *db, struct anki_collection *c, const char *label, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc, alloc = 0;

	if (sqlite3_prepare_v2(db, "SELECT id, name, config FROM notetypes ORDER BY id", -1, &s,
			       NULL) != SQLITE_OK)
		return sql_fail(db, label, "note types", e);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && c->n_notetypes < 10000) {
		struct anki_notetype *nt;
		char *name = text_dup(s, 1, 512);

		if (c->n_notetypes == alloc)
			c->notetypes = xrealloc(c->notetypes, (size_t)(alloc = alloc * 2 + 8) *
						sizeof(*c->notetypes));
		nt = &c->notetypes[c->n_notetypes++];
		memset(nt, 0, sizeof(*nt));
		nt->id = sqlite3_column_int64(s, 0);
		copy_name(nt->name, sizeof(nt->name), name);
		free(name);
		nt->cloze = pb_varint(sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2), 1) == 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(db, label, "note types", e);
	if (sqlite3_prepare_v2(db, "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord", -1, &s,
			       NULL) != SQLITE_OK)
		return sql_fail(db, label, "fields", e);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct anki_notetype *nt = (struct anki_notetype *)anki_notetype_find(
			c, sqlite3_column_int64(s, 0));
		int ord = sqlite3_column_int(s, 1);

		if (nt && ord >= 0 && ord < ANKI_MAX_FIELDS) {
			char *name = text_dup(s, 2, 512);

			copy_name(nt->fields[ord], sizeof(nt->fields[ord]), name);
			free(name);
			if (ord + 1 > nt->n_fields)
				nt->n_fields = ord + 1;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(db, label, "fields", e);
	if (sqlite3_prepare_v2(db, "SELECT ntid, ord, config FROM templates ORDER BY ntid, ord", -1,
			       &s, NULL) != SQLITE_OK)
		return sql_fail(db, label, "templates", e);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct anki_notetype *nt = (struct anki_notetype *)anki_notetype_find(
			c, sqlite3_column_int64(s, 0));
		int ord = sqlite3_column_int(s, 1);

		if (nt && ord >= 0 && ord < ANKI_MAX_TEMPLATES && !nt->qfmt[ord]) {
			nt->qfmt[ord] = pb_string(sqlite3_column_blob(s, 2),
						  (size_t)sqlite3_column_bytes(s, 2), 1);
			if (ord + 1 > nt->n_templates)
				nt->n_templates = ord + 1;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(db, label, "templates", e);
	if (sqlite3_prepare_v2(db, "SELECT id, name FROM decks ORDER BY id", -1, &s, NULL) !=
	    SQLITE_OK)
		return sql_fail(db, label, "decks", e);
	alloc = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && c->n_decks < 100000) {
		char *name = text_dup(s, 1, 4096), *p;
		struct sbuf sb = SBUF_INIT;

		/* the native separator of deck names is 0x1f; people read "::" */
		for (p = name; *p; p++)
			if (*p == 0x1f)
				sbuf_adds(&sb, "::");
			else
				sbuf_add(&sb, p, 1);
		if (c->n_decks == alloc)
			c->decks = xrealloc(c->decks, (size_t)(alloc = alloc * 2 + 8) * sizeof(*c->decks));
		c->decks[c->n_decks].id = sqlite3_column_int64(s, 0);
		copy_name(c->decks[c->n_decks].name, sizeof(c->decks[0].name), sb.buf ? sb.buf : "");
		c->n_decks++;
		sbuf_release(&sb);
		free(name);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(db, label, "decks", e);
	return 0;
}

static int read_rows(sqlite3 *db, struct anki_collection *c, const char *label, struct err *e)
{
	sqlite3_stmt *s;
	int rc, alloc = 0;

	if (sqlite3_prepare_v2(db, "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, label, "notes", e);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct anki_note *n;

		if (c->n_notes >= MAX_ROWS) {
			sqlite3_finalize(s);
			return err_set(e, ERR_USAGE, "%s: more than %d notes", label, MAX_ROWS);
		}
		if (c->n_notes == alloc)
			c->notes = xrealloc(c->notes, (size_t)(alloc = alloc * 2 + 256) * sizeof(*n));
		n = &c->notes[c->n_notes++];
		n->id = sqlite3_column_int64(s, 0);
		n->guid = text_dup(s, 1, 255);
		n->mid = sqlite3_column_int64(s, 2);
		n->mod = sqlite3_column_int64(s, 3);
		n->tags = text_dup(s, 4, 65536);
		n->flds = text_dup(s, 5, ANKI_MAX_NOTE_BYTES);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(db, label, "notes", e);

	alloc = 0;
	if (sqlite3_prepare_v2(db, "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, "
			       "lapses, left, odue, odid, data FROM cards ORDER BY nid, ord, id",
			       -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, label, "cards", e);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct anki_card *k;

		if (c->n_cards >= MAX_ROWS) {
			sqlite3_finalize(s);
			return err_set(e, ERR_USAGE, "%s: more than %d cards", label, MAX_ROWS);
		}
		if (c->n_cards == alloc)
			c->cards = xrealloc(c->cards, (size_t)(alloc = alloc * 2 + 256) * sizeof(*k));
		k = &c->cards[c->n_cards++];
		k->id = sqlite3_column_int64(s, 0);
		k->nid = sqlite3_column_int64(s, 1);
		k->did = sqlite3_column_int64(s, 2);
		k->ord = sqlite3_column_int(s, 3);
		k->type = sqlite3_column_int(s, 4);
		k->queue = sqlite3_column_int(s, 5);
		k->due = sqlite3_column_int64(s, 6);
		k->ivl = sqlite3_column_int(s, 7);
		k->factor = sqlite3_column_int(s, 8);
		k->reps = sqlite3_column_int(s, 9);
		k->lapses = sqlite3_column_int(s, 10);
		k->left = sqlite3_column_int(s, 11);
		k->odue = sqlite3_column_int64(s, 12);
		k->odid = sqlite3_column_int64(s, 13);
		k->data = text_dup(s, 14, 4096);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(db, label, "cards", e);

	alloc = 0;
	if (sqlite3_prepare_v2(db, "SELECT id, cid, ease, ivl, lastIvl, factor, time, type "
			       "FROM revlog ORDER BY cid, id", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, label, "the review log", e);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct anki_rev *r;

		if (c->n_revs >= MAX_ROWS) {
			sqlite3_finalize(s);
			return err_set(e, ERR_USAGE, "%s: more than %d reviews", label, MAX_ROWS);
		}
		if (c->n_revs == alloc)
			c->revs = xrealloc(c->revs, (size_t)(alloc = alloc * 2 + 256) * sizeof(*r));
		r = &c->revs[c->n_revs++];
		r->id = sqlite3_column_int64(s, 0);
		r->cid = sqlite3_column_int64(s, 1);
		r->ease = sqlite3_column_int(s, 2);
		r->ivl = sqlite3_column_int(s, 3);
		r->last_ivl = sqlite3_column_int(s, 4);
		r->factor = sqlite3_column_int(s, 5);
		r->time = sqlite3_column_int(s, 6);
		r->type = sqlite3_column_int(s, 7);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(db, label, "the review log", e);
	return 0;
}

int anki_collection_read(const char *path, const char *label, struct anki_collection *c,
			 struct err *e)
{
	static const char *const tables[] = { "col", "notes", "cards", "revlog" };
	char head[16];
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	FILE *f;
	size_t got;
	int rc = 0, i;

	memset(c, 0, sizeof(*c));
	f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_FAIL, "%s: cannot open the extracted collection", label);
	got = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (got == 0)
		return err_set(e, ERR_USAGE, "%s is empty", label);
	if (got < sizeof(head) || memcmp(head, "SQLite format 3", 16))
		return err_set(e, ERR_USAGE, "%s is not an SQLite database", label);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = err_set(e, ERR_USAGE, "%s: cannot open it: %s", label,
			     db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_create_collation(db, "unicase", SQLITE_UTF8, NULL, unicase);
	for (i = 0; i < 4; i++) {
		int t = has_table(db, tables[i]);

		if (t < 0) {
			rc = sql_fail(db, label, "its tables", e);
			goto out;
		}
		if (!t) {
			rc = err_set(e, ERR_USAGE, "%s is SQLite but not an Anki collection (no table "
				     "'%s')", label, tables[i]);
			goto out;
		}
	}
	if (sqlite3_prepare_v2(db, "SELECT ver, crt, models, decks FROM col LIMIT 1", -1, &s,
			       NULL) != SQLITE_OK) {
		rc = sql_fail(db, label, "the collection", e);
		goto out;
	}
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = err_set(e, ERR_USAGE, "%s: the collection has no settings row", label);
		goto out;
	}
	c->version = sqlite3_column_int(s, 0);
	c->crt = sqlite3_column_int64(s, 1);
	if (c->version < 11 || c->version > 18) {
		rc = err_set(e, ERR_USAGE, "%s: collection schema %d is not one Anki has written "
			     "(11 to 18)", label, c->version);
		goto out;
	}
	if (has_table(db, "notetypes") == 1) {
		sqlite3_finalize(s);
		s = NULL;
		rc = read_tables(db, c, label, e);
	} else {
		char *models = text_dup(s, 2, 64u << 20), *decks = text_dup(s, 3, 64u << 20);

		rc = read_json_col(c, models, decks, label, e);
		free(models);
		free(decks);
	}
	if (!rc)
		rc = read_rows(db, c, label, e);
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}

void anki_collection_release(struct anki_collection *c)
{
	int i, j;

	for (i = 0; i < c->n_notetypes; i++)
		for (j = 0; j < ANKI_MAX_TEMPLATES; j++)
			free(c->notetypes[i].qfmt[j]);
	for (i = 0; i < c->n_notes; i++) {
		free(c->notes[i].guid);
		free(c->notes[i].tags);
		free(c->notes[i].flds);
	}
	for (i = 0; i < c->n_cards; i++)
		free(c->cards[i].data);
	free(c->notetypes);
	free(c->decks);
	free(c->notes);
	free(c->cards);
	free(c->revs);
	memset(c, 0, sizeof(*c));
}

const struct anki_notetype *anki_notetype_find(const struct anki_collection *c, long long id)
{
	int i;

	for (i = 0; i < c->n_notetypes; i++)
		if (c->notetypes[i].id == id)
			return &c->notetypes[i];
	return NULL;
}

const char *anki_deck_name(const struct anki_collection *c, long long id)
{
	int i;

	for (i = 0; i < c->n_decks; i++)
		if (c->decks[i].id == id)
			return c->decks[i].name;
	return NULL;
}
