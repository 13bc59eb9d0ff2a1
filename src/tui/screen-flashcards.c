/* screen-flashcards.c: Flashcards: today's queue, the four answers with their intervals, undo. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "tui/tui-int.h"
#include "aidioma/queue.h"
#include "banned.h"

enum phase { FRONT, TYPING, BACK, DONE, BROKEN };

struct cards {
	enum phase phase;
	struct scheduler sch;
	struct queue q;
	struct queue_undo undo;
	struct content c;
	struct progress p;
	int have_card, have_row;
	char labels[4][16];
	char pos[32], gender[8], ex_es[512], ex_en[512];
	int leech, typed_mode, reverse, suggested, typed_result;
	int ask_en;                          /* a card that asks the English (Anki's reverse) */
	char cloze_text[1024], cloze_answer[256]; /* a cloze card: the gap, what goes in it */
	char typed_hint[256];
	struct editor ed;
	ms_t shown_at;
	int reviewed;
	char error[256];
};

static const struct help_entry cards_help[] = {
	{ "Space, Enter", "show the answer" },
	{ "1 2 3 4", "Again, Hard, Good, Easy (each shows its interval)" },
	{ "Space (answer)", "Good, the usual answer" },
	{ "Enter (answer)", "the suggested answer in typed mode" },
	{ "u", "undo the last answer" },
	{ "x", "suspend this card (leeches are tagged)" },
	{ "s", "speak the Spanish (with espeak-ng)" },
	{ "typed mode", "type the Spanish, Enter checks it (Settings)" },
	{ NULL, NULL },
};

static const char *const answer_names[] = { "Again", "Hard", "Good", "Easy" };

static void drop_card(struct cards *k)
{
	if (k->have_card)
		content_release(&k->c);
	if (k->have_row)
		progress_release(&k->p);
	k->have_card = k->have_row = 0;
}

static void load_meta(struct cards *k)
{
	cJSON *m = cJSON_Parse(k->c.metadata), *ex;
	const cJSON *v;

	k->pos[0] = k->gender[0] = k->ex_es[0] = k->ex_en[0] = '\0';
	if ((v = cJSON_GetObjectItem(m, "pos")) && cJSON_IsString(v))
		xstrlcpy(k->pos, v->valuestring, sizeof(k->pos));
	if ((v = cJSON_GetObjectItem(m, "gender")) && cJSON_IsString(v))
		xstrlcpy(k->gender, v->valuestring, sizeof(k->gender));
	ex = cJSON_GetObjectItem(m, "example");
	if ((v = cJSON_GetObjectItem(ex, "es")) && cJSON_IsString(v))
		xstrlcpy(k->ex_es, v->valuestring, sizeof(k->ex_es));
	if ((v = cJSON_GetObjectItem(ex, "en")) && cJSON_IsString(v))
		xstrlcpy(k->ex_en, v->valuestring, sizeof(k->ex_en));
	v = cJSON_GetObjectItem(m, "ask");
	k->ask_en = cJSON_IsString(v) && !strcmp(v->valuestring, "english");
	k->cloze_text[0] = k->cloze_answer[0] = '\0';
	ex = cJSON_GetObjectItem(m, "cloze");
	if ((v = cJSON_GetObjectItem(ex, "text")) && cJSON_IsString(v))
		xstrlcpy(k->cloze_text, v->valuestring, sizeof(k->cloze_text));
	if ((v = cJSON_GetObjectItem(ex, "answer")) && cJSON_IsString(v))
		xstrlcpy(k->cloze_answer, v->valuestring, sizeof(k->cloze_answer));
	cJSON_Delete(m);
	k->leech = k->have_row && k->p.metadata && strstr(k->p.metadata, "\"leech\":true");
}

