/* ankiexport.c: the learner's flashcards (and their reviews) as a package Anki opens. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "aidioma/anki.h"
#include "aidioma/content.h"
#include "banned.h"

/* The note types of an export; the ids are fixed so that a second export
 * into the same Anki collection reuses them. */
enum { NT_FWD, NT_REV, NT_BOTH, NT_CLOZE, NT__COUNT };
static const long long nt_ids[NT__COUNT] = { 1712000000001LL, 1712000000002LL, 1712000000003LL,
					     1712000000004LL };
static const char *const nt_names[NT__COUNT] = {
	"aidioma: Spanish → English", "aidioma: English → Spanish",
	"aidioma: Spanish ⇄ English", "aidioma: Cloze"
};
#define DECK_ID_BASE 1712000001000LL

enum { K_FWD, K_REV, K_CLOZE };

struct item {
	struct content c;
	struct progress p;
	char *guid, *extra, *cloze_source, *tags;
	int kind, cloze_n;
	long new_pos;    /* place among the new cards, by when they come */
	long long card_id, note_id, deck_id;
};

struct exp {
	struct item *items;
	int n, alloc;
	char (*topics)[64];
	int n_topics;
	const char *user_id;
};

static int collect(const struct progress *p, void *ctx)
{
	struct exp *x = ctx;

	if (strcmp(p->content_type, "flashcard"))
		return 0;
	if (x->n == x->alloc)
		x->items = xrealloc(x->items, (size_t)(x->alloc = x->alloc * 2 + 64) * sizeof(*x->items));
	memset(&x->items[x->n], 0, sizeof(x->items[0]));
	x->items[x->n].p = *p;
	x->items[x->n].p.metadata = xstrdup(p->metadata ? p->metadata : "{}");
	x->n++;
	return 0;
}

static char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);

	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

/* What the card is, from its metadata: which note it belongs to, which way it asks. */
static void describe(struct item *it)
{
	cJSON *m = cJSON_Parse(it->c.metadata ? it->c.metadata : "{}");
	const cJSON *cz = cJSON_GetObjectItem(m, "cloze"), *tags = cJSON_GetObjectItem(m, "tags"), *t;
	const cJSON *ask = cJSON_GetObjectItem(m, "ask");
	struct sbuf sb = SBUF_INIT;

	it->guid = json_str(cJSON_GetObjectItem(m, "anki"), "guid");
	if (!it->guid) {
		sbuf_addf(&sb, "aidioma:%s", it->c.id);
		it->guid = sbuf_detach(&sb, NULL);
	}
	it->extra = json_str(m, "extra");
	it->kind = cJSON_IsString(ask) && !strcmp(ask->valuestring, "english") ? K_REV : K_FWD;
	if (cJSON_IsObject(cz) && (it->cloze_source = json_str(cz, "source"))) {
		const cJSON *n = cJSON_GetObjectItem(cz, "n");

		it->kind = K_CLOZE;
		it->cloze_n = cJSON_IsNumber(n) && n->valueint >= 1 && n->valueint <= 500 ?
				      n->valueint : 1;
	}
	sbuf_add(&sb, " ", 1);
	cJSON_ArrayForEach(t, tags)
		if (cJSON_IsString(t) && *t->valuestring && !strpbrk(t->valuestring, " \t\n")) {
			sbuf_adds(&sb, t->valuestring);
			sbuf_adds(&sb, " ");
		}
	it->tags = sb.len > 1 ? sbuf_detach(&sb, NULL) : xstrdup("");
	sbuf_release(&sb);
	cJSON_Delete(m);
}

static int cmp_due(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a, *y = *(const struct item *const *)b;

	if (x->p.next_review_at != y->p.next_review_at)
		return x->p.next_review_at < y->p.next_review_at ? -1 : 1;
	return strcmp(x->c.id, y->c.id);
}

