/* ai.h: grading a learner's answer and the tutor: one result shape, several back ends. */
#ifndef AIDIOMA_AI_H
#define AIDIOMA_AI_H

#include <stddef.h>
#include "aidioma/err.h"
#include "aidioma/store.h"

#define ANSWER_MAX_CHARS 500 /* longer answers are cut to this many characters */

/* ---- cleaning and normalising (SPEC 4.1 step 1) */
/*
 * Clean text from a learner or a model: invalid UTF-8 replaced, control,
 * escape and bidi characters removed, at most max_chars characters kept.
 * Returns a new string the caller frees.
 */
char *text_clean(const char *s, size_t max_chars);
/*
 * Normalise a cleaned answer: NFC for the letters Spanish uses (a + U+0301
 * becomes á), whitespace collapsed and trimmed, curly quotes and guillemets
 * made straight.  Case, accents and ¿¡ are kept: they are graded.
 */
char *text_normalize(const char *s);
/* Lower case (ASCII and Latin-1 letters), accents kept. */
char *text_lower(const char *s);
/* Fold for comparison: lower case, accents removed (ñ stays ñ unless
 * fold_enye), punctuation dropped, spaces collapsed. */
char *text_fold(const char *s, int fold_enye);
/*
 * The surface form of a normalised answer: its words in lower case, without
 * punctuation, ¿¡, accents or ñ (written n), except the accent of a word
 * it makes another word (tú, él, está, qué, habló...).  Answers with one
 * surface form differ only in what C grades with certainty (SPEC 4.1: the
 * answer key, and the cache's reuse of an AI grade).  Caller frees.
 */
char *text_surface(const char *s);

/* ---- the one result shape, whatever graded the answer */
enum eval_source { SRC_ANSWER_KEY, SRC_CACHE, SRC_AI, SRC_OFFLINE };
enum verdict { VERDICT_CORRECT, VERDICT_CLOSE, VERDICT_WRONG };
/* One word of the diff; expected is NULL for extra words, text NULL for missing ones. */
enum diff_kind { DIFF_CORRECT, DIFF_CLOSE, DIFF_WRONG, DIFF_MISSING, DIFF_EXTRA };
enum error_cat {
	ECAT_ACCENT, ECAT_SPELLING, ECAT_INFLECTION, ECAT_WRONG_WORD, ECAT_MISSING_WORD,
	ECAT_EXTRA_WORD, ECAT_WORD_ORDER, ECAT_PUNCTUATION, ECAT_CAPITALISATION, ECAT__COUNT
};
enum severity { SEV_MINOR = 1, SEV_MEDIUM = 2, SEV_MAJOR = 3 };

struct diff_token {
	enum diff_kind kind;
	char *text;     /* the learner's word, NULL when missing */
	char *expected; /* the reference word, NULL when extra */
};

struct eval_error {
	enum error_cat cat;
	enum severity severity;
	char *learner_text; /* the learner's words this is about ("" when missing) */
	char *correction;   /* what it should be ("" when the word should go) */
	char *explanation;  /* one line, English */
};

struct eval_result {
	double score;           /* 0..100, after hint costs */
	char grade[3];          /* A+ .. F */
	enum verdict verdict;
	struct diff_token *diff;
	int n_diff;
	struct eval_error *errors;
	int n_errors;
	char *corrected;        /* the answer with the errors fixed */
	char **alternatives;    /* other accepted translations */
	int n_alternatives;
	enum eval_source source;
	int estimate;           /* 1: an offline estimate */
	char model[64];         /* "" unless an AI graded it */
	double cost;            /* USD spent on this grading */
	double cost_saved;      /* USD a cache hit saved */
	double latency_ms;
	int hints_used;
	double hint_cost;       /* points taken for hints */
	/* the answer as a vector (SPEC 4.2), set by the grader; never in the JSON */
	float *embedding;       /* NULL: none; owned, freed by eval_result_release() */
	int embedding_dim;
	char embedding_model[64];
};

void eval_result_init(struct eval_result *r);
void eval_result_release(struct eval_result *r);
/* Append to the result's lists (strings copied; NULL allowed where noted). */
void eval_result_add_diff(struct eval_result *r, enum diff_kind k, const char *text,
			  const char *expected);
void eval_result_add_error(struct eval_result *r, enum error_cat c, enum severity s,
			   const char *learner, const char *correction, const char *explanation);
/* Score, grade and verdict from a raw score before hints. */
void eval_result_finish(struct eval_result *r, double raw_score);

const char *eval_source_name(enum eval_source s);  /* answer_key, cache, ai, offline */
const char *verdict_name(enum verdict v);          /* correct, close, wrong */
const char *diff_kind_name(enum diff_kind k);      /* correct, close, wrong, missing, extra */
const char *error_cat_name(enum error_cat c);      /* accent, spelling, inflection, ... */
const char *severity_name(enum severity s);        /* minor, medium, major */
int error_cat_from_name(const char *name);         /* -1 when unknown */

