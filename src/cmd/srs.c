/* srs.c: aidioma srs replay: review histories through FSRS-6 or SM-2, JSON in and out. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/srs.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

#define INPUT_MAX ((size_t)64 << 20)

enum algo { ALGO_FSRS, ALGO_SM2 };

/* ---- output, written by hand so that numbers keep the reference's
 * spelling (shortest round trip, as JavaScript prints them) and each row
 * sits on one line */

struct row {
	struct sbuf *sb;
	int first;
};

static void row_key(struct row *r, const char *key)
{
	sbuf_addf(r->sb, "%s\"%s\":", r->first ? "{" : ",", key);
	r->first = 0;
}

static void row_int(struct row *r, const char *key, long long v)
{
	row_key(r, key);
	sbuf_addf(r->sb, "%lld", v);
}

static void row_num(struct row *r, const char *key, double v)
{
	char buf[32];

	row_key(r, key);
	sbuf_adds(r->sb, isfinite(v) ? srs_number_format(v, buf, sizeof(buf)) : "null");
}

static void row_null(struct row *r, const char *key)
{
	row_key(r, key);
	sbuf_adds(r->sb, "null");
}

static void add_json(struct sbuf *sb, cJSON *item)
{
	char *s = cJSON_PrintUnformatted(item);

	if (!s)
		die_bug("out of memory");
	sbuf_adds(sb, s);
	cJSON_free(s);
}

static void add_string(struct sbuf *sb, const char *s)
{
	cJSON *item = cJSON_CreateString(s);

	if (!item)
		die_bug("out of memory");
	add_json(sb, item);
	cJSON_Delete(item);
}

static void row_str(struct row *r, const char *key, const char *s)
{
	row_key(r, key);
	add_string(r->sb, s);
}

static void row_time(struct row *r, const char *key, ms_t t)
{
	char buf[40];

	time_format_iso(t, buf, sizeof(buf));
	row_str(r, key, buf);
}

/* Start row i of a case: rows are separated by ",\n". */
static void row_open(struct row *r, struct sbuf *sb, int i)
{
	sbuf_adds(sb, i ? ",\n" : "\n");
	r->sb = sb;
	r->first = 1;
}

static void row_close(struct row *r)
{
	sbuf_adds(r->sb, "}");
}

static void case_open(struct sbuf *sb, int i, cJSON *id)
{
	sbuf_adds(sb, i ? ",\n{\"id\":" : "\n{\"id\":");
	if (id)
		add_json(sb, id);
	else
		sbuf_adds(sb, "null");
	sbuf_adds(sb, ",\"results\":[");
}

static void case_close(struct sbuf *sb, int rows, const char *error)
{
	sbuf_adds(sb, rows ? "\n]" : "]");
	if (error) {
		sbuf_adds(sb, ",\"error\":");
		add_string(sb, error);
	}
	sbuf_adds(sb, "}");
}

/* ---- input */

static int check_keys(cJSON *root, struct err *e)
{
	static const char *const known[] = { "params", "desired_retention", "maximum_interval",
					     "enable_fuzz", "enable_short_term", "learning_steps",
					     "relearning_steps", "initial_ef", "cases", NULL };
	cJSON *it;
	int i;

	cJSON_ArrayForEach(it, root) {
		for (i = 0; known[i] && strcmp(known[i], it->string); i++)
			;
		if (!known[i])
			return err_set(e, ERR_USAGE, "unknown key '%s' (known: params, "
				       "desired_retention, maximum_interval, enable_fuzz, "
				       "enable_short_term, learning_steps, relearning_steps, "
				       "initial_ef, cases)", it->string);
	}
	return 0;
}

/* An optional key's value, or NULL when it is absent or null. */
static cJSON *optional(cJSON *root, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

	return v && !cJSON_IsNull(v) ? v : NULL;
}

static int get_bool(cJSON *root, const char *key, int *out, struct err *e)
{
	cJSON *v = optional(root, key);

	if (!v)
		return 0;
	if (!cJSON_IsBool(v))
		return err_set(e, ERR_USAGE, "%s: must be true or false", key);
	*out = cJSON_IsTrue(v);
	return 0;
}

