/* screen-reading-text.c: Reading a text: words by status, glosses, the English, then questions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/practice.h"
#include "aidioma/reading.h"
#include "aidioma/settings.h"
#include "banned.h"

#define TEXT_MAX_COLS 76

enum phase { READING, FINISHING, QUESTION, ANSWERED, RESULTS };

struct reader {
	enum phase phase;
	struct reading_text text;
	int cs, cw;          /* current sentence and word (-1: the sentence has none) */
	int full, english;   /* full-page view; the English of the sentence shown */
	int scroll;          /* full page: rows scrolled off the top */
	ms_t opened_at;
	long long read_ms;   /* from opening the text to the questions */
	int n_new;           /* FINISHING: forms still new */
	int q, opt, right, correct;
	struct editor ed;
	char given[EDITOR_BYTES];
	long counts[3];      /* the learner's words by status, after recording */
	char save_error[256];
};

static const struct help_entry text_help[] = {
	{ "←→ h l", "move by word; its gloss shows below" },
	{ "↑↓ j k", "move by sentence" },
	{ "1, 2", "mark the word learning, known" },
	{ "a", "add the word (or its phrase) to cards" },
	{ "t", "show or hide the English of the sentence" },
	{ "v", "sentence focus or full page" },
	{ "s", "speak the sentence (with espeak-ng)" },
	{ "Enter", "done reading: on to the questions" },
	{ "1-5, ↑↓ Enter", "questions: choose an option" },
	{ "typing, Enter", "questions: write a short answer, check it" },
	{ "F1", "this help while typing an answer" },
	{ "q, Esc", "back to the texts (saved only when done)" },
	{ NULL, NULL },
};

/* The text screen_reading_open() prepared, taken by enter(). */
static struct reader *pending;

static int first_word(const struct reader *r, int s)
{
	int w;

	for (w = 0; w < r->text.sentences[s].n_words; w++)
		if (!r->text.sentences[s].words[w].number)
			return w;
	return -1;
}

static const struct screen screen_reading_text;

