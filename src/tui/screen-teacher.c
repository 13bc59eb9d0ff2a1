/* screen-teacher.c: Teacher: the class live: roster, one student, weakest grammar, assignments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "tui/tui-int.h"
#include "aidioma/classroom.h"
#include "banned.h"

#define REFRESH_MS 2000 /* students work while the teacher watches */
#define RECENT 12

enum view { ROSTER, DETAIL, FORM };
enum field { F_TITLE, F_TYPE, F_COUNT, F_TOPIC, F_DUE, F__COUNT };

static const char *const types[] = { "practice", "reading", "memorize", "conversation" };
static const char *const content_types[] = { "sentence", "text", "flashcard", "scenario" };

struct teacher {
	enum view view;
	int allowed;             /* a teacher of the class of this database */
	struct class_info cls;
	struct class_report r;
	int sel, top, focus;     /* roster row, first row shown; focus 1: assignments */
	int asel;
	char closing[37];        /* x pressed once on this assignment */
	struct student_detail d;
	char **english;          /* of d.recent, for the detail */
	double loaded;           /* monotonic ms of the last reading */
	char updated[16];        /* the wall clock then, shown as "updated" */
	char error[256];
	/* the new assignment form */
	struct editor ed[F__COUNT];
	int field, type;
	char form_error[256];
};

static const struct help_entry teacher_help[] = {
	{ "Up/Down, j/k", "move in the roster or the assignments" },
	{ "Tab", "switch between the roster and the assignments" },
	{ "Enter, l", "open the selected student's work" },
	{ "a", "set a new assignment" },
	{ "x x", "close the selected assignment" },
	{ "r", "read everything again (it also happens every 2 seconds)" },
	{ "q, Esc", "back (from a student, to the class)" },
	{ "in the form", "Tab/Up/Down field, Left/Right type, Enter save, Esc cancel" },
	{ NULL, NULL },
};

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void free_english(struct teacher *s)
{
	int i;

	for (i = 0; s->english && i < s->d.n_recent; i++)
		free(s->english[i]);
	free(s->english);
	s->english = NULL;
}

static void load_detail(struct tui *t, struct teacher *s, const char *login)
{
	struct err e = ERR_INIT;
	struct content c;
	char keep[65];
	int i;

	xstrlcpy(keep, login, sizeof(keep));
	free_english(s);
	student_detail_release(&s->d);
	if (store_roster_student(t->o->st, &s->cls, keep, clock_now_ms(), RECENT, &s->d, &e)) {
		xstrlcpy(s->error, e.msg, sizeof(s->error));
		s->view = ROSTER;
		return;
	}
	s->english = xcalloc((size_t)s->d.n_recent + 1, sizeof(*s->english));
	for (i = 0; i < s->d.n_recent; i++)
		if (s->d.recent[i].content_id[0] &&
		    !store_content_get(t->o->st, s->d.recent[i].content_id, &c, NULL)) {
			s->english[i] = xstrdup(c.secondary_text);
			content_release(&c);
		}
}

static void load(struct tui *t, struct teacher *s)
{
	struct err e = ERR_INIT;
	char login[65] = "";
	time_t now = time(NULL);
	struct tm tm;

	s->loaded = mono_ms();
	if (localtime_r(&now, &tm))
		strftime(s->updated, sizeof(s->updated), "%H:%M:%S", &tm);
	if (!s->allowed)
		return;
	if (s->sel < s->r.n_learners)
		xstrlcpy(login, s->r.rows[s->sel].login, sizeof(login));
	class_report_release(&s->r);
	s->error[0] = '\0';
	if (store_roster_build(t->o->st, &s->cls, clock_now_ms(), &s->r, &e))
		xstrlcpy(s->error, e.msg, sizeof(s->error));
	/* the selection follows the student, as rows come and go */
	for (s->sel = s->r.n_learners ? s->r.n_learners - 1 : 0; s->sel > 0; s->sel--)
		if (strcmp(s->r.rows[s->sel].login, login) <= 0)
			break;
	if (s->asel >= s->r.n_assignments)
		s->asel = s->r.n_assignments ? s->r.n_assignments - 1 : 0;
	if (s->view == DETAIL)
		load_detail(t, s, s->d.row.login);
}

