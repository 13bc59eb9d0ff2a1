/* bench_classroom.c: a class of 30 replayed through the grading pipeline and a scripted AI. */
/*
 * 30 students each translate the same 50 beginner sentences of the course,
 * in their own order, interleaved as a class working at the same time.
 * The answers come from a model of a class, stated here so that the
 * figures can be judged:
 *
 *   - each student gets a sentence right with a probability drawn between
 *     0.55 and 0.85; a right answer is the main translation (70%) or one
 *     of the other accepted ones;
 *   - a wrong answer is, 80% of the time, one of five common mistakes made
 *     on that sentence, the first the most common (weights 1/rank^1.1),
 *     else a mistake of the student's own (two slips at once); the slips
 *     are the kinds the COWS-L2H corpus of English-speaking learners shows
 *     most: gender and number agreement, a dropped article or word,
 *     ser/estar and por/para and other wrong words, words out of order, a
 *     misspelling;
 *   - how each student types: 35% write without accents, ñ or ¿¡ (no
 *     Spanish keyboard), 30% leave out the final mark, 25% start in lower
 *     case; each habit holds for 90% of that student's answers.
 *
 * Every grading goes through grading_open() as Practice does: the answer
 * key, the cache, the answer key's word slips, the AI (the scripted
 * server on a loopback port); then the learner's similar mistakes are
 * looked up and the answer recorded.
 * The server's replies name the answer they were made for, so the replay
 * checks that every answer got its own grade: the AI's judgement made for
 * this answer, or from the cache for one of the same surface form (the
 * same words but for capitals, marks, accents and ñ), with everything
 * else in it about this answer's own surface, every quote and every word
 * of the diff this answer's text.  A grade of the word slips must be this
 * answer's too: its word errors quote its own words, each a word that is
 * not the corrected one (or name the article it lacks), the diff is its
 * words in order, the corrected sentence an accepted translation.  A dry run first finds the answers
 * that need the AI, which is the order of the server's replies.
 * After the class (the figure the goal is about), a second class of 30
 * answers the same sentences on the same database, and then the first
 * class reviews what it got wrong (where "you made a similar mistake
 * before" can show), each reported on its own.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "aidioma/aiclient.h"
#include "aidioma/content.h"
#include "aidioma/embed.h"
#include "aidioma/practice.h"
#include "aidioma/util.h"
#include "ai/ai-int.h"
#include "classroom.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#ifndef FAKE_OPENAI
#define FAKE_OPENAI ""
#endif
#ifndef MODULE_DIR
#define MODULE_DIR "modules"
#endif
#define GOAL_NO_AI 0.90
#define TAG "graded for: "

static double clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const char *const phase_name[N_PHASES] = {
	"the class, first answers", "the next class, same database", "the class's reviews"
};

/* ---- the scripted server */
static char *tag_for(const struct course *c, const struct answer *a)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, TAG "%s %s", c->item[a->sentence].id, a->norm);
	return sbuf_detach(&sb, NULL);
}

/* A grading reply made for this answer, and saying so. */
static void add_reply(struct sbuf *script, const struct course *c, const struct answer *a)
{
	cJSON *g = cJSON_CreateObject(), *errs = cJSON_AddArrayToObject(g, "errors"), *x, *o, *ch, *m, *u;
	char first[128], *tag = tag_for(c, a), *content, *body;
	size_t len = strcspn(a->norm, " ");

	xsnprintf(first, sizeof(first), "%.*s", (int)(len < 100 ? len : 100), a->norm);
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "category", "wrong_word");
	cJSON_AddStringToObject(x, "severity", "medium");
	cJSON_AddStringToObject(x, "learner_text", first);
	cJSON_AddStringToObject(x, "correction", first);
	cJSON_AddStringToObject(x, "explanation", tag);
	cJSON_AddItemToArray(errs, x);
	cJSON_AddStringToObject(g, "corrected", c->rq[a->sentence].reference);
	content = cJSON_PrintUnformatted(g);
	cJSON_Delete(g);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "model", "gpt-4o-mini-2024-07-18");
	ch = cJSON_AddArrayToObject(o, "choices");
	x = cJSON_CreateObject();
	m = cJSON_AddObjectToObject(x, "message");
	cJSON_AddStringToObject(m, "role", "assistant");
	cJSON_AddStringToObject(m, "content", content);
	cJSON_AddStringToObject(x, "finish_reason", "stop");
	cJSON_AddItemToArray(ch, x);
	u = cJSON_AddObjectToObject(o, "usage");
	cJSON_AddNumberToObject(u, "prompt_tokens", 800);
	cJSON_AddNumberToObject(u, "completion_tokens", 90);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	sbuf_addf(script, "body %s\nend\n", body);
	cJSON_free(body);
	cJSON_free(content);
	free(tag);
}

