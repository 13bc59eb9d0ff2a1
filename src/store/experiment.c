/* experiment.c: experiments: each learner's variant, tagged on activities, compared. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/analytics.h"
#include "store-int.h"
#include "banned.h"

int experiment_variant(const char *experiment, const char *user_id, int n)
{
	struct sbuf sb = SBUF_INIT;
	char hex[65];
	uint64_t v = 0;
	int i;

	if (n <= 1)
		return 0;
	/* length-prefixed, so ("ab","c") and ("a","bc") differ */
	sbuf_addf(&sb, "aidioma-experiment:%zu:%s:%zu:%s", strlen(experiment), experiment,
		  strlen(user_id), user_id);
	sha256_hex(sb.buf, sb.len, hex);
	sbuf_release(&sb);
	for (i = 0; i < 16; i++) {
		char c = hex[i];

		v = v << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
	}
	return (int)(v % (uint64_t)n);
}

static int name_ok(const char *name)
{
	const char *p;

	if (!*name || strlen(name) > 40)
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

/* Parse a JSON array of variant names into x; 0 or an error. */
static int parse_variants(const char *json, struct experiment *x, struct err *e)
{
	cJSON *a = cJSON_Parse(json), *v;
	int n = 0;

	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return err_set(e, ERR_USAGE, "variants must be a JSON array of names");
	}
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsString(v) || !name_ok(v->valuestring) || strlen(v->valuestring) > 32 ||
		    n >= EXPERIMENT_MAX_VARIANTS) {
			cJSON_Delete(a);
			return err_set(e, ERR_USAGE, "variant names are 1 to 32 of a-z, 0-9, '_' "
				       "and '-', at most %d of them", EXPERIMENT_MAX_VARIANTS);
		}
		xstrlcpy(x->variants[n++], v->valuestring, sizeof(x->variants[0]));
	}
	cJSON_Delete(a);
	x->n_variants = n;
	if (n < 2)
		return err_set(e, ERR_USAGE, "an experiment needs at least two variants");
	return 0;
}

static void experiment_from_row(sqlite3_stmt *s, struct experiment *x)
{
	memset(x, 0, sizeof(*x));
	col_copy(s, 0, x->name, sizeof(x->name));
	parse_variants((const char *)sqlite3_column_text(s, 1), x, NULL);
	x->started_at = sqlite3_column_int64(s, 2);
	x->ended_at = sqlite3_column_int64(s, 3);
}

int store_experiment_start(struct store *st, const char *name, const char *variants_json,
			   ms_t now, struct err *e)
{
	struct experiment x;
	sqlite3_stmt *s;
	int rc;

	if (!name_ok(name))
		return err_set(e, ERR_USAGE, "experiment name '%s': use 1 to 40 of a-z, 0-9, '_' "
			       "and '-'", name);
	if (!variants_json)
		variants_json = "[\"control\",\"treatment\"]";
	if (parse_variants(variants_json, &x, e))
		return e ? e->code : ERR_USAGE;
	s = store_stmt(st, SQL_EXP_START,
		       "INSERT INTO experiments (name, variants, started_at) VALUES (?1, json(?2), ?3) "
		       "ON CONFLICT (name) DO UPDATE SET variants = excluded.variants, "
		       "started_at = CASE WHEN ended_at IS NULL THEN started_at ELSE excluded.started_at END, "
		       "ended_at = NULL", e);
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, variants_json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	rc = sqlite3_step(s);
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "starting an experiment");
}

int store_experiment_stop(struct store *st, const char *name, ms_t now, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXP_STOP, "UPDATE experiments SET ended_at = ?2 "
				     "WHERE name = ?1 AND ended_at IS NULL", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	rc = sqlite3_step(s);
	store_done(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, e, "stopping an experiment");
	if (sqlite3_changes(st->db) != 1)
		return err_set(e, ERR_NOTFOUND, "no running experiment '%s'", name);
	return 0;
}