/* Show the card at the queue's position, rebuilding the queue when it runs out. */
static void show(struct tui *t, struct cards *k)
{
	struct err e = ERR_INIT;
	ms_t now = clock_now_ms();

	drop_card(k);
	editor_clear(&k->ed);
	k->typed_hint[0] = '\0';
	k->suggested = 0;
	if (k->q.pos >= k->q.n) {
		queue_release(&k->q);
		if (queue_build(t->o->st, t->o->user, t->o->settings, now, &k->q, &e)) {
			xstrlcpy(k->error, e.msg, sizeof(k->error));
			k->phase = BROKEN;
			return;
		}
	}
	if (k->q.pos >= k->q.n) {
		k->phase = DONE;
		return;
	}
	if (store_content_get(t->o->st, k->q.ids[k->q.pos], &k->c, &e)) {
		xstrlcpy(k->error, e.msg, sizeof(k->error));
		k->phase = BROKEN;
		return;
	}
	k->have_card = 1;
	k->have_row = store_progress_get(t->o->st, t->o->user->id, k->c.id, &k->p, NULL) == 0;
	load_meta(k);
	if (queue_preview(&k->sch, k->have_row ? &k->p : NULL, now, k->labels, &e))
		memset(k->labels, 0, sizeof(k->labels));
	k->shown_at = now;
	k->phase = k->typed_mode || (k->cloze_text[0] && k->cloze_answer[0]) ? TYPING : FRONT;
}

static void *enter(struct tui *t)
{
	struct cards *k = xcalloc(1, sizeof(*k));
	struct err e = ERR_INIT;

	k->typed_mode = settings_get_bool(t->o->settings, "typed_answers");
	k->reverse = settings_get_bool(t->o->settings, "reverse_cards");
	editor_init(&k->ed, 200, settings_get_bool(t->o->settings, "accent_helper"));
	if (scheduler_init(&k->sch, t->o->settings, t->o->user, &e)) {
		xstrlcpy(k->error, e.msg, sizeof(k->error));
		k->phase = BROKEN;
		return k;
	}
	show(t, k);
	return k;
}

static void leave(struct tui *t, void *state)
{
	struct cards *k = state;

	(void)t;
	drop_card(k);
	queue_release(&k->q);
	queue_undo_release(&k->undo);
	free(k);
}

static void draw_counts(struct cards *k)
{
	char buf[128];
	int kind = k->have_card ? queue_kind(k->have_row ? &k->p : NULL) : -1;
	int x;

	x = COLS - 40;
	xsnprintf(buf, sizeof(buf), "New %d", k->q.n_new);
	x += draw_text(0, x, 12, kind == 0 ? R_ACCENT : R_DIM, buf) + 3;
	xsnprintf(buf, sizeof(buf), "Learning %d", k->q.n_learning);
	x += draw_text(0, x, 14, kind == 1 ? R_ACCENT : R_DIM, buf) + 3;
	xsnprintf(buf, sizeof(buf), "Review %d", k->q.n_review);
	draw_text(0, x, 12, kind == 2 ? R_ACCENT : R_DIM, buf);
}

