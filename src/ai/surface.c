/* surface.c: what C grades with certainty: capitals, punctuation and ¿¡, accents and ñ. */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "banned.h"

/*
 * Points a surface error costs, in the answer key and in an AI grade
 * reused for another surface form of its answer.  The accent rows are the
 * offline evaluator's: a plain accent slip is minor (3), n for ñ and an
 * accent that makes another word (tú/tu, está/esta) are medium (6).
 */
#define COST_CASE 1
#define COST_ACCENT 3
#define COST_ACCENT_MEANING 6
#define COST_ENYE 6
#define COST_OPENING_MARK 2
#define COST_PUNCTUATION 1

double surface_word(struct eval_result *r, const char *x, const char *y, int initial)
{
	char buf[256], expl[320], *fx, *fy;
	const char *meaning;
	int enye;

	if (!strcmp(x, y))
		return 0;
	if (same_but_case(x, y)) {
		xsnprintf(expl, sizeof(expl), initial ? "a sentence starts with a capital: '%s'" :
			  "write '%s' with this capitalisation", y);
		eval_result_add_error(r, ECAT_CAPITALISATION, SEV_MINOR, x, y, expl);
		return COST_CASE;
	}
	fx = text_fold(x, 0);
	fy = text_fold(y, 0);
	enye = strcmp(fx, fy) != 0; /* only ñ and n can still differ */
	free(fx);
	free(fy);
	if (enye) {
		xsnprintf(expl, sizeof(expl), "ñ is a letter of its own: write '%s', not '%s'", y, x);
		eval_result_add_error(r, ECAT_ACCENT, SEV_MEDIUM, x, y, expl);
		return COST_ENYE;
	}
	if ((meaning = accent_meaning(x, y, buf, sizeof(buf)))) {
		xsnprintf(expl, sizeof(expl), "the accent changes the meaning: %s", meaning);
		eval_result_add_error(r, ECAT_ACCENT, SEV_MEDIUM, x, y, expl);
		return COST_ACCENT_MEANING;
	}
	xsnprintf(expl, sizeof(expl), "accent: '%s' is written '%s'", x, y);
	eval_result_add_error(r, ECAT_ACCENT, SEV_MINOR, x, y, expl);
	return COST_ACCENT;
}

static int upper_first(const char *s)
{
	uint32_t cp;

	if (utf8_decode(s, strlen(s), &cp) < 0)
		return 0;
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7);
}

/* y with its first letter in upper case, or lower; caller frees. */
static char *recase_first(const char *y, int upper)
{
	char *out = xstrdup(y);
	unsigned char *p = (unsigned char *)out;

	if (p[0] >= 'a' && p[0] <= 'z' && upper)
		p[0] = (unsigned char)(p[0] - 32);
	else if (p[0] >= 'A' && p[0] <= 'Z' && !upper)
		p[0] = (unsigned char)(p[0] + 32);
	else if (p[0] == 0xc3 && p[1] >= 0xa0 && p[1] <= 0xbe && p[1] != 0xb7 && upper)
		p[1] = (unsigned char)(p[1] - 0x20); /* á to Á, ñ to Ñ */
	else if (p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97 && !upper)
		p[1] = (unsigned char)(p[1] + 0x20);
	return out;
}

double surface_word_placed(struct eval_result *r, const char *x, int x_initial, const char *y,
			   int y_initial)
{
	char *want;
	double d;

	if (x_initial == y_initial)
		return surface_word(r, x, y, x_initial);
	/* opening the answer it takes a capital; elsewhere y's may be a name's */
	want = recase_first(y, x_initial || upper_first(x));
	d = surface_word(r, x, want, x_initial);
	free(want);
	return d;
}

static int is_opening(const char *p)
{
	return !strcmp(p, "¿") || !strcmp(p, "¡");
}

/* The punctuation marks of tk, final full stop left out (not worth a note). */
static void punct_string(const struct tokens *tk, struct sbuf *sb)
{
	int i, last = tk->n - 1;

	for (i = 0; i < tk->n; i++) {
		if (tk->t[i].is_word)
			continue;
		if (i == last && !strcmp(tk->t[i].text, "."))
			continue;
		sbuf_adds(sb, tk->t[i].text);
	}
	if (!sb->buf)
		sbuf_adds(sb, "");
}

