/* test_util.c: text, time, ids, JSON positions, settings and levels. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "aidioma/settings.h"
#include "aidioma/util.h"
#include "scratch.h"

static void test_utf8(void **state)
{
	uint32_t cp;
	char buf[8];
	(void)state;

	assert_true(utf8_valid("¿Qué tal? ñandú", strlen("¿Qué tal? ñandú")));
	assert_false(utf8_valid("\xc3", 1));          /* truncated */
	assert_false(utf8_valid("\xc0\xaf", 2));      /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));  /* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	assert_int_equal(utf8_decode("ñ", 2, &cp), 2);
	assert_int_equal(cp, 0xf1);
	assert_int_equal(utf8_encode(0x20ac, buf), 3);
	assert_memory_equal(buf, "€", 3);
	assert_int_equal(utf8_len("año"), 3);
	assert_int_equal(utf8_width("año"), 3);
	assert_int_equal(utf8_prev("añ", 3), 1);
	assert_int_equal(utf8_next("añ", 3, 1), 3);
}

static void test_time(void **state)
{
	char buf[40];
	ms_t t;
	(void)state;

	assert_int_equal(time_parse_iso("2026-01-01T10:00:00Z", &t), 0);
	assert_int_equal(t, 1767261600000LL);
	time_format_iso(t, buf, sizeof(buf));
	assert_string_equal(buf, "2026-01-01T10:00:00.000Z");
	assert_int_equal(time_parse_iso("2024-02-29T23:59:59.5+01:00", &t), 0);
	time_format_iso(t, buf, sizeof(buf));
	assert_string_equal(buf, "2024-02-29T22:59:59.500Z");
	assert_int_equal(time_parse_iso("1969-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, -1000);
	assert_int_equal(time_day_utc(t), -1);
	assert_int_not_equal(time_parse_iso("2026-02-30", &t), 0);
	assert_int_not_equal(time_parse_iso("2026-13-01", &t), 0);
	assert_int_not_equal(time_parse_iso("2026-01-01T25:00Z", &t), 0);
	assert_int_not_equal(time_parse_iso("yesterday", &t), 0);
	clock_set_fixed(12345);
	assert_int_equal(clock_now_ms(), 12345);
	clock_set_fixed(0);
	assert_true(clock_now_ms() > 1700000000000LL);
}

static void test_uuid(void **state)
{
	char a[37], b[37], c[37];
	(void)state;

	uuid_new(a);
	uuid_new(b);
	assert_true(uuid_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '7');
	/* time-ordered: ids made later sort after */
	clock_set_fixed(1767261600000LL);
	uuid_new(a);
	clock_set_fixed(1767261600001LL);
	uuid_new(b);
	clock_set_fixed(0);
	assert_true(strcmp(a, b) < 0);
	assert_memory_equal(a, "019b78ff-f900", 13); /* 0x019b78fff900 ms */
	assert_non_null(strchr("89ab", a[19]));
	uuid_set_seed(42);
	uuid_new(a);
	uuid_set_seed(42);
	uuid_new(c);
	assert_string_equal(a, c);
	uuid_set_seed(0);
	assert_false(uuid_valid("not-a-uuid"));
}

static void test_sbuf(void **state)
{
	struct sbuf sb;
	char small[4];
	(void)state;

	sbuf_init(&sb, 8);
	assert_int_equal(sbuf_adds(&sb, "hola"), 0);
	assert_int_equal(sbuf_addf(&sb, "%d", 123), 0);
	assert_int_equal(sbuf_adds(&sb, "xyz"), -1); /* would pass the cap */
	assert_true(sb.overflow);
	assert_string_equal(sb.buf, "hola123");
	sbuf_release(&sb);
	assert_int_equal(xstrlcpy(small, "abcdef", sizeof(small)), -1);
	assert_string_equal(small, "abc");
}

