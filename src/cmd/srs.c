/* srs.c: aidioma srs: replay histories, fit a learner's FSRS-6 weights, simulate a learner. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- srs optimize: the learner's own weights from their flashcard reviews */

#define REVIEWS_MAX 10000000L

/* The review log read from the activities, with content ids numbered. */
struct revlog {
	struct fsrs_rev *revs;
	size_t n, alloc;
	char (*ids)[65];  /* card number -> content id */
	long n_cards, ids_alloc;
	long *slots;      /* open addressing: card number + 1, 0 empty */
	size_t n_slots;   /* a power of two */
	long skipped;     /* memorize activities without a usable rating */
	int too_many;
};

static uint32_t hash_id(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void revlog_rehash(struct revlog *l)
{
	long c;

	free(l->slots);
	l->n_slots = l->n_slots ? l->n_slots * 2 : 1024;
	l->slots = xcalloc(l->n_slots, sizeof(*l->slots));
	for (c = 0; c < l->n_cards; c++) {
		size_t i = hash_id(l->ids[c]) & (l->n_slots - 1);

		while (l->slots[i])
			i = (i + 1) & (l->n_slots - 1);
		l->slots[i] = c + 1;
	}
}

/* The card number of a content id, numbering it when new. */
static long revlog_card(struct revlog *l, const char *id)
{
	size_t i;

	if ((size_t)l->n_cards * 2 >= l->n_slots)
		revlog_rehash(l);
	for (i = hash_id(id) & (l->n_slots - 1); l->slots[i]; i = (i + 1) & (l->n_slots - 1))
		if (!strcmp(l->ids[l->slots[i] - 1], id))
			return l->slots[i] - 1;
	if (l->n_cards == l->ids_alloc) {
		l->ids_alloc = l->ids_alloc * 2 + 256;
		l->ids = xrealloc(l->ids, (size_t)l->ids_alloc * sizeof(*l->ids));
	}
	xstrlcpy(l->ids[l->n_cards], id, sizeof(l->ids[0]));
	l->slots[i] = ++l->n_cards;
	return l->n_cards - 1;
}

static void revlog_release(struct revlog *l)
{
	free(l->revs);
	free(l->ids);
	free(l->slots);
	memset(l, 0, sizeof(*l));
}

/* A memorize activity's rating, 1..4, or 0 when it has none. */
static int activity_rating(const struct activity *a)
{
	cJSON *meta, *v;
	int rating = 0;

	if (!a->metadata || !(meta = cJSON_Parse(a->metadata)))
		return 0;
	v = cJSON_GetObjectItemCaseSensitive(meta, "rating");
	if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && v->valuedouble >= 1 &&
	    v->valuedouble <= 4)
		rating = (int)v->valuedouble;
	cJSON_Delete(meta);
	return rating;
}

static int collect_review(const struct activity *a, void *ctx)
{
	struct revlog *l = ctx;
	int rating;

	if (strcmp(a->type, "memorize"))
		return 0; /* practice and the rest are not reviews */
	if (!a->content_id[0] || !(rating = activity_rating(a))) {
		l->skipped++;
		return 0;
	}
	if (l->n == (size_t)REVIEWS_MAX) {
		l->too_many = 1;
		return 1;
	}
	if (l->n == l->alloc) {
		l->alloc = l->alloc * 2 + 1024;
		l->revs = xrealloc(l->revs, l->alloc * sizeof(*l->revs));
	}
	l->revs[l->n].card = revlog_card(l, a->content_id);
	l->revs[l->n].time = a->created_at;
	l->revs[l->n].rating = rating;
	l->n++;
	return 0;
}

/* The preferences with "fsrs_weights" set to w; the caller frees them. */
static char *prefs_with_weights(const char *prefs, const double w[FSRS_NPARAMS])
{
	cJSON *root = cJSON_Parse(prefs ? prefs : "{}"), *arr;
	char *s;

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = cJSON_CreateObject();
	}
	arr = cJSON_CreateDoubleArray(w, FSRS_NPARAMS);
	if (!root || !arr)
		die_bug("out of memory");
	cJSON_DeleteItemFromObjectCaseSensitive(root, "fsrs_weights");
	cJSON_AddItemToObject(root, "fsrs_weights", arr);
	if (!(s = cJSON_PrintUnformatted(root)))
		die_bug("out of memory");
	cJSON_Delete(root);
	return s;
}

