/* test_srs.c: FSRS-6 against ts-fsrs's published values, its properties, and SM-2. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "aidioma/srs.h"
#include "aidioma/util.h"
#include "srs/srs-int.h"

#define MINUTE 60000LL
#define DAY 86400000LL

static ms_t iso(const char *s)
{
	ms_t t = 0;

	assert_int_equal(time_parse_iso(s, &t), 0);
	return t;
}

static void init_fsrs(struct fsrs *f, int short_term)
{
	struct fsrs_params p;
	struct err e = ERR_INIT;

	fsrs_params_init(&p);
	p.enable_short_term = short_term;
	assert_int_equal(fsrs_init(f, &p, &e), 0);
}

static void review(const struct fsrs *f, struct fsrs_card *c, ms_t now, int rating)
{
	struct err e = ERR_INIT;
	struct fsrs_log log;

	assert_int_equal(fsrs_review(f, c, now, rating, c, &log, &e), 0);
}

/* ---- the reference's arithmetic */

static void test_js_round(void **state)
{
	(void)state;
	/* halves go up, for negative numbers too, unlike C's round() */
	assert_true(srs_js_round(2.5) == 3);
	assert_true(srs_js_round(-2.5) == -2);
	assert_true(round(-2.5) == -3);
	assert_true(srs_js_round(-1.5) == -1);
	assert_true(srs_js_round(1.5) == 2);
	assert_true(srs_js_round(-2.5000000000000004) == -3);
	/* floor(x + 0.5) would give 1 here */
	assert_true(srs_js_round(0.49999999999999994) == 0);
	assert_true(srs_js_round(4503599627370497.0) == 4503599627370497.0);
	/* the sign of zero survives, as Math.round(-0.4) is -0 */
	assert_true(srs_js_round(-0.4) == 0 && signbit(srs_js_round(-0.4)));
	assert_true(srs_js_round(-0.5) == 0 && signbit(srs_js_round(-0.5)));
	assert_true(isnan(srs_js_round(NAN)));
	/* ts-fsrs's roundTo(x, 8), checked against node */
	assert_true(srs_round_to(1.005, 2) == 1);
	assert_true(srs_round_to(-1.2345678949999, 8) == -1.23456789);
	assert_true(srs_round_to(2.118103965, 8) == 2.11810397);
	assert_true(srs_round_to(-0.000000005, 8) == 0 && signbit(srs_round_to(-0.000000005, 8)));
}

static void check_format(double x, const char *want)
{
	char buf[32];

	assert_string_equal(srs_number_format(x, buf, sizeof(buf)), want);
}

static void test_number_format(void **state)
{
	(void)state;
	/* JavaScript's Number.prototype.toString */
	check_format(0.1, "0.1");
	check_format(2.11810397, "2.11810397");
	check_format(-0.0, "0");
	check_format(1767261600000.0, "1767261600000");
	check_format(1e21, "1e+21");
	check_format(123456789012345680000.0, "123456789012345680000");
	check_format(0.000001, "0.000001");
	check_format(1e-7, "1e-7");
	check_format(-1.5e-9, "-1.5e-9");
	check_format(5e-324, "5e-324");
	check_format(1.7976931348623157e308, "1.7976931348623157e+308");
	check_format(0.000009999999999999999, "0.000009999999999999999");
	check_format(2.11810397 * 2.3065, "4.885406806805");
	check_format(NAN, "NaN");
	check_format(-INFINITY, "-Infinity");
}

static void test_elapsed_days(void **state)
{
	(void)state;
	/* whole UTC calendar days, not 24-hour periods */
	assert_int_equal(srs_elapsed_days(iso("2026-01-01T23:59:00Z"), iso("2026-01-02T00:01:00Z")), 1);
	assert_int_equal(srs_elapsed_days(iso("2026-01-01T00:01:00Z"), iso("2026-01-01T23:59:00Z")), 0);
	assert_int_equal(srs_elapsed_days(iso("2026-01-01T10:00:00Z"), iso("2026-01-03T09:00:00Z")), 2);
	assert_int_equal(srs_elapsed_days(iso("2025-12-31T23:00:00Z"), iso("2026-03-01T01:00:00Z")), 60);
	assert_int_equal(srs_elapsed_days(iso("2024-02-28T12:00:00Z"), iso("2024-03-01T12:00:00Z")), 2);
	/* a zone offset counts through UTC: 00:30+01:00 is the day before */
	assert_int_equal(srs_elapsed_days(iso("2026-01-01T12:00:00Z"),
					  iso("2026-01-02T00:30:00+01:00")), 0);
	assert_int_equal(srs_elapsed_days(iso("2026-01-02T00:00:00Z"), iso("2026-01-01T23:59:59Z")), -1);
	assert_int_equal(srs_elapsed_days(iso("1969-12-31T23:00:00Z"), iso("1970-01-01T01:00:00Z")), 1);
}

