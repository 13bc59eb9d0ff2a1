/* editor.c: a one-line UTF-8 editor that moves by character, with the accent helper. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

void editor_init(struct editor *ed, size_t max_chars, int accent_helper)
{
	memset(ed, 0, sizeof(*ed));
	ed->max_chars = max_chars;
	ed->accent_helper = accent_helper;
}

void editor_clear(struct editor *ed)
{
	ed->len = ed->cur = ed->scroll = 0;
	ed->buf[0] = '\0';
}

void editor_set(struct editor *ed, const char *s)
{
	editor_clear(ed);
	xstrlcpy(ed->buf, s, sizeof(ed->buf));
	ed->len = ed->cur = strlen(ed->buf);
}

static void insert_bytes(struct editor *ed, const char *s, size_t n)
{
	if (ed->len + n >= sizeof(ed->buf) || utf8_len(ed->buf) >= ed->max_chars)
		return;
	memmove(ed->buf + ed->cur + n, ed->buf + ed->cur, ed->len - ed->cur + 1);
	memcpy(ed->buf + ed->cur, s, n);
	ed->len += n;
	ed->cur += n;
}

static uint32_t prev_char(const struct editor *ed, size_t *at)
{
	uint32_t cp = 0;

	if (!ed->cur)
		return 0;
	*at = utf8_prev(ed->buf, ed->cur);
	if (utf8_decode(ed->buf + *at, ed->cur - *at, &cp) < 0)
		return 0;
	return cp;
}

/* The accent helper: a' -> á, n~ -> ñ, u: -> ü, and ? or ! opening a
 * sentence -> ¿ ¡.  Typing the mark twice gives the plain mark back. */
static int accent(struct editor *ed, uint32_t mark)
{
	static const char *const plain = "aeiouAEIOU";
	static const uint32_t acute[] = { 0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xc1, 0xc9, 0xcd, 0xd3, 0xda };
	size_t at = 0;
	uint32_t prev = prev_char(ed, &at), out = 0;
	const char *p;
	char enc[4];
	int n;

	if (mark == '\'' && prev < 0x80 && prev && (p = strchr(plain, (int)prev)))
		out = acute[p - plain];
	else if (mark == '~' && (prev == 'n' || prev == 'N'))
		out = prev == 'n' ? 0xf1 : 0xd1;
	else if (mark == ':' && (prev == 'u' || prev == 'U'))
		out = prev == 'u' ? 0xfc : 0xdc;
	else if ((mark == '?' || mark == '!') && (!ed->cur || prev == ' '))
		out = mark == '?' ? 0xbf : 0xa1;
	else if (mark == '\'' || mark == '~' || mark == ':') {
		/* a mark typed after a letter it made: undo, leave the plain mark */
		static const uint32_t made[] = { 0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xc1, 0xc9, 0xcd, 0xd3,
						 0xda, 0xf1, 0xd1, 0xfc, 0xdc };
		static const char base[] = "aeiouAEIOUnNuU";
		size_t i;

		for (i = 0; i < sizeof(made) / sizeof(made[0]); i++)
			if (prev == made[i] && ((mark == '\'' && i < 10) || (mark == '~' && (i == 10 || i == 11)) ||
						(mark == ':' && i >= 12))) {
				ed->len -= ed->cur - at;
				memmove(ed->buf + at, ed->buf + ed->cur, ed->len - at + 1);
				ed->cur = at;
				enc[0] = base[i];
				enc[1] = (char)mark;
				insert_bytes(ed, enc, 2);
				return 1;
			}
		return 0;
	}
	if (!out)
		return 0;
	if (mark == '?' || mark == '!') {
		n = utf8_encode(out, enc);
		insert_bytes(ed, enc, (size_t)n);
		return 1;
	}
	ed->len -= ed->cur - at;
	memmove(ed->buf + at, ed->buf + ed->cur, ed->len - at + 1);
	ed->cur = at;
	n = utf8_encode(out, enc);
	insert_bytes(ed, enc, (size_t)n);
	return 1;
}