static void metrics_json(struct sbuf *sb, const char *key, const struct fsrs_metrics *m)
{
	char a[32], b[32];

	sbuf_addf(sb, "  \"%s\": {\"log_loss\": %s, \"rmse_bins\": %s},\n", key,
		  srs_number_format(m->log_loss, a, sizeof(a)),
		  srs_number_format(m->rmse_bins, b, sizeof(b)));
}

static void print_fit(const struct user *u, const struct revlog *l, const struct fsrs_fit *fit,
		      int json)
{
	struct sbuf sb = SBUF_INIT;
	char buf[32];
	int i;

	sbuf_init(&sb, 0);
	if (json) {
		sbuf_adds(&sb, "{\n  \"user\": ");
		add_string(&sb, u->login);
		sbuf_addf(&sb, ",\n  \"reviews\": %zu,\n  \"reviews_used\": %ld,\n  \"cards\": %ld,\n"
			  "  \"skipped\": %ld,\n", l->n, fit->after.reviews, fit->after.cards,
			  l->skipped);
		metrics_json(&sb, "default", &fit->before);
		metrics_json(&sb, "fitted", &fit->after);
		sbuf_adds(&sb, "  \"fsrs_weights\": [");
		for (i = 0; i < FSRS_NPARAMS; i++)
			sbuf_addf(&sb, "%s%s", i ? ", " : "",
				  srs_number_format(fit->w[i], buf, sizeof(buf)));
		sbuf_adds(&sb, "]\n}\n");
	} else {
		sbuf_addf(&sb, "user: %s\n", u->login);
		sbuf_addf(&sb, "reviews: %zu, %ld of them a day or more after the card's previous "
			  "one, on %ld cards\n", l->n, fit->after.reviews, fit->after.cards);
		if (l->skipped)
			sbuf_addf(&sb, "left out: %ld flashcard activit%s without a rating\n",
				  l->skipped, l->skipped == 1 ? "y" : "ies");
		sbuf_addf(&sb, "%-18s %9s %12s\n", "", "log loss", "RMSE (bins)");
		sbuf_addf(&sb, "%-18s %9.4f %12.4f\n", "default weights", fit->before.log_loss,
			  fit->before.rmse_bins);
		sbuf_addf(&sb, "%-18s %9.4f %12.4f\n", "fitted weights", fit->after.log_loss,
			  fit->after.rmse_bins);
		sbuf_adds(&sb, "fsrs_weights saved in the user's preferences:\n ");
		for (i = 0; i < FSRS_NPARAMS; i++)
			sbuf_addf(&sb, " %s%s", srs_number_format(fit->w[i], buf, sizeof(buf)),
				  i == 10 ? "\n " : "");
		sbuf_adds(&sb, "\n");
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_release(&sb);
}

static int run_optimize(struct cli *cli, int argc, char **argv)
{
	struct revlog l;
	struct err e = ERR_INIT;
	struct fsrs_fit fit;
	struct store *st = NULL;
	struct user u;
	char *prefs;
	int i, json = 0, rc;

	for (i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_srs.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		return cli_usage(&cmd_srs, "srs optimize: unknown argument '%s'", argv[i]);
	}
	memset(&l, 0, sizeof(l));
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = cli_current_user(cli, st, &u)))
		goto out;
	if (store_activity_foreach(st, u.id, collect_review, &l, &e)) {
		rc = cli_fail("srs optimize", &e);
		goto out_user;
	}
	if (l.too_many) {
		err_set(&e, ERR_FAIL, "'%s' has more than %ld reviews", u.login, REVIEWS_MAX);
		rc = cli_fail("srs optimize", &e);
		goto out_user;
	}
	if (fsrs_optimize(l.revs, l.n, NULL, &fit, &e)) {
		err_prefix(&e, "'%s'", u.login);
		rc = cli_fail("srs optimize", &e);
		goto out_user;
	}
	prefs = prefs_with_weights(u.preferences, fit.w);
	free(u.preferences);
	u.preferences = prefs;
	if (store_user_update(st, &u, &e)) {
		err_prefix(&e, "saving the weights of '%s'", u.login);
		rc = cli_fail("srs optimize", &e);
		goto out_user;
	}
	print_fit(&u, &l, &fit, json);
	rc = EXIT_OK;