static void test_jsmath(void **state)
{
	(void)state;
	/* values where JavaScript's Math differs from the C library's,
	 * as node (V8) prints them */
	assert_true(jsmath_exp(0.008473833919999972) == 1.0085098384776772);
	assert_true(jsmath_pow(2, -2.8325691105934383) == 0.14038209938888768);
	assert_true(jsmath_pow(10, -5) == 0.000009999999999999999);
	assert_true(jsmath_log(0.9) == -0.10536051565782628);
	assert_true(jsmath_pow(2, 0.5) == sqrt(2));
	assert_true(jsmath_pow(-8, 1.0 / 3) != jsmath_pow(-8, 1.0 / 3)); /* NaN */
	assert_true(jsmath_pow(1, INFINITY) != jsmath_pow(1, INFINITY)); /* NaN in JavaScript */
	assert_true(jsmath_pow(NAN, 0) == 1);
	assert_true(jsmath_exp(-INFINITY) == 0 && isinf(jsmath_exp(1000)));
	assert_true(isinf(jsmath_log(0)) && jsmath_log(1) == 0);
}

/* ---- FSRS parameters */

static void test_params(void **state)
{
	struct fsrs_params p;
	struct fsrs f;
	struct err e = ERR_INIT;
	int m;
	(void)state;

	fsrs_params_init(&p);
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.decay == -0.1542);
	assert_true(f.factor == 0.98034649);
	assert_true(f.interval_modifier == 1); /* R = 0.9 after S days */
	p.desired_retention = 0.85;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.interval_modifier == 1.90642614);

	/* w17 and w18 are held down when there is more than one relearning step */
	fsrs_params_init(&p);
	p.w[17] = 1.9;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.p.w[17] == 1.9);
	p.n_relearning = 2;
	p.relearning_steps[1] = 20;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.p.w[17] == 0.60045935);
	assert_true(f.p.w[18] == 0.0912);
	/* w19 may only be 0 without short-term scheduling */
	fsrs_params_init(&p);
	p.w[19] = 0;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.p.w[19] == 0.01);
	p.enable_short_term = 0;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.p.w[19] == 0);
	p.w[0] = 500;
	p.w[4] = -3;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	assert_true(f.p.w[0] == 100 && f.p.w[4] == 1);

	fsrs_params_init(&p);
	p.desired_retention = 0;
	assert_int_equal(fsrs_init(&f, &p, &e), ERR_USAGE);
	p.desired_retention = 1.01;
	assert_int_equal(fsrs_init(&f, &p, &e), ERR_USAGE);
	fsrs_params_init(&p);
	p.maximum_interval = 0;
	assert_int_equal(fsrs_init(&f, &p, &e), ERR_USAGE);
	fsrs_params_init(&p);
	p.w[3] = NAN;
	assert_int_equal(fsrs_init(&f, &p, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "w3"));

	assert_int_equal(fsrs_parse_step("10m", &m, &e), 0);
	assert_int_equal(m, 10);
	assert_int_equal(fsrs_parse_step("2h", &m, &e), 0);
	assert_int_equal(m, 120);
	assert_int_equal(fsrs_parse_step("3d", &m, &e), 0);
	assert_int_equal(m, 4320);
	assert_int_equal(fsrs_parse_step("0m", &m, &e), 0);
	assert_int_equal(m, 0);
	assert_int_equal(fsrs_parse_step("5", &m, &e), ERR_USAGE);
	assert_int_equal(fsrs_parse_step("m", &m, &e), ERR_USAGE);
	assert_int_equal(fsrs_parse_step("1.5h", &m, &e), ERR_USAGE);
	assert_int_equal(fsrs_parse_step("10 m", &m, &e), ERR_USAGE);
	assert_int_equal(fsrs_parse_step("36501d", &m, &e), ERR_USAGE);
	assert_int_equal(fsrs_parse_step("99999999999999999999m", &m, &e), ERR_USAGE);
}

