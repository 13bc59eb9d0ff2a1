/* screen-conversation.c: Conversation: pick a scenario, chat with the tutor, reach its goals. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/aiclient.h"
#include "aidioma/practice.h"
#include "aidioma/settings.h"
#include "aidioma/tutor.h"
#include "banned.h"

#define SPINNER_DELAY_MS 150
#define SIDE_W 28 /* the goals and new words panel */

enum phase { PICK, CHAT, THINKING, SUMMARY, EMPTY };

struct pick_item {
	struct content c;
	struct tutor_scenario s;
};

/* One line of the chat: the tutor's (with its English) or the learner's
 * (with its correction, NULL when there was none). */
struct chat_line {
	int learner;
	char *text, *en;
	char *corrected, *why;
};

struct new_word {
	char *spanish, *english;
	int added;
};

struct conv {
	enum phase phase;
	struct pick_item *items;
	int n_items, sel, top;
	char error[256];
	/* the conversation */
	struct tutor *tutor;
	struct tutor_glossary gl;
	struct chat_line *lines;
	int n_lines;
	struct new_word *words;
	int n_words, added;
	unsigned char *ticks; /* the goals reached, as shown */
	struct editor ed;
	char pending[EDITOR_BYTES];
	struct tutor_reply reply; /* filled on the worker thread */
	char job_error[256];
	struct job job;
	int show_corrections, show_english, scroll, confirm_leave;
	struct tutor_summary sum;
	char saved[256];
	struct ai_client *client; /* the endpoint, NULL offline */
	char mode[96];            /* what the header says plays the tutor */
};

static const struct help_entry conversation_help[] = {
	{ "typing", "write in Spanish; Enter sends your turn" },
	{ "F2, Ctrl-T", "the English of the tutor's last line" },
	{ "F3, Ctrl-O", "show or hide the corrections of your turns" },
	{ "F4, Ctrl-N", "add the new words to Flashcards" },
	{ "PgUp PgDn ↑↓", "scroll the conversation" },
	{ "F10, Ctrl-D", "end the conversation and see the summary" },
	{ "a' e' n~ u: ?", "accent helper: á é ñ ü, ¿ ¡ at the start" },
	{ "Ctrl-U, Ctrl-W", "clear the line, delete a word" },
	{ "Esc", "stop waiting; leave (twice: without saving)" },
	{ "picking", "↑↓ or j/k move, Enter starts, q back" },
	{ "summary", "Enter another scenario, q back to Home" },
	{ NULL, NULL },
};

/* ---- the list of scenarios */
static int add_item(const struct content *c, void *ctx)
{
	struct conv *p = ctx;
	struct pick_item *it;
	struct err e = ERR_INIT;

	p->items = xrealloc(p->items, (size_t)(p->n_items + 1) * sizeof(*p->items));
	it = &p->items[p->n_items];
	it->c = *c;
	it->c.primary_text = xstrdup(c->primary_text ? c->primary_text : "");
	it->c.secondary_text = xstrdup(c->secondary_text ? c->secondary_text : "");
	it->c.metadata = xstrdup(c->metadata ? c->metadata : "{}");
	if (tutor_scenario_parse(&it->c, &it->s, &e)) {
		tutor_scenario_release(&it->s);
		content_release(&it->c);
		return 0; /* a broken scenario is left out of the list */
	}
	p->n_items++;
	return 0;
}

static const char *sort_level; /* the learner's level while sorting */

static int level_rank(const char *d)
{
	if (sort_level && !strcmp(d, sort_level))
		return 0;
	return !strcmp(d, "beginner") ? 1 : !strcmp(d, "intermediate") ? 2 : 3;
}

/* The learner's level first, then by level, then as the course lists them. */
static int by_level(const void *a, const void *b)
{
	const struct pick_item *x = a, *y = b;
	int ra = level_rank(x->s.difficulty), rb = level_rank(y->s.difficulty);

	return ra != rb ? ra - rb : strcmp(x->c.id, y->c.id);
}

