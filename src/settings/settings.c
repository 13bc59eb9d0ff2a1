/* settings.c: the settings table, reading and writing the config file. */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/settings.h"
#include "aidioma/util.h"
#include "banned.h"

const struct setting_def settings_table[] = {
	{ "theme", SET_ENUM, "dark", 0, 0, "dark|light|mono",
	  "colour theme; mono is used anyway when NO_COLOR is set" },
	{ "accent_helper", SET_BOOL, "true", 0, 0, NULL,
	  "type a' for á, n~ for ñ, u: for ü, ? and ! at the start for ¿ ¡" },
	{ "session_length", SET_INT, "10", 5, 50, NULL, "practice sentences per session" },
	{ "daily_new", SET_INT, "20", 0, 200, NULL, "new flashcards per day" },
	{ "daily_reviews", SET_INT, "200", 0, 9999, NULL, "flashcard reviews per day" },
	{ "srs_algorithm", SET_ENUM, "fsrs", 0, 0, "fsrs|sm2", "spaced-repetition algorithm" },
	{ "desired_retention", SET_REAL, "0.90", 0.70, 0.99, NULL,
	  "the share of reviews you want to remember (FSRS)" },
	{ "fuzz", SET_BOOL, "true", 0, 0, NULL, "spread review dates a little so cards do not bunch" },
	{ "reverse_cards", SET_BOOL, "false", 0, 0, NULL, "also ask English -> Spanish in Flashcards" },
	{ "typed_answers", SET_BOOL, "false", 0, 0, NULL, "type the answer to a flashcard" },
	{ "show_corrections", SET_BOOL, "true", 0, 0, NULL, "show corrections in Conversation" },
	{ "speech", SET_BOOL, "true", 0, 0, NULL, "speak Spanish with espeak-ng when installed" },
	{ "ai_url", SET_STRING, "", 0, 0, NULL,
	  "OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (empty: offline)" },
	{ "ai_model", SET_STRING, "", 0, 0, NULL, "model name at the endpoint" },
	{ "ai_profile", SET_ENUM, "openai", 0, 0, "openai|ollama|llamacpp|vllm",
	  "which kind of server the endpoint is" },
};
const int settings_count = (int)(sizeof(settings_table) / sizeof(settings_table[0]));
_Static_assert(sizeof(settings_table) / sizeof(settings_table[0]) <= 32,
	       "struct settings holds 32 values and 32 lock bits");

const struct setting_def *settings_find(const char *key, int *index)
{
	int i;

	for (i = 0; i < settings_count; i++)
		if (!strcmp(settings_table[i].key, key)) {
			if (index)
				*index = i;
			return &settings_table[i];
		}
	return NULL;
}

void settings_defaults(struct settings *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < settings_count; i++)
		xstrlcpy(s->value[i], settings_table[i].def, SETTING_VALUE_MAX);
}

static int choice_ok(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;

	while (*p) {
		size_t k = strcspn(p, "|");

		if (k == n && !strncmp(p, v, n))
			return 1;
		p += k;
		if (*p == '|')
			p++;
	}
	return 0;
}

/* Canonical text of v for d, or -1 with e set. */
static int check_value(const struct setting_def *d, const char *v, char *out, struct err *e)
{
	char *end;

	switch (d->type) {
	case SET_BOOL:
		if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
			return xstrlcpy(out, "true", SETTING_VALUE_MAX);
		if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
			return xstrlcpy(out, "false", SETTING_VALUE_MAX);
		return err_set(e, ERR_USAGE, "'%s' is not true or false", v);
	case SET_INT: {
		long n;

		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || *end)
			return err_set(e, ERR_USAGE, "'%s' is not a whole number", v);
		if (n < (long)d->min || n > (long)d->max)
			return err_set(e, ERR_USAGE, "%ld is out of range (%ld to %ld)", n,
				       (long)d->min, (long)d->max);
		return xsnprintf(out, SETTING_VALUE_MAX, "%ld", n);
	}
	case SET_REAL: {
		double x;

		errno = 0;
		x = strtod(v, &end);
		if (errno || end == v || *end)
			return err_set(e, ERR_USAGE, "'%s' is not a number", v);
		if (x < d->min - 1e-9 || x > d->max + 1e-9)
			return err_set(e, ERR_USAGE, "%s is out of range (%.2f to %.2f)", v, d->min,
				       d->max);
		return xsnprintf(out, SETTING_VALUE_MAX, "%.2f", x);
	}
	case SET_ENUM:
		if (!choice_ok(d->choices, v))
			return err_set(e, ERR_USAGE, "'%s' is not one of %s", v, d->choices);
		return xstrlcpy(out, v, SETTING_VALUE_MAX);
	case SET_STRING: {
		const char *p;

		for (p = v; *p; p++)
			if ((unsigned char)*p < 0x20)
				return err_set(e, ERR_USAGE, "contains a control character");
		if (xstrlcpy(out, v, SETTING_VALUE_MAX))
			return err_set(e, ERR_USAGE, "longer than %d bytes", SETTING_VALUE_MAX - 1);
		return 0;
	}
	}
	return err_set(e, ERR_FAIL, "bad setting type");
}

