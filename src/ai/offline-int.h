/* offline-int.h: what the files of the offline evaluator share. */
#ifndef AIDIOMA_OFFLINE_INT_H
#define AIDIOMA_OFFLINE_INT_H

#include <stdint.h>

#include "ai/ai-int.h"

/* ---- chrf.c: character n-gram F-score (Popović 2015) */
#define CHRF_ORDER 6
#define CHRF_BETA 2.0
/*
 * chrF of hyp against ref, 0..100: n-grams of 1..6 characters (code
 * points, spaces left out), recall weighted beta = 2 times precision, the
 * F-scores of the orders averaged.  Two empty strings score 100.
 */
double chrf(const char *hyp, const char *ref);

/* ---- verbs.c: Spanish verb forms */
enum verb_tense {
	VT_PRESENT, VT_PRETERITE, VT_IMPERFECT, VT_FUTURE, VT_CONDITIONAL, VT_SUBJUNCTIVE,
	VT_PAST_SUBJUNCTIVE, VT_IMPERATIVE, VT_INFINITIVE, VT_GERUND, VT_PARTICIPLE
};

struct verb_form {
	const char *lemma; /* the infinitive for a verb of the table, NULL when guessed */
	char stem[48];     /* the form without its ending, for guessed forms */
	int cls;           /* 1 -ar, 2 -er, 4 -ir: the conjugations the ending fits */
	int tense;         /* enum verb_tense */
	int person;        /* 0..5 for yo..ellos, -1 for the infinitive and the like */
};

/* The irregular verbs every learner meets, expanded once into a sorted index. */
struct verb_index;
struct verb_index *verb_index_new(void);
void verb_index_free(struct verb_index *vi);
/* The infinitive when lower is a form of a verb of the table, else NULL. */
const char *verb_lemma(const struct verb_index *vi, const char *lower);
/* The readings of lower as a verb form, the table's first (at most max). */
int verb_analyse(const struct verb_index *vi, const char *lower, struct verb_form *out, int max);
/*
 * How the learner's form x differs from the reference's form y of the same
 * verb: what gets "conjugation", "verb tense", "verb mood" or "verb form",
 * detail a short phrase ("the yo form, not the él/ella/usted form").
 * related: the caller knows they share a stem.  -1 when they are not two
 * forms of one verb.
 */
int verb_compare(const struct verb_index *vi, const char *x, const char *y, int related,
		 char *what, size_t wsize, char *detail, size_t dsize);

/* ---- lexicon.c: what the evaluator knows about Spanish words */
enum word_kind {
	WK_NONE, WK_ARTICLE, WK_INDEFINITE, WK_DETERMINER, WK_SUBJECT, WK_OBJECT, WK_PREPOSITION,
	WK_CONJUNCTION, WK_OTHER_FUNCTION
};

struct word_class {
	const char *word;
	const char *family; /* words of one family differ in gender and number only */
	enum word_kind kind;
	char gender;        /* 'm', 'f', 'n' (neuter) or 0 */
	char number;        /* 's', 'p' or 0 */
};

/* A word of an answer or of a reference, with what is learnt about it on demand. */
struct word {
	const char *text;   /* as written (points into the tokens) */
	const char *folded; /* lower case, accents off, ñ kept */
	char *lower;        /* lower case, accents kept */
	char *bare;         /* lower case, no accents, ñ as n */
	char *stem;         /* Snowball stem of lower */
	int initial;        /* it opens a sentence */
	int known;          /* in the dictionary: -2 not asked, -1 no dictionary, 0 no, 1 yes */
	char **roots;       /* dictionary roots (tener for tengo) */
	int n_roots;
	int roots_asked;
	const char *verbs[4]; /* infinitives of the verb table it is a form of */
	int n_verbs;          /* -1 until asked */
	uint64_t confused[2]; /* the confusions (lexicon.c) it takes part in, as a and as b */
	int confused_asked;
	const struct word_class *cls; /* NULL for content words */
};

struct words {
	struct word *w;
	int n;
};

struct lexicon;
/* An empty lexicon: the dictionary and the stemmer load on first use. */
struct lexicon *lexicon_new(void);
void lexicon_free(struct lexicon *lx);
const struct verb_index *lexicon_verbs(struct lexicon *lx);

/* The words of tk, in order (punctuation only tells where sentences start). */
void words_from_tokens(struct lexicon *lx, const struct tokens *tk, struct words *out);
void words_release(struct words *ws);

/* 1 when w is a Spanish word, 0 when not, -1 when there is no dictionary. */
int lexicon_known(struct lexicon *lx, struct word *w);
/* 1 when the Spanish dictionary (hunspell-es) can be used. */
int lexicon_has_dictionary(struct lexicon *lx);
/* 1 when w is an English word (hunspell en_US), 0 when not, -1 when
 * there is no English dictionary. */
