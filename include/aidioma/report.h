/* report.h: a learner's progress: calendar, forecast, trends, achievements (SPEC 2, 4.4). */
#ifndef AIDIOMA_REPORT_H
#define AIDIOMA_REPORT_H

#include "aidioma/store.h"

#define CALENDAR_DAYS 371 /* 53 weeks, so the grid always starts on a Monday */
#define FORECAST_DAYS 30
#define TREND_POINTS 30
#define WEAK_TAGS 5

struct tag_score {
	char tag[32];
	double average;
	long count;
};

struct report {
	int64_t first_day;              /* local day number of calendar[0] */
	int calendar[CALENDAR_DAYS];    /* activities per local day, today last */
	int forecast[FORECAST_DAYS];    /* cards and sentences due per day from today */
	double trend[TREND_POINTS];     /* the latest practice scores, oldest first */
	int n_trend;
	double reading_wpm, reading_comprehension; /* NAN without reading */
	long texts_read;
	double retention;               /* flashcard reviews passed / reviews, NAN without */
	long reviews;
	long conversations;
	double conversation_goals;      /* average share of goals reached, NAN without */
	struct tag_score weakest[WEAK_TAGS];
	int n_weakest;
	long words_known;               /* words marked known plus cards in review */
	long perfect_sentences;
	double ai_spent, ai_saved;
};

/* Everything the Progress screen shows, read in one go. */
int report_build(struct store *st, const char *user_id, ms_t now, struct report *r,
		 struct err *e);

/* ---- achievements */
struct achievement_def {
	const char *id, *name, *what;
};
#define ACHIEVEMENT_COUNT 9
extern const struct achievement_def achievements[ACHIEVEMENT_COUNT];

struct achievement_state {
	int earned[ACHIEVEMENT_COUNT];
	ms_t earned_at[ACHIEVEMENT_COUNT];
};

/*
 * Award what the learner has now earned (once each, dated now).  newly, if
 * not NULL, receives the indexes of the ones earned by this call (at most
 * ACHIEVEMENT_COUNT); returns their number, or a negative error.
 */
int achievements_check(struct store *st, const char *user_id, ms_t now, int *newly,
		       struct err *e);
int achievements_get(struct store *st, const char *user_id, struct achievement_state *s,
		     struct err *e);

#endif