int editor_key(struct editor *ed, wint_t ch, int is_fkey)
{
	char enc[4];

	if (is_fkey) {
		switch (ch) {
		case KEY_LEFT:
			ed->cur = utf8_prev(ed->buf, ed->cur);
			return 1;
		case KEY_RIGHT:
			ed->cur = utf8_next(ed->buf, ed->len, ed->cur);
			return 1;
		case KEY_HOME:
			ed->cur = 0;
			return 1;
		case KEY_END:
			ed->cur = ed->len;
			return 1;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (ed->cur < ed->len) {
				size_t next = utf8_next(ed->buf, ed->len, ed->cur);

				memmove(ed->buf + ed->cur, ed->buf + next, ed->len - next + 1);
				ed->len -= next - ed->cur;
			}
			return 1;
		}
		return 0;
	}
	switch (ch) {
	case 1: /* Ctrl-A */
		ed->cur = 0;
		return 1;
	case 5: /* Ctrl-E */
		ed->cur = ed->len;
		return 1;
	case 2: /* Ctrl-B */
		ed->cur = utf8_prev(ed->buf, ed->cur);
		return 1;
	case 6: /* Ctrl-F */
		ed->cur = utf8_next(ed->buf, ed->len, ed->cur);
		return 1;
	case 21: /* Ctrl-U: delete to the start */
		memmove(ed->buf, ed->buf + ed->cur, ed->len - ed->cur + 1);
		ed->len -= ed->cur;
		ed->cur = 0;
		return 1;
	case 11: /* Ctrl-K: delete to the end */
		ed->buf[ed->cur] = '\0';
		ed->len = ed->cur;
		return 1;
	case 23: { /* Ctrl-W: delete the word before the cursor */
		size_t at = ed->cur;

		while (at > 0 && ed->buf[at - 1] == ' ')
			at--;
		while (at > 0 && ed->buf[at - 1] != ' ')
			at = utf8_prev(ed->buf, at);
		memmove(ed->buf + at, ed->buf + ed->cur, ed->len - ed->cur + 1);
		ed->len -= ed->cur - at;
		ed->cur = at;
		return 1;
	}
	case 8:
	case 127:
backspace:
		if (ed->cur > 0) {
			size_t at = utf8_prev(ed->buf, ed->cur);

			memmove(ed->buf + at, ed->buf + ed->cur, ed->len - ed->cur + 1);
			ed->len -= ed->cur - at;
			ed->cur = at;
		}
		return 1;
	}
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch > 0x10ffff)
		return 0;
	if (ed->accent_helper && (ch == '\'' || ch == '~' || ch == ':' || ch == '?' || ch == '!') &&
	    accent(ed, (uint32_t)ch))
		return 1;
	insert_bytes(ed, enc, (size_t)utf8_encode((uint32_t)ch, enc));
	return 1;
}

void editor_draw(struct editor *ed, int y, int x, int w, enum role r)
{
	int before, col;
	size_t i;
	char tmp[EDITOR_BYTES];

	if (w < 4)
		return;
	/* scroll so that the cursor stays visible, measured in columns */
	memcpy(tmp, ed->buf, ed->cur);
	tmp[ed->cur] = '\0';
	before = utf8_width(tmp);
	if (before - ed->scroll > w - 2)
		ed->scroll = before - (w - 2);
	if (before < ed->scroll)
		ed->scroll = before;
	attron(theme_attr(r));
	mvhline(y, x, ' ', w);
	attroff(theme_attr(r));
	/* skip scroll columns */
	col = 0;
	i = 0;
	while (i < ed->len && col < ed->scroll) {
		size_t next = utf8_next(ed->buf, ed->len, i);

		memcpy(tmp, ed->buf + i, next - i);
		tmp[next - i] = '\0';
		col += utf8_width(tmp);
		i = next;
	}
	draw_text(y, x, w, r, ed->buf + i);
	move(y, x + before - ed->scroll);
	curs_set(1);
}