/* The mark that ends tk, or NULL when a word does. */
static const char *last_mark(const struct tokens *tk)
{
	return tk->n && !tk->t[tk->n - 1].is_word ? tk->t[tk->n - 1].text : NULL;
}

/* Do the marks of a (pa) and of ref (pr) differ only in the ? or ! that
 * ends ref? */
static int only_final_mark(const struct tokens *a, const struct tokens *ref, const char *pa,
			   const char *pr)
{
	const char *want = last_mark(ref), *got = last_mark(a);
	size_t n = strlen(pa);

	if (!want || (strcmp(want, "?") && strcmp(want, "!")) || (got && !strcmp(got, want)))
		return 0;
	if (got && strcmp(got, "."))
		n -= strlen(got); /* a final . is not in pa */
	return strlen(pr) == n + strlen(want) && !strncmp(pa, pr, n) && !strcmp(pr + n, want);
}

double surface_marks(struct eval_result *r, const struct tokens *a, const struct tokens *ref,
		     const char *ref_text)
{
	struct sbuf pa = SBUF_INIT, pr = SBUF_INIT;
	char expl[320];
	double d = 0;
	int k, missing_open = 0;

	punct_string(a, &pa);
	punct_string(ref, &pr);
	if (strcmp(pa.buf, pr.buf)) {
		for (k = 0; k < ref->n; k++)
			if (!ref->t[k].is_word && is_opening(ref->t[k].text) &&
			    !strstr(pa.buf, ref->t[k].text)) {
				missing_open = 1;
				d += COST_OPENING_MARK;
				xsnprintf(expl, sizeof(expl), "Spanish opens %s with '%s' as well as closing it",
					  !strcmp(ref->t[k].text, "¿") ? "a question" : "an exclamation",
					  ref->t[k].text);
				eval_result_add_error(r, ECAT_PUNCTUATION, SEV_MINOR, "", ref->t[k].text,
						      expl);
			}
		/* one note for the other marks, none when the opening mark says it */
		if (!missing_open) {
			d += COST_PUNCTUATION;
			if (only_final_mark(a, ref, pa.buf, pr.buf)) {
				const char *want = last_mark(ref), *got = last_mark(a);

				xsnprintf(expl, sizeof(expl), "%s ends with '%s'", !strcmp(want, "?") ?
					  "a question" : "an exclamation", want);
				eval_result_add_error(r, ECAT_PUNCTUATION, SEV_MINOR, got ? got : "", want,
						      expl);
			} else {
				xsnprintf(expl, sizeof(expl), "check the punctuation against '%s'", ref_text);
				eval_result_add_error(r, ECAT_PUNCTUATION, SEV_MINOR, "", pr.buf, expl);
			}
		}
	}
	sbuf_release(&pa);
	sbuf_release(&pr);
	return d;
}

/* ---- an AI grade reused for another surface form of its answer */

/* A text with its tokens: where each starts, which are words, and which
 * words open a sentence. */
struct text_map {
	const char *s;
	struct tokens tk;
	size_t *off;
	int *word;    /* the token of each word */
	int *initial;
	int n_words;
};

static void map_text(const char *s, struct text_map *m)
{
	size_t cur = 0;
	int i, start = 1;

	m->s = s;
	tokenize(s, &m->tk);
	m->off = xcalloc((size_t)m->tk.n + 1, sizeof(*m->off));
	m->word = xcalloc((size_t)m->tk.n + 1, sizeof(*m->word));
	m->initial = xcalloc((size_t)m->tk.n + 1, sizeof(*m->initial));
	m->n_words = 0;
	for (i = 0; i < m->tk.n; i++) {
		const struct token *t = &m->tk.t[i];
		const char *p = strstr(s + cur, t->text);

		m->off[i] = p ? (size_t)(p - s) : cur;
		cur = m->off[i] + strlen(t->text);
		if (!t->is_word) {
			if (!strcmp(t->text, ".") || !strcmp(t->text, "?") || !strcmp(t->text, "!"))
				start = 1;
			continue;
		}
		m->initial[m->n_words] = start;
		m->word[m->n_words++] = i;
		start = 0;
	}
}

