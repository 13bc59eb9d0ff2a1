/* offline.c: the offline evaluator: chrF and a word alignment against each accepted translation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/offline-int.h"
#include "aidioma/util.h"
#include "banned.h"

/*
 * The rubric of the offline estimate: points taken per error, by category
 * and severity (minor, medium, major).  Rows marked scaled are word-level
 * errors, weighed by sentence length: one wrong word costs more in a short
 * sentence than in a long one.  Change a figure, change the version.
 */
#define OFFLINE_RUBRIC_VERSION 1
static const struct {
	double points[3];
	int scaled;
} rubric[ECAT__COUNT] = {
	[ECAT_ACCENT] = { { 3, 6, 10 }, 0 },
	[ECAT_SPELLING] = { { 4, 8, 15 }, 1 },
	[ECAT_INFLECTION] = { { 6, 12, 20 }, 1 },
	[ECAT_WRONG_WORD] = { { 8, 16, 25 }, 1 },
	[ECAT_MISSING_WORD] = { { 0, 12, 25 }, 1 }, /* minor: a subject pronoun */
	[ECAT_EXTRA_WORD] = { { 0, 10, 15 }, 1 },   /* minor: a subject pronoun, style only */
	[ECAT_WORD_ORDER] = { { 4, 10, 15 }, 1 },
	[ECAT_PUNCTUATION] = { { 2, 3, 5 }, 0 },
	[ECAT_CAPITALISATION] = { { 1, 2, 3 }, 0 },
};
#define LENGTH_REFERENCE 8.0 /* words of a sentence whose errors weigh as in the rubric */
#define LENGTH_SCALE_MIN 0.75
#define LENGTH_SCALE_MAX 1.25
#define CHRF_WEIGHT 0.3      /* share of the score that chrF can take away */
#define PARTIAL_CREDIT 0.4   /* the score never falls below this share of chrF */
#define UNRELATED_SHARE 0.34 /* below this share of the learner's words matching... */
#define UNRELATED_CHRF 40.0  /* ...and this chrF, the answer translates something else */

struct offline {
	struct evaluator ev; /* first: the pipeline holds a pointer to it */
	struct lexicon *lx;
};

/* The answer graded against one accepted translation. */
struct candidate {
	struct eval_result r;
	double deduction, chrf, chrf_cased, cost, raw;
};

/* What a grading walk needs at hand. */
struct walk {
	struct lexicon *lx;
	struct words *a, *r;
	struct alignment *al;
	int *learner_of; /* reference word -> the learner word paired with it, or -1 */
	struct eval_result *res;
};

static double length_scale(int words)
{
	double s = sqrt(LENGTH_REFERENCE / (words > 0 ? words : 1));

	return s < LENGTH_SCALE_MIN ? LENGTH_SCALE_MIN : s > LENGTH_SCALE_MAX ? LENGTH_SCALE_MAX : s;
}

static double deduction(const struct eval_result *r, int ref_words)
{
	double d = 0, scale = length_scale(ref_words);
	int i;

	for (i = 0; i < r->n_errors; i++) {
		const struct eval_error *x = &r->errors[i];

		d += rubric[x->cat].points[x->severity - 1] * (rubric[x->cat].scaled ? scale : 1);
	}
	return d;
}

static struct word *at(const struct words *ws, int i)
{
	return i >= 0 && i < ws->n ? &ws->w[i] : NULL;
}

/* ---- words the learner added */

static int is_weekday(const struct word *w)
{
	static const char *const days[] = { "lunes", "martes", "miercoles", "jueves", "viernes",
					    "sabado", "sabados", "domingo", "domingos" };
	size_t i;

	for (i = 0; w && i < sizeof(days) / sizeof(days[0]); i++)
		if (!strcmp(w->bare, days[i]))
			return 1;
	return 0;
}

