/* tutor-glossary.c: the words a tutor may teach: the course's words the learner has not met. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "ai/tutor-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* ---- the glossary */
static int gloss_find(const struct tutor_glossary *gl, const char *key, int *at)
{
	int lo = 0, hi = gl->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(gl->g[mid].key, key);

		if (!c) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

void tutor_glossary_add(struct tutor_glossary *gl, const char *spanish, const char *english)
{
	char *key = tutor_fold(spanish);
	int at;

	if (!*key || gloss_find(gl, key, &at)) {
		free(key);
		return;
	}
	if (gl->n == gl->alloc) {
		gl->alloc = gl->alloc ? gl->alloc * 2 : 64;
		gl->g = xrealloc(gl->g, (size_t)gl->alloc * sizeof(*gl->g));
	}
	memmove(gl->g + at + 1, gl->g + at, (size_t)(gl->n - at) * sizeof(*gl->g));
	gl->g[at].key = key;
	gl->g[at].spanish = xstrdup(spanish);
	gl->g[at].english = xstrdup(english ? english : "");
	gl->n++;
}

void tutor_glossary_release(struct tutor_glossary *gl)
{
	int i;

	for (i = 0; i < gl->n; i++) {
		free(gl->g[i].key);
		free(gl->g[i].spanish);
		free(gl->g[i].english);
	}
	free(gl->g);
	memset(gl, 0, sizeof(*gl));
}

struct gl_load {
	const char *user_id;
	struct strset cards; /* content ids of the user's cards */
	struct strset met;   /* their words, folded */
	struct tutor_glossary cand;
};

static int is_function_pos(const char *pos)
{
	static const char *const fn[] = { "article", "pronoun", "preposition", "conjunction",
					  "determiner", NULL };

	return pos && tutor_in_list(pos, fn);
}

static int on_progress(const struct progress *p, void *ctx)
{
	struct gl_load *l = ctx;

	if (!strcmp(p->content_type, "flashcard"))
		strset_add(&l->cards, p->content_id);
	return 0;
}

static int on_card(const struct content *c, void *ctx)
{
	struct gl_load *l = ctx;
	cJSON *m;

	if (!c->primary_text || !*c->primary_text)
		return 0;
	if (strset_has(&l->cards, c->id)) {
		char *f = tutor_fold(c->primary_text);

		strset_add(&l->met, f);
		free(f);
		return 0;
	}
	if (!strcmp(c->topic, "own"))
		return 0; /* another learner's own card */
	m = cJSON_Parse(c->metadata ? c->metadata : "{}");
	if (!is_function_pos(tutor_jstr(m, "pos")))
		tutor_glossary_add(&l->cand, c->primary_text, c->secondary_text);
	cJSON_Delete(m);
	return 0;
}

static int on_text(const struct content *c, void *ctx)
{
	struct gl_load *l = ctx;
	cJSON *m = cJSON_Parse(c->metadata ? c->metadata : "{}"), *g;

	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(m, "glosses")) {
		const char *w = tutor_jstr(g, "word"), *en = tutor_jstr(g, "en");

		if (w && en && !is_function_pos(tutor_jstr(g, "pos")))
			tutor_glossary_add(&l->cand, w, en);
	}
	cJSON_Delete(m);
	return 0;
}

/* Lower case, accents kept: the key of the learner's word list. */
static char *lower_word(const char *s)
{
	size_t n = strlen(s), i = 0;
	struct sbuf sb = SBUF_INIT;
	char enc[4];
	uint32_t cp;
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		sbuf_add(&sb, enc, (size_t)utf8_encode(tutor_lower_cp(cp), enc));
		i += (size_t)k;
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

int tutor_glossary_load(struct store *st, const char *user_id, struct tutor_glossary *gl,
			struct err *e)
{
	struct gl_load l;
	char **words = NULL;
	int *status = NULL, i, n = 0, rc;

	memset(&l, 0, sizeof(l));
	l.user_id = user_id;
	if ((rc = store_progress_foreach(st, user_id, on_progress, &l, e)) ||
	    (rc = store_content_foreach(st, "flashcard", on_card, &l, e)) ||
	    (rc = store_content_foreach(st, "text", on_text, &l, e)))
		goto out;
	words = xcalloc((size_t)l.cand.n + 1, sizeof(*words));
	status = xcalloc((size_t)l.cand.n + 1, sizeof(*status));
	for (i = 0; i < l.cand.n; i++)
		words[n++] = lower_word(l.cand.g[i].spanish);
	if ((rc = store_words_status(st, user_id, (const char *const *)words, n, status, e)))
		goto out;
	for (i = 0; i < l.cand.n; i++)
		if (status[i] == WORD_NEW && !strset_has(&l.met, l.cand.g[i].key))
			tutor_glossary_add(gl, l.cand.g[i].spanish, l.cand.g[i].english);
out:
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
	free(status);
	strset_release(&l.cards);
	strset_release(&l.met);
	tutor_glossary_release(&l.cand);
	return rc;
}
