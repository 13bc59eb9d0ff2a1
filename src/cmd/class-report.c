/* class-report.c: aidioma class report: the roster, weakest grammar, assignments, one student. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/util.h"
#include "cmd/class-int.h"
#include "banned.h"

#define RECENT 10

/* "2026-03-10 17:58Z", or "never" */
static const char *when(ms_t t, char *buf, size_t size)
{
	char iso[40];

	if (!t) {
		xstrlcpy(buf, "never", size);
		return buf;
	}
	time_format_iso(t, iso, sizeof(iso));
	xsnprintf(buf, size, "%.10s %.5sZ", iso, iso + 11);
	return buf;
}

static void add_time(cJSON *o, const char *key, ms_t t)
{
	char iso[40];

	if (!t) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	time_format_iso(t, iso, sizeof(iso));
	cJSON_AddStringToObject(o, key, iso);
}

static void add_number_or_null(cJSON *o, const char *key, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, round(v * 10) / 10);
}

static void print_json(cJSON *root)
{
	char *text = cJSON_Print(root);

	puts(text);
	cJSON_free(text);
	cJSON_Delete(root);
}

static cJSON *row_json(const struct roster_row *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "login", r->login);
	cJSON_AddStringToObject(o, "name", r->display_name);
	add_time(o, "last_seen", r->last_seen);
	cJSON_AddNumberToObject(o, "minutes_today", r->minutes_today);
	cJSON_AddNumberToObject(o, "activities_today", r->activities_today);
	cJSON_AddNumberToObject(o, "streak_days", r->streak_days);
	add_number_or_null(o, "practice_average", r->average);
	cJSON_AddNumberToObject(o, "activities", r->activities);
	cJSON_AddNumberToObject(o, "xp", r->xp);
	cJSON_AddNumberToObject(o, "due", r->due);
	return o;
}

static cJSON *class_json(const struct class_info *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "group", c->unix_group);
	add_time(o, "created_at", c->created_at);
	return o;
}

static cJSON *tags_json(const struct tag_score *t, int n)
{
	cJSON *a = cJSON_CreateArray(), *o;
	int i;

	for (i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "tag", t[i].tag);
		add_number_or_null(o, "average", t[i].average);
		cJSON_AddNumberToObject(o, "answers", t[i].count);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *assignment_json(const struct assignment *a)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", a->id);
	cJSON_AddStringToObject(o, "title", a->title);
	cJSON_AddStringToObject(o, "type", a->type);
	if (a->topic[0])
		cJSON_AddStringToObject(o, "topic", a->topic);
	else
		cJSON_AddNullToObject(o, "topic");
	if (a->difficulty[0])
		cJSON_AddStringToObject(o, "difficulty", a->difficulty);
	else
		cJSON_AddNullToObject(o, "difficulty");
	cJSON_AddNumberToObject(o, "count", a->target);
	add_time(o, "due_at", a->due_at);
	add_time(o, "created_at", a->created_at);
	return o;
}

static void report_json(const struct class_report *r)
{
	cJSON *root = cJSON_CreateObject(), *learners, *teachers, *list, *o, *p;
	int i, j;

	cJSON_AddItemToObject(root, "class", class_json(&r->cls));
	add_time(root, "generated_at", r->generated_at);
	learners = cJSON_AddArrayToObject(root, "learners");
	teachers = cJSON_AddArrayToObject(root, "teachers");
	for (i = 0; i < r->n_rows; i++)
		cJSON_AddItemToArray(i < r->n_learners ? learners : teachers, row_json(&r->rows[i]));
	cJSON_AddItemToObject(root, "weakest", tags_json(r->weakest, r->n_weakest));
	cJSON_AddNumberToObject(root, "weakest_days", ROSTER_WEAK_DAYS);
	list = cJSON_AddArrayToObject(root, "assignments");
	for (i = 0; i < r->n_assignments; i++) {
		o = assignment_json(&r->assignments[i]);
		p = cJSON_AddObjectToObject(o, "done");
		for (j = 0; j < r->n_learners; j++)
			cJSON_AddNumberToObject(p, r->rows[j].login, r->done[i * r->n_rows + j]);
		cJSON_AddItemToArray(list, o);
	}
	print_json(root);
}

