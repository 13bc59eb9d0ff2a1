/* csvdeck.c: CSV and TSV decks with Anki's header lines, and telling file kinds apart. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/anki.h"
#include "aidioma/content.h"
#include "content/deck-int.h"
#include "banned.h"

#define MAX_COLS 64
#define MAX_ROWS 1000000
#define SAMPLE_ROWS 300

int deck_sniff(const char *path, int *kind, struct err *e)
{
	unsigned char head[512];
	size_t n, i = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot open '%s': %s",
			       path, strerror(errno));
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n == 0)
		return err_set(e, ERR_USAGE, "'%s' is empty", path);
	if (n >= 2 && head[0] == 'P' && head[1] == 'K') {
		*kind = DECK_ANKI;
		return 0;
	}
	if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
		i = 3;
	while (i < n && isspace(head[i]))
		i++;
	*kind = i < n && head[i] == '{' ? DECK_PACK : DECK_CSV;
	return 0;
}

struct csv {
	const char *path;
	char sep;
	int sep_given, html;
	int tags_col, deck_col, guid_col; /* 0-based, -1: none */
	char deck[64];
	char *tags;                       /* #tags: for every row */
	char names[MAX_COLS][64];
	int n_names;
	char ***rows;                     /* rows[i][j] */
	int *widths;
	int n_rows;
};

static const struct {
	const char *name;
	char ch;
} seps[] = { { "comma", ',' }, { "semicolon", ';' }, { "tab", '\t' }, { "space", ' ' },
	     { "pipe", '|' }, { "colon", ':' } };

/* One field at *p (quoted as RFC 4180, or bare); *p moves past it. */
static char *field(const char **p, char sep, int *end_of_row)
{
	struct sbuf sb = SBUF_INIT;
	const char *s = *p;

	sbuf_add(&sb, "", 0);
	if (*s == '"') {
		s++;
		for (;;) {
			if (!*s)
				break;
			if (*s == '"') {
				if (s[1] == '"') {
					sbuf_add(&sb, "\"", 1);
					s += 2;
					continue;
				}
				s++;
				break;
			}
			sbuf_add(&sb, s++, 1);
		}
		while (*s && *s != sep && *s != '\n' && *s != '\r')
			sbuf_add(&sb, s++, 1); /* after the closing quote: kept, as Anki does */
	} else {
		while (*s && *s != sep && *s != '\n' && *s != '\r')
			sbuf_add(&sb, s++, 1);
	}
	if (*s == sep) {
		s++;
		*end_of_row = 0;
	} else {
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		*end_of_row = 1;
	}
	*p = s;
	return sbuf_detach(&sb, NULL);
}

/* How many separators a line has outside quotes. */
static int count_sep(const char *line, const char *end, char sep)
{
	int q = 0, n = 0;

	for (; line < end; line++) {
		if (*line == '"')
			q = !q;
		else if (!q && *line == sep)
			n++;
	}
	return n;
}

static char guess_sep(const char *text, const char *path)
{
	static const char cands[] = { '\t', ';', ',', '|' };
	int counts[4][20], lines = 0, i, k;
	const char *p = text;
	size_t plen = strlen(path);

	if (plen > 4 && !strcasecmp(path + plen - 4, ".tsv"))
		return '\t';
	while (*p && lines < 20) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);

		if (*p != '#' && end > p) {
			for (k = 0; k < 4; k++)
				counts[k][lines] = count_sep(p, end, cands[k]);
			lines++;
		}
		p = nl ? nl + 1 : end;
	}
	for (k = 0; k < 4; k++) { /* the same number on every line: a separator */
		int same = lines > 0 && counts[k][0] > 0;

		for (i = 1; i < lines && same; i++)
			same = counts[k][i] == counts[k][0];
		if (same)
			return cands[k];
	}
	{
		int best = 2, total = 0;

		for (k = 0; k < 4; k++) {
			int t = 0;

			for (i = 0; i < lines; i++)
				t += counts[k][i];
			if (t > total) {
				total = t;
				best = k;
			}
		}
		return cands[best];
	}
}