static void extra_word(struct walk *wk, int i)
{
	struct word *x = &wk->a->w[i], *prev = at(wk->a, i - 1), *next = at(wk->a, i + 1);
	const char *ser = prev ? verb_lemma(lexicon_verbs(wk->lx), prev->lower) : NULL;
	enum word_kind k = x->cls ? x->cls->kind : WK_NONE;
	enum severity sev = SEV_MEDIUM;
	char expl[384];

	if (k == WK_SUBJECT && next && (lexicon_verb_reading(wk->lx, next) || (next->cls &&
				(next->cls->kind == WK_OBJECT || !strcmp(next->lower, "no") ||
				 !strcmp(next->cls->family, "el"))))) {
		sev = SEV_MINOR;
		xsnprintf(expl, sizeof(expl), "'%s' can go: the verb ending already says who (a matter "
			  "of style)", x->text);
	} else if (k == WK_INDEFINITE && ser && !strcmp(ser, "ser") && next) {
		xsnprintf(expl, sizeof(expl), "no article before a profession or role after ser: '%s %s'",
			  prev->text, next->text);
	} else if (k == WK_ARTICLE || k == WK_INDEFINITE) {
		xsnprintf(expl, sizeof(expl), "the article '%s' is not needed here", x->text);
	} else if (!strcmp(x->lower, "en") && next && is_weekday(at(wk->a, i + 2))) {
		xsnprintf(expl, sizeof(expl), "no preposition before the days of the week: '%s %s'",
			  next->text, wk->a->w[i + 2].text);
	} else if (word_is_function(x)) {
		xsnprintf(expl, sizeof(expl), "'%s' is not needed here", x->text);
	} else {
		xsnprintf(expl, sizeof(expl), "'%s' is not in the translation", x->text);
	}
	eval_result_add_diff(wk->res, DIFF_EXTRA, x->text, NULL);
	eval_result_add_error(wk->res, ECAT_EXTRA_WORD, sev, x->text, "", expl);
}

/* ---- words the learner left out */

/* Does a person's name follow a verb that takes it as its object (conoció
 * a Diego), not one of going (voy a Madrid) nor a noun (un billete a Madrid)? */
static int object_of_verb(struct lexicon *lx, const struct word *verb)
{
	static const char *const going[] = { "ir", "venir", "llegar", "viajar", "volver", "regresar",
					     "bajar", "subir", "entrar", "salir", "mudar", "correr",
					     "caminar", "andar", "volar" };
	const char *l = verb ? verb_lemma(lexicon_verbs(lx), verb->lower) : NULL;
	size_t i;

	if (!l)
		return 0;
	for (i = 0; i < sizeof(going) / sizeof(going[0]); i++)
		if (!strcmp(l, going[i]))
			return 0;
	return 1;
}

static int personal_a(struct lexicon *lx, const struct words *r, int j)
{
	const struct word *n1 = at(r, j + 1), *n2 = at(r, j + 2);

	if (!n1)
		return 0;
	if (word_is_person(n1) || !strcmp(n1->lower, "alguien") || !strcmp(n1->lower, "nadie"))
		return 1;
	if (n1->cls && n1->cls->kind == WK_SUBJECT)
		return 1; /* a él, a ella */
	if (n1->cls && n1->cls->kind == WK_DETERMINER && strcmp(n1->cls->family, "este") &&
	    strcmp(n1->cls->family, "ese") && strcmp(n1->cls->family, "aquel") &&
	    strcmp(n1->cls->family, "mucho") && strcmp(n1->cls->family, "todo") &&
	    strcmp(n1->cls->family, "otro"))
		return n2 && word_is_person(n2); /* mi tía, su madre; not a mi lado */
	if (n1->cls && (n1->cls->kind == WK_ARTICLE || n1->cls->kind == WK_INDEFINITE))
		return (n2 && word_is_person(n2)) || (n2 && !n2->cls && at(r, j + 3) &&
						      word_is_person(at(r, j + 3)));
	/* a name, after a verb of which it is the object */
	return !n1->initial && n1->text[0] >= 'A' && n1->text[0] <= 'Z' &&
	       object_of_verb(lx, at(r, j - 1));
}

