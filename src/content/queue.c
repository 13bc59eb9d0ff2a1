/* queue.c: today's flashcards, answering them with FSRS or SM-2, undo and leeches. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/queue.h"
#include "aidioma/util.h"
#include "banned.h"

int scheduler_init(struct scheduler *s, const struct settings *set, const struct user *u,
		   struct err *e)
{
	struct fsrs_params p;
	cJSON *prefs, *w;

	memset(s, 0, sizeof(*s));
	s->sm2 = !strcmp(settings_get(set, "srs_algorithm"), "sm2");
	fsrs_params_init(&p);
	p.desired_retention = settings_get_real(set, "desired_retention");
	p.enable_fuzz = settings_get_bool(set, "fuzz");
	/* the learner's own weights, once fitted by aidioma srs optimize */
	prefs = cJSON_Parse(u && u->preferences ? u->preferences : "{}");
	w = cJSON_GetObjectItem(prefs, "fsrs_weights");
	if (cJSON_IsArray(w) && cJSON_GetArraySize(w) == FSRS_NPARAMS) {
		int i = 0, ok = 1;
		const cJSON *x;
		double tmp[FSRS_NPARAMS];

		cJSON_ArrayForEach(x, w) {
			ok &= cJSON_IsNumber(x);
			tmp[i++] = cJSON_IsNumber(x) ? x->valuedouble : 0;
		}
		if (ok)
			memcpy(p.w, tmp, sizeof(tmp));
	}
	cJSON_Delete(prefs);
	return fsrs_init(&s->fsrs, &p, e);
}

int queue_kind(const struct progress *p)
{
	if (!p || (p->state == 0 && p->reps == 0))
		return 0;
	return p->state == 1 || p->state == 3 ? 1 : 2;
}

void queue_release(struct queue *q)
{
	free(q->ids);
	memset(q, 0, sizeof(*q));
}

static void push(struct queue *q, int *alloc, const char *id)
{
	int i;

	for (i = 0; i < q->n; i++)
		if (!strcmp(q->ids[i], id))
			return;
	if (q->n == *alloc)
		q->ids = xrealloc(q->ids, (size_t)(*alloc = *alloc * 2 + 32) * sizeof(*q->ids));
	xstrlcpy(q->ids[q->n++], id, 65);
}

int queue_build(struct store *st, const struct user *u, const struct settings *set, ms_t now,
		struct queue *q, struct err *e)
{
	static const char *const levels[] = { "beginner", "intermediate", "advanced" };
	long new_done, rev_done, new_left, rev_left;
	ms_t midnight = time_local_midnight(now);
	struct progress *due;
	int n, i, pass, alloc = 0;

	memset(q, 0, sizeof(*q));
	q->built_at = now;
	if (store_memorize_counts(st, u->id, midnight, midnight + 86400000, &new_done, &rev_done, e))
		return e ? e->code : ERR_FAIL;
	new_left = settings_get_int(set, "daily_new") - new_done;
	rev_left = settings_get_int(set, "daily_reviews") - rev_done;
	if (store_progress_due_of_type(st, u->id, "flashcard", now, 5000, &due, &n, e))
		return e ? e->code : ERR_FAIL;
	/* learning cards first: they are due within minutes */
	for (i = 0; i < n; i++)
		if (queue_kind(&due[i]) == 1) {
			push(q, &alloc, due[i].content_id);
			q->n_learning++;
		}
	for (i = 0; i < n && rev_left > 0; i++)
		if (queue_kind(&due[i]) == 2) {
			push(q, &alloc, due[i].content_id);
			q->n_review++;
			rev_left--;
		}
	/* new: the learner's own cards, then the course's, most frequent first,
	 * at the learner's level before the others */
	for (i = 0; i < n && new_left > 0; i++)
		if (queue_kind(&due[i]) == 0) {
			push(q, &alloc, due[i].content_id);
			q->n_new++;
			new_left--;
		}
	store_progress_free(due, n);
	for (pass = 0; pass < 2 && new_left > 0; pass++) {
		char (*ids)[65];
		int k, m;

		for (k = 0; k < 3 && new_left > 0; k++) {
			int mine = !strcmp(levels[k], u->level);

			if (mine != (pass == 0))
				continue;
			if (store_content_unseen(st, u->id, "flashcard", levels[k], NULL, NULL, (int)new_left,
						 &ids, &m, e))
				return e ? e->code : ERR_FAIL;
			for (i = 0; i < m && new_left > 0; i++) {
				push(q, &alloc, ids[i]);
				q->n_new++;
				new_left--;
			}
			free(ids);
		}
	}
	return 0;
}

static double meta_number(const char *json, const char *key, double def)
{
	cJSON *m = cJSON_Parse(json ? json : "{}");
	const cJSON *v = cJSON_GetObjectItem(m, key);
	double x = cJSON_IsNumber(v) ? v->valuedouble : def;

	cJSON_Delete(m);
	return x;
}