/* New cards keep the order the queue gives them (Anki's due is a position). */
static void rank_new(struct exp *x)
{
	struct item **list = xcalloc((size_t)x->n + 1, sizeof(*list));
	int i, n = 0;

	for (i = 0; i < x->n; i++)
		list[n++] = &x->items[i];
	qsort(list, (size_t)n, sizeof(*list), cmp_due);
	for (i = 0; i < n; i++)
		list[i]->new_pos = i + 1;
	free(list);
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->guid, y->guid);

	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->cloze_n != y->cloze_n)
		return x->cloze_n - y->cloze_n;
	return strcmp(x->c.id, y->c.id);
}

static void items_free(struct exp *x)
{
	int i;

	for (i = 0; i < x->n; i++) {
		content_release(&x->items[i].c);
		progress_release(&x->items[i].p);
		free(x->items[i].guid);
		free(x->items[i].extra);
		free(x->items[i].cloze_source);
		free(x->items[i].tags);
	}
	free(x->items);
	free(x->topics);
}

static long long deck_for(struct exp *x, const char *topic)
{
	int i;

	if (!*topic)
		return 1;
	for (i = 0; i < x->n_topics; i++)
		if (!strcmp(x->topics[i], topic))
			return DECK_ID_BASE + i;
	x->topics = xrealloc(x->topics, (size_t)(x->n_topics + 1) * sizeof(*x->topics));
	xstrlcpy(x->topics[x->n_topics], topic, 64);
	return DECK_ID_BASE + x->n_topics++;
}

/* ---- the JSON Anki keeps in the col row */

static cJSON *field_json(const char *name, int ord)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "name", name);
	cJSON_AddNumberToObject(f, "ord", ord);
	cJSON_AddBoolToObject(f, "sticky", 0);
	cJSON_AddBoolToObject(f, "rtl", 0);
	cJSON_AddStringToObject(f, "font", "Arial");
	cJSON_AddNumberToObject(f, "size", 20);
	cJSON_AddStringToObject(f, "description", "");
	return f;
}

static cJSON *template_json(const char *name, int ord, const char *q, const char *a)
{
	cJSON *t = cJSON_CreateObject();

	cJSON_AddStringToObject(t, "name", name);
	cJSON_AddNumberToObject(t, "ord", ord);
	cJSON_AddStringToObject(t, "qfmt", q);
	cJSON_AddStringToObject(t, "afmt", a);
	cJSON_AddStringToObject(t, "bqfmt", "");
	cJSON_AddStringToObject(t, "bafmt", "");
	cJSON_AddNullToObject(t, "did");
	cJSON_AddStringToObject(t, "bfont", "");
	cJSON_AddNumberToObject(t, "bsize", 0);
	return t;
}

static void add_req(cJSON *req, int ord, int field)
{
	cJSON *r = cJSON_CreateArray(), *f = cJSON_CreateArray();

	cJSON_AddItemToArray(r, cJSON_CreateNumber(ord));
	cJSON_AddItemToArray(r, cJSON_CreateString("any"));
	cJSON_AddItemToArray(f, cJSON_CreateNumber(field));
	cJSON_AddItemToArray(r, f);
	cJSON_AddItemToArray(req, r);
}