static void *enter(struct tui *t)
{
	struct teacher *s = xcalloc(1, sizeof(*s));
	struct err e = ERR_INIT;
	char role[16];

	if (store_class_get(t->o->st, &s->cls, &e))
		xstrlcpy(s->error, "This database holds no class: a teacher makes one with "
			 "'aidioma class create NAME --db PATH'.", sizeof(s->error));
	else if (store_class_member_role(t->o->st, s->cls.id, t->o->user->id, role, NULL) ||
		 strcmp(role, "teacher"))
		xsnprintf(s->error, sizeof(s->error), "Only the teachers of the class '%s' see "
			  "this screen.", s->cls.name);
	else
		s->allowed = 1;
	load(t, s);
	return s;
}

static void leave(struct tui *t, void *state)
{
	struct teacher *s = state;

	(void)t;
	free_english(s);
	student_detail_release(&s->d);
	class_report_release(&s->r);
	free(s);
}

/* "now", "5 min ago", "3 h ago", "yesterday", "4 days ago", "never" */
static void ago(ms_t then, char *buf, size_t size)
{
	ms_t d = clock_now_ms() - then;
	int64_t days = time_day_local(clock_now_ms()) - time_day_local(then);

	if (!then)
		xstrlcpy(buf, "never", size);
	else if (d < 2 * 60000)
		xstrlcpy(buf, "now", size);
	else if (d < 3600000)
		xsnprintf(buf, size, "%d min ago", (int)(d / 60000));
	else if (days == 0)
		xsnprintf(buf, size, "%d h ago", (int)(d / 3600000));
	else if (days == 1)
		xstrlcpy(buf, "yesterday", size);
	else
		xsnprintf(buf, size, "%d days ago", (int)days);
}

static void average_text(double avg, char *buf, size_t size)
{
	if (isnan(avg))
		xstrlcpy(buf, "-", size);
	else
		xsnprintf(buf, size, "%.0f %s", avg, grade_letter(avg));
}

static const char *name_of(const struct roster_row *w)
{
	return w->display_name[0] ? w->display_name : w->login;
}

static void draw_assignment(const struct teacher *s, int i, int y, int selected)
{
	const struct assignment *a = &s->r.assignments[i];
	char line[400], due[40] = "";
	long done_by = 0, sum = 0;
	int j;

	for (j = 0; j < s->r.n_learners; j++) {
		long d = s->r.done[i * s->r.n_rows + j];

		done_by += d >= a->target;
		sum += d < a->target ? d : a->target;
	}
	if (a->due_at) {
		time_format_iso(a->due_at, due, sizeof(due));
		due[10] = '\0';
	}
	xsnprintf(line, sizeof(line), "%s %s · %ld %s%s%s%s%s · %ld/%d done · %.0f%%",
		  selected ? "▸" : " ", a->title, a->target, a->type, a->topic[0] ? ", " : "",
		  a->topic, due[0] ? ", due " : "", due, done_by, s->r.n_learners,
		  s->r.n_learners ? 100.0 * (double)sum / (double)(a->target * s->r.n_learners) : 0.0);
	draw_text(y, 2, COLS - 4, selected ? R_SELECTED : done_by == s->r.n_learners &&
		  s->r.n_learners ? R_CORRECT : R_NORMAL, line);
}

