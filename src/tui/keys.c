/* keys.c: key scripts for --keys and the demo: typed text, named keys, pauses. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/tui-int.h"
#include "aidioma/util.h"
#include "banned.h"

static const struct {
	const char *name;
	int code, fkey;
} names[] = {
	{ "Enter", '\r', 0 },       { "Esc", 27, 0 },           { "Tab", '\t', 0 },
	{ "Space", ' ', 0 },        { "Backspace", 127, 0 },    { "Up", KEY_UP, 1 },
	{ "Down", KEY_DOWN, 1 },    { "Left", KEY_LEFT, 1 },    { "Right", KEY_RIGHT, 1 },
	{ "Home", KEY_HOME, 1 },    { "End", KEY_END, 1 },      { "Delete", KEY_DC, 1 },
	{ "PageUp", KEY_PPAGE, 1 }, { "PageDown", KEY_NPAGE, 1 },
};

static void add(struct keyscript *k, int kind, wint_t ch, int fkey, int ms)
{
	if (k->n == k->alloc)
		k->ev = xrealloc(k->ev, (size_t)(k->alloc = k->alloc * 2 + 64) * sizeof(*k->ev));
	k->ev[k->n].kind = kind;
	k->ev[k->n].ch = ch;
	k->ev[k->n].fkey = fkey;
	k->ev[k->n].ms = ms;
	k->n++;
}

static int script_key_name(const char *s, wint_t *ch, int *fkey)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i].name)) {
			*ch = (wint_t)names[i].code;
			*fkey = names[i].fkey;
			return 0;
		}
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		int n = atoi(s + 1);

		if (n >= 1 && n <= 12) {
			*ch = (wint_t)KEY_F(n);
			*fkey = 1;
			return 0;
		}
	}
	if ((!strncmp(s, "C-", 2) || !strncmp(s, "Ctrl-", 5)) ) {
		const char *c = s[1] == '-' ? s + 2 : s + 5;

		if (c[0] >= 'a' && c[0] <= 'z' && !c[1]) {
			*ch = (wint_t)(c[0] - 'a' + 1);
			*fkey = 0;
			return 0;
		}
	}
	if (strlen(s) == 1) {
		*ch = (wint_t)(unsigned char)s[0];
		*fkey = 0;
		return 0;
	}
	return -1;
}

int keyscript_load(struct keyscript *k, const char *path, struct err *e)
{
	char *text, *line, *next;
	size_t len;
	int lineno = 0, delay = 30;

	memset(k, 0, sizeof(*k));
	if (file_read(path, 1 << 20, &text, &len, e))
		return e ? e->code : ERR_FAIL;
	for (line = text; line && *line; line = next) {
		char *arg;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#')
			continue;
		arg = strchr(line, ' ');
		if (arg)
			*arg++ = '\0';
		else
			arg = line + strlen(line);
		if (!strcmp(line, "type")) {
			size_t i = 0, n = strlen(arg);
			uint32_t cp;
			int w;

			while (i < n) {
				w = utf8_decode(arg + i, n - i, &cp);
				if (w < 0)
					goto bad_utf8;
				add(k, KEV_KEY, (wint_t)cp, 0, delay);
				i += (size_t)w;
			}
		} else if (!strcmp(line, "key")) {
			char *name = arg, *count = strchr(arg, ' ');
			int times = 1, fkey, j;
			wint_t ch;

			if (count) {
				*count++ = '\0';
				times = atoi(count);
			}
			if (script_key_name(name, &ch, &fkey) || times < 1 || times > 100) {
				err_set(e, ERR_USAGE, "%s:%d: unknown key '%s' (Enter, Esc, Tab, Space, "
					"Up, Down, Left, Right, F1-F12, C-a..C-z, or one character)",
					path, lineno, name);
				goto fail;
			}
			for (j = 0; j < times; j++)
				add(k, KEV_KEY, ch, fkey, delay);
		} else if (!strcmp(line, "pause")) {
			int ms = atoi(arg);

			if (ms < 0 || ms > 600000) {
				err_set(e, ERR_USAGE, "%s:%d: pause takes milliseconds (0 to 600000)",
					path, lineno);
				goto fail;
			}
			add(k, KEV_PAUSE, 0, 0, ms);
		} else if (!strcmp(line, "delay")) {
			delay = atoi(arg);
			if (delay < 0 || delay > 10000) {
				err_set(e, ERR_USAGE, "%s:%d: delay takes milliseconds (0 to 10000)",
					path, lineno);
				goto fail;
			}
		} else {
			err_set(e, ERR_USAGE, "%s:%d: unknown directive '%s' (type, key, pause, delay)",
				path, lineno, line);
			goto fail;
		}
	}
	free(text);
	return 0;
bad_utf8:
	err_set(e, ERR_USAGE, "%s:%d: not valid UTF-8", path, lineno);
fail:
	free(text);
	keyscript_release(k);
	return e ? e->code : ERR_FAIL;
}

void keyscript_release(struct keyscript *k)
{
	free(k->ev);
	memset(k, 0, sizeof(*k));
}