int screen_reading_open(struct tui *t, const char *id)
{
	struct err e = ERR_INIT;
	struct content c;
	struct reader *r;

	if (store_content_get(t->o->st, id, &c, &e)) {
		tui_notice(t, "cannot open the text: %s", e.msg);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	if (reading_text_parse(&c, &r->text, &e)) {
		reading_text_release(&r->text);
		content_release(&c);
		free(r);
		tui_notice(t, "cannot open the text: %s", e.msg);
		return -1;
	}
	content_release(&c);
	if (reading_text_statuses(t->o->st, t->o->user->id, &r->text, &e))
		tui_notice(t, "word statuses unavailable: %s", e.msg);
	r->cw = first_word(r, 0);
	editor_init(&r->ed, ANSWER_MAX_CHARS, settings_get_bool(t->o->settings, "accent_helper"));
	r->opened_at = clock_now_ms();
	pending = r;
	tui_push(t, &screen_reading_text);
	if (pending) { /* the screen stack is full */
		pending = NULL;
		reading_text_release(&r->text);
		free(r);
		tui_notice(t, "cannot open the text: too many screens open");
		return -1;
	}
	return 0;
}

static void *enter(struct tui *t)
{
	struct reader *r = pending;

	(void)t;
	pending = NULL;
	return r;
}

static void leave(struct tui *t, void *state)
{
	struct reader *r = state;

	(void)t;
	if (!r)
		return;
	reading_text_release(&r->text);
	free(r);
}

/* ---- drawing helpers */

/* Columns of s[0..n). */
static int span_width(const char *s, size_t n)
{
	char buf[512];

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return utf8_width(buf);
}

static int draw_span(int y, int x, int maxw, enum role role, attr_t extra, const char *s, size_t n)
{
	char buf[512];
	int used;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (extra)
		attron(extra);
	used = draw_text(y, x, maxw, role, buf);
	if (extra)
		attroff(extra);
	return used;
}

/* Text wrapped at spaces by columns; returns the rows used (draw 0: only counts them). */
static int wrap(int y, int x, int w, int max_rows, enum role role, const char *s, int draw)
{
	int rows = 0;

	while (*s && rows < max_rows) {
		size_t n = strlen(s), i = 0, cut = 0;
		int width = 0;

		while (i < n) {
			size_t next = utf8_next(s, n, i);

			width += span_width(s + i, next - i);
			if (width > w)
				break;
			if (s[i] == ' ')
				cut = i;
			i = next;
		}
		if (i >= n || !cut)
			cut = i;
		if (draw)
			draw_span(y + rows, x, w, role, 0, s, cut);
		rows++;
		s += cut;
		while (*s == ' ')
			s++;
	}
	return rows;
}

static int draw_wrapped(int y, int x, int w, int max_rows, enum role role, const char *s)
{
	return wrap(y, x, w, max_rows, role, s, 1);
}

static enum role status_role(int status)
{
	return status == WORD_NEW ? R_TITLE : status == WORD_LEARNING ? R_DUE : R_NORMAL;
}

static const char *status_name(int status)
{
	return status == WORD_NEW ? "new" : status == WORD_LEARNING ? "learning" : "known";
}

/* ---- the text, laid out by columns */

/* A pen over virtual rows; only rows [scroll, scroll + rows) reach the screen. */
struct flow {
	int y, rows, x, width;
	int scroll;
	int row, col;
	int draw, dim;
	int cur_row;         /* virtual row of the current word, -1 until met */
};

/* Draw the bytes [a, b) of sentence s, a run without spaces, at the pen:
 * each word in the role of its status, the rest plain.  *wi walks the words. */
static void draw_run(struct tui *t, struct reader *r, const struct flow *f, int s, size_t a,
		     size_t b, int *wi)
{
	const struct reading_sentence *se = &r->text.sentences[s];
	int x = f->x + f->col, maxw = f->width - f->col, y = f->y + f->row - f->scroll;
	size_t j = a;

	while (j < b && maxw > 0) {
		size_t from = j;
		enum role role = f->dim ? R_DIM : R_NORMAL;
		attr_t extra = 0;
		int used;

		while (*wi < se->n_words && se->words[*wi].off < j)
			(*wi)++;
		if (*wi < se->n_words && se->words[*wi].off == j) {
			const struct reading_word *rw = &se->words[*wi];

			if (s == r->cs && *wi == r->cw)
				role = R_SELECTED;
			else if (!f->dim && !rw->number)
				role = status_role(rw->status);
			if (role == R_TITLE && !t->color)
				extra = A_UNDERLINE; /* new and learning are both bold in mono */
			j += rw->len;
			(*wi)++;
		} else if (*wi < se->n_words && se->words[*wi].off < b) {
			j = se->words[*wi].off;
		} else {
			j = b;
		}
		used = draw_span(y, x, maxw, role, extra, se->es + from, j - from);
		x += used;
		maxw -= used;
	}
}

/* Lay sentence s out from the pen, breaking lines at spaces. */
static void flow_sentence(struct tui *t, struct reader *r, struct flow *f, int s)
{
	const struct reading_sentence *se = &r->text.sentences[s];
	const char *p = se->es;
	size_t n = strlen(p), i = 0, a;
	int wi = 0, w, vis;

	if (s == r->cs && r->cw < 0 && f->cur_row < 0)
		f->cur_row = f->row;
	while (i < n) {
		if (p[i] == ' ') {
			i++;
			continue;
		}
		for (a = i; i < n && p[i] != ' '; i++)
			;
		w = span_width(p + a, i - a);
		if (f->col > 0) {
			if (f->col + 1 + w > f->width) {
				f->row++;
				f->col = 0;
			} else {
				f->col++;
			}
		}
		if (s == r->cs && r->cw >= 0 && se->words[r->cw].off >= a &&
		    se->words[r->cw].off < i)
			f->cur_row = f->row;
		vis = f->row >= f->scroll && f->row < f->scroll + f->rows;
		if (f->draw && vis) {
			if (s == r->cs && r->full) /* mark the rows of the current sentence */
				draw_text(f->y + f->row - f->scroll, f->x - 2, 1, R_ACCENT, "▎");
			draw_run(t, r, f, s, a, i, &wi);
		}
		f->col += w < f->width ? w : f->width;
	}
}

static int sentence_rows(struct tui *t, struct reader *r, int s, int width)
{
	struct flow f = { 0, 0, 0, width, 0, 0, 0, 0, 0, -1 };

	flow_sentence(t, r, &f, s);
	return f.row + 1;
}

/* Sentence focus: the previous sentence dimmed, the current one (and its
 * English when asked for), the next dimmed. */
static void draw_focus(struct tui *t, struct reader *r, int top, int rows, int x, int width)
{
	const char *en = r->text.sentences[r->cs].en;
	int hp = r->cs > 0 ? sentence_rows(t, r, r->cs - 1, width) : 0;
	int hc = sentence_rows(t, r, r->cs, width);
	int he = r->english ? wrap(0, 0, width, rows, R_HINT, en, 0) : 0;
	int hn = r->cs + 1 < r->text.n_sentences ? sentence_rows(t, r, r->cs + 1, width) : 0;
	int rest = rows - hc - he - (hp > 0) - (hn > 0), pp, pn, y = top;

	if (rest < 0)
		rest = 0;
	pn = hn < rest / 2 ? hn : rest / 2;
	pp = hp < rest - pn ? hp : rest - pn;
	pn = hn < rest - pp ? hn : rest - pp;
	if (pp > 0) {
		struct flow f = { y, pp, x, width, hp - pp, 0, 0, 1, 1, -1 };

		flow_sentence(t, r, &f, r->cs - 1);
		y += pp + 1;
	}
	{
		struct flow f = { y, rows - (y - top), x, width, 0, 0, 0, 1, 0, -1 };

		flow_sentence(t, r, &f, r->cs);
		y += hc;
	}
	if (he && y < top + rows)
		y += wrap(y, x, width, top + rows - y, R_HINT, en, 1);
	y++;
	if (pn > 0) {
		struct flow f = { y, pn, x, width, 0, 0, 0, 1, 1, -1 };

		flow_sentence(t, r, &f, r->cs + 1);
	}
}

static void flow_page(struct tui *t, struct reader *r, struct flow *f)
{
	int s;

	for (s = 0; s < r->text.n_sentences; s++) {
		if (s > 0 && r->text.sentences[s].paragraph) {
			f->row += 2; /* a blank row between paragraphs */
			f->col = 0;
		}
		flow_sentence(t, r, f, s);
	}
}

/* Full page: paragraphs kept, scrolled so that the current word shows. */
static void draw_page(struct tui *t, struct reader *r, int top, int rows, int x, int width)
{
	struct flow f = { top, rows, x, width, 0, 0, 0, 0, 0, -1 };

	flow_page(t, r, &f);
	if (f.cur_row >= 0 && f.cur_row < r->scroll)
		r->scroll = f.cur_row;
	if (f.cur_row >= r->scroll + rows)
		r->scroll = f.cur_row - rows + 1;
	if (r->scroll > f.row + 1 - rows)
		r->scroll = f.row + 1 - rows > 0 ? f.row + 1 - rows : 0;
	f = (struct flow){ top, rows, x, width, r->scroll, 0, 0, 1, 0, -1 };
	flow_page(t, r, &f);
}

/* The panel under the text: the word, its status and gloss, the English. */
static void draw_panel(struct tui *t, struct reader *r, int y)
{
	const struct reading_sentence *se = &r->text.sentences[r->cs];
	const struct reading_word *w = r->cw >= 0 ? &se->words[r->cw] : NULL;
	char buf[768];
	int x = 3, wd = COLS - 6, used, row;

	(void)t;
	draw_box(y, 1, 7, COLS - 2, R_DIM);
	draw_text(y, 3, 10, R_DIM, " Word ");
	if (r->phase == FINISHING) {
		xsnprintf(buf, sizeof(buf), "%d word%s of this text %s still new.", r->n_new,
			  r->n_new == 1 ? "" : "s", r->n_new == 1 ? "is" : "are");
		draw_text(y + 1, x, wd, R_ACCENT, buf);
		draw_text(y + 2, x, wd, R_NORMAL, "Mark them all as known before the questions?");
		draw_text(y + 4, x, wd, R_DIM,
			  "y: mark them known · n: keep them new · Esc: back to the text");
		return;
	}
	if (!w) {
		draw_text(y + 1, x, wd, R_DIM, "No words in this sentence.");
	} else {
		used = draw_span(y + 1, x, wd, R_ACCENT, 0, se->es + w->off, w->len);
		xsnprintf(buf, sizeof(buf), "status: %s", status_name(w->status));
		used += 2 + draw_text(y + 1, x + used + 2, wd - used - 2, status_role(w->status),
				      buf);
		draw_text(y + 1, x + used + 2, wd - used - 2, R_DIM,
			  "· 1 learning · 2 known · a add to cards");
		if (w->gloss >= 0) {
			const struct reading_gloss *g = &r->text.glosses[w->gloss];

			xsnprintf(buf, sizeof(buf), "%s · %s · %s", g->lemma, g->pos, g->en);
			draw_text(y + 2, x, wd, R_NORMAL, buf);
		} else {
			draw_text(y + 2, x, wd, R_DIM, "no gloss");
		}
		if (w->phrase >= 0) {
			const struct reading_gloss *g = &r->text.glosses[w->phrase];

			xsnprintf(buf, sizeof(buf), "in «%s»: %s · %s · %s", g->word, g->lemma,
				  g->pos, g->en);
			draw_text(y + 3, x, wd, R_HINT, buf);
		}
	}
	row = y + (w && w->phrase >= 0 ? 4 : 3);
	if (r->english && r->full) { /* in sentence focus it shows under the sentence */
		xsnprintf(buf, sizeof(buf), "English: %s", se->en);
		draw_wrapped(row, x, wd, y + 6 - row, R_HINT, buf);
	} else {
		draw_text(row, x, wd, R_DIM, r->english ? "t hides the English" :
			  "t shows the English of this sentence");
	}
}

static void draw_reading(struct tui *t, struct reader *r)
{
	char buf[256];
	int panel = LINES - 9, top = 3, x, width;

	xsnprintf(buf, sizeof(buf), "sentence %d of %d", r->cs + 1, r->text.n_sentences);
	draw_text(0, COLS - 2 - utf8_width(buf), utf8_width(buf), R_DIM, buf);
	xsnprintf(buf, sizeof(buf), "%s · %ld words", r->text.title_en, r->text.n_words);
	draw_text(1, 2, COLS - 28, R_DIM, buf);
	x = COLS - 24;
	x += draw_span(1, x, 4, status_role(WORD_NEW), t->color ? 0 : A_UNDERLINE, "new", 3) + 1;
	x += draw_text(1, x, 9, status_role(WORD_LEARNING), "learning") + 1;
	draw_text(1, x, 6, status_role(WORD_KNOWN), "known");
	/* lines an eye can follow, however wide the terminal */
	width = COLS - 8 < TEXT_MAX_COLS ? COLS - 8 : TEXT_MAX_COLS;
	if (r->full)
		draw_page(t, r, top, panel - 1 - top, 4, width);
	else
		draw_focus(t, r, top, panel - 1 - top, 4, width);
	draw_panel(t, r, panel);
	if (r->phase == FINISHING)
		draw_text(LINES - 2, 2, COLS - 4, R_DIM,
			  "y mark known · n keep new · Esc back to the text");
	else if (r->full)
		draw_text(LINES - 2, 2, COLS - 4, R_DIM,
			  "←→ word · ↑↓ sentence · t English · v focus view · Enter questions · ? help");
	else
		draw_text(LINES - 2, 2, COLS - 4, R_DIM,
			  "←→ word · ↑↓ sentence · t English · v full page · Enter questions · ? help");
}

/* ---- the questions */

static void draw_question(struct tui *t, struct reader *r)
{
	const struct reading_question *q = &r->text.questions[r->q];
	char buf[768];
	int y = 2, i;

	(void)t;
	xsnprintf(buf, sizeof(buf), "question %d of %d · %d right", r->q + 1, r->text.n_questions,
		  r->correct);
	draw_text(0, COLS - 2 - utf8_width(buf), utf8_width(buf), R_DIM, buf);
	y += draw_wrapped(y, 2, COLS - 4, 3, R_ACCENT, q->question);
	y += draw_wrapped(y, 2, COLS - 4, 2, R_DIM, q->question_en);
	y++;
	if (q->choice) {
		for (i = 0; i < q->n_options && y < LINES - 6; i++) {
			enum role role = R_NORMAL;
			const char *mark = "  ";

			if (r->phase == ANSWERED && i == q->answer) {
				role = R_CORRECT;
				mark = "✓ ";
			} else if (r->phase == ANSWERED && i == r->opt) {
				role = R_WRONG;
				mark = "✗ ";
			} else if (r->phase == QUESTION && i == r->opt) {
				role = R_SELECTED;
				attron(theme_attr(R_SELECTED));
				mvhline(y, 2, ' ', COLS - 4);
				attroff(theme_attr(R_SELECTED));
			}
			xsnprintf(buf, sizeof(buf), "%s%d  %s", mark, i + 1, q->options[i]);
			y += draw_wrapped(y, 2, COLS - 4, 2, role, buf);
		}
	} else {
		draw_text(y, 2, 2, R_ACCENT, ">");
		if (r->phase == QUESTION)
			editor_draw(&r->ed, y, 4, COLS - 6, R_EDIT);
		else
			draw_text(y, 4, COLS - 6, r->right ? R_CORRECT : R_WRONG, r->given);
		y++;
	}
	y++;
	if (r->phase == ANSWERED) {
		draw_text(y++, 2, COLS - 4, r->right ? R_CORRECT : R_WRONG,
			  r->right ? "✓ Right." : "✗ Wrong.");
		if (q->choice && !r->right) {
			xsnprintf(buf, sizeof(buf), "The answer: %s", q->options[q->answer]);
			y += draw_wrapped(y, 2, COLS - 4, 2, R_NORMAL, buf);
		} else if (!q->choice) {
			struct sbuf sb = SBUF_INIT;

			sbuf_adds(&sb, "Accepted: ");
			for (i = 0; i < q->n_accepted; i++)
				sbuf_addf(&sb, "%s%s", i ? " · " : "", q->accepted[i]);
			y += draw_wrapped(y, 2, COLS - 4, 3, R_NORMAL, sb.buf);
			sbuf_release(&sb);
		}
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, r->q + 1 < r->text.n_questions ?
			  "Enter next question · ? help · q back to the texts" :
			  "Enter see your score · ? help · q back to the texts");
	} else if (q->choice) {
		xsnprintf(buf, sizeof(buf), "1-%d or ↑↓ Enter answer · ? help · q back to the texts",
			  q->n_options);
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, buf);
	} else {
		draw_text(LINES - 2, 2, COLS - 4, R_DIM,
			  "type the answer · Enter check · F1 help · Esc back to the texts");
	}
}