static pid_t fake_start(const char *script, const char *log, int *port)
{
	char line[32];
	size_t n = 0;
	int pfd[2];
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execl(FAKE_OPENAI, FAKE_OPENAI, script, log, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (n < sizeof(line) - 1 && read(pfd[0], line + n, 1) == 1 && line[n] != '\n')
		n++;
	line[n] = '\0';
	close(pfd[0]);
	*port = atoi(line);
	return *port > 0 ? pid : -1;
}

/* The answer each request to the server asked about, in order; checks
 * them against the plan.  Returns the mismatches; *with_examples counts
 * the requests that carried similar graded answers. */
static int check_requests(const char *log, const struct answer *a, int n, int *requests,
			  int *with_examples)
{
	FILE *fp = fopen(log, "r");
	char *line = NULL;
	size_t cap = 0;
	int i = 0, bad = 0;

	*requests = *with_examples = 0;
	if (!fp)
		return 1;
	while (getline(&line, &cap, fp) > 0) {
		cJSON *rq = cJSON_Parse(line), *body, *q;
		const char *user, *json;

		while (i < n && !a[i].needs_ai)
			i++;
		body = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItem(rq, "body")));
		user = cJSON_GetStringValue(cJSON_GetObjectItem(
			cJSON_GetArrayItem(cJSON_GetObjectItem(body, "messages"), 1), "content"));
		json = user ? strchr(user, '{') : NULL;
		q = cJSON_Parse(json ? json : "");
		if (i >= n || !q || strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(q, "answer")) ?
					   cJSON_GetStringValue(cJSON_GetObjectItem(q, "answer")) : "",
					   a[i].norm))
			bad++;
		*with_examples += cJSON_GetArraySize(cJSON_GetObjectItem(q, "examples")) > 0;
		(*requests)++;
		i++;
		cJSON_Delete(q);
		cJSON_Delete(body);
		cJSON_Delete(rq);
	}
	free(line);
	fclose(fp);
	return bad;
}

/* ---- the replay */

/* Is r (from the AI or the cache) this answer's own grade?  *reused: the
 * AI's judgement in it was made for another surface form of the answer. */