/* Is w the auxiliary of the next word: haber before a participle (he
 * comido), estar before a gerund (estoy comiendo)? */
static int auxiliary(struct lexicon *lx, const struct word *w, const struct word *next)
{
	const char *l = verb_lemma(lexicon_verbs(lx), w->lower);
	struct verb_form f[8];
	int n = next ? verb_analyse(lexicon_verbs(lx), next->lower, f, 8) : 0, i;

	for (i = 0; l && i < n; i++)
		if ((!strcmp(l, "haber") && f[i].tense == VT_PARTICIPLE) ||
		    (!strcmp(l, "estar") && f[i].tense == VT_GERUND))
			return 1;
	return 0;
}

/* ser, estar, haber or tener: a verb that links more than it means */
static int plain_verb(struct lexicon *lx, const struct word *w)
{
	const char *l = verb_lemma(lexicon_verbs(lx), w->lower);

	return l && (!strcmp(l, "ser") || !strcmp(l, "estar") || !strcmp(l, "haber") ||
		     !strcmp(l, "tener"));
}

static int jugar(struct lexicon *lx, const struct word *w)
{
	const char *l = verb_lemma(lexicon_verbs(lx), w->lower);

	return l && !strcmp(l, "jugar");
}

enum severity missing_word_explain(struct lexicon *lx, const struct words *r, int j, char *expl,
				   size_t size)
{
	const struct word *y = &r->w[j], *prev = at(r, j - 1), *next = at(r, j + 1);
	enum word_kind k = y->cls ? y->cls->kind : WK_NONE;
	struct verb_form f[8];
	enum severity sev = SEV_MEDIUM;
	int n, i, inf = 0;

	n = next ? verb_analyse(lexicon_verbs(lx), next->lower, f, 8) : 0;
	for (i = 0; i < n; i++)
		inf |= f[i].tense == VT_INFINITIVE;
	if (!strcmp(y->lower, "a") && personal_a(lx, r, j)) {
		xsnprintf(expl, size, "personal a: a person who receives the action takes 'a': "
			  "'a %s'", next->text);
	} else if (!strcmp(y->lower, "a") && inf) {
		xsnprintf(expl, size, "'a' joins the verb to the infinitive: '%s a %s'",
			  prev ? prev->text : "", next->text);
	} else if (!strcmp(y->lower, "al") && prev && jugar(lx, prev)) {
		sev = SEV_MINOR;
		xsnprintf(expl, size, "Spain says 'jugar al %s'; 'jugar %s' is common in the "
			  "Americas", next ? next->text : "", next ? next->text : "");
	} else if ((k == WK_ARTICLE || k == WK_INDEFINITE) && next) {
		xsnprintf(expl, size, "missing article: Spanish needs '%s' here: '%s %s'",
			  y->text, y->text, next->text);
	} else if (k == WK_OBJECT && next) {
		xsnprintf(expl, size, "the verb needs its pronoun: '%s %s'", y->text, next->text);
	} else if (k == WK_SUBJECT) {
		sev = SEV_MINOR; /* no points: Spanish drops subject pronouns */
		xsnprintf(expl, size, "'%s' may be dropped, but here it makes clear who", y->text);
	} else if (!strcmp(y->lower, "no")) {
		sev = SEV_MAJOR;
		xsnprintf(expl, size, "the sentence is negative: 'no' is missing");
	} else if (auxiliary(lx, y, next)) {
		xsnprintf(expl, size, "the verb needs its auxiliary: '%s %s'", y->text, next->text);
	} else if (word_is_function(y)) {
		xsnprintf(expl, size, "missing word: '%s%s%s%s%s'", prev ? prev->text : "",
			  prev ? " " : "", y->text, next ? " " : "", next ? next->text : "");
	} else if (plain_verb(lx, y)) {
		/* mi piso pequeño: the meaning is still clear */
		xsnprintf(expl, size, "the sentence needs its verb: '%s%s%s%s%s'", prev ? prev->text : "",
			  prev ? " " : "", y->text, next ? " " : "", next ? next->text : "");
	} else {
		sev = SEV_MAJOR;
		xsnprintf(expl, size, "missing word: '%s' is part of the translation", y->text);
	}
	return sev;
}

