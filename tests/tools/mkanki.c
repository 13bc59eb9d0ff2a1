/* mkanki.c: build Anki packages in each layout Anki has written, and broken ones, for the tests. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sqlite3.h>
#ifdef HAVE_LIBZIP
#include <zip.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

/*
 * usage: mkanki [--notes N] LAYOUT DECK OUT
 *   LAYOUT  anki2 (collection.anki2), anki21 (collection.anki21 and a dummy
 *           collection.anki2), anki21b (Anki 2.1.50+: zstd, meta, protobuf media)
 *   DECK    basic, english, reversed, cloze, media, sched, all, big (N notes),
 *           shared (two notes with one guid, as other tools can write)
 *        mkanki --broken WHAT OUT
 *   WHAT    truncated, nocollection, notsqlite, notanki, empty, unknown, newmeta, badzstd
 * Exits 77 when built without libzip (or zstd for anki21b): the tests skip.
 */

#define CRT 1767225600LL /* 2026-01-01T00:00:00Z */
#define NT_BASIC 1000001LL
#define NT_REV 1000002LL
#define NT_CLOZE 1000003LL
#define DECK_BASIC 2000001LL
#define DECK_ANIMALS 2000002LL

static int latest;      /* schema 18 tables, zstd */
static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "mkanki: %s%s%s\n", what, db ? ": " : "", db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static void sql(const char *fmt, ...)
{
	va_list ap;
	char *q;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (!q || sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "mkanki: %s\n", q ? q : "out of memory");
		die("sql");
	}
	sqlite3_free(q);
}

static int unicase(void *a, int la, const void *x, int lb, const void *y)
{
	int n = la < lb ? la : lb, c = strncasecmp(x, y, (size_t)n);

	(void)a;
	return c ? c : la - lb;
}

/* ---- protobuf, just what the schema-18 tables and the package need */
struct buf {
	unsigned char b[8192];
	size_t n;
};

static void pb_varint(struct buf *o, unsigned long long v)
{
	do {
		unsigned char c = v & 0x7f;

		v >>= 7;
		o->b[o->n++] = (unsigned char)(c | (v ? 0x80 : 0));
	} while (v);
}

static void pb_bytes(struct buf *o, int field, const void *p, size_t n)
{
	pb_varint(o, (unsigned long long)field << 3 | 2);
	pb_varint(o, n);
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void pb_uint(struct buf *o, int field, unsigned long long v)
{
	pb_varint(o, (unsigned long long)field << 3);
	pb_varint(o, v);
}

/* ---- the collection */

static const char schema11[] =
	"CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,"
	" scm integer not null, ver integer not null, dty integer not null, usn integer not null,"
	" ls integer not null, conf text not null, models text not null, decks text not null,"
	" dconf text not null, tags text not null);"
	"CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,"
	" mod integer not null, usn integer not null, tags text not null, flds text not null,"
	" sfld integer not null, csum integer not null, flags integer not null, data text not null);"
	"CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,"
	" ord integer not null, mod integer not null, usn integer not null, type integer not null,"
	" queue integer not null, due integer not null, ivl integer not null, factor integer not null,"
	" reps integer not null, lapses integer not null, left integer not null, odue integer not null,"
	" odid integer not null, flags integer not null, data text not null);"
	"CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,"
	" ease integer not null, ivl integer not null, lastIvl integer not null,"
	" factor integer not null, time integer not null, type integer not null);"
	"CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);"
	"CREATE INDEX ix_cards_nid ON cards (nid);";

static const char schema18[] =
	"CREATE TABLE deck_config (id integer primary key not null, name text not null collate unicase,"
	" mtime_secs integer not null, usn integer not null, config blob not null);"
	"CREATE TABLE config (key text not null primary key, usn integer not null,"
	" mtime_secs integer not null, val blob not null) without rowid;"
	"CREATE TABLE fields (ntid integer not null, ord integer not null,"
	" name text not null collate unicase, config blob not null, primary key (ntid, ord)) without rowid;"
	"CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);"
	"CREATE TABLE templates (ntid integer not null, ord integer not null,"
	" name text not null collate unicase, mtime_secs integer not null, usn integer not null,"
	" config blob not null, primary key (ntid, ord)) without rowid;"
	"CREATE TABLE notetypes (id integer not null primary key, name text not null collate unicase,"
	" mtime_secs integer not null, usn integer not null, config blob not null);"
	"CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);"
	"CREATE TABLE decks (id integer primary key not null, name text not null collate unicase,"
	" mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);"
	"CREATE UNIQUE INDEX idx_decks_name ON decks (name);"
	"CREATE TABLE tags (tag text not null primary key collate unicase, usn integer not null,"
	" collapsed boolean not null, config blob null) without rowid;";

struct nt {
	long long id;
	const char *name;
	int cloze;
	const char *fields[3];
	const char *q[2], *a[2];
};

static const struct nt notetypes[] = {
	{ NT_BASIC, "Basic", 0, { "Front", "Back", NULL },
	  { "{{Front}}", NULL }, { "{{FrontSide}}<hr id=answer>{{Back}}", NULL } },
	{ NT_REV, "Basic (and reversed card)", 0, { "Front", "Back", NULL },
	  { "{{Front}}", "{{Back}}" },
	  { "{{FrontSide}}<hr id=answer>{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}" } },
	{ NT_CLOZE, "Cloze", 1, { "Text", "Back Extra", NULL },
	  { "{{cloze:Text}}", NULL }, { "{{cloze:Text}}<br>{{Back Extra}}", NULL } },
};

static void json_escape(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 7 < size; s++) {
		if (*s == '"' || *s == '\\')
			out[n++] = '\\';
		out[n++] = *s;
	}
	out[n] = '\0';
}