static int header(struct csv *c, const char *line, struct err *e)
{
	const char *colon = strchr(line, ':');
	char key[32], *val;
	size_t n;
	int i;

	if (!colon || colon - line > 30)
		return 0; /* a comment */
	n = (size_t)(colon - line - 1);
	memcpy(key, line + 1, n);
	key[n] = '\0';
	for (i = 0; key[i]; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	val = xstrdup(colon + 1);
	n = strlen(val);
	while (n && (val[n - 1] == '\r' || val[n - 1] == ' '))
		val[--n] = '\0';
	if (!strcmp(key, "separator")) {
		c->sep_given = 1;
		if (strlen(val) == 1) {
			c->sep = val[0];
		} else {
			c->sep = 0;
			for (i = 0; i < (int)(sizeof(seps) / sizeof(seps[0])); i++)
				if (!strcasecmp(val, seps[i].name))
					c->sep = seps[i].ch;
			if (!c->sep) {
				err_set(e, ERR_USAGE, "'%s': #separator:%s is not a separator (Comma, "
					"Semicolon, Tab, Space, Pipe, Colon or one character)", c->path, val);
				free(val);
				return ERR_USAGE;
			}
		}
	} else if (!strcmp(key, "html")) {
		c->html = !strcasecmp(val, "true");
	} else if (!strcmp(key, "tags column") || !strcmp(key, "deck column") ||
		   !strcmp(key, "guid column")) {
		long v = strtol(val, NULL, 10);

		if (v < 1 || v > MAX_COLS) {
			free(val);
			return err_set(e, ERR_USAGE, "'%s': #%s:%s is not a column number", c->path,
				       key, colon + 1);
		}
		*(key[0] == 't' ? &c->tags_col : key[0] == 'd' ? &c->deck_col : &c->guid_col) =
			(int)v - 1;
	} else if (!strcmp(key, "deck")) {
		deck_topic(val, c->deck);
	} else if (!strcmp(key, "tags")) {
		free(c->tags);
		c->tags = xstrdup(val);
	} else if (!strcmp(key, "columns")) {
		const char *p = val;
		int eor = 0;

		if (!c->sep)
			c->sep = strchr(val, '\t') ? '\t' : strchr(val, ';') ? ';' : ',';
		c->n_names = 0;
		while (*p && c->n_names < MAX_COLS && !eor) {
			char *f = field(&p, c->sep, &eor);

			deck_topic(f, c->names[c->n_names++]);
			free(f);
		}
	}
	free(val);
	return 0;
}

static void csv_release(struct csv *c)
{
	int i, j;

	for (i = 0; i < c->n_rows; i++) {
		for (j = 0; j < c->widths[i]; j++)
			free(c->rows[i][j]);
		free(c->rows[i]);
	}
	free(c->rows);
	free(c->widths);
	free(c->tags);
}

static int parse(struct csv *c, const char *text, struct err *e)
{
	const char *p = text;
	int alloc = 0, line = 1, rc;

	if (!strncmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	while (*p == '#') {
		const char *nl = strchr(p, '\n');
		char *ln = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);

		rc = header(c, ln, e);
		free(ln);
		if (rc)
			return rc;
		p = nl ? nl + 1 : p + strlen(p);
		line++;
	}
	if (!c->sep)
		c->sep = guess_sep(p, c->path);
	while (*p) {
		char **row = NULL;
		int n = 0, eor = 0;

		if (*p == '\n' || (*p == '\r' && p[1] == '\n')) { /* blank line */
			p += *p == '\r' ? 2 : 1;
			line++;
			continue;
		}
		if (c->n_rows >= MAX_ROWS)
			return err_set(e, ERR_USAGE, "'%s': more than %d rows", c->path, MAX_ROWS);
		while (!eor) {
			char *f = field(&p, c->sep, &eor);

			if (n < MAX_COLS) {
				row = xrealloc(row, (size_t)(n + 1) * sizeof(*row));
				row[n++] = f;
			} else {
				free(f);
			}
			if (!*p)
				eor = 1;
		}
		if (c->n_rows == alloc) {
			alloc = alloc * 2 + 64;
			c->rows = xrealloc(c->rows, (size_t)alloc * sizeof(*c->rows));
			c->widths = xrealloc(c->widths, (size_t)alloc * sizeof(*c->widths));
		}
		c->rows[c->n_rows] = row;
		c->widths[c->n_rows++] = n;
		line++;
	}
	return 0;
}

/* Plain text from a cell: controls out, ends trimmed (HTML only with #html:true). */
static char *cell_text(const struct csv *c, const char *s)
{
	struct sbuf sb = SBUF_INIT;
	size_t n = strlen(s), i = 0;

	if (c->html)
		return anki_html_to_text(s, ANKI_MAX_NOTE_BYTES);
	sbuf_add(&sb, "", 0);
	while (i < n && sb.len < ANKI_MAX_NOTE_BYTES) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);

		if (k < 0) {
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\t' || (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
						 !(cp >= 0x202a && cp <= 0x202e) &&
						 !(cp >= 0x2066 && cp <= 0x2069) && cp != 0xfeff))
			sbuf_add(&sb, s + i, (size_t)k);
		i += (size_t)k;
	}
	{
		char *t = sbuf_detach(&sb, NULL), *start = t;
		size_t len;

		while (*start == ' ' || *start == '\t' || *start == '\n')
			start++;
		len = strlen(start);
		while (len && (start[len - 1] == ' ' || start[len - 1] == '\t' || start[len - 1] == '\n'))
			len--;
		memmove(t, start, len);
		t[len] = '\0';
		return t;
	}
}

