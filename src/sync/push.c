/* push.c: the change log sent to PostgreSQL with COPY, batch by batch, idempotently. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync-int.h"
#include "banned.h"

#define DEFAULT_BATCH 50000
#define MAX_BATCH 1000000

#define ACTIVITY_COLS "id, user_id, activity_type, content_id, score, duration_ms, metadata, " \
		      "ai_cached, ai_cost, ai_model, created_at"
#define METRIC_COLS "id, ts, user_id, metric, value, metadata"

/* Staging tables: rows that may already be on the server go through them. */
static const char staging_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS push_users (LIKE aidioma.users) ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_classes (LIKE aidioma.classes INCLUDING DEFAULTS) "
	"ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_members (LIKE aidioma.class_members INCLUDING DEFAULTS) "
	"ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_assignments (LIKE aidioma.assignments INCLUDING DEFAULTS) "
	"ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_activities (LIKE aidioma.learning_activities) "
	"ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_progress (LIKE aidioma.user_progress) "
	"ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_features (LIKE aidioma.user_features) "
	"ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_cache (LIKE aidioma.ai_cache) ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS push_metrics (LIKE aidioma.learning_metrics) "
	"ON COMMIT DELETE ROWS;";

/* The later updated_at wins; users and features likewise by their times. */
static const char upsert_users[] =
	"INSERT INTO users AS u SELECT * FROM push_users ON CONFLICT (id) DO UPDATE SET "
	"login = excluded.login, display_name = excluded.display_name, role = excluded.role, "
	"level = excluded.level, preferences = excluded.preferences, updated_at = excluded.updated_at "
	"WHERE excluded.updated_at > u.updated_at";

#define CLASS_COLS "id, name, created_at"
static const char upsert_classes[] =
	"INSERT INTO classes AS c (" CLASS_COLS ") SELECT " CLASS_COLS " FROM push_classes "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE c.name IS DISTINCT FROM excluded.name";

#define MEMBER_COLS "class_id, user_id, role, joined_at, last_seen_at"
static const char upsert_members[] =
	"INSERT INTO class_members AS m (" MEMBER_COLS ") SELECT " MEMBER_COLS " FROM push_members "
	"ON CONFLICT (class_id, user_id) DO UPDATE SET role = excluded.role, "
	"last_seen_at = greatest(m.last_seen_at, excluded.last_seen_at) "
	"WHERE m.role IS DISTINCT FROM excluded.role "
	"OR excluded.last_seen_at > coalesce(m.last_seen_at, '-infinity')";

/* A classroom's assignment only ever changes by being closed: the earlier
 * closing wins; what the server changed in it stays. */
#define ASSIGNMENT_COLS "id, class_id, title, activity_type, topic, difficulty, target_count, " \
			"due_at, created_by, metadata, created_at, closed_at"
static const char upsert_assignments[] =
	"INSERT INTO assignments AS a (" ASSIGNMENT_COLS ") SELECT " ASSIGNMENT_COLS
	" FROM push_assignments ON CONFLICT (id) DO UPDATE SET "
	"closed_at = least(a.closed_at, excluded.closed_at) "
	"WHERE excluded.closed_at IS NOT NULL AND (a.closed_at IS NULL OR excluded.closed_at < a.closed_at)";

/* The conflict rule of progress rows (sync.h). */
static const char upsert_progress[] =
	"INSERT INTO user_progress AS p SELECT * FROM push_progress "
	"ON CONFLICT (user_id, content_id) DO UPDATE SET id = excluded.id, "
	"content_type = excluded.content_type, attempts = excluded.attempts, "
	"best_score = excluded.best_score, last_score = excluded.last_score, "
	"last_attempt_at = excluded.last_attempt_at, mastery_level = excluded.mastery_level, "
	"next_review_at = excluded.next_review_at, interval_days = excluded.interval_days, "
	"easiness = excluded.easiness, repetitions = excluded.repetitions, "
	"stability = excluded.stability, difficulty = excluded.difficulty, state = excluded.state, "
	"step = excluded.step, reps = excluded.reps, lapses = excluded.lapses, "
	"suspended = excluded.suspended, metadata = excluded.metadata, updated_at = excluded.updated_at "
	"WHERE excluded.updated_at > p.updated_at OR (excluded.updated_at = p.updated_at AND "
	"(excluded.reps > p.reps OR (excluded.reps = p.reps AND excluded.id > p.id)))";