static cJSON *notetype_json(int t, long long mod_s)
{
	static const char fwd_q[] = "{{Spanish}}",
			  fwd_a[] = "{{FrontSide}}\n\n<hr id=answer>\n\n{{English}}"
				    "{{#Extra}}<br><br>{{Extra}}{{/Extra}}",
			  rev_q[] = "{{English}}",
			  rev_a[] = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Spanish}}"
				    "{{#Extra}}<br><br>{{Extra}}{{/Extra}}";
	cJSON *m = cJSON_CreateObject(), *flds, *tmpls, *req;

	cJSON_AddNumberToObject(m, "id", (double)nt_ids[t]);
	cJSON_AddStringToObject(m, "name", nt_names[t]);
	cJSON_AddNumberToObject(m, "type", t == NT_CLOZE);
	cJSON_AddNumberToObject(m, "mod", (double)mod_s);
	cJSON_AddNumberToObject(m, "usn", -1);
	cJSON_AddNumberToObject(m, "sortf", 0);
	cJSON_AddNullToObject(m, "did");
	flds = cJSON_AddArrayToObject(m, "flds");
	tmpls = cJSON_AddArrayToObject(m, "tmpls");
	req = cJSON_AddArrayToObject(m, "req");
	cJSON_AddItemToArray(flds, field_json(t == NT_CLOZE ? "Text" : "Spanish", 0));
	cJSON_AddItemToArray(flds, field_json("English", 1));
	cJSON_AddItemToArray(flds, field_json("Extra", 2));
	if (t == NT_CLOZE) {
		cJSON_AddItemToArray(tmpls, template_json("Cloze", 0, "{{cloze:Text}}",
			"{{cloze:Text}}<br>\n{{English}}{{#Extra}}<br><br>{{Extra}}{{/Extra}}"));
	} else {
		if (t != NT_REV) {
			cJSON_AddItemToArray(tmpls, template_json("Spanish → English", 0, fwd_q, fwd_a));
			add_req(req, 0, 0);
		}
		if (t != NT_FWD) {
			int ord = t == NT_BOTH ? 1 : 0;

			cJSON_AddItemToArray(tmpls, template_json("English → Spanish", ord, rev_q, rev_a));
			add_req(req, ord, 1);
		}
	}
	cJSON_AddStringToObject(m, "css", ".card {\n  font-family: arial;\n  font-size: 20px;\n"
				"  text-align: center;\n  color: black;\n  background-color: white;\n}\n"
				".cloze {\n  font-weight: bold;\n  color: blue;\n}\n");
	cJSON_AddStringToObject(m, "latexPre", "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}"
				"\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n"
				"\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n");
	cJSON_AddStringToObject(m, "latexPost", "\\end{document}");
	cJSON_AddBoolToObject(m, "latexsvg", 0);
	cJSON_AddArrayToObject(m, "tags");
	cJSON_AddArrayToObject(m, "vers");
	return m;
}

static cJSON *deck_json(long long id, const char *name, long long mod_s)
{
	static const char *const today[] = { "lrnToday", "revToday", "newToday", "timeToday" };
	cJSON *d = cJSON_CreateObject();
	int i;

	cJSON_AddNumberToObject(d, "id", (double)id);
	cJSON_AddNumberToObject(d, "mod", (double)mod_s);
	cJSON_AddStringToObject(d, "name", name);
	cJSON_AddNumberToObject(d, "usn", -1);
	for (i = 0; i < 4; i++) {
		cJSON *a = cJSON_AddArrayToObject(d, today[i]);

		cJSON_AddItemToArray(a, cJSON_CreateNumber(0));
		cJSON_AddItemToArray(a, cJSON_CreateNumber(0));
	}
	cJSON_AddBoolToObject(d, "collapsed", 0);
	cJSON_AddBoolToObject(d, "browserCollapsed", 0);
	cJSON_AddStringToObject(d, "desc", "");
	cJSON_AddNumberToObject(d, "dyn", 0);
	cJSON_AddNumberToObject(d, "conf", 1);
	cJSON_AddNumberToObject(d, "extendNew", 0);
	cJSON_AddNumberToObject(d, "extendRev", 0);
	return d;
}

static const char dconf_json[] =
	"{\"1\":{\"id\":1,\"mod\":0,\"name\":\"Default\",\"usn\":0,\"maxTaken\":60,"
	"\"autoplay\":true,\"timer\":0,\"replayq\":true,\"dyn\":false,"
	"\"new\":{\"bury\":false,\"delays\":[1.0,10.0],\"initialFactor\":2500,"
	"\"ints\":[1,4,0],\"order\":1,\"perDay\":20},"
	"\"rev\":{\"bury\":false,\"ease4\":1.3,\"ivlFct\":1.0,\"maxIvl\":36500,\"perDay\":200,"
	"\"hardFactor\":1.2},"
	"\"lapse\":{\"delays\":[10.0],\"leechAction\":1,\"leechFails\":8,\"minInt\":1,"
	"\"mult\":0.0}}}";