static void draw_results(struct tui *t, struct reader *r)
{
	long long secs = r->read_ms / 1000;
	char buf[256];
	int y = 3;

	(void)t;
	draw_text(y++, 2, COLS - 4, R_ACCENT, "Text finished");
	y++;
	if (r->text.n_questions)
		xsnprintf(buf, sizeof(buf), "Comprehension: %.0f%% (%d of %d right)",
			  reading_score(r->correct, r->text.n_questions), r->correct,
			  r->text.n_questions);
	else
		xstrlcpy(buf, "Comprehension: no questions", sizeof(buf));
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "Reading time:  %lldm %02llds", secs / 60, secs % 60);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "Words:         %ld (%.0f words per minute)", r->text.n_words,
		  reading_wpm(r->text.n_words, r->read_ms));
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "Your words:    %ld known · %ld learning",
		  r->counts[WORD_KNOWN], r->counts[WORD_LEARNING]);
	draw_text(y++, 4, COLS - 6, R_NORMAL, buf);
	y++;
	if (r->save_error[0]) {
		xsnprintf(buf, sizeof(buf), "Not saved: %s", r->save_error);
		draw_text(y, 4, COLS - 6, R_WRONG, buf);
	} else {
		draw_text(y, 4, COLS - 6, R_DIM, "Saved to your progress.");
	}
	draw_text(LINES - 2, 2, COLS - 4, R_DIM, "Enter or q back to the texts");
}