static void draw_roster(struct teacher *s)
{
	const struct class_report *r = &s->r;
	char line[512], seen[32], avg[16], work[24];
	int y = 2, i, rows, first_a = r->n_assignments ? 0 : -1;

	xsnprintf(line, sizeof(line), "  %-20s %-11s %7s %6s %7s %5s  %s", "Student", "Last seen",
		  "Today", "Streak", "Average", "Due", first_a < 0 ? "" : "Work");
	draw_text(y++, 0, COLS, R_DIM, line);
	rows = LINES - 14;
	if (rows < 3)
		rows = 3;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + rows)
		s->top = s->sel - rows + 1;
	if (!r->n_learners)
		draw_text(y, 2, COLS - 4, R_DIM, "No learners yet: 'aidioma class add LOGIN...' "
			  "adds them.");
	for (i = s->top; i < r->n_learners && i < s->top + rows; i++) {
		const struct roster_row *w = &r->rows[i];
		int here = w->last_seen && clock_now_ms() - w->last_seen < 2 * 60000;
		int selected = i == s->sel && s->focus == 0;

		ago(w->last_seen, seen, sizeof(seen));
		average_text(w->average, avg, sizeof(avg));
		work[0] = '\0';
		if (first_a >= 0)
			xsnprintf(work, sizeof(work), "%ld/%ld",
				  r->done[i] < r->assignments[0].target ? r->done[i] :
				  r->assignments[0].target, r->assignments[0].target);
		xsnprintf(line, sizeof(line), "%s %-20.20s %-11s %3ld min %4d d %7s %5ld  %s",
			  selected ? "▸" : " ", name_of(w), seen, w->minutes_today, w->streak_days,
			  avg, w->due, work);
		if (selected) {
			attron(theme_attr(R_SELECTED));
			mvhline(y, 0, ' ', COLS);
			attroff(theme_attr(R_SELECTED));
		}
		draw_text(y, 0, COLS, selected ? R_SELECTED : here ? R_CORRECT : R_NORMAL, line);
		y++;
	}
	if (r->n_learners > rows) {
		xsnprintf(line, sizeof(line), "%d-%d of %d", s->top + 1,
			  s->top + rows < r->n_learners ? s->top + rows : r->n_learners, r->n_learners);
		draw_text(y, COLS - 16, 15, R_DIM, line);
	}
	y = 3 + (rows < r->n_learners ? rows : r->n_learners ? r->n_learners : 1) + 1;

	xsnprintf(line, sizeof(line), "Weakest grammar (class, %d days): ", ROSTER_WEAK_DAYS);
	for (i = 0; i < r->n_weakest; i++)
		xsnprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s %.0f (%ld)",
			  i ? " · " : "", r->weakest[i].tag, r->weakest[i].average,
			  r->weakest[i].count);
	if (!r->n_weakest)
		xstrlcpy(line + strlen(line), "not enough practice yet", sizeof(line) - strlen(line));
	draw_text(y++, 2, COLS - 4, r->n_weakest ? R_HINT : R_DIM, line);
	y++;
	draw_text(y++, 2, COLS - 4, s->focus ? R_ACCENT : R_TITLE, "Assignments");
	if (!r->n_assignments)
		draw_text(y++, 2, COLS - 4, R_DIM, "  none open: 'a' sets one");
	for (i = 0; i < r->n_assignments && y < LINES - 2; i++)
		draw_assignment(s, i, y++, s->focus == 1 && i == s->asel);
	draw_text(LINES - 1, 2, COLS - 4, R_DIM,
		  "↑↓ move · Enter student · Tab assignments · a assign · x close · q back");
}