int store_experiment_list(struct store *st, struct experiment **out, int *n, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXP_LIST, "SELECT name, variants, started_at, "
				     "coalesce(ended_at, 0) FROM experiments ORDER BY name", e);
	struct experiment *list = NULL;
	int rc, count = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			list = xrealloc(list, (size_t)alloc * sizeof(*list));
		}
		experiment_from_row(s, &list[count++]);
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		free(list);
		return store_sqlerr(st, e, "reading experiments");
	}
	*out = list;
	*n = count;
	return 0;
}

int store_experiment_get(struct store *st, const char *name, struct experiment *x, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXP_GET, "SELECT name, variants, started_at, "
				     "coalesce(ended_at, 0) FROM experiments WHERE name = ?1", e);
	int rc;

	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		experiment_from_row(s, x);
	store_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no experiment '%s': start it with 'aidioma "
			       "experiment start %s'", name, name);
	return rc == SQLITE_ROW ? 0 : store_sqlerr(st, e, "reading an experiment");
}

int store_experiment_patch(struct store *st, const char *user_id, char **patch, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXP_RUNNING, "SELECT name, variants, started_at, 0 "
				     "FROM experiments WHERE ended_at IS NULL ORDER BY name", e);
	struct sbuf sb = SBUF_INIT;
	struct experiment x;
	int rc, any = 0;

	*patch = NULL;
	if (!s)
		return e ? e->code : ERR_FAIL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		experiment_from_row(s, &x);
		if (x.n_variants < 2)
			continue;
		/* names and variants are [a-z0-9_-]: nothing to escape */
		sbuf_addf(&sb, "%s\"%s\":\"%s\"", any ? "," : "{\"experiments\":{", x.name,
			  x.variants[experiment_variant(x.name, user_id, x.n_variants)]);
		any = 1;
	}
	store_done(s);
	if (rc != SQLITE_DONE) {
		sbuf_release(&sb);
		return store_sqlerr(st, e, "reading experiments");
	}
	if (any) {
		sbuf_adds(&sb, "}}");
		*patch = sbuf_detach(&sb, NULL);
	}
	return 0;
}

int store_variant_stats(struct store *st, const struct experiment *x, struct variant_stats *out,
			struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, SQL_EXP_STATS,
		"SELECT v, count(DISTINCT user_id), count(*), total(activity_type = 'practice'), "
		"count(score), avg(score), avg(duration_ms), "
		"total(activity_type = 'practice' AND coalesce(json_extract(metadata, '$.hints'), 0) > 0) "
		"FROM (SELECT json_extract(metadata, '$.experiments.\"' || ?1 || '\"') AS v, user_id, "
		"activity_type, score, duration_ms, metadata FROM learning_activities "
		"WHERE created_at >= ?2) WHERE v IS NOT NULL GROUP BY v", e);
	int i, rc;

	for (i = 0; i < x->n_variants; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		xstrlcpy(out[i].variant, x->variants[i], sizeof(out[i].variant));
		out[i].score_avg = NAN;
	}
	if (!s)
		return e ? e->code : ERR_FAIL;
	sqlite3_bind_text(s, 1, x->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, x->started_at);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);

		for (i = 0; i < x->n_variants; i++)
			if (v && !strcmp(v, x->variants[i]))
				break;
		if (i == x->n_variants)
			continue; /* a variant since removed */
		out[i].users = (long)sqlite3_column_int64(s, 1);
		out[i].activities = (long)sqlite3_column_int64(s, 2);
		out[i].practice = (long)sqlite3_column_double(s, 3);
		out[i].scored = (long)sqlite3_column_int64(s, 4);
		out[i].score_avg = col_real_or_nan(s, 5);
		out[i].duration_avg = sqlite3_column_double(s, 6);
		out[i].hinted = (long)sqlite3_column_double(s, 7);
	}
	store_done(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, e, "comparing variants");
}
