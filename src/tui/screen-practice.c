/* screen-practice.c: Practice: translate English sentences into Spanish and get graded. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "tui/tui-int.h"
#include "aidioma/aiclient.h"
#include "aidioma/embed.h"
#include "aidioma/practice.h"
#include "aidioma/settings.h"
#include "banned.h"

#define SPINNER_DELAY_MS 150

enum phase { ASKING, GRADING, RESULT, SUMMARY, EMPTY };

struct practice {
	enum phase phase;
	struct grading grading;
	struct content item;
	int have_item;
	char *hints[3];
	int n_hints, hints_shown;
	char note[256];   /* register, topic and grammar of the item */
	struct editor ed;
	struct eval_request rq;
	struct eval_result res;
	int have_res;
	struct similar_list similar; /* the learner's earlier answers like this one */
	struct job job;
	char answer[EDITOR_BYTES];
	ms_t item_started, session_started;
	/* the session */
	int done, length, hints_total, without_hints;
	double score_sum;
	char error[256];
};

static const struct help_entry practice_help[] = {
	{ "typing", "write the Spanish; Enter checks it" },
	{ "Tab or F2", "the next hint (costs 5, 10, 20 points)" },
	{ "a' e' n~ u: ?", "accent helper: á é ñ ü, and ¿ ¡ at the start" },
	{ "Ctrl-U, Ctrl-W", "clear the line, delete a word" },
	{ "Esc", "cancel grading; back to Home" },
	{ "after grading", "Enter next, b bookmark to Flashcards, s speak" },
	{ NULL, NULL },
};

static void free_item(struct practice *p)
{
	int i;

	if (p->have_item) {
		eval_request_release(&p->rq);
		content_release(&p->item);
	}
	for (i = 0; i < p->n_hints; i++)
		free(p->hints[i]);
	p->n_hints = p->hints_shown = 0;
	p->have_item = 0;
	if (p->have_res)
		eval_result_release(&p->res);
	p->have_res = 0;
	similar_list_release(&p->similar);
}

static void load_meta(struct practice *p)
{
	cJSON *m = cJSON_Parse(p->item.metadata), *it;
	struct sbuf sb = SBUF_INIT;
	const cJSON *reg = cJSON_GetObjectItem(m, "register");

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "hints"))
		if (cJSON_IsString(it) && p->n_hints < 3)
			p->hints[p->n_hints++] = xstrdup(it->valuestring);
	sbuf_addf(&sb, "%s · %s", p->item.difficulty, p->item.topic);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "grammar"))
		if (cJSON_IsString(it))
			sbuf_addf(&sb, " · %s", it->valuestring);
	if (cJSON_IsString(reg) && strcmp(reg->valuestring, "neutral"))
		sbuf_addf(&sb, " · use %s", !strcmp(reg->valuestring, "tu") ? "tú" : reg->valuestring);
	xstrlcpy(p->note, sb.buf ? sb.buf : "", sizeof(p->note));
	sbuf_release(&sb);
	cJSON_Delete(m);
}

static void next_item(struct tui *t, struct practice *p)
{
	struct practice_filter f = { t->o->user->level, NULL, NULL };
	struct err e = ERR_INIT;
	char id[65];

	free_item(p);
	editor_clear(&p->ed);
	p->error[0] = '\0';
	if (p->done >= p->length) {
		p->phase = SUMMARY;
		return;
	}
	if (practice_next(t->o->st, t->o->user->id, &f, clock_now_ms(), id, &e) ||
	    store_content_get(t->o->st, id, &p->item, &e)) {
		xstrlcpy(p->error, e.msg, sizeof(p->error));
		p->phase = EMPTY;
		return;
	}
	if (eval_request_from_content(&p->rq, &p->item, p->answer, &e)) {
		content_release(&p->item);
		xstrlcpy(p->error, e.msg, sizeof(p->error));
		p->phase = EMPTY;
		return;
	}
	p->have_item = 1;
	load_meta(p);
	p->item_started = clock_now_ms();
	p->phase = ASKING;
}

static void *enter(struct tui *t)
{
	struct practice *p = xcalloc(1, sizeof(*p));
	struct err e = ERR_INIT;

	grading_open(t->o->st, t->o->settings, 0, &p->grading, &e);
	if (p->grading.warning[0])
		tui_notice(t, "%s", p->grading.warning);
	p->length = (int)settings_get_int(t->o->settings, "session_length");
	p->session_started = clock_now_ms();
	editor_init(&p->ed, ANSWER_MAX_CHARS, settings_get_bool(t->o->settings, "accent_helper"));
	next_item(t, p);
	return p;
}

