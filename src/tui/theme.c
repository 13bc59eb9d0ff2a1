/* theme.c: colour roles mapped to colours (dark, light) or attributes (mono). */
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "banned.h"

static attr_t attrs[R__COUNT];

struct role_colour {
	short fg, bg;
	attr_t extra;
};

static const struct role_colour dark[R__COUNT] = {
	[R_NORMAL] = { -1, -1, 0 },
	[R_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	[R_ACCENT] = { COLOR_YELLOW, -1, A_BOLD },
	[R_CORRECT] = { COLOR_GREEN, -1, A_BOLD },
	[R_WRONG] = { COLOR_RED, -1, A_BOLD },
	[R_HINT] = { COLOR_MAGENTA, -1, 0 },
	[R_DUE] = { COLOR_YELLOW, -1, 0 },
	[R_DIM] = { COLOR_WHITE, -1, A_DIM },
	[R_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_BOLD },
	[R_BAR] = { COLOR_GREEN, COLOR_GREEN, 0 },
	[R_BAR_EMPTY] = { COLOR_WHITE, -1, A_DIM },
	[R_NOTICE] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[R_EDIT] = { -1, -1, A_UNDERLINE },
};

static const struct role_colour light[R__COUNT] = {
	[R_NORMAL] = { COLOR_BLACK, COLOR_WHITE, 0 },
	[R_TITLE] = { COLOR_BLUE, COLOR_WHITE, A_BOLD },
	[R_ACCENT] = { COLOR_MAGENTA, COLOR_WHITE, A_BOLD },
	[R_CORRECT] = { COLOR_GREEN, COLOR_WHITE, A_BOLD },
	[R_WRONG] = { COLOR_RED, COLOR_WHITE, A_BOLD },
	[R_HINT] = { COLOR_BLUE, COLOR_WHITE, 0 },
	[R_DUE] = { COLOR_RED, COLOR_WHITE, 0 },
	[R_DIM] = { COLOR_BLACK, COLOR_WHITE, A_DIM },
	[R_SELECTED] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[R_BAR] = { COLOR_BLUE, COLOR_BLUE, 0 },
	[R_BAR_EMPTY] = { COLOR_BLACK, COLOR_WHITE, A_DIM },
	[R_NOTICE] = { COLOR_WHITE, COLOR_RED, 0 },
	[R_EDIT] = { COLOR_BLACK, COLOR_WHITE, A_UNDERLINE },
};

/* Monochrome: the same roles told apart by attributes alone. */
static const attr_t mono[R__COUNT] = {
	[R_NORMAL] = A_NORMAL,   [R_TITLE] = A_BOLD,       [R_ACCENT] = A_BOLD,
	[R_CORRECT] = A_BOLD,    [R_WRONG] = A_UNDERLINE,  [R_HINT] = A_NORMAL,
	[R_DUE] = A_BOLD,        [R_DIM] = A_DIM,          [R_SELECTED] = A_REVERSE,
	[R_BAR] = A_REVERSE,     [R_BAR_EMPTY] = A_DIM,    [R_NOTICE] = A_REVERSE,
	[R_EDIT] = A_UNDERLINE,
};

void theme_init(struct tui *t, const char *name)
{
	const struct role_colour *tab = NULL;
	const char *no_color = getenv("NO_COLOR");
	int i;

	if (has_colors() && !(no_color && *no_color) && strcmp(name, "mono")) {
		start_color();
		use_default_colors();
		tab = !strcmp(name, "light") ? light : dark;
	}
	t->color = tab != NULL;
	for (i = 0; i < R__COUNT; i++) {
		if (tab && COLOR_PAIRS > R__COUNT) {
			init_pair((short)(i + 1), tab[i].fg, tab[i].bg);
			attrs[i] = COLOR_PAIR(i + 1) | tab[i].extra;
		} else {
			attrs[i] = mono[i];
		}
	}
	if (tab == light)
		bkgd(COLOR_PAIR(R_NORMAL + 1));
}

attr_t theme_attr(enum role r)
{
	return attrs[r];
}