static void write_notetypes(void)
{
	char models[16384], part[4096], esc[3][512];
	size_t i;
	int f, t;

	if (latest) {
		for (i = 0; i < 3; i++) {
			const struct nt *n = &notetypes[i];
			struct buf cfg = { .n = 0 };

			pb_uint(&cfg, 1, (unsigned long long)n->cloze);
			pb_bytes(&cfg, 3, ".card {}", 8);
			sql("INSERT INTO notetypes VALUES (%lld, %Q, 0, 0, x'%s')", n->id, n->name, "");
			{
				sqlite3_stmt *s;

				sqlite3_prepare_v2(db, "UPDATE notetypes SET config = ?1 WHERE id = ?2", -1,
						   &s, NULL);
				sqlite3_bind_blob(s, 1, cfg.b, (int)cfg.n, SQLITE_TRANSIENT);
				sqlite3_bind_int64(s, 2, n->id);
				if (sqlite3_step(s) != SQLITE_DONE)
					die("notetype config");
				sqlite3_finalize(s);
			}
			for (f = 0; n->fields[f]; f++)
				sql("INSERT INTO fields VALUES (%lld, %d, %Q, x'')", n->id, f, n->fields[f]);
			for (t = 0; t < 2 && n->q[t]; t++) {
				struct buf tc = { .n = 0 };
				sqlite3_stmt *s;

				pb_bytes(&tc, 1, n->q[t], strlen(n->q[t]));
				pb_bytes(&tc, 2, n->a[t], strlen(n->a[t]));
				sqlite3_prepare_v2(db, "INSERT INTO templates VALUES (?1, ?2, ?3, 0, 0, ?4)",
						   -1, &s, NULL);
				sqlite3_bind_int64(s, 1, n->id);
				sqlite3_bind_int(s, 2, t);
				sqlite3_bind_text(s, 3, t ? "Card 2" : "Card 1", -1, SQLITE_STATIC);
				sqlite3_bind_blob(s, 4, tc.b, (int)tc.n, SQLITE_TRANSIENT);
				if (sqlite3_step(s) != SQLITE_DONE)
					die("template");
				sqlite3_finalize(s);
			}
		}
		sql("INSERT INTO decks VALUES (1, 'Default', 0, 0, x'', x'')");
		sql("INSERT INTO decks VALUES (%lld, %Q, 0, 0, x'', x'')", DECK_BASIC,
		    "Español\x1f" "Básico");
		sql("INSERT INTO decks VALUES (%lld, %Q, 0, 0, x'', x'')", DECK_ANIMALS,
		    "Español\x1f" "Animales");
		return;
	}
	models[0] = '\0';
	for (i = 0; i < 3; i++) {
		const struct nt *n = &notetypes[i];
		char flds[1024] = "", tmpls[2048] = "";

		for (f = 0; n->fields[f]; f++) {
			json_escape(esc[0], sizeof(esc[0]), n->fields[f]);
			snprintf(part, sizeof(part), "%s{\"name\":\"%s\",\"ord\":%d,\"sticky\":false,"
				 "\"rtl\":false,\"font\":\"Arial\",\"size\":20}", f ? "," : "", esc[0], f);
			if (strlen(flds) + strlen(part) < sizeof(flds))
				memcpy(flds + strlen(flds), part, strlen(part) + 1);
		}
		for (t = 0; t < 2 && n->q[t]; t++) {
			json_escape(esc[1], sizeof(esc[1]), n->q[t]);
			json_escape(esc[2], sizeof(esc[2]), n->a[t]);
			snprintf(part, sizeof(part), "%s{\"name\":\"Card %d\",\"ord\":%d,\"qfmt\":\"%s\","
				 "\"afmt\":\"%s\",\"did\":null}", t ? "," : "", t + 1, t, esc[1], esc[2]);
			if (strlen(tmpls) + strlen(part) < sizeof(tmpls))
				memcpy(tmpls + strlen(tmpls), part, strlen(part) + 1);
		}
		snprintf(part, sizeof(part), "%s\"%lld\":{\"id\":%lld,\"name\":\"%s\",\"type\":%d,"
			 "\"mod\":0,\"usn\":0,\"sortf\":0,\"did\":null,\"css\":\"\",\"flds\":[%s],"
			 "\"tmpls\":[%s]}", i ? "," : "{", n->id, n->id, n->name, n->cloze, flds, tmpls);
		if (strlen(models) + strlen(part) < sizeof(models))
			memcpy(models + strlen(models), part, strlen(part) + 1);
	}
	memcpy(models + strlen(models), "}", 2);
	sql("UPDATE col SET models = %Q, decks = %Q", models,
	    "{\"1\":{\"id\":1,\"name\":\"Default\"},"
	    "\"2000001\":{\"id\":2000001,\"name\":\"Español::Básico\"},"
	    "\"2000002\":{\"id\":2000002,\"name\":\"Español::Animales\"}}");
}

