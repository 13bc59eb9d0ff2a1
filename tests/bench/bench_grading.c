/* bench_grading.c: latency, the word slips' precision, the offline evaluator on learner corrections. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/content.h"
#include "aidioma/util.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define PAIRS TOP_SRCDIR "/../shared/data/learner-corrections/pairs.jsonl"
#define CALIBRATION TOP_SRCDIR "/tests/fixtures/grading/calibration.jsonl"
#define GOAL_SLIP_AGREEMENT 0.95
#define PAIRS_MAX_BYTES (16u << 20)
#define GOAL_ANSWER_KEY_MS 0.5
#define GOAL_OFFLINE_MS 5.0
#define MAX_WORDS 128

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Wall-clock and CPU time: on a busy machine the first also counts the
 * time other processes held the processor. */
static void report(const char *what, double *wall, double *cpu, int n, double goal_ms)
{
	qsort(wall, (size_t)n, sizeof(*wall), cmp_d);
	qsort(cpu, (size_t)n, sizeof(*cpu), cmp_d);
	printf("%s, %d answers (goal: p95 under %.1f ms)\n", what, n, goal_ms);
	printf("  wall clock: median %.3f ms, p95 %.3f ms, max %.3f ms  %s\n", wall[n / 2],
	       wall[n * 95 / 100], wall[n - 1], wall[n * 95 / 100] < goal_ms ? "met" : "MISSED");
	printf("  CPU time:   median %.3f ms, p95 %.3f ms, max %.3f ms  %s\n", cpu[n / 2],
	       cpu[n * 95 / 100], cpu[n - 1], cpu[n * 95 / 100] < goal_ms ? "met" : "MISSED");
}

/* ---- answers a learner might type, made from the course (deterministic) */

static uint64_t rng = 88172645463325252ULL;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

struct list {
	char **s;
	int n, alloc;
};

static void list_add(struct list *l, char *s)
{
	if (l->n == l->alloc)
		l->s = xrealloc(l->s, (size_t)(l->alloc = l->alloc * 2 + 64) * sizeof(char *));
	l->s[l->n++] = s;
}

static void list_free(struct list *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
}

/* The words of s (split at spaces) into w; returns how many. */
static int split_words(char *s, char **w, int max)
{
	int n = 0;
	char *p = s;

	while (*p && n < max) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return n;
}

