/* pg.c: the connection to the central PostgreSQL, statements, and its schema's migrations. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync-int.h"
#include "banned.h"

#define LOCK_SCHEMA "SELECT pg_advisory_lock(hashtext('aidioma.schema'))"
#define UNLOCK_SCHEMA "SELECT pg_advisory_unlock(hashtext('aidioma.schema'))"

/* The core never prints: the server's notices are dropped. */
static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int pg_fail(struct sync *s, const PGresult *r, const char *what, struct err *e)
{
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	char one[ERR_MSG_MAX];
	char *nl;

	if (!msg)
		msg = PQerrorMessage(s->pg);
	xstrlcpy(one, msg && *msg ? msg : "unknown error", sizeof(one));
	while ((nl = strchr(one, '\n')))
		*nl = nl[1] ? ' ' : '\0';
	if (detail)
		return err_set(e, state && !strcmp(state, "55P03") ? ERR_BUSY : ERR_FAIL, "%s: %s (%s)",
			       what, one, detail);
	return err_set(e, state && !strcmp(state, "55P03") ? ERR_BUSY : ERR_FAIL, "%s: %s", what, one);
}

int pg_query(struct sync *s, const char *sql, int n, const char *const *params, PGresult **out,
	     const char *what, struct err *e)
{
	PGresult *r = n ? PQexecParams(s->pg, sql, n, NULL, params, NULL, NULL, 0) :
			  PQexec(s->pg, sql);
	ExecStatusType st = PQresultStatus(r);

	if (out)
		*out = NULL;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = pg_fail(s, r, what, e);

		PQclear(r);
		return rc;
	}
	if (out)
		*out = r;
	else
		PQclear(r);
	return 0;
}

int pg_run(struct sync *s, const char *sql, const char *what, struct err *e)
{
	return pg_query(s, sql, 0, NULL, NULL, what, e);
}

int pg_long(struct sync *s, const char *sql, int n, const char *const *params, long long *v,
	    const char *what, struct err *e)
{
	PGresult *r;
	int rc = pg_query(s, sql, n, params, &r, what, e);

	*v = 0;
	if (rc)
		return rc;
	if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		*v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

int pg_copy(struct sync *s, const char *sql, const char *data, size_t len, char sqlstate[6],
	    const char *what, struct err *e)
{
	PGresult *r = PQexec(s->pg, sql);
	const size_t chunk = 1 << 20;
	size_t off = 0;
	int rc = 0;

	sqlstate[0] = '\0';
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = pg_fail(s, r, what, e);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	while (off < len) {
		size_t n = len - off < chunk ? len - off : chunk;

		if (PQputCopyData(s->pg, data + off, (int)n) != 1)
			break;
		off += n;
	}
	if (PQputCopyEnd(s->pg, off < len ? "sending the rows failed" : NULL) != 1)
		return pg_fail(s, NULL, what, e);
	while ((r = PQgetResult(s->pg))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

			xstrlcpy(sqlstate, state ? state : "", 6);
			rc = pg_fail(s, r, what, e);
		}
		PQclear(r);
	}
	return rc;
}

int sync_connect(const char *conninfo, struct sync **out, struct err *e)
{
	struct sync *s;
	char safe[256], *p;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	s->pg = PQconnectdb(conninfo);
	if (!s->pg || PQstatus(s->pg) != CONNECTION_OK) {
		/* the message names host and port, never the password */
		xstrlcpy(safe, s->pg ? PQerrorMessage(s->pg) : "out of memory", sizeof(safe));
		while ((p = strchr(safe, '\n')))
			*p = p[1] ? ' ' : '\0';
		err_set(e, ERR_FAIL, "cannot connect to PostgreSQL: %s", safe);
		sync_close(s);
		return ERR_FAIL;
	}
	PQsetNoticeProcessor(s->pg, no_notices, NULL);
	if (PQsetClientEncoding(s->pg, "UTF8") ||
	    pg_run(s, "SET search_path TO aidioma, public; SET DateStyle TO ISO; "
		   "SET client_min_messages TO warning", "setting up the connection", e)) {
		if (!e || !e->code)
			err_set(e, ERR_FAIL, "setting up the connection: %s", PQerrorMessage(s->pg));
		sync_close(s);
		return ERR_FAIL;
	}
	*out = s;
	return 0;
}

void sync_close(struct sync *s)
{
	if (!s)
		return;
	if (s->pg)
		PQfinish(s->pg);
	free(s);
}

int sync_info(struct sync *s, struct sync_info *i, struct err *e)
{
	PGresult *r;
	const char *v = PQparameterStatus(s->pg, "server_version");
	long long exists;
	int rc;

	memset(i, 0, sizeof(*i));
	i->latest = sync_pg_migrations[sync_pg_migration_count - 1].version;
	xstrlcpy(i->server_version, v ? v : "", sizeof(i->server_version));
	if ((rc = pg_long(s, "SELECT (to_regclass('aidioma.schema_version') IS NOT NULL)::int", 0, NULL,
			  &exists, "reading the schema version", e)))
		return rc;
	if (!exists)
		return 0;
	/* after a ROLLBACK of a first migration the table may stand empty */
	if ((rc = pg_query(s, "SELECT coalesce(max(version), 0), coalesce(max(embedding), '') "
			   "FROM aidioma.schema_version", 0, NULL, &r, "reading the schema version", e)))
		return rc;
	i->version = atoi(PQgetvalue(r, 0, 0));
	i->vector = !strcmp(PQgetvalue(r, 0, 1), "vector");
	PQclear(r);
	return 0;
}