static const char upsert_features[] =
	"INSERT INTO user_features AS f SELECT * FROM push_features ON CONFLICT (user_id) DO UPDATE SET "
	"avg_session_ms = excluded.avg_session_ms, sessions_per_week = excluded.sessions_per_week, "
	"accuracy = excluded.accuracy, improvement_rate = excluded.improvement_rate, "
	"struggle_areas = excluded.struggle_areas, hint_rate = excluded.hint_rate, "
	"retry_rate = excluded.retry_rate, completion_rate = excluded.completion_rate, "
	"preferred_topics = excluded.preferred_topics, best_hour = excluded.best_hour, "
	"style_embedding = excluded.style_embedding, computed_at = excluded.computed_at "
	"WHERE excluded.computed_at > f.computed_at";

/* An AI result replaces an offline estimate, never the reverse. */
static const char upsert_cache[] =
	"INSERT INTO ai_cache AS c SELECT * FROM push_cache ON CONFLICT (cache_key) DO UPDATE SET "
	"task = excluded.task, response = excluded.response, model = excluded.model, "
	"cost = excluded.cost, source = excluded.source, "
	"input_embedding = coalesce(excluded.input_embedding, c.input_embedding), "
	"response_embedding = coalesce(excluded.response_embedding, c.response_embedding), "
	"hit_count = greatest(c.hit_count, excluded.hit_count), "
	"last_accessed_at = greatest(c.last_accessed_at, excluded.last_accessed_at), "
	"created_at = excluded.created_at, expires_at = excluded.expires_at, "
	"content_id = coalesce(excluded.content_id, c.content_id), "
	"input_text = coalesce(excluded.input_text, c.input_text), "
	"embedding_model = coalesce(excluded.embedding_model, c.embedding_model) "
	"WHERE (excluded.source = 'ai' OR c.source = 'offline') AND "
	"(c.response IS DISTINCT FROM excluded.response OR c.source IS DISTINCT FROM excluded.source "
	"OR excluded.hit_count > c.hit_count OR excluded.last_accessed_at > c.last_accessed_at "
	"OR (c.input_embedding IS NULL AND excluded.input_embedding IS NOT NULL))";

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

struct pusher {
	struct sync *s;
	int vector;
	const struct sync_push_options *o;
	struct sync_push_report *r;
	struct sbuf buf;
	int prepared; /* the row-by-row INSERT */
};

/* COPY into a staging table, then the upsert from it. */
static int staged(struct pusher *p, const char *stage, const char *cols, const char *upsert,
		  const char *what, struct err *e)
{
	char sql[512], state[6];
	int rc;

	if (!p->buf.len)
		return 0;
	if (xsnprintf(sql, sizeof(sql), "COPY %s%s%s%s FROM STDIN", stage, cols ? " (" : "",
		      cols ? cols : "", cols ? ")" : ""))
		die_bug("staged: statement too long");
	if ((rc = pg_copy(p->s, sql, p->buf.buf, p->buf.len, state, what, e)))
		return rc;
	return pg_run(p->s, upsert, what, e);
}

/* Rows that are normally new (activities, metrics) go straight into their
 * table with COPY; when some are there already (a batch sent again after a
 * kill) the COPY is undone and the batch goes through the staging table. */