static void leave(struct tui *t, void *state)
{
	struct practice *p = state;

	(void)t;
	if (p->job.running)
		job_join(&p->job);
	free_item(p);
	grading_close(&p->grading);
	free(p);
}

/* On the worker thread: only the grader and the request are touched. */
static int grade_job(void *arg)
{
	struct practice *p = arg;
	struct err e = ERR_INIT;
	int rc = grader_grade(p->grading.grader, &p->rq, &p->res, &e);

	if (rc)
		xstrlcpy(p->error, e.msg, sizeof(p->error));
	return rc;
}

static void submit(struct tui *t, struct practice *p)
{
	if (!p->ed.len)
		return;
	xstrlcpy(p->answer, p->ed.buf, sizeof(p->answer));
	p->rq.answer = p->answer;
	p->rq.hints_used = p->hints_shown;
	p->error[0] = '\0';
	if (job_start(&p->job, grade_job, p)) {
		tui_notice(t, "cannot start grading");
		return;
	}
	p->phase = GRADING;
}

/* The grade is in: record it and show it. */
static void graded(struct tui *t, struct practice *p)
{
	struct err e = ERR_INIT;
	int rc = job_join(&p->job);

	if (job_cancelled(&p->job)) {
		if (rc == 0)
			eval_result_release(&p->res);
		p->phase = ASKING;
		return;
	}
	if (rc) {
		p->phase = ASKING;
		tui_notice(t, "grading failed: %s", p->error);
		return;
	}
	p->have_res = 1;
	/* before recording, so that this answer does not find itself */
	similar_mistakes(t->o->st, t->o->user->id, p->item.id, &p->res, SIMILAR_THRESHOLD, 1,
			 &p->similar, NULL);
	if (practice_record(t->o->st, t->o->user, &p->item, &p->rq, &p->res,
			    clock_now_ms() - p->item_started, &e))
		tui_notice(t, "could not save this answer: %s", e.msg);
	else
		tui_after_activity(t);
	p->done++;
	p->score_sum += p->res.score;
	p->hints_total += p->hints_shown;
	if (!p->hints_shown)
		p->without_hints++;
	p->phase = RESULT;
}

static int draw_wrapped(int y, int x, int w, int max_rows, enum role r, const char *s)
{
	/* break at spaces by columns; a word wider than w is cut */
	char line[1024];
	int rows = 0;

	while (*s && rows < max_rows) {
		size_t best = 0, i = 0;
		int width = 0;

		while (s[i]) {
			size_t next = utf8_next(s, strlen(s), i);
			char ch[8];

			memcpy(ch, s + i, next - i);
			ch[next - i] = '\0';
			width += utf8_width(ch);
			if (width > w)
				break;
			if (s[i] == ' ')
				best = i;
			i = next;
		}
		if (!s[i])
			best = i;
		else if (!best)
			best = i;
		if (best >= sizeof(line))
			best = sizeof(line) - 1;
		memcpy(line, s, best);
		line[best] = '\0';
		draw_text(y + rows, x, w, r, line);
		rows++;
		s += best;
		while (*s == ' ')
			s++;
	}
	return rows;
}

static void draw_header(struct tui *t, struct practice *p)
{
	char buf[128];

	(void)t;
	draw_text(0, 1, COLS - 2, R_TITLE, "Practice");
	if (p->phase != SUMMARY && p->phase != EMPTY) {
		xsnprintf(buf, sizeof(buf), "sentence %d of %d", p->done + (p->phase == RESULT ? 0 : 1),
			  p->length);
		draw_text(0, 12, 30, R_DIM, buf);
	}
	if (p->done) {
		xsnprintf(buf, sizeof(buf), "average %.0f", p->score_sum / p->done);
		draw_text(0, COLS - 14, 13, R_DIM, buf);
	}
}