static void print_assignment_line(const struct assignment *a)
{
	char due[40];

	printf("  %.8s  %s: %ld %s%s%s%s%s", a->id, a->title, a->target, a->type,
	       a->topic[0] ? ", topic " : "", a->topic, a->difficulty[0] ? ", " : "",
	       a->difficulty);
	if (a->due_at)
		printf(", due %s", when(a->due_at, due, sizeof(due)));
	printf("\n");
}

static void report_text(const struct class_report *r)
{
	char seen[40], avg[24], now[40];
	int i, j;

	printf("class %s · %d learner%s, %d teacher%s · %s\n", r->cls.name, r->n_learners,
	       r->n_learners == 1 ? "" : "s", r->n_rows - r->n_learners,
	       r->n_rows - r->n_learners == 1 ? "" : "s", when(r->generated_at, now, sizeof(now)));
	printf("%-16s %-20s %-17s %7s %6s %8s %5s\n", "login", "name", "last seen", "today",
	       "streak", "average", "due");
	for (i = 0; i < r->n_learners; i++) {
		const struct roster_row *w = &r->rows[i];

		if (isnan(w->average))
			xstrlcpy(avg, "-", sizeof(avg));
		else
			xsnprintf(avg, sizeof(avg), "%.0f %s", w->average, grade_letter(w->average));
		printf("%-16.16s %-20.20s %-17s %3ld min %6d %8s %5ld\n", w->login, w->display_name,
		       when(w->last_seen, seen, sizeof(seen)), w->minutes_today, w->streak_days,
		       avg, w->due);
	}
	if (!r->n_learners)
		printf("  no learners yet: 'aidioma class add LOGIN...'\n");
	if (r->n_rows > r->n_learners) {
		printf("teachers:");
		for (i = r->n_learners; i < r->n_rows; i++)
			printf(" %s", r->rows[i].login);
		printf("\n");
	}
	printf("weakest grammar (%d days):", ROSTER_WEAK_DAYS);
	for (i = 0; i < r->n_weakest; i++)
		printf("%s %s %.0f (%ld)", i ? " ·" : "", r->weakest[i].tag, r->weakest[i].average,
		       r->weakest[i].count);
	printf("%s\n", r->n_weakest ? "" : " not enough practice yet");
	printf("assignments:%s\n", r->n_assignments ? "" : " none open");
	for (i = 0; i < r->n_assignments; i++) {
		const struct assignment *a = &r->assignments[i];

		print_assignment_line(a);
		printf("           ");
		for (j = 0; j < r->n_learners; j++) {
			long d = r->done[i * r->n_rows + j];

			printf("%s %s %ld/%ld%s", j ? " ·" : "", r->rows[j].login,
			       d < a->target ? d : a->target, a->target, d >= a->target ? " done" : "");
		}
		printf("%s\n", r->n_learners ? "" : " no learners yet");
	}
}

/* The answer a learner gave, from an activity's metadata. */
static char *answer_of(const struct activity *a)
{
	cJSON *m = cJSON_Parse(a->metadata ? a->metadata : "{}");
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(m, "answer"));
	char *out = s ? xstrdup(s) : NULL;

	cJSON_Delete(m);
	return out;
}

static void student_json(const struct class_info *c, const struct student_detail *d,
			 const struct class_report *r, int ri)
{
	cJSON *root = cJSON_CreateObject(), *o, *list;
	int i;

	cJSON_AddItemToObject(root, "class", class_json(c));
	o = row_json(&d->row);
	cJSON_AddStringToObject(o, "role", d->row.role);
	cJSON_AddItemToObject(root, "student", o);
	o = cJSON_AddObjectToObject(root, "activities");
	cJSON_AddNumberToObject(o, "practice", d->stats.practice);
	cJSON_AddNumberToObject(o, "reading", d->stats.reading);
	cJSON_AddNumberToObject(o, "memorize", d->stats.memorize);
	cJSON_AddNumberToObject(o, "conversation", d->stats.conversation);
	cJSON_AddItemToObject(root, "weakest", tags_json(d->report.weakest, d->report.n_weakest));
	list = cJSON_AddArrayToObject(root, "assignments");
	for (i = 0; r && ri >= 0 && i < r->n_assignments; i++) {
		o = assignment_json(&r->assignments[i]);
		cJSON_AddNumberToObject(o, "done", r->done[i * r->n_rows + ri]);
		cJSON_AddItemToArray(list, o);
	}
	list = cJSON_AddArrayToObject(root, "recent");
	for (i = 0; i < d->n_recent; i++) {
		const struct activity *a = &d->recent[i];
		char *ans = answer_of(a);

		o = cJSON_CreateObject();
		add_time(o, "at", a->created_at);
		cJSON_AddStringToObject(o, "type", a->type);
		cJSON_AddStringToObject(o, "content", a->content_id);
		add_number_or_null(o, "score", a->score);
		if (ans)
			cJSON_AddStringToObject(o, "answer", ans);
		free(ans);
		cJSON_AddItemToArray(list, o);
	}
	print_json(root);
}