void queue_card_fsrs(const struct progress *p, ms_t now, struct fsrs_card *c)
{
	if (!p || queue_kind(p) == 0) {
		fsrs_card_init(c, now);
		return;
	}
	memset(c, 0, sizeof(*c));
	c->stability = p->stability;
	c->difficulty = p->difficulty;
	c->state = (enum srs_state)p->state;
	c->step = p->step;
	c->reps = (int)p->reps;
	c->lapses = (int)p->lapses;
	c->due = p->next_review_at;
	c->last_review = p->last_attempt_at;
	c->scheduled_days = (int)p->interval_days;
	c->elapsed_days = (int)meta_number(p->metadata, "elapsed_days", 0);
}

static void sm2_card_from(const struct progress *p, struct sm2_card *c)
{
	sm2_card_init(c, p && p->easiness >= SM2_MIN_EF ? p->easiness : SM2_DEFAULT_EF);
	if (!p || queue_kind(p) == 0)
		return;
	c->repetition = (int)p->repetitions;
	c->interval = (int)p->interval_days;
	c->due = p->next_review_at;
	c->last_review = p->last_attempt_at;
	c->reviewed = p->reps > 0;
}

static void label(ms_t from, ms_t to, char out[16])
{
	double mins = (double)(to - from) / 60000.0;

	if (mins < 1)
		xstrlcpy(out, "now", 16);
	else if (mins < 60)
		xsnprintf(out, 16, "%.0fm", mins);
	else if (mins < 1440)
		xsnprintf(out, 16, "%.0fh", mins / 60);
	else if (mins < 1440 * 30)
		xsnprintf(out, 16, "%.0fd", mins / 1440);
	else if (mins < 1440 * 365)
		xsnprintf(out, 16, "%.1fmo", mins / 1440 / 30.4);
	else
		xsnprintf(out, 16, "%.1fy", mins / 1440 / 365.25);
}

int queue_preview(const struct scheduler *s, const struct progress *p, ms_t now,
		  char labels[4][16], struct err *e)
{
	int i;

	if (s->sm2) {
		struct sm2_card c, out;

		sm2_card_from(p, &c);
		for (i = 0; i < 4; i++) {
			if (sm2_review(&c, now, sm2_q_from_rating(i + 1), &out, e))
				return e ? e->code : ERR_FAIL;
			label(now, out.due, labels[i]);
		}
		return 0;
	} else {
		struct fsrs_card c, out[4];

		queue_card_fsrs(p, now, &c);
		if (fsrs_preview(&s->fsrs, &c, now, out, NULL, e))
			return e ? e->code : ERR_FAIL;
		for (i = 0; i < 4; i++)
			label(now, out[i].due, labels[i]);
	}
	return 0;
}

static cJSON *state_json(const struct progress *p)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "state", p->state);
	cJSON_AddNumberToObject(o, "stability", p->stability);
	cJSON_AddNumberToObject(o, "difficulty", p->difficulty);
	cJSON_AddNumberToObject(o, "ef", p->easiness);
	cJSON_AddNumberToObject(o, "interval", p->interval_days);
	cJSON_AddNumberToObject(o, "due", (double)p->next_review_at);
	cJSON_AddNumberToObject(o, "reps", (double)p->reps);
	cJSON_AddNumberToObject(o, "lapses", (double)p->lapses);
	return o;
}

static int mastery(double days)
{
	return days < 1 ? 0 : days < 3 ? 1 : days < 7 ? 2 : days < 21 ? 3 : days < 60 ? 4 : 5;
}

void queue_undo_release(struct queue_undo *u)
{
	if (u->valid)
		progress_release(&u->before);
	memset(u, 0, sizeof(*u));
}

int queue_answer(struct store *st, const struct scheduler *s, const struct user *u,
		 const char *content_id, int rating, ms_t now, long long duration_ms,
		 struct queue_undo *undo, struct err *e)
{
	struct progress p, before;
	struct activity a;
	cJSON *meta, *pm;
	char *meta_s = NULL, *pmeta_s = NULL;
	int had_row, rc;
	double retr = NAN;

