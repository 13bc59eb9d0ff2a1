/* practice.h: which sentence comes next in Practice, and recording an answer. */
#ifndef AIDIOMA_PRACTICE_H
#define AIDIOMA_PRACTICE_H

#include "aidioma/ai.h"
#include "aidioma/store.h"

struct practice_filter {
	const char *difficulty; /* NULL: the learner's level */
	const char *topic;      /* NULL: any */
	const char *grammar;    /* a grammar tag, NULL: any */
};

/*
 * The next sentence for the user: one due for review first, then a new one
 * matching the filter (in an order that varies by learner and day), then
 * the one seen longest ago.  ERR_NOTFOUND when the filter matches nothing.
 */
int practice_next(struct store *st, const char *user_id, const struct practice_filter *f,
		  ms_t now, char out[65], struct err *e);

/* The rating (1 Again .. 4 Easy) a graded answer earns for scheduling. */
int practice_rating(const struct eval_result *r);

/*
 * Record a graded answer in one transaction: the practice activity (answer,
 * hints, verdict, source, error categories and the main error in its
 * metadata), the answer's vector when r has one, and the sentence's
 * progress row, rescheduled.
 */
int practice_record(struct store *st, const struct user *u, const struct content *c,
		    const struct eval_request *rq, const struct eval_result *r,
		    long long duration_ms, struct err *e);

/*
 * Add a card of the learner's own to Flashcards (a word from Reading, a
 * sentence bookmarked in Practice, a word from Conversation): a flashcard
 * item whose id comes from its text, so adding it twice changes nothing,
 * and a new card in the learner's queue.  origin says where it came from.
 */
int card_add(struct store *st, const char *user_id, const char *spanish, const char *english,
	     const char *origin, char out_id[65], struct err *e);

/* ---- the placement quiz of the first run */
#define PLACEMENT_ITEMS 6
struct placement_item {
	const char *level;      /* the level it tells apart */
	const char *prompt;     /* Spanish with a gap */
	const char *english;    /* what it means */
	const char *options[3];
	int answer;             /* index into options */
	const char *why;        /* one line shown after answering */
};
extern const struct placement_item placement_items[PLACEMENT_ITEMS];
/* The level suggested by which items were right (bit i for item i). */
const char *placement_level(unsigned right);

#endif
