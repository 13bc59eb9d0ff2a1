/* ai-int.h: what the graders share: tokens and Spanish accent knowledge. */
#ifndef AIDIOMA_AI_INT_H
#define AIDIOMA_AI_INT_H

#include "aidioma/ai.h"

/* A token of a normalised answer: a word (letters and digits) or one
 * punctuation mark. */
struct token {
	char *text;
	char *folded; /* lower case, accents off, ñ kept */
	int is_word;
};

struct tokens {
	struct token *t;
	int n;
};

void tokenize(const char *s, struct tokens *out);
void tokens_release(struct tokens *tk);
/* The words only, in order (pointers into tk). */
int tokens_words(const struct tokens *tk, const struct token ***words);

/*
 * When two words differ only in accents and the accent changes the
 * meaning (tú/tu, él/el, sí/si, más/mas, está/esta, hablo/habló...), a
 * one-line explanation of the difference; NULL when it is a spelling slip.
 * learner and expected are as written.
 */
const char *accent_meaning(const char *learner, const char *expected, char *buf, size_t size);

/* 1 when the word (lower case) is the accented one of such a pair, or
 * ends in the -ó of the preterite: its accent makes it another word. */
int accent_distinguishes(const char *lower);

/* 1 when a and b are equal but for upper and lower case. */
int same_but_case(const char *a, const char *b);

/* How the word diff shows the words an error quotes (an AI's errors). */
enum diff_kind error_diff_kind(const struct eval_error *x);

/* ---- answerkey.c */
/* r, with its errors and diff, as the answer key's grade against graded (the
 * reference or one of rq's accepted translations): the corrected sentence,
 * the other translations as alternatives, the hints, the score 100 -
 * deduction. */
void answer_key_result(struct eval_result *r, const struct eval_request *rq, const char *graded,
		       double deduction);

/* ---- surface.c: capitals, punctuation and ¿¡, accents and ñ */
/*
 * Learner word x where y is expected, the two equal but for case, accents
 * and ñ: add the error to r (none when equal) and return the points it
 * costs.  initial: x opens a sentence.
 */
double surface_word(struct eval_result *r, const char *x, const char *y, int initial);
/* The same for x and y where one opens its sentence and the other does
 * not (a word before left out, or moved): the capital follows x's place. */
double surface_word_placed(struct eval_result *r, const char *x, int x_initial, const char *y,
			   int y_initial);
/* The punctuation of a against ref (a final full stop aside): the errors
 * added to r, the points returned. */
double surface_marks(struct eval_result *r, const struct tokens *a, const struct tokens *ref,
		     const char *ref_text);
/*
 * An AI grade g of the normalised answer graded, given to answer, which
 * has the same surface form (text_surface): the AI's word errors quoting
 * answer's words (its surface errors left out), the surface errors of
 * answer against g's corrected sentence (which gets any surface correction
 * g lists but lacks), the diff of answer's words, and in *raw the score
 * before hints: 100 less the AI rubric's points for the word errors and
 * surface_word()'s and surface_marks()'s for the rest.  r is filled
 * (initialised here) but for source, cost and hints.  ERR_NOTFOUND when
 * the grade cannot be carried over (a quote that cuts a word, other words).
 */
int surface_reuse(const char *answer, const char *graded, const struct eval_result *g,
		  struct eval_result *r, double *raw);

/* The cache as a pipeline stage, and saving a graded result into it. */
struct evaluator *cache_stage_new(struct store *st, const struct grader_options *o);
int cache_stage_save(struct evaluator *cache, const struct eval_request *rq,
		     const char *normalized, const struct eval_result *r, struct err *e);

#endif