static int own_grade(const struct course *c, const struct answer *a, const struct eval_result *r,
		     int *reused)
{
	const char *named = NULL, *cur = a->norm, *p;
	char prefix[128];
	int i, tagged = 0, ok = 1;

	*reused = 0;
	xsnprintf(prefix, sizeof(prefix), TAG "%s ", c->item[a->sentence].id);
	for (i = 0; i < r->n_errors; i++) {
		const struct eval_error *x = &r->errors[i];

		if (!strncmp(x->explanation, TAG, strlen(TAG))) {
			tagged++;
			if (!strncmp(x->explanation, prefix, strlen(prefix)))
				named = x->explanation + strlen(prefix);
		} else if (x->cat != ECAT_ACCENT && x->cat != ECAT_CAPITALISATION &&
			   x->cat != ECAT_PUNCTUATION) {
			ok = 0; /* only the surface is graded here */
		}
		if (x->learner_text[0] && !strstr(a->norm, x->learner_text))
			ok = 0;
	}
	if (tagged != 1 || !named)
		return 0;
	if (strcmp(named, a->norm)) {
		char *mine = text_surface(a->norm), *theirs = text_surface(named);

		ok &= r->source == SRC_CACHE && !strcmp(mine, theirs);
		*reused = 1;
		free(mine);
		free(theirs);
	}
	for (i = 0; i < r->n_diff; i++) {
		if (!r->diff[i].text)
			continue;
		if (!(p = strstr(cur, r->diff[i].text)))
			return 0;
		cur = p + strlen(r->diff[i].text);
	}
	return ok;
}
/* Is r, from the word slips, made for this answer? */
static int own_slip_grade(const struct course *c, const struct answer *a,
			  const struct eval_result *r)
{
	const struct eval_request *rq = &c->rq[a->sentence];
	const char *cur = a->norm, *p;
	struct tokens tk;
	int i, words = 0, slips = 0, missing = 0, ok = !strcmp(r->corrected, rq->reference);

	for (i = 0; i < rq->n_accepted; i++)
		ok |= !strcmp(r->corrected, rq->accepted[i]);
	for (i = 0; i < r->n_errors; i++) {
		const struct eval_error *x = &r->errors[i];
		char *fl, *fc;

		if (x->learner_text[0] && !strstr(a->norm, x->learner_text))
			ok = 0;
		if (x->cat == ECAT_ACCENT || x->cat == ECAT_CAPITALISATION || x->cat == ECAT_PUNCTUATION)
			continue;
		if (x->cat == ECAT_MISSING_WORD) {
			/* a word the answer lacks: no quote, the word in the correction */
			ok &= !x->learner_text[0] && x->correction[0] && strstr(r->corrected, x->correction);
			missing++;
			slips++;
			continue;
		}
		fl = text_fold(x->learner_text, 1);
		fc = text_fold(x->correction, 1);
		ok &= fl[0] && strcmp(fl, fc) != 0; /* a word of its own, not the corrected one */
		slips++;
		free(fl);
		free(fc);
	}
	for (i = 0; i < r->n_diff; i++) {
		if (r->diff[i].kind == DIFF_MISSING && !r->diff[i].text)
			continue;
		if (!r->diff[i].text || !(p = strstr(cur, r->diff[i].text)))
			return 0;
		cur = p + strlen(r->diff[i].text);
	}
	tokenize(a->norm, &tk);
	for (i = 0; i < tk.n; i++)
		words += tk.t[i].is_word;
	tokens_release(&tk);
	return ok && slips >= 1 && slips <= 2 && r->n_diff == words + missing;
}

struct tally {
	int n[N_PHASES][4];     /* by phase and source */
	int reused[N_PHASES];   /* cache grades made for another surface form */
	int slips[N_PHASES];    /* answer key grades of word slips */
	int slip_checked, slip_bad; /* word slips' grades checked, not the answer's own */
	double *ms[4];          /* by source */
	int n_ms[4];
	int recall[N_PHASES];   /* "you made a similar mistake before" shown */
	int mine_bad, offline;
	double similar_ms, record_ms;
};

static int replay(struct course *c, struct answer *a, int n, const char *dir, struct tally *t,
		  struct cost_totals *costs)
{
	char path[256];
	struct user u[2 * STUDENTS];
	struct grading g;
	struct err e = ERR_INIT;
	struct store *st;
	int i, result;