static char *join(char **w, int n, int skip, int swap)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	for (i = 0; i < n; i++) {
		int k = i;

		if (i == skip)
			continue;
		if (swap >= 0 && i == swap)
			k = swap + 1;
		else if (swap >= 0 && i == swap + 1)
			k = swap;
		if (sb.len)
			sbuf_adds(&sb, " ");
		sbuf_adds(&sb, w[k]);
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

/* Six answers per sentence: right, accents off, a word left out, two words
 * swapped, a word from another sentence, and another sentence altogether. */
static void make_answers(const struct eval_request *rq, const char *other, struct list *out)
{
	char *copy = xstrdup(rq->reference), *w[MAX_WORDS];
	int n = split_words(copy, w, MAX_WORDS);

	list_add(out, xstrdup(rq->reference));
	list_add(out, text_fold(rq->reference, 0));
	list_add(out, join(w, n, n > 1 ? (int)(next_rand() % (unsigned)n) : -1, -1));
	list_add(out, join(w, n, -1, n > 2 ? (int)(next_rand() % (unsigned)(n - 1)) : -1));
	if (n > 1) {
		char *o = xstrdup(other), *ow[MAX_WORDS];
		int on = split_words(o, ow, MAX_WORDS), at = (int)(next_rand() % (unsigned)n);
		char *keep = w[at];

		w[at] = on ? ow[next_rand() % (unsigned)on] : keep;
		list_add(out, join(w, n, -1, -1));
		w[at] = keep;
		free(o);
	}
	list_add(out, xstrdup(other));
	free(copy);
}

static double grade_ms(struct evaluator *ev, const struct eval_request *rq, int *graded, double *cpu)
{
	struct eval_result r;
	struct err e = ERR_INIT;
	double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_THREAD_CPUTIME_ID), t;
	char *clean = text_clean(rq->answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
	int rc = ev->evaluate(ev, rq, norm, &r, &e);

	t = clock_ms(CLOCK_MONOTONIC) - t0;
	*cpu = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
	if (rc == 0) {
		eval_result_release(&r);
		(*graded)++;
	}
	free(clean);
	free(norm);
	return t;
}

static int latency(const char *assets)
{
	static const char *const levels[] = { "beginner", "intermediate", "advanced" };
	struct evaluator *key = answer_key_new(), *off = offline_evaluator_new(), *slip = word_slip_new();
	struct pack p[3];
	struct list answers = { NULL, 0, 0 };
	struct eval_request *rqs = NULL;
	int *owner = NULL, n_rq = 0, i, k, kept = 0, graded_key = 0, graded_off = 0, graded_slip = 0;
	double *tk, *to, *ts, *ck, *co, *cs, first, c;
	struct err e = ERR_INIT;
	char path[512];

	for (i = 0; i < 3; i++) {
		xsnprintf(path, sizeof(path), "%s/packs/sentences-%s.json", assets, levels[i]);
		if (pack_load(path, &p[i], &e)) {
			fprintf(stderr, "bench_grading: %s\n", e.msg);
			return 1;
		}
	}
	for (i = 0; i < 3; i++)
		for (k = 0; k < p[i].n_items; k++) {
			rqs = xrealloc(rqs, (size_t)(n_rq + 1) * sizeof(*rqs));
			if (eval_request_from_content(&rqs[n_rq], &p[i].items[k], "", &e) == 0)
				n_rq++;
		}
	for (i = 0; i < n_rq; i++) {
		int before = answers.n;

		make_answers(&rqs[i], rqs[(i + 17) % n_rq].reference, &answers);
		owner = xrealloc(owner, (size_t)answers.n * sizeof(int));
		for (k = before; k < answers.n; k++)
			owner[k] = i;
	}
	tk = xmalloc((size_t)answers.n * sizeof(double));
	to = xmalloc((size_t)answers.n * sizeof(double));
	ts = xmalloc((size_t)answers.n * sizeof(double));
	ck = xmalloc((size_t)answers.n * sizeof(double));
	co = xmalloc((size_t)answers.n * sizeof(double));
	cs = xmalloc((size_t)answers.n * sizeof(double));
	/* the first offline grading loads the dictionary: timed on its own */
	rqs[0].answer = answers.s[1];
	first = grade_ms(off, &rqs[0], &kept, &c);
	grade_ms(slip, &rqs[0], &kept, &c);
	for (i = 0; i < answers.n; i++) {
		struct eval_request *rq = &rqs[owner[i]];

		rq->answer = answers.s[i];
		tk[i] = grade_ms(key, rq, &graded_key, &ck[i]);
		ts[i] = grade_ms(slip, rq, &graded_slip, &cs[i]);
		to[i] = grade_ms(off, rq, &graded_off, &co[i]);
	}
	printf("latency over %d answers to the %d course sentences (cleaning included)\n", answers.n, n_rq);
	printf("offline evaluator, first call (loads the dictionary): %.1f ms\n", first);
	report("answer key (graded or passed on)", tk, ck, answers.n, GOAL_ANSWER_KEY_MS);
	report("answer key's word slips (graded or passed on)", ts, cs, answers.n, GOAL_OFFLINE_MS);
	report("offline evaluator", to, co, answers.n, GOAL_OFFLINE_MS);
	printf("the answer key graded %d of them, its word slips %d, the offline evaluator all %d\n",
	       graded_key, graded_slip, graded_off);
	free(tk);
	free(to);
	free(ts);
	free(ck);
	free(co);
	free(cs);
	free(owner);
	list_free(&answers);
	for (i = 0; i < n_rq; i++)
		eval_request_release(&rqs[i]);
	free(rqs);
	for (i = 0; i < 3; i++)
		pack_release(&p[i]);
	key->free(key);
	off->free(off);
	slip->free(slip);
	return 0;
}

/* ---- the learner corpus */

/* Corpus error types and the category that should report them (the README's mapping). */
static const struct {
	const char *type, *cat, *alt;
	int optional;
} mapping[] = {
	{ "gender_agreement", "inflection", NULL, 0 }, { "number_agreement", "inflection", NULL, 0 },
	{ "gender_attribution", "inflection", NULL, 0 }, { "number_attribution", "inflection", NULL, 0 },
	{ "verb_tense", "inflection", NULL, 0 }, { "verb_mood", "inflection", NULL, 0 },
	{ "verb_person_number", "inflection", NULL, 0 }, { "verb_form", "inflection", "spelling", 0 },
	{ "ser_estar", "wrong_word", NULL, 0 }, { "por_para", "wrong_word", NULL, 0 },
	{ "article_missing", "missing_word", NULL, 0 },
	{ "subject_pronoun_missing", "missing_word", NULL, 0 },
	{ "personal_a_missing", "missing_word", NULL, 0 }, { "article_extra", "extra_word", NULL, 0 },
	{ "personal_a_extra", "extra_word", NULL, 0 }, { "subject_pronoun_extra", "extra_word", NULL, 1 },
	{ "adjective_placement", "word_order", NULL, 0 },
	/* auto_types, for pairs the corpus did not annotate */
	{ "accent", "accent", NULL, 0 }, { "n_tilde", "accent", NULL, 0 },
	{ "spelling", "spelling", NULL, 0 }, { "inflection", "inflection", NULL, 0 },
	{ "wrong_word", "wrong_word", NULL, 0 }, { "missing_word", "missing_word", NULL, 0 },
	{ "extra_word", "extra_word", NULL, 0 }, { "word_order", "word_order", NULL, 0 },
};
#define N_TYPES (sizeof(mapping) / sizeof(mapping[0]))

static int type_index(const char *t)
{
	size_t i;

	for (i = 0; i < N_TYPES; i++)
		if (!strcmp(mapping[i].type, t))
			return (int)i;
	return -1;
}

static int has_cat(const struct eval_result *r, const char *cat)
{
	int i;

	for (i = 0; cat && i < r->n_errors; i++)
		if (!strcmp(error_cat_name(r->errors[i].cat), cat))
			return 1;
	return 0;
}

/* Is word one of the space-separated words of s? */
static int has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	const char *p = s;

	while ((p = strstr(p, word))) {
		if ((p == s || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n ? n : 1;
	}
	return 0;
}

/* Does one of r's errors touch a word the correction changed?  Words of
 * the learner's sentence outside a longest common subsequence with the
 * correction are the changed ones, words of the correction outside it the
 * added ones. */
static int span_hit(const char *learner, const char *corrected, const struct eval_result *r)
{
	char *a = xstrdup(learner), *b = xstrdup(corrected), *wa[MAX_WORDS], *wb[MAX_WORDS];
	int na = split_words(a, wa, MAX_WORDS), nb = split_words(b, wb, MAX_WORDS), i, j, k, hit = 0;
	int (*l)[MAX_WORDS + 1] = xcalloc(MAX_WORDS + 1, sizeof(*l));
	char in_a[MAX_WORDS] = { 0 }, in_b[MAX_WORDS] = { 0 };

	for (i = na - 1; i >= 0; i--)
		for (j = nb - 1; j >= 0; j--)
			l[i][j] = !strcmp(wa[i], wb[j]) ? l[i + 1][j + 1] + 1 :
				  l[i + 1][j] > l[i][j + 1] ? l[i + 1][j] : l[i][j + 1];
	for (i = 0, j = 0; i < na && j < nb;) {
		if (!strcmp(wa[i], wb[j])) {
			in_a[i++] = in_b[j++] = 1;
		} else if (l[i + 1][j] >= l[i][j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	for (k = 0; k < r->n_errors && !hit; k++) {
		for (i = 0; i < na && !hit; i++)
			hit = !in_a[i] && has_word(r->errors[k].learner_text, wa[i]);
		for (j = 0; j < nb && !hit; j++)
			hit = !in_b[j] && has_word(r->errors[k].correction, wb[j]);
	}
	free(l);
	free(a);
	free(b);
	return hit;
}

/* Grade as the pipeline does without an endpoint: the answer key, its word
 * slips, then the offline evaluator. */
static void pipeline(struct evaluator *key, struct evaluator *slip, struct evaluator *off,
		     const char *answer, const char *reference, struct eval_result *r)
{
	struct eval_request rq;
	struct err e = ERR_INIT;
	char *clean = text_clean(answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);

	memset(&rq, 0, sizeof(rq));
	rq.content_id = "corpus";
	rq.english = "";
	rq.reference = reference;
	rq.answer = answer;
	rq.level = "beginner";
	if (key->evaluate(key, &rq, norm, r, &e) != 0 && slip->evaluate(slip, &rq, norm, r, &e) != 0)
		off->evaluate(off, &rq, norm, r, &e);
	free(clean);
	free(norm);
}

static int style_only(const cJSON *types, const cJSON *autos)
{
	const cJSON *t;
	int n = 0;

	cJSON_ArrayForEach(t, types) {
		if (strcmp(t->valuestring, "subject_pronoun_extra"))
			return 0;
		n++;
	}
	if (n)
		return 1;
	cJSON_ArrayForEach(t, autos)
		if (strcmp(t->valuestring, "accent") && strcmp(t->valuestring, "n_tilde") &&
		    strcmp(t->valuestring, "punctuation") && strcmp(t->valuestring, "capitalisation"))
			return 0;
	return 2;
}

/* The next pair of the corpus text from *line on (cut there; *line moves
 * past it): its object, with its learner sentence and its correction, or
 * NULL at the end.  A line without both is passed over. */
static cJSON *next_pair(char **line, const char **learner, const char **corrected)
{
	while (*line && **line) {
		char *cur = *line, *nl = strchr(cur, '\n');
		cJSON *o;

		if (nl)
			*nl = '\0';
		*line = nl ? nl + 1 : NULL;
		o = cJSON_Parse(cur);
		*learner = cJSON_GetStringValue(cJSON_GetObjectItem(o, "learner"));
		*corrected = cJSON_GetStringValue(cJSON_GetObjectItem(o, "corrected"));
		if (*learner && *corrected)
			return o;
		cJSON_Delete(o);
	}
	return NULL;
}

static void corpus(const char *path)
{
	struct evaluator *key = answer_key_new(), *off = offline_evaluator_new(), *slip = word_slip_new();
	int total[N_TYPES] = { 0 }, hits[N_TYPES] = { 0 }, pairs = 0, flagged = 0, close = 0;
	int by_key = 0, control = 0, spans = 0, accent_only = 0, accent_only_flagged = 0;
	int style = 0, style_silent = 0;
	double sum = 0;
	char *text, *line;
	const char *learner, *corrected;
	cJSON *o;
	struct err e = ERR_INIT;
	size_t len, i;

	if (access(path, R_OK) != 0) {
		printf("\nlearner corpus: %s not found, skipped\n", path);
		key->free(key);
		off->free(off);
		slip->free(slip);
		return;
	}
	if (file_read(path, PAIRS_MAX_BYTES, &text, &len, &e)) {
		printf("\nlearner corpus: %s\n", e.msg);
		key->free(key);
		off->free(off);
		slip->free(slip);
		return;
	}
	for (line = text; (o = next_pair(&line, &learner, &corrected));) {
		cJSON *types, *autos, *t, *src;
		struct eval_result r, c;
		int kind;

		types = cJSON_GetObjectItem(o, "error_types");
		autos = cJSON_GetObjectItem(o, "auto_types");
		pipeline(key, slip, off, learner, corrected, &r);
		pairs++;
		sum += r.score;
		by_key += r.source == SRC_ANSWER_KEY;
		flagged += r.verdict != VERDICT_CORRECT && r.score < 90;
		close += r.verdict == VERDICT_CLOSE;
		spans += span_hit(learner, corrected, &r);
		kind = style_only(types, autos);
		if (kind == 2) {
			accent_only++;
			accent_only_flagged += r.verdict != VERDICT_CORRECT && r.score < 90;
		} else if (kind == 1) {
			style++;
			style_silent += r.verdict == VERDICT_CORRECT;
		}
		/* the corpus's own types; the heuristic ones when it has none */
		src = cJSON_GetArraySize(types) ? types : autos;
		cJSON_ArrayForEach(t, src) {
			int k = type_index(t->valuestring);

			if (k < 0)
				continue;
			total[k]++;
			hits[k] += has_cat(&r, mapping[k].cat) || has_cat(&r, mapping[k].alt);
		}
		eval_result_release(&r);
		pipeline(key, slip, off, corrected, corrected, &c);
		control += c.score == 100 && c.n_errors == 0;
		eval_result_release(&c);
		cJSON_Delete(o);
	}
	printf("\nlearner corpus: %d pairs from %s (the answer key, its word slips, the offline "
	       "evaluator)\n", pairs, path);
	printf("graded below 90 with a verdict other than correct: %d of %d (%.1f%%), close %d, "
	       "mean score %.1f; %d graded by the answer key\n", flagged, pairs,
	       pairs ? 100.0 * flagged / pairs : 0, close, pairs ? sum / pairs : 0, by_key);
	printf("  of which accent or punctuation only: %d flagged of %d (a slip of that kind scores 90 "
	       "or more by design)\n", accent_only_flagged, accent_only);
	printf("  of which a redundant subject pronoun only: %d of %d left correct (style, not an error)\n",
	       style_silent, style);
	printf("control, the correction against itself: %d of %d score 100 with no errors\n", control, pairs);
	printf("span hit (an error on a word the correction changed): %d of %d (%.1f%%)\n", spans, pairs,
	       pairs ? 100.0 * spans / pairs : 0);
	printf("category hit rate per corpus error type (auto_types where the corpus has none):\n");
	for (i = 0; i < N_TYPES; i++)
		if (total[i])
			printf("  %-24s -> %-12s %3d of %3d  %5.1f%%%s\n", mapping[i].type, mapping[i].cat,
			       hits[i], total[i], 100.0 * hits[i] / total[i],
			       mapping[i].optional ? "  (optional: style)" : "");
	free(text);
	key->free(key);
	off->free(off);
	slip->free(slip);
}

/* ---- the answer key's word slips: what they take, and the teachers' word on it */

static const char *band_of(double score)
{
	return score >= 90 ? "correct" : score >= 60 ? "close" : "wrong";
}

/* The word error of a word slips' grade (the first that is not about the surface). */
static const struct eval_error *word_error(const struct eval_result *r)
{
	int i;

	for (i = 0; i < r->n_errors; i++)
		if (r->errors[i].cat != ECAT_ACCENT && r->errors[i].cat != ECAT_CAPITALISATION &&
		    r->errors[i].cat != ECAT_PUNCTUATION)
			return &r->errors[i];
	return NULL;
}

/* Per category of the word slips: taken, and agreeing. */
struct slip_tally {
	int taken[ECAT__COUNT], agree[ECAT__COUNT], cat_agree[ECAT__COUNT];
	int answers, by_key, n_taken, n_agree, n_cat;
};

static int slip_grade(struct evaluator *key, struct evaluator *slip, struct eval_request *rq,
		      const char *answer, struct eval_result *r, int *by_key)
{
	struct err e = ERR_INIT;
	char *clean = text_clean(answer, ANSWER_MAX_CHARS), *norm = text_normalize(clean);
	int rc;

	rq->answer = answer;
	*by_key = key->evaluate(key, rq, norm, r, &e) == 0;
	if (*by_key)
		eval_result_release(r);
	rc = !*by_key && slip->evaluate(slip, rq, norm, r, &e) == 0;
	free(clean);
	free(norm);
	return rc;
}

static void tally_add(struct slip_tally *t, const struct eval_result *r, int agree, int cat_agree)
{
	const struct eval_error *x = word_error(r);
	int c = x ? (int)x->cat : 0;

	t->n_taken++;
	t->taken[c]++;
	t->n_agree += agree;
	t->agree[c] += agree;
	t->n_cat += cat_agree;
	t->cat_agree[c] += cat_agree;
}

static void tally_print(const struct slip_tally *t)
{
	int c;

	for (c = 0; c < ECAT__COUNT; c++)
		if (t->taken[c])
			printf("    %-13s %3d taken, band agrees %3d, category agrees %3d\n",
			       error_cat_name((enum error_cat)c), t->taken[c], t->agree[c], t->cat_agree[c]);
}

static const struct content *find_item(struct pack *p, int n, const char *id)
{
	int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < p[i].n_items; k++)
			if (!strcmp(p[i].items[k].id, id))
				return &p[i].items[k];
	return NULL;
}

/* Our learners' answers, with a teacher's band (tests/fixtures/grading). */
static void slips_calibration(const char *assets, struct evaluator *key, struct evaluator *slip)
{
	static const char *const levels[] = { "beginner", "intermediate", "advanced" };
	struct slip_tally t;
	struct pack p[3];
	struct err e = ERR_INIT;
	char path[512], *text, *line, *next;
	size_t len;
	int i, n = 0;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < 3; i++) {
		xsnprintf(path, sizeof(path), "%s/packs/sentences-%s.json", assets, levels[i]);
		if (pack_load(path, &p[n], &e) == 0)
			n++;
	}
	if (file_read(CALIBRATION, 1 << 20, &text, &len, &e)) {
		printf("  calibration: %s\n", e.msg);
		goto out;
	}
	for (line = text; line && *line; line = next) {
		cJSON *o, *cats, *it;
		const struct content *c;
		struct eval_request rq;
		struct eval_result r;
		const char *band;
		int by_key, cat_agree = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		o = cJSON_Parse(line);
		band = cJSON_GetStringValue(cJSON_GetObjectItem(o, "band"));
		c = find_item(p, n, cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")) ?
				cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")) : "");
		if (!c || !band || eval_request_from_content(&rq, c, "", &e)) {
			cJSON_Delete(o);
			continue;
		}
		t.answers++;
		if (slip_grade(key, slip, &rq, cJSON_GetStringValue(cJSON_GetObjectItem(o, "answer")), &r,
			       &by_key)) {
			cats = cJSON_GetObjectItem(o, "categories");
			cJSON_ArrayForEach(it, cats)
				cat_agree |= word_error(&r) &&
					     !strcmp(it->valuestring, error_cat_name(word_error(&r)->cat));
			tally_add(&t, &r, !strcmp(band_of(r.score), band), cat_agree);
			eval_result_release(&r);
		}
		t.by_key += by_key;
		eval_request_release(&rq);
		cJSON_Delete(o);
	}
	free(text);
	printf("  calibration (%s): %d answers, %d the answer key's; the word slips take %d, the "
	       "teacher's band on %d (%.1f%%, goal %.0f%%: %s), the category on %d\n", CALIBRATION,
	       t.answers, t.by_key, t.n_taken, t.n_agree, t.n_taken ? 100.0 * t.n_agree / t.n_taken : 0,
	       100 * GOAL_SLIP_AGREEMENT,
	       t.n_taken && (double)t.n_agree / t.n_taken >= GOAL_SLIP_AGREEMENT ? "met" : "MISSED",
	       t.n_cat);
	tally_print(&t);
out:
	for (i = 0; i < n; i++)
		pack_release(&p[i]);
}

/* Real learners' sentences, each against its teacher's correction: the
 * teacher changed something, so the band is close (below 90, not
 * correct), but for accent and punctuation slips, which score 90 or more
 * by design.  The category agrees when it is the corpus's (README
 * mapping; auto_types where the corpus has none). */
static void slips_corrections(const char *path, struct evaluator *key, struct evaluator *slip)
{
	struct slip_tally t;
	struct err e = ERR_INIT;
	char *text, *line;
	const char *learner, *corrected;
	cJSON *o;
	size_t len;
	int typos = 0, typos_agree = 0;

	memset(&t, 0, sizeof(t));
	if (access(path, R_OK) != 0 || file_read(path, PAIRS_MAX_BYTES, &text, &len, &e)) {
		printf("  learner corrections: %s not found, skipped\n", path);
		return;
	}
	for (line = text; (o = next_pair(&line, &learner, &corrected));) {
		cJSON *types, *autos, *src, *it;
		struct eval_request rq;
		struct eval_result r;
		int by_key, cat_agree = 0, agree;

		memset(&rq, 0, sizeof(rq));
		rq.content_id = "corpus";
		rq.english = ""; /* none: the step reads who it is about from the Spanish */
		rq.reference = corrected;
		rq.level = "beginner";
		t.answers++;
		if (slip_grade(key, slip, &rq, learner, &r, &by_key)) {
			const struct eval_error *x = word_error(&r);

			types = cJSON_GetObjectItem(o, "error_types");
			autos = cJSON_GetObjectItem(o, "auto_types");
			src = cJSON_GetArraySize(types) ? types : autos;
			cJSON_ArrayForEach(it, src) {
				int k = type_index(it->valuestring);

				cat_agree |= k >= 0 && x && (!strcmp(mapping[k].cat, error_cat_name(x->cat)) ||
							     (mapping[k].alt && !strcmp(mapping[k].alt,
										       error_cat_name(x->cat))));
			}
			agree = r.score < 90 && r.verdict != VERDICT_CORRECT;
			if (x && x->cat == ECAT_SPELLING) {
				typos++;
				typos_agree += agree;
			}
			tally_add(&t, &r, agree, cat_agree);
			eval_result_release(&r);
		}
		t.by_key += by_key;
		cJSON_Delete(o);
	}
	free(text);
	printf("  learner corrections (%s): %d pairs, %d the answer key's; the word slips take %d, "
	       "the teacher's band (close) on %d (%.1f%%, goal %.0f%%: %s), the category on %d\n",
	       path, t.answers, t.by_key, t.n_taken, t.n_agree,
	       t.n_taken ? 100.0 * t.n_agree / t.n_taken : 0, 100 * GOAL_SLIP_AGREEMENT,
	       t.n_taken && (double)t.n_agree / t.n_taken >= GOAL_SLIP_AGREEMENT ? "met" : "MISSED",
	       t.n_cat);
	tally_print(&t);
	if (typos)
		printf("    of the misspellings, %d score 90 or more: the rubric's 4 or 8 points for a "
		       "spelling slip, as 3 for an accent; without them the band agrees on %d of %d "
		       "(%.1f%%)\n", typos - typos_agree, t.n_agree - typos_agree, t.n_taken - typos,
		       t.n_taken > typos ? 100.0 * (t.n_agree - typos_agree) / (t.n_taken - typos) : 0);
}

static void word_slips(const char *assets, const char *pairs)
{
	struct evaluator *key = answer_key_new(), *slip = word_slip_new();

	printf("\nthe answer key's word slips (a misspelling, an inflection slip, a confusion of the "
	       "table, a word left out, two words swapped: one or two, only where C is sure), on what "
	       "the answer key does not take:\n");
	slips_calibration(assets, key, slip);
	slips_corrections(pairs, key, slip);
	key->free(key);
	slip->free(slip);
}

int main(int argc, char **argv)
{
	const char *assets = getenv("AIDIOMA_ASSETS"), *pairs = getenv("AIDIOMA_LEARNER_CORRECTIONS");

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: bench_grading (AIDIOMA_ASSETS names the course directory, "
			"AIDIOMA_LEARNER_CORRECTIONS the learner corrections' pairs.jsonl)\n");
		return 2;
	}
	printf("aidioma grading benchmarks\n");
	if (latency(assets ? assets : TOP_SRCDIR "/assets"))
		return 1;
	word_slips(assets ? assets : TOP_SRCDIR "/assets", pairs ? pairs : PAIRS);
	corpus(pairs ? pairs : PAIRS);
	return 0;
}
