/* reading.c: Reading texts: words and glosses, short answers, words per minute, recording. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/reading.h"
#include "aidioma/util.h"
#include "banned.h"

/* ---- words */

static int is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Letters of any script; punctuation and symbols are not. */
static int is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp < 0x100)
		return cp >= 0xc0 && cp != 0xd7 && cp != 0xf7;
	if (cp >= 0x2000 && cp <= 0x2bff) /* punctuation, symbols, arrows, dingbats */
		return 0;
	if (cp >= 0x3000 && cp <= 0x303f)
		return 0;
	return cp != 0xfeff && cp != 0xfffd;
}

static int is_joiner(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == '-';
}

static uint32_t at(const char *s, size_t n, size_t i, int *k)
{
	uint32_t cp;

	*k = utf8_decode(s + i, n - i, &cp);
	if (*k < 0) {
		*k = 1;
		return 0xfffd;
	}
	return cp;
}

void reading_lower(const char *s, size_t n, char *out, size_t size)
{
	size_t i = 0, o = 0;
	int k, chars = 0;
	char enc[4];
	uint32_t cp;

	if (!size)
		return;
	while (i < n && chars < READING_WORD_CHARS) {
		cp = at(s, n, i, &k);
		i += (size_t)k;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		else if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
			cp += 32;
		k = utf8_encode(cp, enc);
		if (o + (size_t)k >= size)
			break;
		memcpy(out + o, enc, (size_t)k);
		o += (size_t)k;
		chars++;
	}
	out[o] = '\0';
}

int reading_split(const char *s, struct reading_word **out)
{
	size_t n = strlen(s), i = 0;
	struct reading_word *w = NULL;
	int count = 0, alloc = 0, k;

	*out = NULL;
	while (i < n) {
		size_t start = i, end;
		int letters = 0;
		uint32_t cp = at(s, n, i, &k);

		if (!is_letter(cp) && !is_digit(cp)) {
			i += (size_t)k;
			continue;
		}
		for (;;) {
			cp = at(s, n, i, &k);
			if (is_letter(cp) || is_digit(cp)) {
				letters |= is_letter(cp);
				i += (size_t)k;
			} else if (is_joiner(cp) && i > start && i + (size_t)k < n) {
				int k2;
				uint32_t next = at(s, n, i + (size_t)k, &k2);

				/* only between two letters: "e-mail", not "10-12" or "—¿" */
				if (!is_letter(next) || !letters)
					break;
				i += (size_t)k;
			} else {
				break;
			}
			if (i >= n)
				break;
		}
		end = i;
		if (count == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			w = xrealloc(w, (size_t)alloc * sizeof(*w));
		}
		memset(&w[count], 0, sizeof(w[count]));
		w[count].off = start;
		w[count].len = end - start;
		w[count].number = !letters;
		w[count].status = WORD_NEW;
		w[count].gloss = w[count].phrase = -1;
		reading_lower(s + start, end - start, w[count].lower, sizeof(w[count].lower));
		count++;
	}
	*out = w;
	return count;
}

/* ---- parsing a text */

static char *dup_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return xstrdup(cJSON_IsString(v) ? v->valuestring : "");
}

static char **dup_strings(const cJSON *arr, int *n)
{
	const cJSON *x;
	char **out;
	int i = 0;

	*n = cJSON_GetArraySize(arr);
	if (*n <= 0) {
		*n = 0;
		return NULL;
	}
	out = xcalloc((size_t)*n, sizeof(*out));
	cJSON_ArrayForEach(x, arr)
		out[i++] = xstrdup(cJSON_IsString(x) ? x->valuestring : "");
	return out;
}

/* Link every word to the gloss of its form and to a phrase that covers it. */
static void link_glosses(struct reading_text *t, struct reading_word **gw)
{
	int g, s, i, j;

	for (s = 0; s < t->n_sentences; s++) {
		struct reading_sentence *se = &t->sentences[s];

		for (g = 0; g < t->n_glosses; g++) {
			int m = t->glosses[g].n_words;

			if (m < 1)
				continue;
			for (i = 0; i + m <= se->n_words; i++) {
				for (j = 0; j < m; j++)
					if (strcmp(se->words[i + j].lower, gw[g][j].lower))
						break;
				if (j < m)
					continue;
				for (j = 0; j < m; j++) {
					struct reading_word *w = &se->words[i + j];

					if (m == 1 && w->gloss < 0)
						w->gloss = g;
					else if (m > 1 && w->phrase < 0)
						w->phrase = g;
				}
			}
		}
	}
}

