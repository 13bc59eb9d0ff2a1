/* screen-home.c: Home: greeting, level, streak, today's work and the menu. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

struct menu_item {
	const char *label, *what;
	int teacher_only;
};

static const struct menu_item menu[] = {
	{ "Practice", "Translate English sentences into Spanish", 0 },
	{ "Reading", "Read Spanish texts with glosses and questions", 0 },
	{ "Flashcards", "Review vocabulary with spaced repetition", 0 },
	{ "Conversation", "Chat with a tutor in a scenario", 0 },
	{ "Progress", "Your calendar, figures and achievements", 0 },
	{ "Settings", "Theme, daily limits, accent helper, AI endpoint", 0 },
	{ "Teacher", "Your class: roster, assignments, reports", 1 },
	{ "Quit", "Leave aidioma", 0 },
};
#define N_MENU ((int)(sizeof(menu) / sizeof(menu[0])))

struct home {
	int sel;
	struct user_stats stats;
	long content[4];
	ms_t loaded_at;
	char error[256];
	struct home_assignments *assignments;
};

static const struct help_entry home_help[] = {
	{ "Up/Down, j/k", "move in the menu" },
	{ "Enter, l", "open the selected item" },
	{ "1-8", "open an item by its number" },
	{ NULL, NULL },
};

static int visible(const struct tui *t, int i)
{
	return !menu[i].teacher_only || !strcmp(t->o->user->role, "teacher");
}

static void load(struct tui *t, struct home *h)
{
	static const char *const types[] = { "sentence", "text", "flashcard", "scenario" };
	struct err e = ERR_INIT;
	int i;

	h->error[0] = '\0';
	if (store_stats_user(t->o->st, t->o->user->id, clock_now_ms(), &h->stats, &e))
		xstrlcpy(h->error, e.msg, sizeof(h->error));
	for (i = 0; i < 4; i++)
		if (store_content_count(t->o->st, types[i], NULL, &h->content[i], &e))
			h->content[i] = 0;
	h->loaded_at = clock_now_ms();
	h->assignments = home_assignments_load(t, h->assignments);
}

static void *enter(struct tui *t)
{
	struct home *h = xcalloc(1, sizeof(*h));

	load(t, h);
	return h;
}

static void leave(struct tui *t, void *state)
{
	(void)t;
	home_assignments_free(((struct home *)state)->assignments);
	free(state);
}

static void draw(struct tui *t, void *state)
{
	struct home *h = state;
	const struct user *u = t->o->user;
	struct level_info lv;
	char buf[256], date[40];
	int y, i, row, n = 0, goal;

	if (clock_now_ms() - h->loaded_at > 5000)
		load(t, h);
	level_from_xp(h->stats.xp, &lv);
	time_format_iso(clock_now_ms(), date, sizeof(date));
	date[10] = '\0';
	draw_text(0, 1, COLS - 2, R_TITLE, "aidioma");
	draw_text(0, COLS - 11, 10, R_DIM, date);
	xsnprintf(buf, sizeof(buf), "¡Hola, %s!", u->display_name[0] ? u->display_name : u->login);
	draw_text(2, 2, COLS - 4, R_ACCENT, buf);
	xsnprintf(buf, sizeof(buf), "%s · %ld XP", lv.name, h->stats.xp);
	i = draw_text(3, 2, 30, R_NORMAL, buf);
	if (lv.next) {
		draw_bar(3, 4 + i, 20, (double)(h->stats.xp - lv.floor) / (double)(lv.next - lv.floor));
		xsnprintf(buf, sizeof(buf), "%ld XP to the next level", lv.next - h->stats.xp);
		draw_text(3, 26 + i, COLS - 28 - i, R_DIM, buf);
	}
	xsnprintf(buf, sizeof(buf), "Streak: %d day%s", h->stats.streak_days,
		  h->stats.streak_days == 1 ? "" : "s");
	draw_text(4, 2, 24, R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "Due now: %ld", h->stats.due_now);
	draw_text(4, 28, 20, h->stats.due_now ? R_DUE : R_NORMAL, buf);
	if (!isnan(h->stats.practice_avg)) {
		xsnprintf(buf, sizeof(buf), "Practice average: %.0f (%s)", h->stats.practice_avg,
			  grade_letter(h->stats.practice_avg));
		draw_text(4, 50, COLS - 52, R_NORMAL, buf);
	}

	draw_text(6, 2, COLS - 4, R_TITLE, "Today");
	goal = (int)settings_get_int(t->o->settings, "session_length");
	xsnprintf(buf, sizeof(buf), "[%c] %d activities (%ld done)",
		  h->stats.active_today >= goal ? 'x' : ' ', goal, h->stats.active_today);
	draw_text(7, 4, COLS - 6, h->stats.active_today >= goal ? R_CORRECT : R_NORMAL, buf);
	xsnprintf(buf, sizeof(buf), "[%c] review what is due (%ld left)",
		  h->stats.due_now ? ' ' : 'x', h->stats.due_now);
	draw_text(8, 4, COLS - 6, h->stats.due_now ? R_NORMAL : R_CORRECT, buf);
	home_assignments_draw(h->assignments, 9, 2, COLS - 4, 2);

	y = 11;
	for (i = 0, row = 0; i < N_MENU; i++) {
		enum role r;

		if (!visible(t, i))
			continue;
		n++;
		r = i == h->sel ? R_SELECTED : R_NORMAL;
		xsnprintf(buf, sizeof(buf), " %d  %-13s", n, menu[i].label);
		if (i == h->sel) {
			attron(theme_attr(R_SELECTED));
			mvhline(y + row, 2, ' ', COLS - 4 > 70 ? 70 : COLS - 4);
			attroff(theme_attr(R_SELECTED));
		}
		draw_text(y + row, 2, 18, r, buf);
		draw_text(y + row, 20, (COLS - 4 > 70 ? 72 : COLS - 2) - 20,
			  i == h->sel ? R_SELECTED : R_DIM, menu[i].what);
		row++;
	}
	xsnprintf(buf, sizeof(buf), "Course: %ld sentences · %ld texts · %ld cards · %ld scenarios",
		  h->content[0], h->content[1], h->content[2], h->content[3]);
	draw_text(LINES - 3, 2, COLS - 4, R_DIM, buf);
	if (h->error[0])
		draw_text(LINES - 2, 2, COLS - 4, R_WRONG, h->error);
	else
		draw_text(LINES - 2, 2, COLS - 4, R_DIM,
			  "↑↓ move · Enter open · ? help · q quit");
}

static void move_sel(struct tui *t, struct home *h, int dir)
{
	int i = h->sel;

	do {
		i = (i + dir + N_MENU) % N_MENU;
	} while (!visible(t, i));
	h->sel = i;
}

static void activate(struct tui *t, struct home *h)
{
	if (!strcmp(menu[h->sel].label, "Quit")) {
		t->quit = 1;
		return;
	}
	if (!strcmp(menu[h->sel].label, "Practice")) {
		tui_push(t, &screen_practice);
		return;
	}
	if (!strcmp(menu[h->sel].label, "Reading")) {
		tui_push(t, &screen_reading);
		return;
	}
	if (!strcmp(menu[h->sel].label, "Flashcards")) {
		tui_push(t, &screen_flashcards);
		return;
	}
	if (!strcmp(menu[h->sel].label, "Conversation")) {
		tui_push(t, &screen_conversation);
		return;
	}
	if (!strcmp(menu[h->sel].label, "Progress")) {
		tui_push(t, &screen_progress);
		return;
	}
	if (!strcmp(menu[h->sel].label, "Teacher")) {
		tui_push(t, &screen_teacher);
		return;
	}
	if (!strcmp(menu[h->sel].label, "Settings")) {
		tui_push(t, &screen_settings);
		return;
	}
	tui_notice(t, "%s is not available in this version of aidioma yet.",
		   menu[h->sel].label);
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct home *h = state;

	if (is_fkey) {
		switch (ch) {
		case KEY_UP:
			move_sel(t, h, -1);
			return 1;
		case KEY_DOWN:
			move_sel(t, h, 1);
			return 1;
		case KEY_ENTER:
		case KEY_RIGHT:
			activate(t, h);
			return 1;
		}
		return 0;
	}
	switch (ch) {
	case 'k':
		move_sel(t, h, -1);
		return 1;
	case 'j':
		move_sel(t, h, 1);
		return 1;
	case '\r':
	case '\n':
	case 'l':
		activate(t, h);
		return 1;
	}
	if (ch >= '1' && ch <= '9') {
		int want = (int)(ch - '0'), i, n = 0;

		for (i = 0; i < N_MENU; i++)
			if (visible(t, i) && ++n == want) {
				h->sel = i;
				activate(t, h);
				return 1;
			}
		return 1;
	}
	return 0;
}

const struct screen screen_home = {
	"Home", home_help, 60, 22, enter, leave, draw, key,
};
