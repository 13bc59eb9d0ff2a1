/* classroom.h: the class the classroom replay grades: its answers, and which need the AI. */
#ifndef AIDIOMA_BENCH_CLASSROOM_H
#define AIDIOMA_BENCH_CLASSROOM_H

#include <stdint.h>
#include "aidioma/ai.h"
#include "aidioma/store.h"

#define STUDENTS 30
#define SENTENCES 50
#define COMMON 5 /* common mistakes made on each sentence */

/* How a class answers (see bench_classroom.c). */
struct model {
	const char *name;
	double acc_lo, acc_hi;   /* a student's chance of a right answer */
	double common;           /* a wrong answer is a common mistake */
	double no_accents, no_mark, lower_start, habit;
};

enum { FIRST, NEXT_CLASS, REVIEW, N_PHASES };

struct answer {
	int phase, sentence, student;
	int style[3];     /* no accents, no final mark, lower case start */
	char *text;
	char *norm;       /* as the pipeline sees it */
	int by_key;       /* the dry run: the answer key grades it */
	int by_slip;      /* the dry run: the answer key's word slips grade it */
	int needs_ai;     /* the dry run: the first time the surface form of an answer the
			     key cannot grade comes */
};

/* Answers seen so far, by sentence and text: what the cache holds. */
struct seen {
	char **v;
	int n, cap;
};

struct course {
	struct content item[SENTENCES];
	struct eval_request rq[SENTENCES];
	char *common[SENTENCES][COMMON];
	int n_common[SENTENCES];
};

/* Seed the answers' random numbers. */
void class_seed(uint64_t seed);
int seen_add(struct seen *s, int sentence, const char *text);
void seen_release(struct seen *s);
/* Five common mistakes of each sentence: one slip each, none the key accepts. */
void make_common(struct course *c, struct evaluator *key);
/* STUDENTS x SENTENCES answers of students first..first+STUDENTS-1, in
 * the order a class working together gives them. */
void make_answers(const struct course *c, const struct model *m, uint64_t seed, int phase,
		  int first, struct answer *out);
/* The reviews of the answers the key did not grade; returns how many. */
int make_reviews(const struct course *c, const struct answer *a, int n, struct answer *out);
/* Mark the answers the AI must grade (see classroom-model.c); returns how
 * many.  slip: the word slips' stage, or NULL to leave it out. */
int dry_run(const struct course *c, struct evaluator *key, struct evaluator *slip,
	    struct answer *a, int n, struct seen *seen, struct seen *exact_seen, int *exact);
void free_answers(struct answer *a, int n);

#endif
