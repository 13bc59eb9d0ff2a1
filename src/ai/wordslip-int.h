/* wordslip-int.h: what the files of the answer key's word slips share. */
#ifndef AIDIOMA_WORDSLIP_INT_H
#define AIDIOMA_WORDSLIP_INT_H

#include "ai/offline-int.h"

/* The answer against one accepted translation. */
struct slip_sentence {
	struct lexicon *lx;
	const struct eval_request *rq;
	struct words *a, *r;
	int *learner_of; /* the answer's word standing for each of r's, or -1 */
	int *clause;     /* the clause of each of r's words */
	int open_gender; /* the gender of a person the English leaves open */
	int you;         /* the English says you (tú or usted, vosotros or ustedes) */
};

/* The answer's word standing for the translation's word j, or NULL. */
struct word *word_slip_learner(const struct slip_sentence *s, int j);
/* 1 when w is one of the n words of list. */
int word_slip_one_of(const char *w, const char *const *list, size_t n);
/*
 * Is learner word x, for the translation's y at i, judged j by
 * wordpair_judge, an inflection slip C is sure of: another form of y's
 * root or verb (gender, number, person, tense, mood) where the English
 * allows only y's?
 */
int word_slip_inflection(struct slip_sentence *s, int i, struct word *x, struct word *y,
			 const struct judgement *j);

/* Is w a form of one of the n verbs of list (by the verb table or the dictionary)? */
int word_slip_form_of(struct lexicon *lx, struct word *w, const char *const *list, size_t n);
/* A number that tells the hour: una, dos... doce, media, cuarto, 8. */
int word_slip_hour(const struct word *w);
/*
 * The translation's word j left out, the answer's word i next (mark_before
 * [k]: a mark comes before the answer's k-th word): a word Spanish cannot
 * do without here?  jd is filled with the error.
 */
int word_slip_missing(struct slip_sentence *s, int i, int j, const int *mark_before,
		      struct judgement *jd);
/* The translation's words j and j + 1 the other way round: certainly
 * wrong?  jd is filled with the error. */
int word_slip_swap(struct slip_sentence *s, int j, struct judgement *jd);

#endif
