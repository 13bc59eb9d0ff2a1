/* screen-progress.c: Progress: level, streak, the year's calendar, figures, forecast, achievements. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/report.h"
#include "aidioma/settings.h"
#include "banned.h"

struct progress_screen {
	struct report r;
	struct user_stats s;
	struct achievement_state a;
	ms_t loaded_at;
	char error[256];
};

static const struct help_entry progress_help[] = {
	{ "calendar", "one square a day, Monday on top; darker is busier" },
	{ "r", "read the figures again" },
	{ NULL, NULL },
};

static void load(struct tui *t, struct progress_screen *p)
{
	struct err e = ERR_INIT;
	ms_t now = clock_now_ms();

	p->error[0] = '\0';
	if (report_build(t->o->st, t->o->user->id, now, &p->r, &e) ||
	    store_stats_user(t->o->st, t->o->user->id, now, &p->s, &e) ||
	    achievements_get(t->o->st, t->o->user->id, &p->a, &e))
		xstrlcpy(p->error, e.msg, sizeof(p->error));
	p->loaded_at = now;
}

static void *enter(struct tui *t)
{
	struct progress_screen *p = xcalloc(1, sizeof(*p));

	load(t, p);
	return p;
}

static void leave(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

static const char *shade(int n)
{
	static const char *const s[] = { "·", "░", "▒", "▓", "█" };

	return s[n == 0 ? 0 : n <= 2 ? 1 : n <= 5 ? 2 : n <= 9 ? 3 : 4];
}

static const char *block(double frac)
{
	static const char *const b[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	int i = (int)(frac * 8 + 0.5);

	return b[i < 0 ? 0 : i > 8 ? 8 : i];
}

static void draw_calendar(struct progress_screen *p, int y, int x)
{
	static const char *const days[] = { "Mon", "", "Wed", "", "Fri", "", "Sun" };
	int64_t today = p->r.first_day + CALENDAR_DAYS - 1;
	/* day numbers count from 1970-01-01, a Thursday; 0 = Monday here */
	int wd = (int)(((today % 7) + 7 + 3) % 7);
	int64_t start = today - wd - 52 * 7; /* the Monday 52 weeks before this one */
	int col, row;

	for (row = 0; row < 7; row++)
		draw_text(y + row, x, 4, R_DIM, days[row]);
	for (col = 0; col < 53; col++)
		for (row = 0; row < 7; row++) {
			int64_t day = start + col * 7 + row;
			int n;

			if (day > today || day < p->r.first_day)
				continue;
			n = p->r.calendar[day - p->r.first_day];
			draw_text(y + row, x + 4 + col, 1, n ? R_CORRECT : R_DIM, shade(n));
		}
}