static long long next_card = 3000001;

static void note(long long id, const char *guid, long long mid, const char *tags, const char *f0,
		 const char *f1)
{
	char flds[4096];

	snprintf(flds, sizeof(flds), "%s\x1f%s", f0, f1);
	sql("INSERT INTO notes VALUES (%lld, %Q, %lld, 0, 0, %Q, %Q, '', 0, 0, '')", id, guid, mid,
	    tags, flds);
}

static long long card(long long nid, long long did, int ord, int type, int queue, long long due,
		      int ivl, int factor, int reps, int lapses, int left)
{
	long long id = next_card++;

	sql("INSERT INTO cards VALUES (%lld, %lld, %lld, %d, 0, 0, %d, %d, %lld, %d, %d, %d, %d, %d,"
	    " 0, 0, 0, '')", id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left);
	return id;
}

static void rev(long long when_s, long long cid, int ease, int ivl, int type)
{
	sql("INSERT INTO revlog VALUES (%lld, %lld, 0, %d, %d, 0, 2500, 8000, %d)", when_s * 1000,
	    cid, ease, ivl, type);
}

static int has(const char *deck, const char *what)
{
	return !strcmp(deck, what) || !strcmp(deck, "all");
}

static void fill(const char *deck, int big)
{
	int sched = has(deck, "sched");

	if (has(deck, "basic") || sched) {
		long long c1, c2;

		note(101, "Bq7#n1", NT_BASIC, " travel question ",
		     "<b>¿Dónde</b> está la <i>estación</i>?", "Where is the <u>station</u>?");
		note(102, "Bq7#n2", NT_BASIC, " food ", "pan &amp; mantequilla<br>la casa&nbsp;grande",
		     "bread &amp; butter<br/>the big house");
		note(103, "Bq7#n3", NT_BASIC, "", "el ni&ntilde;o &#191;qu&#xE9;?", "the boy &lt;what?&gt;");
		if (sched) {
			c1 = card(101, DECK_BASIC, 0, 2, 2, 48, 10, 2350, 6, 1, 0);
			rev(1769940000, c1, 3, -600, 0);
			rev(1769940600, c1, 3, 1, 0);
			rev(1770022800, c1, 3, 4, 1);
			rev(1770368400, c1, 1, -600, 1);
			rev(1770369000, c1, 3, 1, 2);
			rev(1770450000, c1, 0, 5, 5); /* "set due date": not a review */
			rev(1770541200, c1, 4, 10, 1);
			c2 = card(102, DECK_BASIC, 0, 1, 1, 1773165600, -600, 2500, 1, 0, 1001);
			rev(1773165000, c2, 3, -600, 0);
		} else {
			card(101, DECK_BASIC, 0, 0, 0, 1, 0, 0, 0, 0, 0);
			card(102, DECK_BASIC, 0, 0, 0, 2, 0, 0, 0, 0, 0);
		}
		card(103, DECK_ANIMALS, 0, 0, 0, 3, 0, 0, 0, 0, 0);
	}
	if (has(deck, "english")) {
		note(111, "En#1", NT_BASIC, "", "the house", "la casa");
		note(112, "En#2", NT_BASIC, "", "Where is the station?", "¿Dónde está la estación?");
		note(113, "En#3", NT_BASIC, "", "the dog", "el perro");
		card(111, DECK_BASIC, 0, 0, 0, 11, 0, 0, 0, 0, 0);
		card(112, DECK_BASIC, 0, 0, 0, 12, 0, 0, 0, 0, 0);
		card(113, DECK_BASIC, 0, 0, 0, 13, 0, 0, 0, 0, 0);
	}
	if (has(deck, "reversed")) {
		note(121, "Rv#1", NT_REV, " fruit ", "la manzana", "the apple");
		note(122, "Rv#2", NT_REV, "", "el libro", "the book");
		card(121, DECK_BASIC, 0, 0, 0, 21, 0, 0, 0, 0, 0);
		card(121, DECK_BASIC, 1, 0, 0, 22, 0, 0, 0, 0, 0);
		card(122, DECK_BASIC, 0, 0, 0, 23, 0, 0, 0, 0, 0);
		card(122, DECK_BASIC, 1, 0, -1, 24, 0, 0, 0, 0, 0); /* suspended */
	}
	if (has(deck, "cloze")) {
		note(131, "Cz#1", NT_CLOZE, " grammar ",
		     "Voy a la {{c1::playa}} el {{c2::sábado::día}}.",
		     "I am going to the beach on Saturday.");
		card(131, DECK_BASIC, 0, 0, 0, 31, 0, 0, 0, 0, 0);
		card(131, DECK_BASIC, 1, 0, 0, 32, 0, 0, 0, 0, 0);
	}
	if (has(deck, "media")) {
		note(141, "Md#1", NT_BASIC, "", "el gato [sound:gato.mp3]", "the cat");
		card(141, DECK_ANIMALS, 0, 0, 0, 41, 0, 0, 0, 0, 0);
		if (!strcmp(deck, "media")) { /* a name that tries to leave the media directory */
			note(142, "Md#2", NT_BASIC, "", "el búho [sound:../../evil.mp3]", "the owl");
			card(142, DECK_ANIMALS, 0, 0, 0, 42, 0, 0, 0, 0, 0);
		}
	}
	if (!strcmp(deck, "shared")) {
		long long c1, c2;

		note(151, "Sh#1", NT_BASIC, "", "el río", "the river");
		note(152, "Sh#1", NT_BASIC, "", "el río grande", "the big river");
		c1 = card(151, DECK_BASIC, 0, 2, 2, 40, 4, 2500, 2, 0, 0);
		rev(1769940000, c1, 3, -600, 0);
		rev(1769940600, c1, 3, 4, 0);
		c2 = card(152, DECK_BASIC, 0, 2, 2, 45, 8, 2500, 3, 0, 0);
		rev(1770022800, c2, 3, -600, 0);
		rev(1770023400, c2, 3, 1, 0);
		rev(1770109800, c2, 4, 8, 1);
	}
	if (!strcmp(deck, "big")) {
		int i;
		char guid[32], es[128], en[128];

		sql("CREATE INDEX ix_revlog_cid ON revlog (cid)");
		for (i = 0; i < big; i++) {
			long long nid = 10000 + i, cid;

			snprintf(guid, sizeof(guid), "big#%d", i);
			snprintf(es, sizeof(es), "la <b>palabra</b> número %d&nbsp;está aquí", i);
			snprintf(en, sizeof(en), "the word number %d is here", i);
			note(nid, guid, NT_BASIC, " big ", es, en);
			if (i % 5 < 2) { /* two in five with a history of three reviews */
				cid = card(nid, DECK_BASIC, 0, 2, 2, 60 + i % 30, 8, 2500, 3, 0, 0);
				rev(1769940000 + 3 * i, cid, 3, -600, 0);
				rev(1769960000 + 3 * i, cid, 3, 1, 0);
				rev(1770022800 + 3 * i, cid, 3, 8, 1);
			} else {
				card(nid, DECK_BASIC, 0, 0, 0, i, 0, 0, 0, 0, 0);
			}
		}
	}
}