static const char *cell(const struct csv *c, int row, int col)
{
	return col >= 0 && col < c->widths[row] ? c->rows[row][col] : "";
}

int deck_import_csv(struct store *st, const struct user *u, const char *path,
		    const struct deck_options *o, struct deck_report *r, struct err *e)
{
	struct csv c;
	char *text = NULL, base[64];
	size_t len;
	double score[MAX_COLS] = { 0 };
	int width = 0, i, j, es, en, rc, began = 0, guessed;
	const char *slash;
	ms_t now = clock_now_ms();

	memset(r, 0, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.tags_col = c.deck_col = c.guid_col = -1;
	if ((rc = file_read(path, DECK_MAX_CSV_BYTES, &text, &len, e)))
		return rc;
	if (len == 0) {
		free(text);
		return err_set(e, ERR_USAGE, "'%s' is empty", path);
	}
	if (!utf8_valid(text, len) || memchr(text, '\0', len)) {
		free(text);
		return err_set(e, ERR_USAGE, "'%s' is not UTF-8 text: save it as UTF-8 CSV", path);
	}
	if ((rc = parse(&c, text, e)))
		goto out;
	for (i = 0; i < c.n_rows; i++)
		if (c.widths[i] > width)
			width = c.widths[i];
	for (j = c.n_names; j < width && j < MAX_COLS; j++)
		xsnprintf(c.names[j], 64, "%d", j + 1);
	if (width > c.n_names)
		c.n_names = width;
	xsnprintf(r->format, sizeof(r->format), "%s (separator %s%s)",
		  c.sep == '\t' ? "TSV" : "CSV", c.sep == '\t' ? "tab" : c.sep == ' ' ? "space" :
		  (char[]){ '\'', c.sep, '\'', 0 }, c.sep_given ? "" : ", guessed");
	for (i = 0; i < c.n_rows && i < SAMPLE_ROWS; i++)
		for (j = 0; j < c.n_names; j++) {
			char *t = cell_text(&c, cell(&c, i, j));

			score[j] += anki_spanishness(t);
			free(t);
		}
	/* the tags, deck and guid columns are never a side */
	for (j = 0; j < c.n_names; j++)
		if (j == c.tags_col || j == c.deck_col || j == c.guid_col)
			score[j] = 0;
	es = deck_pick_field(o->spanish, c.names, c.n_names);
	en = deck_pick_field(o->english, c.names, c.n_names);
	if (o->spanish && es < 0) {
		rc = err_set(e, ERR_USAGE, "'%s': no column '%s'", path, o->spanish);
		goto out;
	}
	if (o->english && en < 0) {
		rc = err_set(e, ERR_USAGE, "'%s': no column '%s'", path, o->english);
		goto out;
	}
	guessed = es < 0 || en < 0;
	{
		char names[MAX_COLS][64];
		int map[MAX_COLS], k = 0, es2 = -1, en2 = -1;
		double sc[MAX_COLS];

		for (j = 0; j < c.n_names; j++)
			if (j != c.tags_col && j != c.deck_col && j != c.guid_col) {
				memcpy(names[k], c.names[j], 64);
				sc[k] = score[j];
				if (j == es)
					es2 = k;
				if (j == en)
					en2 = k;
				map[k++] = j;
			}
		if (k == 1)
			es2 = 0;
		else if (k > 1)
			deck_guess_sides(names, sc, k, &es2, &en2);
		es = es2 >= 0 ? map[es2] : -1;
		en = en2 >= 0 ? map[en2] : -1;
	}
	sbuf_addf(&r->fields, "columns: Spanish '%s', English %s%s%s%s\n", es >= 0 ? c.names[es] : "?",
		  en >= 0 ? "'" : "", en >= 0 ? c.names[en] : "(none)", en >= 0 ? "'" : "",
		  guessed ? " (guessed)" : "");
	slash = strrchr(path, '/');
	deck_topic(slash ? slash + 1 : path, base);
	if (strrchr(base, '.') && strrchr(base, '.') != base)
		*strrchr(base, '.') = '\0';
	if (!o->dry_run) {
		if ((rc = store_begin(st, e)))
			goto out;
		began = 1;
	}
	for (i = 0; i < c.n_rows && !rc; i++) {
		struct deck_card dc;
		cJSON *m = cJSON_CreateObject(), *tags;
		char es_line[96], en_line[96];

		memset(&dc, 0, sizeof(dc));
		dc.spanish = cell_text(&c, cell(&c, i, es));
		dc.english = cell_text(&c, cell(&c, i, en));
		r->notes++;
		if (!*dc.spanish) {
			r->skipped++;
			goto next;
		}
		if (c.guid_col >= 0 && *cell(&c, i, c.guid_col)) {
			deck_card_id(cell(&c, i, c.guid_col), "", dc.id);
		} else {
			struct sbuf sb = SBUF_INIT;
			char hash[65];

			sbuf_adds(&sb, dc.spanish);
			sbuf_add(&sb, "", 1);
			sbuf_adds(&sb, dc.english);
			sha256_hex(sb.buf, sb.len, hash);
			sbuf_release(&sb);
			xsnprintf(dc.id, sizeof(dc.id), "csv-%.16s", hash);
		}
		deck_topic(c.deck_col >= 0 && *cell(&c, i, c.deck_col) ? cell(&c, i, c.deck_col) :
			   c.deck[0] ? c.deck : base, dc.topic);
		cJSON_AddStringToObject(m, "origin", "csv");
		tags = cJSON_AddArrayToObject(m, "tags");
		deck_add_tags(tags, c.tags);
		if (c.tags_col >= 0)
			deck_add_tags(tags, cell(&c, i, c.tags_col));
		dc.metadata = cJSON_PrintUnformatted(m);
		r->cards++;
		if (r->cards <= o->preview) {
			deck_topic(dc.spanish, es_line);
			deck_topic(dc.english, en_line);
			sbuf_addf(&r->preview, "  %-22s %s | %s\n", dc.id, es_line, en_line);
		}
		if (!o->dry_run)
			rc = deck_put_card(st, u, &dc, now, i, c.n_rows, r, e);
next:
		cJSON_Delete(m);
		cJSON_free(dc.metadata);
		free(dc.spanish);
		free(dc.english);
	}
	if (rc) {
		err_prefix(e, "'%s'", path);
		goto out;
	}
	if (began) {
		rc = store_commit(st, e);
		began = 0;
	}
out:
	if (began)
		store_rollback(st);
	csv_release(&c);
	free(text);
	return rc;
}