static void load_items(struct tui *t, struct conv *p)
{
	struct err e = ERR_INIT;

	if (store_content_foreach(t->o->st, "scenario", add_item, p, &e))
		xstrlcpy(p->error, e.msg, sizeof(p->error));
	sort_level = t->o->user->level;
	qsort(p->items, (size_t)p->n_items, sizeof(*p->items), by_level);
	sort_level = NULL;
	if (!p->n_items) {
		if (!p->error[0])
			xstrlcpy(p->error, "there are no scenarios: import a scenario pack with "
				 "'aidioma import FILE'", sizeof(p->error));
		p->phase = EMPTY;
	}
}

/* ---- the conversation */
static void add_line(struct conv *p, int learner, const char *text, const char *en)
{
	struct chat_line *l;

	p->lines = xrealloc(p->lines, (size_t)(p->n_lines + 1) * sizeof(*p->lines));
	l = &p->lines[p->n_lines++];
	memset(l, 0, sizeof(*l));
	l->learner = learner;
	l->text = xstrdup(text);
	l->en = en ? xstrdup(en) : NULL;
}

static void add_words(struct conv *p, const struct tutor_reply *r)
{
	int i;

	for (i = 0; i < r->n_words; i++) {
		struct new_word *w;

		p->words = xrealloc(p->words, (size_t)(p->n_words + 1) * sizeof(*p->words));
		w = &p->words[p->n_words++];
		w->spanish = xstrdup(r->words[i].spanish);
		w->english = xstrdup(r->words[i].english);
		w->added = 0;
	}
}

static void end_conversation(struct conv *p)
{
	int i;

	if (p->phase == THINKING) {
		job_cancel(&p->job);
		if (job_join(&p->job) == 0)
			tutor_reply_release(&p->reply);
	}
	tutor_free(p->tutor);
	p->tutor = NULL;
	tutor_glossary_release(&p->gl);
	for (i = 0; i < p->n_lines; i++) {
		free(p->lines[i].text);
		free(p->lines[i].en);
		free(p->lines[i].corrected);
		free(p->lines[i].why);
	}
	free(p->lines);
	p->lines = NULL;
	p->n_lines = 0;
	for (i = 0; i < p->n_words; i++) {
		free(p->words[i].spanish);
		free(p->words[i].english);
	}
	free(p->words);
	p->words = NULL;
	p->n_words = p->added = 0;
	free(p->ticks);
	p->ticks = NULL;
	p->saved[0] = '\0';
	p->phase = p->n_items ? PICK : EMPTY;
}

static int is_cancelled(void *arg)
{
	return job_cancelled(arg);
}

static void start_conversation(struct tui *t, struct conv *p)
{
	const struct pick_item *it = &p->items[p->sel];
	struct tutor_options o = { 0 };
	struct tutor_reply opening;
	struct err e = ERR_INIT;

	if (tutor_glossary_load(t->o->st, t->o->user->id, &p->gl, &e)) {
		tutor_glossary_release(&p->gl);
		tui_notice(t, "no new words this time: %s", e.msg);
	}
	o.level = t->o->user->level;
	o.glossary = &p->gl;
	o.cancelled = is_cancelled;
	o.cancel_arg = &p->job;
	if (p->client)
		o.backend = tutor_ai_new(p->client);
	if (tutor_start(&it->c, &o, &p->tutor, &opening, &e)) {
		tui_notice(t, "cannot start '%s': %s", it->s.title, e.msg);
		end_conversation(p);
		return;
	}
	p->ticks = xcalloc((size_t)it->s.n_goals + 1, 1);
	add_line(p, 0, opening.reply, opening.reply_en);
	add_words(p, &opening);
	tutor_reply_release(&opening);
	editor_clear(&p->ed);
	p->show_corrections = settings_get_bool(t->o->settings, "show_corrections");
	p->show_english = p->scroll = p->confirm_leave = 0;
	p->phase = CHAT;
}

