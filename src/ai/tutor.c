/* tutor.c: the Conversation tutor: replies, the offline script, goals, new words, recording. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "ai/tutor-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* The matcher folds ñ to n as well: a learner without a Spanish keyboard
 * who types "manana" still reaches the goal of "mañana". */
char *tutor_fold(const char *s)
{
	return text_fold(s, 1);
}

/* ---- a sorted set of strings */
static int strset_find(const struct strset *s, const char *w, int *at)
{
	int lo = 0, hi = s->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(s->v[mid], w);

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

int strset_has(const struct strset *s, const char *w)
{
	int at;

	return strset_find(s, w, &at);
}

void strset_add(struct strset *s, const char *w)
{
	int at;

	if (!*w || strset_find(s, w, &at))
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 32;
		s->v = xrealloc(s->v, (size_t)s->alloc * sizeof(*s->v));
	}
	memmove(s->v + at + 1, s->v + at, (size_t)(s->n - at) * sizeof(*s->v));
	s->v[at] = xstrdup(w);
	s->n++;
}

/* Add every word of a folded text. */
void strset_add_words(struct strset *s, const char *folded)
{
	char *copy = xstrdup(folded), *p = copy, *sp;

	while (*p) {
		sp = strchr(p, ' ');
		if (sp)
			*sp = '\0';
		strset_add(s, p);
		if (!sp)
			break;
		p = sp + 1;
	}
	free(copy);
}

