/* home-assignments.c: the open assignments of the learner's class on Home, with their progress. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/tui-int.h"
#include "aidioma/classroom.h"
#include "banned.h"

struct home_assignments {
	int is_class, teacher;
	struct assignment *list;
	long *done;
	int n;
	char error[128];
};

void home_assignments_free(struct home_assignments *h)
{
	if (!h)
		return;
	free(h->list);
	free(h->done);
	free(h);
}

struct home_assignments *home_assignments_load(struct tui *t, struct home_assignments *prev)
{
	struct home_assignments *h = xcalloc(1, sizeof(*h));
	struct err e = ERR_INIT;
	struct class_info c;
	int i;

	home_assignments_free(prev);
	if (store_class_get(t->o->st, &c, &e))
		return h; /* a learner's own database: no class, no assignments */
	h->is_class = 1;
	h->teacher = !strcmp(t->o->user->role, "teacher");
	if (store_assignment_list(t->o->st, c.id, ASSIGN_OPEN, clock_now_ms(), &h->list, &h->n,
				  &e)) {
		xstrlcpy(h->error, e.msg, sizeof(h->error));
		return h;
	}
	h->done = xcalloc((size_t)h->n + 1, sizeof(*h->done));
	for (i = 0; i < h->n && !h->teacher; i++)
		if (store_assignment_done(t->o->st, &h->list[i], t->o->user->id, &h->done[i], &e)) {
			xstrlcpy(h->error, e.msg, sizeof(h->error));
			break;
		}
	return h;
}

/* "today", "tomorrow", "Fri 13 Mar" in local time */
static void due_text(ms_t due, char *buf, size_t size)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t days = time_day_local(due) - time_day_local(clock_now_ms());
	time_t s = (time_t)(due / 1000);
	struct tm tm;

	if (days == 0)
		xstrlcpy(buf, "due today", size);
	else if (days == 1)
		xstrlcpy(buf, "due tomorrow", size);
	else if (localtime_r(&s, &tm))
		xsnprintf(buf, size, "due %s %d %s", wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon]);
	else
		buf[0] = '\0';
}

void home_assignments_draw(const struct home_assignments *h, int y, int x, int w, int rows)
{
	char line[320], due[40];
	int i;

	draw_text(y, x, 14, R_TITLE, "Assignments");
	x += 14;
	w -= 14;
	if (!h || !h->is_class || (!h->n && !h->error[0])) {
		draw_text(y, x, w, R_DIM, "none open");
		return;
	}
	if (h->error[0]) {
		draw_text(y, x, w, R_WRONG, h->error);
		return;
	}
	if (h->teacher) {
		xsnprintf(line, sizeof(line), "%d open: progress in Teacher", h->n);
		draw_text(y, x, w, R_NORMAL, line);
		return;
	}
	for (i = 0; i < h->n && i < rows; i++) {
		const struct assignment *a = &h->list[i];
		long d = h->done[i] < a->target ? h->done[i] : a->target;

		if (i == rows - 1 && h->n > rows) {
			xsnprintf(line, sizeof(line), "and %d more", h->n - i);
			draw_text(y + i, x, w, R_DIM, line);
			break;
		}
		due[0] = '\0';
		if (a->due_at)
			due_text(a->due_at, due, sizeof(due));
		xsnprintf(line, sizeof(line), "[%c] %s: %ld/%ld %s%s%s%s%s", d >= a->target ? 'x' : ' ',
			  a->title, d, a->target, a->type, a->topic[0] ? " · " : "", a->topic,
			  due[0] ? " · " : "", due);
		draw_text(y + i, x, w, d >= a->target ? R_CORRECT : R_NORMAL, line);
	}
}