static void student_text(const struct class_info *c, const struct student_detail *d,
			 const struct class_report *r, int ri)
{
	const struct user_stats *s = &d->stats;
	char buf[40];
	int i;

	printf("student %s (%s), %s of the class %s\n", d->row.login, d->row.display_name,
	       d->row.role, c->name);
	printf("last seen %s · today %ld activit%s, %ld min · streak %d day%s\n",
	       when(d->row.last_seen, buf, sizeof(buf)), d->row.activities_today,
	       d->row.activities_today == 1 ? "y" : "ies", d->row.minutes_today, s->streak_days,
	       s->streak_days == 1 ? "" : "s");
	printf("activities %ld: practice %ld, reading %ld, flashcards %ld, conversation %ld · %ld XP\n",
	       s->activities, s->practice, s->reading, s->memorize, s->conversation, s->xp);
	if (isnan(s->practice_avg))
		printf("practice average: none yet · due now %ld\n", s->due_now);
	else
		printf("practice average: %.1f (%s) · due now %ld\n", s->practice_avg,
		       grade_letter(s->practice_avg), s->due_now);
	printf("weakest grammar:");
	for (i = 0; i < d->report.n_weakest; i++)
		printf("%s %s %.0f", i ? " ·" : "", d->report.weakest[i].tag,
		       d->report.weakest[i].average);
	printf("%s\n", d->report.n_weakest ? "" : " not enough practice yet");
	for (i = 0; r && ri >= 0 && i < r->n_assignments; i++) {
		long done = r->done[i * r->n_rows + ri];

		printf("assignment %s: %ld/%ld%s\n", r->assignments[i].title,
		       done < r->assignments[i].target ? done : r->assignments[i].target,
		       r->assignments[i].target, done >= r->assignments[i].target ? " done" : "");
	}
	printf("latest:%s\n", d->n_recent ? "" : " nothing yet");
	for (i = 0; i < d->n_recent; i++) {
		const struct activity *a = &d->recent[i];
		char *ans = answer_of(a);
		char score[16] = "-";

		if (!isnan(a->score))
			xsnprintf(score, sizeof(score), "%.0f", a->score);
		printf("  %s  %-12s %-14s %4s%s%s%s\n", when(a->created_at, buf, sizeof(buf)),
		       a->type, a->content_id[0] ? a->content_id : "-", score, ans ? "  \"" : "",
		       ans ? ans : "", ans ? "\"" : "");
		free(ans);
	}
}

int class_report(struct cli *cli, int argc, char **argv)
{
	const char *student = NULL;
	struct err e = ERR_INIT;
	struct class_report r;
	struct student_detail d;
	struct class_info c;
	struct store *st;
	struct user who;
	int i, k, json = 0, rc, ri = -1;
	ms_t now = clock_now_ms();

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if ((k = opt_value(argc, argv, &i, "--student", &student))) {
			if (k < 0)
				return cli_usage(&cmd_class, "class report: --student needs a LOGIN");
			continue;
		}
		return cli_usage(&cmd_class, "class report: unexpected '%s'", argv[i]);
	}
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = class_of(st, &c)) || (rc = class_require_teacher(st, &c, "class report", &who)))
		goto out;
	user_release(&who);
	if (store_roster_build(st, &c, now, &r, &e)) {
		rc = cli_fail("class report", &e);
		goto out;
	}
	if (!student) {
		if (json)
			report_json(&r);
		else
			report_text(&r);
		class_report_release(&r);
		goto out;
	}
	if (store_roster_student(st, &c, student, now, RECENT, &d, &e)) {
		rc = cli_fail("class report", &e);
		class_report_release(&r);
		goto out;
	}
	for (i = 0; i < r.n_learners; i++)
		if (!strcmp(r.rows[i].login, student))
			ri = i;
	if (json)
		student_json(&c, &d, &r, ri);
	else
		student_text(&c, &d, &r, ri);
	student_detail_release(&d);
	class_report_release(&r);
out:
	store_close(st);
	return rc;
}