static int insert_only(struct pusher *p, const char *table, const char *cols, const char *stage,
		       const char *what, struct err *e)
{
	char sql[1024], state[6];
	struct err first = ERR_INIT;
	int rc;

	if (!p->buf.len)
		return 0;
	if ((rc = pg_run(p->s, "SAVEPOINT direct", what, e)))
		return rc;
	xsnprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", table, cols);
	rc = pg_copy(p->s, sql, p->buf.buf, p->buf.len, state, what, &first);
	if (!rc)
		return pg_run(p->s, "RELEASE direct", what, e);
	if (strcmp(state, "23505")) { /* not unique_violation */
		if (e)
			*e = first;
		return rc;
	}
	p->r->retried++;
	if ((rc = pg_run(p->s, "ROLLBACK TO direct", what, e)))
		return rc;
	xsnprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", stage, cols);
	if ((rc = pg_copy(p->s, sql, p->buf.buf, p->buf.len, state, what, e)))
		return rc;
	if (xsnprintf(sql, sizeof(sql), "INSERT INTO %s (%s) SELECT %s FROM %s ON CONFLICT (id) "
		      "DO NOTHING", table, cols, cols, stage))
		die_bug("insert_only: statement too long");
	return pg_run(p->s, sql, what, e);
}

/* The benchmark's reference: one INSERT per activity. */
static int activities_by_row(struct pusher *p, const struct change_batch *b, struct err *e)
{
	char score[40], dur[24], cost[40], at[40];
	const char *v[11];
	PGresult *res;
	int i, rc;

	if (!p->prepared) {
		res = PQprepare(p->s->pg, "push_activity", "INSERT INTO learning_activities ("
				ACTIVITY_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
				"ON CONFLICT (id) DO NOTHING", 11, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = pg_fail(p->s, res, "preparing the INSERT", e);
			PQclear(res);
			return rc;
		}
		PQclear(res);
		p->prepared = 1;
	}
	for (i = 0; i < b->n_activities; i++) {
		const struct activity *a = &b->activities[i];

		xsnprintf(score, sizeof(score), "%.17g", a->score);
		xsnprintf(dur, sizeof(dur), "%lld", a->duration_ms);
		xsnprintf(cost, sizeof(cost), "%.17g", a->ai_cost);
		time_format_iso(a->created_at, at, sizeof(at));
		v[0] = a->id;
		v[1] = a->user_id;
		v[2] = a->type;
		v[3] = a->content_id[0] ? a->content_id : NULL;
		v[4] = isnan(a->score) ? NULL : score;
		v[5] = dur;
		v[6] = a->metadata ? a->metadata : "{}";
		v[7] = a->ai_cached ? "t" : "f";
		v[8] = cost;
		v[9] = a->ai_model;
		v[10] = at;
		res = PQexecPrepared(p->s->pg, "push_activity", 11, v, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = pg_fail(p->s, res, "sending an activity", e);
			PQclear(res);
			return rc;
		}
		PQclear(res);
	}
	return 0;
}

static int send_gone(struct pusher *p, const struct change_batch *b, struct err *e)
{
	const char *v[1];
	char *arr;
	int rc = 0;

	if (b->n_gone_progress) {
		arr = pg_text_array((const char (*)[37])b->gone_progress, b->n_gone_progress);
		v[0] = arr;
		rc = pg_query(p->s, "DELETE FROM user_progress WHERE id = ANY ($1::text[])", 1, v, NULL,
			      "taking back progress", e);
		free(arr);
	}
	if (!rc && b->n_gone_activities) {
		arr = pg_text_array((const char (*)[37])b->gone_activities, b->n_gone_activities);
		v[0] = arr;
		rc = pg_query(p->s, "DELETE FROM learning_activities WHERE id = ANY ($1::text[])", 1, v,
			      NULL, "taking back activities", e);
		free(arr);
	}
	if (!rc)
		p->r->deleted += b->n_gone_progress + b->n_gone_activities;
	return rc;
}

/* One batch, one server transaction: deletions, then users before the rows
 * that name them, then the rest, then the record of the push. */