int settings_set(struct settings *s, const char *key, const char *value, struct err *e)
{
	const struct setting_def *d;
	char canon[SETTING_VALUE_MAX];
	int i;

	d = settings_find(key, &i);
	if (!d)
		return err_set(e, ERR_USAGE, "unknown setting '%s' (see aidioma --help)", key);
	if (s->locked & (1u << i))
		return err_set(e, ERR_USAGE, "%s is set by the class, not by its members", key);
	if (check_value(d, value, canon, e))
		return err_prefix(e, "%s", key);
	memcpy(s->value[i], canon, SETTING_VALUE_MAX);
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static void warn(struct settings *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct settings *s, const char *fmt, ...)
{
	size_t used = strlen(s->warnings);
	va_list ap;

	if (used + 2 >= sizeof(s->warnings))
		return;
	if (used)
		s->warnings[used++] = '\n';
	va_start(ap, fmt);
	vsnprintf(s->warnings + used, sizeof(s->warnings) - used, fmt, ap);
	va_end(ap);
}

int settings_load(struct settings *s, const char *path, struct err *e)
{
	char *text, *line, *next;
	size_t len;
	int lineno = 0, rc;

	settings_defaults(s);
	rc = file_read(path, 1 << 16, &text, &len, e);
	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		return 0;
	}
	if (rc)
		return rc;
	for (line = text; line; line = next) {
		char *eq, *key, *val;
		struct err le = ERR_INIT;
		int idx;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			warn(s, "%s:%d: expected 'key = value'", path, lineno);
			continue;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (!settings_find(key, &idx)) {
			warn(s, "%s:%d: unknown setting '%s' ignored", path, lineno, key);
			continue;
		}
		if (settings_set(s, key, val, &le))
			warn(s, "%s:%d: %s: default %s used", path, lineno, le.msg,
			     settings_table[idx].def);
	}
	free(text);
	return 0;
}

int settings_save(const struct settings *s, const char *path, struct err *e)
{
	struct sbuf sb = SBUF_INIT;
	char dir[4096], *slash;
	int i, rc;

	xstrlcpy(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, 0700, e))
			return e ? e->code : ERR_FAIL;
	}
	sbuf_adds(&sb, "# aidioma settings: key = value (see aidioma --help)\n");
	for (i = 0; i < settings_count; i++)
		sbuf_addf(&sb, "\n# %s\n%s = %s\n", settings_table[i].help, settings_table[i].key,
			  s->value[i]);
	rc = file_write_atomic(path, sb.buf, sb.len, 0600, e);
	sbuf_release(&sb);
	return rc;
}

const char *settings_get(const struct settings *s, const char *key)
{
	int i;

	if (!settings_find(key, &i))
		die_bug("unknown setting key");
	return (s->locked & (1u << i)) ? settings_table[i].def : s->value[i];
}

void settings_lock(struct settings *s, const char *key)
{
	int i;

	if (!settings_find(key, &i))
		die_bug("unknown setting key");
	s->locked |= 1u << i;
}

int settings_locked(const struct settings *s, const char *key)
{
	int i;

	if (!settings_find(key, &i))
		die_bug("unknown setting key");
	return !!(s->locked & (1u << i));
}

int settings_get_bool(const struct settings *s, const char *key)
{
	return !strcmp(settings_get(s, key), "true");
}

long settings_get_int(const struct settings *s, const char *key)
{
	return strtol(settings_get(s, key), NULL, 10);
}

double settings_get_real(const struct settings *s, const char *key)
{
	return strtod(settings_get(s, key), NULL);
}
