/* embed.h: the semantic layer (SPEC 4.2): answers as vectors, similar past answers. */
#ifndef AIDIOMA_EMBED_H
#define AIDIOMA_EMBED_H

#include "aidioma/ai.h"
#include "aidioma/store.h"

/* ---- the built-in embedding: no network, the same vector on every machine */
#define EMBED_DIM 256
#define EMBED_MODEL "builtin-ngram-256-v1" /* stored with each vector it made */
#define EMBED_NGRAM_MIN 2
#define EMBED_NGRAM_MAX 4

/*
 * The built-in embedding of an answer: the text in lower case (accents
 * kept, since they are graded), every run of characters that are not
 * letters or digits made one space, a space added at each end; each
 * sequence of 2 to 4 characters of that is hashed to one of EMBED_DIM
 * dimensions with a sign (feature hashing), and the sum is L2-normalised.
 * All zeros when the text has no letter or digit.
 */
void embed_builtin(const char *text, float out[EMBED_DIM]);
/* Scale v to length 1; -1 (v unchanged) when it is all zeros. */
int embed_normalize(float *v, int dim);
/* The dot product; the cosine of two L2-normalised vectors. */
float embed_dot(const float *a, const float *b, int dim);

/* ---- top-k search over normalised vectors */
#define SIMILAR_THRESHOLD 0.85 /* the default of SPEC 4.2 */
#define SIMILAR_TOP_K 5
#define SIMILAR_K_MAX 64

struct embed_hit {
	int index;   /* row of the vectors searched */
	float score; /* cosine */
};
/*
 * The at most k (1..SIMILAR_K_MAX) rows of vectors (n rows of dim floats,
 * one after the other) whose cosine with q is at least threshold, best
 * first (ties: the lower row first).  Returns how many were found.
 */
int embed_top_k(const float *q, const float *vectors, long n, int dim, float threshold, int k,
		struct embed_hit *out);

/* ---- a graded answer's main error */
/* The index of the error that matters most (the most severe, the first of
 * those), or -1 when there is none. */
int eval_result_main_error(const struct eval_result *r);

/* ---- "you made a similar mistake before" */
struct similar_answer {
	char activity_id[37];
	char *answer;      /* the earlier answer, as the learner typed it */
	double score;      /* what it scored */
	double similarity; /* cosine with this answer */
	char *main_error;  /* "accent: más takes an accent (mas -> más)", "" when unknown */
	ms_t at;
};

struct similar_list {
	struct similar_answer *v;
	int n;
};
void similar_list_release(struct similar_list *l);

/*
 * The learner's earlier answers to the same sentence that had errors and
 * whose vectors (of the same embedding model) are at least threshold
 * close to r's, best first, at most k.  Nothing when r has no errors or
 * no embedding: a right answer is no mistake.  It only finds: it never
 * grades.  Free out with similar_list_release().
 */
int similar_mistakes(struct store *st, const char *user_id, const char *content_id,
		     const struct eval_result *r, double threshold, int k, struct similar_list *out,
		     struct err *e);

/*
 * Answers to the same sentence that the AI graded before (the cache),
 * closest to the vector first, at least threshold close, at most k: the
 * examples the grading prompt shows.  Free with eval_examples_release().
 */
int similar_examples(struct store *st, const char *content_id, const char *model,
		     const float *v, int dim, double threshold, int k,
		     struct eval_example **out, int *n, struct err *e);
void eval_examples_release(struct eval_example *v, int n);

#endif