static void missing_word(struct walk *wk, int j)
{
	const struct word *y = &wk->r->w[j];
	char expl[384];
	enum severity sev = missing_word_explain(wk->lx, wk->r, j, expl, sizeof(expl));

	eval_result_add_diff(wk->res, DIFF_MISSING, NULL, y->text);
	eval_result_add_error(wk->res, ECAT_MISSING_WORD, sev, "", y->text, expl);
}

/* ---- words in the wrong place */

static int free_adverb(const struct word *w)
{
	static const char *const words[] = { "hoy", "manana", "ayer", "ahora", "todavia", "aun", "ya",
					     "siempre", "nunca", "tambien", "aqui", "alli", "luego",
					     "despues", "antes", "pronto", "tarde", "temprano", "mas",
					     "mucho", "bien", "anoche", "entonces", "solo" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w->bare, words[i]))
			return 1;
	return 0;
}

/* Did the learner swap a noun and its adjective?  Learner word a, moved,
 * is reference word b; its neighbour in the reference sits next to it. */
static int adjective_swap(struct walk *wk, int a, int b)
{
	struct word *other;

	if (b > 0 && wk->learner_of[b - 1] == a + 1)
		other = &wk->r->w[b - 1]; /* "rojo coche" for "coche rojo" */
	else if (a > 0 && b + 1 < wk->r->n && wk->learner_of[b + 1] == a - 1)
		other = &wk->r->w[b + 1]; /* "rojo coche" with coche moved */
	else
		return 0;
	return !word_is_function(other) && !word_is_function(&wk->r->w[b]) &&
	       !free_adverb(other) && !free_adverb(&wk->r->w[b]) && !lexicon_verb_only(wk->lx, other) &&
	       !lexicon_verb_only(wk->lx, &wk->r->w[b]);
}

/* One error for a block of moved words starting at step s; returns the last step of the block. */
static int word_order(struct walk *wk, int s)
{
	struct align_step *st = wk->al->step;
	struct sbuf lt = SBUF_INIT, ct = SBUF_INIT;
	int last = s, k, words = 1, b0 = st[s].b, b1, crossed = st[s].crossed;
	const struct word *y0, *left, *right;
	enum severity sev = SEV_MEDIUM;
	char expl[384];

	sbuf_adds(&lt, wk->a->w[st[s].a].text);
	sbuf_adds(&ct, wk->r->w[b0].text);
	for (k = s + 1; k < wk->al->n; k++) {
		if (st[k].op == AL_MISSING || st[k].op == AL_MOVED_FROM)
			continue;
		if (st[k].op != AL_MOVED || st[k].a != st[last].a + 1 || st[k].b != st[last].b + 1)
			break;
		sbuf_addf(&lt, " %s", wk->a->w[st[k].a].text);
		sbuf_addf(&ct, " %s", wk->r->w[st[k].b].text);
		last = k;
		words++;
	}
	b1 = st[last].b;
	y0 = &wk->r->w[b0];
	left = at(wk->r, b0 - 1);
	right = at(wk->r, b1 + 1);
	if (words == 1 && crossed == 1 && adjective_swap(wk, st[s].a, b0)) {
		const struct word *noun = b0 > 0 && wk->learner_of[b0 - 1] == st[s].a + 1 ? left : y0;
		const struct word *adj = noun == left ? y0 : right;

		xsnprintf(expl, sizeof(expl), "adjective placement: here the adjective follows the noun: "
			  "'%s %s'", noun->text, adj->text);
		sbuf_reset(&lt);
		sbuf_reset(&ct);
		if (noun == left)
			sbuf_addf(&lt, "%s %s", wk->a->w[st[s].a].text, wk->a->w[st[s].a + 1].text);
		else
			sbuf_addf(&lt, "%s %s", wk->a->w[st[s].a - 1].text, wk->a->w[st[s].a].text);
		sbuf_addf(&ct, "%s %s", noun->text, adj->text);
	} else if (words == 1 && y0->cls && y0->cls->kind == WK_OBJECT && right) {
		xsnprintf(expl, sizeof(expl), "word order: the pronoun goes before the conjugated verb: "
			  "'%s %s'", y0->text, right->text);
	} else {
		if (words == 1 && (free_adverb(y0) || crossed <= 1))
			sev = SEV_MINOR;
		if (left)
			xsnprintf(expl, sizeof(expl), "word order: '%s' goes after '%s'", ct.buf,
				  left->text);
		else if (right)
			xsnprintf(expl, sizeof(expl), "word order: '%s' goes before '%s'", ct.buf,
				  right->text);
		else
			xsnprintf(expl, sizeof(expl), "word order: '%s'", ct.buf);
	}
	eval_result_add_error(wk->res, ECAT_WORD_ORDER, sev, lt.buf, ct.buf, expl);
	sbuf_release(&lt);
	sbuf_release(&ct);
	return last;
}