static char *print(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	char *r = xstrdup(s ? s : "{}");

	cJSON_free(s);
	cJSON_Delete(o);
	return r;
}

/* Anki's note checksum: the first 8 hex digits of the SHA-1 of the first field. */
static long long checksum(const char *text)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(text, strlen(text), md, &n, EVP_sha1(), NULL) || n < 4)
		return 0;
	return ((long long)md[0] << 24) | (md[1] << 16) | (md[2] << 8) | md[3];
}

static char *join_fields(const char *a, const char *b, const char *c)
{
	struct sbuf sb = SBUF_INIT;
	char *h;

	h = anki_text_to_html(a);
	sbuf_adds(&sb, h);
	free(h);
	sbuf_add(&sb, "\x1f", 1);
	h = anki_text_to_html(b);
	sbuf_adds(&sb, h);
	free(h);
	sbuf_add(&sb, "\x1f", 1);
	h = anki_text_to_html(c ? c : "");
	sbuf_adds(&sb, h);
	free(h);
	return sbuf_detach(&sb, NULL);
}

/* ---- scheduling: a card's state, and its reviews as Anki's log */

static void card_sched(const struct item *it, long long crt, int with_sched, long pos,
		       struct anki_card *k)
{
	const struct progress *p = &it->p;

	k->type = 0;
	k->queue = 0;
	k->due = pos;
	k->factor = 0;
	if (with_sched && p->reps > 0 && p->state >= 1 && p->state <= 3) {
		k->type = p->state;
		k->ivl = (int)lround(p->interval_days);
		k->factor = p->easiness >= 1.3 ? (int)lround(p->easiness * 1000) : 2500;
		k->reps = (int)p->reps;
		k->lapses = (int)p->lapses;
		if (p->state == 2) {
			long long day = (p->next_review_at / 1000 - crt) / 86400;

			k->queue = 2;
			k->due = day > 0 ? day : 0;
			if (k->ivl < 1)
				k->ivl = 1;
		} else {
			k->queue = 1;
			k->due = p->next_review_at / 1000;
			k->left = 1001;
		}
	}
	if (p->suspended)
		k->queue = -1;
}

struct revs {
	struct anki_rev *list;
	int n, alloc;
	const struct item *items; /* sorted by content id for lookups */
	const struct item **by_id;
	int n_items;
};

static int cmp_by_id(const void *a, const void *b)
{
	return strcmp((*(const struct item *const *)a)->c.id, (*(const struct item *const *)b)->c.id);
}

static int interval_of(const cJSON *state, ms_t at)
{
	const cJSON *st = cJSON_GetObjectItem(state, "state"), *iv = cJSON_GetObjectItem(state, "interval");
	const cJSON *due = cJSON_GetObjectItem(state, "due");

	if (cJSON_IsNumber(st) && (st->valueint == 1 || st->valueint == 3) && cJSON_IsNumber(due)) {
		double secs = (due->valuedouble - (double)at) / 1000;

		return secs > 0 ? -(int)lround(secs) : 0; /* learning: negative seconds */
	}
	return cJSON_IsNumber(iv) ? (int)lround(iv->valuedouble) : 0;
}