void strset_release(struct strset *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- replies */
void tutor_reply_init(struct tutor_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->branch = r->fallback = -1;
}

void tutor_correction_release(struct tutor_correction *c)
{
	free(c->original);
	free(c->corrected);
	free(c->explanation);
	memset(c, 0, sizeof(*c));
}

void tutor_reply_release(struct tutor_reply *r)
{
	int i;

	free(r->reply);
	free(r->reply_en);
	tutor_correction_release(&r->correction);
	for (i = 0; i < r->n_words; i++) {
		free(r->words[i].spanish);
		free(r->words[i].english);
	}
	free(r->words);
	free(r->goals);
	free(r->note);
	tutor_reply_init(r);
}

void tutor_reply_set(struct tutor_reply *r, const char *es, const char *en)
{
	free(r->reply);
	free(r->reply_en);
	r->reply = xstrdup(es);
	r->reply_en = xstrdup(en ? en : "");
}

void tutor_reply_add_goal(struct tutor_reply *r, int goal)
{
	int i;

	for (i = 0; i < r->n_goals; i++)
		if (r->goals[i] == goal)
			return;
	r->goals = xrealloc(r->goals, (size_t)(r->n_goals + 1) * sizeof(*r->goals));
	r->goals[r->n_goals++] = goal;
}

void tutor_reply_add_word(struct tutor_reply *r, const char *spanish, const char *english)
{
	r->words = xrealloc(r->words, (size_t)(r->n_words + 1) * sizeof(*r->words));
	r->words[r->n_words].spanish = xstrdup(spanish);
	r->words[r->n_words].english = xstrdup(english ? english : "");
	r->n_words++;
}

/* ---- the conversation */
struct tutor {
	struct tutor_scenario sc;
	struct tutor_backend *be;
	const struct tutor_glossary *gl;
	char level[16];
	int (*cancelled)(void *arg);
	void *cancel_arg;
	unsigned char *fired, *reached;
	int next_fallback, n_reached;
	struct tutor_exchange *hist; /* a ring of history_max */
	int history_max, hist_first, hist_n;
	struct strset met, offered; /* folded words met in this conversation; words offered */
	int turns, corrections, new_words, ended;
	ms_t started_at, ended_at;
	double ai_cost;  /* what the turns cost an AI back end */
	char ai_model[64];
};

const char *tutor_level(const struct tutor *t)
{
	return t->level;
}

int tutor_is_cancelled(const struct tutor *t)
{
	return t->cancelled && t->cancelled(t->cancel_arg);
}

int tutor_word_seen(const struct tutor *t, const char *folded)
{
	return strset_has(&t->met, folded) || strset_has(&t->offered, folded);
}

static int offline_reply(struct tutor_backend *b, const struct tutor *t, const char *turn,
			 const char *folded, struct tutor_reply *r, struct err *e)
{
	const struct tutor_scenario *s = &t->sc;
	int i, k;

	(void)b;
	(void)turn;
	for (i = 0; i < s->n_script; i++) {
		if (t->fired[i] || !tutor_branch_matches(&s->script[i], folded))
			continue;
		tutor_reply_set(r, s->script[i].line.es, s->script[i].line.en);
		r->source = TUTOR_SCRIPT;
		r->branch = i;
		if (s->script[i].goal >= 0)
			tutor_reply_add_goal(r, s->script[i].goal);
		return 0;
	}
	if (!s->n_fallback)
		return err_set(e, ERR_FAIL, "scenario '%s' has no fallback reply", s->id);
	k = t->next_fallback % s->n_fallback;
	tutor_reply_set(r, s->fallback[k].es, s->fallback[k].en);
	r->source = TUTOR_FALLBACK;
	r->fallback = k;
	return 0;
}

static void offline_free(struct tutor_backend *b)
{
	free(b);
}

struct tutor_backend *tutor_offline_new(void)
{
	struct tutor_backend *b = xcalloc(1, sizeof(*b));

	b->name = "offline";
	b->scripted = 1;
	b->reply = offline_reply;
	b->free = offline_free;
	return b;
}

/* The glossary's words in a tutor's line that this learner has not met,
 * in the order they appear. */
static void new_words(const struct tutor *t, const char *folded_line, const char *folded_turn,
		      struct tutor_reply *r)
{
	struct {
		long at;
		int i;
	} found[TUTOR_WORDS_PER_REPLY];
	int n = 0, i, j;

	if (!t->gl)
		return;
	for (i = 0; i < t->gl->n; i++) {
		const struct tutor_gloss *g = &t->gl->g[i];
		long at = tutor_phrase_at(folded_line, g->key);

		if (at < 0 || strset_has(&t->offered, g->key) || strset_has(&t->met, g->key) ||
		    (folded_turn && tutor_phrase_at(folded_turn, g->key) >= 0))
			continue;
		if (n == TUTOR_WORDS_PER_REPLY && at >= found[n - 1].at)
			continue;
		if (n < TUTOR_WORDS_PER_REPLY)
			n++;
		for (j = n - 1; j > 0 && found[j - 1].at > at; j--)
			found[j] = found[j - 1];
		found[j].at = at;
		found[j].i = i;
	}
	for (j = 0; j < n; j++)
		tutor_reply_add_word(r, t->gl->g[found[j].i].spanish, t->gl->g[found[j].i].english);
}

static void mark_words(struct tutor *t, const char *folded, const struct tutor_reply *r)
{
	int i;

	strset_add_words(&t->met, folded);
	for (i = 0; r && i < r->n_words; i++) {
		char *k = tutor_fold(r->words[i].spanish);

		strset_add(&t->offered, k);
		free(k);
	}
}

int tutor_start(const struct content *scenario, const struct tutor_options *o, struct tutor **out,
		struct tutor_reply *opening, struct err *e)
{
	struct tutor *t = xcalloc(1, sizeof(*t));
	char *f;
	int rc;

	*out = t;
	tutor_reply_init(opening);
	t->be = o && o->backend ? o->backend : tutor_offline_new();
	if ((rc = tutor_scenario_parse(scenario, &t->sc, e)))
		return rc;
	t->gl = o ? o->glossary : NULL;
	xstrlcpy(t->level, o && o->level ? o->level : t->sc.difficulty, sizeof(t->level));
	t->history_max = o && o->history_max > 0 ? o->history_max : TUTOR_HISTORY_DEFAULT;
	if (t->history_max > TUTOR_HISTORY_MAX)
		t->history_max = TUTOR_HISTORY_MAX;
	t->hist = xcalloc((size_t)t->history_max, sizeof(*t->hist));
	t->cancelled = o ? o->cancelled : NULL;
	t->cancel_arg = o ? o->cancel_arg : NULL;
	t->fired = xcalloc((size_t)t->sc.n_script + 1, 1);
	t->reached = xcalloc((size_t)t->sc.n_goals + 1, 1);
	t->started_at = clock_now_ms();
	tutor_reply_set(opening, t->sc.opening.es, t->sc.opening.en);
	opening->source = TUTOR_OPENING;
	opening->goals_total = t->sc.n_goals;
	f = tutor_fold(t->sc.opening.es);
	new_words(t, f, NULL, opening);
	mark_words(t, f, opening);
	t->new_words += opening->n_words;
	free(f);
	return 0;
}

static void history_push(struct tutor *t, const char *learner, const struct tutor_reply *r)
{
	struct tutor_exchange *x;

	if (t->hist_n < t->history_max) {
		x = &t->hist[(t->hist_first + t->hist_n) % t->history_max];
		t->hist_n++;
	} else {
		x = &t->hist[t->hist_first];
		free(x->learner);
		free(x->tutor);
		free(x->tutor_en);
		t->hist_first = (t->hist_first + 1) % t->history_max;
	}
	x->learner = xstrdup(learner);
	x->tutor = xstrdup(r->reply);
	x->tutor_en = xstrdup(r->reply_en ? r->reply_en : "");
}

/* Goals the turn reached by using one of their phrases; drop the ones
 * reached before, which a back end may name again. */
static void turn_goals(const struct tutor *t, const char *folded, struct tutor_reply *r)
{
	int i, k, n = 0;

	for (i = 0; i < t->sc.n_goals; i++)
		for (k = 0; k < t->sc.goals[i].n_phrases; k++)
			if (tutor_phrase_at(folded, t->sc.goals[i].phrases[k].folded) >= 0) {
				tutor_reply_add_goal(r, i);
				break;
			}
	for (i = 0; i < r->n_goals; i++)
		if (r->goals[i] >= 0 && r->goals[i] < t->sc.n_goals && !t->reached[r->goals[i]])
			r->goals[n++] = r->goals[i];
	r->n_goals = n;
	/* in the scenario's order, so output is stable */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && r->goals[k - 1] > r->goals[k]; k--) {
			int x = r->goals[k];

			r->goals[k] = r->goals[k - 1];
			r->goals[k - 1] = x;
		}
}