out_user:
	user_release(&u);
out:
	revlog_release(&l);
	store_close(st);
	return rc;
}

/* ---- srs simulate: what a desired retention costs a simulated learner */

static int parse_int(const char *opt, const char *v, long lo, long hi, long *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi)
		return cli_usage(&cmd_srs, "srs simulate: %s must be a whole number from %ld to %ld, "
				 "not '%s'", opt, lo, hi, v);
	*out = x;
	return 0;
}

/* 21 numbers separated by commas. */
static int parse_weights(const char *v, double w[FSRS_NPARAMS])
{
	const char *p = v;
	char *end;
	int i;

	for (i = 0; i < FSRS_NPARAMS; i++) {
		w[i] = strtod(p, &end);
		if (end == p || !isfinite(w[i]) || (i < FSRS_NPARAMS - 1 ? *end != ',' : *end != 0))
			return cli_usage(&cmd_srs, "srs simulate: --weights must be %d numbers separated "
					 "by commas", FSRS_NPARAMS);
		p = end + 1;
	}
	return 0;
}

static void print_sim_json(const struct srs_sim_opts *o, const struct srs_sim_result *r)
{
	struct sbuf sb = SBUF_INIT;
	char buf[32];
	int d;

	sbuf_init(&sb, 0);
	sbuf_addf(&sb, "{\n  \"algo\": \"%s\",\n  \"days\": %d,\n  \"new_per_day\": %d,\n"
		  "  \"max_reviews\": %d,\n", o->algo == SRS_ALGO_FSRS ? "fsrs" : "sm2", o->days,
		  o->new_per_day, o->max_reviews);
	if (o->algo == SRS_ALGO_FSRS)
		sbuf_addf(&sb, "  \"desired_retention\": %s,\n",
			  srs_number_format(o->desired_retention, buf, sizeof(buf)));
	else
		sbuf_adds(&sb, "  \"desired_retention\": null,\n");
	sbuf_addf(&sb, "  \"seed\": %llu,\n  \"reviews_per_day\": [", (unsigned long long)o->seed);
	for (d = 0; d < r->days; d++)
		sbuf_addf(&sb, "%s%d", d ? ", " : "", r->reviews[d]);
	sbuf_addf(&sb, "],\n  \"total_reviews\": %ld,\n  \"long_term_reviews\": %ld,\n",
		  r->total_reviews, r->long_reviews);
	if (r->long_reviews)
		sbuf_addf(&sb, "  \"true_retention\": %.4f,\n", r->true_retention);
	else
		sbuf_adds(&sb, "  \"true_retention\": null,\n");
	sbuf_addf(&sb, "  \"cards_introduced\": %ld,\n  \"cards_learned\": %ld,\n"
		  "  \"cards_remembered\": %.1f\n}\n", r->introduced, r->learned, r->remembered);
	fwrite(sb.buf, 1, sb.len, stdout);
	sbuf_release(&sb);
}

