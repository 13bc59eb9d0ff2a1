/* copy.c: rows in PostgreSQL's COPY text format (tab-separated, backslash escapes, \N). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync-int.h"
#include "banned.h"

void copy_null(struct sbuf *sb)
{
	sbuf_add(sb, "\\N", 2);
}

static int special(unsigned char c)
{
	return c == '\\' || c == '\t' || c == '\n' || c == '\r' || c >= 0x80;
}

void copy_text(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run, *end;

	if (!s) {
		copy_null(sb);
		return;
	}
	end = p + strlen(s);
	while (*p) {
		run = p;
		while (*p && !special(*p))
			p++;
		if (p > run)
			sbuf_add(sb, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		switch (*p) {
		case '\\':
			sbuf_add(sb, "\\\\", 2);
			p++;
			break;
		case '\t':
			sbuf_add(sb, "\\t", 2);
			p++;
			break;
		case '\n':
			sbuf_add(sb, "\\n", 2);
			p++;
			break;
		case '\r':
			sbuf_add(sb, "\\r", 2);
			p++;
			break;
		default: {
			uint32_t cp;
			int n = utf8_decode((const char *)p, (size_t)(end - p), &cp);

			if (n > 0) {
				sbuf_add(sb, (const char *)p, (size_t)n);
				p += n;
			} else {
				sbuf_add(sb, "\xef\xbf\xbd", 3); /* U+FFFD for a broken byte */
				p++;
			}
		}
		}
	}
}

void copy_json(struct sbuf *sb, const char *s)
{
	const char *z;

	if (!s) {
		copy_null(sb);
		return;
	}
	/* jsonb has no NUL character; JSON text may spell one */
	if (!(z = strstr(s, "\\u0000"))) {
		copy_text(sb, s);
		return;
	}
	{
		struct sbuf fixed = SBUF_INIT;
		const char *p = s;

		while ((z = strstr(p, "\\u0000"))) {
			size_t bs = 0;

			while (z - bs > s && z[-1 - (long)bs] == '\\')
				bs++;
			sbuf_add(&fixed, p, (size_t)(z - p));
			/* an escaped backslash followed by "u0000" is text, not a NUL */
			sbuf_adds(&fixed, bs % 2 ? "\\u0000" : "\\ufffd");
			p = z + 6;
		}
		sbuf_adds(&fixed, p);
		copy_text(sb, fixed.buf);
		sbuf_release(&fixed);
	}
}

void copy_int(struct sbuf *sb, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	sbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

void copy_real(struct sbuf *sb, double v)
{
	char buf[40];

	if (isnan(v) || isinf(v)) {
		copy_null(sb);
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		copy_int(sb, (long long)v);
		return;
	}
	xsnprintf(buf, sizeof(buf), "%.17g", v);
	sbuf_adds(sb, buf);
}

void copy_bool(struct sbuf *sb, int v)
{
	sbuf_add(sb, v ? "t" : "f", 1);
}

void copy_time(struct sbuf *sb, ms_t t)
{
	char buf[40];

	time_format_iso(t, buf, sizeof(buf));
	sbuf_adds(sb, buf);
}

void copy_time_or_null(struct sbuf *sb, ms_t t)
{
	if (t)
		copy_time(sb, t);
	else
		copy_null(sb);
}

void copy_embedding(struct sbuf *sb, const float *v, int dims, int vector)
{
	char buf[32];
	int i;

	if (!v || dims <= 0 || (vector && dims > PG_VECTOR_DIM_MAX)) {
		copy_null(sb);
		return;
	}
	sbuf_add(sb, vector ? "[" : "{", 1);
	for (i = 0; i < dims; i++) {
		xsnprintf(buf, sizeof(buf), "%s%.9g", i ? "," : "", isfinite(v[i]) ? (double)v[i] : 0.0);
		sbuf_adds(sb, buf);
	}
	sbuf_add(sb, vector ? "]" : "}", 1);
}

char *pg_text_array(const char (*ids)[37], int n)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	sbuf_adds(&sb, "{");
	for (i = 0; i < n; i++) {
		/* ids are UUIDs or [A-Za-z0-9_.:-]: quoted all the same */
		const char *p;

		sbuf_adds(&sb, i ? ",\"" : "\"");
		for (p = ids[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sbuf_add(&sb, "\\", 1);
			sbuf_add(&sb, p, 1);
		}
		sbuf_adds(&sb, "\"");
	}
	sbuf_adds(&sb, "}");
	return sbuf_detach(&sb, NULL);
}