int lexicon_english(struct lexicon *lx, const struct word *w);
/* Make lx see no dictionary, as a build without hunspell does (tests). */
void lexicon_without_dictionaries(struct lexicon *lx);
/* The dictionary's roots of w (tener for tengo), in w->roots; how many. */
int lexicon_roots(struct lexicon *lx, struct word *w);
/* The infinitives a and b are both forms of (the verb table's, or the
 * dictionary's roots), at most max in out (borrowed); how many. */
int lexicon_shared_verbs(struct lexicon *lx, struct word *a, struct word *b, const char **out,
			 int max);
/* 1 when every reading of w is a verb form, the infinitive included
 * (cenar, tengo; not casa, which is also casar's). */
int lexicon_only_verb(struct lexicon *lx, struct word *w);
/* 1 when a and b share a dictionary root or a verb of the table. */
int lexicon_related(struct lexicon *lx, struct word *a, struct word *b);
/* 1 when every reading the dictionary gives of w is a verb form. */
int lexicon_verb_only(struct lexicon *lx, struct word *w);
/* 1 when w can be read as a verb form (ayuda: of ayudar). */
int lexicon_verb_reading(struct lexicon *lx, struct word *w);
/* 1 when a and b are the full and the shortened adjective (bueno, buen). */
int lexicon_apocope(const struct word *a, const struct word *b);
/* When learners mix up a and b (ser/estar, por/para...), why; else NULL. */
const char *lexicon_confusion(struct lexicon *lx, struct word *a, struct word *b);
/* The same, and the two words of the table (*wa the one a is a form of). */
const char *lexicon_confusion_pair(struct lexicon *lx, struct word *a, struct word *b,
				   const char **wa, const char **wb);

const struct word_class *word_class_of(const char *lower);
/* Articles, pronouns, prepositions, conjunctions and their like. */
int word_is_function(const struct word *w);
int word_is_subject_pronoun(const struct word *w);
/* Articles and determiners: el, un, este, mi, mucho, todo... */
int word_is_determiner(const struct word *w);
/* Nouns for people (amigo, hermana, profesor...), by stem. */
int word_is_person(const struct word *w);
/* Damerau (optimal string alignment) distance in code points; long words
 * are compared up to their first 64 characters. */
int edit_distance(const char *a, const char *b);

/* ---- wordpair.c: judging a learner's word against a reference word */
enum pair_kind { PAIR_SAME, PAIR_CASE, PAIR_ACCENT, PAIR_INFLECTION, PAIR_SPELLING,
		 PAIR_CONFUSED, PAIR_DIFFERENT };

#define PAIR_COST_DIFFERENT 1.6 /* below extra + missing (2): a wrong word stays in its place */
#define PAIR_COST_CLOSE 0.6     /* at most this much: the same word, changed */

struct judgement {
	enum pair_kind kind;
	double cost;          /* for the alignment */
	enum diff_kind diff;
	int error;            /* 1: an error to report */
	enum error_cat cat;
	enum severity sev;
	int explain;          /* write what and expl */
	char what[48];        /* "gender agreement", "ser or estar"... */
	char expl[384];       /* one line, English (only when asked for) */
};

/* Judge learner word x (between prev and next, either may be NULL) against
 * reference word y; the explanation is only written when explain is set. */
void wordpair_judge(struct lexicon *lx, struct word *x, struct word *y, const struct word *prev,
		    const struct word *next, int explain, struct judgement *j);
/* Does bare end as a participle does (-ado, -ida, -idos...)? */
int word_participle_ending(const char *bare);

/* Reference word j of r left out: how much it costs and why, in one line
 * (personal a, a before an infinitive, articles, pronouns, no...). */
enum severity missing_word_explain(struct lexicon *lx, const struct words *r, int j, char *expl,
				   size_t size);

/* ---- align.c: aligning the learner's words with a reference's */
enum align_op {
	AL_PAIR,       /* learner word a stands for reference word b */
	AL_EXTRA,      /* learner word a has no reference word */
	AL_MISSING,    /* reference word b has no learner word */
	AL_JOINED,     /* learner words a and a + 1 stand for reference word b ("a el" for "al") */
	AL_SPLIT,      /* learner word a stands for reference words b and b + 1 */
	AL_MOVED,      /* learner word a is reference word b, which belongs elsewhere */
	AL_MOVED_FROM  /* where reference word b belongs (its learner word is moved) */
};

struct align_step {
	enum align_op op;
	int a, b;
	int crossed; /* AL_MOVED: how many aligned words it jumped */
};

struct alignment {
	struct align_step *step;
	int n;
	double cost;
};

void align_words(struct lexicon *lx, struct words *a, struct words *r, struct alignment *al);
void alignment_release(struct alignment *al);

/* ---- the stages that share a lexicon */
/* The offline evaluator's lexicon (borrowed). */
struct lexicon *offline_lexicon(struct evaluator *offline);
/* The answer key's word slips (wordslip.c) with lx, borrowed; NULL: its own. */
struct evaluator *word_slip_stage_new(struct lexicon *lx);

#endif