static void draw_detail(struct teacher *s)
{
	const struct student_detail *d = &s->d;
	const struct user_stats *u = &d->stats;
	char line[600], seen[32], avg[16], when[40];
	int y = 2, i;

	ago(d->row.last_seen, seen, sizeof(seen));
	xsnprintf(line, sizeof(line), "Last seen %s · today %ld activit%s, %ld min · streak %d day%s · "
		  "%ld XP", seen, d->row.activities_today, d->row.activities_today == 1 ? "y" : "ies",
		  d->row.minutes_today, u->streak_days, u->streak_days == 1 ? "" : "s", u->xp);
	draw_text(y++, 2, COLS - 4, R_NORMAL, line);
	average_text(u->practice_avg, avg, sizeof(avg));
	xsnprintf(line, sizeof(line), "Practice %ld, average %s · due now %ld", u->practice, avg,
		  u->due_now);
	draw_text(y++, 2, COLS - 4, R_NORMAL, line);
	xsnprintf(line, sizeof(line), "Reading %ld · flashcards %ld · conversation %ld", u->reading,
		  u->memorize, u->conversation);
	draw_text(y++, 2, COLS - 4, R_NORMAL, line);
	xstrlcpy(line, "Weakest: ", sizeof(line));
	for (i = 0; i < d->report.n_weakest; i++)
		xsnprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s %.0f",
			  i ? " · " : "", d->report.weakest[i].tag, d->report.weakest[i].average);
	if (!d->report.n_weakest)
		xstrlcpy(line + strlen(line), "not enough practice yet", sizeof(line) - strlen(line));
	draw_text(y++, 2, COLS - 4, d->report.n_weakest ? R_HINT : R_DIM, line);
	for (i = 0; i < s->r.n_learners; i++)
		if (!strcmp(s->r.rows[i].login, d->row.login))
			break;
	if (i < s->r.n_learners && s->r.n_assignments) {
		int a, ri = i;

		xstrlcpy(line, "Assignments: ", sizeof(line));
		for (a = 0; a < s->r.n_assignments; a++) {
			long done = s->r.done[a * s->r.n_rows + ri], target = s->r.assignments[a].target;

			xsnprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s %ld/%ld",
				  a ? " · " : "", s->r.assignments[a].title,
				  done < target ? done : target, target);
		}
		draw_text(y++, 2, COLS - 4, R_NORMAL, line);
	}
	y++;
	draw_text(y++, 2, COLS - 4, R_TITLE, "Latest work");
	if (!d->n_recent)
		draw_text(y++, 4, COLS - 6, R_DIM, "nothing yet");
	for (i = 0; i < d->n_recent && y < LINES - 2; i++) {
		const struct activity *a = &d->recent[i];
		cJSON *m = cJSON_Parse(a->metadata ? a->metadata : "{}");
		const char *ans = cJSON_GetStringValue(cJSON_GetObjectItem(m, "answer"));
		char score[16] = "  -";

		time_format_iso(a->created_at, when, sizeof(when));
		if (!isnan(a->score))
			xsnprintf(score, sizeof(score), "%3.0f", a->score);
		xsnprintf(line, sizeof(line), "%.5s %.5s  %-12s %s  %s%s%s", when + 5, when + 11,
			  a->type, score, ans ? ans : a->content_id, s->english && s->english[i] ?
			  "  ← " : "", s->english && s->english[i] ? s->english[i] : "");
		draw_text(y++, 4, COLS - 6, isnan(a->score) ? R_NORMAL : a->score >= 80 ? R_CORRECT :
			  a->score >= 60 ? R_NORMAL : R_WRONG, line);
		cJSON_Delete(m);
	}
	draw_text(LINES - 1, 2, COLS - 4, R_DIM, "↑↓ previous/next student · r refresh · q back");
}

static void draw_form(struct teacher *s)
{
	static const char *const labels[] = { "Title", "Type", "How many", "Topic", "Due" };
	static const char *const notes[] = { "", "←→ change", "", "empty: any topic",
					     "YYYY-MM-DD, empty: no date" };
	char line[128];
	int i, y = 2;

	for (i = 0; i < F__COUNT; i++, y += 2) {
		draw_text(y, 2, 12, i == s->field ? R_ACCENT : R_NORMAL, labels[i]);
		if (i == F_TYPE) {
			xsnprintf(line, sizeof(line), "‹ %s ›", types[s->type]);
			draw_text(y, 14, 20, i == s->field ? R_SELECTED : R_EDIT, line);
		}
		draw_text(y, 50, COLS - 52, R_DIM, notes[i]);
	}
	if (s->form_error[0])
		draw_text(y++, 2, COLS - 4, R_WRONG, s->form_error);
	draw_text(LINES - 1, 2, COLS - 4, R_DIM,
		  "Tab/↑↓ next field · Enter save · Esc cancel");
	/* the editors last: the one with the cursor places it */
	for (i = 0, y = 2; i < F__COUNT; i++, y += 2)
		if (i != F_TYPE && i != s->field)
			editor_draw(&s->ed[i], y, 14, 34, R_EDIT);
	if (s->field != F_TYPE)
		editor_draw(&s->ed[s->field], 2 + 2 * s->field, 14, 34, R_EDIT);
}

