/* classroom.h: a class on one server: members, assignments and the teacher's report (SPEC 2, 8). */
#ifndef AIDIOMA_CLASSROOM_H
#define AIDIOMA_CLASSROOM_H

#include "aidioma/report.h"
#include "aidioma/store.h"

/*
 * A class database holds exactly one class.  Its members are users of the
 * database whose logins are the server's Unix logins; teachers see the
 * whole class, learners only themselves.
 */
struct class_info {
	char id[37];
	char name[65];
	char unix_group[65]; /* the group that may open the database */
	ms_t created_at;
};

/* The class of the database; ERR_NOTFOUND when it is no class database. */
int store_class_get(struct store *st, struct class_info *c, struct err *e);
/* Make the database a class database; ERR_USAGE when it already is one. */
int store_class_create(struct store *st, const char *name, const char *unix_group,
		       struct class_info *out, struct err *e);

/* Add the user (or change their role: learner, teacher) and give the users
 * row the same role, in one transaction. */
int store_class_member_set(struct store *st, const char *class_id, const char *user_id,
			   const char *role, struct err *e);
/* The member's role into role[16]; ERR_NOTFOUND when not a member. */
int store_class_member_role(struct store *st, const char *class_id, const char *user_id,
			    char role[16], struct err *e);
/* Note that the member is using aidioma now (the roster's last seen). */
int store_class_seen(struct store *st, const char *class_id, const char *user_id, ms_t now,
		     struct err *e);

/* ---- assignments */
struct assignment {
	char id[37];
	char class_id[37];
	char title[129];
	char type[16];        /* practice, reading, memorize, conversation */
	char topic[64];       /* empty: any */
	char difficulty[16];  /* empty: any */
	long target;          /* how many items */
	ms_t due_at;          /* 0: no date */
	ms_t created_at;
	ms_t closed_at;       /* 0: open */
	char created_by[37];
};

/* Save a new assignment; its id and created_at are filled when empty. */
int store_assignment_add(struct store *st, struct assignment *a, struct err *e);
/* Close the assignment whose id is id or starts with it (8 characters at
 * least); ERR_NOTFOUND when none, ERR_USAGE when several match.  The
 * closed one is copied to out when out is not NULL. */
int store_assignment_close(struct store *st, const char *class_id, const char *id, ms_t now,
			   struct assignment *out, struct err *e);
enum {
	ASSIGN_ACTIVE = 0, /* not closed (past due ones included): the teacher's list */
	ASSIGN_OPEN = 1,   /* not closed and not past due: what learners see */
};
/* The class's assignments, the earliest due first; *out is an array of *n
 * the caller frees with free(). */
int store_assignment_list(struct store *st, const char *class_id, int which, ms_t now,
			  struct assignment **out, int *n, struct err *e);
/* How many items of the course an assignment of type (practice, reading,
 * memorize, conversation) could use, of topic and difficulty when not NULL. */
int store_assignment_available(struct store *st, const char *type, const char *topic,
			       const char *difficulty, long *n, struct err *e);
/* How much of the assignment the user has done: distinct items of its type
 * (and topic and difficulty, when set) since it was set. */
int store_assignment_done(struct store *st, const struct assignment *a, const char *user_id,
			  long *done, struct err *e);

/* ---- the teacher's view */
struct roster_row {
	char user_id[37];
	char login[65];
	char display_name[129];
	char role[16];
	ms_t last_seen;         /* the later of aidioma's last start and the last activity */
	long minutes_today;     /* time spent in today's activities (local day) */
	long activities_today;
	int streak_days;
	double average;         /* practice average, NAN without scored practice */
	long activities, xp;
	long due;               /* items due now: the backlog */
};

#define ROSTER_WEAK_DAYS 30

struct class_report {
	struct class_info cls;
	ms_t generated_at;
	struct roster_row *rows; /* learners first, then teachers; each by login */
	int n_rows, n_learners;
	struct tag_score weakest[WEAK_TAGS]; /* the class's, over ROSTER_WEAK_DAYS */
	int n_weakest;
	struct assignment *assignments;     /* active ones */
	int n_assignments;
	long *done;             /* done[a * n_rows + r]: assignment a, row r */
};

/* Read everything the Teacher screen and 'class report' show. */
int store_roster_build(struct store *st, const struct class_info *c, ms_t now,
		       struct class_report *r, struct err *e);
void class_report_release(struct class_report *r);

/* One member in detail: figures, weakest tags, latest activities. */
struct student_detail {
	struct roster_row row;
	struct user_stats stats;
	struct report report;
	struct activity *recent; /* newest first */
	int n_recent;
};
int store_roster_student(struct store *st, const struct class_info *c, const char *login,
			 ms_t now, int recent, struct student_detail *d, struct err *e);
void student_detail_release(struct student_detail *d);

#endif
