/* time.c: the injectable clock and ISO-8601 UTC formatting and parsing. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aidioma/util.h"
#include "banned.h"

static ms_t fixed_now, offset;

ms_t clock_now_ms(void)
{
	struct timespec ts;

	if (fixed_now)
		return fixed_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (ms_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + offset;
}

void clock_set_fixed(ms_t t)
{
	fixed_now = t;
}

void clock_start_at(ms_t t)
{
	struct timespec ts;

	fixed_now = 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	offset = t - ((ms_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t time_day_utc(ms_t t)
{
	return floor_div(t, 86400000);
}

int64_t time_day_local(ms_t t)
{
	time_t s = (time_t)floor_div(t, 1000);
	struct tm tm;

	if (!localtime_r(&s, &tm))
		return time_day_utc(t);
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

ms_t time_local_midnight(ms_t t)
{
	time_t s = (time_t)floor_div(t, 1000);
	struct tm tm;

	if (!localtime_r(&s, &tm))
		return time_day_utc(t) * 86400000;
	return (ms_t)s * 1000 - (ms_t)((tm.tm_hour * 60 + tm.tm_min) * 60 + tm.tm_sec) * 1000;
}

void time_format_iso(ms_t t, char *buf, size_t size)
{
	int64_t day = floor_div(t, 86400000), y;
	int64_t rem = t - day * 86400000;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, m, d,
		 (int)(rem / 3600000), (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
		 (int)(rem % 1000));
}

static int num(const char **p, int digits, int *out)
{
	int v = 0, i;

	for (i = 0; i < digits; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += digits;
	*out = v;
	return 0;
}

int time_parse_iso(const char *s, ms_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, ms = 0, oh, om, sign;
	const char *p = s;
	int64_t days;

	if (num(&p, 4, &y) || *p++ != '-' || num(&p, 2, &mo) || *p++ != '-' || num(&p, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	days = days_from_civil(y, mo, d);
	/* reject 2026-02-31 and friends */
	{
		int64_t yy;
		int mm, dd;

		civil_from_days(days, &yy, &mm, &dd);
		if (mm != mo || dd != d)
			return -1;
	}
	if (*p == 'T' || *p == ' ') {
		p++;
		if (num(&p, 2, &h) || *p++ != ':' || num(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (num(&p, 2, &se))
				return -1;
			if (*p == '.') {
				int scale = 100;

				p++;
				if (*p < '0' || *p > '9')
					return -1;
				while (*p >= '0' && *p <= '9') {
					ms += (*p - '0') * scale;
					scale /= 10;
					p++;
				}
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return -1;
	}
	*out = ((days * 24 + h) * 60 + mi) * 60000 + (ms_t)se * 1000 + ms;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		p++;
		if (num(&p, 2, &oh))
			return -1;
		if (*p == ':')
			p++;
		if (num(&p, 2, &om))
			return -1;
		*out -= sign * ((ms_t)oh * 60 + om) * 60000;
	}
	return *p ? -1 : 0;
}