/* On the worker thread: only the tutor, the pending turn and the reply. */
static int turn_job(void *arg)
{
	struct conv *p = arg;
	struct err e = ERR_INIT;
	int rc = tutor_turn(p->tutor, p->pending, &p->reply, &e);

	if (rc)
		xstrlcpy(p->job_error, e.msg, sizeof(p->job_error));
	return rc;
}

static void send_turn(struct tui *t, struct conv *p)
{
	if (!p->ed.len)
		return;
	xstrlcpy(p->pending, p->ed.buf, sizeof(p->pending));
	p->job_error[0] = '\0';
	if (job_start(&p->job, turn_job, p)) {
		tui_notice(t, "cannot ask the tutor");
		return;
	}
	editor_clear(&p->ed);
	p->confirm_leave = 0;
	p->phase = THINKING;
}

/* The tutor has answered (or the turn was cancelled). */
static void answered(struct tui *t, struct conv *p)
{
	const struct tutor_scenario *s = tutor_scenario(p->tutor);
	const struct tutor_exchange *x;
	struct chat_line *l;
	int rc = job_join(&p->job), i;

	p->phase = CHAT;
	if (rc) {
		editor_set(&p->ed, p->pending); /* nothing was said: the text comes back */
		if (job_cancelled(&p->job))
			tui_notice(t, "Cancelled: your turn was not sent.");
		else
			tui_notice(t, "the tutor could not answer: %s", p->job_error);
		return;
	}
	x = tutor_history(p->tutor, tutor_history_count(p->tutor) - 1);
	add_line(p, 1, x ? x->learner : p->pending, NULL);
	l = &p->lines[p->n_lines - 1];
	if (p->reply.has_correction) {
		l->corrected = xstrdup(p->reply.correction.corrected);
		l->why = xstrdup(p->reply.correction.explanation);
	}
	add_line(p, 0, p->reply.reply, p->reply.reply_en);
	add_words(p, &p->reply);
	if (p->reply.note)
		tui_notice(t, "%s", p->reply.note);
	for (i = 0; i < p->reply.n_goals; i++)
		p->ticks[p->reply.goals[i]] = 1;
	if (p->reply.n_goals == 1)
		tui_notice(t, "Goal reached: %s (%d of %d)", s->goals[p->reply.goals[0]].en,
			   p->reply.goals_reached, p->reply.goals_total);
	else if (p->reply.n_goals > 1)
		tui_notice(t, "%d goals reached (%d of %d)", p->reply.n_goals, p->reply.goals_reached,
			   p->reply.goals_total);
	tutor_reply_release(&p->reply);
	p->scroll = 0;
	p->show_english = 0;
}

static void finish(struct tui *t, struct conv *p)
{
	struct tutor_reply r;
	struct err e = ERR_INIT;

	if (tutor_end(p->tutor, &r, &p->sum, &e)) {
		tui_notice(t, "%s", e.msg);
		return;
	}
	add_line(p, 0, r.reply, r.reply_en);
	tutor_reply_release(&r);
	if (!p->sum.turns)
		xstrlcpy(p->saved, "Nothing saved: you said nothing.", sizeof(p->saved));
	else if (tutor_record(t->o->st, t->o->user, p->tutor, &e))
		xsnprintf(p->saved, sizeof(p->saved), "Could not save it: %s", e.msg);
	else
		xstrlcpy(p->saved, "Saved to your progress.", sizeof(p->saved));
	p->phase = SUMMARY;
}

