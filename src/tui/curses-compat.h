/* curses-compat.h: the one place that includes curses (wide-character ncursesw). */
#ifndef AIDIOMA_CURSES_COMPAT_H
#define AIDIOMA_CURSES_COMPAT_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <wchar.h>
#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#endif