static void draw(struct tui *t, void *state)
{
	struct cards *k = state;
	const char *front, *back;
	char buf[600];
	int y = 3, i, w;

	draw_text(0, 1, 20, R_TITLE, "Flashcards");
	if (k->phase == BROKEN) {
		draw_text(2, 2, COLS - 4, R_WRONG, k->error);
		return;
	}
	draw_counts(k);
	if (k->phase == DONE) {
		draw_text(3, 2, COLS - 4, R_CORRECT, "No more cards for now. ¡Buen trabajo!");
		xsnprintf(buf, sizeof(buf), "Reviewed in this sitting: %d.", k->reviewed);
		draw_text(5, 4, COLS - 6, R_NORMAL, buf);
		draw_text(6, 4, COLS - 6, R_DIM, "New cards come each day within your daily limit "
			  "(Settings: daily_new).");
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, k->undo.valid ? "u undo · q back" : "q back");
		return;
	}
	front = k->reverse || k->typed_mode || k->ask_en ? k->c.secondary_text : k->c.primary_text;
	back = k->reverse || k->typed_mode || k->ask_en ? k->c.primary_text : k->c.secondary_text;
	if (k->cloze_text[0]) { /* the sentence with its gap; the whole sentence after */
		front = k->cloze_text;
		back = k->c.primary_text;
	}
	w = utf8_width(front);
	draw_text(y, w < COLS ? (COLS - w) / 2 : 0, COLS, R_ACCENT, front);
	y++;
	if (!k->reverse && !k->typed_mode && k->pos[0]) {
		xsnprintf(buf, sizeof(buf), "%s%s%s", k->pos, k->gender[0] ? ", " : "",
			  !strcmp(k->gender, "m") ? "masculine" : !strcmp(k->gender, "f") ? "feminine" :
			  !strcmp(k->gender, "mf") ? "masculine or feminine" : "");
		draw_text_centered(y, R_DIM, buf);
	}
	if (k->leech)
		draw_text(1, 2, 40, R_WRONG, "leech: forgotten 8 times (x suspends it)");
	y += 2;
	if (k->phase == TYPING) {
		draw_text(y, 2, 30, R_DIM, k->cloze_text[0] ? "Type what fills the gap:" :
			  "Type the Spanish:");
		editor_draw(&k->ed, y + 1, 4, COLS - 8, R_EDIT);
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, "Enter check · F1 help · Esc back");
		return;
	}
	if (k->phase == FRONT) {
		draw_text_centered(y + 2, R_DIM, "Space to show the answer");
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, k->undo.valid ?
			  "Space show · u undo · x suspend · ? help · q back" :
			  "Space show · x suspend · ? help · q back");
		return;
	}
	/* BACK */
	mvhline(y - 1, 4, ACS_HLINE, COLS - 8);
	w = utf8_width(back);
	draw_text(y++, w < COLS ? (COLS - w) / 2 : 0, COLS, R_NORMAL, back);
	if (k->typed_hint[0] || k->typed_result) {
		draw_text_centered(y++, k->typed_result == 2 ? R_CORRECT : k->typed_result == 1 ? R_HINT :
				   R_WRONG, k->typed_result == 2 ? "✓ right" : k->typed_result == 1 ?
				   k->typed_hint : "✗ not quite");
	}
	if (k->ex_es[0]) {
		y++;
		draw_text(y++, 4, COLS - 8, R_NORMAL, k->ex_es);
		draw_text(y++, 4, COLS - 8, R_DIM, k->ex_en);
	}
	y = LINES - 5;
	for (i = 0; i < 4; i++) {
		int x = 4 + i * ((COLS - 8) / 4);

		xsnprintf(buf, sizeof(buf), "%d %s", i + 1, answer_names[i]);
		draw_text(y, x, (COLS - 8) / 4 - 1, k->suggested == i + 1 ? R_SELECTED :
			  i == 0 ? R_WRONG : i == 3 ? R_CORRECT : R_NORMAL, buf);
		draw_text(y + 1, x + 2, (COLS - 8) / 4 - 3, R_DIM, k->labels[i]);
	}
	xsnprintf(buf, sizeof(buf), "1-4 answer%s · u undo · x suspend%s · ? help · q back",
		  k->suggested ? " · Enter the suggested one" : "", speech_available() ? " · s speak" : "");
	draw_text(LINES - 2, 2, COLS - 4, R_DIM, buf);
	(void)t;
}