static void add_to_flashcards(struct tui *t, struct conv *p)
{
	struct sbuf names = SBUF_INIT;
	struct err e = ERR_INIT;
	char id[65];
	int i, n = 0;

	for (i = 0; i < p->n_words; i++) {
		if (p->words[i].added)
			continue;
		if (card_add(t->o->st, t->o->user->id, p->words[i].spanish, p->words[i].english,
			     "conversation", id, &e)) {
			tui_notice(t, "could not add '%s': %s", p->words[i].spanish, e.msg);
			sbuf_release(&names);
			return;
		}
		p->words[i].added = 1;
		p->added++;
		sbuf_addf(&names, "%s%s", n++ ? ", " : "", p->words[i].spanish);
	}
	if (n)
		tui_notice(t, "Added to your flashcards: %s.", names.buf);
	else
		tui_notice(t, "No new words to add.");
	sbuf_release(&names);
}

/* ---- drawing */

/* Bytes of s that fit in w columns, broken after a space when one fits. */
static size_t fit(const char *s, int w)
{
	size_t n = strlen(s), i = 0, best = 0;
	int width = 0;

	while (i < n) {
		size_t next = utf8_next(s, n, i);
		char ch[8];

		if (next - i >= sizeof(ch))
			break;
		memcpy(ch, s + i, next - i);
		ch[next - i] = '\0';
		width += utf8_width(ch);
		if (width > w)
			break;
		if (s[i] == ' ')
			best = i;
		i = next;
	}
	if (i >= n)
		return n;
	return best ? best : (i ? i : utf8_next(s, n, 0));
}

/* Draw s wrapped in w columns from row y, the first row after a prefix of
 * pw columns, the others indented by indent; rows outside [top, bottom)
 * are counted but not drawn.  Returns the rows used. */
static int wrap(int y, int top, int bottom, int x, int w, int pw, int indent, enum role r,
		const char *s)
{
	int rows = 0;

	while (*s) {
		int off = rows ? indent : pw;
		size_t k = fit(s, w - off);
		char buf[1024];

		if (k >= sizeof(buf))
			k = sizeof(buf) - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
		if (y + rows >= top && y + rows < bottom)
			draw_text(y + rows, x + off, w - off, r, buf);
		rows++;
		s += k;
		while (*s == ' ')
			s++;
	}
	return rows ? rows : 1;
}

static const char *first_name(const struct tutor_scenario *s, char *buf, size_t size)
{
	size_t n = strcspn(s->persona.name, " ");

	if (!strncmp(s->persona.name, "Doña ", 6) || !strncmp(s->persona.name, "Don ", 4))
		n = strlen(s->persona.name);
	xstrlcpy(buf, s->persona.name, n + 1 < size ? n + 1 : size);
	return buf;
}

/* The chat, bottom-aligned in rows [top, bottom) and w columns; drawn twice:
 * once to count the rows, once to show the ones that fit. */
static int draw_chat(struct conv *p, int top, int bottom, int w, int offset)
{
	const struct tutor_scenario *s = tutor_scenario(p->tutor);
	char name[64], prefix[80];
	int y = top - offset, i, last_tutor = -1, pw;

	first_name(s, name, sizeof(name));
	for (i = 0; i < p->n_lines; i++)
		if (!p->lines[i].learner)
			last_tutor = i;
	for (i = 0; i < p->n_lines; i++) {
		const struct chat_line *l = &p->lines[i];

		xsnprintf(prefix, sizeof(prefix), "%s:", l->learner ? "Tú" : name);
		if (y >= top && y < bottom)
			draw_text(y, 1, w, l->learner ? R_TITLE : R_ACCENT, prefix);
		pw = utf8_width(prefix) + 1;
		y += wrap(y, top, bottom, 1, w, pw, 2, R_NORMAL, l->text);
		if (!l->learner && i == last_tutor && p->show_english && l->en)
			y += wrap(y, top, bottom, 1, w, 2, 2, R_DIM, l->en);
		if (l->learner && p->show_corrections && l->corrected) {
			if (y >= top && y < bottom)
				draw_text(y, 3, 2, R_HINT, "✎");
			y += wrap(y, top, bottom, 1, w, 4, 4, R_HINT, l->corrected);
			y += wrap(y, top, bottom, 1, w, 4, 4, R_DIM, l->why);
		}
	}
	if (p->phase == THINKING) {
		if (y >= top && y < bottom)
			draw_text(y, 1, w, R_TITLE, "Tú:");
		y += wrap(y, top, bottom, 1, w, 4, 2, R_NORMAL, p->pending);
	}
	return y - (top - offset);
}