static void print_sim_text(const struct srs_sim_opts *o, const struct srs_sim_result *r)
{
	int period = o->days <= 14 ? 1 : o->days <= 98 ? 7 : 30, d, j, width = 40;
	double peak = 0;

	for (d = 0; d < r->days; d += period) {
		double sum = 0;

		for (j = d; j < d + period && j < r->days; j++)
			sum += r->reviews[j];
		if (sum / (j - d) > peak)
			peak = sum / (j - d);
	}
	if (o->algo == SRS_ALGO_FSRS)
		printf("scheduler: FSRS-6, desired retention %.2f%s\n", o->desired_retention,
		       o->learning_steps ? ", learning steps 1m 10m" : "");
	else
		printf("scheduler: SM-2\n");
	printf("learner: %d days, %d new cards a day, ", o->days, o->new_per_day);
	if (o->max_reviews)
		printf("at most %d reviews a day, seed %llu\n", o->max_reviews,
		       (unsigned long long)o->seed);
	else
		printf("no cap on reviews, seed %llu\n", (unsigned long long)o->seed);
	printf("reviews a day (mean over each %d day%s):\n", period, period == 1 ? "" : "s");
	for (d = 0; d < r->days; d += period) {
		char label[32];
		double sum = 0;
		int bar;

		for (j = d; j < d + period && j < r->days; j++)
			sum += r->reviews[j];
		bar = peak > 0 ? (int)(sum / (j - d) / peak * width + 0.5) : 0;
		if (period == 1)
			xsnprintf(label, sizeof(label), "day %d", d + 1);
		else
			xsnprintf(label, sizeof(label), "days %d-%d", d + 1, j);
		printf("  %-16s %7.1f  ", label, sum / (j - d));
		while (bar-- > 0)
			putchar('#');
		putchar('\n');
	}
	printf("total reviews: %ld (%ld a day or more after the card's previous one)\n",
	       r->total_reviews, r->long_reviews);
	if (r->long_reviews)
		printf("true retention: %.1f%% of those recalled\n", 100 * r->true_retention);
	else
		printf("true retention: none yet (no review a day or more after the last)\n");
	printf("cards: %ld introduced, %ld learned (in review at the end), %.1f remembered the "
	       "day after (expected)\n", r->introduced, r->learned, r->remembered);
}

static int run_simulate(int argc, char **argv)
{
	struct srs_sim_opts o;
	struct srs_sim_result r;
	struct err e = ERR_INIT;
	const char *v;
	long x;
	int i, k, json = 0;

	srs_sim_opts_init(&o);
	for (i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_srs.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(argv[i], "--no-steps")) {
			o.learning_steps = 0;
			continue;
		}
		if ((k = opt_value(argc, argv, &i, "--days", &v))) {
			if (k < 0 || parse_int("--days", v, 1, SRS_SIM_MAX_DAYS, &x))
				goto missing;
			o.days = (int)x;
		} else if ((k = opt_value(argc, argv, &i, "--new-per-day", &v))) {
			if (k < 0 || parse_int("--new-per-day", v, 0, 10000, &x))
				goto missing;
			o.new_per_day = (int)x;
		} else if ((k = opt_value(argc, argv, &i, "--max-reviews", &v))) {
			if (k < 0 || parse_int("--max-reviews", v, 0, 1000000, &x))
				goto missing;
			o.max_reviews = (int)x;
		} else if ((k = opt_value(argc, argv, &i, "--seed", &v))) {
			if (k < 0 || parse_int("--seed", v, 0, 2147483647L, &x))
				goto missing;
			o.seed = (uint64_t)x;
		} else if ((k = opt_value(argc, argv, &i, "--retention", &v))) {
			char *end;

			if (k < 0)
				goto missing;
			o.desired_retention = strtod(v, &end);
			if (end == v || *end || !(o.desired_retention >= 0.7 &&
						  o.desired_retention <= 0.99))
				return cli_usage(&cmd_srs, "srs simulate: --retention must be a number "
						 "from 0.70 to 0.99, not '%s'", v);
		} else if ((k = opt_value(argc, argv, &i, "--algo", &v))) {
			if (k < 0)
				goto missing;
			if (!strcmp(v, "fsrs"))
				o.algo = SRS_ALGO_FSRS;
			else if (!strcmp(v, "sm2"))
				o.algo = SRS_ALGO_SM2;
			else
				return cli_usage(&cmd_srs, "srs simulate: --algo must be fsrs or sm2, "
						 "not '%s'", v);
		} else if ((k = opt_value(argc, argv, &i, "--weights", &v))) {
			if (k < 0 || parse_weights(v, o.true_w))
				goto missing;
			memcpy(o.sched_w, o.true_w, sizeof(o.sched_w));
		} else {
			return cli_usage(&cmd_srs, "srs simulate: unknown argument '%s'", argv[i]);
		}
	}
	if ((long)o.days * o.new_per_day > SRS_SIM_MAX_CARDS)
		return cli_usage(&cmd_srs, "srs simulate: %d days of %d new cards is more than %ld "
				 "cards", o.days, o.new_per_day, SRS_SIM_MAX_CARDS);
	if (srs_simulate(&o, &r, &e))
		return cli_fail("srs simulate", &e);
	if (json)
		print_sim_json(&o, &r);
	else
		print_sim_text(&o, &r);
	srs_sim_result_release(&r);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