int reading_text_parse(const struct content *c, struct reading_text *t, struct err *e)
{
	cJSON *m = cJSON_Parse(c->metadata ? c->metadata : "");
	const cJSON *x, *arr;
	struct reading_word **gw = NULL;
	int i, rc = 0;

	memset(t, 0, sizeof(*t));
	xstrlcpy(t->id, c->id, sizeof(t->id));
	xstrlcpy(t->difficulty, c->difficulty, sizeof(t->difficulty));
	xstrlcpy(t->topic, c->topic, sizeof(t->topic));
	if (!cJSON_IsObject(m)) {
		rc = err_set(e, ERR_USAGE, "text '%s': its metadata is not a JSON object", c->id);
		goto out;
	}
	t->title = dup_str(m, "title");
	t->title_en = dup_str(m, "title_en");
	t->genre = dup_str(m, "genre");
	arr = cJSON_GetObjectItemCaseSensitive(m, "sentences");
	if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
		rc = err_set(e, ERR_USAGE, "text '%s' has no sentences", c->id);
		goto out;
	}
	t->sentences = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*t->sentences));
	cJSON_ArrayForEach(x, arr) {
		struct reading_sentence *se = &t->sentences[t->n_sentences];

		se->es = dup_str(x, "es");
		se->en = dup_str(x, "en");
		se->paragraph = !t->n_sentences ||
				cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "paragraph"));
		se->n_words = reading_split(se->es, &se->words);
		t->n_words += se->n_words;
		t->n_sentences++;
	}
	arr = cJSON_GetObjectItemCaseSensitive(m, "glosses");
	if (cJSON_GetArraySize(arr) > 0) {
		t->glosses = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*t->glosses));
		gw = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*gw));
	}
	cJSON_ArrayForEach(x, arr) {
		struct reading_gloss *g = &t->glosses[t->n_glosses];

		g->word = dup_str(x, "word");
		g->lemma = dup_str(x, "lemma");
		g->pos = dup_str(x, "pos");
		g->en = dup_str(x, "en");
		g->n_words = reading_split(g->word, &gw[t->n_glosses]);
		t->n_glosses++;
	}
	link_glosses(t, gw);
	arr = cJSON_GetObjectItemCaseSensitive(m, "questions");
	if (cJSON_GetArraySize(arr) > 0)
		t->questions = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*t->questions));
	cJSON_ArrayForEach(x, arr) {
		struct reading_question *q = &t->questions[t->n_questions];
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(x, "type");
		const cJSON *ans = cJSON_GetObjectItemCaseSensitive(x, "answer");

		q->choice = cJSON_IsString(type) && !strcmp(type->valuestring, "choice");
		q->question = dup_str(x, "question");
		q->question_en = dup_str(x, "question_en");
		q->options = dup_strings(cJSON_GetObjectItemCaseSensitive(x, "options"),
					 &q->n_options);
		q->accepted = dup_strings(cJSON_GetObjectItemCaseSensitive(x, "accepted"),
					  &q->n_accepted);
		q->answer = cJSON_IsNumber(ans) ? ans->valueint : 0;
		t->n_questions++;
		if (q->choice ? q->n_options < 2 || q->answer < 0 || q->answer >= q->n_options :
				!q->n_accepted) {
			rc = err_set(e, ERR_USAGE, "text '%s': question %d cannot be answered",
				     c->id, t->n_questions);
			goto out;
		}
	}
out:
	for (i = 0; gw && i < t->n_glosses; i++)
		free(gw[i]);
	free(gw);
	cJSON_Delete(m);
	return rc;
}