/* ---- published examples (ts-fsrs's own tests, FSRS-6 defaults) */

static void test_first_repeat(void **state)
{
	static const double s[4] = { 0.212, 1.2931, 2.3065, 8.2956 };
	static const double d[4] = { 6.4133, 5.11217071, 2.11810397, 1 };
	static const int days[4] = { 0, 0, 0, 8 };
	static const enum srs_state st[4] = { SRS_LEARNING, SRS_LEARNING, SRS_LEARNING, SRS_REVIEW };
	struct fsrs_card c, out[4];
	struct fsrs_log logs[4];
	struct err e = ERR_INIT;
	struct fsrs f;
	ms_t now = iso("2022-12-29T12:30:00Z");
	int g;
	(void)state;

	init_fsrs(&f, 1);
	fsrs_card_init(&c, now);
	assert_int_equal(fsrs_preview(&f, &c, now, out, logs, &e), 0);
	for (g = 0; g < 4; g++) {
		assert_true(out[g].stability == s[g]);
		assert_true(out[g].difficulty == d[g]);
		assert_int_equal(out[g].scheduled_days, days[g]);
		assert_int_equal(out[g].state, st[g]);
		assert_int_equal(out[g].reps, 1);
		assert_int_equal(out[g].lapses, 0);
		assert_int_equal(logs[g].elapsed_days, 0);
		assert_true(isnan(logs[g].retrievability));
	}
	/* the learning steps: 1m, (1m + 10m) / 2 rounded up, 10m */
	assert_true(out[0].due == now + 1 * MINUTE && out[0].step == 0);
	assert_true(out[1].due == now + 6 * MINUTE && out[1].step == 0);
	assert_true(out[2].due == now + 10 * MINUTE && out[2].step == 1);
	assert_true(out[3].due == now + 8 * DAY);
}

static void test_ivl_history(void **state)
{
	static const int ratings[] = { 3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3 };
	static const int want[] = { 0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21 };
	struct fsrs_card c;
	struct fsrs f;
	ms_t now = iso("2022-12-29T12:30:00Z");
	size_t i;
	(void)state;

	init_fsrs(&f, 1);
	fsrs_card_init(&c, now);
	for (i = 0; i < sizeof(ratings) / sizeof(ratings[0]); i++) {
		review(&f, &c, now, ratings[i]);
		assert_int_equal(c.scheduled_days, want[i]);
		now = c.due;
	}
}

/* fsrs-rs's memory state test: Again, then Good after 0, 1, 3, 8, 21 days */
static void memory_state(int short_term, double want_s, double want_d)
{
	static const int ratings[] = { 1, 3, 3, 3, 3, 3 };
	static const int gaps[] = { 0, 0, 1, 3, 8, 21 };
	struct fsrs_card c;
	struct fsrs f;
	ms_t now = iso("2022-12-29T12:30:00Z");
	int i;

	init_fsrs(&f, short_term);
	fsrs_card_init(&c, now);
	for (i = 0; i < 6; i++) {
		now += gaps[i] * DAY;
		review(&f, &c, now, ratings[i]);
	}
	assert_true(fabs(c.stability - want_s) < 0.00005);
	assert_true(fabs(c.difficulty - want_d) < 0.00005);
}

static void test_memory_state(void **state)
{
	(void)state;
	memory_state(1, 53.62691, 6.3574867);
	memory_state(0, 53.335106, 6.3574867);
}

