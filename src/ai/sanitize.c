/* sanitize.c: making a model's text safe to show: escape sequences out, JSON out of fences. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "banned.h"

#define ESC 0x1b
#define BEL 0x07
#define C1_DCS 0x90
#define C1_SOS 0x98
#define C1_CSI 0x9b
#define C1_ST 0x9c
#define C1_OSC 0x9d
#define C1_PM 0x9e
#define C1_APC 0x9f

/* The code point at s[i] (U+FFFD for a bad byte) and its length in *k. */
static uint32_t at(const char *s, size_t n, size_t i, int *k)
{
	uint32_t cp;

	*k = utf8_decode(s + i, n - i, &cp);
	if (*k < 0) {
		*k = 1;
		return 0xfffd;
	}
	return cp;
}

/* Past the parameters and final byte of a CSI that starts at i. */
static size_t skip_csi(const char *s, size_t n, size_t i)
{
	int k;
	uint32_t cp;

	while (i < n) {
		cp = at(s, n, i, &k);
		i += (size_t)k;
		if (cp >= 0x40 && cp <= 0x7e)
			break; /* the final byte */
		if (cp < 0x20 || cp > 0x3f)
			break; /* not a parameter or intermediate: a broken sequence ends here */
	}
	return i;
}

/* Past a string (OSC, DCS, SOS, PM, APC) that starts at i: up to BEL, ESC \
 * or ST.  An unterminated string runs to the end, as a terminal reads it. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
	int k;
	uint32_t cp;

	while (i < n) {
		cp = at(s, n, i, &k);
		i += (size_t)k;
		if (cp == BEL || cp == C1_ST)
			break;
		if (cp == ESC) {
			if (i < n && s[i] == '\\')
				i++;
			break;
		}
	}
	return i;
}

char *ai_text_sanitize(const char *s, size_t max_chars)
{
	size_t n, i = 0;
	struct sbuf sb = SBUF_INIT;
	char *out;
	uint32_t cp;
	int k;

	if (!s)
		return xstrdup("");
	n = strlen(s);
	while (i < n) {
		size_t start = i;

		cp = at(s, n, i, &k);
		i += (size_t)k;
		if (cp == ESC && i < n) {
			unsigned char c = (unsigned char)s[i++];

			if (c == '[')
				i = skip_csi(s, n, i);
			else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
				i = skip_string(s, n, i);
			else
				while (c >= 0x20 && c <= 0x2f && i < n) /* intermediates, then a final */
					c = (unsigned char)s[i++];
			continue;
		}
		if (cp == C1_CSI) {
			i = skip_csi(s, n, i);
			continue;
		}
		if (cp == C1_OSC || cp == C1_DCS || cp == C1_SOS || cp == C1_PM || cp == C1_APC) {
			i = skip_string(s, n, i);
			continue;
		}
		sbuf_add(&sb, s + start, (size_t)k);
	}
	out = sbuf_detach(&sb, NULL);
	/* what is left of controls, bidi and bad UTF-8 goes here */
	{
		char *clean = text_clean(out, max_chars);

		free(out);
		return clean;
	}
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char *ai_reply_unfence(const char *content)
{
	const char *p = content, *end, *open, *close;

	if (!p)
		return xstrdup("");
	end = p + strlen(p);
	while (p < end && blank(*p))
		p++;
	while (end > p && blank(end[-1]))
		end--;
	if (end - p >= 3 && !strncmp(p, "```", 3)) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end; /* the fence line with its language tag */
		if (end - p >= 3 && !strncmp(end - 3, "```", 3))
			end -= 3;
	}
	/* prose around the object: keep the outermost braces */
	open = memchr(p, '{', (size_t)(end - p));
	for (close = end; close > p && close[-1] != '}'; close--)
		;
	if (open && close > open)
		return xstrndup(open, (size_t)(close - open));
	while (p < end && blank(*p))
		p++;
	while (end > p && blank(end[-1]))
		end--;
	return xstrndup(p, (size_t)(end - p));
}