static void draw_asking(struct tui *t, struct practice *p)
{
	int y = 2, i;
	char buf[600];

	(void)t;
	draw_text(y++, 2, COLS - 4, R_DIM, "Translate into Spanish:");
	y += draw_wrapped(y, 4, COLS - 6, 3, R_ACCENT, p->item.secondary_text);
	draw_text(y++, 4, COLS - 6, R_DIM, p->note);
	y++;
	for (i = 0; i < p->hints_shown; i++) {
		xsnprintf(buf, sizeof(buf), "Hint %d: %s", i + 1, p->hints[i]);
		y += draw_wrapped(y, 2, COLS - 4, 2, R_HINT, buf);
	}
	y = LINES - 6 > y + 1 ? LINES - 6 : y + 1;
	draw_text(y, 2, 2, R_ACCENT, ">");
	if (p->phase == GRADING) {
		draw_text(y, 4, COLS - 6, R_NORMAL, p->answer);
		if (clock_now_ms() - p->job.started >= SPINNER_DELAY_MS) {
			xsnprintf(buf, sizeof(buf), "%s grading… (Esc cancels)", job_spinner(&p->job));
			draw_text(y + 2, 4, COLS - 6, R_DIM, buf);
		}
	} else {
		editor_draw(&p->ed, y, 4, COLS - 6, R_EDIT);
	}
	if (p->hints_shown < p->n_hints)
		xsnprintf(buf, sizeof(buf), "Enter check · Tab hint %d (-%g) · F1 help · Esc back",
			  p->hints_shown + 1, hint_cost_total(p->hints_shown + 1) -
			  hint_cost_total(p->hints_shown));
	else
		xstrlcpy(buf, "Enter check · F1 help · Esc back", sizeof(buf));
	draw_text(LINES - 2, 2, COLS - 4, R_DIM, buf);
}

static enum role diff_role(enum diff_kind k)
{
	switch (k) {
	case DIFF_CORRECT:
		return R_CORRECT;
	case DIFF_CLOSE:
		return R_HINT;
	default:
		return R_WRONG;
	}
}

static void draw_result(struct tui *t, struct practice *p)
{
	const struct eval_result *r = &p->res;
	char buf[700];
	int y = 2, x, i;

	xsnprintf(buf, sizeof(buf), "%s %.0f  %s", r->verdict == VERDICT_CORRECT ? "✓" :
		  r->verdict == VERDICT_CLOSE ? "~" : "✗", r->score, r->grade);
	draw_text(y, 2, 14, r->verdict == VERDICT_CORRECT ? R_CORRECT :
		  r->verdict == VERDICT_CLOSE ? R_HINT : R_WRONG, buf);
	xsnprintf(buf, sizeof(buf), "%s · graded by the %s%s", verdict_name(r->verdict),
		  r->source == SRC_ANSWER_KEY ? "answer key" : r->source == SRC_CACHE ? "cache" :
		  r->source == SRC_AI ? "AI" : "offline evaluator", r->estimate ? " (estimate)" : "");
	draw_text(y++, 16, COLS - 18, R_DIM, buf);
	if (r->hints_used) {
		xsnprintf(buf, sizeof(buf), "%d hint%s: -%g points", r->hints_used,
			  r->hints_used == 1 ? "" : "s", r->hint_cost);
		draw_text(y++, 16, COLS - 18, R_HINT, buf);
	}
	y++;
	draw_text(y, 2, 12, R_DIM, "English:");
	y += draw_wrapped(y, 14, COLS - 16, 2, R_NORMAL, p->item.secondary_text);
	draw_text(y, 2, 12, R_DIM, "You wrote:");
	/* the word diff, coloured per word */
	x = 14;
	for (i = 0; i < r->n_diff; i++) {
		const struct diff_token *d = &r->diff[i];
		const char *w = d->kind == DIFF_MISSING ? d->expected : d->text;

		if (!w)
			continue;
		if (d->kind == DIFF_MISSING)
			xsnprintf(buf, sizeof(buf), "[+%s]", w);
		else if (d->kind == DIFF_EXTRA)
			xsnprintf(buf, sizeof(buf), "[-%s]", w);
		else
			xstrlcpy(buf, w, sizeof(buf));
		if (x + utf8_width(buf) >= COLS - 2) {
			y++;
			x = 14;
		}
		x += draw_text(y, x, COLS - 2 - x, diff_role(d->kind), buf) + 1;
	}
	if (!r->n_diff)
		draw_text(y, 14, COLS - 16, R_NORMAL, p->answer);
	y += 2;
	for (i = 0; i < r->n_errors && y < LINES - 7; i++) {
		xsnprintf(buf, sizeof(buf), "• %s: %s", error_cat_name(r->errors[i].cat),
			  r->errors[i].explanation);
		y += draw_wrapped(y, 2, COLS - 4, 2, r->errors[i].severity == SEV_MAJOR ? R_WRONG : R_HINT,
				  buf);
	}
	if (p->similar.n && y < LINES - 6) {
		const struct similar_answer *before = &p->similar.v[0];

		xsnprintf(buf, sizeof(buf), "You made a similar mistake before: %s%s%s",
			  before->answer, before->main_error[0] ? " — " : "", before->main_error);
		y++;
		y += draw_wrapped(y, 2, COLS - 4, 2, R_HINT, buf);
	}
	if (r->corrected && y < LINES - 5) {
		draw_text(++y, 2, 12, R_DIM, "Corrected:");
		y += draw_wrapped(y, 14, COLS - 16, 2, R_CORRECT, r->corrected);
	}
	for (i = 0; i < r->n_alternatives && y < LINES - 3; i++) {
		if (!i)
			draw_text(y, 2, 12, R_DIM, "Also right:");
		y += draw_wrapped(y, 14, COLS - 16, 1, R_NORMAL, r->alternatives[i]);
	}
	xsnprintf(buf, sizeof(buf), "Enter next · b bookmark%s · ? help · q back",
		  speech_available() ? " · s speak" : "");
	draw_text(LINES - 2, 2, COLS - 4, R_DIM, buf);
	(void)t;
}

