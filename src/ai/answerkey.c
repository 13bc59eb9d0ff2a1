/* answerkey.c: grading an answer that matches an accepted translation. */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/util.h"
#include "banned.h"

struct match {
	double deduction;
	struct eval_result r;
};

/* Compare the answer with one accepted translation; 0 when they differ
 * only in what the answer key forgives, m filled. */
static int compare(const struct tokens *a, const struct tokens *ref, const char *ref_text,
		   struct match *m)
{
	const struct token **aw, **rw;
	int na = tokens_words(a, &aw), nr = tokens_words(ref, &rw), i, rc = -1;

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

		eval_result_add_diff(&m->r, strcmp(x, y) ? DIFF_CLOSE : DIFF_CORRECT, x, y);
		m->deduction += surface_word(&m->r, x, y, i == 0);
	}
	m->deduction += surface_marks(&m->r, a, ref, ref_text);
	rc = 0;
out:
	free(aw);
	free(rw);
	if (rc)
		eval_result_release(&m->r);
	return rc;
}

void answer_key_result(struct eval_result *r, const struct eval_request *rq, const char *graded,
		       double deduction)
{
	int i;

	r->source = SRC_ANSWER_KEY;
	r->corrected = xstrdup(graded);
	for (i = 0; i < rq->n_accepted + 1; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (!cand || cand == graded)
			continue;
		r->alternatives = xrealloc(r->alternatives, (size_t)(r->n_alternatives + 1) * sizeof(char *));
		r->alternatives[r->n_alternatives++] = xstrdup(cand);
	}
	r->hints_used = rq->hints_used;
	eval_result_finish(r, 100 - deduction);
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
	answer_key_result(r, rq, best_text, best.deduction);
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
