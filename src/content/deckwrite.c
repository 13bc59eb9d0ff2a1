/* deckwrite.c: imported cards, their progress rows and reviews, written one at a time or in batches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "content/deck-int.h"
#include "aidioma/util.h"
#include "banned.h"

static void deck_pending_clear(struct pending *w)
{
	int i;

	for (i = 0; i < w->n_cards; i++)
		content_release(&w->cards[i]);
	for (i = 0; i < w->n_progress; i++)
		progress_release(&w->progress[i]);
	for (i = 0; i < w->n_reviews; i++)
		cJSON_free(w->reviews[i].metadata);
	w->n_cards = w->n_progress = w->n_reviews = 0;
	if (w->ids)
		memset(w->ids, 0, PENDING_SLOTS * sizeof(*w->ids));
}

void deck_pending_release(struct pending *w)
{
	deck_pending_clear(w);
	free(w->cards);
	free(w->progress);
	free(w->reviews);
	free(w->ids);
}

/* Write what waits, in the import's transaction. */
int deck_pending_flush(struct store *st, struct pending *w, struct err *e)
{
	int i, rc;

	if (!w->n_cards && !w->n_progress && !w->n_reviews)
		return 0;
	rc = store_content_insert_many(st, w->cards, w->n_cards, e);
	for (i = 0; i < w->n_progress && !rc; i++)
		rc = store_progress_put(st, &w->progress[i], e);
	if (!rc)
		rc = store_activity_add_many(st, w->reviews, w->n_reviews, e);
	deck_pending_clear(w);
	return rc;
}

/* The slot of id in w->ids: where it is, or the free one where it would go. */
static const char **deck_pending_slot(struct pending *w, const char *id)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	const char *p;

	if (!w->ids)
		w->ids = xcalloc(PENDING_SLOTS, sizeof(*w->ids));
	for (p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	while (w->ids[h % PENDING_SLOTS] && strcmp(w->ids[h % PENDING_SLOTS], id))
		h++;
	return &w->ids[h % PENDING_SLOTS];
}

/* Whether a card or progress row of id waits: reading it would miss it. */
int deck_pending_has(struct pending *w, const char *id)
{
	return *deck_pending_slot(w, id) != NULL;
}

int deck_pending_full(const struct pending *w)
{
	return w->n_cards >= CARD_BATCH || w->n_progress >= CARD_BATCH ||
	       w->n_reviews >= REVIEW_BATCH;
}

/* Keep a new card to write later (its strings are copied). */
static void deck_pending_card(struct pending *w, const struct content *k)
{
	struct content *c;

	if (!w->cards)
		w->cards = xcalloc(CARD_BATCH, sizeof(*w->cards));
	c = &w->cards[w->n_cards++];
	*c = *k;
	c->primary_text = xstrdup(k->primary_text);
	c->secondary_text = xstrdup(k->secondary_text);
	c->metadata = xstrdup(k->metadata);
	*deck_pending_slot(w, c->id) = c->id;
}

/* Keep a progress row to write later; it takes p's strings. */
void deck_pending_progress(struct pending *w, struct progress *p)
{
	struct progress *q;

	if (!w->progress)
		w->progress = xcalloc(CARD_BATCH, sizeof(*w->progress));
	q = &w->progress[w->n_progress++];
	*q = *p;
	p->metadata = NULL;
	*deck_pending_slot(w, q->content_id) = q->content_id;
}

/* Keep a review to write later; it takes a's metadata (from cJSON). */
void deck_pending_review(struct pending *w, const struct activity *a)
{
	if (w->n_reviews == w->alloc_reviews) {
		w->alloc_reviews = w->alloc_reviews ? 2 * w->alloc_reviews : REVIEW_BATCH;
		w->reviews = xrealloc(w->reviews, (size_t)w->alloc_reviews * sizeof(*w->reviews));
	}
	w->reviews[w->n_reviews++] = *a;
}

/* Write one card, now or (a new one, when w is given) with the pending ones. */
int deck_content_write(struct store *st, struct pending *w, const struct deck_card *c,
		       struct deck_report *r, int *fresh, struct err *e)
{
	struct content k, old;
	/* only a card that came from aidioma has an id a pack may own */
	int own = strncmp(c->id, "anki-", 5) && strncmp(c->id, "csv-", 4);
	int rc = ERR_NOTFOUND, res;

	if (own || w)
		rc = store_content_get(st, c->id, &old, e);
	if (rc == 0) {
		int packed = own && old.pack_id[0] != '\0';

		content_release(&old);
		if (packed) { /* a card of the bundled course: its text stays the course's */
			r->cards_unchanged++;
			return 0;
		}
	} else if (rc != ERR_NOTFOUND) {
		return rc;
	}
	err_clear(e);
	memset(&k, 0, sizeof(k));
	xstrlcpy(k.id, c->id, sizeof(k.id));
	xstrlcpy(k.type, "flashcard", sizeof(k.type));
	xstrlcpy(k.difficulty, "beginner", sizeof(k.difficulty));
	xstrlcpy(k.topic, c->topic, sizeof(k.topic));
	k.primary_text = c->spanish;
	k.secondary_text = c->english;
	k.metadata = c->metadata;
	if (w && rc == ERR_NOTFOUND) {
		deck_pending_card(w, &k);
		res = UPSERT_NEW;
	} else if ((rc = store_content_upsert(st, &k, &res, e))) {
		return err_prefix(e, "card '%s'", c->id);
	}
	if (fresh)
		*fresh = res == UPSERT_NEW;
	if (res == UPSERT_NEW)
		r->cards_new++;
	else if (res == UPSERT_UPDATED)
		r->cards_updated++;
	else
		r->cards_unchanged++;
	return 0;
}

/* A new card's progress row, unless the learner has one: in file order, due
 * now; written now, or with the pending ones when w is given. */
int deck_new_row(struct store *st, struct pending *w, const struct user *u, const char *id,
		 ms_t now, long idx, long n, int suspended, struct err *e)
{
	struct progress p;
	int rc = store_progress_get(st, u->id, id, &p, e);

	if (rc == 0) {
		progress_release(&p);
		return 0;
	}
	if (rc != ERR_NOTFOUND)
		return rc;
	err_clear(e);
	progress_init(&p, u->id, id, "flashcard");
	p.next_review_at = now - (n - idx);
	p.suspended = suspended;
	if (!w)
		return store_progress_put(st, &p, e);
	deck_pending_progress(w, &p);
	return 0;
}

int deck_put_card(struct store *st, const struct user *u, const struct deck_card *c, ms_t now,
		  long idx, long n, struct deck_report *r, struct err *e)
{
	int rc = deck_content_write(st, NULL, c, r, NULL, e);

	return rc ? rc : deck_new_row(st, NULL, u, c->id, now, idx, n, 0, e);
}

void deck_add_tags(cJSON *arr, const char *s)
{
	while (s && *s) {
		const char *b;

		while (*s == ' ' || *s == '\t')
			s++;
		b = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (s > b) {
			char *t = xstrndup(b, (size_t)(s - b));

			cJSON_AddItemToArray(arr, cJSON_CreateString(t));
			free(t);
		}
	}
}