static void draw_side(struct conv *p, int x, int top, int bottom)
{
	const struct tutor_scenario *s = tutor_scenario(p->tutor);
	int y = top, i, n = 0, first;
	char buf[256];

	for (i = 0; i < s->n_goals; i++)
		n += p->ticks[i];
	xsnprintf(buf, sizeof(buf), "Goals %d/%d", n, s->n_goals);
	draw_text(y++, x, SIDE_W, R_TITLE, buf);
	for (i = 0; i < s->n_goals && y < bottom; i++) {
		draw_text(y, x, 4, p->ticks[i] ? R_CORRECT : R_DIM, p->ticks[i] ? "[x]" : "[ ]");
		y += wrap(y, top, bottom, x, SIDE_W, 4, 4, p->ticks[i] ? R_CORRECT : R_NORMAL,
			  s->goals[i].en);
	}
	y++;
	if (y >= bottom)
		return;
	draw_text(y++, x, SIDE_W, R_TITLE, "New words");
	if (!p->n_words) {
		draw_text(y, x, SIDE_W, R_DIM, "none yet");
		return;
	}
	/* the newest at the bottom; older ones give way */
	first = p->n_words - (bottom - 1 - y);
	if (first < 0)
		first = 0;
	for (i = first; i < p->n_words && y < bottom - 1; i++) {
		xsnprintf(buf, sizeof(buf), "%s %s — %s", p->words[i].added ? "✓" : "+",
			  p->words[i].spanish, p->words[i].english);
		draw_text(y++, x, SIDE_W, p->words[i].added ? R_CORRECT : R_NORMAL, buf);
	}
	if (p->added < p->n_words)
		draw_text(y, x, SIDE_W, R_DIM, "F4 adds them to Flashcards");
}

static void draw_header(struct conv *p, const char *title)
{
	char buf[256];
	int w = utf8_width(p->mode);

	xsnprintf(buf, sizeof(buf), "Conversation%s%s", title ? " · " : "", title ? title : "");
	draw_text(0, 1, COLS - w - 4, R_TITLE, buf);
	draw_text(0, COLS - w - 1, w, p->client ? R_DIM : R_HINT, p->mode);
}

static void draw_chat_screen(struct conv *p)
{
	const struct tutor_scenario *s = tutor_scenario(p->tutor);
	int cw = COLS - SIDE_W - 4, top = 2, bottom = LINES - 4, rows, h = bottom - top, max, i;
	char buf[512], name[64];

	draw_header(p, s->title);
	xsnprintf(buf, sizeof(buf), "%s · %s · %s · speaks %s", s->persona.name, s->persona.role,
		  s->persona.region, !strcmp(s->persona.address, "tu") ? "tú" : s->persona.address);
	draw_text(1, 1, COLS - 2, R_DIM, buf);
	rows = draw_chat(p, -1000, -1000, cw, 0); /* count only */
	max = rows > h ? rows - h : 0;
	if (p->scroll > max)
		p->scroll = max;
	draw_chat(p, top, bottom, cw, (rows > h ? rows - h : 0) - p->scroll);
	/* the rule between chat and panel shows when there is more to scroll */
	for (i = top; i < bottom; i++)
		draw_text(i, COLS - SIDE_W - 2, 1, R_DIM, "│");
	if (p->scroll < max)
		draw_text(top, COLS - SIDE_W - 2, 1, R_ACCENT, "↑");
	if (p->scroll)
		draw_text(bottom - 1, COLS - SIDE_W - 2, 1, R_ACCENT, "↓");
	draw_side(p, COLS - SIDE_W, top, bottom);
	if (p->phase == THINKING) {
		if (clock_now_ms() - p->job.started >= SPINNER_DELAY_MS) {
			xsnprintf(buf, sizeof(buf), "%s %s is answering… (Esc cancels)",
				  job_spinner(&p->job), first_name(s, name, sizeof(name)));
			draw_text(LINES - 3, 2, COLS - 4, R_DIM, buf);
		}
	} else {
		draw_text(LINES - 3, 1, 2, R_ACCENT, ">");
		editor_draw(&p->ed, LINES - 3, 3, COLS - 5, R_EDIT);
	}
	draw_text(LINES - 2, 1, COLS - 2, R_DIM,
		  "Enter send · F2 English · F3 corrections · F4 add words · F10 end · F1 help");
}

