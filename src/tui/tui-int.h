/* tui-int.h: what the screens of the TUI share: the screen table, theme, widgets. */
#ifndef AIDIOMA_TUI_INT_H
#define AIDIOMA_TUI_INT_H

#include "tui/curses-compat.h"
#include "aidioma/tui.h"

/* Colour roles; the theme table maps each to a colour pair or attributes. */
enum role {
	R_NORMAL, R_TITLE, R_ACCENT, R_CORRECT, R_WRONG, R_HINT, R_DUE, R_DIM, R_SELECTED,
	R_BAR, R_BAR_EMPTY, R_NOTICE, R__COUNT
};

struct tui;

struct help_entry {
	const char *keys, *what;
};

/* A screen is a table of operations; its state is private to its file. */
struct screen {
	const char *name;
	const struct help_entry *help; /* ends with { NULL, NULL } */
	int min_cols, min_rows;
	void *(*enter)(struct tui *t);
	void (*leave)(struct tui *t, void *state);
	void (*draw)(struct tui *t, void *state);
	/* Return 1 when the key was used; 0 lets the loop handle q, Esc, ?. */
	int (*key)(struct tui *t, void *state, wint_t ch, int is_fkey);
};

#define TUI_STACK_MAX 8

struct tui {
	const struct tui_options *o;
	struct {
		const struct screen *scr;
		void *state;
	} stack[TUI_STACK_MAX];
	int depth;
	int quit;
	int help_open;
	int color;       /* 0: monochrome */
	char notice[256];
};

/* Screens */
extern const struct screen screen_home;

/* Loop */
void tui_push(struct tui *t, const struct screen *s);
void tui_pop(struct tui *t);
void tui_notice(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Theme */
void theme_init(struct tui *t, const char *name);
attr_t theme_attr(enum role r);

/* Widgets: text is UTF-8, measured and cut in columns. */
/* Print s at (y, x) in at most maxw columns; returns the columns used. */
int draw_text(int y, int x, int maxw, enum role r, const char *s);
void draw_text_centered(int y, enum role r, const char *s);
void draw_box(int y, int x, int h, int w, enum role r);
/* A bar of w columns filled to frac (0..1). */
void draw_bar(int y, int x, int w, double frac);
void draw_help(struct tui *t, const struct screen *s);
void draw_too_small(const struct screen *s);

#endif
