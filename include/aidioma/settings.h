/* settings.h: the one table of settings, the config file, and where files live. */
#ifndef AIDIOMA_SETTINGS_H
#define AIDIOMA_SETTINGS_H

#include <stddef.h>
#include "aidioma/err.h"

enum setting_type { SET_BOOL, SET_INT, SET_REAL, SET_ENUM, SET_STRING };

/* One row of the table that drives the file, the Settings screen and --help. */
struct setting_def {
	const char *key;
	enum setting_type type;
	const char *def;     /* default, as text */
	double min, max;     /* SET_INT, SET_REAL */
	const char *choices; /* SET_ENUM: "a|b|c" */
	const char *help;
};

extern const struct setting_def settings_table[];
extern const int settings_count;

#define SETTING_VALUE_MAX 256

struct settings {
	char value[32][SETTING_VALUE_MAX]; /* by index into settings_table */
	char warnings[1024];               /* bad lines of the file, reported once */
	unsigned locked;                   /* bit i: settings_table[i] is not the user's */
};

/* All defaults. */
void settings_defaults(struct settings *s);
/*
 * Read path over the defaults.  A missing file is no error.  A bad line is
 * noted in s->warnings ("config:3: daily_new: ...: default 20 used") and its
 * default kept.
 */
int settings_load(struct settings *s, const char *path, struct err *e);
/* Write every setting to path atomically. */
int settings_save(const struct settings *s, const char *path, struct err *e);
/* Set key from text; ERR_USAGE with a message naming the range when bad,
 * or that the setting is locked. */
int settings_set(struct settings *s, const char *key, const char *value, struct err *e);
/*
 * Take key out of the user's hands (a class database: the endpoint is the
 * class's, set where the class runs aidioma).  settings_get then returns the
 * default, settings_set refuses, and settings_save keeps the file's value.
 */
void settings_lock(struct settings *s, const char *key);
int settings_locked(const struct settings *s, const char *key);

const struct setting_def *settings_find(const char *key, int *index);
const char *settings_get(const struct settings *s, const char *key);
int settings_get_bool(const struct settings *s, const char *key);
long settings_get_int(const struct settings *s, const char *key);
double settings_get_real(const struct settings *s, const char *key);

/* ---- where files live (XDG) */
/* The database: explicit (--db), else $AIDIOMA_DB, else $XDG_DATA_HOME/aidioma/aidioma.db. */
int paths_database(const char *explicit_path, char *out, size_t size, struct err *e);
/* $XDG_CONFIG_HOME/aidioma/config */
int paths_config(char *out, size_t size, struct err *e);
/* The bundled packs: $AIDIOMA_ASSETS/packs, else assets/packs beside the
 * program (a build tree), else the installed data directory. */
int paths_packs(const char *argv0, char *out, size_t size, struct err *e);

/* A data file of aidioma's (data/NAME in a build tree, else installed):
 * $AIDIOMA_DATA/NAME, data/NAME beside the program, or PKGDATADIR/NAME. */
int paths_data(const char *name, char *out, size_t size, struct err *e);

/* ---- levels and experience (SPEC 4.4) */
struct level_info {
	int index;             /* 0 .. level_count-1 */
	const char *name;      /* Principiante ... Experto */
	long xp, floor, next;  /* next: XP of the next level, 0 at the top */
};
void level_from_xp(long xp, struct level_info *out);
/* Letter grade of a 0-100 score: A+ A B+ B C+ C D+ D F. */
const char *grade_letter(double score);

#endif
