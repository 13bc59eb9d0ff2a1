/* tui-int.h: what the screens of the TUI share: the screen table, theme, widgets. */
#ifndef AIDIOMA_TUI_INT_H
#define AIDIOMA_TUI_INT_H

#include "tui/curses-compat.h"
#include "aidioma/tui.h"
#include "aidioma/util.h"

/* Colour roles; the theme table maps each to a colour pair or attributes. */
enum role {
	R_NORMAL, R_TITLE, R_ACCENT, R_CORRECT, R_WRONG, R_HINT, R_DUE, R_DIM, R_SELECTED,
	R_BAR, R_BAR_EMPTY, R_NOTICE, R_EDIT, R__COUNT
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
extern const struct screen screen_home, screen_practice;
extern const struct screen screen_settings, screen_welcome, screen_progress;
extern const struct screen screen_flashcards;
extern const struct screen screen_conversation;
extern const struct screen screen_reading;
extern const struct screen screen_teacher;
/* Home: the open assignments of the learner's class, with their progress.
 * Load frees prev; draw puts the "Assignments" heading at (y, x). */
struct home_assignments;
struct home_assignments *home_assignments_load(struct tui *t, struct home_assignments *prev);
void home_assignments_free(struct home_assignments *h);
void home_assignments_draw(const struct home_assignments *h, int y, int x, int w, int rows);
/* Reading: open text id over the list; -1 (and a notice) when it cannot be read. */
int screen_reading_open(struct tui *t, const char *id);
/* After an activity is saved: award achievements and announce new ones. */
void tui_after_activity(struct tui *t);
/* The first run of this learner: Welcome asks their name and level. */
int welcome_needed(const struct user *u);

/* A worker thread for long work; poll job_done() from the key loop. */
#include <pthread.h>
struct job {
	pthread_t thread;
	int (*fn)(void *arg);
	void *arg;
	int rc;
	int done, cancel, running;
	ms_t started;
};
int job_start(struct job *j, int (*fn)(void *arg), void *arg);
int job_done(struct job *j);
void job_cancel(struct job *j);
int job_cancelled(const struct job *j);
int job_join(struct job *j);
const char *job_spinner(const struct job *j);
/* Jobs started and not yet joined: a key script waits for them. */
int jobs_running(void);

/* Key scripts (--keys FILE, the demo): what to press, and when. */
enum { KEV_KEY, KEV_PAUSE };
struct key_event {
	int kind;
	wint_t ch;
	int fkey;
	int ms; /* wait this long before the key, or the pause's length */
};
struct keyscript {
	struct key_event *ev;
	int n, alloc;
};
int keyscript_load(struct keyscript *k, const char *path, struct err *e);
void keyscript_release(struct keyscript *k);

/* Speech through espeak-ng, when installed. */
int speech_available(void);
void speech_say(const char *text);

/* Loop */
void tui_push(struct tui *t, const struct screen *s);
void tui_pop(struct tui *t);
void tui_notice(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Theme */
void theme_init(struct tui *t, const char *name);
attr_t theme_attr(enum role r);

/* The line editor: UTF-8, moves and deletes by character, scrolls by column. */
#define EDITOR_BYTES 2048
struct editor {
	char buf[EDITOR_BYTES];
	size_t len, cur;  /* bytes; cur always on a character boundary */
	size_t max_chars;
	int scroll;       /* columns hidden on the left */
	int accent_helper;
};
void editor_init(struct editor *ed, size_t max_chars, int accent_helper);
void editor_clear(struct editor *ed);
void editor_set(struct editor *ed, const char *s);
/* Returns 1 when the key edited or moved; 0 for keys the screen handles. */
int editor_key(struct editor *ed, wint_t ch, int is_fkey);
/* Draw in w columns at (y, x) and place the terminal cursor. */
void editor_draw(struct editor *ed, int y, int x, int w, enum role r);

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
