/* answerkey.c: grading an answer that matches an accepted translation. */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* Deductions (points) for what the answer key forgives with a note. */
#define COST_CASE 1
#define COST_ACCENT 3
#define COST_ACCENT_MEANING 6
#define COST_ENYE 5
#define COST_OPENING_MARK 2
#define COST_PUNCTUATION 1

struct match {
	double deduction;
	struct eval_result r;
};

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

/* Compare the answer with one accepted translation; 0 when they differ
 * only in what the answer key forgives, m filled. */
static int compare(const struct tokens *a, const struct tokens *ref, const char *ref_text,
		   struct match *m)
{
	const struct token **aw, **rw;
	int na = tokens_words(a, &aw), nr = tokens_words(ref, &rw), i, rc = -1;
	struct sbuf pa = SBUF_INIT, pr = SBUF_INIT;
	char buf[256], expl[320];

	eval_result_init(&m->r);
	m->deduction = 0;
	if (na != nr)
		goto out;
	for (i = 0; i < na; i++) {
		char *fa = text_fold(aw[i]->text, 1), *fr = text_fold(rw[i]->text, 1);
		int same = !strcmp(fa, fr);

		free(fa);
		free(fr);
		if (!same)
			goto out;
	}
	for (i = 0; i < na; i++) {
		const char *x = aw[i]->text, *y = rw[i]->text;
		const char *meaning;

		if (!strcmp(x, y)) {
			eval_result_add_diff(&m->r, DIFF_CORRECT, x, y);
			continue;
		}
		eval_result_add_diff(&m->r, DIFF_CLOSE, x, y);
		if (same_but_case(x, y)) {
			m->deduction += COST_CASE;
			xsnprintf(expl, sizeof(expl), i == 0 ? "a sentence starts with a capital: '%s'" :
				  "write '%s' with this capitalisation", y);
			eval_result_add_error(&m->r, ECAT_CAPITALISATION, SEV_MINOR, x, y, expl);
		} else if (strcmp(aw[i]->folded, rw[i]->folded)) {
			/* only ñ differs from n */
			m->deduction += COST_ENYE;
			xsnprintf(expl, sizeof(expl), "ñ is a letter of its own: write '%s', not '%s'", y, x);
			eval_result_add_error(&m->r, ECAT_ACCENT, SEV_MEDIUM, x, y, expl);
		} else if ((meaning = accent_meaning(x, y, buf, sizeof(buf)))) {
			m->deduction += COST_ACCENT_MEANING;
			xsnprintf(expl, sizeof(expl), "the accent changes the meaning: %s", meaning);
			eval_result_add_error(&m->r, ECAT_ACCENT, SEV_MEDIUM, x, y, expl);
		} else {
			m->deduction += COST_ACCENT;
			xsnprintf(expl, sizeof(expl), "accent: '%s' is written '%s'", x, y);
			eval_result_add_error(&m->r, ECAT_ACCENT, SEV_MINOR, x, y, expl);
		}
	}
	punct_string(a, &pa);
	punct_string(ref, &pr);
	if (strcmp(pa.buf, pr.buf)) {
		int k, missing_open = 0;

		for (k = 0; k < ref->n; k++)
			if (!ref->t[k].is_word && is_opening(ref->t[k].text) &&
			    !strstr(pa.buf, ref->t[k].text)) {
				missing_open = 1;
				m->deduction += COST_OPENING_MARK;
				xsnprintf(expl, sizeof(expl), "Spanish opens %s with '%s' as well as closing it",
					  !strcmp(ref->t[k].text, "¿") ? "a question" : "an exclamation",
					  ref->t[k].text);
				eval_result_add_error(&m->r, ECAT_PUNCTUATION, SEV_MINOR, "",
						      ref->t[k].text, expl);
			}
		if (!missing_open) {
			m->deduction += COST_PUNCTUATION;
			xsnprintf(expl, sizeof(expl), "check the punctuation against '%s'", ref_text);
			eval_result_add_error(&m->r, ECAT_PUNCTUATION, SEV_MINOR, pa.buf, pr.buf, expl);
		}
	}
	rc = 0;
out:
	sbuf_release(&pa);
	sbuf_release(&pr);
	free(aw);
	free(rw);
	if (rc)
		eval_result_release(&m->r);
	return rc;
}

static int evaluate(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		    struct eval_result *r, struct err *e)
{
	struct tokens a, ref;
	struct match best, m;
	const char *best_text = NULL;
	int i, n = rq->n_accepted + 1;

	(void)ev;
	(void)e;
	tokenize(normalized, &a);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];
		char *norm = text_normalize(cand);

		tokenize(norm, &ref);
		if (compare(&a, &ref, norm, &m) == 0) {
			if (!best_text || m.deduction < best.deduction) {
				if (best_text)
					eval_result_release(&best.r);
				best = m;
				best_text = cand;
			} else {
				eval_result_release(&m.r);
			}
		}
		tokens_release(&ref);
		free(norm);
	}
	tokens_release(&a);
	if (!best_text)
		return ERR_NOTFOUND;
	*r = best.r;
	r->source = SRC_ANSWER_KEY;
	r->corrected = xstrdup(best_text);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (cand == best_text)
			continue;
		r->alternatives = xrealloc(r->alternatives, (size_t)(r->n_alternatives + 1) * sizeof(char *));
		r->alternatives[r->n_alternatives++] = xstrdup(cand);
	}
	r->hints_used = rq->hints_used;
	eval_result_finish(r, 100 - best.deduction);
	return 0;
}

static void answer_key_free(struct evaluator *ev)
{
	free(ev);
}

struct evaluator *answer_key_new(void)
{
	struct evaluator *ev = xcalloc(1, sizeof(*ev));

	ev->name = "answer_key";
	ev->evaluate = evaluate;
	ev->free = answer_key_free;
	return ev;
}