static void draw_summary(struct tui *t, struct practice *p)
{
	long long secs = (clock_now_ms() - p->session_started) / 1000;
	char buf[256];
	int y = 3;

	(void)t;
	draw_text(y++, 2, COLS - 4, R_ACCENT, "Session complete");
	y++;
	xsnprintf(buf, sizeof(buf), "Sentences:     %d", p->done);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	if (p->done) {
		xsnprintf(buf, sizeof(buf), "Average score: %.0f (%s)", p->score_sum / p->done,
			  grade_letter(p->score_sum / p->done));
		draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
		xsnprintf(buf, sizeof(buf), "Hints used:    %d", p->hints_total);
		draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
		xsnprintf(buf, sizeof(buf), "Independence:  %.0f%% (%d of %d without hints)",
			  100.0 * p->without_hints / p->done, p->without_hints, p->done);
		draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	}
	xsnprintf(buf, sizeof(buf), "Time:          %lldm %02llds", secs / 60, secs % 60);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	draw_text(LINES - 2, 2, COLS - 4, R_DIM, "Enter practise again · q back to Home");
}

static void draw(struct tui *t, void *state)
{
	struct practice *p = state;

	if (p->phase == GRADING && job_done(&p->job))
		graded(t, p);
	draw_header(t, p);
	switch (p->phase) {
	case ASKING:
	case GRADING:
		draw_asking(t, p);
		break;
	case RESULT:
		draw_result(t, p);
		break;
	case SUMMARY:
		draw_summary(t, p);
		break;
	case EMPTY:
		draw_text(3, 2, COLS - 4, R_WRONG, "Nothing to practise:");
		draw_text(4, 4, COLS - 6, R_NORMAL, p->error);
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, "q back");
		break;
	}
}

static void bookmark(struct tui *t, struct practice *p)
{
	struct err e = ERR_INIT;
	char id[65];

	if (card_add(t->o->st, t->o->user->id, p->item.primary_text, p->item.secondary_text,
		     p->item.id, id, &e))
		tui_notice(t, "could not bookmark: %s", e.msg);
	else
		tui_notice(t, "Added to your flashcards.");
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct practice *p = state;

	switch (p->phase) {
	case GRADING:
		if (!is_fkey && ch == 27) {
			job_cancel(&p->job);
			grading_cancel(&p->grading);
			tui_notice(t, "Grading cancelled.");
			graded(t, p);
		}
		return 1; /* nothing else while grading */
	case ASKING:
		if ((!is_fkey && ch == '\t') || (is_fkey && ch == KEY_F(2))) {
			if (p->hints_shown < p->n_hints)
				p->hints_shown++;
			return 1;
		}
		if ((!is_fkey && (ch == '\r' || ch == '\n')) || (is_fkey && ch == KEY_ENTER)) {
			submit(t, p);
			return 1;
		}
		if (!is_fkey && ch == 27)
			return 0; /* back */
		if (editor_key(&p->ed, ch, is_fkey))
			return 1;
		return !is_fkey || ch != KEY_F(1); /* letters are text here: ? too */
	case RESULT:
		if ((!is_fkey && (ch == '\r' || ch == '\n' || ch == ' ')) || (is_fkey && ch == KEY_ENTER)) {
			next_item(t, p);
			return 1;
		}
		if (!is_fkey && ch == 'b') {
			bookmark(t, p);
			return 1;
		}
		if (!is_fkey && ch == 's') {
			speech_say(p->res.corrected ? p->res.corrected : p->item.primary_text);
			return 1;
		}
		return 0;
	case SUMMARY:
		if ((!is_fkey && (ch == '\r' || ch == '\n')) || (is_fkey && ch == KEY_ENTER)) {
			p->done = p->hints_total = p->without_hints = 0;
			p->score_sum = 0;
			p->session_started = clock_now_ms();
			next_item(t, p);
			return 1;
		}
		return 0;
	case EMPTY:
		return 0;
	}
	return 0;
}

const struct screen screen_practice = {
	"Practice", practice_help, 70, 20, enter, leave, draw, key,
};