static void unmap_text(struct text_map *m)
{
	tokens_release(&m->tk);
	free(m->off);
	free(m->word);
	free(m->initial);
}

static const char *word_at(const struct text_map *m, int k)
{
	return m->tk.t[m->word[k]].text;
}

static size_t word_start(const struct text_map *m, int k)
{
	return m->off[m->word[k]];
}

static size_t word_end(const struct text_map *m, int k)
{
	return m->off[m->word[k]] + strlen(word_at(m, k));
}

/* The words of m that quote q covers where it first occurs (where the
 * AI's quotes are checked): 0 and [*w0, *w1]; 1 when q holds no word; -1
 * when q is not in m or begins or ends inside a token. */
static int quote_words(const struct text_map *m, const char *q, int *w0, int *w1)
{
	const char *p = *q ? strstr(m->s, q) : NULL;
	size_t a, b;
	int i, k;

	if (!p)
		return -1;
	a = (size_t)(p - m->s);
	b = a + strlen(q);
	for (i = 0; i < m->tk.n; i++) {
		size_t s0 = m->off[i], s1 = s0 + strlen(m->tk.t[i].text);

		if ((s0 < a && s1 > a) || (s0 < b && s1 > b))
			return -1;
	}
	*w0 = *w1 = -1;
	for (k = 0; k < m->n_words; k++)
		if (word_start(m, k) >= a && word_start(m, k) < b) {
			if (*w0 < 0)
				*w0 = k;
			*w1 = k;
		}
	return *w0 < 0 ? 1 : 0;
}

/* An error about the surface only: its category is, and its quote and
 * correction are one text but for accents, case and marks. */
