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

/* 1 when a and b are equal but for upper and lower case. */
int same_but_case(const char *a, const char *b);

/* The cache as a pipeline stage, and saving a graded result into it. */
struct evaluator *cache_stage_new(struct store *st, const struct grader_options *o);
int cache_stage_save(struct evaluator *cache, const struct eval_request *rq,
		     const char *normalized, const struct eval_result *r, struct err *e);

#endif