/* ts-fsrs's long-term scheduler test, FSRS-5 weights (w19 = 0, decay 0.5) */
static void test_long_term_published(void **state)
{
	static const double w[FSRS_NPARAMS] = {
		0.4197, 1.1869, 3.0412, 15.2441, 7.1434, 0.6477, 1.0007, 0.0674, 1.6597, 0.1712, 1.1178,
		2.0225, 0.0904, 0.3025, 2.1214, 0.2498, 2.9466, 0.4891, 0.6468, 0.0, 0.5,
	};
	static const int ratings[] = { 1, 2, 3, 4, 1, 2, 3, 4 };
	static const int ivl[] = { 1, 2, 6, 41, 4, 7, 21, 133 };
	static const double s[] = { 0.4197, 1.0344317, 5.5356759, 41.0033667, 4.46605519,
				    6.67743292, 20.88868155, 132.81849454 };
	static const double d[] = { 7.1434, 7.03653841, 6.64066485, 5.92312772, 6.44779861,
				    6.45995078, 6.10293922, 5.36588547 };
	struct fsrs_params p;
	struct fsrs_card c;
	struct fsrs f;
	struct err e = ERR_INIT;
	ms_t now = iso("2022-12-29T12:30:00Z");
	int i;
	(void)state;

	fsrs_params_init(&p);
	memcpy(p.w, w, sizeof(w));
	p.enable_short_term = 0;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	fsrs_card_init(&c, now);
	for (i = 0; i < 8; i++) {
		review(&f, &c, now, ratings[i]);
		assert_int_equal(c.scheduled_days, ivl[i]);
		assert_true(c.stability == s[i]);
		assert_true(c.difficulty == d[i]);
		assert_int_equal(c.state, SRS_REVIEW);
		now = c.due;
	}
	assert_int_equal(c.lapses, 1); /* the first Again was on a new card */
}

static void test_retrievability(void **state)
{
	struct fsrs_card c;
	struct fsrs f;
	ms_t now = iso("2023-12-01T04:05:00Z");
	(void)state;

	init_fsrs(&f, 1);
	fsrs_card_init(&c, now);
	assert_true(fsrs_retrievability(&f, &c, now) == 0);
	review(&f, &c, now, SRS_EASY);
	assert_true(fsrs_retrievability(&f, &c, c.due) == 0.9024733);
	assert_true(fsrs_retrievability(&f, &c, now) == 1);
}

/* A card in review 17 days after its last review, checked against ts-fsrs:
 * Again starts relearning, the others are days away, Hard < Good < Easy. */
static void test_review_preview(void **state)
{
	static const int days[2][4] = { { 0, 40, 58, 100 }, { 0, 36, 54, 94 } };
	static const double s[4] = { 1.62397392, 39.51900307, 58.44021183, 99.87604506 };
	static const double d[4] = { 7.38997579, 4.74371562, 2.09745544, 1 };
	struct fsrs_params p;
	struct fsrs_card c, out[4];
	struct fsrs_log logs[4];
	struct err e = ERR_INIT;
	struct fsrs f;
	ms_t now = iso("2026-01-20T08:00:00Z");
	int fuzz, g;
	(void)state;

	for (fuzz = 0; fuzz < 2; fuzz++) {
		fsrs_params_init(&p);
		p.enable_fuzz = fuzz;
		assert_int_equal(fsrs_init(&f, &p, &e), 0);
		fsrs_card_init(&c, iso("2026-01-01T10:00:00Z"));
		review(&f, &c, iso("2026-01-01T10:00:00Z"), SRS_GOOD);
		review(&f, &c, iso("2026-01-01T10:10:00Z"), SRS_GOOD);
		review(&f, &c, iso("2026-01-03T10:10:00Z"), SRS_GOOD);
		assert_int_equal(c.scheduled_days, 11 - fuzz); /* ts-fsrs's fuzz gives 10 */
		assert_int_equal(fsrs_preview(&f, &c, now, out, logs, &e), 0);
		assert_true(logs[0].retrievability == 0.86721846);
		assert_int_equal(logs[0].elapsed_days, 17);
		assert_int_equal(logs[0].state, SRS_REVIEW);
		for (g = 0; g < 4; g++) {
			assert_int_equal(out[g].scheduled_days, days[fuzz][g]);
			assert_true(out[g].stability == s[g]);
			assert_true(out[g].difficulty == d[g]);
			assert_int_equal(out[g].state, g ? SRS_REVIEW : SRS_RELEARNING);
			assert_int_equal(out[g].lapses, g ? 0 : 1);
			assert_int_equal(out[g].reps, 4);
		}
		assert_true(out[0].due == now + 10 * MINUTE);
		assert_true(out[1].due == now + days[fuzz][1] * DAY);
	}
}