static void free_strings(char **s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

void reading_text_release(struct reading_text *t)
{
	int i;

	free(t->title);
	free(t->title_en);
	free(t->genre);
	for (i = 0; i < t->n_sentences; i++) {
		free(t->sentences[i].es);
		free(t->sentences[i].en);
		free(t->sentences[i].words);
	}
	free(t->sentences);
	for (i = 0; i < t->n_glosses; i++) {
		free(t->glosses[i].word);
		free(t->glosses[i].lemma);
		free(t->glosses[i].pos);
		free(t->glosses[i].en);
	}
	free(t->glosses);
	for (i = 0; i < t->n_questions; i++) {
		free(t->questions[i].question);
		free(t->questions[i].question_en);
		free_strings(t->questions[i].options, t->questions[i].n_options);
		free_strings(t->questions[i].accepted, t->questions[i].n_accepted);
	}
	free(t->questions);
	memset(t, 0, sizeof(*t));
}

/* ---- statuses */

int reading_text_statuses(struct store *st, const char *user_id, struct reading_text *t,
			  struct err *e)
{
	const char **forms;
	int *status, n, i, s, w, rc;

	n = reading_text_forms(t, -1, &forms);
	if (!n)
		return 0;
	status = xcalloc((size_t)n, sizeof(*status));
	rc = store_words_status(st, user_id, forms, n, status, e);
	for (i = 0; !rc && i < n; i++)
		for (s = 0; s < t->n_sentences; s++)
			for (w = 0; w < t->sentences[s].n_words; w++)
				if (!strcmp(t->sentences[s].words[w].lower, forms[i]))
					t->sentences[s].words[w].status = status[i];
	free(status);
	free(forms);
	return rc;
}

void reading_text_set_status(struct reading_text *t, const char *lower, int status)
{
	int s, w;

	for (s = 0; s < t->n_sentences; s++)
		for (w = 0; w < t->sentences[s].n_words; w++)
			if (!strcmp(t->sentences[s].words[w].lower, lower))
				t->sentences[s].words[w].status = status;
}

/* status -1: every form.  Quadratic, but a text has a few hundred words. */
int reading_text_forms(const struct reading_text *t, int status, const char ***out)
{
	const char **forms = NULL;
	int n = 0, s, w, i;

	if (t->n_words)
		forms = xcalloc((size_t)t->n_words, sizeof(*forms));
	for (s = 0; s < t->n_sentences; s++)
		for (w = 0; w < t->sentences[s].n_words; w++) {
			const struct reading_word *rw = &t->sentences[s].words[w];

			if (rw->number || (status >= 0 && rw->status != status) || !rw->lower[0])
				continue;
			for (i = 0; i < n; i++)
				if (!strcmp(forms[i], rw->lower))
					break;
			if (i == n)
				forms[n++] = rw->lower;
		}
	*out = forms;
	return n;
}

int reading_words_set(struct store *st, const char *user_id, const char *const *words, int n,
		      int status, struct err *e)
{
	int i, rc;

	if ((rc = store_begin(st, e)))
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = store_word_set(st, user_id, words[i], status, e))) {
			store_rollback(st);
			return rc;
		}
	return store_commit(st, e);
}

/* ---- answers and figures */

static char *fold_answer(const char *s)
{
	char *clean = text_clean(s, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
	char *folded = text_fold(norm, 0);

	free(clean);
	free(norm);
	return folded;
}

/* Does hay hold needle as whole words (both folded: words split by one space)? */
static int has_words(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = hay;

	while ((p = strstr(p, needle))) {
		if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p++;
	}
	return 0;
}

int reading_short_correct(const char *answer, const char *const *accepted, int n)
{
	char *a = fold_answer(answer);
	int i, ok = 0;

	for (i = 0; i < n && !ok && *a; i++) {
		char *f = fold_answer(accepted[i]);

		ok = *f && (!strcmp(a, f) || has_words(a, f));
		free(f);
	}
	free(a);
	return ok;
}

double reading_wpm(long words, long long ms)
{
	if (ms <= 0 || words <= 0)
		return 0;
	return (double)words * 60000.0 / (double)ms;
}

double reading_score(int correct, int questions)
{
	if (questions <= 0)
		return NAN;
	return 100.0 * correct / questions;
}

int reading_record(struct store *st, const struct user *u, const char *content_id,
		   const struct reading_result *r, struct err *e)
{
	cJSON *m = cJSON_CreateObject();
	struct activity a;
	char *meta;
	int rc;

	cJSON_AddNumberToObject(m, "words", (double)r->words);
	cJSON_AddNumberToObject(m, "wpm", round(reading_wpm(r->words, r->duration_ms) * 10) / 10);
	cJSON_AddNumberToObject(m, "questions", r->questions);
	cJSON_AddNumberToObject(m, "correct", r->correct);
	meta = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	if (!meta)
		die_bug("out of memory");
	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, u->id, sizeof(a.user_id));
	xstrlcpy(a.type, "reading", sizeof(a.type));
	xstrlcpy(a.content_id, content_id, sizeof(a.content_id));
	a.score = reading_score(r->correct, r->questions);
	a.duration_ms = r->duration_ms > 0 ? r->duration_ms : 0;
	a.metadata = meta;
	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = store_activity_add(st, &a, e)))
		goto fail;
	if ((rc = store_progress_attempt(st, u->id, content_id, "text", a.score, a.created_at, e)))
		goto fail;
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	cJSON_free(meta);
	return rc;
}