static void draw(struct tui *t, void *state)
{
	struct reader *r = state;

	if (!r)
		return;
	draw_text(0, 1, 10, R_TITLE, "Reading · ");
	draw_text(0, 11, COLS - 40, R_TITLE, r->text.title);
	switch (r->phase) {
	case READING:
	case FINISHING:
		draw_reading(t, r);
		break;
	case QUESTION:
	case ANSWERED:
		draw_question(t, r);
		break;
	case RESULTS:
		draw_results(t, r);
		break;
	}
}

/* ---- actions */

static void move_word(struct reader *r, int dir)
{
	int s = r->cs, w = r->cw;

	for (;;) {
		w += dir;
		while (w < 0 || w >= r->text.sentences[s].n_words) {
			if (s + dir < 0 || s + dir >= r->text.n_sentences)
				return; /* the first or last word already */
			s += dir;
			w = dir > 0 ? 0 : r->text.sentences[s].n_words - 1;
		}
		if (!r->text.sentences[s].words[w].number)
			break;
	}
	r->cs = s;
	r->cw = w;
}

static void move_sentence(struct reader *r, int dir)
{
	if (r->cs + dir < 0 || r->cs + dir >= r->text.n_sentences)
		return;
	r->cs += dir;
	r->cw = first_word(r, r->cs);
}

