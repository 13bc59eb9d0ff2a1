/* classroom-model.c: a class's answers for the classroom replay: slips, typing habits, dry run. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/util.h"
#include "classroom.h"

#define MAX_WORDS 48

static uint64_t rng;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

static double unit(void)
{
	return (double)(next_rand() % 1000000u) / 1e6;
}

void class_seed(uint64_t seed)
{
	rng = seed;
}

/* ---- slips, on the words of a sentence (marks stay on their words) */
struct words {
	char *w[MAX_WORDS];
	int n;
};

static void split(const char *s, struct words *ws)
{
	ws->n = 0;
	while (*s && ws->n < MAX_WORDS) {
		size_t len;

		while (*s == ' ')
			s++;
		len = strcspn(s, " ");
		if (len)
			ws->w[ws->n++] = xstrndup(s, len);
		s += len;
	}
}

static char *join(struct words *ws)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	for (i = 0; i < ws->n; i++) {
		sbuf_addf(&sb, "%s%s", i ? " " : "", ws->w[i]);
		free(ws->w[i]);
	}
	ws->n = 0;
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

static void drop(struct words *ws, int i)
{
	free(ws->w[i]);
	memmove(&ws->w[i], &ws->w[i + 1], (size_t)(ws->n - i - 1) * sizeof(char *));
	ws->n--;
}

/* The last ASCII letter of a word before its closing marks, or -1. */
static int last_letter(const char *w)
{
	int i = (int)strlen(w) - 1;

	while (i >= 0 && strchr(".,;:!?", w[i]))
		i--;
	return i >= 2 && ((w[i] >= 'a' && w[i] <= 'z')) ? i : -1;
}

/* A random word (not the first) for which ok() holds; -1 when none. */
static int pick(const struct words *ws, int (*ok)(const char *w))
{
	int cand[MAX_WORDS], n = 0, i;

	for (i = 1; i < ws->n; i++)
		if (ok(ws->w[i]))
			cand[n++] = i;
	return n ? cand[next_rand() % (unsigned)n] : -1;
}

static int ends_vowel(const char *w)
{
	int i = last_letter(w);

	return i >= 3 && (w[i] == 'o' || w[i] == 'a' || (w[i] == 's' && (w[i - 1] == 'o' || w[i - 1] == 'a')));
}

static int ends_s(const char *w)
{
	int i = last_letter(w);

	return i >= 3 && w[i] == 's';
}

static int is_article(const char *w)
{
	static const char *const a[] = { "el", "la", "los", "las", "un", "una", "unos", "unas" };
	size_t i;

	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (!strcmp(w, a[i]))
			return 1;
	return 0;
}

static int long_word(const char *w)
{
	return last_letter(w) >= 4;
}

/* Gender agreement: -o for -a and the other way. */
static int slip_gender(struct words *ws)
{
	int at = pick(ws, ends_vowel), i;

	if (at < 0)
		return 0;
	i = last_letter(ws->w[at]);
	if (ws->w[at][i] == 's')
		i--;
	ws->w[at][i] = ws->w[at][i] == 'o' ? 'a' : 'o';
	return 1;
}

/* Number agreement: a plural without its -s. */
static int slip_number(struct words *ws)
{
	int at = pick(ws, ends_s), i;

	if (at < 0)
		return 0;
	i = last_letter(ws->w[at]);
	memmove(ws->w[at] + i, ws->w[at] + i + 1, strlen(ws->w[at] + i));
	return 1;
}

static int slip_article(struct words *ws)
{
	int at = pick(ws, is_article);

	if (at < 0)
		return 0;
	drop(ws, at);
	return 1;
}

/* A word left out (the first and last stay, with their marks). */
static int slip_missing(struct words *ws)
{
	int at;

	if (ws->n < 4)
		return 0;
	at = 1 + (int)(next_rand() % (unsigned)(ws->n - 2));
	drop(ws, at);
	return 1;
}

