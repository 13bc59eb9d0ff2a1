/* ankiimport.c: Anki notes as flashcards, media stored, review logs replayed through FSRS. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/anki.h"
#include "aidioma/content.h"
#include "content/deck-int.h"
#include "banned.h"

#define SAMPLE_NOTES 300
#define MAX_EXTRA 4000

struct media_ref {
	char *name;
	char file[128];
};

struct ctx {
	struct store *st;
	const struct user *u;
	const struct scheduler *sch;
	const struct deck_options *o;
	struct deck_report *r;
	struct anki_package pkg;
	struct anki_collection col;
	struct err *e;
	ms_t now;
	int *nt_es, *nt_en, *nt_cloze_field;
	struct media_ref *media;
	int n_media;
	char **created;  /* media files this import made: removed if it fails */
	int n_created;
	long *new_rank;  /* each new card's place in Anki's order of new cards */
	long new_total;
	struct pending w;
};

void deck_report_release(struct deck_report *r)
{
	sbuf_release(&r->fields);
	sbuf_release(&r->preview);
}

void deck_card_id(const char *guid, const char *suffix, char out[65])
{
	char hash[65];
	const char *p;

	if (!strncmp(guid, "aidioma:", 8) && guid[8] && strlen(guid + 8) + strlen(suffix) < 65) {
		for (p = guid + 8; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			      *p == '_' || *p == '.'))
				break;
		if (!*p) {
			xsnprintf(out, 65, "%s%s", guid + 8, suffix);
			return;
		}
	}
	sha256_hex(guid, strlen(guid), hash);
	xsnprintf(out, 65, "anki-%.16s%s", hash, suffix);
}

void deck_topic(const char *s, char out[64])
{
	size_t n = strlen(s);

	if (n > 63) {
		n = 63;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

int deck_pick_field(const char *opt, char names[][64], int n)
{
	char *end;
	long v;
	int i;

	if (!opt || !*opt)
		return -1;
	for (i = 0; i < n; i++)
		if (!strcmp(opt, names[i]))
			return i;
	for (i = 0; i < n; i++) {
		char *a = text_lower(opt), *b = text_lower(names[i]);
		int same = !strcmp(a, b);

		free(a);
		free(b);
		if (same)
			return i;
	}
	v = strtol(opt, &end, 10);
	if (!*end && v >= 1 && v <= n)
		return (int)v - 1;
	return -1;
}

void deck_guess_sides(char names[][64], const double *score, int n, int *es, int *en)
{
	int i;

	if (*es < 0)
		for (i = 0; i < n; i++)
			if (i != *en && anki_name_language(names[i]) == 1) {
				*es = i;
				break;
			}
	if (*en < 0)
		for (i = 0; i < n; i++)
			if (i != *es && anki_name_language(names[i]) == -1) {
				*en = i;
				break;
			}
	if (*es < 0) {
		double best = -1e300;

		for (i = 0; i < n; i++)
			if (i != *en && score[i] > best) {
				best = score[i];
				*es = i;
			}
	}
	if (*en < 0) {
		double best = 1e300;

		for (i = 0; i < n; i++)
			if (i != *es && score[i] < best) {
				best = score[i];
				*en = i;
			}
	}
}

/* ---- scheduling: the review log replayed */

static cJSON *state_json(const struct fsrs_card *c, double ef)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "state", c->state);
	cJSON_AddNumberToObject(o, "stability", c->stability);
	cJSON_AddNumberToObject(o, "difficulty", c->difficulty);
	cJSON_AddNumberToObject(o, "ef", ef);
	cJSON_AddNumberToObject(o, "interval", c->scheduled_days);
	cJSON_AddNumberToObject(o, "due", (double)c->due);
	cJSON_AddNumberToObject(o, "reps", c->reps);
	cJSON_AddNumberToObject(o, "lapses", c->lapses);
	return o;
}

static int mastery(double days)
{
	return days < 1 ? 0 : days < 3 ? 1 : days < 7 ? 2 : days < 21 ? 3 : days < 60 ? 4 : 5;
}

/* A UUID for the activity of one review, the same on every import: the
 * review's time first (as version 7), then a hash of who and what. */