static int send_batch(struct pusher *p, const struct change_batch *b, const char *machine,
		      struct err *e)
{
	struct sbuf *sb = &p->buf;
	char seq[24], rows[24];
	const char *v[3];
	int i, rc;

	if ((rc = pg_run(p->s, "BEGIN", "starting a batch", e)) || (rc = send_gone(p, b, e)))
		goto fail;
	sbuf_reset(sb);
	enc_users(sb, b);
	if ((rc = staged(p, "push_users", NULL, upsert_users, "sending users", e)))
		goto fail;
	sbuf_reset(sb);
	enc_classes(sb, b);
	if ((rc = staged(p, "push_classes", CLASS_COLS, upsert_classes, "sending classes", e)))
		goto fail;
	sbuf_reset(sb);
	enc_members(sb, b);
	if ((rc = staged(p, "push_members", MEMBER_COLS, upsert_members, "sending class members",
			 e)))
		goto fail;
	sbuf_reset(sb);
	enc_assignments(sb, b);
	if ((rc = staged(p, "push_assignments", ASSIGNMENT_COLS, upsert_assignments,
			 "sending assignments", e)))
		goto fail;
	if (p->o && p->o->row_by_row) {
		if ((rc = activities_by_row(p, b, e)))
			goto fail;
	} else {
		sbuf_reset(sb);
		for (i = 0; i < b->n_activities; i++)
			enc_activity(sb, &b->activities[i]);
		if ((rc = insert_only(p, "learning_activities", ACTIVITY_COLS, "push_activities",
				      "sending activities", e)))
			goto fail;
	}
	sbuf_reset(sb);
	enc_progress(sb, b);
	if ((rc = staged(p, "push_progress", NULL, upsert_progress, "sending progress", e)))
		goto fail;
	sbuf_reset(sb);
	enc_features(sb, b, p->vector);
	if ((rc = staged(p, "push_features", NULL, upsert_features, "sending features", e)))
		goto fail;
	sbuf_reset(sb);
	enc_cache(sb, b, p->vector);
	if ((rc = staged(p, "push_cache", NULL, upsert_cache, "sending cache entries", e)))
		goto fail;
	sbuf_reset(sb);
	enc_metrics(sb, b);
	if ((rc = insert_only(p, "learning_metrics", METRIC_COLS, "push_metrics", "sending metrics",
			      e)))
		goto fail;
	xsnprintf(seq, sizeof(seq), "%lld", b->last_seq);
	xsnprintf(rows, sizeof(rows), "%ld", b->entries);
	v[0] = machine;
	v[1] = seq;
	v[2] = rows;
	if ((rc = pg_query(p->s, "INSERT INTO sync_pushes (machine_id, last_seq, rows) VALUES "
			   "($1, $2, $3) ON CONFLICT DO NOTHING", 3, v, NULL, "recording the push", e)) ||
	    (rc = pg_run(p->s, "COMMIT", "committing a batch", e)))
		goto fail;
	p->r->rows[CH_USER] += b->n_users;
	p->r->rows[CH_CLASS] += b->n_classes;
	p->r->rows[CH_MEMBER] += b->n_members;
	p->r->rows[CH_ASSIGNMENT] += b->n_assignments;
	p->r->rows[CH_ACTIVITY] += b->n_activities;
	p->r->rows[CH_PROGRESS] += b->n_progress;
	p->r->rows[CH_FEATURES] += b->n_features;
	p->r->rows[CH_CACHE] += b->n_cache;
	p->r->rows[CH_METRIC] += b->n_metrics;
	return 0;
fail:
	pg_run(p->s, "ROLLBACK", "", NULL);
	return rc;
}

/* The log holds what this server lacks only if it is the server of the
 * last push: another one (moved, rebuilt) is sent everything again. */
