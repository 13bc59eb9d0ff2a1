/* tui.h: the terminal front end, built on the core. */
#ifndef AIDIOMA_TUI_H
#define AIDIOMA_TUI_H

#include "aidioma/err.h"
#include "aidioma/settings.h"
#include "aidioma/store.h"

struct tui_options {
	struct store *st;
	struct user *user;          /* the learner; the TUI may update it */
	struct settings *settings;  /* saved to config_path when changed */
	const char *config_path;
	const char *db_path;
	double started_ms;          /* monotonic clock at program start, for timings */
	const char *timing_path;    /* $AIDIOMA_TIMING: where to write frame and key timings */
	const char *keys_path;      /* --keys FILE: play these keys instead of the keyboard's */
	double speed;               /* how much faster than written to play them (default 1) */
	int interrupted;            /* out: the person at the keyboard stopped the script */
};

/* Run the interface until the learner quits; the terminal is restored on
 * every way out.  Returns 0, or an error code with e set. */
int tui_run(struct tui_options *o, struct err *e);

#endif