static void draw_pick(struct tui *t, struct conv *p)
{
	/* columns: the titles share what the terminal has beyond 80 */
	int extra = COLS - 80, wt = 20 + extra / 4, we = 18 + extra / 4, xe = 3 + wt + 1;
	int xl = xe + we + 1, xp = xl + 13, wp = COLS - 9 - xp, top = 4, h = LINES - 12, i, y;
	const struct tutor_scenario *s;
	char buf[512];

	draw_header(p, NULL);
	xsnprintf(buf, sizeof(buf), "Pick a scenario · %s first", t->o->user->level);
	draw_text(2, 2, COLS - 4, R_DIM, buf);
	draw_text(3, 3, wt, R_DIM, "Scenario");
	draw_text(3, xe, we, R_DIM, "In English");
	draw_text(3, xl, 12, R_DIM, "Level");
	draw_text(3, xp, wp, R_DIM, "Tutor");
	draw_text(3, COLS - 8, 7, R_DIM, "Goals");
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + h)
		p->top = p->sel - h + 1;
	for (i = p->top, y = top; i < p->n_items && y < top + h; i++, y++) {
		enum role r = i == p->sel ? R_SELECTED : R_NORMAL;

		s = &p->items[i].s;
		if (i == p->sel) {
			attron(theme_attr(R_SELECTED));
			mvhline(y, 1, ' ', COLS - 2);
			attroff(theme_attr(R_SELECTED));
		}
		draw_text(y, 1, 2, r, i == p->sel ? "›" : " ");
		draw_text(y, 3, wt, r, s->title);
		draw_text(y, xe, we, r, s->title_en);
		draw_text(y, xl, 12, r, s->difficulty);
		xsnprintf(buf, sizeof(buf), "%s, %s", s->persona.name, s->persona.region);
		draw_text(y, xp, wp, r, buf);
		xsnprintf(buf, sizeof(buf), "%d goals", s->n_goals);
		draw_text(y, COLS - 8, 7, r, buf);
	}
	if (p->top > 0)
		draw_text(top - 1, COLS - 9, 8, R_DIM, "↑ more");
	if (i < p->n_items)
		draw_text(top + h, COLS - 9, 8, R_DIM, "↓ more");
	s = &p->items[p->sel].s;
	wrap(LINES - 7, 0, LINES - 4, 2, COLS - 4, 0, 0, R_NORMAL, s->setting);
	{
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "%s, %s · speaks %s", s->persona.name, s->persona.role,
			  !strcmp(s->persona.address, "tu") ? "tú" : s->persona.address);
		for (i = 0; i < s->persona.n_traits; i++)
			sbuf_addf(&sb, "%s%s", i ? ", " : " · ", s->persona.traits[i]);
		draw_text(LINES - 4, 2, COLS - 4, R_DIM, sb.buf);
		sbuf_release(&sb);
	}
	draw_text(LINES - 2, 1, COLS - 2, R_DIM, "↑↓ move · Enter start · ? help · q back");
}