/* The result as JSON (the fields of 'aidioma eval --json'); caller frees. */
char *eval_result_to_json(const struct eval_result *r);
/* Parse what eval_result_to_json wrote (the cache); ERR_USAGE on bad JSON. */
int eval_result_from_json(const char *json, struct eval_result *r, struct err *e);

/* ---- what is graded */
/* An answer to the same sentence graded before, shown to the AI as an example. */
struct eval_example {
	char *answer;      /* normalised */
	char *errors_json; /* its errors: [{"category", "severity", "learner_text", "correction"}] */
	char *corrected;
	double similarity; /* cosine with the answer being graded */
};

struct eval_request {
	const char *content_id;
	const char *english;     /* the sentence to translate */
	const char *reference;   /* the main Spanish translation */
	const char *const *accepted; /* other accepted translations */
	int n_accepted;
	const char *answer;      /* the learner's answer, as typed */
	const char *level;       /* beginner, intermediate, advanced */
	int hints_used;          /* 0..3: hints cost 5, 10 and 20 points */
	/* similar answers graded before (SPEC 4.2): the grader fills them for
	 * the AI stage only; the examples never grade this answer */
	const struct eval_example *examples;
	int n_examples;
};

/* Fill a request from a sentence of the store; strings point into c. */
int eval_request_from_content(struct eval_request *rq, const struct content *c,
			      const char *answer, struct err *e);
void eval_request_release(struct eval_request *rq);

/*
 * One evaluator interface, implemented by the answer key, the cache, the
 * HTTP client and the offline evaluator.  evaluate() returns 0 and fills r
 * when it graded the answer, ERR_NOTFOUND when it has no grade for it (the
 * pipeline asks the next one), or another error.
 */
struct evaluator {
	const char *name;
	int (*evaluate)(struct evaluator *ev, const struct eval_request *rq,
			const char *normalized, struct eval_result *r, struct err *e);
	void (*free)(struct evaluator *ev);
};

/* The answer key: an accepted translation, or one that differs from it only
 * in accents, capitals or punctuation (small deductions, each explained). */
struct evaluator *answer_key_new(void);
/*
 * The answer key's word slips: an accepted translation but for one word
 * (or two of one kind) that is surely a misspelling (not a word for
 * hunspell-es nor en_US, a few letters off), another form of the word
 * wanted (gender, number, person, tense) where the English allows only
 * one, or a confusion of a small table (ser/estar, por/para...) in the
 * same person and tense; or that lacks one article Spanish cannot do
 * without there.  Graded as the answer key grades (source answer_key),
 * the word errors scored by the AI's rubric; ERR_NOTFOUND for anything
 * else, and always without a Spanish dictionary.
 */
struct evaluator *word_slip_new(void);
/* The offline evaluator: chrF and a word alignment against every accepted
 * translation; always gives a result, marked as an estimate. */
struct evaluator *offline_evaluator_new(void);

/* Points a hint costs, by hint number 1..3 (SPEC 4.4); total for n hints. */
double hint_cost_total(int n);

/* ---- the cache key of SPEC 4.1 */
/* 2: the answer is keyed by its surface form (text_surface), not as normalised */
#define CACHE_KEY_VERSION "2"
struct cache_key_parts {
	const char *task;           /* "grade" */
	const char *rubric_version; /* the prompt and rubric the grade came from */
	const char *provider, *model, *sampling;
	const char *level, *content_id;
	const char *answer;         /* its surface form (text_surface) */
};
/* SHA-256 (hex) over a fixed-order, length-prefixed record of the parts. */
void cache_key(const struct cache_key_parts *p, char out[65]);

/* ---- the pipeline of SPEC 4.1: clean, answer key, cache, AI, offline */
struct grader; /* opaque */

struct grader_options {
	int offline_only;       /* never call the AI endpoint */
	struct evaluator *ai;   /* the AI evaluator, or NULL; the grader frees it */
	const char *provider, *model, *sampling, *rubric_version; /* for the cache key */
	long cache_ttl_days;    /* 0: AI results never expire */
};

struct grader *grader_new(struct store *st, const struct grader_options *o);
void grader_free(struct grader *g);
/*
 * Give every graded answer the endpoint's embedding (SPEC 4.2) instead of
 * the built-in one: embed() makes one vector of *dim floats for the text
 * (the caller frees *v); model names the vectors it makes (borrowed).
 * When it fails, the answer gets the built-in embedding.
 */
void grader_set_embed(struct grader *g,
		      int (*embed)(void *arg, const char *text, float **v, int *dim, struct err *e),
		      void *arg, const char *model);
/* Grade rq->answer; r is always filled when 0 is returned (the offline
 * evaluator grades what no one else does).  Free r with eval_result_release. */
int grader_grade(struct grader *g, const struct eval_request *rq, struct eval_result *r,
		 struct err *e);

#endif