/* ser/estar, por/para and other words learners mix up. */
static int slip_wrong_word(struct words *ws)
{
	static const char *const pairs[][2] = {
		{ "es", "está" }, { "está", "es" }, { "son", "están" }, { "están", "son" },
		{ "soy", "estoy" }, { "estoy", "soy" }, { "estás", "eres" }, { "eres", "estás" },
		{ "por", "para" }, { "para", "por" }, { "muy", "mucho" }, { "bien", "bueno" },
		{ "mucho", "muy" }, { "también", "tampoco" }, { "hay", "está" }, { "en", "a" },
		{ "a", "en" }, { "de", "en" }, { "que", "de" }, { "con", "de" },
	};
	int cand[MAX_WORDS], which[MAX_WORDS], n = 0, i, k;
	size_t p;

	for (i = 1; i < ws->n; i++)
		for (p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++)
			if (!strcmp(ws->w[i], pairs[p][0])) {
				cand[n] = i;
				which[n++] = (int)p;
				break;
			}
	if (!n)
		return 0;
	k = (int)(next_rand() % (unsigned)n);
	free(ws->w[cand[k]]);
	ws->w[cand[k]] = xstrdup(pairs[which[k]][1]);
	return 1;
}

/* Two words the other way round (not the first, nor the last with its mark). */
static int slip_order(struct words *ws)
{
	int at;
	char *t;

	if (ws->n < 4)
		return 0;
	at = 1 + (int)(next_rand() % (unsigned)(ws->n - 3));
	t = ws->w[at];
	ws->w[at] = ws->w[at + 1];
	ws->w[at + 1] = t;
	return 1;
}

/* A misspelling: a letter doubled, or v for b. */
static int slip_spelling(struct words *ws)
{
	int at = pick(ws, long_word), i;
	char *w;
	size_t n;

	if (at < 0)
		return 0;
	w = ws->w[at];
	n = strlen(w);
	for (i = 1; i + 1 < (int)n; i++)
		if (strchr("snlcrtp", w[i]) && w[i - 1] != w[i] && w[i + 1] != w[i]) {
			char *d = xmalloc(n + 2);

			memcpy(d, w, (size_t)i + 1);
			memcpy(d + i + 1, w + i, n - (size_t)i + 1);
			free(w);
			ws->w[at] = d;
			return 1;
		}
	return 0;
}

static int (*const slips[])(struct words *) = {
	slip_gender, slip_number, slip_article, slip_missing, slip_wrong_word, slip_order,
	slip_spelling,
};
#define N_SLIPS ((int)(sizeof(slips) / sizeof(slips[0])))

static char *slipped(const char *s, int times)
{
	struct words ws;
	int done = 0, tries = 0;

	split(s, &ws);
	while (done < times && tries++ < 20)
		done += slips[next_rand() % N_SLIPS](&ws);
	return join(&ws);
}

/* ---- how a student types */
static char *typed(const char *s, int no_accents, int no_mark, int lower_start)
{
	static const struct {
		const char *from, *to;
	} fold[] = {
		{ "á", "a" }, { "é", "e" }, { "í", "i" }, { "ó", "o" }, { "ú", "u" }, { "ü", "u" },
		{ "ñ", "n" }, { "Á", "A" }, { "É", "E" }, { "Í", "I" }, { "Ó", "O" }, { "Ú", "U" },
		{ "Ñ", "N" }, { "¿", "" }, { "¡", "" },
	};
	struct sbuf sb = SBUF_INIT;
	char *out;
	size_t i, k, n;

	for (i = 0; s[i];) {
		for (k = 0; no_accents && k < sizeof(fold) / sizeof(fold[0]); k++)
			if (!strncmp(s + i, fold[k].from, strlen(fold[k].from)))
				break;
		if (no_accents && k < sizeof(fold) / sizeof(fold[0])) {
			sbuf_adds(&sb, fold[k].to);
			i += strlen(fold[k].from);
		} else {
			sbuf_add(&sb, s + i, 1);
			i++;
		}
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	out = sbuf_detach(&sb, NULL);
	n = strlen(out);
	while (no_mark && n > 0 && strchr(".!?", out[n - 1]))
		out[--n] = '\0';
	if (lower_start) {
		for (i = 0; out[i] && !((out[i] >= 'A' && out[i] <= 'Z') || (unsigned char)out[i] >= 0xc3);
		     i++)
			;
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] + 32);
		else if ((unsigned char)out[i] == 0xc3 && (unsigned char)out[i + 1] >= 0x80 &&
			 (unsigned char)out[i + 1] <= 0x9e)
			out[i + 1] = (char)(out[i + 1] + 0x20);
	}
	return out;
}

