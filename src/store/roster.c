/* roster.c: the teacher's view of a class: roster figures, weakest grammar, assignment progress. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "aidioma/classroom.h"
#include "banned.h"

#define MEMBER_COLS "u.id, u.login, u.display_name, m.role, " \
		    "max(coalesce(m.last_seen_at, 0), coalesce(d.last_activity_at, 0)), " \
		    "coalesce(t.duration_ms, 0), coalesce(t.activities, 0)"

static void row_from_stmt(sqlite3_stmt *s, struct roster_row *r)
{
	memset(r, 0, sizeof(*r));
	col_copy(s, 0, r->user_id, sizeof(r->user_id));
	col_copy(s, 1, r->login, sizeof(r->login));
	col_copy(s, 2, r->display_name, sizeof(r->display_name));
	col_copy(s, 3, r->role, sizeof(r->role));
	r->last_seen = sqlite3_column_int64(s, 4);
	r->minutes_today = (long)(sqlite3_column_int64(s, 5) / 60000);
	r->activities_today = (long)sqlite3_column_int64(s, 6);
}

/* The figures kept current by triggers: streak, average, backlog. */
static int row_figures(struct store *st, struct roster_row *r, ms_t now, struct user_stats *us,
		       struct err *e)
{
	struct user_stats local;

	if (!us)
		us = &local;
	if (store_stats_user(st, r->user_id, now, us, e))
		return err_prefix(e, "reading the figures of '%s'", r->login);
	r->streak_days = us->streak_days;
	r->average = us->practice_avg;
	r->activities = us->activities;
	r->xp = us->xp;
	r->due = us->due_now;
	return 0;
}

void class_report_release(struct class_report *r)
{
	free(r->rows);
	free(r->assignments);
	free(r->done);
	memset(r, 0, sizeof(*r));
}

static int read_members(struct store *st, const struct class_info *c, ms_t now,
			struct class_report *r, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ROSTER_MEMBERS,
				     "SELECT " MEMBER_COLS " FROM class_members m "
				     "JOIN users u ON u.id = m.user_id "
				     "LEFT JOIN dashboard_stats d ON d.user_id = m.user_id "
				     "LEFT JOIN daily_activity t ON t.user_id = m.user_id AND t.day = ?2 "
				     "WHERE m.class_id = ?1 ORDER BY m.role = 'teacher', u.login", e);
	int rc, alloc = 0;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, time_day_local(now));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (r->n_rows == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			r->rows = xrealloc(r->rows, (size_t)alloc * sizeof(*r->rows));
		}
		row_from_stmt(s, &r->rows[r->n_rows]);
		if (!strcmp(r->rows[r->n_rows].role, "learner"))
			r->n_learners++;
		r->n_rows++;
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "reading the roster");
}

static int read_weakest(struct store *st, const struct class_info *c, ms_t now,
			struct class_report *r, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_ROSTER_WEAKEST,
				     "SELECT g.value, avg(a.score), count(*) FROM class_members m "
				     "JOIN learning_activities a ON a.user_id = m.user_id "
				     "JOIN learning_content c ON c.id = a.content_id, "
				     "json_each(c.metadata, '$.grammar') g "
				     "WHERE m.class_id = ?1 AND m.role = 'learner' "
				     "AND a.activity_type = 'practice' AND a.score IS NOT NULL "
				     "AND a.created_at >= ?2 "
				     "GROUP BY g.value HAVING count(*) >= 2 ORDER BY 2, 3 DESC LIMIT ?3", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now - (ms_t)ROSTER_WEAK_DAYS * 86400000);
	sqlite3_bind_int(s, 3, WEAK_TAGS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->n_weakest < WEAK_TAGS) {
		struct tag_score *t = &r->weakest[r->n_weakest++];

		col_copy(s, 0, t->tag, sizeof(t->tag));
		t->average = sqlite3_column_double(s, 1);
		t->count = (long)sqlite3_column_int64(s, 2);
	}
	store_done(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
		store_sqlerr(st, e, "reading the class's weakest grammar");
}

int store_roster_build(struct store *st, const struct class_info *c, ms_t now,
		       struct class_report *r, struct err *e)
{
	int i, j;

	memset(r, 0, sizeof(*r));
	r->cls = *c;
	r->generated_at = now;
	if (read_members(st, c, now, r, e))
		goto fail;
	for (i = 0; i < r->n_rows; i++)
		if (row_figures(st, &r->rows[i], now, NULL, e))
			goto fail;
	if (read_weakest(st, c, now, r, e))
		goto fail;
	if (store_assignment_list(st, c->id, ASSIGN_ACTIVE, now, &r->assignments,
				  &r->n_assignments, e))
		goto fail;
	if (r->n_assignments && r->n_rows)
		r->done = xcalloc((size_t)r->n_assignments * (size_t)r->n_rows, sizeof(*r->done));
	for (i = 0; i < r->n_assignments; i++)
		for (j = 0; j < r->n_learners; j++)
			if (store_assignment_done(st, &r->assignments[i], r->rows[j].user_id,
						  &r->done[i * r->n_rows + j], e))
				goto fail;
	return 0;
fail:
	class_report_release(r);
	return e ? e->code : ERR_FAIL;
}

void student_detail_release(struct student_detail *d)
{
	store_activity_free(d->recent, d->n_recent);
	memset(d, 0, sizeof(*d));
}

int store_roster_student(struct store *st, const struct class_info *c, const char *login,
			 ms_t now, int recent, struct student_detail *d, struct err *e)
{
	struct class_report r;
	int i, found = -1;

	memset(d, 0, sizeof(*d));
	memset(&r, 0, sizeof(r));
	r.cls = *c;
	if (read_members(st, c, now, &r, e))
		goto fail;
	for (i = 0; i < r.n_rows; i++)
		if (!strcmp(r.rows[i].login, login))
			found = i;
	if (found < 0) {
		class_report_release(&r);
		return err_set(e, ERR_NOTFOUND, "'%s' is not a member of the class '%s'", login,
			       c->name);
	}
	d->row = r.rows[found];
	class_report_release(&r);
	if (row_figures(st, &d->row, now, &d->stats, e) ||
	    report_build(st, d->row.user_id, now, &d->report, e) ||
	    store_activity_recent(st, d->row.user_id, recent, &d->recent, &d->n_recent, e))
		goto fail;
	return 0;
fail:
	class_report_release(&r);
	student_detail_release(d);
	return e ? e->code : ERR_FAIL;
}
