/* screen-welcome.c: the first run: the learner's name, level and a short placement quiz. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "tui/tui-int.h"
#include "aidioma/practice.h"
#include "banned.h"

enum step { NAME, LEVEL, QUIZ, PLACED };

struct welcome {
	enum step step;
	struct editor ed;
	int sel;
	int item, answered, chosen;
	unsigned right;
	const char *level;
};

static const struct help_entry welcome_help[] = {
	{ "typing, Enter", "your name, then Enter" },
	{ "Up/Down, 1-4", "choose your level, or the quiz" },
	{ "Enter", "confirm" },
	{ NULL, NULL },
};

static const char *const level_rows[] = {
	"Beginner: I know a few words and phrases",
	"Intermediate: I can talk about the past and make plans",
	"Advanced: I can use the subjunctive and hold a conversation",
	"Not sure: a six-question quiz will suggest a level",
};
static const char *const level_names[] = { "beginner", "intermediate", "advanced" };

/* The first run of a learner: never welcomed, and nothing done yet. */
int welcome_needed(const struct user *u)
{
	cJSON *p = cJSON_Parse(u->preferences ? u->preferences : "{}");
	int done = cJSON_IsTrue(cJSON_GetObjectItem(p, "welcomed"));

	cJSON_Delete(p);
	return !done;
}

static void *enter(struct tui *t)
{
	struct welcome *w = xcalloc(1, sizeof(*w));

	editor_init(&w->ed, 60, 0);
	editor_set(&w->ed, t->o->user->display_name[0] ? t->o->user->display_name :
		   t->o->user->login);
	return w;
}