static void draw(struct tui *t, void *state)
{
	struct progress_screen *p = state;
	struct level_info lv;
	char buf[512], tmp[64];
	int y = 0, i, x, max, total, n;


	if (clock_now_ms() - p->loaded_at > 10000)
		load(t, p);
	level_from_xp(p->s.xp, &lv);
	draw_text(y++, 1, COLS - 2, R_TITLE, "Progress");
	xsnprintf(buf, sizeof(buf), "%s · %ld XP", lv.name, p->s.xp);
	x = 2 + draw_text(y, 2, 40, R_ACCENT, buf);
	if (lv.next) {
		draw_bar(y, x + 1, 16, (double)(p->s.xp - lv.floor) / (double)(lv.next - lv.floor));
		xsnprintf(buf, sizeof(buf), "%ld to the next level", lv.next - p->s.xp);
		x += 18 + draw_text(y, x + 18, 26, R_DIM, buf);
	}
	xsnprintf(buf, sizeof(buf), "streak %d day%s", p->s.streak_days, p->s.streak_days == 1 ? "" : "s");
	draw_text(y++, COLS - 18, 17, p->s.streak_days ? R_ACCENT : R_DIM, buf);
	y++;
	total = 0;
	for (i = 0; i < CALENDAR_DAYS; i++)
		total += p->r.calendar[i] ? 1 : 0;
	xsnprintf(buf, sizeof(buf), "The last 52 weeks: active on %d day%s", total, total == 1 ? "" : "s");
	draw_text(y, 2, 50, R_NORMAL, buf);
	draw_text(y++, 59, COLS - 61, R_DIM, "less · ░ ▒ ▓ █ more");
	draw_calendar(p, y, 2);
	y += 8;

	/* per activity */
	if (isnan(p->s.practice_avg)) {
		xstrlcpy(buf, "Practice      none yet", sizeof(buf));
	} else {
		struct sbuf sb = SBUF_INIT;

		for (i = 0; i < p->r.n_trend; i++)
			sbuf_adds(&sb, block(p->r.trend[i] / 100.0));
		xsnprintf(buf, sizeof(buf), "Practice      %ld sentences · average %.0f (%s) · trend %s",
			  p->s.practice, p->s.practice_avg, grade_letter(p->s.practice_avg),
			  sb.buf ? sb.buf : "");
		sbuf_release(&sb);
	}
	draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
	if (p->r.texts_read)
		xsnprintf(buf, sizeof(buf), "Reading       %ld text%s · %.0f words a minute · %.0f%% understood",
			  p->r.texts_read, p->r.texts_read == 1 ? "" : "s", p->r.reading_wpm,
			  p->r.reading_comprehension);
	else
		xstrlcpy(buf, "Reading       none yet", sizeof(buf));
	draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
	if (p->r.reviews)
		xsnprintf(buf, sizeof(buf), "Flashcards    %ld reviews · true retention %.0f%% · %ld words known",
			  p->r.reviews, p->r.retention * 100, p->r.words_known);
	else
		xsnprintf(buf, sizeof(buf), "Flashcards    no reviews yet · %ld words known", p->r.words_known);
	draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
	if (p->r.conversations)
		xsnprintf(buf, sizeof(buf), "Conversation  %ld · %.0f%% of goals reached", p->r.conversations,
			  p->r.conversation_goals);
	else
		xstrlcpy(buf, "Conversation  none yet", sizeof(buf));
	draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
	xstrlcpy(buf, "Weakest       ", sizeof(buf));
	for (i = 0; i < p->r.n_weakest; i++) {
		xsnprintf(tmp, sizeof(tmp), "%s%s %.0f", i ? " · " : "", p->r.weakest[i].tag,
			  p->r.weakest[i].average);
		if (strlen(buf) + strlen(tmp) < sizeof(buf))
			memcpy(buf + strlen(buf), tmp, strlen(tmp) + 1);
	}
	if (!p->r.n_weakest)
		xstrlcpy(buf + strlen(buf), "practise more sentences to see your weakest grammar",
			 sizeof(buf) - strlen(buf));
	draw_text(y++, 2, COLS - 4, p->r.n_weakest ? R_HINT : R_DIM, buf);

	/* the 30-day forecast, one bar a day */
	max = 1;
	total = 0;
	for (i = 0; i < FORECAST_DAYS; i++) {
		if (p->r.forecast[i] > max)
			max = p->r.forecast[i];
		total += p->r.forecast[i];
	}
	xsnprintf(buf, sizeof(buf), "Due, 30 days  %d in all, %d today", total, p->r.forecast[0]);
	draw_text(y, 2, 44, R_NORMAL, buf);
	for (i = 0; i < FORECAST_DAYS; i++)
		draw_text(y, 46 + i, 1, R_DUE, p->r.forecast[i] ? block(0.2 + 0.8 * p->r.forecast[i] / max) :
			  "·");
	y++;

	n = 0;
	for (i = 0; i < ACHIEVEMENT_COUNT; i++)
		n += p->a.earned[i];
	if (LINES >= 30) {
		xsnprintf(buf, sizeof(buf), "Achievements  %d of %d", n, ACHIEVEMENT_COUNT);
		draw_text(y++, 2, COLS - 4, R_NORMAL, buf);
		for (i = 0; i < ACHIEVEMENT_COUNT && y < LINES - 3; i++) {
			char date[40] = "";

			if (p->a.earned[i]) {
				time_format_iso(p->a.earned_at[i], date, sizeof(date));
				date[10] = '\0';
			}
			xsnprintf(buf, sizeof(buf), "%s %-20s %-32s %s", p->a.earned[i] ? "✓" : "·",
				  achievements[i].name, achievements[i].what, date);
			draw_text(y++, 4, COLS - 6, p->a.earned[i] ? R_CORRECT : R_DIM, buf);
		}
	} else {
		/* small terminals: the ones earned, and the next to earn */
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "Achievements  %d of %d", n, ACHIEVEMENT_COUNT);
		for (i = 0; i < ACHIEVEMENT_COUNT; i++)
			if (p->a.earned[i])
				sbuf_addf(&sb, " · ✓ %s", achievements[i].name);
		for (i = 0; i < ACHIEVEMENT_COUNT; i++)
			if (!p->a.earned[i]) {
				sbuf_addf(&sb, " · next: %s (%s)", achievements[i].name,
					  achievements[i].what);
				break;
			}
		draw_text(y++, 2, COLS - 4, n ? R_CORRECT : R_NORMAL, sb.buf);
		sbuf_release(&sb);
	}
	y++;
	if (y < LINES - 1) {
		xsnprintf(buf, sizeof(buf), "AI spent $%.4f · the cache saved $%.4f", p->r.ai_spent,
			  p->r.ai_saved);
		draw_text(y, 2, COLS - 4, R_DIM, buf);
	}
	if (p->error[0])
		draw_text(LINES - 2, 2, COLS - 4, R_WRONG, p->error);
	else
		draw_text(LINES - 1, 2, COLS - 4, R_DIM, "r refresh · ? help · q back");
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct progress_screen *p = state;

	if (!is_fkey && ch == 'r') {
		load(t, p);
		return 1;
	}
	return 0;
}

const struct screen screen_progress = {
	"Progress", progress_help, 80, 24, enter, leave, draw, key,
};