/* ---- the class's answers */
int seen_add(struct seen *s, int sentence, const char *text)
{
	char id[600];
	int j;

	xsnprintf(id, sizeof(id), "%d\x1f%s", sentence, text);
	for (j = 0; j < s->n; j++)
		if (!strcmp(s->v[j], id))
			return 0;
	if (s->n == s->cap)
		s->v = xrealloc(s->v, (size_t)(s->cap = s->cap * 2 + 64) * sizeof(char *));
	s->v[s->n++] = xstrdup(id);
	return 1;
}

static int seen_has(const struct seen *s, int sentence, const char *text)
{
	char id[600];
	int j;

	xsnprintf(id, sizeof(id), "%d\x1f%s", sentence, text);
	for (j = 0; j < s->n; j++)
		if (!strcmp(s->v[j], id))
			return 1;
	return 0;
}

void seen_release(struct seen *s)
{
	int j;

	for (j = 0; j < s->n; j++)
		free(s->v[j]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int key_grades(struct evaluator *key, const struct eval_request *rq, const char *answer,
		      char **norm_out)
{
	struct eval_request r = *rq;
	struct eval_result res;
	struct err e = ERR_INIT;
	char *clean = text_clean(answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
	int rc;

	free(clean);
	r.answer = answer;
	rc = key->evaluate(key, &r, norm, &res, &e);
	if (rc == 0)
		eval_result_release(&res);
	if (norm_out)
		*norm_out = norm;
	else
		free(norm);
	return rc == 0;
}

/* Five common mistakes of each sentence: one slip each, none the key accepts. */
void make_common(struct course *c, struct evaluator *key)
{
	int i, tries;

	for (i = 0; i < SENTENCES; i++) {
		c->n_common[i] = 0;
		for (tries = 0; tries < 60 && c->n_common[i] < COMMON; tries++) {
			char *m = slipped(c->rq[i].reference, 1);
			int k, dup = key_grades(key, &c->rq[i], m, NULL);

			for (k = 0; k < c->n_common[i] && !dup; k++)
				dup = !strcmp(c->common[i][k], m);
			if (dup)
				free(m);
			else
				c->common[i][c->n_common[i]++] = m;
		}
	}
}

/* STUDENTS x SENTENCES answers of students first..first+STUDENTS-1. */
void make_answers(const struct course *c, const struct model *m, uint64_t seed, int phase,
			 int first, struct answer *out)
{
	double acc[STUDENTS], w[COMMON], wsum = 0;
	int style[STUDENTS][3], order[STUDENTS][SENTENCES], s, t, k, n = 0;

	rng = seed;
	for (k = 0; k < COMMON; k++)
		wsum += w[k] = 1.0 / pow(k + 1, 1.1);
	for (s = 0; s < STUDENTS; s++) {
		acc[s] = m->acc_lo + (m->acc_hi - m->acc_lo) * unit();
		style[s][0] = unit() < m->no_accents;
		style[s][1] = unit() < m->no_mark;
		style[s][2] = unit() < m->lower_start;
		for (t = 0; t < SENTENCES; t++)
			order[s][t] = t;
		for (t = SENTENCES - 1; t > 0; t--) {
			int j = (int)(next_rand() % (unsigned)(t + 1)), x = order[s][t];

			order[s][t] = order[s][j];
			order[s][j] = x;
		}
	}
	for (t = 0; t < SENTENCES; t++)
		for (s = 0; s < STUDENTS; s++) {
			int i = order[s][t];
			const struct eval_request *rq = &c->rq[i];
			char *base;

			if (unit() < acc[s]) {
				k = rq->n_accepted && unit() < 0.3 ?
					    (int)(next_rand() % (unsigned)rq->n_accepted) : -1;
				base = xstrdup(k < 0 ? rq->reference : rq->accepted[k]);
			} else if (c->n_common[i] && unit() < m->common) {
				double x = unit() * wsum;

				for (k = 0; k < c->n_common[i] - 1 && x >= w[k]; k++)
					x -= w[k];
				base = xstrdup(c->common[i][k]);
			} else {
				base = slipped(rq->reference, 2);
			}
			memset(&out[n], 0, sizeof(out[n]));
			out[n].phase = phase;
			out[n].sentence = i;
			out[n].student = first + s;
			for (k = 0; k < 3; k++)
				out[n].style[k] = style[s][k] && unit() < m->habit;
			out[n].text = typed(base, out[n].style[0], out[n].style[1], out[n].style[2]);
			free(base);
			n++;
		}
}

/* A review of each answer of the first pass the key did not grade (the
 * relearning step brings them back): right now 60% of the time, typed
 * the student's way; the same answer again 25%; another slip 15%. */
int make_reviews(const struct course *c, const struct answer *a, int n, struct answer *out)
{
	int i, k = 0;

	for (i = 0; i < n; i++) {
		double x;
		char *base;

		if (a[i].by_key)
			continue;
		x = unit();
		out[k] = a[i];
		out[k].phase = REVIEW;
		out[k].norm = NULL;
		out[k].by_key = out[k].needs_ai = 0;
		if (x < 0.25) {
			out[k].text = xstrdup(a[i].text);
		} else {
			base = x < 0.85 ? xstrdup(c->rq[a[i].sentence].reference) :
					  slipped(c->rq[a[i].sentence].reference, 1);
			out[k].text = typed(base, a[i].style[0], a[i].style[1], a[i].style[2]);
			free(base);
		}
		k++;
	}
	return k;
}

/* Mark the answers the pipeline sends to the AI: those the key cannot
 * grade, the first time each surface form comes (the cache keeps an AI
 * grade under the answer's surface form and serves the next ones), unless
 * the word slips' stage, after the cache, grades them (it keeps nothing).
 * Returns how many; *exact: how many it would be were the cache keyed by
 * the answer as normalised. */
int dry_run(const struct course *c, struct evaluator *key, struct evaluator *slip,
	    struct answer *a, int n, struct seen *seen, struct seen *exact_seen, int *exact)
{
	int i, ai = 0;

	*exact = 0;
	for (i = 0; i < n; i++) {
		const struct eval_request *rq = &c->rq[a[i].sentence];
		char *f;
		int by_slip;

		free(a[i].norm);
		a[i].by_key = key_grades(key, rq, a[i].text, &a[i].norm);
		a[i].by_slip = a[i].needs_ai = 0;
		if (a[i].by_key)
			continue;
		f = text_surface(a[i].norm);
		by_slip = slip && key_grades(slip, rq, a[i].text, NULL);
		if (!seen_has(seen, a[i].sentence, f)) {
			a[i].by_slip = by_slip;
			if (!by_slip) {
				a[i].needs_ai = seen_add(seen, a[i].sentence, f);
				ai++;
			}
		}
		free(f);
		if (!by_slip)
			*exact += seen_add(exact_seen, a[i].sentence, a[i].norm);
	}
	return ai;
}

void free_answers(struct answer *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(a[i].text);
		free(a[i].norm);
	}
}