missing:
	if (k < 0)
		return cli_usage(&cmd_srs, "srs simulate: %s needs a value", argv[i]);
	return EXIT_USAGE;
}

static int run_replay_cmd(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	return run_replay(argc, argv);
}

static int run_simulate_cmd(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	return run_simulate(argc, argv);
}

static const struct subcommand {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
} subcommands[] = {
	{ "replay", run_replay_cmd },
	{ "optimize", run_optimize },
	{ "simulate", run_simulate_cmd },
};

static int run(struct cli *cli, int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return cli_usage(&cmd_srs, "srs: which subcommand? (replay, optimize, simulate)");
	if (is_help(argv[1])) {
		fputs(cmd_srs.usage, stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(cli, argc, argv);
	return cli_usage(&cmd_srs, "srs: unknown subcommand '%s' (known: replay, optimize, simulate)",
			 argv[1]);
}

const struct cmd cmd_srs = {
	"srs", run, "replay review histories, fit your FSRS-6 weights, simulate a learner",
	"usage: aidioma srs replay [--algo fsrs|sm2] < HISTORIES.json\n"
	"       aidioma [--user NAME] srs optimize [--json]\n"
	"       aidioma srs simulate [--days N] [--new-per-day K] [--algo fsrs|sm2]\n"
	"                            [--retention R] [--max-reviews M] [--seed S]\n"
	"                            [--weights W0,...,W20] [--no-steps] [--json]\n"
	"\n"
	"replay:\n"
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
	"optimize:\n"
	"Fit the 21 FSRS-6 weights to the learner's own flashcard reviews (the\n"
	"memorize activities) and save them in the learner's preferences as\n"
	"\"fsrs_weights\", where the flashcard queue takes them from. The fit\n"
	"minimises the log loss of the predicted recall over the reviews that come a\n"
	"day or more after the card's previous one, keeping every weight within the\n"
	"bounds of the reference optimizer (fsrs-rs). It needs at least 64 such\n"
	"reviews on 8 cards. Printed: the reviews and cards used, and the log loss and\n"
	"RMSE (bins) with the default and with the fitted weights.\n"
	"\n"
	"  --json   print the same as one JSON object\n"
	"\n"
	"simulate:\n"
	"Simulate a learner whose memory follows FSRS-6 (the default weights, or\n"
	"--weights) for N days (365), K new cards a day (20) and at most M reviews of\n"
	"due cards a day (200; 0: no cap), scheduled by FSRS-6 at the desired\n"
	"retention R (0.70 to 0.99, 0.90) or by SM-2. Recall is drawn from the\n"
	"learner's R with seed S (1): forgotten is Again; recalled is Hard, Good or\n"
	"Easy 15/70/15 in a hundred; a first sight is Again, Hard, Good or Easy\n"
	"25/10/50/15. Printed: reviews a day, total reviews, the true retention (the\n"
	"share recalled of the reviews a day or more apart), the cards learned (in\n"
	"review at the end) and remembered (the sum of their recall the day after).\n"
	"\n"
	"  --no-steps   FSRS without the learning steps (1m 10m, relearning 10m)\n"
	"  --json       print the same as one JSON object\n"
	"\n"
	"exit status: 0 success, 1 failure (optimize: too few reviews), 2 bad input\n"
	"(the message names the field)\n"
};