static int each_review(const struct activity *a, void *ctx)
{
	struct revs *r = ctx;
	struct item key, *kp = &key;
	const struct item **hit;
	cJSON *m, *before, *after;
	const cJSON *rating, *ef;
	struct anki_rev *rv;
	int bstate;

	if (strcmp(a->type, "memorize") || !a->content_id[0])
		return 0;
	xstrlcpy(key.c.id, a->content_id, sizeof(key.c.id));
	hit = bsearch(&kp, r->by_id, (size_t)r->n_items, sizeof(*r->by_id), cmp_by_id);
	if (!hit)
		return 0;
	m = cJSON_Parse(a->metadata ? a->metadata : "{}");
	rating = cJSON_GetObjectItem(m, "rating");
	if (!cJSON_IsNumber(rating) || rating->valueint < 1 || rating->valueint > 4) {
		cJSON_Delete(m);
		return 0;
	}
	before = cJSON_GetObjectItem(m, "before");
	after = cJSON_GetObjectItem(m, "after");
	ef = cJSON_GetObjectItem(after, "ef");
	bstate = cJSON_IsNumber(cJSON_GetObjectItem(before, "state")) ?
			 cJSON_GetObjectItem(before, "state")->valueint : 0;
	if (r->n == r->alloc)
		r->list = xrealloc(r->list, (size_t)(r->alloc = r->alloc * 2 + 256) * sizeof(*r->list));
	rv = &r->list[r->n++];
	memset(rv, 0, sizeof(*rv));
	rv->id = a->created_at;
	rv->cid = (*hit)->card_id;
	rv->ease = rating->valueint;
	rv->ivl = interval_of(after, a->created_at);
	rv->last_ivl = interval_of(before, a->created_at);
	rv->factor = cJSON_IsNumber(ef) && ef->valuedouble >= 1.3 ? (int)lround(ef->valuedouble * 1000) :
								    2500;
	rv->time = a->duration_ms > 60000 ? 60000 : (int)a->duration_ms;
	rv->type = bstate == 2 ? 1 : bstate == 3 ? 2 : 0;
	cJSON_Delete(m);
	return 0;
}

static int cmp_rev(const void *a, const void *b)
{
	const struct anki_rev *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* ---- the package */

static int write_dummy(const char *path, long long crt, ms_t now, struct err *e)
{
	struct anki_writer *w;
	struct anki_note n = { 1, 0, 0, NULL, NULL, NULL };
	struct anki_card k;
	cJSON *models = cJSON_CreateObject(), *decks = cJSON_CreateObject();
	char id[32], *ms, *ds;
	int rc;

	xsnprintf(id, sizeof(id), "%lld", nt_ids[NT_FWD]);
	cJSON_AddItemToObject(models, id, notetype_json(NT_FWD, now / 1000));
	cJSON_AddItemToObject(decks, "1", deck_json(1, "Default", now / 1000));
	ms = print(models);
	ds = print(decks);
	rc = anki_writer_open(path, crt, now, ms, ds, dconf_json, "{\"curDeck\":1,\"schedVer\":2}",
			      &w, e);
	free(ms);
	free(ds);
	if (rc)
		return rc;
	n.mid = nt_ids[NT_FWD];
	n.guid = (char *)"aidioma-needs-newer-anki";
	n.tags = (char *)"";
	n.flds = (char *)"This package needs Anki 2.1 or later: please update Anki.\x1f\x1f";
	memset(&k, 0, sizeof(k));
	k.id = 1;
	k.nid = 1;
	k.did = 1;
	k.due = 1;
	if ((rc = anki_writer_note(w, &n, "This package needs Anki 2.1 or later: please update Anki.",
				   checksum("This package needs Anki 2.1 or later: please update Anki."),
				   e)) ||
	    (rc = anki_writer_card(w, &k, e))) {
		anki_writer_abort(w);
		return rc;
	}
	return anki_writer_close(w, e);
}

struct media_out {
	char (*files)[128];
	char **names;
	int n;
};

static void add_sounds(struct media_out *mo, const char *metadata, const char *media_dir)
{
	cJSON *m = cJSON_Parse(metadata ? metadata : "{}"), *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItem(m, "sounds")) {
		const cJSON *f = cJSON_GetObjectItem(s, "file"), *nm = cJSON_GetObjectItem(s, "name");
		char path[4096];
		int i;

		if (!cJSON_IsString(f) || !cJSON_IsString(nm) || strchr(f->valuestring, '/') ||
		    f->valuestring[0] == '.' || strlen(f->valuestring) >= 128 ||
		    strchr(nm->valuestring, '/'))
			continue;
		for (i = 0; i < mo->n; i++)
			if (!strcmp(mo->names[i], nm->valuestring))
				break;
		if (i < mo->n || xsnprintf(path, sizeof(path), "%s/%s", media_dir, f->valuestring) ||
		    access(path, R_OK))
			continue;
		mo->files = xrealloc(mo->files, (size_t)(mo->n + 1) * sizeof(*mo->files));
		mo->names = xrealloc(mo->names, (size_t)(mo->n + 1) * sizeof(*mo->names));
		xstrlcpy(mo->files[mo->n], f->valuestring, 128);
		mo->names[mo->n++] = xstrdup(nm->valuestring);
	}
	cJSON_Delete(m);
}