static void draw_summary(struct conv *p)
{
	const struct tutor_scenario *s = tutor_scenario(p->tutor);
	const struct chat_line *last = &p->lines[p->n_lines - 1];
	long long secs = p->sum.duration_ms / 1000;
	char buf[512], name[64];
	int y = 2, i;

	draw_header(p, s->title);
	draw_text(y++, 2, COLS - 4, R_ACCENT, "Conversation ended");
	xsnprintf(buf, sizeof(buf), "%s: %s", first_name(s, name, sizeof(name)), last->text);
	y += wrap(y, 0, LINES - 3, 2, COLS - 4, 0, 2, R_NORMAL, buf);
	y += wrap(y, 0, LINES - 3, 2, COLS - 4, 2, 2, R_DIM, last->en ? last->en : "");
	y++;
	xsnprintf(buf, sizeof(buf), "Turns:        %d", p->sum.turns);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "Corrections:  %d", p->sum.corrections);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "New words:    %d (%d added to Flashcards)", p->sum.new_words,
		  p->added);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "Goals:        %d of %d (%.0f%%)", p->sum.goals_reached,
		  p->sum.goals_total, p->sum.score);
	draw_text(y++, 4, COLS - 6, p->sum.goals_reached == p->sum.goals_total ? R_CORRECT : R_NORMAL,
		  buf);
	for (i = 0; i < s->n_goals && y < LINES - 5; i++) {
		draw_text(y, 6, 4, p->ticks[i] ? R_CORRECT : R_DIM, p->ticks[i] ? "[x]" : "[ ]");
		draw_text(y++, 10, COLS - 12, p->ticks[i] ? R_CORRECT : R_NORMAL, s->goals[i].en);
	}
	xsnprintf(buf, sizeof(buf), "Time:         %lldm %02llds", secs / 60, secs % 60);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	draw_text(y + 1, 4, COLS - 6, R_DIM, p->saved);
	draw_text(LINES - 2, 1, COLS - 2, R_DIM, "Enter another scenario · q back to Home");
}

static void draw(struct tui *t, void *state)
{
	struct conv *p = state;

	if (p->phase == THINKING && job_done(&p->job))
		answered(t, p);
	switch (p->phase) {
	case PICK:
		draw_pick(t, p);
		break;
	case CHAT:
	case THINKING:
		draw_chat_screen(p);
		break;
	case SUMMARY:
		draw_summary(p);
		break;
	case EMPTY:
		draw_header(p, NULL);
		draw_text(3, 2, COLS - 4, R_WRONG, "No conversation to hold:");
		draw_text(4, 4, COLS - 6, R_NORMAL, p->error);
		draw_text(LINES - 2, 1, COLS - 2, R_DIM, "q back");
		break;
	}
}

