/* screen-settings.c: Settings: every setting of the one table, saved at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/settings.h"
#include "banned.h"

/* Rows: the learner's name and level, then the settings table. */
#define USER_ROWS 2

struct settings_screen {
	int sel, top;
	int editing;        /* a text row is open in the editor */
	struct editor ed;
	char status[256];
};

static const struct help_entry settings_help[] = {
	{ "Up/Down, j/k", "choose a setting" },
	{ "Left/Right, h/l", "change it (on, off, a choice, a number)" },
	{ "Enter", "change it, or edit a text; Enter again saves" },
	{ "Esc (editing)", "leave the text as it was" },
	{ NULL, NULL },
};

static const char *const levels[] = { "beginner", "intermediate", "advanced" };

static int n_rows(void)
{
	return USER_ROWS + settings_count;
}

static void *enter(struct tui *t)
{
	struct settings_screen *s = xcalloc(1, sizeof(*s));

	(void)t;
	editor_init(&s->ed, 200, 0);
	return s;
}

static void leave(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

static void save(struct tui *t, struct settings_screen *s, const char *what)
{
	struct err e = ERR_INIT;

	if (settings_save(t->o->settings, t->o->config_path, &e))
		xsnprintf(s->status, sizeof(s->status), "could not save: %s", e.msg);
	else
		xsnprintf(s->status, sizeof(s->status), "saved %s", what);
}

static void save_user(struct tui *t, struct settings_screen *s)
{
	struct err e = ERR_INIT;

	if (store_user_update(t->o->st, t->o->user, &e))
		xsnprintf(s->status, sizeof(s->status), "could not save: %s", e.msg);
	else
		xstrlcpy(s->status, "saved", sizeof(s->status));
}

static void value_of(struct tui *t, int row, char *buf, size_t size)
{
	if (row == 0)
		xstrlcpy(buf, t->o->user->display_name, size);
	else if (row == 1)
		xstrlcpy(buf, t->o->user->level, size);
	else {
		const struct setting_def *d = &settings_table[row - USER_ROWS];
		const char *v = settings_get(t->o->settings, d->key);

		if (settings_locked(t->o->settings, d->key))
			xsnprintf(buf, size, "%s (set by the class)", *v ? v : "(empty)");
		else if (d->type == SET_BOOL)
			xstrlcpy(buf, !strcmp(v, "true") ? "on" : "off", size);
		else
			xstrlcpy(buf, *v ? v : "(empty)", size);
	}
}

static void draw(struct tui *t, void *state)
{
	struct settings_screen *s = state;
	int rows = LINES - 7, i, y = 2;
	char val[SETTING_VALUE_MAX + 8], buf[512];

	draw_text(0, 1, COLS - 2, R_TITLE, "Settings");
	draw_text(0, 12, COLS - 14, R_DIM, t->o->config_path);
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + rows)
		s->top = s->sel - rows + 1;
	for (i = s->top; i < n_rows() && i < s->top + rows; i++, y++) {
		const char *key = i == 0 ? "name" : i == 1 ? "level" : settings_table[i - USER_ROWS].key;
		enum role r = i == s->sel ? R_SELECTED : R_NORMAL;

		if (i == s->sel) {
			attron(theme_attr(R_SELECTED));
			mvhline(y, 2, ' ', COLS - 4);
			attroff(theme_attr(R_SELECTED));
		}
		draw_text(y, 3, 20, r, key);
		if (i == s->sel && s->editing) {
			editor_draw(&s->ed, y, 24, COLS - 27, R_EDIT);
			continue;
		}
		value_of(t, i, val, sizeof(val));
		draw_text(y, 24, COLS - 27, i == s->sel ? R_SELECTED : R_ACCENT, val);
	}
	/* what the selected one does, and its range */
	if (s->sel >= USER_ROWS) {
		const struct setting_def *d = &settings_table[s->sel - USER_ROWS];

		if (d->type == SET_INT)
			xsnprintf(buf, sizeof(buf), "%s (%.0f to %.0f, default %s)", d->help, d->min, d->max,
				  d->def);
		else if (d->type == SET_REAL)
			xsnprintf(buf, sizeof(buf), "%s (%.2f to %.2f, default %s)", d->help, d->min, d->max,
				  d->def);
		else if (d->type == SET_ENUM)
			xsnprintf(buf, sizeof(buf), "%s (%s)", d->help, d->choices);
		else
			xstrlcpy(buf, d->help, sizeof(buf));
	} else {
		xstrlcpy(buf, s->sel == 0 ? "the name Home greets you with" :
			 "the level of new sentences, texts and conversations", sizeof(buf));
	}
	draw_text(LINES - 4, 2, COLS - 4, R_DIM, buf);
	draw_text(LINES - 3, 2, COLS - 4, R_CORRECT, s->status);
	draw_text(LINES - 2, 2, COLS - 4, R_DIM,
		  "↑↓ choose · ←→ change · Enter edit · ? help · q back");
}