static void test_fuzz(void **state)
{
	double f;
	(void)state;

	/* ts-fsrs's apply_fuzz with the same seeds, run in node */
	f = fsrs_fuzz_factor(1767261600000LL, 3, 2.11810397 * 2.3065);
	assert_true(f >= 0 && f < 1);
	assert_int_equal(fsrs_fuzz_interval(100, f, 10, 36500), 94);
	f = fsrs_fuzz_factor(1767261600000LL, 5, 0);
	assert_int_equal(fsrs_fuzz_interval(30, f, 3, 36500), 31);
	f = fsrs_fuzz_factor(1700000000123LL, 12, 47.123456789);
	assert_int_equal(fsrs_fuzz_interval(365, f, 200, 36500), 351);
	f = fsrs_fuzz_factor(1767261600000LL, 2, 4.885);
	assert_int_equal(fsrs_fuzz_interval(3, f, 0, 36500), 2);
	/* short intervals are left alone, and the ceiling holds */
	assert_int_equal(fsrs_fuzz_interval(2, 0.99, 0, 36500), 2);
	assert_int_equal(fsrs_fuzz_interval(36500, 0.99, 0, 36500), 36482);
	assert_int_equal(fsrs_fuzz_interval(36500, 0.9999999, 0, 36500), 36500);
	assert_int_equal(fsrs_fuzz_interval(100, 0.0, 0, 36500), 93);
	assert_int_equal(fsrs_fuzz_interval(100, 0.999999, 0, 36500), 107);
}

static void test_learning_steps(void **state)
{
	struct fsrs_params p;
	struct fsrs_card c, out[4];
	struct err e = ERR_INIT;
	struct fsrs f;
	ms_t now = iso("2026-05-01T12:00:00Z");
	(void)state;

	init_fsrs(&f, 1);
	fsrs_card_init(&c, now);
	review(&f, &c, now, SRS_GOOD); /* step 1 of 1m 10m */
	assert_int_equal(fsrs_preview(&f, &c, now + 10 * MINUTE, out, NULL, &e), 0);
	assert_true(out[0].due == now + 11 * MINUTE && out[0].step == 0);
	assert_true(out[1].due == now + 16 * MINUTE && out[1].step == 1);
	assert_int_equal(out[1].state, SRS_LEARNING);
	assert_int_equal(out[2].state, SRS_REVIEW); /* no step after the last */
	assert_int_equal(out[2].step, 0);
	assert_int_equal(out[0].lapses, 0); /* Again while learning is no lapse */

	/* a step of a day or more: the card counts as in review, on that step */
	fsrs_params_init(&p);
	p.learning_steps[1] = 1440;
	p.n_relearning = 0;
	assert_int_equal(fsrs_init(&f, &p, &e), 0);
	fsrs_card_init(&c, now);
	review(&f, &c, now, SRS_GOOD);
	assert_int_equal(c.state, SRS_REVIEW);
	assert_int_equal(c.step, 1);
	assert_int_equal(c.scheduled_days, 1);
	assert_true(c.due == now + DAY);
	/* without relearning steps a lapse goes straight back to review */
	review(&f, &c, c.due, SRS_GOOD);
	review(&f, &c, c.due, SRS_AGAIN);
	assert_int_equal(c.state, SRS_REVIEW);
	assert_int_equal(c.lapses, 1);
	assert_true(c.scheduled_days >= 1);
}