static int get_steps(cJSON *root, const char *key, int *steps, int *n, struct err *e)
{
	cJSON *v = optional(root, key), *it;
	int i = 0;

	if (!v)
		return 0;
	if (!cJSON_IsArray(v))
		return err_set(e, ERR_USAGE,
			       "%s: must be an array of steps such as [\"1m\", \"10m\"]", key);
	if (cJSON_GetArraySize(v) > FSRS_MAX_STEPS)
		return err_set(e, ERR_USAGE, "%s: more than %d steps", key, FSRS_MAX_STEPS);
	cJSON_ArrayForEach(it, v) {
		if (!cJSON_IsString(it))
			return err_set(e, ERR_USAGE, "%s[%d]: must be a string such as \"10m\"",
				       key, i);
		if (fsrs_parse_step(it->valuestring, &steps[i], e))
			return err_prefix(e, "%s[%d]", key, i);
		i++;
	}
	*n = i;
	return 0;
}

static int fsrs_config(cJSON *root, struct fsrs *f, struct err *e)
{
	struct fsrs_params p;
	cJSON *v, *it;
	int i = 0;

	fsrs_params_init(&p);
	if ((v = optional(root, "params"))) {
		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != FSRS_NPARAMS)
			return err_set(e, ERR_USAGE, "params: must be an array of %d numbers (FSRS-6)",
				       FSRS_NPARAMS);
		cJSON_ArrayForEach(it, v) {
			if (!cJSON_IsNumber(it))
				return err_set(e, ERR_USAGE, "params[%d]: must be a number", i);
			p.w[i++] = it->valuedouble;
		}
	}
	if ((v = optional(root, "desired_retention"))) {
		if (!cJSON_IsNumber(v) || !(v->valuedouble > 0 && v->valuedouble <= 1))
			return err_set(e, ERR_USAGE, "desired_retention: must be a number above 0 and "
				       "at most 1, such as 0.9");
		p.desired_retention = v->valuedouble;
	}
	if ((v = optional(root, "maximum_interval"))) {
		if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
		    v->valuedouble < 1 || v->valuedouble > 1e7)
			return err_set(e, ERR_USAGE, "maximum_interval: must be a whole number of days "
				       "from 1 to 10000000");
		p.maximum_interval = (int)v->valuedouble;
	}
	if (get_bool(root, "enable_fuzz", &p.enable_fuzz, e) ||
	    get_bool(root, "enable_short_term", &p.enable_short_term, e) ||
	    get_steps(root, "learning_steps", p.learning_steps, &p.n_learning, e) ||
	    get_steps(root, "relearning_steps", p.relearning_steps, &p.n_relearning, e))
		return e->code;
	return fsrs_init(f, &p, e);
}

/* A whole number in [lo, hi] at key of review r, or -1. */
static int get_grade(cJSON *r, const char *key, int lo, int hi, int *out)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(r, key);

	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < lo ||
	    v->valuedouble > hi)
		return -1;
	*out = (int)v->valuedouble;
	return 0;
}

static int get_time(cJSON *r, ms_t *t)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "t");

	return cJSON_IsString(v) && !time_parse_iso(v->valuestring, t) ? 0 : -1;
}

/* ---- the two replays */

static void fsrs_row(struct sbuf *sb, int i, ms_t t, int rating, const struct fsrs_log *log,
		     const struct fsrs_card *c)
{
	struct row r;

	row_open(&r, sb, i);
	row_int(&r, "i", i);
	row_time(&r, "t", t);
	row_int(&r, "rating", rating);
	row_int(&r, "elapsed_days", log->elapsed_days);
	if (isnan(log->retrievability))
		row_null(&r, "retrievability");
	else
		row_num(&r, "retrievability", log->retrievability);
	row_time(&r, "due", c->due);
	row_num(&r, "stability", c->stability);
	row_num(&r, "difficulty", c->difficulty);
	row_str(&r, "state", srs_state_name(c->state));
	row_int(&r, "scheduled_days", c->scheduled_days);
	row_int(&r, "learning_steps", c->step);
	row_int(&r, "reps", c->reps);
	row_int(&r, "lapses", c->lapses);
	row_close(&r);
}

/* Replay one case, counting its rows in *rows; a bad review ends it with a
 * message in err. */
static int fsrs_case(const struct fsrs *f, cJSON *reviews, struct sbuf *sb, int *rows,
		     struct err *err)
{
	struct fsrs_card card;
	struct fsrs_log log;
	cJSON *r;
	int i = 0, rating;
	ms_t t;

	fsrs_card_init(&card, 0);
	cJSON_ArrayForEach(r, reviews) {
		if (!cJSON_IsObject(r))
			return err_set(err, ERR_USAGE, "reviews[%d]: must be an object", i);
		if (get_time(r, &t))
			return err_set(err, ERR_USAGE,
				       "reviews[%d]: \"t\" is missing or not an ISO-8601 time", i);
		if (get_grade(r, "rating", 1, 4, &rating))
			return err_set(err, ERR_USAGE, "reviews[%d]: \"rating\" must be 1, 2, 3 or 4",
				       i);
		if (i == 0)
			fsrs_card_init(&card, t);
		if (fsrs_review(f, &card, t, rating, &card, &log, err))
			return err_prefix(err, "reviews[%d]", i);
		fsrs_row(sb, i, t, rating, &log, &card);
		*rows = ++i;
	}
	return 0;
}

