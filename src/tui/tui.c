/* tui.c: the terminal set-up, the key loop and the screen stack. */
#include "config.h"
#include <signal.h>
#include <sys/resource.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/report.h"
#include "aidioma/util.h"
#include "banned.h"

static volatile sig_atomic_t got_signal;

/* Only a flag: curses is never called from a signal handler. */
static void on_signal(int sig)
{
	got_signal = sig;
}

void tui_push(struct tui *t, const struct screen *s)
{
	if (t->depth >= TUI_STACK_MAX)
		return;
	t->stack[t->depth].scr = s;
	t->stack[t->depth].state = s->enter ? s->enter(t) : NULL;
	t->depth++;
}

void tui_pop(struct tui *t)
{
	if (!t->depth)
		return;
	t->depth--;
	if (t->stack[t->depth].scr->leave)
		t->stack[t->depth].scr->leave(t, t->stack[t->depth].state);
	if (!t->depth)
		t->quit = 1;
}

void tui_notice(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->notice, sizeof(t->notice), fmt, ap);
	va_end(ap);
}

void tui_after_activity(struct tui *t)
{
	struct err e = ERR_INIT;
	int newly[ACHIEVEMENT_COUNT], n, i;
	char buf[256] = "";

	n = achievements_check(t->o->st, t->o->user->id, clock_now_ms(), newly, &e);
	for (i = 0; i < n; i++)
		xsnprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? ", " : "",
			  achievements[newly[i]].name);
	if (n > 0)
		tui_notice(t, "★ Achievement unlocked: %s!", buf);
}

static void draw(struct tui *t)
{
	const struct screen *s = t->stack[t->depth - 1].scr;

	erase();
	curs_set(0); /* a line editor shows it again where it types */
	if (COLS < s->min_cols || LINES < s->min_rows) {
		draw_too_small(s);
	} else {
		s->draw(t, t->stack[t->depth - 1].state);
		if (t->notice[0])
			draw_text(LINES - 1, 0, COLS, R_NOTICE, t->notice);
		if (t->help_open)
			draw_help(t, s);
	}
	refresh();
}

static void handle_key(struct tui *t, wint_t ch, int is_fkey)
{
	const struct screen *s = t->stack[t->depth - 1].scr;
	void *state = t->stack[t->depth - 1].state;

	if (!is_fkey && ch == 3) { /* Ctrl-C: quit from anywhere */
		t->quit = 1;
		return;
	}
	if (is_fkey && ch == KEY_RESIZE)
		return;
	if (t->help_open) { /* any key closes the help */
		t->help_open = 0;
		return;
	}
	t->notice[0] = '\0';
	if (COLS < s->min_cols || LINES < s->min_rows) {
		if (!is_fkey && (ch == 'q' || ch == 27))
			tui_pop(t);
		return;
	}
	/* the screen first: while the learner types, letters and ? are text */
	if (s->key && s->key(t, state, ch, is_fkey))
		return;
	if ((!is_fkey && ch == '?') || (is_fkey && ch == KEY_F(1))) {
		t->help_open = 1;
		return;
	}
	if (!is_fkey && (ch == 'q' || ch == 'Q' || ch == 27))
		tui_pop(t);
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int tui_run(struct tui_options *o, struct err *e)
{
	struct keyscript ks = { 0 };
	int ki = 0;
	double next_at = 0;
	FILE *timing = o->timing_path && *o->timing_path ? fopen(o->timing_path, "w") : NULL;
	int frames = 0;
	double t_key = 0;
	struct sigaction sa;
	struct tui t;
	wint_t ch;
	int rc;

	memset(&t, 0, sizeof(t));
	t.o = o;
	o->interrupted = 0;
	if (o->keys_path && keyscript_load(&ks, o->keys_path, e))
		return e ? e->code : ERR_FAIL;
	if (o->speed <= 0)
		o->speed = 1;
	if (!initscr())
		return err_set(e, ERR_FAIL, "cannot start the terminal (is TERM set?)");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	raw(); /* Ctrl-C arrives as a key, so quitting always goes through endwin() */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(100); /* the spinner and live figures move between keys */
	theme_init(&t, settings_get(o->settings, "theme"));
	tui_push(&t, &screen_home);
	if (welcome_needed(o->user))
		tui_push(&t, &screen_welcome);
	while (!t.quit && t.depth && !got_signal) {
		draw(&t);
		/* timings for make bench: the first full frame, and key to frame */
		if (timing && !frames++)
			fprintf(timing, "first_frame_ms %.3f\n", mono_ms() - o->started_ms);
		else if (timing && t_key > 0)
			fprintf(timing, "key_ms %.3f\n", mono_ms() - t_key);
		t_key = 0;
		if (o->keys_path) {
			/* a key script: its keys when due; from the keyboard, only a
			 * resize, or q, Esc or Ctrl-C to stop it */
			double now = mono_ms();

			if (ki >= ks.n) {
				t.quit = 1;
				break;
			}
			if (!next_at)
				next_at = now + ks.ev[ki].ms / o->speed;
			/* grading or the tutor still at work: the script waits for it,
			 * as a person would, whatever the machine's speed */
			if (jobs_running() && now >= next_at)
				next_at = now + 50;
			if (now >= next_at) {
				struct key_event *ev = &ks.ev[ki++];

				if (ev->kind == KEV_KEY)
					handle_key(&t, ev->ch, ev->fkey);
				/* each event waits its own time after the one before */
				next_at = mono_ms() + (ki < ks.n ? ks.ev[ki].ms / o->speed : 0);
				continue;
			}
			timeout((int)(next_at - now) < 100 ? (int)(next_at - now) + 1 : 100);
			rc = get_wch(&ch);
			if (rc == ERR)
				continue;
			if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
				continue;
			if (rc != KEY_CODE_YES && (ch == 'q' || ch == 27 || ch == 3)) {
				o->interrupted = 1;
				t.quit = 1;
			}
			continue;
		}
		rc = get_wch(&ch);
		if (rc == ERR)
			continue;
		if (timing)
			t_key = mono_ms();
		handle_key(&t, ch, rc == KEY_CODE_YES);
	}
	keyscript_release(&ks);
	while (t.depth)
		tui_pop(&t);
	endwin();
	if (timing) {
		struct rusage ru;

		FILE *sm = fopen("/proc/self/smaps_rollup", "r");
		char line[256];
		long priv = 0, kb;

		if (getrusage(RUSAGE_SELF, &ru) == 0)
			fprintf(timing, "max_rss_kb %ld\n", ru.ru_maxrss);
		/* what this process holds alone, without the shared libraries' pages */
		while (sm && fgets(line, sizeof(line), sm))
			if ((sscanf(line, "Private_Clean: %ld kB", &kb) == 1) ||
			    (sscanf(line, "Private_Dirty: %ld kB", &kb) == 1))
				priv += kb;
		if (sm) {
			fclose(sm);
			fprintf(timing, "private_kb %ld\n", priv);
		}
		fclose(timing);
	}
	return 0;
}
