/* achievements.c: the achievements of SPEC 4.4, awarded once each as they are earned. */
#include <math.h>
#include <string.h>

#include "aidioma/report.h"
#include "aidioma/util.h"
#include "banned.h"

const struct achievement_def achievements[ACHIEVEMENT_COUNT] = {
	{ "word-explorer", "Word Explorer", "50 words learnt" },
	{ "vocabulary-builder", "Vocabulary Builder", "200 words learnt" },
	{ "word-master", "Word Master", "500 words learnt" },
	{ "vocabulario-experto", "Vocabulario Experto", "1,000 words learnt" },
	{ "dedicated-learner", "Dedicated Learner", "a 7-day streak" },
	{ "precision-master", "Precision Master", "50 perfect sentences" },
	{ "spanish-reader", "Spanish Reader", "10 texts read" },
	{ "speed-reader", "Speed Reader", "reading at 150 words a minute" },
	{ "polyglot-apprentice", "Polyglot Apprentice", "80% or more in every activity" },
};

static int earned(int i, const struct report *r, const struct user_stats *s)
{
	switch (i) {
	case 0:
		return r->words_known >= 50;
	case 1:
		return r->words_known >= 200;
	case 2:
		return r->words_known >= 500;
	case 3:
		return r->words_known >= 1000;
	case 4:
		return s->streak_days >= 7;
	case 5:
		return r->perfect_sentences >= 50;
	case 6:
		return r->texts_read >= 10;
	case 7:
		return !isnan(r->reading_wpm) && r->reading_wpm >= 150;
	case 8:
		/* every kind of activity tried, and 80% or more in each */
		return !isnan(s->practice_avg) && s->practice_avg >= 80 &&
		       !isnan(r->reading_comprehension) && r->reading_comprehension >= 80 &&
		       !isnan(r->retention) && r->retention >= 0.8 &&
		       !isnan(r->conversation_goals) && r->conversation_goals >= 80;
	}
	return 0;
}

int achievements_check(struct store *st, const char *user_id, ms_t now, int *newly,
		       struct err *e)
{
	struct user_stats s;
	struct report r;
	int i, n = 0, rc;

	if (report_build(st, user_id, now, &r, e) || store_stats_user(st, user_id, now, &s, e))
		return e ? e->code : ERR_FAIL;
	for (i = 0; i < ACHIEVEMENT_COUNT; i++) {
		if (!earned(i, &r, &s))
			continue;
		rc = store_achievement_award(st, user_id, achievements[i].id, now, e);
		if (rc < 0)
			return rc;
		if (rc == 1 && newly)
			newly[n++] = i;
		else if (rc == 1)
			n++;
	}
	return n;
}

int achievements_get(struct store *st, const char *user_id, struct achievement_state *s,
		     struct err *e)
{
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < ACHIEVEMENT_COUNT; i++) {
		if (store_achievement_date(st, user_id, achievements[i].id, &s->earned_at[i], e))
			return e ? e->code : ERR_FAIL;
		s->earned[i] = s->earned_at[i] != 0;
	}
	return 0;
}
