/* deck-int.h: writing imported cards, one at a time or many together (deckwrite.c). */
#ifndef AIDIOMA_CONTENT_DECK_INT_H
#define AIDIOMA_CONTENT_DECK_INT_H

#include <cjson/cJSON.h>

#include "aidioma/anki.h"
#include "aidioma/content.h"

#define CARD_BATCH 1024   /* new cards (and progress rows) written together */
#define REVIEW_BATCH 4096 /* reviews written together */
#define PENDING_SLOTS 4096 /* the hash of the ids that wait: 2 * CARD_BATCH, doubled */

/* What the import has still to write, in the order it is written: new
 * cards, progress rows, then reviews (which refer to both).  One statement
 * for many rows costs far less than one for each; all of it goes in the
 * import's one transaction.  The import reads a card only when nothing of
 * it waits (deck_pending_has), so it reads what one write at a time would leave. */
struct pending {
	struct content *cards;     /* CARD_BATCH of them */
	struct progress *progress; /* CARD_BATCH */
	struct activity *reviews;
	int n_cards, n_progress, n_reviews, alloc_reviews;
	const char **ids;          /* PENDING_SLOTS: the ids of both, hashed */
};

void deck_pending_release(struct pending *w);
/* Write what waits, in the import's transaction. */
int deck_pending_flush(struct store *st, struct pending *w, struct err *e);
/* Whether a card or progress row of id waits: reading it would miss it. */
int deck_pending_has(struct pending *w, const char *id);
int deck_pending_full(const struct pending *w);
/* Keep a progress row to write later; it takes p's strings. */
void deck_pending_progress(struct pending *w, struct progress *p);
/* Keep a review to write later; it takes a's metadata (from cJSON). */
void deck_pending_review(struct pending *w, const struct activity *a);
/* Write one card, now or (a new one, when w is given) with the pending ones. */
int deck_content_write(struct store *st, struct pending *w, const struct deck_card *c,
		       struct deck_report *r, int *fresh, struct err *e);
/* A new card's progress row, unless the learner has one: in file order, due
 * now; written now, or with the pending ones when w is given. */
int deck_new_row(struct store *st, struct pending *w, const struct user *u, const char *id,
		 ms_t now, long idx, long n, int suspended, struct err *e);
/* Append to the JSON array arr each tag of s (separated by spaces or tabs). */
void deck_add_tags(cJSON *arr, const char *s);

#endif