/* Write the notes, cards and reviews of the export into the collection. */
static int write_cards(struct anki_writer *w, struct exp *x, long long crt, int with_sched,
		       ms_t now, int used[NT__COUNT], struct deck_export_report *r, struct err *e)
{
	long long next_note = now, next_card = now;
	int i = 0, rc;

	while (i < x->n) {
		int g = i, end = i, main_fwd = -1, main_rev = -1, k;
		int cloze_seen[512] = { 0 };

		while (end < x->n && !strcmp(x->items[end].guid, x->items[g].guid))
			end++;
		for (k = g; k < end; k++) {
			if (x->items[k].kind == K_FWD && main_fwd < 0)
				main_fwd = k;
			if (x->items[k].kind == K_REV && main_rev < 0)
				main_rev = k;
		}
		/* one note per guid; a card that does not fit it gets a note of its own */
		for (k = g; k < end; k++) {
			struct item *it = &x->items[k];
			struct anki_note n;
			struct anki_card card;
			int t, ord = 0, own;
			char *flds, guid[300];

			if (it->kind == K_CLOZE) {
				t = NT_CLOZE;
				ord = it->cloze_n - 1;
				own = cloze_seen[it->cloze_n]++ > 0 || main_fwd >= 0 || main_rev >= 0;
				if (!own && k > g && x->items[k - 1].kind == K_CLOZE &&
				    x->items[k - 1].note_id) {
					it->note_id = x->items[k - 1].note_id;
					goto card;
				}
			} else if (k == main_fwd || k == main_rev) {
				own = 0;
				t = main_fwd >= 0 && main_rev >= 0 ? NT_BOTH : k == main_fwd ? NT_FWD : NT_REV;
				ord = t == NT_BOTH && k == main_rev ? 1 : 0;
				if (k == main_rev && main_fwd >= 0) {
					it->note_id = x->items[main_fwd].note_id;
					goto card;
				}
			} else {
				own = 1;
				t = it->kind == K_REV ? NT_REV : NT_FWD;
			}
			if (own && t == NT_CLOZE)
				continue; /* a second card for one deletion: Anki has one */
			used[t] = 1;
			memset(&n, 0, sizeof(n));
			n.id = it->note_id = next_note++;
			n.mid = nt_ids[t];
			xsnprintf(guid, sizeof(guid), own ? "%s/%d" : "%s", it->guid, k - g);
			n.guid = guid;
			n.tags = it->tags;
			flds = join_fields(t == NT_CLOZE ? it->cloze_source : it->c.primary_text,
					   it->c.secondary_text, it->extra);
			n.flds = flds;
			rc = anki_writer_note(w, &n, t == NT_CLOZE ? it->cloze_source : it->c.primary_text,
					      checksum(t == NT_CLOZE ? it->cloze_source :
						       it->c.primary_text), e);
			free(flds);
			if (rc)
				return rc;
			r->notes++;
card:
			memset(&card, 0, sizeof(card));
			card.id = it->card_id = next_card++;
			card.nid = it->note_id;
			card.did = it->deck_id;
			card.ord = ord;
			card_sched(it, crt, with_sched, it->new_pos, &card);
			{
				char data[96] = "";

				if (with_sched && card.type != 0 && it->p.stability > 0)
					xsnprintf(data, sizeof(data), "{\"s\":%.4f,\"d\":%.4f}",
						  it->p.stability, it->p.difficulty);
				card.data = data;
				if ((rc = anki_writer_card(w, &card, e)))
					return rc;
			}
			r->cards++;
		}
		i = end;
	}
	return 0;
}

