/* sbuf.c: growable strings with a hard size cap. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/util.h"
#include "banned.h"

void sbuf_init(struct sbuf *sb, size_t max)
{
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->max = max;
	sb->overflow = 0;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sbuf_init(sb, sb->max);
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	sb->overflow = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void sbuf_grow(struct sbuf *sb, size_t need)
{
	size_t want;

	if (need + 1 <= sb->alloc)
		return;
	want = sb->alloc ? sb->alloc : 64;
	while (want < need + 1)
		want *= 2;
	sb->buf = xrealloc(sb->buf, want);
	sb->alloc = want;
}

int sbuf_add(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->max && sb->len + n > sb->max) {
		sb->overflow = 1;
		return -1;
	}
	sbuf_grow(sb, sb->len + n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int sbuf_adds(struct sbuf *sb, const char *s)
{
	return sbuf_add(sb, s, strlen(s));
}

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return sbuf_add(sb, small, (size_t)n);
	if (sb->max && sb->len + (size_t)n > sb->max) {
		sb->overflow = 1;
		return -1;
	}
	sbuf_grow(sb, sb->len + (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

char *sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p = sb->buf ? sb->buf : xstrdup("");

	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return p;
}

char *str_replace_all(const char *s, const char *from, const char *to)
{
	struct sbuf sb = SBUF_INIT;
	size_t n = strlen(from);
	const char *p;

	while (n && (p = strstr(s, from))) {
		sbuf_add(&sb, s, (size_t)(p - s));
		sbuf_adds(&sb, to);
		s = p + n;
	}
	sbuf_adds(&sb, s);
	return sbuf_detach(&sb, NULL);
}

int xstrlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (!size)
		return -1;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

int xsnprintf(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}