static void test_errors(void **state)
{
	struct fsrs_card c, out;
	struct err e = ERR_INIT;
	struct fsrs f;
	ms_t now = iso("2026-05-01T12:00:00Z");
	(void)state;

	init_fsrs(&f, 1);
	fsrs_card_init(&c, now);
	assert_int_equal(fsrs_review(&f, &c, now, 0, &out, NULL, &e), ERR_USAGE);
	assert_int_equal(fsrs_review(&f, &c, now, 5, &out, NULL, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "rating 5"));
	review(&f, &c, now, SRS_GOOD);
	assert_int_equal(fsrs_review(&f, &c, now - 1, SRS_GOOD, &out, NULL, &e), ERR_USAGE);
	assert_string_equal(e.msg, "time goes backwards: 2026-05-01T11:59:59.999Z is before the "
				   "last review at 2026-05-01T12:00:00.000Z");
	/* the same instant is fine */
	assert_int_equal(fsrs_review(&f, &c, now, SRS_GOOD, &out, NULL, &e), 0);
	c.state = (enum srs_state)7;
	assert_int_equal(fsrs_review(&f, &c, now, SRS_GOOD, &out, NULL, &e), ERR_USAGE);
}

/* ---- properties over random histories */

static uint64_t rng_state = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static void test_properties(void **state)
{
	static const ms_t gaps[] = { 0, 3 * MINUTE, 40 * MINUTE, 5 * 3600000LL, 23 * 3600000LL,
				     DAY, 4 * DAY, 20 * DAY, 90 * DAY, 400 * DAY };
	struct fsrs_params p;
	struct fsrs_card c, out[4];
	struct fsrs_log logs[4];
	struct err e = ERR_INIT;
	struct fsrs f;
	int h, i, g, n = 0;
	ms_t now;
	(void)state;

	for (h = 0; h < 3000; h++) {
		fsrs_params_init(&p);
		p.enable_short_term = h % 2;
		p.enable_fuzz = h % 3 == 0;
		p.desired_retention = 0.7 + rnd(30) / 100.0;
		p.maximum_interval = h % 5 ? 36500 : 100;
		for (i = 0; i < 21; i++)
			p.w[i] *= 0.5 + rnd(1000) / 1000.0;
		assert_int_equal(fsrs_init(&f, &p, &e), 0);
		now = 1700000000000LL + rnd(100000) * 60000LL;
		fsrs_card_init(&c, now);
		for (i = 0; i < 40; i++) {
			now += gaps[rnd(10)] + rnd(60000);
			assert_int_equal(fsrs_preview(&f, &c, now, out, logs, &e), 0);
			if (c.state != SRS_NEW)
				assert_true(logs[0].retrievability > 0 && logs[0].retrievability <= 1);
			for (g = 0; g < 4; g++) {
				assert_true(out[g].stability >= 0.001 && out[g].stability <= 36500);
				assert_true(out[g].difficulty >= 1 && out[g].difficulty <= 10);
				assert_true(out[g].due > now || out[g].scheduled_days == 0);
				assert_int_equal(out[g].reps, c.reps + 1);
				assert_true(out[g].lapses == c.lapses ||
					    (g == 0 && c.state != SRS_NEW && out[g].lapses == c.lapses + 1));
			}
			/* from review, every answer is later than the one below it */
			if (c.state == SRS_REVIEW) {
				n++;
				for (g = 1; g < 4; g++)
					assert_true(out[g].due > out[g - 1].due);
				for (g = 2; g < 4; g++)
					assert_true(out[g].scheduled_days > out[g - 1].scheduled_days);
				assert_true(out[1].scheduled_days >= 1);
				/* Good adds stability; a lapse on a later day never does
				 * (on the same day the short-term formula may); 1e-8
				 * for the rounding of weights with more decimals */
				assert_true(out[2].stability >= c.stability - 1e-8);
				if (logs[0].elapsed_days > 0 || !p.enable_short_term)
					assert_true(out[0].stability <= c.stability + 1e-8);
				if (!p.enable_short_term)
					assert_true(out[0].scheduled_days < out[1].scheduled_days);
			}
			c = out[rnd(10) < 2 ? 0 : 1 + rnd(3)];
		}
	}
	assert_true(n > 10000);
}

/* ---- SM-2 */

static void sm2_run(double ef, const int *q, int n, const int *want_ivl, const double *want_ef)
{
	struct sm2_card c;
	struct err e = ERR_INIT;
	ms_t now = iso("2026-01-01T09:00:00Z");
	int i;

	sm2_card_init(&c, ef);
	for (i = 0; i < n; i++) {
		assert_int_equal(sm2_review(&c, now, q[i], &c, &e), 0);
		assert_int_equal(c.interval, want_ivl[i]);
		assert_true(fabs(c.ef - want_ef[i]) < 1e-12);
		assert_true(c.due == now + c.interval * DAY);
		now = c.due;
	}
}