int tutor_turn(struct tutor *t, const char *text, struct tutor_reply *r, struct err *e)
{
	char *clean, *said, *folded = NULL, *freply = NULL;
	int rc, i;

	tutor_reply_init(r);
	if (t->ended)
		return err_set(e, ERR_USAGE, "the conversation has ended");
	clean = text_clean(text, TUTOR_TURN_MAX_CHARS);
	said = text_normalize(clean);
	free(clean);
	if (!*said) {
		rc = err_set(e, ERR_USAGE, "say something first");
		goto out;
	}
	folded = tutor_fold(said);
	if ((rc = t->be->reply(t->be, t, said, folded, r, e)))
		goto fail;
	if (!r->reply || !*r->reply) {
		rc = err_set(e, ERR_FAIL, "the %s tutor gave no reply", t->be->name);
		goto fail;
	}
	turn_goals(t, folded, r);
	if (!r->checked)
		r->has_correction = tutor_check_turn(said, &r->correction);
	if (!r->n_words) {
		freply = tutor_fold(r->reply);
		new_words(t, freply, folded, r);
	}
	if (t->cancelled && t->cancelled(t->cancel_arg)) {
		rc = err_set(e, ERR_FAIL, "cancelled");
		goto fail;
	}
	/* commit */
	if (r->branch >= 0 && r->branch < t->sc.n_script)
		t->fired[r->branch] = 1;
	if (r->fallback >= 0)
		t->next_fallback++;
	for (i = 0; i < r->n_goals; i++) {
		t->reached[r->goals[i]] = 1;
		t->n_reached++;
	}
	if (!freply)
		freply = tutor_fold(r->reply);
	mark_words(t, folded, r);
	mark_words(t, freply, NULL);
	t->turns++;
	t->ai_cost += r->cost;
	if (r->model[0])
		xstrlcpy(t->ai_model, r->model, sizeof(t->ai_model));
	t->corrections += r->has_correction;
	t->new_words += r->n_words;
	history_push(t, said, r);
	r->turn = t->turns;
	r->goals_reached = t->n_reached;
	r->goals_total = t->sc.n_goals;
	goto out;
fail:
	t->ai_cost += r->cost; /* a turn not taken was paid for all the same */
	tutor_reply_release(r);
out:
	free(freply);
	free(folded);
	free(said);
	return rc;
}

void tutor_get_summary(const struct tutor *t, struct tutor_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->turns = t->turns;
	s->corrections = t->corrections;
	s->new_words = t->new_words;
	s->goals_reached = t->n_reached;
	s->goals_total = t->sc.n_goals;
	s->score = t->sc.n_goals ? 100.0 * t->n_reached / t->sc.n_goals : 0;
	s->duration_ms = (t->ended ? t->ended_at : clock_now_ms()) - t->started_at;
	if (s->duration_ms < 0)
		s->duration_ms = 0;
}