static void sm2_row(struct sbuf *sb, int i, ms_t t, int q, const struct sm2_card *before,
		    const struct sm2_card *c)
{
	struct row r;

	row_open(&r, sb, i);
	row_int(&r, "i", i);
	row_time(&r, "t", t);
	row_int(&r, "q", q);
	if (before->reviewed)
		row_int(&r, "elapsed_days", srs_elapsed_days(before->last_review, t));
	else
		row_null(&r, "elapsed_days");
	row_num(&r, "ef", c->ef);
	row_int(&r, "repetition", c->repetition);
	row_int(&r, "interval", c->interval);
	row_time(&r, "due", c->due);
	row_close(&r);
}

static int sm2_case(double ef, cJSON *reviews, struct sbuf *sb, int *rows, struct err *err)
{
	struct sm2_card card, next;
	cJSON *r;
	int i = 0, q;
	ms_t t;

	sm2_card_init(&card, ef);
	cJSON_ArrayForEach(r, reviews) {
		if (!cJSON_IsObject(r))
			return err_set(err, ERR_USAGE, "reviews[%d]: must be an object", i);
		if (get_time(r, &t))
			return err_set(err, ERR_USAGE,
				       "reviews[%d]: \"t\" is missing or not an ISO-8601 time", i);
		if (cJSON_GetObjectItemCaseSensitive(r, "q")) {
			if (get_grade(r, "q", 0, 5, &q))
				return err_set(err, ERR_USAGE, "reviews[%d]: \"q\" must be 0 to 5", i);
		} else if (!get_grade(r, "rating", 1, 4, &q)) {
			q = sm2_q_from_rating(q);
		} else {
			return err_set(err, ERR_USAGE, "reviews[%d]: needs \"q\" (0 to 5) or \"rating\" "
				       "(1 to 4)", i);
		}
		if (sm2_review(&card, t, q, &next, err))
			return err_prefix(err, "reviews[%d]", i);
		sm2_row(sb, i, t, q, &card, &next);
		card = next;
		*rows = ++i;
	}
	return 0;
}

static int replay(cJSON *root, enum algo algo, struct sbuf *out, struct err *e)
{
	struct err ce = ERR_INIT;
	struct fsrs f;
	double ef = SM2_DEFAULT_EF;
	cJSON *cases, *c, *reviews, *v;
	int i = 0, rows;

	if (!cJSON_IsObject(root))
		return err_set(e, ERR_USAGE, "the input must be a JSON object with a \"cases\" array");
	if (check_keys(root, e))
		return e->code;
	if (algo == ALGO_FSRS && fsrs_config(root, &f, e))
		return e->code;
	if (algo == ALGO_SM2 && (v = optional(root, "initial_ef"))) {
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= SM2_MIN_EF && v->valuedouble <= 10))
			return err_set(e, ERR_USAGE, "initial_ef: must be a number from 1.3 to 10");
		ef = v->valuedouble;
	}
	cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
	if (!cJSON_IsArray(cases))
		return err_set(e, ERR_USAGE, "cases: missing, or not an array");
	sbuf_adds(out, "{\"cases\":[");
	cJSON_ArrayForEach(c, cases) {
		reviews = cJSON_GetObjectItemCaseSensitive(c, "reviews");
		if (!cJSON_IsObject(c) || !cJSON_IsArray(reviews))
			return err_set(e, ERR_USAGE, "cases[%d]: must be an object with a \"reviews\" "
				       "array", i);
		case_open(out, i, cJSON_GetObjectItemCaseSensitive(c, "id"));
		err_clear(&ce);
		rows = 0;
		if (algo == ALGO_FSRS)
			fsrs_case(&f, reviews, out, &rows, &ce);
		else
			sm2_case(ef, reviews, out, &rows, &ce);
		case_close(out, rows, ce.code ? ce.msg : NULL);
		i++;
	}
	sbuf_adds(out, i ? "\n]}\n" : "]}\n");
	return 0;
}

/* ---- the command */

static int read_stdin(struct sbuf *sb, struct err *e)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (sbuf_add(sb, buf, n))
			return err_set(e, ERR_USAGE, "standard input: larger than %zu MiB",
				       INPUT_MAX >> 20);
	if (ferror(stdin))
		return err_set(e, ERR_FAIL, "standard input: read error");
	if (!sb->buf)
		sbuf_adds(sb, "");
	return 0;
}