static void answer(struct tui *t, struct cards *k, int rating)
{
	struct err e = ERR_INIT;
	ms_t now = clock_now_ms();
	int kind = queue_kind(k->have_row ? &k->p : NULL);

	if (queue_answer(t->o->st, &k->sch, t->o->user, k->c.id, rating, now, now - k->shown_at,
			 &k->undo, &e)) {
		tui_notice(t, "could not save the answer: %s", e.msg);
		return;
	}
	if (kind == 0 && k->q.n_new)
		k->q.n_new--;
	else if (kind == 1 && k->q.n_learning)
		k->q.n_learning--;
	else if (kind == 2 && k->q.n_review)
		k->q.n_review--;
	k->reviewed++;
	k->q.pos++;
	tui_after_activity(t);
	show(t, k);
}

static void undo(struct tui *t, struct cards *k)
{
	struct err e = ERR_INIT;
	char id[65];

	if (!k->undo.valid) {
		tui_notice(t, "Nothing to undo.");
		return;
	}
	xstrlcpy(id, k->undo.before.content_id, sizeof(id));
	if (queue_undo(t->o->st, t->o->user, &k->undo, &e)) {
		tui_notice(t, "could not undo: %s", e.msg);
		return;
	}
	/* rebuild, and bring the card back to the front */
	queue_release(&k->q);
	if (queue_build(t->o->st, t->o->user, t->o->settings, clock_now_ms(), &k->q, &e) == 0) {
		int i;

		for (i = 0; i < k->q.n; i++)
			if (!strcmp(k->q.ids[i], id)) {
				char tmp[65];

				memcpy(tmp, k->q.ids[i], 65);
				memmove(k->q.ids[1], k->q.ids[0], (size_t)i * sizeof(k->q.ids[0]));
				memcpy(k->q.ids[0], tmp, 65);
				break;
			}
	}
	if (k->reviewed)
		k->reviewed--;
	tui_notice(t, "Undone.");
	show(t, k);
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct cards *k = state;
	int enter_key = (!is_fkey && (ch == '\r' || ch == '\n')) || (is_fkey && ch == KEY_ENTER);

	if (k->phase == TYPING) {
		if (enter_key) {
			k->typed_result = queue_check_typed(k->ed.buf, k->cloze_answer[0] ?
							    k->cloze_answer : k->c.primary_text,
							    k->typed_hint, sizeof(k->typed_hint));
			k->suggested = k->typed_result == 2 ? 3 : k->typed_result == 1 ? 3 : 1;
			k->phase = BACK;
			return 1;
		}
		if (!is_fkey && ch == 27)
			return 0;
		return editor_key(&k->ed, ch, is_fkey) || !(is_fkey && ch == KEY_F(1));
	}
	if (k->phase == BROKEN)
		return 0;
	if (!is_fkey && ch == 'u') {
		undo(t, k);
		return 1;
	}
	if (k->phase == DONE)
		return 0;
	if (!is_fkey && ch == 'x') {
		struct err e = ERR_INIT;

		if (!k->have_row) {
			tui_notice(t, "Only a card you have started can be suspended.");
			return 1;
		}
		if (queue_suspend(t->o->st, t->o->user, k->c.id, 1, &e))
			tui_notice(t, "could not suspend: %s", e.msg);
		else
			tui_notice(t, "Suspended: it stays out of your reviews.");
		k->q.pos++;
		show(t, k);
		return 1;
	}
	if (!is_fkey && ch == 's') {
		speech_say(k->c.primary_text);
		return 1;
	}
	if (k->phase == FRONT) {
		if (enter_key || (!is_fkey && ch == ' ')) {
			k->phase = BACK;
			return 1;
		}
		return 0;
	}
	/* BACK */
	if (!is_fkey && ch >= '1' && ch <= '4') {
		answer(t, k, (int)(ch - '0'));
		return 1;
	}
	if (enter_key && k->suggested) {
		answer(t, k, k->suggested);
		return 1;
	}
	if (enter_key || (!is_fkey && ch == ' ')) {
		answer(t, k, 3); /* Good, as Anki's default */
		return 1;
	}
	return 0;
}

const struct screen screen_flashcards = {
	"Flashcards", cards_help, 70, 20, enter, leave, draw, key,
};