static int same_server(struct sync *s, struct store *st, struct err *e)
{
	char mine[64] = "", seq[32];
	PGresult *r;
	int rc, pushed;

	if ((rc = pg_query(s, "SELECT id FROM server_identity ORDER BY created_at LIMIT 1", 0, NULL,
			   &r, "reading the server's id", e)))
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return err_set(e, ERR_FAIL, "the server has no id: run 'aidioma sync init'");
	}
	rc = store_sync_get(st, "push.server", mine, sizeof(mine), NULL);
	pushed = !store_sync_get(st, "push.seq", seq, sizeof(seq), NULL);
	if (!strcmp(mine, PQgetvalue(r, 0, 0))) {
		PQclear(r);
		return 0;
	}
	if (pushed && (rc = store_changes_reset(st, e))) {
		PQclear(r);
		return rc;
	}
	rc = store_sync_set(st, "push.server", PQgetvalue(r, 0, 0), e);
	PQclear(r);
	return rc;
}

int sync_push(struct sync *s, struct store *st, const struct sync_push_options *o,
	      struct sync_push_report *r, struct err *e)
{
	struct pusher p;
	struct sync_info info;
	struct sync_progress prog;
	struct change_batch b;
	long pending[CH__COUNT];
	char hwm[32], machine[64];
	long long seq = 0, last;
	double t0 = mono_ms();
	int i, rc, limit = o && o->batch_entries > 0 ? o->batch_entries : DEFAULT_BATCH;

	memset(r, 0, sizeof(*r));
	if (limit > MAX_BATCH)
		limit = MAX_BATCH;
	if ((rc = sync_info(s, &info, e)))
		return err_prefix(e, "pushing");
	if (info.version != info.latest)
		return err_set(e, ERR_USAGE, "pushing: the server's schema is at version %d, not %d: "
			       "run 'aidioma sync init' first", info.version, info.latest);
	if ((rc = store_changes_enable(st, e)) || (rc = same_server(s, st, e)) ||
	    (rc = store_sync_get(st, "machine.id", machine, sizeof(machine), e)))
		return err_prefix(e, "pushing");
	rc = store_sync_get(st, "push.seq", hwm, sizeof(hwm), e);
	if (rc && rc != ERR_NOTFOUND)
		return err_prefix(e, "pushing");
	if (!rc)
		seq = strtoll(hwm, NULL, 10);
	if ((rc = store_changes_pending(st, seq, pending, e)))
		return err_prefix(e, "pushing");
	memset(&prog, 0, sizeof(prog));
	for (i = 0; i < CH__COUNT; i++)
		prog.total += pending[i];
	if ((rc = pg_run(s, staging_sql, "preparing the push", e)))
		return err_prefix(e, "pushing");
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.vector = info.vector;
	p.o = o;
	p.r = r;
	sbuf_init(&p.buf, 0);
	for (;;) {
		if ((rc = store_changes_read(st, seq, limit, &b, e)))
			break;
		if (!b.entries)
			break;
		rc = send_batch(&p, &b, machine, e);
		last = b.last_seq;
		r->entries += b.entries;
		prog.done += b.entries;
		change_batch_release(&b);
		if (rc)
			break;
		r->batches++;
		prog.batch = r->batches;
		/* committed there, not yet recorded here: a stop now costs one resend */
		if (o && o->progress && o->progress(&prog, o->ctx)) {
			rc = err_set(e, ERR_FAIL, "stopped after %d batches", r->batches);
			break;
		}
		seq = last;
		xsnprintf(hwm, sizeof(hwm), "%lld", seq);
		if ((rc = store_sync_set(st, "push.seq", hwm, e)))
			break;
	}
	sbuf_release(&p.buf);
	if (p.prepared)
		pg_run(s, "DEALLOCATE push_activity", "", NULL);
	if (!rc && r->batches) {
		char at[40];

		time_format_iso(clock_now_ms(), at, sizeof(at));
		if (!(rc = store_changes_forget(st, seq, e)))
			rc = store_sync_set(st, "push.at", at, e);
	}
	r->ms = mono_ms() - t0;
	return rc ? err_prefix(e, "pushing") : 0;
}