static int run_replay(int argc, char **argv)
{
	struct sbuf in = SBUF_INIT, out = SBUF_INIT;
	struct err e = ERR_INIT;
	enum algo algo = ALGO_FSRS;
	const char *v;
	cJSON *root = NULL;
	int i, r, rc = EXIT_OK;

	for (i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_srs.usage, stdout);
			return EXIT_OK;
		}
		if ((r = opt_value(argc, argv, &i, "--algo", &v))) {
			if (r < 0)
				return cli_usage(&cmd_srs, "srs replay: --algo needs a value (fsrs or sm2)");
			if (!strcmp(v, "fsrs"))
				algo = ALGO_FSRS;
			else if (!strcmp(v, "sm2"))
				algo = ALGO_SM2;
			else
				return cli_usage(&cmd_srs, "srs replay: --algo must be fsrs or sm2, not '%s'",
						 v);
			continue;
		}
		return cli_usage(&cmd_srs, "srs replay: unknown argument '%s'", argv[i]);
	}
	sbuf_init(&in, INPUT_MAX);
	if (read_stdin(&in, &e)) {
		rc = cli_fail("srs replay", &e);
		goto out;
	}
	root = cJSON_ParseWithLength(in.buf, in.len);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		int line = 1, col = 1;

		if (at && at >= in.buf && at <= in.buf + in.len)
			text_line_col(in.buf, in.len, (size_t)(at - in.buf), &line, &col);
		err_set(&e, ERR_USAGE, "standard input: not valid JSON (line %d, column %d)", line,
			col);
		rc = cli_fail("srs replay", &e);
		goto out;
	}
	sbuf_init(&out, 0);
	if (replay(root, algo, &out, &e)) {
		rc = cli_fail("srs replay", &e);
		goto out;
	}
	if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout)) {
		err_set(&e, ERR_FAIL, "standard output: write error");
		rc = cli_fail("srs replay", &e);
	}
out:
	cJSON_Delete(root);
	sbuf_release(&in);
	sbuf_release(&out);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2)
		return cli_usage(&cmd_srs, "srs: which subcommand? (replay)");
	if (is_help(argv[1])) {
		fputs(cmd_srs.usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "replay"))
		return run_replay(argc, argv);
	return cli_usage(&cmd_srs, "srs: unknown subcommand '%s' (known: replay)", argv[1]);
}

const struct cmd cmd_srs = {
	"srs", run, "replay review histories through FSRS-6 or SM-2",
	"usage: aidioma srs replay [--algo fsrs|sm2] < HISTORIES.json\n"
	"\n"
	"Run review histories through the scheduler and print the card each review\n"
	"leaves behind: one JSON document in on standard input, one out on standard\n"
	"output. The database is not touched.\n"
	"\n"
	"  --algo fsrs   FSRS-6 (the default), as the reference ts-fsrs 5.x computes it\n"
	"  --algo sm2    SM-2 as P. A. Wozniak published it (1990)\n"
	"\n"
	"input (all keys but \"cases\" may be left out; these are the defaults):\n"
	"  {\"params\": [21 FSRS-6 weights], \"desired_retention\": 0.9,\n"
	"   \"maximum_interval\": 36500, \"enable_fuzz\": false, \"enable_short_term\": true,\n"
	"   \"learning_steps\": [\"1m\", \"10m\"], \"relearning_steps\": [\"10m\"],\n"
	"   \"initial_ef\": 2.5,\n"
	"   \"cases\": [{\"id\": 0, \"reviews\": [{\"t\": \"2026-01-01T10:00:00Z\", \"rating\": 3}]}]}\n"
	"  A review's rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy). For SM-2 a\n"
	"  review may give the quality \"q\" (0 to 5) instead; rating r counts as q = r + 1.\n"
	"\n"
	"output: {\"cases\": [{\"id\": 0, \"results\": [one row per review]}]}\n"
	"  FSRS rows: i, t, rating, elapsed_days, retrievability (null when new), due,\n"
	"  stability, difficulty, state, scheduled_days, learning_steps, reps, lapses.\n"
	"  SM-2 rows: i, t, q, elapsed_days (null at first), ef, repetition, interval, due.\n"
	"  A bad review (time going backwards, a rating out of range) ends its case\n"
	"  with an \"error\" and the rows before it.\n"
	"\n"
	"exit status: 0 success, 2 bad input (the message names the field)\n"
};