/* The migration's text for the embedding type: @EMBEDDING@ replaced, the
 * @IF vector / @ELSE / @END blocks resolved. */
static char *resolve(const char *sql, int vector)
{
	struct sbuf sb = SBUF_INIT;
	const char *line = sql;
	int keep = 1;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);

		if (!strncmp(line, "-- @IF vector", 13)) {
			keep = vector;
		} else if (!strncmp(line, "-- @ELSE", 8)) {
			keep = !vector;
		} else if (!strncmp(line, "-- @END", 7)) {
			keep = 1;
		} else if (keep) {
			const char *p = line, *q;

			while ((q = strstr(p, "@EMBEDDING@")) && q < line + len) {
				sbuf_add(&sb, p, (size_t)(q - p));
				sbuf_adds(&sb, vector ? "vector" : "real[]");
				p = q + 11;
			}
			sbuf_add(&sb, p, (size_t)(line + len - p));
		}
		line += len;
	}
	return sbuf_detach(&sb, NULL);
}

/* Try the extension; 1 when the vector type is usable. */
static int want_vector(struct sync *s, const struct sync_init_options *o, int in_txn)
{
	struct err ignore = ERR_INIT;
	int ok;

	if (o && o->no_vector)
		return 0;
	if (in_txn && pg_run(s, "SAVEPOINT vector_ext", "", &ignore))
		return 0;
	ok = !pg_run(s, "CREATE EXTENSION IF NOT EXISTS vector", "", &ignore);
	if (in_txn)
		pg_run(s, ok ? "RELEASE vector_ext" : "ROLLBACK TO vector_ext", "", &ignore);
	return ok;
}

int pg_schema_apply(struct sync *s, const struct sync_init_options *o, int in_txn,
		    struct sync_info *after, struct err *e)
{
	struct sync_info now;
	int i, rc, vector;

	if (!in_txn && (rc = pg_run(s, LOCK_SCHEMA, "waiting for the schema lock", e)))
		return rc;
	if ((rc = pg_run(s, "CREATE SCHEMA IF NOT EXISTS aidioma; "
			 "SET search_path TO aidioma, public; "
			 "CREATE TABLE IF NOT EXISTS aidioma.schema_version (version integer PRIMARY KEY, "
			 "name text NOT NULL, embedding text NOT NULL, "
			 "applied_at timestamptz NOT NULL DEFAULT now())", "creating the schema", e)) ||
	    (rc = sync_info(s, &now, e)))
		goto out;
	if (now.version > now.latest) {
		rc = err_set(e, ERR_USAGE, "the server's schema is at version %d, newer than this "
			     "aidioma knows (%d): upgrade aidioma", now.version, now.latest);
		goto out;
	}
	vector = now.version ? now.vector : want_vector(s, o, in_txn);
	for (i = 0; i < sync_pg_migration_count; i++) {
		const struct pg_migration *m = &sync_pg_migrations[i];
		const char *params[3];
		char ver[16];
		char *sql;

		if (m->version <= now.version)
			continue;
		if (!in_txn && (rc = pg_run(s, "BEGIN", "starting a migration", e)))
			goto out;
		sql = resolve(m->sql, vector);
		rc = pg_run(s, sql, "applying a migration", e);
		free(sql);
		xsnprintf(ver, sizeof(ver), "%d", m->version);
		params[0] = ver;
		params[1] = m->name;
		params[2] = vector ? "vector" : "real[]";
		if (!rc)
			rc = pg_query(s, "INSERT INTO aidioma.schema_version (version, name, embedding) "
				      "VALUES ($1, $2, $3)", 3, params, NULL, "recording a migration", e);
		if (!rc && !in_txn)
			rc = pg_run(s, "COMMIT", "committing a migration", e);
		if (rc) {
			if (!in_txn)
				pg_run(s, "ROLLBACK", "", NULL);
			err_prefix(e, "PostgreSQL schema version %d (%s)", m->version, m->name);
			goto out;
		}
	}
	rc = sync_info(s, after ? after : &now, e);
out:
	if (!in_txn)
		pg_run(s, UNLOCK_SCHEMA, "", NULL);
	return rc;
}

int sync_init(struct sync *s, const struct sync_init_options *o, struct sync_info *after,
	      struct err *e)
{
	return pg_schema_apply(s, o, 0, after, e);
}

int sync_refresh(struct sync *s, ms_t since_ms, struct sync_refresh_report *r, struct err *e)
{
	char since[40];
	const char *p[1] = { since };
	struct timespec t0, t1;
	long long v;
	int rc;

	memset(r, 0, sizeof(*r));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (since_ms)
		time_format_iso(since_ms, since, sizeof(since));
	else
		xstrlcpy(since, "-infinity", sizeof(since));
	if ((rc = pg_long(s, "SELECT refresh_dashboard_stats()", 0, NULL, &v,
			  "refreshing the dashboard statistics", e)))
		return rc;
	r->dashboard_rows = (long)v;
	if ((rc = pg_long(s, "SELECT rollup_metrics_hourly($1::timestamptz)", 1, p, &v,
			  "rolling up the metrics", e)))
		return rc;
	r->hourly_rows = (long)v;
	if ((rc = pg_long(s, "SELECT compute_all_user_features()", 0, NULL, &v,
			  "computing features", e)))
		return rc;
	r->features = (long)v;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->ms = (double)(t1.tv_sec - t0.tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	return 0;
}