	if (rating < 1 || rating > 4)
		return err_set(e, ERR_USAGE, "a rating is 1 to 4, not %d", rating);
	rc = store_progress_get(st, u->id, content_id, &p, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	had_row = rc == 0;
	if (!had_row)
		progress_init(&p, u->id, content_id, "flashcard");
	before = p;
	before.metadata = xstrdup(p.metadata ? p.metadata : "{}");

	pm = cJSON_Parse(p.metadata ? p.metadata : "{}");
	if (!cJSON_IsObject(pm)) {
		cJSON_Delete(pm);
		pm = cJSON_CreateObject();
	}
	if (s->sm2) {
		struct sm2_card c, out;

		sm2_card_from(had_row ? &p : NULL, &c);
		if ((rc = sm2_review(&c, now, sm2_q_from_rating(rating), &out, e)))
			goto out;
		if (rating == 1 && p.state == 2)
			p.lapses++;
		p.state = rating == 1 ? 1 : 2;
		p.easiness = out.ef;
		p.repetitions = out.repetition;
		p.interval_days = out.interval;
		p.next_review_at = out.due;
		p.mastery_level = mastery(out.interval);
	} else {
		struct fsrs_card c, out;
		struct fsrs_log log;

		queue_card_fsrs(had_row ? &p : NULL, now, &c);
		if ((rc = fsrs_review(&s->fsrs, &c, now, rating, &out, &log, e)))
			goto out;
		retr = log.retrievability;
		p.stability = out.stability;
		p.difficulty = out.difficulty;
		p.state = (int)out.state;
		p.step = out.step;
		p.lapses = out.lapses;
		p.interval_days = out.scheduled_days;
		p.next_review_at = out.due;
		p.mastery_level = mastery(out.stability);
		cJSON_DeleteItemFromObject(pm, "elapsed_days");
		cJSON_AddNumberToObject(pm, "elapsed_days", out.elapsed_days);
	}
	p.reps++;
	p.attempts++;
	p.last_attempt_at = now;
	if (p.lapses >= LEECH_LAPSES && !cJSON_IsTrue(cJSON_GetObjectItem(pm, "leech")))
		cJSON_AddBoolToObject(pm, "leech", 1);
	pmeta_s = cJSON_PrintUnformatted(pm);
	free(p.metadata);
	p.metadata = xstrdup(pmeta_s);

	meta = cJSON_CreateObject();
	cJSON_AddNumberToObject(meta, "rating", rating);
	cJSON_AddStringToObject(meta, "algo", s->sm2 ? "sm2" : "fsrs");
	if (!isnan(retr))
		cJSON_AddNumberToObject(meta, "retrievability", retr);
	cJSON_AddItemToObject(meta, "before", state_json(&before));
	cJSON_AddItemToObject(meta, "after", state_json(&p));
	meta_s = cJSON_PrintUnformatted(meta);
	cJSON_Delete(meta);
	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, u->id, sizeof(a.user_id));
	xstrlcpy(a.type, "memorize", sizeof(a.type));
	xstrlcpy(a.content_id, content_id, sizeof(a.content_id));
	a.score = NAN;
	a.duration_ms = duration_ms > 0 ? duration_ms : 0;
	a.metadata = meta_s;
	a.created_at = now;

	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = store_activity_add(st, &a, e)) || (rc = store_progress_put(st, &p, e))) {
		store_rollback(st);
		goto out;
	}
	if ((rc = store_commit(st, e)))
		goto out;
	if (undo) {
		queue_undo_release(undo);
		undo->valid = 1;
		undo->had_row = had_row;
		xstrlcpy(undo->activity_id, a.id, sizeof(undo->activity_id));
		undo->before = before;
		before.metadata = NULL; /* now the undo's */
	}
out:
	cJSON_Delete(pm);
	cJSON_free(pmeta_s);
	cJSON_free(meta_s);
	free(before.metadata);
	progress_release(&p);
	return rc;
}

int queue_undo(struct store *st, const struct user *u, struct queue_undo *undo, struct err *e)
{
	int rc;

	if (!undo->valid)
		return err_set(e, ERR_NOTFOUND, "nothing to undo");
	if ((rc = store_begin(st, e)))
		return rc;
	rc = store_activity_delete(st, u->id, undo->activity_id, e);
	if (!rc)
		rc = undo->had_row ? store_progress_put(st, &undo->before, e) :
				     store_progress_delete(st, u->id, undo->before.content_id, e);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	if ((rc = store_commit(st, e)))
		return rc;
	queue_undo_release(undo);
	return 0;
}

int queue_suspend(struct store *st, const struct user *u, const char *content_id, int suspended,
		  struct err *e)
{
	struct progress p;
	int rc = store_progress_get(st, u->id, content_id, &p, e);

	if (rc)
		return rc;
	p.suspended = suspended ? 1 : 0;
	rc = store_progress_put(st, &p, e);
	progress_release(&p);
	return rc;
}

/* Lower case, letters and digits only (accents kept), one space between words. */
static char *letters(const char *s)
{
	char *low = text_lower(s);
	size_t n = strlen(low), i = 0;
	struct sbuf sb = SBUF_INIT;
	int space = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode(low + i, n - i, &cp);
		if (k < 0) {
			i++;
			continue;
		}
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 0xc0 && cp != 0xf7 &&
									  cp <= 0x24f)) {
			if (space && sb.len)
				sbuf_adds(&sb, " ");
			space = 0;
			sbuf_add(&sb, low + i, (size_t)k);
		} else {
			space = 1;
		}
		i += (size_t)k;
	}
	free(low);
	return sbuf_detach(&sb, NULL);
}

int queue_check_typed(const char *typed, const char *expected, char *hint, size_t size)
{
	char *a = letters(typed), *b = letters(expected);
	char *fa = text_fold(a, 1), *fb = text_fold(b, 1);
	int rc = 0;

	hint[0] = '\0';
	if (!strcmp(a, b))
		rc = 2;
	else if (*fa && !strcmp(fa, fb)) {
		rc = 1;
		xsnprintf(hint, size, "right, but mind the accents: %s", expected);
	}
	free(a);
	free(b);
	free(fa);
	free(fb);
	return rc;
}
