/* reading.h: Reading: a text's words, glosses and questions, grading answers, recording a reading. */
#ifndef AIDIOMA_READING_H
#define AIDIOMA_READING_H

#include <stddef.h>
#include "aidioma/err.h"
#include "aidioma/store.h"

#define READING_WORD_CHARS 64  /* the longest word form kept (user_words.word) */
#define READING_WORD_BYTES 128

/* One word of a Spanish sentence. */
struct reading_word {
	size_t off, len;   /* its bytes in the string it was split from */
	int number;        /* digits only: it has no status and no gloss */
	int status;        /* WORD_NEW, WORD_LEARNING or WORD_KNOWN */
	int gloss;         /* the gloss of this word form, -1: none */
	int phrase;        /* a gloss of several words that covers this one, -1: none */
	char lower[READING_WORD_BYTES]; /* lower case, accents kept: the key of its status */
};

/*
 * Split s into words: runs of letters and digits, keeping an apostrophe or
 * a hyphen between two letters ("e-mail").  Punctuation (¿ ¡ « » — and the
 * rest) and spaces are not words.  Returns the number of words and sets
 * *out to an array the caller frees (NULL when there are none).  Each
 * word's status is WORD_NEW and its glosses -1.
 */
int reading_split(const char *s, struct reading_word **out);
/* The lower-case form of s[0..n) in out (size bytes): Latin capitals
 * lowered, accents and ñ kept, cut to READING_WORD_CHARS characters. */
void reading_lower(const char *s, size_t n, char *out, size_t size);

struct reading_gloss {
	char *word, *lemma, *pos, *en; /* word as it appears in the text */
	int n_words;                   /* more than 1: a phrase */
};

struct reading_question {
	int choice;            /* 1: multiple choice, 0: short answer */
	char *question, *question_en;
	char **options;        /* choice */
	int n_options, answer; /* answer: 0-based index of the right option */
	char **accepted;       /* short answer */
	int n_accepted;
};

struct reading_sentence {
	char *es, *en;
	int paragraph;         /* 1: it opens a paragraph (the first sentence too) */
	struct reading_word *words;
	int n_words;
};

/* A text of the store, parsed from its metadata (README of the packs). */
struct reading_text {
	char id[65], difficulty[16], topic[64];
	char *title, *title_en, *genre;
	struct reading_sentence *sentences;
	int n_sentences;
	struct reading_gloss *glosses;
	int n_glosses;
	struct reading_question *questions;
	int n_questions;
	long n_words;          /* every word, numbers too: what words per minute count */
};

/*
 * Parse the text item c into t: sentences split into words, each word
 * linked to the gloss of its form and to a phrase gloss that covers it.
 * Statuses start as WORD_NEW.  ERR_USAGE when c is not a readable text.
 * Free with reading_text_release() (also after failure).
 */
int reading_text_parse(const struct content *c, struct reading_text *t, struct err *e);
void reading_text_release(struct reading_text *t);
/* Fill every word's status from the learner's words in the store. */
int reading_text_statuses(struct store *st, const char *user_id, struct reading_text *t,
			  struct err *e);
/* Set the status of every occurrence of the form lower in t (not the store). */
void reading_text_set_status(struct reading_text *t, const char *lower, int status);
/* The distinct forms of the words of t at status, in text order.  *out is
 * an array the caller frees with free(); its strings point into t. */
int reading_text_forms(const struct reading_text *t, int status, const char ***out);

/* Set the status of n word forms in the store, in one transaction. */
int reading_words_set(struct store *st, const char *user_id, const char *const *words, int n,
		      int status, struct err *e);

/*
 * A short answer is right when, cleaned, normalised and text_fold()ed, it
 * equals one of the n accepted answers folded the same way, or contains one
 * of them as whole words ("duerme en la ventana" for "en la ventana").
 */
int reading_short_correct(const char *answer, const char *const *accepted, int n);
/* Words per minute; 0 when no time passed. */
double reading_wpm(long words, long long ms);
/* Comprehension in percent; NAN when there were no questions. */
double reading_score(int correct, int questions);

struct reading_result {
	long words;
	long long duration_ms; /* from opening the text to the questions */
	int questions, correct;
};

/*
 * Record a finished reading in one transaction: a reading activity (score
 * the comprehension percent, duration the reading time, metadata words,
 * wpm, questions and correct) and the text's progress row (attempts, best
 * and last score).
 */
int reading_record(struct store *st, const struct user *u, const char *content_id,
		   const struct reading_result *r, struct err *e);

#endif