static void mark(struct tui *t, struct reader *r, int status)
{
	struct reading_word *w;
	struct err e = ERR_INIT;

	if (r->cw < 0)
		return;
	w = &r->text.sentences[r->cs].words[r->cw];
	if (store_word_set(t->o->st, t->o->user->id, w->lower, status, &e)) {
		tui_notice(t, "could not save the word: %s", e.msg);
		return;
	}
	reading_text_set_status(&r->text, w->lower, status);
}

/* A word with its gloss; a word inside a glossed phrase, the phrase; else
 * the word with the sentence it was met in. */
static void add_card(struct tui *t, struct reader *r)
{
	const struct reading_sentence *se = &r->text.sentences[r->cs];
	struct reading_word *w;
	struct err e = ERR_INIT;
	char es[READING_WORD_BYTES], en[768], id[65];

	if (r->cw < 0)
		return;
	w = &se->words[r->cw];
	if (w->gloss >= 0) {
		xstrlcpy(es, w->lower, sizeof(es));
		xstrlcpy(en, r->text.glosses[w->gloss].en, sizeof(en));
	} else if (w->phrase >= 0) {
		const struct reading_gloss *g = &r->text.glosses[w->phrase];

		reading_lower(g->word, strlen(g->word), es, sizeof(es));
		xstrlcpy(en, g->en, sizeof(en));
	} else {
		xstrlcpy(es, w->lower, sizeof(es));
		xsnprintf(en, sizeof(en), "(in: %s)", se->en);
	}
	if (card_add(t->o->st, t->o->user->id, es, en, "reading", id, &e)) {
		tui_notice(t, "could not add the card: %s", e.msg);
		return;
	}
	if (w->status == WORD_NEW)
		mark(t, r, WORD_LEARNING);
	tui_notice(t, "Added «%s» to your flashcards.", es);
}

