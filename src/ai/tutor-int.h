/* tutor-int.h: what the tutor's files share: folding, string sets, matching, letters. */
#ifndef AIDIOMA_TUTOR_INT_H
#define AIDIOMA_TUTOR_INT_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "aidioma/ai.h"
#include "aidioma/tutor.h"

/* Fold for matching: lower case, accents off, ñ to n, punctuation to
 * spaces.  Caller frees. */
char *tutor_fold(const char *s);

/* A sorted set of strings (copied). */
struct strset {
	char **v;
	int n, alloc;
};
int strset_has(const struct strset *s, const char *w);
void strset_add(struct strset *s, const char *w);
/* Add every word of a folded text. */
void strset_add_words(struct strset *s, const char *folded);
void strset_release(struct strset *s);

/* ---- tutor.c: what a back end may ask of the conversation */
const char *tutor_level(const struct tutor *t);
/* 1 when the screen asked to stop waiting for this turn. */
int tutor_is_cancelled(const struct tutor *t);
/* 1 when the folded word was met or offered in this conversation. */
int tutor_word_seen(const struct tutor *t, const char *folded);

/* ---- tutor-scenario.c */
/* Byte offset of the folded phrase in the folded text as whole words, or -1. */
long tutor_phrase_at(const char *text, const char *phrase);
/* 1 when a branch's keywords or pattern match the folded turn. */
int tutor_branch_matches(const struct tutor_branch *b, const char *folded);
/* The non-empty string o[k], or NULL. */
const char *tutor_jstr(const cJSON *o, const char *k);

/* ---- tutor-check.c */
/* Lower case of a Latin-1 letter (others unchanged). */
uint32_t tutor_lower_cp(uint32_t cp);
/* 1 when w is one of the NULL-ended list. */
int tutor_in_list(const char *w, const char *const *list);

#endif