static void test_replace_all(void **state)
{
	static const struct {
		const char *s, *from, *to, *want;
	} cases[] = {
		{ "SELECT * FROM @NS@.users JOIN @NS@.x", "@NS@", "legacy",
		  "SELECT * FROM legacy.users JOIN legacy.x" },
		{ "@NS@@NS@", "@NS@", "", "" },
		{ "no marks", "@NS@", "z", "no marks" },
		{ "aaa", "a", "aa", "aaaaaa" },
		{ "abc", "", "x", "abc" },
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = str_replace_all(cases[i].s, cases[i].from, cases[i].to);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_json_locate(void **state)
{
	const char *t = "{\n  \"a\": 1,\n  \"items\": [\n    {\"id\": \"x\"},\n    {\"id\": \"y\", \"h\": [1, 2]}\n  ]\n}";
	long off;
	int line, col;
	(void)state;

	off = json_locate(t, strlen(t), "items[1].h[1]");
	assert_true(off > 0);
	text_line_col(t, strlen(t), (size_t)off, &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 26);
	assert_int_equal(json_locate(t, strlen(t), "items[2]"), -1);
	assert_int_equal(json_locate(t, strlen(t), "nope"), -1);
	off = json_locate(t, strlen(t), "a");
	text_line_col(t, strlen(t), (size_t)off, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 8);
}

static void test_settings(void **state)
{
	char path[] = "/tmp/aidioma-settings-XXXXXX";
	struct settings s, s2;
	struct err e = ERR_INIT;
	FILE *f;
	int fd;
	(void)state;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# comment\ntheme = light\ndaily_new = 500\nnonsense\nfuzz = maybe\n"
	      "desired_retention = 0.85\nspeling = 1\n", f);
	fclose(f);
	assert_int_equal(settings_load(&s, path, &e), 0);
	assert_string_equal(settings_get(&s, "theme"), "light");
	assert_int_equal(settings_get_int(&s, "daily_new"), 20); /* out of range: default */
	assert_true(settings_get_bool(&s, "fuzz"));               /* bad bool: default */
	assert_true(fabs(settings_get_real(&s, "desired_retention") - 0.85) < 1e-9);
	assert_non_null(strstr(s.warnings, ":3: daily_new: 500 is out of range (0 to 200): default 20 used"));
	assert_non_null(strstr(s.warnings, ":4: expected 'key = value'"));
	assert_non_null(strstr(s.warnings, ":7: unknown setting 'speling'"));
	assert_int_equal(settings_set(&s, "daily_new", "35", &e), 0);
	assert_int_equal(settings_set(&s, "theme", "purple", &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "theme: 'purple' is not one of dark|light|mono"));
	assert_int_equal(settings_save(&s, path, &e), 0);
	assert_int_equal(settings_load(&s2, path, &e), 0);
	assert_string_equal(s2.warnings, "");
	assert_int_equal(settings_get_int(&s2, "daily_new"), 35);
	assert_string_equal(settings_get(&s2, "theme"), "light");
	unlink(path);
	/* a missing file is no error: defaults */
	assert_int_equal(settings_load(&s2, "/nonexistent/aidioma/config", &e), 0);
	assert_int_equal(settings_get_int(&s2, "daily_new"), 20);
}

static void test_levels(void **state)
{
	struct level_info lv;
	(void)state;

	level_from_xp(0, &lv);
	assert_string_equal(lv.name, "Principiante");
	assert_int_equal(lv.next, 500);
	level_from_xp(1499, &lv);
	assert_string_equal(lv.name, "Estudiante");
	level_from_xp(1500, &lv);
	assert_string_equal(lv.name, "Conversador");
	level_from_xp(250000, &lv);
	assert_string_equal(lv.name, "Experto");
	assert_int_equal(lv.next, 0);
	assert_string_equal(grade_letter(100), "A+");
	assert_string_equal(grade_letter(95), "A+");
	assert_string_equal(grade_letter(94.9), "A");
	assert_string_equal(grade_letter(80), "B");
	assert_string_equal(grade_letter(60), "D");
	assert_string_equal(grade_letter(59.9), "F");
}

static void test_files(void **state)
{
	char path[256], *text;
	struct err e = ERR_INIT;
	struct scratch *s;
	struct stat sb;
	size_t len;
	(void)state;

	s = scratch_open("files", NULL, NULL);
	assert_non_null(s);
	xsnprintf(path, sizeof(path), "%s/a/b/c", s->dir);
	assert_int_equal(mkdir_p(path, 0700, &e), 0);
	xsnprintf(path, sizeof(path), "%s/a/b/c/f.txt", s->dir);
	assert_int_equal(file_write_atomic(path, "uno dos", 7, 0600, &e), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(file_read(path, 100, &text, &len, &e), 0);
	assert_string_equal(text, "uno dos");
	free(text);
	assert_int_equal(file_read(path, 3, &text, &len, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "larger than 3 bytes"));
	assert_int_equal(file_read("/nonexistent/x", 3, &text, &len, &e), ERR_NOTFOUND);
	assert_int_equal(scratch_close(s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),     cmocka_unit_test(test_time),
		cmocka_unit_test(test_uuid),     cmocka_unit_test(test_sbuf),
		cmocka_unit_test(test_replace_all),
		cmocka_unit_test(test_json_locate), cmocka_unit_test(test_settings),
		cmocka_unit_test(test_levels),   cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