	xsnprintf(path, sizeof(path), "%s/class.db", dir);
	if (store_open(path, STORE_CREATE, &st, &e)) {
		fprintf(stderr, "bench_classroom: %s\n", e.msg);
		return -1;
	}
	for (i = 0; i < SENTENCES; i++) {
		struct content item = c->item[i];

		item.pack_id[0] = '\0';
		store_content_upsert(st, &item, &result, &e);
	}
	for (i = 0; i < 2 * STUDENTS; i++) {
		char login[32];

		xsnprintf(login, sizeof(login), "student%02d", i + 1);
		store_user_ensure(st, login, &u[i], &e);
	}
	grading_open(st, NULL, 0, &g, &e);
	if (!g.client) {
		fprintf(stderr, "bench_classroom: no AI stage: %s\n", g.warning);
		store_close(st);
		return -1;
	}
	memset(t, 0, sizeof(*t));
	for (i = 0; i < 4; i++)
		t->ms[i] = xcalloc((size_t)n, sizeof(double));
	for (i = 0; i < n; i++) {
		struct eval_request rq = c->rq[a[i].sentence];
		struct similar_list sl;
		struct eval_result r;
		double t0 = clock_ms(), t1;

		rq.answer = a[i].text;
		if (grader_grade(g.grader, &rq, &r, &e)) {
			fprintf(stderr, "bench_classroom: grading failed: %s\n", e.msg);
			continue;
		}
		t1 = clock_ms();
		t->ms[r.source][t->n_ms[r.source]++] = t1 - t0;
		t->n[a[i].phase][r.source]++;
		if (r.source == SRC_OFFLINE)
			t->offline++;
		if (r.source == SRC_AI || r.source == SRC_CACHE) {
			int reused;

			if (!own_grade(c, &a[i], &r, &reused))
				t->mine_bad++;
			t->reused[a[i].phase] += reused;
		}
		if (r.source == SRC_ANSWER_KEY && !a[i].by_key) {
			/* the dry run said the word slips grade it, and the grade is its own */
			t->slips[a[i].phase]++;
			t->slip_checked++;
			t->slip_bad += !a[i].by_slip || !own_slip_grade(c, &a[i], &r);
		}
		/* as Practice does: the learner's similar mistakes, then the record */
		similar_mistakes(st, u[a[i].student].id, c->item[a[i].sentence].id, &r,
				 SIMILAR_THRESHOLD, SIMILAR_TOP_K, &sl, NULL);
		t->recall[a[i].phase] += sl.n > 0;
		similar_list_release(&sl);
		t->similar_ms += clock_ms() - t1;
		t1 = clock_ms();
		practice_record(st, &u[a[i].student], &c->item[a[i].sentence], &rq, &r, 20000, &e);
		t->record_ms += clock_ms() - t1;
		eval_result_release(&r);
	}
	store_costs(st, NULL, costs, &e);
	grading_close(&g);
	for (i = 0; i < 2 * STUDENTS; i++)
		user_release(&u[i]);
	store_close(st);
	return 0;
}

static void report_ms(const char *what, double *ms, int n)
{
	if (!n) {
		printf("  %-24s none\n", what);
		return;
	}
	qsort(ms, (size_t)n, sizeof(*ms), cmp_d);
	printf("  %-24s %4d gradings, median %.2f ms, p95 %.2f ms\n", what, n, ms[n / 2],
	       ms[n * 95 / 100]);
}

/* The share of gradings that needed no AI call under model m, by dry runs
 * over five seeds: *keyed with the answer key, the cache and the word
 * slips; *no_slips without the word slips; *exact: with them, were the
 * cache keyed by the answer as normalised, not by its surface form. */
static void dry_share(const struct course *c, struct evaluator *key, struct evaluator *slip,
		      const struct model *m, struct answer *a, double *share, double *no_slips,
		      double *exact)
{
	const int n = STUDENTS * SENTENCES;
	double sum = 0, psum = 0, fsum = 0;
	int seed, ai, f;

	for (seed = 1; seed <= 5; seed++) {
		struct seen s1 = { NULL, 0, 0 }, s2 = { NULL, 0, 0 };

		make_answers(c, m, 1000 + (uint64_t)seed, FIRST, 0, a);
		ai = dry_run(c, key, slip, a, n, &s1, &s2, &f);
		sum += 1.0 - (double)ai / n;
		fsum += 1.0 - (double)f / n;
		seen_release(&s1);
		seen_release(&s2);
		ai = dry_run(c, key, NULL, a, n, &s1, &s2, &f);
		psum += 1.0 - (double)ai / n;
		free_answers(a, n);
		seen_release(&s1);
		seen_release(&s2);
	}
	*share = sum / 5;
	*no_slips = psum / 5;
	*exact = fsum / 5;
}