static void draw(struct tui *t, void *state)
{
	struct teacher *s = state;
	char line[300];

	if (mono_ms() - s->loaded >= REFRESH_MS && s->view != FORM)
		load(t, s);
	if (!s->allowed) {
		draw_text(0, 1, COLS - 2, R_TITLE, "Teacher");
		draw_text(2, 2, COLS - 4, R_WRONG, s->error);
		draw_text(LINES - 1, 2, COLS - 4, R_DIM, "q back");
		return;
	}
	if (s->view == DETAIL)
		xsnprintf(line, sizeof(line), "Teacher · %s › %s (%s)", s->cls.name,
			  name_of(&s->d.row), s->d.row.login);
	else if (s->view == FORM)
		xsnprintf(line, sizeof(line), "Teacher · %s › a new assignment", s->cls.name);
	else
		xsnprintf(line, sizeof(line), "Teacher · %s · %d learner%s", s->cls.name,
			  s->r.n_learners, s->r.n_learners == 1 ? "" : "s");
	draw_text(0, 1, COLS - 20, R_TITLE, line);
	xsnprintf(line, sizeof(line), "live · %s", s->updated);
	draw_text(0, COLS - 17, 16, R_DIM, line);
	if (s->view == DETAIL)
		draw_detail(s);
	else if (s->view == FORM)
		draw_form(s);
	else
		draw_roster(s);
	if (s->error[0])
		draw_text(LINES - 2, 2, COLS - 4, R_WRONG, s->error);
}

static void open_form(struct teacher *s)
{
	int i;

	for (i = 0; i < F__COUNT; i++)
		editor_init(&s->ed[i], i == F_TITLE ? 100 : i == F_TOPIC ? 40 : 12, 0);
	editor_set(&s->ed[F_COUNT], "10");
	s->field = F_TITLE;
	s->type = 0;
	s->form_error[0] = '\0';
	s->view = FORM;
}

/* Check the form, save the assignment; 0 when saved. */
static int save_form(struct tui *t, struct teacher *s)
{
	struct err e = ERR_INIT;
	struct assignment a;
	char *end;
	long n = 0;

	memset(&a, 0, sizeof(a));
	xstrlcpy(a.class_id, s->cls.id, sizeof(a.class_id));
	xstrlcpy(a.title, s->ed[F_TITLE].buf, sizeof(a.title));
	xstrlcpy(a.type, types[s->type], sizeof(a.type));
	xstrlcpy(a.topic, s->ed[F_TOPIC].buf, sizeof(a.topic));
	xstrlcpy(a.created_by, t->o->user->id, sizeof(a.created_by));
	a.target = strtol(s->ed[F_COUNT].buf, &end, 10);
	if (!a.title[0]) {
		xstrlcpy(s->form_error, "Give the assignment a title.", sizeof(s->form_error));
		s->field = F_TITLE;
		return -1;
	}
	if (*end || a.target < 1 || a.target > 1000) {
		xstrlcpy(s->form_error, "How many: a number from 1 to 1000.", sizeof(s->form_error));
		s->field = F_COUNT;
		return -1;
	}
	if (s->ed[F_DUE].len) {
		ms_t due;

		if (s->ed[F_DUE].len != 10 || time_parse_iso(s->ed[F_DUE].buf, &due)) {
			xstrlcpy(s->form_error, "Due: a date such as 2026-03-13, or nothing.",
				 sizeof(s->form_error));
			s->field = F_DUE;
			return -1;
		}
		/* the end of that day, where the class is */
		a.due_at = time_local_midnight(due + 12 * 3600000LL) + 86400000LL - 1;
	}
	if (store_assignment_available(t->o->st, a.type, a.topic[0] ? a.topic : NULL, NULL, &n,
				       &e) == 0 && n == 0) {
		xsnprintf(s->form_error, sizeof(s->form_error), "The course has no %s item of the "
			  "topic '%s'.", content_types[s->type], a.topic);
		s->field = F_TOPIC;
		return -1;
	}
	if (store_assignment_add(t->o->st, &a, &e)) {
		xstrlcpy(s->form_error, e.msg, sizeof(s->form_error));
		return -1;
	}
	tui_notice(t, "Assignment set: %s. The class sees it on Home.", a.title);
	return 0;
}