/* ---- the walk along the alignment */

static void joined_words(struct walk *wk, const struct align_step *st)
{
	const struct word *x1 = &wk->a->w[st->a], *x2 = &wk->a->w[st->a + 1], *y = &wk->r->w[st->b];
	char text[256], expl[384];

	xsnprintf(text, sizeof(text), "%s %s", x1->text, x2->text);
	if (!strcmp(x2->lower, "el") && (!strcmp(y->lower, "al") || !strcmp(y->lower, "del")))
		xsnprintf(expl, sizeof(expl), "'%s' contracts to '%s'", text, y->text);
	else
		xsnprintf(expl, sizeof(expl), "'%s' is written as one word: '%s'", text, y->text);
	eval_result_add_diff(wk->res, DIFF_CLOSE, text, y->text);
	eval_result_add_error(wk->res, ECAT_SPELLING, SEV_MEDIUM, text, y->text, expl);
}

static void split_word(struct walk *wk, const struct align_step *st)
{
	const struct word *x = &wk->a->w[st->a], *y1 = &wk->r->w[st->b], *y2 = &wk->r->w[st->b + 1];
	char want[256], expl[384];

	xsnprintf(want, sizeof(want), "%s %s", y1->text, y2->text);
	if (y2->cls && y2->cls->kind == WK_ARTICLE &&
	    (!strcmp(x->lower, "del") || !strcmp(x->lower, "al"))) {
		const struct word *noun = at(wk->a, st->a + 1);

		xsnprintf(expl, sizeof(expl), "gender agreement: '%s %s' -> '%s' (%s is %s + el)",
			  x->text, noun ? noun->text : "", want, x->lower, y1->lower);
		eval_result_add_diff(wk->res, DIFF_CLOSE, x->text, want);
		eval_result_add_error(wk->res, ECAT_INFLECTION, SEV_MEDIUM, x->text, want, expl);
		return;
	}
	if (!strcmp(x->bare, "porque") && !strcmp(y2->lower, "qué"))
		xsnprintf(expl, sizeof(expl), "'por qué' (why) is two words with an accent; 'porque' "
			  "means because");
	else
		xsnprintf(expl, sizeof(expl), "'%s' is two words here: '%s'", x->text, want);
	eval_result_add_diff(wk->res, DIFF_CLOSE, x->text, want);
	eval_result_add_error(wk->res, ECAT_SPELLING, SEV_MEDIUM, x->text, want, expl);
}

static int is_mark(const struct tokens *tk, const char *mark)
{
	int i;

	for (i = 0; i < tk->n; i++)
		if (!tk->t[i].is_word && !strcmp(tk->t[i].text, mark))
			return 1;
	return 0;
}