static void leave(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

static void finish(struct tui *t, struct welcome *w)
{
	struct user *u = t->o->user;
	struct err e = ERR_INIT;
	cJSON *p = cJSON_Parse(u->preferences ? u->preferences : "{}");
	char *json;

	if (!cJSON_IsObject(p)) {
		cJSON_Delete(p);
		p = cJSON_CreateObject();
	}
	cJSON_DeleteItemFromObject(p, "welcomed");
	cJSON_AddBoolToObject(p, "welcomed", 1);
	json = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	free(u->preferences);
	u->preferences = xstrdup(json);
	cJSON_free(json);
	xstrlcpy(u->display_name, w->ed.buf, sizeof(u->display_name));
	xstrlcpy(u->level, w->level, sizeof(u->level));
	if (store_user_update(t->o->st, u, &e))
		tui_notice(t, "could not save your name and level: %s", e.msg);
	tui_pop(t);
}

static void draw(struct tui *t, void *state)
{
	struct welcome *w = state;
	char buf[256];
	int y = 2, i;

	(void)t;
	draw_text(0, 1, COLS - 2, R_TITLE, "aidioma");
	draw_text(y++, 2, COLS - 4, R_ACCENT, "¡Bienvenido! Welcome to aidioma.");
	y++;
	switch (w->step) {
	case NAME:
		draw_text(y++, 2, COLS - 4, R_NORMAL, "What should we call you?");
		y++;
		draw_text(y, 2, 2, R_ACCENT, ">");
		editor_draw(&w->ed, y, 4, COLS - 8 > 40 ? 40 : COLS - 8, R_EDIT);
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, "Enter continue · F1 help");
		break;
	case LEVEL:
		xsnprintf(buf, sizeof(buf), "Hola, %s. How much Spanish do you know?", w->ed.buf);
		draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
		y++;
		for (i = 0; i < 4; i++, y++) {
			xsnprintf(buf, sizeof(buf), " %d  %s", i + 1, level_rows[i]);
			if (i == w->sel) {
				attron(theme_attr(R_SELECTED));
				mvhline(y, 2, ' ', COLS - 4);
				attroff(theme_attr(R_SELECTED));
			}
			draw_text(y, 2, COLS - 4, i == w->sel ? R_SELECTED : R_NORMAL, buf);
		}
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, "↑↓ choose · Enter confirm · ? help");
		break;
	case QUIZ: {
		const struct placement_item *it = &placement_items[w->item];

		xsnprintf(buf, sizeof(buf), "Question %d of %d: choose the word that fits.", w->item + 1,
			  PLACEMENT_ITEMS);
		draw_text(y++, 2, COLS - 4, R_DIM, buf);
		y++;
		draw_text(y++, 4, COLS - 6, R_ACCENT, it->prompt);
		draw_text(y++, 4, COLS - 6, R_DIM, it->english);
		y++;
		for (i = 0; i < 3; i++, y++) {
			enum role r = i == w->sel ? R_SELECTED : R_NORMAL;

			if (w->answered)
				r = i == it->answer ? R_CORRECT : i == w->chosen ? R_WRONG : R_DIM;
			xsnprintf(buf, sizeof(buf), " %d  %s", i + 1, it->options[i]);
			draw_text(y, 4, COLS - 6, r, buf);
		}
		if (w->answered) {
			y++;
			draw_text(y++, 4, COLS - 6, w->chosen == it->answer ? R_CORRECT : R_WRONG,
				  w->chosen == it->answer ? "Right." : "Not quite.");
			draw_text(y, 4, COLS - 6, R_NORMAL, it->why);
			draw_text(LINES - 2, 2, COLS - 4, R_DIM, "Enter continue");
		} else {
			draw_text(LINES - 2, 2, COLS - 4, R_DIM, "1-3 or ↑↓ and Enter answer");
		}
		break;
	}
	case PLACED:
		xsnprintf(buf, sizeof(buf), "You answered %d of %d. We suggest: %s.",
			  __builtin_popcount(w->right), PLACEMENT_ITEMS, w->level);
		draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
		draw_text(y + 1, 2, COLS - 4, R_DIM, "You can change your level in Settings at any time.");
		draw_text(LINES - 2, 2, COLS - 4, R_DIM, "Enter start");
		break;
	}
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct welcome *w = state;
	int enter_key = (!is_fkey && (ch == '\r' || ch == '\n')) || (is_fkey && ch == KEY_ENTER);
	int n = w->step == LEVEL ? 4 : 3;

	if (w->step == NAME) {
		if (enter_key) {
			if (w->ed.len)
				w->step = LEVEL;
			return 1;
		}
		if (!is_fkey && ch == 27)
			return 0;
		return editor_key(&w->ed, ch, is_fkey) || !(is_fkey && ch == KEY_F(1));
	}
	if (w->step == PLACED) {
		if (enter_key)
			finish(t, w);
		return enter_key;
	}
	if (w->step == QUIZ && w->answered) {
		if (enter_key) {
			w->answered = 0;
			w->sel = 0;
			if (++w->item == PLACEMENT_ITEMS) {
				w->level = placement_level(w->right);
				w->step = PLACED;
			}
		}
		return 1;
	}
	if ((is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k')) {
		w->sel = (w->sel + n - 1) % n;
		return 1;
	}
	if ((is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j')) {
		w->sel = (w->sel + 1) % n;
		return 1;
	}
	if (!is_fkey && ch >= '1' && ch < (wint_t)('1' + n)) {
		w->sel = (int)(ch - '1');
		enter_key = 1;
	}
	if (!enter_key)
		return 0;
	if (w->step == LEVEL) {
		if (w->sel < 3) {
			w->level = level_names[w->sel];
			finish(t, w);
		} else {
			w->step = QUIZ;
			w->sel = 0;
		}
		return 1;
	}
	/* QUIZ */
	w->chosen = w->sel;
	w->answered = 1;
	if (w->chosen == placement_items[w->item].answer)
		w->right |= 1u << w->item;
	return 1;
}

const struct screen screen_welcome = {
	"Welcome", welcome_help, 60, 20, enter, leave, draw, key,
};
