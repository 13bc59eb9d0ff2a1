/* analytics.h: the feature store, experiments and the slow-query log (SQLite side). */
#ifndef AIDIOMA_ANALYTICS_H
#define AIDIOMA_ANALYTICS_H

#include "aidioma/err.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

/* ---- the feature store: one row per learner, computed from the activity stream */
#define FEATURE_STYLE_DIMS 8
struct user_features {
	char user_id[37];
	double avg_session_ms;    /* mean length of a session (activities < 30 min apart) */
	double sessions_per_week; /* sessions over the weeks from the first to the last */
	double accuracy;          /* mean score of scored activities, 0..100 */
	double improvement_rate;  /* practice score points gained per week (least squares) */
	char *struggle_areas;     /* JSON [{"tag","average","attempts"}], weakest grammar first */
	double hint_rate;         /* practice answers with a hint, 0..1 */
	double retry_rate;        /* practice answers on a sentence tried before, 0..1 */
	double completion_rate;   /* activities finished (not abandoned), 0..1 */
	char *preferred_topics;   /* JSON array of topic names, most practised first */
	int best_hour;            /* local hour of the best average score, -1: not known */
	/* the learning style: shares of practice, reading, flashcards and
	 * conversation, then hint rate, accuracy / 100, session length in hours
	 * (at most 1) and retry rate */
	float style[FEATURE_STYLE_DIMS];
	int style_dims;           /* 0 when there is no embedding */
	ms_t computed_at;
};
void user_features_release(struct user_features *f);
/* Compute and save the features of one user (by id) at now; f may be NULL. */
int store_features_compute(struct store *st, const char *user_id, ms_t now,
			   struct user_features *f, struct err *e);
/* The saved features of a user: ERR_NOTFOUND when never computed. */
int store_features_get(struct store *st, const char *user_id, struct user_features *f,
		       struct err *e);
/* Ids of every user, login order; *ids is an array of *n the caller frees. */
int store_user_ids(struct store *st, char (**ids)[37], int *n, struct err *e);
/* The login of the user with id; ERR_NOTFOUND when there is none. */
int store_user_login(struct store *st, const char *id, char *login, size_t size, struct err *e);

/* ---- the metrics series (learning_metrics) and its hourly roll-ups */
struct metric_hour {
	ms_t hour;
	char metric[16];
	long n;
	double total, min, max;
};
/* The user's hourly roll-ups from since on, oldest first; the caller frees *out. */
int store_metrics_hourly(struct store *st, const char *user_id, ms_t since,
			 struct metric_hour **out, int *n, struct err *e);

/* ---- experiments */
#define EXPERIMENT_MAX_VARIANTS 16
/* The variant (an index below n) of a user in an experiment: a stable hash
 * (SHA-256) of the experiment's name and the user's id. */
int experiment_variant(const char *experiment, const char *user_id, int n);
/* Start (or restart) an experiment; variants_json is a JSON array of 2 to
 * 16 names, NULL for ["control","treatment"]. */
int store_experiment_start(struct store *st, const char *name, const char *variants_json,
			   ms_t now, struct err *e);
int store_experiment_stop(struct store *st, const char *name, ms_t now, struct err *e);
struct experiment {
	char name[41];
	char variants[EXPERIMENT_MAX_VARIANTS][33];
	int n_variants;
	ms_t started_at, ended_at; /* ended_at 0: running */
};
/* Every experiment, by name; the caller frees *out. */
int store_experiment_list(struct store *st, struct experiment **out, int *n, struct err *e);
int store_experiment_get(struct store *st, const char *name, struct experiment *x, struct err *e);
struct variant_stats {
	char variant[33];
	long users, activities, practice, scored, hinted;
	double score_avg;    /* NAN without scored activities */
	double duration_avg; /* ms per activity */
};
/* The activities tagged with each variant of experiment x (one entry per
 * variant, in the experiment's order). */
int store_variant_stats(struct store *st, const struct experiment *x,
			struct variant_stats *out, struct err *e);

/* ---- the slow-query log (query_performance) */
/* Statements slower than ms are recorded with their hash, time and rows;
 * the threshold is $AIDIOMA_SLOW_MS when set, else 100; below 0: none. */
void store_slow_threshold(struct store *st, double ms);
struct slow_query {
	char sql_hash[65];
	char *sql_text;
	long count;            /* times recorded */
	double max_ms, avg_ms;
	long long rows;        /* rows of the slowest run */
	ms_t last_at;
};
void store_slow_free(struct slow_query *list, int n);
/* The recorded statements grouped by hash, slowest first. */
int store_slow_list(struct store *st, int limit, struct slow_query **out, int *n, struct err *e);

#endif
