/* queue.h: today's flashcards: the due queue, the four answers, undo, leeches. */
#ifndef AIDIOMA_QUEUE_H
#define AIDIOMA_QUEUE_H

#include "aidioma/settings.h"
#include "aidioma/srs.h"
#include "aidioma/store.h"

#define LEECH_LAPSES 8

/* How the learner's cards are scheduled: from the settings and the
 * learner's own fitted weights ("fsrs_weights" in their preferences). */
struct scheduler {
	int sm2;          /* 1: SM-2, 0: FSRS */
	struct fsrs fsrs;
};
int scheduler_init(struct scheduler *s, const struct settings *set, const struct user *u,
		   struct err *e);

/* Today's work, in order: learning cards due now, then due reviews, then
 * new cards within the daily limits. */
struct queue {
	char (*ids)[65];
	int n, pos;
	int n_learning, n_review, n_new; /* what is left of each */
	ms_t built_at;
};
int queue_build(struct store *st, const struct user *u, const struct settings *set, ms_t now,
		struct queue *q, struct err *e);
void queue_release(struct queue *q);
/* Which of the counters the card at pos counts in: 0 new, 1 learning, 2 review. */
int queue_kind(const struct progress *p);

/* A card's scheduling state, from its progress row (a card never seen is new). */
void queue_card_fsrs(const struct progress *p, ms_t now, struct fsrs_card *c);
/* The interval each of the four answers would give, as "10m", "2d", "3.5mo". */
int queue_preview(const struct scheduler *s, const struct progress *p, ms_t now,
		  char labels[4][16], struct err *e);

/* What undoing the last answer needs. */
struct queue_undo {
	int valid;
	char activity_id[37];
	struct progress before; /* the row as it was (id empty: there was none) */
	int had_row;
};
void queue_undo_release(struct queue_undo *u);

/*
 * Answer a card (rating 1 Again .. 4 Easy) at now: the progress row
 * rescheduled and a memorize activity with the rating and the card's state
 * before and after, in one transaction.  A card reaching LEECH_LAPSES
 * lapses is tagged a leech.  u, if not NULL, is filled for queue_undo().
 */
int queue_answer(struct store *st, const struct scheduler *s, const struct user *u,
		 const char *content_id, int rating, ms_t now, long long duration_ms,
		 struct queue_undo *undo, struct err *e);
/* Take the last answer back: the activity removed and the row restored. */
int queue_undo(struct store *st, const struct user *u, struct queue_undo *undo, struct err *e);
/* Suspend (or resume) a card: it leaves the queue until resumed. */
int queue_suspend(struct store *st, const struct user *u, const char *content_id, int suspended,
		  struct err *e);

/* The typed-answer check: 2 exact, 1 right but for accents or case (hint
 * names the first word to fix), 0 wrong. */
int queue_check_typed(const char *typed, const char *expected, char *hint, size_t size);

#endif