static void punctuation(const struct tokens *a, const struct tokens *r, struct eval_result *res)
{
	static const struct {
		const char *mark, *expl;
	} marks[] = {
		{ "¿", "Spanish opens a question with '¿' as well as closing it" },
		{ "¡", "Spanish opens an exclamation with '¡' as well as closing it" },
		{ "?", "a question ends with '?'" },
		{ "!", "an exclamation ends with '!'" },
	};
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (is_mark(r, marks[i].mark) && !is_mark(a, marks[i].mark))
			eval_result_add_error(res, ECAT_PUNCTUATION, SEV_MINOR, "", marks[i].mark,
					      marks[i].expl);
}

/* Grade the answer's words against one reference's; returns how many words matched. */
static int walk_alignment(struct walk *wk)
{
	struct judgement j;
	int s, good = 0, block_end = -1;

	for (s = 0; s < wk->al->n; s++) {
		const struct align_step *st = &wk->al->step[s];
		struct word *x = st->a >= 0 ? &wk->a->w[st->a] : NULL;
		struct word *y = st->b >= 0 ? &wk->r->w[st->b] : NULL;

		switch (st->op) {
		case AL_PAIR:
		case AL_MOVED:
			wordpair_judge(wk->lx, x, y, at(wk->a, st->a - 1), at(wk->a, st->a + 1), 1, &j);
			good += j.cost <= PAIR_COST_CLOSE;
			if (st->op == AL_MOVED && j.diff == DIFF_CORRECT)
				j.diff = DIFF_CLOSE;
			eval_result_add_diff(wk->res, j.diff, x->text, y->text);
			if (st->op == AL_MOVED && s > block_end)
				block_end = word_order(wk, s);
			if (j.error)
				eval_result_add_error(wk->res, j.cat, j.sev, x->text, y->text, j.expl);
			break;
		case AL_EXTRA:
			extra_word(wk, st->a);
			break;
		case AL_MISSING:
			missing_word(wk, st->b);
			break;
		case AL_JOINED:
			joined_words(wk, st);
			good++;
			break;
		case AL_SPLIT:
			split_word(wk, st);
			good++;
			break;
		case AL_MOVED_FROM:
			break;
		}
	}
	return good;
}

static void grade(struct offline *o, const char *answer, const struct tokens *atk, struct words *aw,
		  const char *reference, struct candidate *c)
{
	char *norm = text_normalize(reference), *fa = text_fold(answer, 1), *fr = text_fold(norm, 1);
	struct tokens rtk;
	struct words rw;
	struct alignment al = { NULL, 0, 0 };
	struct walk wk;
	int i, good = 0;

	tokenize(norm, &rtk);
	words_from_tokens(o->lx, &rtk, &rw);
	eval_result_init(&c->r);
	c->chrf = chrf(fa, fr);
	c->chrf_cased = chrf(answer, norm);
	if (aw->n == 0) {
		for (i = 0; i < rw.n; i++)
			eval_result_add_diff(&c->r, DIFF_MISSING, NULL, rw.w[i].text);
		eval_result_add_error(&c->r, ECAT_MISSING_WORD, SEV_MAJOR, "", reference,
				      "no answer: the sentence still needs translating");
		c->deduction = 100;
		c->cost = 0;
		c->chrf_cased = 0;
		c->raw = 0;
		goto out;
	}
	wk.lx = o->lx;
	wk.a = aw;
	wk.r = &rw;
	wk.al = &al;
	wk.res = &c->r;
	align_words(o->lx, aw, &rw, &al);
	wk.learner_of = xmalloc(((size_t)rw.n + 1) * sizeof(int));
	for (i = 0; i < rw.n; i++)
		wk.learner_of[i] = -1;
	for (i = 0; i < al.n; i++)
		if (al.step[i].op == AL_PAIR)
			wk.learner_of[al.step[i].b] = al.step[i].a;
	good = walk_alignment(&wk);
	free(wk.learner_of);
	punctuation(atk, &rtk, &c->r);
	c->cost = al.cost;
	c->deduction = deduction(&c->r, rw.n);
	c->raw = (100 - c->deduction) * (1 - CHRF_WEIGHT + CHRF_WEIGHT * c->chrf / 100);
	if (c->raw < PARTIAL_CREDIT * c->chrf)
		c->raw = PARTIAL_CREDIT * c->chrf; /* what is there still counts a little */
	if ((double)good / aw->n < UNRELATED_SHARE && c->chrf < UNRELATED_CHRF) {
		/* a list of every word would not help: say it once */
		struct eval_error *e = c->r.errors;
		int n = c->r.n_errors;

		c->r.errors = NULL;
		c->r.n_errors = 0;
		eval_result_add_error(&c->r, ECAT_WRONG_WORD, SEV_MAJOR, answer, reference,
				      "this does not translate the sentence: compare it with the "
				      "translation");
		for (i = 0; i < n; i++) {
			free(e[i].learner_text);
			free(e[i].correction);
			free(e[i].explanation);
		}
		free(e);
	}
	alignment_release(&al);
out:
	words_release(&rw);
	tokens_release(&rtk);
	free(norm);
	free(fa);
	free(fr);
}