int tutor_end(struct tutor *t, struct tutor_reply *r, struct tutor_summary *s, struct err *e)
{
	tutor_reply_init(r);
	if (t->ended)
		return err_set(e, ERR_USAGE, "the conversation has ended");
	t->ended = 1;
	t->ended_at = clock_now_ms();
	tutor_reply_set(r, t->sc.closing.es, t->sc.closing.en);
	r->source = TUTOR_CLOSING;
	r->goals_reached = t->n_reached;
	r->goals_total = t->sc.n_goals;
	tutor_get_summary(t, s);
	return 0;
}

void tutor_free(struct tutor *t)
{
	int i;

	if (!t)
		return;
	if (t->be && t->be->free)
		t->be->free(t->be);
	for (i = 0; i < t->hist_n; i++) {
		struct tutor_exchange *x = &t->hist[(t->hist_first + i) % t->history_max];

		free(x->learner);
		free(x->tutor);
		free(x->tutor_en);
	}
	free(t->hist);
	free(t->fired);
	free(t->reached);
	strset_release(&t->met);
	strset_release(&t->offered);
	tutor_scenario_release(&t->sc);
	free(t);
}

const struct tutor_scenario *tutor_scenario(const struct tutor *t)
{
	return &t->sc;
}

const char *tutor_backend_name(const struct tutor *t)
{
	return t->be->name;
}

int tutor_scripted(const struct tutor *t)
{
	return t->be->scripted;
}

int tutor_ended(const struct tutor *t)
{
	return t->ended;
}

int tutor_goal_reached(const struct tutor *t, int goal)
{
	return goal >= 0 && goal < t->sc.n_goals && t->reached[goal];
}

int tutor_branch_fired(const struct tutor *t, int branch)
{
	return branch >= 0 && branch < t->sc.n_script && t->fired[branch];
}

int tutor_next_fallback(const struct tutor *t)
{
	return t->sc.n_fallback ? t->next_fallback % t->sc.n_fallback : -1;
}

int tutor_history_count(const struct tutor *t)
{
	return t->hist_n;
}

const struct tutor_exchange *tutor_history(const struct tutor *t, int i)
{
	if (i < 0 || i >= t->hist_n)
		return NULL;
	return &t->hist[(t->hist_first + i) % t->history_max];
}

/* ---- recording */
int tutor_record(struct store *st, const struct user *u, const struct tutor *t, struct err *e)
{
	cJSON *m = cJSON_CreateObject(), *goals = cJSON_CreateArray();
	struct tutor_summary s;
	struct activity a;
	struct progress p;
	char *meta;
	int i, rc;

	if (!t->turns) {
		cJSON_Delete(m);
		cJSON_Delete(goals);
		return err_set(e, ERR_USAGE, "nothing to record: the learner said nothing");
	}
	tutor_get_summary(t, &s);
	cJSON_AddStringToObject(m, "tutor", t->be->name);
	cJSON_AddNumberToObject(m, "turns", s.turns);
	cJSON_AddNumberToObject(m, "corrections", s.corrections);
	cJSON_AddNumberToObject(m, "new_words", s.new_words);
	for (i = 0; i < t->sc.n_goals; i++)
		if (t->reached[i])
			cJSON_AddItemToArray(goals, cJSON_CreateString(t->sc.goals[i].id));
	cJSON_AddItemToObject(m, "goals", goals);
	cJSON_AddNumberToObject(m, "goals_total", s.goals_total);
	cJSON_AddBoolToObject(m, "ended", t->ended);
	meta = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, u->id, sizeof(a.user_id));
	xstrlcpy(a.type, "conversation", sizeof(a.type));
	xstrlcpy(a.content_id, t->sc.id, sizeof(a.content_id));
	a.score = s.score;
	a.duration_ms = s.duration_ms;
	a.metadata = meta;
	a.ai_cost = t->ai_cost;
	a.ai_model = t->ai_model[0] ? (char *)t->ai_model : NULL;
	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = store_activity_add(st, &a, e)))
		goto fail;
	rc = store_progress_get(st, u->id, t->sc.id, &p, e);
	if (rc == ERR_NOTFOUND) {
		progress_init(&p, u->id, t->sc.id, "scenario");
		rc = 0;
	}
	if (rc)
		goto fail;
	p.attempts++;
	p.last_score = s.score;
	if (isnan(p.best_score) || s.score > p.best_score)
		p.best_score = s.score;
	p.last_attempt_at = a.created_at;
	rc = store_progress_put(st, &p, e);
	progress_release(&p);
	if (rc)
		goto fail;
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	cJSON_free(meta);
	return rc;
}