static void review_uuid(const char *user_id, const char *content_id, long long rev_id,
			char out[37])
{
	struct sbuf sb = SBUF_INIT;
	char hash[65];
	unsigned char b[16];
	int i, o = 0;

	sbuf_addf(&sb, "anki-review%c%s%c%s%c%lld", 0, user_id, 0, content_id, 0, rev_id);
	sha256_hex(sb.buf, sb.len, hash);
	sbuf_release(&sb);
	for (i = 0; i < 16; i++) {
		unsigned hi = (unsigned)(hash[2 * i] <= '9' ? hash[2 * i] - '0' : hash[2 * i] - 'a' + 10);
		unsigned lo = (unsigned)(hash[2 * i + 1] <= '9' ? hash[2 * i + 1] - '0' :
								   hash[2 * i + 1] - 'a' + 10);

		b[i] = (unsigned char)(hi << 4 | lo);
	}
	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)((unsigned long long)rev_id >> (40 - 8 * i));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x70);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = "0123456789abcdef"[b[i] >> 4];
		out[o++] = "0123456789abcdef"[b[i] & 15];
	}
	out[o] = '\0';
}

static int add_review(struct ctx *x, const char *content_id, int fresh, const struct anki_rev *rv,
		      const struct fsrs_card *before, const struct fsrs_card *after, double retr,
		      double ef, struct err *e)
{
	struct activity a;
	cJSON *meta, *ak;
	int exists = 0, rc;

	memset(&a, 0, sizeof(a));
	review_uuid(x->u->id, content_id, rv->id, a.id);
	/* a card new to the database has no reviews in it yet; the reviews of
	 * one that is not are looked up, so none of them may be waiting */
	if (!fresh && ((rc = deck_pending_flush(x->st, &x->w, e)) ||
		       (rc = store_activity_exists(x->st, a.id, &exists, e))))
		return rc;
	x->r->reviews++;
	if (exists)
		return 0;
	meta = cJSON_CreateObject();
	cJSON_AddNumberToObject(meta, "rating", rv->ease);
	cJSON_AddStringToObject(meta, "algo", "fsrs");
	if (!isnan(retr))
		cJSON_AddNumberToObject(meta, "retrievability", retr);
	cJSON_AddItemToObject(meta, "before", state_json(before, ef));
	cJSON_AddItemToObject(meta, "after", state_json(after, ef));
	cJSON_AddStringToObject(meta, "source", "anki");
	ak = cJSON_AddObjectToObject(meta, "anki");
	cJSON_AddNumberToObject(ak, "type", rv->type);
	a.metadata = cJSON_PrintUnformatted(meta);
	cJSON_Delete(meta);
	xstrlcpy(a.user_id, x->u->id, sizeof(a.user_id));
	xstrlcpy(a.type, "memorize", sizeof(a.type));
	xstrlcpy(a.content_id, content_id, sizeof(a.content_id));
	a.score = NAN;
	a.duration_ms = rv->time > 0 ? (rv->time < 3600000 ? rv->time : 3600000) : 0;
	a.created_at = rv->id;
	deck_pending_review(&x->w, &a);
	x->r->reviews_new++;
	return 0;
}

/* When Anki had the card due, in Unix milliseconds (0: new), and whether
 * Anki counted it in days (reviews) or seconds (learning steps). */
static ms_t anki_due(const struct anki_collection *col, const struct anki_card *k, int *by_day)
{
	long long due = k->odid && k->odue ? k->odue : k->due;

	*by_day = 1;
	if (k->type == 0)
		return 0;
	if ((k->type == 1 || k->type == 3) && due > 1000000000LL) {
		*by_day = 0;
		return (ms_t)due * 1000;
	}
	return (ms_t)(col->crt + due * 86400LL) * 1000;
}