/* The questions are done: record the reading. */
static void record(struct tui *t, struct reader *r)
{
	struct reading_result res = { r->text.n_words, r->read_ms, r->text.n_questions,
				      r->correct };
	struct err e = ERR_INIT;

	if (reading_record(t->o->st, t->o->user, r->text.id, &res, &e))
		xstrlcpy(r->save_error, e.msg, sizeof(r->save_error));
	if (store_words_count(t->o->st, t->o->user->id, r->counts, &e))
		r->counts[0] = r->counts[1] = r->counts[2] = 0;
}

static void start_questions(struct tui *t, struct reader *r)
{
	r->q = r->opt = r->correct = 0;
	editor_clear(&r->ed);
	r->save_error[0] = '\0';
	r->phase = QUESTION;
	if (!r->text.n_questions) {
		record(t, r);
		r->phase = RESULTS;
	}
}

static void finish_reading(struct tui *t, struct reader *r)
{
	const char **forms;

	r->read_ms = clock_now_ms() - r->opened_at;
	r->n_new = reading_text_forms(&r->text, WORD_NEW, &forms);
	free(forms);
	if (r->n_new)
		r->phase = FINISHING; /* ask first */
	else
		start_questions(t, r);
}

static void mark_new_known(struct tui *t, struct reader *r)
{
	const char **forms;
	struct err e = ERR_INIT;
	int n = reading_text_forms(&r->text, WORD_NEW, &forms), i;

	if (reading_words_set(t->o->st, t->o->user->id, forms, n, WORD_KNOWN, &e)) {
		tui_notice(t, "could not save the words: %s", e.msg);
	} else {
		for (i = 0; i < n; i++)
			reading_text_set_status(&r->text, forms[i], WORD_KNOWN);
		tui_notice(t, "%d word%s marked known.", n, n == 1 ? "" : "s");
	}
	free(forms);
}