static void make_collection(const char *path, const char *deck, int big, int v18, int dummy)
{
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("creating a collection");
	sqlite3_create_collation(db, "unicase", SQLITE_UTF8, NULL, unicase);
	sql("BEGIN");
	sql("%s", schema11);
	sql("INSERT INTO col VALUES (1, %lld, 0, 0, %d, 0, 0, 0, '{}', '{}', '{}', '{}', '{}')",
	    CRT, v18 ? 18 : 11);
	latest = v18;
	if (v18) {
		sql("%s", schema18);
		sql("UPDATE col SET models = '', decks = '', dconf = ''");
	}
	write_notetypes();
	if (dummy) { /* what older Anki versions find: a note asking to update */
		note(1, "dummy", NT_BASIC, "", "Please update to the latest Anki version, then "
		     "import the .colpkg/.apkg file again.", "");
		card(1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0);
	} else {
		fill(deck, big);
	}
	sql("COMMIT");
	sqlite3_close(db);
	db = NULL;
}

/* ---- files and the zip */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		die("reading a file back");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
		die("reading a file back");
	fclose(f);
	*len = (size_t)n;
	return b;
}

#ifdef HAVE_LIBZIP
static void *zst(const void *p, size_t n, size_t *out)
{
#ifdef HAVE_ZSTD
	size_t cap = ZSTD_compressBound(n);
	void *b = malloc(cap);

	*out = ZSTD_compress(b, cap, p, n, 3);
	if (ZSTD_isError(*out))
		die("zstd");
	return b;
#else
	(void)p;
	(void)n;
	(void)out;
	exit(77);
#endif
}

