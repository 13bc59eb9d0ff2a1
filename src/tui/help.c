/* help.c: the ? overlay that lists the current screen's keys. */
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

static const struct help_entry global_keys[] = {
	{ "? or F1", "this help (any key closes it)" },
	{ "q, Esc", "go back; on Home, quit" },
	{ "Ctrl-C", "quit at once, from anywhere" },
	{ NULL, NULL },
};

void draw_help(struct tui *t, const struct screen *s)
{
	const struct help_entry *h;
	int n = 0, w = 64, hgt, y, x, row;
	char title[96];

	(void)t;
	for (h = s->help; h && h->keys; h++)
		n++;
	for (h = global_keys; h->keys; h++)
		n++;
	hgt = n + 6;
	if (w > COLS)
		w = COLS;
	if (hgt > LINES)
		hgt = LINES;
	y = (LINES - hgt) / 2;
	x = (COLS - w) / 2;
	draw_box(y, x, hgt, w, R_NORMAL);
	xsnprintf(title, sizeof(title), " Help: %s ", s->name);
	draw_text(y, x + 2, w - 4, R_TITLE, title);
	row = y + 2;
	for (h = s->help; h && h->keys && row < y + hgt - 1; h++, row++) {
		draw_text(row, x + 2, 16, R_ACCENT, h->keys);
		draw_text(row, x + 19, w - 21, R_NORMAL, h->what);
	}
	row++;
	for (h = global_keys; h->keys && row < y + hgt - 1; h++, row++) {
		draw_text(row, x + 2, 16, R_ACCENT, h->keys);
		draw_text(row, x + 19, w - 21, R_NORMAL, h->what);
	}
}