int main(void)
{
	static const struct model models[] = {
		{ "the class above", 0.55, 0.85, 0.80, 0.35, 0.30, 0.25, 0.90 },
		{ "every student with a Spanish keyboard", 0.55, 0.85, 0.80, 0.0, 0.30, 0.25, 0.90 },
		{ "careful typists (no habits)", 0.55, 0.85, 0.80, 0.0, 0.0, 0.0, 0.90 },
		{ "a stronger class (0.70-0.95 right)", 0.70, 0.95, 0.80, 0.35, 0.30, 0.25, 0.90 },
		{ "no mistakes of their own", 0.55, 0.85, 1.00, 0.35, 0.30, 0.25, 0.90 },
		{ "strong, careful, common mistakes", 0.70, 0.95, 1.00, 0.0, 0.0, 0.0, 0.90 },
	};
	const int per_class = STUDENTS * SENTENCES;
	char dir[] = "/tmp/aidioma-class-XXXXXX", script_path[128], log_path[128], port_s[64], cmd[160];
	struct course *c = xcalloc(1, sizeof(*c));
	struct answer *a = xcalloc((size_t)per_class * 3, sizeof(*a));
	struct evaluator *key = answer_key_new(), *slip = word_slip_new();
	struct seen seen = { NULL, 0, 0 }, exact_seen = { NULL, 0, 0 };
	struct sbuf script = SBUF_INIT;
	struct cost_totals costs;
	struct tally t;
	struct pack p;
	struct err e = ERR_INIT;
	int i, k, n, exact, port, status, requests, with_ex, bad_req, rc = 0;
	int planned[N_PHASES] = { 0 }, count[N_PHASES] = { 0 };
	double t0, share, pshare, eshare;
	pid_t pid;
	FILE *fp;

	if (!*FAKE_OPENAI || access(FAKE_OPENAI, X_OK)) {
		printf("classroom replay: the scripted server is not built, skipped\n");
		return 0;
	}
	if (pack_load(TOP_SRCDIR "/assets/packs/sentences-beginner.json", &p, &e) ||
	    p.n_items < SENTENCES) {
		fprintf(stderr, "bench_classroom: %s\n", e.msg[0] ? e.msg : "too few sentences");
		return 1;
	}
	for (i = 0; i < SENTENCES; i++) {
		c->item[i] = p.items[i * p.n_items / SENTENCES];
		eval_request_from_content(&c->rq[i], &c->item[i], "", &e);
	}
	class_seed(20260310);
	make_common(c, key);

	printf("classroom replay: %d students x %d beginner sentences = %d gradings\n", STUDENTS,
	       SENTENCES, per_class);
	printf("dry runs (answer key, cache and word slips, no server), 5 seeds each: gradings "
	       "that needed no AI call\n");
	for (k = 0; k < (int)(sizeof(models) / sizeof(models[0])); k++) {
		dry_share(c, key, slip, &models[k], a, &share, &pshare, &eshare);
		printf("  %-38s %5.1f%%  (without the word slips: %.1f%%; a cache keyed by the exact "
		       "answer: %.1f%%)\n", models[k].name, 100 * share, 100 * pshare, 100 * eshare);
	}

	/* the replay: the class, the next class on the same database, the reviews */
	make_answers(c, &models[0], 1001, FIRST, 0, a);
	count[FIRST] = per_class;
	planned[FIRST] = dry_run(c, key, slip, a, per_class, &seen, &exact_seen, &exact);
	make_answers(c, &models[0], 2002, NEXT_CLASS, STUDENTS, a + per_class);
	count[NEXT_CLASS] = per_class;
	planned[NEXT_CLASS] = dry_run(c, key, slip, a + per_class, per_class, &seen, &exact_seen, &exact);
	count[REVIEW] = make_reviews(c, a, per_class, a + 2 * per_class);
	planned[REVIEW] = dry_run(c, key, slip, a + 2 * per_class, count[REVIEW], &seen, &exact_seen, &exact);
	n = 2 * per_class + count[REVIEW];
	for (i = 0; i < n; i++)
		if (a[i].needs_ai)
			add_reply(&script, c, &a[i]);
	if (!mkdtemp(dir))
		return 1;
	xsnprintf(script_path, sizeof(script_path), "%s/script", dir);
	xsnprintf(log_path, sizeof(log_path), "%s/requests", dir);
	fp = fopen(script_path, "w");
	if (!fp || fputs(script.buf ? script.buf : "", fp) < 0 || fclose(fp))
		return 1;
	pid = fake_start(script_path, log_path, &port);
	if (pid < 0) {
		fprintf(stderr, "bench_classroom: the scripted server did not start\n");
		return 1;
	}
	xsnprintf(port_s, sizeof(port_s), "http://127.0.0.1:%d/v1", port);
	setenv("AIDIOMA_AI_URL", port_s, 1);
	setenv("AIDIOMA_AI_MODEL", "gpt-4o-mini", 1);
	setenv("AIDIOMA_AI_PROFILE", "openai", 1);
	setenv("AIDIOMA_PRICES", TOP_SRCDIR "/data/prices.json", 1);
	setenv("AIDIOMA_MODULE_DIR", MODULE_DIR, 0); /* the build tree's http.so */
	unsetenv("AIDIOMA_AI_EMBED_MODEL");
	unsetenv("AIDIOMA_API_KEY");
	unsetenv("OPENAI_API_KEY");
	t0 = clock_ms();
	if (replay(c, a, n, dir, &t, &costs))
		rc = 1;
	t0 = clock_ms() - t0;
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	bad_req = check_requests(log_path, a, n, &requests, &with_ex);

	printf("the replay against the scripted server (the class above, seed 1), %.1f s in all:\n",
	       t0 / 1000);
	for (k = 0; k < N_PHASES; k++) {
		int no_ai = count[k] - t.n[k][SRC_AI];

		printf("  %-32s %4d gradings: answer key %d (%d word slips), cache %d (%d another "
		       "surface form), AI %d (planned %d): no AI call for %.1f%%%s\n", phase_name[k],
		       count[k], t.n[k][SRC_ANSWER_KEY], t.slips[k], t.n[k][SRC_CACHE], t.reused[k],
		       t.n[k][SRC_AI], planned[k], 100.0 * no_ai / count[k],
		       k == FIRST ? (1.0 * no_ai / count[k] >= GOAL_NO_AI ? " (goal 90%: met)" :
				     " (goal 90%: MISSED)") : "");
		if (t.n[k][SRC_AI] != planned[k])
			rc = 1;
	}
	report_ms("answer key", t.ms[SRC_ANSWER_KEY], t.n_ms[SRC_ANSWER_KEY]);
	report_ms("cache", t.ms[SRC_CACHE], t.n_ms[SRC_CACHE]);
	report_ms("AI (loopback server)", t.ms[SRC_AI], t.n_ms[SRC_AI]);
	report_ms("offline (AI failed)", t.ms[SRC_OFFLINE], t.n_ms[SRC_OFFLINE]);
	printf("  requests the server saw: %d, %d of them with similar graded answers as examples\n",
	       requests, with_ex);
	printf("  every answer got its own grade: %s (%d AI and cache grades checked, %d of them "
	       "reused for another surface form, %d wrong; %d word slips' grades checked, %d wrong; "
	       "%d requests about another answer than planned, %d offline)\n",
	       t.mine_bad || t.slip_bad || bad_req || t.offline ? "NO" : "yes",
	       t.n_ms[SRC_AI] + t.n_ms[SRC_CACHE], t.reused[FIRST] + t.reused[NEXT_CLASS] +
	       t.reused[REVIEW], t.mine_bad, t.slip_checked, t.slip_bad, bad_req, t.offline);
	printf("  \"you made a similar mistake before\": shown on %d of the %d reviews; the "
	       "look-up took %.2f ms a grading, recording %.2f ms\n", t.recall[REVIEW],
	       count[REVIEW], t.similar_ms / n, t.record_ms / n);
	printf("  the costs, both classes: AI spent $%.4f on %ld calls, the cache saved $%.4f "
	       "on %ld answers\n", costs.spent, costs.ai_calls, costs.saved, costs.cache_hits);
	if (t.mine_bad || t.slip_bad || bad_req || t.offline)
		rc = 1;

	for (i = 0; i < 4; i++)
		free(t.ms[i]);
	free_answers(a, n);
	free(a);
	seen_release(&seen);
	seen_release(&exact_seen);
	for (i = 0; i < SENTENCES; i++) {
		eval_request_release(&c->rq[i]);
		for (k = 0; k < c->n_common[i]; k++)
			free(c->common[i][k]);
	}
	free(c);
	pack_release(&p);
	key->free(key);
	slip->free(slip);
	sbuf_release(&script);
	xsnprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "bench_classroom: could not remove %s\n", dir);
	return rc;
}
