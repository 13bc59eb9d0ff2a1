/* jsonpos.c: find where a value sits in JSON text, for error messages. */
#include <stdlib.h>
#include <string.h>

#include "aidioma/util.h"
#include "banned.h"

void text_line_col(const char *text, size_t len, size_t off, int *line, int *col)
{
	size_t i;
	int l = 1, c = 1;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static size_t ws(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* i at the opening quote; returns the index after the closing quote. */
static long skip_string(const char *t, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return (long)i + 1;
	}
	return -1;
}

static long skip_value(const char *t, size_t n, size_t i, int depth)
{
	long r;

	if (depth > 256)
		return -1;
	i = ws(t, n, i);
	if (i >= n)
		return -1;
	if (t[i] == '"')
		return skip_string(t, n, i);
	if (t[i] == '{' || t[i] == '[') {
		char close = t[i] == '{' ? '}' : ']';
		int object = t[i] == '{';

		i = ws(t, n, i + 1);
		if (i < n && t[i] == close)
			return (long)i + 1;
		for (;;) {
			if (object) {
				i = ws(t, n, i);
				if (i >= n || t[i] != '"')
					return -1;
				r = skip_string(t, n, i);
				if (r < 0)
					return -1;
				i = ws(t, n, (size_t)r);
				if (i >= n || t[i] != ':')
					return -1;
				i++;
			}
			r = skip_value(t, n, i, depth + 1);
			if (r < 0)
				return -1;
			i = ws(t, n, (size_t)r);
			if (i >= n)
				return -1;
			if (t[i] == close)
				return (long)i + 1;
			if (t[i] != ',')
				return -1;
			i++;
		}
	}
	while (i < n && !strchr(",]} \t\r\n", t[i]))
		i++;
	return (long)i;
}

static long locate(const char *t, size_t n, size_t i, const char *path)
{
	long r;

	i = ws(t, n, i);
	if (*path == '.')
		path++;
	if (!*path)
		return (long)i;
	if (i >= n)
		return -1;
	if (*path == '[') {
		char *end;
		long k = strtol(path + 1, &end, 10), idx = 0;

		if (*end != ']' || t[i] != '[')
			return -1;
		path = end + 1;
		i = ws(t, n, i + 1);
		if (i < n && t[i] == ']')
			return -1;
		for (;;) {
			if (idx == k)
				return locate(t, n, i, path);
			r = skip_value(t, n, i, 0);
			if (r < 0)
				return -1;
			i = ws(t, n, (size_t)r);
			if (i >= n || t[i] != ',')
				return -1;
			i++;
			idx++;
		}
	} else {
		size_t klen = strcspn(path, ".[");

		if (t[i] != '{')
			return -1;
		i = ws(t, n, i + 1);
		if (i < n && t[i] == '}')
			return -1;
		for (;;) {
			size_t kstart;

			i = ws(t, n, i);
			if (i >= n || t[i] != '"')
				return -1;
			kstart = i + 1;
			r = skip_string(t, n, i);
			if (r < 0)
				return -1;
			if ((size_t)r - 1 - kstart == klen && !memcmp(t + kstart, path, klen)) {
				i = ws(t, n, (size_t)r);
				if (i >= n || t[i] != ':')
					return -1;
				return locate(t, n, i + 1, path + klen);
			}
			i = ws(t, n, (size_t)r);
			if (i >= n || t[i] != ':')
				return -1;
			r = skip_value(t, n, i + 1, 0);
			if (r < 0)
				return -1;
			i = ws(t, n, (size_t)r);
			if (i >= n || t[i] != ',')
				return -1;
			i++;
		}
	}
}

long json_locate(const char *text, size_t len, const char *path)
{
	return locate(text, len, 0, path);
}