int deck_export_apkg(struct store *st, const struct user *u, const char *path,
		     const char *media_dir, int with_scheduling, struct deck_export_report *r,
		     struct err *e)
{
	struct exp x;
	struct revs rv;
	struct media_out mo;
	struct anki_writer *w = NULL;
	struct anki_pack_file *files = NULL;
	char tmpdir[256], col[300], dummy[300], *models_s = NULL, *decks_s = NULL, *map_s = NULL;
	const char *tmp = getenv("TMPDIR");
	ms_t now = clock_now_ms(), earliest = now;
	long long crt;
	int i, rc, used[NT__COUNT] = { 0 }, nfiles = 0;
	cJSON *models, *decks, *map;

	memset(&x, 0, sizeof(x));
	memset(&rv, 0, sizeof(rv));
	memset(&mo, 0, sizeof(mo));
	memset(r, 0, sizeof(*r));
	tmpdir[0] = col[0] = dummy[0] = '\0';
	if ((rc = store_progress_foreach(st, u->id, collect, &x, e)))
		goto out;
	for (i = 0; i < x.n; i++) {
		struct item *it = &x.items[i];

		if ((rc = store_content_get(st, it->p.content_id, &it->c, e)) == ERR_NOTFOUND) {
			err_clear(e);
			rc = 0;
			continue;
		}
		if (rc)
			goto out;
		describe(it);
		it->deck_id = deck_for(&x, it->c.topic);
		if (it->p.last_attempt_at > 0 && it->p.last_attempt_at < earliest)
			earliest = it->p.last_attempt_at;
		if (media_dir)
			add_sounds(&mo, it->c.metadata, media_dir);
	}
	{ /* drop the rows whose content is gone */
		int k = 0;

		for (i = 0; i < x.n; i++) {
			if (x.items[i].guid)
				x.items[k++] = x.items[i];
			else
				progress_release(&x.items[i].p);
		}
		x.n = k;
	}
	if (!x.n) {
		rc = err_set(e, ERR_NOTFOUND, "there are no flashcards to export: start some in "
			     "Flashcards, or import a deck");
		goto out;
	}
	rank_new(&x);
	qsort(x.items, (size_t)x.n, sizeof(*x.items), cmp_item);
	crt = earliest / 86400000 * 86400;