static int surface_error(const struct eval_error *x)
{
	char *a, *b;
	int same;

	if (x->cat != ECAT_ACCENT && x->cat != ECAT_CAPITALISATION && x->cat != ECAT_PUNCTUATION)
		return 0;
	a = text_fold(x->learner_text, 1);
	b = text_fold(x->correction, 1);
	same = !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

/*
 * Pair the answer's words with the corrected sentence's by their folded
 * form (a longest common subsequence); words inside a word error take no
 * part.  al[k]: the corrected sentence's word, or -1.
 */
static void align(const struct text_map *a, const int *cov, const struct text_map *c, int *al)
{
	int n = a->n_words, m = c->n_words, w = m + 1, i, j;
	char **fa = xcalloc((size_t)n + 1, sizeof(*fa)), **fc = xcalloc((size_t)m + 1, sizeof(*fc));
	int *len = xcalloc((size_t)(n + 1) * (size_t)w, sizeof(*len));

	for (i = 0; i < n; i++)
		fa[i] = text_fold(word_at(a, i), 1);
	for (j = 0; j < m; j++)
		fc[j] = text_fold(word_at(c, j), 1);
	for (i = n - 1; i >= 0; i--)
		for (j = m - 1; j >= 0; j--) {
			int down = len[(i + 1) * w + j], right = len[i * w + j + 1];

			len[i * w + j] = cov[i] < 0 && !strcmp(fa[i], fc[j]) ? 1 + len[(i + 1) * w + j + 1] :
					 down > right ? down : right;
		}
	for (i = j = 0; i < n;) {
		if (j < m && cov[i] < 0 && !strcmp(fa[i], fc[j]))
			al[i++] = j++;
		else if (j >= m || len[(i + 1) * w + j] >= len[i * w + j + 1])
			al[i++] = -1;
		else
			j++;
	}
	for (i = 0; i < n; i++)
		free(fa[i]);
	for (j = 0; j < m; j++)
		free(fc[j]);
	free(fa);
	free(fc);
	free(len);
}

/* Word x opens a sentence of its own text where y does not, or the other
 * way, and differs from y only in the capital its place asks for. */
static int case_fits_place(const char *x, int x_initial, const char *y, int y_initial)
{
	size_t nx = strlen(x), ny = strlen(y);

	if (x_initial == y_initial || !nx || !ny || !same_but_case(x, y) ||
	    strcmp(x + utf8_next(x, nx, 0), y + utf8_next(y, ny, 0)))
		return 0;
	return x_initial ? upper_first(x) : !upper_first(x);
}

/* s with every 'from' and "from" quoted in it made 'to' and "to"; caller frees. */
static char *requote(const char *s, const char *from, const char *to)
{
	static const char marks[] = "'\"";
	struct sbuf sb = SBUF_INIT;
	size_t n = strlen(from);
	const char *p = s;

	while (*p) {
		if (strchr(marks, *p) && !strncmp(p + 1, from, n) && p[1 + n] == *p) {
			sbuf_addf(&sb, "%c%s%c", *p, to, *p);
			p += n + 2;
			continue;
		}
		sbuf_add(&sb, p, 1);
		p++;
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

/* A word error of the AI's, as this answer has it. */
struct kept {
	int w0, w1;             /* its words; -1 when it quotes none */
	struct tokens ctk;      /* its correction */
	const struct token **cw;
	int n_cw;
};

/* The correction's word for word k of a kept error (the first word takes
 * the whole correction when the counts differ). */
static const char *expected_for(const struct kept *kp, const struct eval_error *x, int k)
{
	int i = k - kp->w0;

	if (kp->n_cw != kp->w1 - kp->w0 + 1)
		return i == 0 ? x->correction : "";
	return kp->cw[i]->text;
}

/* The corrected sentence with the replacements rep[j] (NULL: none) made. */
static char *splice(const struct text_map *c, char **rep)
{
	struct sbuf sb = SBUF_INIT;
	size_t cur = 0;
	int j;

	for (j = 0; j < c->n_words; j++) {
		if (!rep[j])
			continue;
		sbuf_add(&sb, c->s + cur, word_start(c, j) - cur);
		sbuf_adds(&sb, rep[j]);
		cur = word_end(c, j);
	}
	sbuf_adds(&sb, c->s + cur);
	return sbuf_detach(&sb, NULL);
}

int surface_reuse(const char *answer, const char *graded, const struct eval_result *g,
		  struct eval_result *r, double *raw)
{
	struct text_map y, x, c;
	struct kept *kp = NULL;
	char *sa = text_surface(answer), *sg = text_surface(graded), **rep = NULL;
	int *cov = NULL, *al = NULL, i, k, n_kept = 0, rc = ERR_NOTFOUND;
	double d = 0;

	eval_result_init(r);
	map_text(answer, &y);
	map_text(graded, &x);
	map_text(g->corrected ? g->corrected : "", &c);
	if (strcmp(sa, sg) || y.n_words != x.n_words || !g->corrected || !c.n_words)
		goto out;
	cov = xmalloc(((size_t)y.n_words + 1) * sizeof(*cov));
	al = xmalloc(((size_t)y.n_words + 1) * sizeof(*al));
	rep = xcalloc((size_t)c.n_words + 1, sizeof(*rep));
	kp = xcalloc((size_t)g->n_errors + 1, sizeof(*kp));
	for (k = 0; k < y.n_words; k++)
		cov[k] = -1;

	/* the AI's word errors, quoting this answer's words */
	for (i = 0; i < g->n_errors; i++) {
		const struct eval_error *e = &g->errors[i];
		struct kept *p = &kp[n_kept];
		char *quote, *expl;
		int w0, w1, q;

		if (surface_error(e))
			continue;
		p->w0 = p->w1 = -1;
		q = e->learner_text[0] ? quote_words(&x, e->learner_text, &w0, &w1) : 1;
		if (q < 0 || (q == 1 && e->learner_text[0] && !strstr(answer, e->learner_text)))
			goto out; /* a quote this answer cannot be given: the AI grades it */
		if (q == 1) {
			eval_result_add_error(r, e->cat, e->severity, e->learner_text, e->correction,
					      e->explanation);
		} else {
			quote = xstrndup(answer + word_start(&y, w0), word_end(&y, w1) - word_start(&y, w0));
			expl = requote(e->explanation, e->learner_text, quote);
			eval_result_add_error(r, e->cat, e->severity, quote, e->correction, expl);
			free(quote);
			free(expl);
			p->w0 = w0;
			p->w1 = w1;
			for (k = w0; k <= w1; k++)
				if (cov[k] < 0)
					cov[k] = n_kept;
		}
		tokenize(e->correction, &p->ctk);
		p->n_cw = tokens_words(&p->ctk, &p->cw);
		d += ai_rubric_deduction(e->cat, e->severity);
		n_kept++;
	}

	/* the corrected sentence, with any surface correction of the AI's it lacks */
	align(&x, cov, &c, al);
	for (i = 0; i < g->n_errors; i++) {
		const struct eval_error *e = &g->errors[i];
		struct tokens ctk;
		const struct token **cw;
		int w0, w1, n_cw;

		if (!surface_error(e) || quote_words(&x, e->learner_text, &w0, &w1) != 0)
			continue;
		tokenize(e->correction, &ctk);
		n_cw = tokens_words(&ctk, &cw);
		for (k = w0; n_cw == w1 - w0 + 1 && k <= w1; k++) {
			const char *want = cw[k - w0]->text;

			if (al[k] >= 0 && !rep[al[k]] && !strcmp(word_at(&c, al[k]), word_at(&x, k)) &&
			    strcmp(want, word_at(&x, k)))
				rep[al[k]] = xstrdup(want);
		}
		free(cw);
		tokens_release(&ctk);
	}
	r->corrected = splice(&c, rep);

	/* this answer's words: the AI's word errors, else its surface against
	 * the corrected sentence */
	for (k = 0; k < y.n_words; k++) {
		const char *w = word_at(&y, k), *want;

		if (cov[k] >= 0) {
			const struct eval_error *e = &r->errors[cov[k]];
			enum diff_kind kind = error_diff_kind(e);

			eval_result_add_diff(r, kind, w,
					     kind == DIFF_EXTRA ? NULL : expected_for(&kp[cov[k]], e, k));
			continue;
		}
		want = al[k] < 0 ? w : rep[al[k]] ? rep[al[k]] : word_at(&c, al[k]);
		if (!strcmp(w, want) ||
		    (al[k] >= 0 && case_fits_place(w, y.initial[k], want, c.initial[al[k]]))) {
			eval_result_add_diff(r, DIFF_CORRECT, w, w);
			continue;
		}
		d += surface_word(r, w, want, y.initial[k]);
		eval_result_add_diff(r, DIFF_CLOSE, w, want);
	}
	for (i = 0; i < r->n_errors; i++)
		if (r->errors[i].cat == ECAT_MISSING_WORD && !r->errors[i].learner_text[0])
			eval_result_add_diff(r, DIFF_MISSING, NULL, r->errors[i].correction);
	{
		struct tokens ctk;

		tokenize(r->corrected, &ctk);
		d += surface_marks(r, &y.tk, &ctk, r->corrected);
		tokens_release(&ctk);
	}
	for (i = 0; i < g->n_alternatives; i++) {
		r->alternatives = xrealloc(r->alternatives,
					   (size_t)(r->n_alternatives + 1) * sizeof(char *));
		r->alternatives[r->n_alternatives++] = xstrdup(g->alternatives[i]);
	}
	xstrlcpy(r->model, g->model, sizeof(r->model));
	*raw = 100 - d;
	rc = 0;
out:
	for (i = 0; kp && i < n_kept; i++) {
		free(kp[i].cw);
		tokens_release(&kp[i].ctk);
	}
	for (k = 0; rep && k < c.n_words; k++)
		free(rep[k]);
	free(rep);
	free(kp);
	free(cov);
	free(al);
	unmap_text(&y);
	unmap_text(&x);
	unmap_text(&c);
	free(sa);
	free(sg);
	if (rc)
		eval_result_release(r);
	return rc;
}
