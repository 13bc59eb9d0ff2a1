/* bench_similarity.c: the built-in embedding and top-k cosine search over 100,000 answers. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aidioma/ai.h"
#include "aidioma/content.h"
#include "aidioma/embed.h"
#include "aidioma/practice.h"
#include "aidioma/util.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define N_VECTORS 100000
#define N_QUERIES 200
#define GOAL_SEARCH_MS 20.0
#define MAX_WORDS 64

static double clock_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_of(CLOCK_MONOTONIC);
}

/* Wall-clock and CPU time of what runs between two calls: on a busy
 * machine the first also counts the time other processes held the CPU. */
struct timing {
	double wall[N_QUERIES], cpu[N_QUERIES];
	double w0, c0;
};

static void tick(struct timing *t)
{
	t->w0 = now_ms();
	t->c0 = clock_of(CLOCK_THREAD_CPUTIME_ID);
}

static void tock(struct timing *t, int k)
{
	t->wall[k] = now_ms() - t->w0;
	t->cpu[k] = clock_of(CLOCK_THREAD_CPUTIME_ID) - t->c0;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* An answer a learner might type: the sentence with one or two words
 * dropped, doubled, swapped or changed at the end (deterministic). */
static char *variant(const char *s)
{
	char *copy = xstrdup(s), *w[MAX_WORDS], *p = copy;
	struct sbuf sb = SBUF_INIT;
	int n = 0, i, edits = 1 + (int)(next_rand() % 2), k;

	while (*p && n < MAX_WORDS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	for (k = 0; k < edits && n > 1; k++) {
		int at = (int)(next_rand() % (unsigned)n);

		switch (next_rand() % 4) {
		case 0: /* a word left out */
			memmove(&w[at], &w[at + 1], (size_t)(n - at - 1) * sizeof(*w));
			n--;
			break;
		case 1: /* two words swapped */
			if (at + 1 < n) {
				char *t = w[at];

				w[at] = w[at + 1];
				w[at + 1] = t;
			}
			break;
		case 2: /* the ending changed: -o/-a, -s */
		default: {
			size_t len = strlen(w[at]);

			if (len > 2 && (w[at][len - 1] == 'o' || w[at][len - 1] == 'a'))
				w[at][len - 1] = w[at][len - 1] == 'o' ? 'a' : 'o';
			else if (len > 2 && w[at][len - 1] == 's')
				w[at][len - 1] = '\0';
			break;
		}
		}
	}
	for (i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%s", i ? " " : "", w[i]);
	if (!sb.buf)
		sbuf_adds(&sb, "");
	free(copy);
	return sbuf_detach(&sb, NULL);
}

static void report_one(const char *clock, double *ms, int n, double goal)
{
	qsort(ms, (size_t)n, sizeof(*ms), cmp_d);
	printf("    %-10s median %.3f ms, p95 %.3f ms, max %.3f ms", clock, ms[n / 2],
	       ms[n * 95 / 100], ms[n - 1]);
	if (goal > 0)
		printf("  (goal: p95 under %.0f ms) %s", goal, ms[n * 95 / 100] < goal ? "met" : "MISSED");
	printf("\n");
}

static void report(const char *what, struct timing *t, int n, double goal)
{
	printf("  %s, %d queries:\n", what, n);
	report_one("wall clock", t->wall, n, goal);
	report_one("CPU time", t->cpu, n, goal);
}

/* ---- in memory: the search itself */
static void search_in_memory(char **sentences, int n_sent)
{
	float *v = xmalloc((size_t)N_VECTORS * EMBED_DIM * sizeof(float)), q[EMBED_DIM];
	struct timing *tm = xcalloc(1, sizeof(*tm));
	double t0, t_embed;
	struct embed_hit hit[SIMILAR_K_MAX];
	long found = 0, i;
	int k;

	t0 = clock_of(CLOCK_THREAD_CPUTIME_ID);
	for (i = 0; i < N_VECTORS; i++) {
		char *a = variant(sentences[i % n_sent]);

		embed_builtin(a, v + (size_t)i * EMBED_DIM);
		free(a);
	}
	t_embed = clock_of(CLOCK_THREAD_CPUTIME_ID) - t0;
	printf("built-in embedding (%d dimensions, n-grams of 2 to 4): %d answers in %.0f ms "
	       "of CPU, %.1f µs each (making the answers included)\n", EMBED_DIM, N_VECTORS, t_embed,
	       t_embed * 1000 / N_VECTORS);
	for (k = 0; k < N_QUERIES; k++) {
		char *a = variant(sentences[next_rand() % (unsigned)n_sent]);

		embed_builtin(a, q);
		free(a);
		tick(tm);
		found += embed_top_k(q, v, N_VECTORS, EMBED_DIM, (float)SIMILAR_THRESHOLD,
				     SIMILAR_TOP_K, hit);
		tock(tm, k);
	}
	printf("top-%d cosine search, threshold %.2f, over %d vectors in memory (%.0f MiB):\n",
	       SIMILAR_TOP_K, SIMILAR_THRESHOLD, N_VECTORS,
	       (double)N_VECTORS * EMBED_DIM * 4 / 1048576.0);
	report("search", tm, N_QUERIES, GOAL_SEARCH_MS);
	printf("  %.2f answers found per query on average (each query is like some stored ones)\n",
	       (double)found / N_QUERIES);
	free(tm);
	free(v);
}

/* ---- in the store: what Practice and the AI stage run */
static void search_in_store(const struct pack *p, char **sentences)
{
	char dir[] = "/tmp/aidioma-bench-sim-XXXXXX", path[96], cmd[128];
	const struct content *c = &p->items[0];
	struct timing *tm = xcalloc(1, sizeof(*tm));
	double t0, t_put;
	struct eval_example *ex;
	struct similar_list sl;
	struct eval_result r;
	struct eval_request rq;
	struct err e = ERR_INIT;
	struct store *st;
	struct user u;
	float v[EMBED_DIM];
	int i, n, result, per_content, k;
	long total = 0;

	if (!mkdtemp(dir))
		return;
	xsnprintf(path, sizeof(path), "%s/b.db", dir);
	if (store_open(path, STORE_CREATE, &st, &e)) {
		fprintf(stderr, "bench_similarity: %s\n", e.msg);
		return;
	}
	for (i = 0; i < p->n_items; i++) {
		struct content item = p->items[i];

		item.pack_id[0] = '\0';
		store_content_upsert(st, &item, &result, &e);
	}
	/* the cache: 100,000 AI grades, a fifth of them for one sentence */
	t0 = now_ms();
	store_begin(st, &e);
	for (i = 0; i < N_VECTORS; i++) {
		int which = i % 5 == 0 ? 0 : 1 + i % (p->n_items - 1);
		char *a = variant(sentences[which]), key[65], *json;
		struct cache_entry ce;

		embed_builtin(a, v);
		memset(&ce, 0, sizeof(ce));
		xsnprintf(key, sizeof(key), "bench-%d", i);
		xstrlcpy(ce.cache_key, key, sizeof(ce.cache_key));
		xstrlcpy(ce.task, "grade", sizeof(ce.task));
		xstrlcpy(ce.source, "ai", sizeof(ce.source));
		json = xstrdup("{\"errors\":[{\"category\":\"inflection\",\"severity\":\"medium\","
			       "\"learner_text\":\"x\",\"correction\":\"y\",\"explanation\":\"z\"}],"
			       "\"corrected\":\"x\"}");
		ce.response = json;
		ce.cost = 0.0002;
		ce.content_id = p->items[which].id;
		ce.input_text = a;
		ce.embedding_model = EMBED_MODEL;
		ce.embedding = v;
		ce.embedding_dim = EMBED_DIM;
		store_cache_put(st, &ce, &e);
		free(json);
		free(a);
	}
	store_commit(st, &e);
	t_put = now_ms() - t0;
	per_content = N_VECTORS / 5;
	printf("in the store: %d cached AI grades with vectors (saved in %.0f ms), %d of them for "
	       "one sentence:\n", N_VECTORS, t_put, per_content);
	for (k = 0; k < N_QUERIES / 4; k++) {
		char *a = variant(sentences[0]);

		embed_builtin(a, v);
		free(a);
		tick(tm);
		similar_examples(st, c->id, EMBED_MODEL, v, EMBED_DIM, SIMILAR_THRESHOLD, 3, &ex, &n, &e);
		tock(tm, k);
		total += n;
		eval_examples_release(ex, n);
	}
	report("AI examples for that sentence (the 2,000 most recently used read)", tm,
	       N_QUERIES / 4, GOAL_SEARCH_MS);
	for (k = 0; k < N_QUERIES / 4; k++) {
		char *a = variant(sentences[2]);

		embed_builtin(a, v);
		free(a);
		tick(tm);
		similar_examples(st, p->items[2].id, EMBED_MODEL, v, EMBED_DIM, SIMILAR_THRESHOLD, 3,
				 &ex, &n, &e);
		tock(tm, k);
		eval_examples_release(ex, n);
	}
	report("AI examples for a sentence with a typical share (about 670 graded answers)", tm,
	       N_QUERIES / 4, GOAL_SEARCH_MS);
	/* one learner who answered one sentence 1,000 times (the most read) */
	store_user_ensure(st, "bench", &u, &e);
	eval_request_from_content(&rq, c, "", &e);
	store_begin(st, &e);
	for (i = 0; i < 1000; i++) {
		char *a = variant(sentences[0]);

		eval_result_init(&r);
		eval_result_add_error(&r, ECAT_INFLECTION, SEV_MEDIUM, "x", "y", "z");
		eval_result_finish(&r, 70);
		r.embedding = xmalloc(EMBED_DIM * sizeof(float));
		r.embedding_dim = EMBED_DIM;
		xstrlcpy(r.embedding_model, EMBED_MODEL, sizeof(r.embedding_model));
		embed_builtin(a, r.embedding);
		rq.answer = a;
		practice_record(st, &u, c, &rq, &r, 1000, &e);
		eval_result_release(&r);
		free(a);
	}
	store_commit(st, &e);
	for (k = 0; k < N_QUERIES / 4; k++) {
		char *a = variant(sentences[0]);

		eval_result_init(&r);
		eval_result_add_error(&r, ECAT_INFLECTION, SEV_MEDIUM, "x", "y", "z");
		r.embedding = xmalloc(EMBED_DIM * sizeof(float));
		r.embedding_dim = EMBED_DIM;
		xstrlcpy(r.embedding_model, EMBED_MODEL, sizeof(r.embedding_model));
		embed_builtin(a, r.embedding);
		free(a);
		tick(tm);
		similar_mistakes(st, u.id, c->id, &r, SIMILAR_THRESHOLD, SIMILAR_TOP_K, &sl, &e);
		tock(tm, k);
		similar_list_release(&sl);
		eval_result_release(&r);
	}
	report("similar mistakes of a learner with 1,000 answers to the sentence", tm,
	       N_QUERIES / 4, GOAL_SEARCH_MS);
	(void)total;
	free(tm);
	eval_request_release(&rq);
	user_release(&u);
	store_close(st);
	xsnprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "bench_similarity: could not remove %s\n", dir);
}

int main(void)
{
	static const char *const levels[] = { "beginner", "intermediate", "advanced" };
	struct pack p[3];
	struct err e = ERR_INIT;
	char path[512], **sentences = NULL;
	int i, k, n = 0;

	for (i = 0; i < 3; i++) {
		xsnprintf(path, sizeof(path), "%s/assets/packs/sentences-%s.json", TOP_SRCDIR, levels[i]);
		if (pack_load(path, &p[i], &e)) {
			fprintf(stderr, "bench_similarity: %s\n", e.msg);
			return 1;
		}
		for (k = 0; k < p[i].n_items; k++) {
			sentences = xrealloc(sentences, (size_t)(n + 1) * sizeof(*sentences));
			sentences[n++] = p[i].items[k].primary_text;
		}
	}
	search_in_memory(sentences, n);
	search_in_store(&p[0], sentences);
	free(sentences);
	for (i = 0; i < 3; i++)
		pack_release(&p[i]);
	return 0;
}