static zip_t *za;

static void add(const char *name, const void *data, size_t n, int store)
{
	void *copy = malloc(n ? n : 1);
	zip_source_t *s;
	zip_int64_t i;

	memcpy(copy, data, n);
	s = zip_source_buffer(za, copy, n, 1);
	if (!s || (i = zip_file_add(za, name, s, ZIP_FL_OVERWRITE)) < 0)
		die("zip");
	zip_set_file_compression(za, (zip_uint64_t)i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
}

static void add_file(const char *name, const char *path, int zstd)
{
	size_t n, zn;
	char *b = slurp(path, &n);

	if (zstd) {
		void *z = zst(b, n, &zn);

		add(name, z, zn, 1);
		free(z);
	} else {
		add(name, b, n, 0);
	}
	free(b);
}

static int package(const char *layout, const char *deck, int big, const char *out)
{
	char tmp[] = "/tmp/mkanki-XXXXXX", col[64], dum[64];
	int b = !strcmp(layout, "anki21b"), l2 = !strcmp(layout, "anki21");
	int media = has(deck, "media");
	static const char gato[] = "ID3 fake audio of a cat";
	static const char evil[] = "ID3 this must not escape";
	int err;

	if (!b && !l2 && strcmp(layout, "anki2"))
		die("layout must be anki2, anki21 or anki21b");
#ifndef HAVE_ZSTD
	if (b)
		return 77;
#endif
	if (!mkdtemp(tmp))
		die("mkdtemp");
	snprintf(col, sizeof(col), "%s/col", tmp);
	snprintf(dum, sizeof(dum), "%s/dummy", tmp);
	make_collection(col, deck, big, b, 0);
	if (b || l2)
		make_collection(dum, deck, 0, 0, 1);
	unlink(out);
	za = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		die("zip_open");
	if (b) {
		struct buf meta = { .n = 0 }, map = { .n = 0 };
		size_t zn;
		void *z;

		pb_uint(&meta, 1, 3);
		add("meta", meta.b, meta.n, 1);
		add_file("collection.anki21b", col, 1);
		add_file("collection.anki2", dum, 0);
		if (media) {
			struct buf e1 = { .n = 0 }, e2 = { .n = 0 };

			pb_bytes(&e1, 1, "gato.mp3", 8);
			pb_uint(&e1, 2, sizeof(gato) - 1);
			pb_bytes(&e1, 3, "01234567890123456789", 20);
			pb_bytes(&map, 1, e1.b, e1.n);
			pb_bytes(&e2, 1, "../../evil.mp3", 14);
			pb_uint(&e2, 2, sizeof(evil) - 1);
			pb_bytes(&map, 1, e2.b, e2.n);
			z = zst(gato, sizeof(gato) - 1, &zn);
			add("0", z, zn, 1);
			free(z);
			z = zst(evil, sizeof(evil) - 1, &zn);
			add("1", z, zn, 1);
			free(z);
		}
		z = zst(map.b, map.n, &zn);
		add("media", z, zn, 1);
		free(z);
	} else {
		add_file(l2 ? "collection.anki21" : "collection.anki2", col, 0);
		if (l2)
			add_file("collection.anki2", dum, 0);
		if (media) {
			const char *m = "{\"0\": \"gato.mp3\", \"1\": \"../../evil.mp3\"}";

			add("media", m, strlen(m), 0);
			add("0", gato, sizeof(gato) - 1, 0);
			add("1", evil, sizeof(evil) - 1, 0);
		} else {
			add("media", "{}", 2, 0);
		}
	}
	if (zip_close(za) < 0)
		die("zip_close");
	unlink(col);
	unlink(dum);
	rmdir(tmp);
	return 0;
}

static int broken(const char *what, const char *out)
{
	int err;

	if (!strcmp(what, "empty")) {
		FILE *f = fopen(out, "wb");

		if (!f)
			die("creating the file");
		fclose(f);
		return 0;
	}
	if (!strcmp(what, "truncated")) {
		size_t n;
		char *b;
		FILE *f;

		if (package("anki21", "basic", 0, out))
			return 77;
		b = slurp(out, &n);
		f = fopen(out, "wb");
		if (!f || fwrite(b, 1, n / 2, f) != n / 2)
			die("truncating");
		fclose(f);
		free(b);
		return 0;
	}
	if (!strcmp(what, "badzstd")) {
#ifndef HAVE_ZSTD
		return 77;
#endif
	}
	unlink(out);
	za = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		die("zip_open");
	if (!strcmp(what, "nocollection")) {
		add("media", "{}", 2, 0);
		add("readme.txt", "hello", 5, 0);
	} else if (!strcmp(what, "notsqlite")) {
		add("collection.anki2", "this is not a database, only text", 33, 0);
		add("media", "{}", 2, 0);
	} else if (!strcmp(what, "notanki")) {
		char tmp[] = "/tmp/mkanki-XXXXXX", path[64];

		if (!mkdtemp(tmp))
			die("mkdtemp");
		snprintf(path, sizeof(path), "%s/x", tmp);
		if (sqlite3_open(path, &db) != SQLITE_OK)
			die("sqlite");
		sql("CREATE TABLE things (a, b); INSERT INTO things VALUES (1, 2)");
		sqlite3_close(db);
		db = NULL;
		add_file("collection.anki2", path, 0);
		unlink(path);
		rmdir(tmp);
	} else if (!strcmp(what, "unknown")) {
		add("collection.anki3", "SQLite format 3", 16, 0);
		add("media", "{}", 2, 0);
	} else if (!strcmp(what, "newmeta")) {
		struct buf meta = { .n = 0 };

		pb_uint(&meta, 1, 9);
		add("meta", meta.b, meta.n, 1);
		add("collection.anki21b", "x", 1, 1);
	} else if (!strcmp(what, "badzstd")) {
		struct buf meta = { .n = 0 };

		pb_uint(&meta, 1, 3);
		add("meta", meta.b, meta.n, 1);
		add("collection.anki21b", "definitely not zstd data", 24, 1);
	} else {
		die("unknown kind of broken package");
	}
	if (zip_close(za) < 0)
		die("zip_close");
	return 0;
}
#endif

int main(int argc, char **argv)
{
	int big = 100;

	if (argc > 2 && !strcmp(argv[1], "--notes")) {
		big = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
#ifndef HAVE_LIBZIP
	(void)big;
	fprintf(stderr, "mkanki: built without libzip\n");
	return 77;
#else
	if (argc == 4 && !strcmp(argv[1], "--broken"))
		return broken(argv[2], argv[3]);
	if (argc != 4) {
		fprintf(stderr, "usage: mkanki [--notes N] anki2|anki21|anki21b DECK OUT\n"
				"       mkanki --broken WHAT OUT\n");
		return 2;
	}
	return package(argv[1], argv[2], big, argv[3]);
#endif
}