/* Does s have a word to compare with (an accepted translation may be blank)? */
static int has_words(const char *s)
{
	char *f;
	int yes;

	if (!s)
		return 0;
	f = text_fold(s, 0);
	yes = f[0] != '\0';
	free(f);
	return yes;
}

/* Is c a better account of the answer than best? */
static int better(const struct candidate *c, const struct candidate *best)
{
	if (fabs(c->raw - best->raw) > 1e-9)
		return c->raw > best->raw;
	if (fabs(c->cost - best->cost) > 1e-9)
		return c->cost < best->cost;
	return c->chrf_cased > best->chrf_cased;
}

static int evaluate(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		    struct eval_result *r, struct err *e)
{
	struct offline *o = (struct offline *)ev;
	struct candidate best, c;
	const char *best_text = NULL;
	struct tokens atk;
	struct words aw;
	int i, n = rq->n_accepted + 1;

	(void)e;
	tokenize(normalized, &atk);
	words_from_tokens(o->lx, &atk, &aw);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (!has_words(cand))
			continue;
		grade(o, normalized, &atk, &aw, cand, &c);
		if (!best_text || better(&c, &best)) {
			if (best_text)
				eval_result_release(&best.r);
			best = c;
			best_text = cand;
		} else {
			eval_result_release(&c.r);
		}
	}
	if (!best_text) {
		/* no translation to compare with: nothing the answer can be credited for */
		best_text = rq->reference ? rq->reference : "";
		eval_result_init(&best.r);
		eval_result_add_error(&best.r, ECAT_WRONG_WORD, SEV_MAJOR, normalized, best_text,
				      "this sentence has no translation to compare with");
		best.raw = 0;
	}
	words_release(&aw);
	tokens_release(&atk);
	*r = best.r;
	r->source = SRC_OFFLINE;
	r->estimate = 1;
	r->corrected = xstrdup(best_text);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (!has_words(cand) || cand == best_text)
			continue;
		r->alternatives = xrealloc(r->alternatives,
					   (size_t)(r->n_alternatives + 1) * sizeof(char *));
		r->alternatives[r->n_alternatives++] = xstrdup(cand);
	}
	r->hints_used = rq->hints_used;
	eval_result_finish(r, best.raw);
	return 0;
}

static void offline_free(struct evaluator *ev)
{
	struct offline *o = (struct offline *)ev;

	lexicon_free(o->lx);
	free(o);
}

struct lexicon *offline_lexicon(struct evaluator *ev)
{
	return ((struct offline *)ev)->lx;
}

struct evaluator *offline_evaluator_new(void)
{
	struct offline *o = xcalloc(1, sizeof(*o));

	o->ev.name = "offline";
	o->ev.evaluate = evaluate;
	o->ev.free = offline_free;
	o->lx = lexicon_new();
	return &o->ev;
}