static void step(struct tui *t, struct settings_screen *s, int dir)
{
	struct err e = ERR_INIT;
	char buf[64];

	if (s->sel == 1) {
		int i;

		for (i = 0; i < 3; i++)
			if (!strcmp(t->o->user->level, levels[i]))
				break;
		i = ((i == 3 ? 0 : i) + dir + 3) % 3;
		xstrlcpy(t->o->user->level, levels[i], sizeof(t->o->user->level));
		save_user(t, s);
		return;
	}
	if (s->sel < USER_ROWS)
		return;
	{
		const struct setting_def *d = &settings_table[s->sel - USER_ROWS];
		const char *v = settings_get(t->o->settings, d->key);

		if (settings_locked(t->o->settings, d->key)) {
			xsnprintf(s->status, sizeof(s->status), "%s is set by the class", d->key);
			return;
		}

		switch (d->type) {
		case SET_BOOL:
			settings_set(t->o->settings, d->key, !strcmp(v, "true") ? "false" : "true", &e);
			break;
		case SET_ENUM: {
			char choices[8][32];
			const char *p = d->choices;
			int n = 0, i, cur = 0;

			while (*p && n < 8) {
				size_t k = strcspn(p, "|");

				xsnprintf(choices[n], sizeof(choices[n]), "%.*s", (int)k, p);
				if (!strcmp(choices[n], v))
					cur = n;
				n++;
				p += k + (p[k] == '|');
			}
			i = (cur + dir + n) % n;
			settings_set(t->o->settings, d->key, choices[i], &e);
			if (!strcmp(d->key, "theme"))
				theme_init(t, choices[i]);
			break;
		}
		case SET_INT: {
			long x = strtol(v, NULL, 10) + dir * (d->max - d->min >= 100 ? 5 : 1);

			if (x < (long)d->min)
				x = (long)d->min;
			if (x > (long)d->max)
				x = (long)d->max;
			xsnprintf(buf, sizeof(buf), "%ld", x);
			settings_set(t->o->settings, d->key, buf, &e);
			break;
		}
		case SET_REAL: {
			double x = strtod(v, NULL) + dir * 0.01;

			if (x < d->min)
				x = d->min;
			if (x > d->max)
				x = d->max;
			xsnprintf(buf, sizeof(buf), "%.2f", x);
			settings_set(t->o->settings, d->key, buf, &e);
			break;
		}
		case SET_STRING:
			return;
		}
		save(t, s, d->key);
	}
}

static void start_edit(struct tui *t, struct settings_screen *s)
{
	if (s->sel == 0) {
		editor_set(&s->ed, t->o->user->display_name);
		s->editing = 1;
	} else if (s->sel >= USER_ROWS &&
		   settings_table[s->sel - USER_ROWS].type == SET_STRING &&
		   !settings_locked(t->o->settings, settings_table[s->sel - USER_ROWS].key)) {
		editor_set(&s->ed, settings_get(t->o->settings, settings_table[s->sel - USER_ROWS].key));
		s->editing = 1;
	} else {
		step(t, s, 1);
	}
}

static void finish_edit(struct tui *t, struct settings_screen *s)
{
	struct err e = ERR_INIT;

	s->editing = 0;
	if (s->sel == 0) {
		if (!s->ed.len) {
			xstrlcpy(s->status, "a name cannot be empty", sizeof(s->status));
			return;
		}
		xstrlcpy(t->o->user->display_name, s->ed.buf, sizeof(t->o->user->display_name));
		save_user(t, s);
		return;
	}
	if (settings_set(t->o->settings, settings_table[s->sel - USER_ROWS].key, s->ed.buf, &e)) {
		xstrlcpy(s->status, e.msg, sizeof(s->status));
		return;
	}
	save(t, s, settings_table[s->sel - USER_ROWS].key);
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct settings_screen *s = state;
	int enter_key = (!is_fkey && (ch == '\r' || ch == '\n')) || (is_fkey && ch == KEY_ENTER);

	if (s->editing) {
		if (enter_key)
			finish_edit(t, s);
		else if (!is_fkey && ch == 27)
			s->editing = 0;
		else if (!editor_key(&s->ed, ch, is_fkey))
			return is_fkey && ch == KEY_F(1) ? 0 : 1;
		return 1;
	}
	if (enter_key) {
		start_edit(t, s);
		return 1;
	}
	if ((is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k')) {
		s->sel = (s->sel + n_rows() - 1) % n_rows();
		return 1;
	}
	if ((is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j')) {
		s->sel = (s->sel + 1) % n_rows();
		return 1;
	}
	if ((is_fkey && ch == KEY_RIGHT) || (!is_fkey && (ch == 'l' || ch == ' '))) {
		step(t, s, 1);
		return 1;
	}
	if ((is_fkey && ch == KEY_LEFT) || (!is_fkey && ch == 'h')) {
		step(t, s, -1);
		return 1;
	}
	return 0;
}

const struct screen screen_settings = {
	"Settings", settings_help, 70, 20, enter, leave, draw, key,
};
