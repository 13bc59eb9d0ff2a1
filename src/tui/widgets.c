/* widgets.c: text cut by columns, boxes, bars, the help overlay. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

int draw_text(int y, int x, int maxw, enum role r, const char *s)
{
	size_t n = strlen(s), i = 0;
	int used = 0;
	uint32_t cp;

	if (y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + maxw > COLS)
		maxw = COLS - x;
	attron(theme_attr(r));
	move(y, x);
	while (i < n) {
		wchar_t wc[2];
		int k = utf8_decode(s + i, n - i, &cp), w;

		if (k < 0) {
			cp = 0xfffd;
			k = 1;
		}
		i += (size_t)k;
		if (cp == '\n' || cp == '\t')
			cp = ' ';
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			continue; /* never send control characters to the terminal */
		w = wcwidth((wchar_t)cp);
		if (w < 0)
			continue;
		if (used + w > maxw)
			break;
		wc[0] = (wchar_t)cp;
		wc[1] = L'\0';
		addnwstr(wc, 1);
		used += w;
	}
	attroff(theme_attr(r));
	return used;
}

void draw_text_centered(int y, enum role r, const char *s)
{
	int w = utf8_width(s);

	draw_text(y, w < COLS ? (COLS - w) / 2 : 0, COLS, r, s);
}

void draw_box(int y, int x, int h, int w, enum role r)
{
	int i;

	attron(theme_attr(r));
	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	attroff(theme_attr(r));
}

void draw_bar(int y, int x, int w, double frac)
{
	int fill, i;

	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	fill = (int)(frac * w + 0.5);
	move(y, x);
	attron(theme_attr(R_BAR));
	for (i = 0; i < fill; i++)
		addch('#');
	attroff(theme_attr(R_BAR));
	attron(theme_attr(R_BAR_EMPTY));
	for (; i < w; i++)
		addch('.');
	attroff(theme_attr(R_BAR_EMPTY));
}

void draw_too_small(const struct screen *s)
{
	char msg[128];

	xsnprintf(msg, sizeof(msg), "Terminal too small: %s needs %dx%d, this is %dx%d.",
		  s->name, s->min_cols, s->min_rows, COLS, LINES);
	draw_text(0, 0, COLS, R_WRONG, msg);
	draw_text(1, 0, COLS, R_NORMAL, "Enlarge the window, or press q to go back.");
}
