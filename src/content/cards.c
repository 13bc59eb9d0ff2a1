/* cards.c: the learner's own flashcards, added from Practice, Reading and Conversation. */
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/practice.h"
#include "aidioma/util.h"
#include "banned.h"

int card_add(struct store *st, const char *user_id, const char *spanish, const char *english,
	     const char *origin, char out_id[65], struct err *e)
{
	struct sbuf sb = SBUF_INIT;
	struct content c;
	struct progress p;
	char hash[65], *meta;
	cJSON *m;
	int rc, res;

	if (!*spanish)
		return err_set(e, ERR_USAGE, "a card needs its Spanish side");
	sbuf_adds(&sb, spanish);
	sbuf_add(&sb, "", 1);
	sbuf_adds(&sb, english ? english : "");
	sha256_hex(sb.buf, sb.len, hash);
	sbuf_release(&sb);
	memset(&c, 0, sizeof(c));
	xsnprintf(c.id, sizeof(c.id), "own-%.16s", hash);
	xstrlcpy(c.type, "flashcard", sizeof(c.type));
	xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
	xstrlcpy(c.topic, "own", sizeof(c.topic));
	c.primary_text = (char *)spanish;
	c.secondary_text = (char *)(english ? english : "");
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "origin", origin ? origin : "");
	meta = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	c.metadata = meta;
	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = store_content_upsert(st, &c, &res, e)))
		goto fail;
	rc = store_progress_get(st, user_id, c.id, &p, NULL);
	if (rc == 0) {
		progress_release(&p); /* already in the learner's cards */
	} else {
		progress_init(&p, user_id, c.id, "flashcard");
		p.next_review_at = clock_now_ms(); /* a new card, in today's queue */
		if ((rc = store_progress_put(st, &p, e)))
			goto fail;
	}
	xstrlcpy(out_id, c.id, 65);
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	cJSON_free(meta);
	return rc;
}