	if (xsnprintf(tmpdir, sizeof(tmpdir), "%s/aidioma-export-XXXXXX",
		      tmp && *tmp == '/' ? tmp : "/tmp") || !mkdtemp(tmpdir)) {
		tmpdir[0] = '\0';
		rc = err_set(e, ERR_FAIL, "cannot make a temporary directory: %s", strerror(errno));
		goto out;
	}
	xsnprintf(col, sizeof(col), "%s/collection.anki21", tmpdir);
	xsnprintf(dummy, sizeof(dummy), "%s/collection.anki2", tmpdir);
	decks = cJSON_CreateObject();
	cJSON_AddItemToObject(decks, "1", deck_json(1, "Default", now / 1000));
	for (i = 0; i < x.n_topics; i++) {
		char id[32], name[64];
		const char *p;

		/* Anki wants each parent of "A::B" to be a deck too */
		xstrlcpy(name, x.topics[i], sizeof(name));
		for (p = strstr(name, "::"); p; p = strstr(p + 2, "::")) {
			char parent[64];

			xstrlcpy(parent, name, (size_t)(p - name) + 1);
			deck_for(&x, parent);
		}
		xsnprintf(id, sizeof(id), "%lld", DECK_ID_BASE + i);
		cJSON_AddItemToObject(decks, id, deck_json(DECK_ID_BASE + i, name, now / 1000));
	}
	decks_s = print(decks);
	if ((rc = anki_writer_open(col, crt, now, "{}", decks_s, dconf_json,
				   "{\"curDeck\":1,\"activeDecks\":[1],\"newSpread\":0,"
				   "\"collapseTime\":1200,\"timeLim\":0,\"estTimes\":true,"
				   "\"dueCounts\":true,\"sortType\":\"noteFld\","
				   "\"sortBackwards\":false,\"addToCur\":true,\"schedVer\":2}",
				   &w, e)))
		goto out;
	if ((rc = write_cards(w, &x, crt, with_scheduling, now, used, r, e)))
		goto out;
	if (with_scheduling) {
		rv.n_items = x.n;
		rv.by_id = xcalloc((size_t)x.n, sizeof(*rv.by_id));
		for (i = 0; i < x.n; i++)
			rv.by_id[i] = &x.items[i];
		qsort(rv.by_id, (size_t)x.n, sizeof(*rv.by_id), cmp_by_id);
		if ((rc = store_activity_foreach(st, u->id, each_review, &rv, e)))
			goto out;
		qsort(rv.list, (size_t)rv.n, sizeof(*rv.list), cmp_rev);
		for (i = 0; i < rv.n; i++) {
			if (i && rv.list[i].id <= rv.list[i - 1].id)
				rv.list[i].id = rv.list[i - 1].id + 1; /* Anki's ids are unique */
			if ((rc = anki_writer_rev(w, &rv.list[i], e)))
				goto out;
		}
		r->reviews = rv.n;
	}
	/* the note types are known once the cards are placed: written last */
	models = cJSON_CreateObject();
	for (i = 0; i < NT__COUNT; i++)
		if (used[i]) {
			char id[32];

			xsnprintf(id, sizeof(id), "%lld", nt_ids[i]);
			cJSON_AddItemToObject(models, id, notetype_json(i, now / 1000));
		}
	models_s = print(models);
	if ((rc = anki_writer_models(w, models_s, e)))
		goto out;
	rc = anki_writer_close(w, e);
	w = NULL;
	if (rc || (rc = write_dummy(dummy, crt, now, e)))
		goto out;

	map = cJSON_CreateObject();
	files = xcalloc((size_t)mo.n + 3, sizeof(*files));
	files[nfiles++] = (struct anki_pack_file){ "collection.anki2", dummy, NULL, 0 };
	files[nfiles++] = (struct anki_pack_file){ "collection.anki21", col, NULL, 0 };
	for (i = 0; i < mo.n; i++) {
		char entry[16], *p = xcalloc(1, 4200);

		xsnprintf(entry, sizeof(entry), "%d", i);
		cJSON_AddStringToObject(map, entry, mo.names[i]);
		xsnprintf(p, 4200, "%s/%s", media_dir, mo.files[i]);
		files[nfiles].name = xstrdup(entry);
		files[nfiles++].path = p;
	}
	map_s = print(map);
	files[nfiles++] = (struct anki_pack_file){ "media", NULL, map_s, strlen(map_s) };
	r->media = mo.n;
	rc = anki_zip_write(path, files, nfiles, e);
	for (i = 2; i < nfiles - 1; i++) {
		free((char *)files[i].name);
		free((char *)files[i].path);
	}
out:
	if (w)
		anki_writer_abort(w);
	if (rc)
		memset(r, 0, sizeof(*r));
	if (col[0])
		unlink(col);
	if (dummy[0])
		unlink(dummy);
	if (tmpdir[0])
		rmdir(tmpdir);
	free(files);
	free(models_s);
	free(decks_s);
	free(map_s);
	free(rv.list);
	free(rv.by_id);
	for (i = 0; i < mo.n; i++)
		free(mo.names[i]);
	free(mo.names);
	free(mo.files);
	items_free(&x);
	return rc;
}