static int schedule(struct ctx *x, const char *content_id, int fresh, const struct anki_card *k,
		    const struct anki_rev *revs, int nrev, struct err *e)
{
	struct fsrs_card c, out;
	struct fsrs_log log;
	struct progress p;
	double ef = k->factor >= 1300 ? k->factor / 1000.0 : 2.5;
	int by_day, i, rc, had, started = 0, streak = 0;
	ms_t due_anki = anki_due(&x->col, k, &by_day), last = 0;
	cJSON *pm;
	char *pm_s;

	rc = store_progress_get(x->st, x->u->id, content_id, &p, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	err_clear(e);
	had = rc == 0;
	if (!had)
		progress_init(&p, x->u->id, content_id, "flashcard");
	memset(&c, 0, sizeof(c));
	for (i = 0; i < nrev; i++) {
		const struct anki_rev *rv = &revs[i];
		struct fsrs_card before;

		if (rv->ease < 1 || rv->ease > 4) {
			if (rv->type == 4 && rv->ivl == 0)
				started = 0; /* "forget": the card was reset to new */
			continue;
		}
		if (rv->type == 3 && rv->factor == 0)
			continue; /* a filtered deck's review that did not reschedule */
		if (!started) {
			fsrs_card_init(&c, rv->id);
			started = 1;
		}
		before = c;
		if (fsrs_review(&x->sch->fsrs, &c, rv->id, rv->ease, &out, &log, NULL))
			continue; /* out of order: Anki's own log can have clock jumps */
		c = out;
		if ((rc = add_review(x, content_id, fresh, rv, &before, &c, log.retrievability, ef,
				       e)))
			goto out;
		last = rv->id;
		streak = rv->ease >= 2 ? streak + 1 : 0;
	}
	if (had && p.reps > 0 && p.last_attempt_at > last) {
		rc = 0; /* reviewed here since: the learner's own state stands */
		goto out;
	}
	if (!started && k->type == 0) {
		progress_release(&p);
		return deck_new_row(x->st, &x->w, x->u, content_id, x->now,
			       x->new_rank[k - x->col.cards], x->new_total, k->queue == -1, e);
	}
	if (started) {
		p.stability = c.stability;
		p.difficulty = c.difficulty;
		p.state = (int)c.state;
		p.step = c.step;
		p.reps = c.reps;
		p.lapses = c.lapses;
		p.interval_days = c.scheduled_days;
		p.next_review_at = c.due;
		p.last_attempt_at = c.last_review;
		/* Anki's own due date wins where it differs from the replay's by a day
		 * (or, for learning cards, by a second): the queue goes on as it was */
		if (due_anki) {
			ms_t unit = by_day ? 86400000 : 1000;

			if (c.due / unit != due_anki / unit) {
				p.next_review_at = due_anki;
				if (k->type == 2 && k->ivl > 0)
					p.interval_days = k->ivl;
			}
		}
	} else { /* scheduled in Anki, but its log is gone: trust the card */
		p.state = k->type >= 1 && k->type <= 3 ? k->type : 2;
		p.stability = k->ivl > 0 ? k->ivl : 1;
		p.difficulty = 5;
		p.reps = k->reps;
		p.lapses = k->lapses;
		p.interval_days = k->ivl > 0 ? k->ivl : 0;
		p.next_review_at = due_anki ? due_anki : x->now;
		p.last_attempt_at = p.next_review_at - (ms_t)p.interval_days * 86400000;
		if (p.last_attempt_at < 0)
			p.last_attempt_at = 0;
		c.elapsed_days = 0;
	}
	p.attempts = p.reps;
	p.easiness = ef;
	p.repetitions = streak;
	p.mastery_level = mastery(p.stability);
	p.suspended = k->queue == -1;
	pm = cJSON_CreateObject();
	cJSON_AddNumberToObject(pm, "elapsed_days", c.elapsed_days);
	if (p.lapses >= LEECH_LAPSES)
		cJSON_AddBoolToObject(pm, "leech", 1);
	pm_s = cJSON_PrintUnformatted(pm);
	cJSON_Delete(pm);
	free(p.metadata);
	p.metadata = xstrdup(pm_s);
	cJSON_free(pm_s);
	deck_pending_progress(&x->w, &p);
	x->r->scheduled++;
	rc = 0;
out:
	progress_release(&p);
	return rc;
}

/* ---- media */

static int cmp_media(const void *a, const void *b)
{
	return strcmp(((const struct media_ref *)a)->name, ((const struct media_ref *)b)->name);
}

static const char *media_file(struct ctx *x, const char *name)
{
	struct media_ref key, *m;

	key.name = (char *)name;
	m = x->n_media ? bsearch(&key, x->media, (size_t)x->n_media, sizeof(key), cmp_media) : NULL;
	return m && m->file[0] ? m->file : NULL;
}

static int store_media(struct ctx *x, struct err *e)
{
	int i, rc;

	x->media = xcalloc((size_t)x->pkg.n_media + 1, sizeof(*x->media));
	for (i = 0; i < x->pkg.n_media; i++) {
		struct media_ref *m = &x->media[x->n_media];
		char *data = NULL, path[4096];
		size_t len = 0;

		m->name = xstrdup(x->pkg.media[i].name);
		x->n_media++;
		rc = anki_package_media(&x->pkg, i, &data, &len, e);
		if (rc == ERR_NOTFOUND) { /* listed but missing: Anki skips it too */
			err_clear(e);
			x->r->skipped++;
			continue;
		}
		if (rc)
			return rc;
		anki_media_filename(m->name, data, len, m->file);
		x->r->media++;
		if (x->o->dry_run || !x->o->media_dir) {
			free(data);
			continue;
		}
		if (xsnprintf(path, sizeof(path), "%s/%s", x->o->media_dir, m->file)) {
			free(data);
			return err_set(e, ERR_USAGE, "media directory path too long");
		}
		if (access(path, F_OK) != 0) {
			rc = file_write_atomic(path, data, len, 0644, e);
			if (!rc) {
				x->created = xrealloc(x->created, (size_t)(x->n_created + 1) *
						      sizeof(*x->created));
				x->created[x->n_created++] = xstrdup(path);
				x->r->media_new++;
			}
		}
		free(data);
		if (rc)
			return err_prefix(e, "storing media '%s'", m->file);
	}
	qsort(x->media, (size_t)x->n_media, sizeof(*x->media), cmp_media);
	return 0;
}

/* ---- notes to cards */

static char **split_fields(const char *flds, int n)
{
	char **f = xcalloc((size_t)n, sizeof(*f));
	const char *p = flds;
	int i;

	for (i = 0; i < n; i++) {
		const char *sep = p ? strchr(p, 0x1f) : NULL;

		f[i] = p ? (sep ? xstrndup(p, (size_t)(sep - p)) : xstrdup(p)) : xstrdup("");
		p = p && sep ? sep + 1 : NULL;
	}
	return f;
}

static void free_fields(char **f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

/* Which field is which, for each note type: the options, else a guess from
 * the names and a sample of the notes. */
static void map_fields(struct ctx *x)
{
	const struct anki_collection *col = &x->col;
	int t, i, j;

	x->nt_es = xcalloc((size_t)col->n_notetypes + 1, sizeof(int));
	x->nt_en = xcalloc((size_t)col->n_notetypes + 1, sizeof(int));
	x->nt_cloze_field = xcalloc((size_t)col->n_notetypes + 1, sizeof(int));
	for (t = 0; t < col->n_notetypes; t++) {
		const struct anki_notetype *nt = &col->notetypes[t];
		double score[ANKI_MAX_FIELDS] = { 0 };
		int es, en, seen = 0, guessed;
		char cname[64];

		es = deck_pick_field(x->o->spanish, (char(*)[64])nt->fields, nt->n_fields);
		en = deck_pick_field(x->o->english, (char(*)[64])nt->fields, nt->n_fields);
		guessed = es < 0 || en < 0;
		x->nt_cloze_field[t] = -1;
		if (nt->cloze && !anki_template_cloze_field(nt->qfmt[0], cname)) {
			x->nt_cloze_field[t] = deck_pick_field(cname, (char(*)[64])nt->fields,
							       nt->n_fields);
			if (es < 0)
				es = x->nt_cloze_field[t];
		}
		for (i = 0; i < col->n_notes && seen < SAMPLE_NOTES; i++) {
			char **f;

			if (col->notes[i].mid != nt->id)
				continue;
			f = split_fields(col->notes[i].flds, nt->n_fields);
			for (j = 0; j < nt->n_fields; j++) {
				char *txt = anki_html_to_text(f[j], 4096);

				score[j] += anki_spanishness(txt);
				free(txt);
			}
			free_fields(f, nt->n_fields);
			seen++;
		}
		if (nt->n_fields == 1) {
			es = 0;
			en = -1;
		} else if (nt->cloze && en < 0) {
			/* the English of a cloze note, if any: a field named so, or one that reads so */
			for (j = 0; j < nt->n_fields; j++)
				if (j != es && anki_name_language(nt->fields[j]) == -1)
					en = j;
			for (j = 0; j < nt->n_fields && en < 0; j++)
				if (j != es && score[j] < -0.5 * (seen ? seen : 1))
					en = j;
		} else {
			deck_guess_sides((char(*)[64])nt->fields, score, nt->n_fields, &es, &en);
		}
		x->nt_es[t] = es;
		x->nt_en[t] = en;
		sbuf_addf(&x->r->fields, "note type '%s': Spanish '%s', English %s%s%s%s\n", nt->name,
			  es >= 0 ? nt->fields[es] : "?", en >= 0 ? "'" : "", en >= 0 ? nt->fields[en] :
			  "(none)", en >= 0 ? "'" : "", guessed ? " (guessed)" : "");
	}
}

static void add_preview(struct deck_report *r, int max, const struct deck_card *c,
			const char *kind)
{
	char es[96], en[96], *p;

	if (max <= 0 || r->cards > max)
		return;
	deck_topic(c->spanish, es);
	deck_topic(c->english, en);
	for (p = es; *p; p++) /* one line a card */
		if (*p == '\n')
			*p = '/';
	for (p = en; *p; p++)
		if (*p == '\n')
			*p = '/';
	sbuf_addf(&r->preview, "  %-28s %s | %s%s%s\n", c->id, es, en, kind[0] ? "  " : "", kind);
}

static int note_cards(struct ctx *x, const struct anki_note *n, const struct anki_card *cards,
		      int ncards, int t)
{
	const struct anki_notetype *nt = &x->col.notetypes[t];
	int es = x->nt_es[t], en = x->nt_en[t], cf = x->nt_cloze_field[t];
	char **raw = split_fields(n->flds, nt->n_fields), **txt;
	char **sounds = NULL;
	int i, j, n_sounds = 0, fwd = 0, rev = 0, rc = 0;
	struct sbuf extra = SBUF_INIT, all = SBUF_INIT;
	cJSON *base, *tags, *snd;

	txt = xcalloc((size_t)nt->n_fields + 1, sizeof(*txt));
	for (i = 0; i < nt->n_fields; i++) {
		txt[i] = anki_html_to_text(raw[i], ANKI_MAX_NOTE_BYTES);
		sbuf_adds(&all, raw[i]);
		if (i != es && i != en && i != cf && *txt[i] && extra.len < MAX_EXTRA) {
			if (extra.len)
				sbuf_adds(&extra, "\n");
			sbuf_adds(&extra, txt[i]);
		}
	}
	base = cJSON_CreateObject();
	cJSON_AddStringToObject(base, "origin", "anki");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(base, "anki"), "guid", n->guid);
	tags = cJSON_AddArrayToObject(base, "tags");
	deck_add_tags(tags, n->tags);
	anki_sounds(all.buf ? all.buf : "", &sounds, &n_sounds);
	if (n_sounds) {
		snd = cJSON_AddArrayToObject(base, "sounds");
		for (j = 0; j < n_sounds; j++) {
			cJSON *o = cJSON_CreateObject();
			const char *f = media_file(x, sounds[j]);

			cJSON_AddStringToObject(o, "name", sounds[j]);
			if (f)
				cJSON_AddStringToObject(o, "file", f);
			cJSON_AddItemToArray(snd, o);
		}
	}
	if (extra.len)
		cJSON_AddStringToObject(base, "extra", extra.buf);

	for (i = 0; i < ncards && !rc; i++) {
		const struct anki_card *k = &cards[i];
		struct deck_card dc;
		const char *deck = anki_deck_name(&x->col, k->odid ? k->odid : k->did);
		cJSON *m = cJSON_Duplicate(base, 1);
		char suffix[16] = "", *gap = NULL, *ans = NULL, *full = NULL, kind[160] = "";
		const struct anki_rev *rv = NULL;
		int nrev = 0, lo, hi, fresh = 0;

		memset(&dc, 0, sizeof(dc));
		if (nt->cloze) {
			if (cf < 0 || !anki_cloze_card(txt[cf], k->ord + 1, &gap, &ans, &full)) {
				x->r->skipped++;
				goto next;
			}
			xsnprintf(suffix, sizeof(suffix), "-c%d", k->ord + 1);
			{
				cJSON *cz = cJSON_AddObjectToObject(m, "cloze");

				cJSON_AddStringToObject(cz, "text", gap);
				cJSON_AddStringToObject(cz, "answer", ans);
				cJSON_AddStringToObject(cz, "source", txt[cf]);
				cJSON_AddNumberToObject(cz, "n", k->ord + 1);
			}
			cJSON_AddBoolToObject(m, "typed", 1);
			dc.spanish = full;
			full = NULL;
			xsnprintf(kind, sizeof(kind), "[cloze %d]", k->ord + 1);
		} else {
			char refs[8][64];
			int nrefs = k->ord < nt->n_templates ?
					    anki_template_fields(nt->qfmt[k->ord], refs, 8) : 0;
			int reverse = 0;

			for (j = 0; j < nrefs; j++) {
				if (es >= 0 && !strcmp(refs[j], nt->fields[es]))
					break;
				if (en >= 0 && !strcmp(refs[j], nt->fields[en])) {
					reverse = 1;
					break;
				}
			}
			if (reverse ? rev++ : fwd++)
				xsnprintf(suffix, sizeof(suffix), "-t%d", k->ord + 1);
			else if (reverse)
				xstrlcpy(suffix, "-r", sizeof(suffix));
			if (reverse) {
				cJSON_AddStringToObject(m, "ask", "english");
				xstrlcpy(kind, "[English first]", sizeof(kind));
			}
			dc.spanish = xstrdup(es >= 0 ? txt[es] : "");
		}
		dc.english = xstrdup(en >= 0 ? txt[en] : "");
		if (!*dc.spanish) {
			x->r->skipped++;
			goto next;
		}
		deck_card_id(n->guid, suffix, dc.id);
		deck_topic(deck ? deck : "anki", dc.topic);
		dc.metadata = cJSON_PrintUnformatted(m);
		x->r->cards++;
		add_preview(x->r, x->o->preview, &dc, kind);
		/* the card's reviews: the log is sorted by card */
		lo = 0;
		hi = x->col.n_revs;
		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;

			if (x->col.revs[mid].cid < k->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		rv = &x->col.revs[lo];
		while (lo + nrev < x->col.n_revs && x->col.revs[lo + nrev].cid == k->id)
			nrev++;
		if (x->o->dry_run) {
			for (j = 0; j < nrev; j++)
				x->r->reviews += rv[j].ease >= 1 && rv[j].ease <= 4;
			goto next;
		}
		/* a card met before in this deck (notes that share a guid) is read back */
		if (deck_pending_has(&x->w, dc.id))
			rc = deck_pending_flush(x->st, &x->w, x->e);
		if (!rc)
			rc = deck_content_write(x->st, &x->w, &dc, x->r, &fresh, x->e);
		if (!rc && (nrev || k->type != 0))
			rc = schedule(x, dc.id, fresh, k, rv, nrev, x->e);
		else if (!rc)
			rc = deck_new_row(x->st, &x->w, x->u, dc.id, x->now,
				     x->new_rank[k - x->col.cards], x->new_total, k->queue == -1,
				     x->e);
		if (!rc && deck_pending_full(&x->w))
			rc = deck_pending_flush(x->st, &x->w, x->e);
next:
		cJSON_Delete(m);
		cJSON_free(dc.metadata);
		free(dc.spanish);
		free(dc.english);
		free(gap);
		free(ans);
		free(full);
	}
	cJSON_Delete(base);
	content_free_list(sounds, n_sounds);
	free_fields(raw, nt->n_fields);
	free_fields(txt, nt->n_fields);
	sbuf_release(&extra);
	sbuf_release(&all);
	return rc;
}

static const struct anki_card *sort_cards;

static int cmp_new(const void *a, const void *b)
{
	const struct anki_card *x = &sort_cards[*(const int *)a], *y = &sort_cards[*(const int *)b];

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* New cards come in Anki's order (their due is a position): rank them so. */
static void rank_new(struct ctx *x)
{
	int *idx = xcalloc((size_t)x->col.n_cards + 1, sizeof(int));
	int i, n = 0;

	x->new_rank = xcalloc((size_t)x->col.n_cards + 1, sizeof(long));
	for (i = 0; i < x->col.n_cards; i++)
		if (x->col.cards[i].type == 0)
			idx[n++] = i;
	sort_cards = x->col.cards;
	qsort(idx, (size_t)n, sizeof(int), cmp_new);
	for (i = 0; i < n; i++)
		x->new_rank[idx[i]] = i;
	x->new_total = n;
	free(idx);
}

static void ctx_release(struct ctx *x, int failed)
{
	int i;

	for (i = 0; i < x->n_created; i++) {
		if (failed)
			unlink(x->created[i]);
		free(x->created[i]);
	}
	free(x->created);
	for (i = 0; i < x->n_media; i++)
		free(x->media[i].name);
	free(x->media);
	free(x->nt_es);
	free(x->nt_en);
	free(x->nt_cloze_field);
	free(x->new_rank);
	deck_pending_release(&x->w);
	anki_collection_release(&x->col);
	anki_package_release(&x->pkg);
}

int deck_import_anki(struct store *st, const struct user *u, const struct scheduler *sch,
		     const char *path, const struct deck_options *o, struct deck_report *r,
		     struct err *e)
{
	struct ctx x;
	char label[4200];
	int i, c, rc, began = 0;

	memset(&x, 0, sizeof(x));
	memset(r, 0, sizeof(*r));
	x.st = st;
	x.u = u;
	x.sch = sch;
	x.o = o;
	x.r = r;
	x.e = e;
	x.now = clock_now_ms();
	if (!o->dry_run && (!st || !u || !sch))
		die_bug("deck_import_anki without a store");
	if ((rc = anki_package_open(path, &x.pkg, e)))
		goto out;
	xsnprintf(label, sizeof(label), "'%s': %s", path, anki_layout_name(x.pkg.layout));
	if ((rc = anki_collection_read(x.pkg.col_path, label, &x.col, e)))
		goto out;
	xsnprintf(r->format, sizeof(r->format), "Anki package (%s, schema %d)",
		  anki_layout_name(x.pkg.layout), x.col.version);
	map_fields(&x);
	rank_new(&x);
	if (!o->dry_run && o->media_dir && x.pkg.n_media && (rc = mkdir_p(o->media_dir, 0700, e)))
		goto out;
	if ((rc = store_media(&x, e)))
		goto out;
	if (!o->dry_run) {
		if ((rc = store_begin(st, e)))
			goto out;
		began = 1;
	}
	/* notes and cards are both sorted by note id: walk them together */
	for (i = 0, c = 0; i < x.col.n_notes && !rc; i++) {
		const struct anki_note *n = &x.col.notes[i];
		const struct anki_notetype *nt = anki_notetype_find(&x.col, n->mid);
		int first;

		while (c < x.col.n_cards && x.col.cards[c].nid < n->id)
			c++;
		first = c;
		while (c < x.col.n_cards && x.col.cards[c].nid == n->id)
			c++;
		r->notes++;
		if (!nt) {
			r->skipped++;
			continue;
		}
		rc = note_cards(&x, n, &x.col.cards[first], c - first,
				(int)(nt - x.col.notetypes));
	}
	if (!rc && began)
		rc = deck_pending_flush(st, &x.w, e);
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
	ctx_release(&x, rc != 0);
	return rc;
}