static void test_sm2(void **state)
{
	/* I(1) = 1, I(2) = 6, I(n) = I(n-1) * EF rounded */
	static const int q5[] = { 5, 5, 5, 5 }, i5[] = { 1, 6, 16, 45 };
	static const double e5[] = { 2.6, 2.7, 2.8, 2.9 };
	static const int q4[] = { 4, 4, 4, 4 }, i4[] = { 1, 6, 15, 38 };
	static const double e4[] = { 2.5, 2.5, 2.5, 2.5 };
	/* q 3 costs 0.14 a time, down to 1.3 */
	static const int q3[] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	static const int i3[] = { 1, 6, 13, 27, 52, 94, 156, 237, 327 };
	static const double e3[] = { 2.36, 2.22, 2.08, 1.94, 1.8, 1.66, 1.52, 1.38, 1.3 };
	/* below 3 the repetitions start again and EF stays */
	static const int ql[] = { 5, 4, 1, 4, 4, 4 }, il[] = { 1, 6, 1, 1, 6, 16 };
	static const double el[] = { 2.6, 2.6, 2.6, 2.6, 2.6, 2.6 };
	static const int qi[] = { 0, 3, 5 }, ii[] = { 1, 1, 6 };
	static const double ei[] = { 1.3, 1.3, 1.4 };
	struct sm2_card c;
	struct err e = ERR_INIT;
	int q;
	(void)state;

	sm2_run(SM2_DEFAULT_EF, q5, 4, i5, e5);
	sm2_run(SM2_DEFAULT_EF, q4, 4, i4, e4);
	sm2_run(SM2_DEFAULT_EF, q3, 9, i3, e3);
	sm2_run(SM2_DEFAULT_EF, ql, 6, il, el);
	sm2_run(1.3, qi, 3, ii, ei);

	/* EF' = EF + (0.1 - (5 - q)(0.08 + (5 - q) 0.02)) for a passing q */
	for (q = 3; q <= 5; q++) {
		sm2_card_init(&c, 2.0);
		assert_int_equal(sm2_review(&c, 0, q, &c, &e), 0);
		assert_true(fabs(c.ef - (2.0 + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)))) < 1e-9);
		assert_int_equal(c.repetition, 1);
	}
	for (q = 0; q < 3; q++) {
		sm2_card_init(&c, 2.0);
		assert_int_equal(sm2_review(&c, 0, q, &c, &e), 0);
		assert_true(c.ef == 2.0);
		assert_int_equal(c.repetition, 0);
	}
	assert_int_equal(sm2_q_from_rating(SRS_AGAIN), 2);
	assert_int_equal(sm2_q_from_rating(SRS_EASY), 5);

	/* the interval stops at 100 years instead of overflowing */
	sm2_card_init(&c, SM2_DEFAULT_EF);
	for (q = 0; q < 60; q++)
		assert_int_equal(sm2_review(&c, c.due, 5, &c, &e), 0);
	assert_int_equal(c.interval, SM2_MAX_INTERVAL);

	sm2_card_init(&c, SM2_DEFAULT_EF);
	assert_int_equal(sm2_review(&c, 0, 6, &c, &e), ERR_USAGE);
	assert_int_equal(sm2_review(&c, 0, -1, &c, &e), ERR_USAGE);
	assert_int_equal(sm2_review(&c, DAY, 4, &c, &e), 0);
	assert_int_equal(sm2_review(&c, DAY - 1, 4, &c, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "time goes backwards"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_js_round),       cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_elapsed_days),   cmocka_unit_test(test_jsmath),
		cmocka_unit_test(test_params),         cmocka_unit_test(test_first_repeat),
		cmocka_unit_test(test_ivl_history),    cmocka_unit_test(test_memory_state),
		cmocka_unit_test(test_long_term_published), cmocka_unit_test(test_retrievability),
		cmocka_unit_test(test_review_preview), cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_learning_steps), cmocka_unit_test(test_errors),
		cmocka_unit_test(test_properties),     cmocka_unit_test(test_sm2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