static void answer(struct tui *t, struct reader *r)
{
	const struct reading_question *q = &r->text.questions[r->q];

	if (q->choice) {
		r->right = r->opt == q->answer;
	} else {
		if (!r->ed.len)
			return;
		xstrlcpy(r->given, r->ed.buf, sizeof(r->given));
		r->right = reading_short_correct(r->given, (const char *const *)q->accepted,
						 q->n_accepted);
	}
	r->correct += r->right;
	r->phase = ANSWERED;
	if (r->q + 1 == r->text.n_questions)
		record(t, r);
}

static void next_question(struct reader *r)
{
	if (r->q + 1 >= r->text.n_questions) {
		r->phase = RESULTS;
		return;
	}
	r->q++;
	r->opt = 0;
	editor_clear(&r->ed);
	r->phase = QUESTION;
}

/* ---- keys */

static int is_enter(wint_t ch, int is_fkey)
{
	return is_fkey ? ch == KEY_ENTER : ch == '\r' || ch == '\n';
}

static int is_back(wint_t ch, int is_fkey)
{
	return !is_fkey && (ch == 'q' || ch == 'Q' || ch == 27);
}

static int key_reading(struct tui *t, struct reader *r, wint_t ch, int is_fkey)
{
	if ((is_fkey && ch == KEY_RIGHT) || (!is_fkey && ch == 'l'))
		move_word(r, 1);
	else if ((is_fkey && ch == KEY_LEFT) || (!is_fkey && ch == 'h'))
		move_word(r, -1);
	else if ((is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j'))
		move_sentence(r, 1);
	else if ((is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k'))
		move_sentence(r, -1);
	else if (is_enter(ch, is_fkey))
		finish_reading(t, r);
	else if (is_fkey)
		return 0; /* q, Esc and ? go to the loop: back to the texts, help */
	else if (ch == '1')
		mark(t, r, WORD_LEARNING);
	else if (ch == '2')
		mark(t, r, WORD_KNOWN);
	else if (ch == 'a')
		add_card(t, r);
	else if (ch == 't')
		r->english = !r->english;
	else if (ch == 'v')
		r->full = !r->full;
	else if (ch == 's' && speech_available())
		speech_say(r->text.sentences[r->cs].es);
	else if (ch == 's')
		tui_notice(t, "Speaking needs espeak-ng.");
	else
		return 0;
	return 1;
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct reader *r = state;
	const struct reading_question *q;

	switch (r->phase) {
	case READING:
		return key_reading(t, r, ch, is_fkey);
	case FINISHING:
		if (!is_fkey && (ch == 'y' || ch == 'Y')) {
			mark_new_known(t, r);
			start_questions(t, r);
		} else if (!is_fkey && (ch == 'n' || ch == 'N')) {
			start_questions(t, r);
		} else if (is_back(ch, is_fkey)) {
			r->phase = READING;
		} else {
			return !is_fkey && ch == '?' ? 0 : 1;
		}
		return 1;
	case QUESTION:
		q = &r->text.questions[r->q];
		if (!q->choice) {
			if (is_enter(ch, is_fkey))
				answer(t, r);
			else if ((!is_fkey && ch == 27) || (is_fkey && ch == KEY_F(1)))
				return 0; /* back to the texts, help */
			else
				editor_key(&r->ed, ch, is_fkey);
			return 1; /* letters are text here: q and ? too */
		}
		if (!is_fkey && ch >= '1' && ch < '1' + (wint_t)q->n_options) {
			r->opt = (int)(ch - '1');
			answer(t, r);
		} else if ((is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k')) {
			r->opt = r->opt > 0 ? r->opt - 1 : 0;
		} else if ((is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j')) {
			r->opt = r->opt + 1 < q->n_options ? r->opt + 1 : r->opt;
		} else if (is_enter(ch, is_fkey)) {
			answer(t, r);
		} else {
			return 0;
		}
		return 1;
	case ANSWERED:
		if (is_enter(ch, is_fkey) || (!is_fkey && ch == ' ')) {
			next_question(r);
			return 1;
		}
		return 0;
	case RESULTS:
		if (is_enter(ch, is_fkey)) {
			tui_pop(t); /* frees r */
			return 1;
		}
		return 0;
	}
	return 0;
}

static const struct screen screen_reading_text = {
	"Reading a text", text_help, 80, 24, enter, leave, draw, key,
};