static int key_form(struct tui *t, struct teacher *s, wint_t ch, int is_fkey)
{
	if (!is_fkey && ch == 27) {
		s->view = ROSTER;
		return 1;
	}
	if ((!is_fkey && (ch == '\r' || ch == '\n')) || (is_fkey && ch == KEY_ENTER)) {
		if (save_form(t, s) == 0) {
			s->view = ROSTER;
			s->focus = 1;
			load(t, s);
		}
		return 1;
	}
	if ((!is_fkey && ch == '\t') || (is_fkey && ch == KEY_DOWN)) {
		s->field = (s->field + 1) % F__COUNT;
		return 1;
	}
	if (is_fkey && (ch == KEY_BTAB || ch == KEY_UP)) {
		s->field = (s->field + F__COUNT - 1) % F__COUNT;
		return 1;
	}
	if (s->field == F_TYPE) {
		if ((is_fkey && ch == KEY_RIGHT) || (!is_fkey && ch == ' '))
			s->type = (s->type + 1) % 4;
		else if (is_fkey && ch == KEY_LEFT)
			s->type = (s->type + 3) % 4;
		return !(is_fkey && ch == KEY_F(1));
	}
	if (editor_key(&s->ed[s->field], ch, is_fkey))
		return 1;
	/* while typing, letters are text: only F1 reaches the loop */
	return !(is_fkey && ch == KEY_F(1));
}

static void close_selected(struct tui *t, struct teacher *s)
{
	const struct assignment *a;
	struct err e = ERR_INIT;

	if (!s->r.n_assignments)
		return;
	a = &s->r.assignments[s->asel];
	if (strcmp(s->closing, a->id)) {
		xstrlcpy(s->closing, a->id, sizeof(s->closing));
		tui_notice(t, "Press x again to close '%s'.", a->title);
		return;
	}
	s->closing[0] = '\0';
	if (store_assignment_close(t->o->st, s->cls.id, a->id, clock_now_ms(), NULL, &e))
		tui_notice(t, "Closing failed: %s", e.msg);
	else
		tui_notice(t, "Closed.");
	load(t, s);
}

static void move_sel(struct teacher *s, int dir)
{
	if (s->focus == 1 && s->r.n_assignments) {
		s->asel = (s->asel + dir + s->r.n_assignments) % s->r.n_assignments;
		s->closing[0] = '\0';
	} else if (s->r.n_learners) {
		s->sel = (s->sel + dir + s->r.n_learners) % s->r.n_learners;
	}
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct teacher *s = state;
	int up = (is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k');
	int down = (is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j');

	if (!s->allowed)
		return 0;
	if (s->view == FORM)
		return key_form(t, s, ch, is_fkey);
	if (!is_fkey && ch == 'r') {
		load(t, s);
		return 1;
	}
	if (s->view == DETAIL) {
		if ((!is_fkey && (ch == 'q' || ch == 27 || ch == 'h')) || (is_fkey && ch == KEY_LEFT)) {
			s->view = ROSTER;
			return 1;
		}
		if ((up || down) && s->r.n_learners) {
			s->sel = (s->sel + (up ? -1 : 1) + s->r.n_learners) % s->r.n_learners;
			load_detail(t, s, s->r.rows[s->sel].login);
			return 1;
		}
		return 0;
	}
	if (up || down) {
		move_sel(s, up ? -1 : 1);
		return 1;
	}
	if (!is_fkey && ch == '\t') {
		s->focus = !s->focus;
		return 1;
	}
	if ((!is_fkey && (ch == '\r' || ch == '\n' || ch == 'l')) ||
	    (is_fkey && (ch == KEY_ENTER || ch == KEY_RIGHT))) {
		if (s->focus == 0 && s->r.n_learners) {
			s->view = DETAIL;
			load_detail(t, s, s->r.rows[s->sel].login);
		}
		return 1;
	}
	if (!is_fkey && ch == 'a') {
		open_form(s);
		return 1;
	}
	if (!is_fkey && ch == 'x' && s->focus == 1) {
		close_selected(t, s);
		return 1;
	}
	return 0;
}

const struct screen screen_teacher = {
	"Teacher", teacher_help, 80, 24, enter, leave, draw, key,
};