/* ---- keys */
static int key_pick(struct tui *t, struct conv *p, wint_t ch, int is_fkey)
{
	if ((is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k')) {
		p->sel = (p->sel + p->n_items - 1) % p->n_items;
		return 1;
	}
	if ((is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j')) {
		p->sel = (p->sel + 1) % p->n_items;
		return 1;
	}
	if (is_fkey && (ch == KEY_PPAGE || ch == KEY_HOME)) {
		p->sel = 0;
		return 1;
	}
	if (is_fkey && (ch == KEY_NPAGE || ch == KEY_END)) {
		p->sel = p->n_items - 1;
		return 1;
	}
	if ((is_fkey && (ch == KEY_ENTER || ch == KEY_RIGHT)) ||
	    (!is_fkey && (ch == '\r' || ch == '\n' || ch == 'l'))) {
		start_conversation(t, p);
		return 1;
	}
	return 0;
}

static int key_chat(struct tui *t, struct conv *p, wint_t ch, int is_fkey)
{
	if ((is_fkey && ch == KEY_ENTER) || (!is_fkey && (ch == '\r' || ch == '\n'))) {
		send_turn(t, p);
		return 1;
	}
	if ((is_fkey && ch == KEY_F(10)) || (!is_fkey && ch == 4)) {
		finish(t, p);
		return 1;
	}
	if ((is_fkey && ch == KEY_F(2)) || (!is_fkey && ch == 20)) {
		p->show_english = !p->show_english;
		p->scroll = 0;
		return 1;
	}
	if ((is_fkey && ch == KEY_F(3)) || (!is_fkey && ch == 15)) {
		p->show_corrections = !p->show_corrections;
		tui_notice(t, "Corrections %s.", p->show_corrections ? "shown" : "hidden");
		return 1;
	}
	if ((is_fkey && ch == KEY_F(4)) || (!is_fkey && ch == 14)) {
		add_to_flashcards(t, p);
		return 1;
	}
	if (is_fkey && (ch == KEY_PPAGE || ch == KEY_UP)) {
		p->scroll += ch == KEY_UP ? 1 : LINES / 2;
		return 1;
	}
	if (is_fkey && (ch == KEY_NPAGE || ch == KEY_DOWN)) {
		p->scroll -= ch == KEY_DOWN ? 1 : LINES / 2;
		if (p->scroll < 0)
			p->scroll = 0;
		return 1;
	}
	if (!is_fkey && ch == 27) {
		if (p->n_lines > 1 && !p->confirm_leave) {
			p->confirm_leave = 1;
			tui_notice(t, "Esc again leaves without saving; F10 or Ctrl-D ends and saves.");
			return 1;
		}
		end_conversation(p);
		return 1;
	}
	if (editor_key(&p->ed, ch, is_fkey)) {
		p->confirm_leave = 0;
		return 1;
	}
	return !is_fkey || ch != KEY_F(1); /* letters are text here: ? and q too */
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct conv *p = state;

	switch (p->phase) {
	case PICK:
		return key_pick(t, p, ch, is_fkey);
	case CHAT:
		return key_chat(t, p, ch, is_fkey);
	case THINKING:
		if (!is_fkey && ch == 27) {
			job_cancel(&p->job);
			if (p->client)
				ai_client_cancel(p->client); /* the call in flight ends now */
			answered(t, p);
		}
		return !is_fkey || ch != KEY_F(1);
	case SUMMARY:
		if ((is_fkey && ch == KEY_ENTER) || (!is_fkey && (ch == '\r' || ch == '\n'))) {
			end_conversation(p);
			return 1;
		}
		return 0;
	case EMPTY:
		return 0;
	}
	return 0;
}

static void *enter(struct tui *t)
{
	struct conv *p = xcalloc(1, sizeof(*p));

	editor_init(&p->ed, TUTOR_TURN_MAX_CHARS, settings_get_bool(t->o->settings, "accent_helper"));
	tutor_reply_init(&p->reply);
	p->phase = PICK;
	{
		char warning[512];

		/* one client for every conversation held here; each takes a back end */
		tutor_ai_open(t->o->settings, &p->client, NULL, warning, sizeof(warning));
		if (warning[0])
			tui_notice(t, "%s", warning);
		if (p->client)
			xsnprintf(p->mode, sizeof(p->mode), "AI tutor: %s", ai_client_model(p->client));
		else
			xstrlcpy(p->mode, "offline: scripted conversation", sizeof(p->mode));
	}
	load_items(t, p);
	return p;
}

static void leave(struct tui *t, void *state)
{
	struct conv *p = state;
	int i;

	(void)t;
	end_conversation(p);
	for (i = 0; i < p->n_items; i++) {
		tutor_scenario_release(&p->items[i].s);
		content_release(&p->items[i].c);
	}
	free(p->items);
	if (p->client)
		ai_client_free(p->client); /* after the tutor that borrowed it */
	free(p);
}

const struct screen screen_conversation = {
	"Conversation", conversation_help, 80, 24, enter, leave, draw, key,
};
