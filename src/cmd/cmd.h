/* cmd.h: what the subcommands share: options, the store, the user, messages. */
#ifndef AIDIOMA_CMD_H
#define AIDIOMA_CMD_H

#include "aidioma/err.h"
#include "aidioma/settings.h"
#include "aidioma/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli {
	const char *argv0;
	char **argv;          /* as the program got them, for aidioma-sync (external.c) */
	const char *db_opt;   /* --db */
	const char *user_opt; /* --user */
	const char *class_opt; /* --class */
	const char *keys_opt; /* --keys */
	char db_path[4096];
	char config_path[4096];
	struct settings settings;
};

struct cmd {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *summary;
	const char *usage; /* the text of 'aidioma COMMAND --help' */
};

extern const struct cmd cmd_init, cmd_import, cmd_export, cmd_stats, cmd_eval, cmd_cache,
	cmd_srs;
extern const struct cmd cmd_tutor, cmd_demo;
extern const struct cmd cmd_class;
extern const struct cmd cmd_features, cmd_experiment;
/* in aidioma-sync; aidioma has the external ones, which run it */
extern const struct cmd cmd_sync, cmd_migrate_legacy;
extern const struct cmd cmd_sync_external, cmd_migrate_legacy_external;

/* stats --by-variant NAME and stats --slow (experiment.c) */
int stats_by_variant(struct cli *cli, const char *name, int json);
int stats_slow(struct cli *cli, int json);

/* "aidioma: what: why" on stderr; returns the exit status for e. */
int cli_fail(const char *what, const struct err *e);
/* "aidioma: message" for bad usage, then a hint; returns EXIT_USAGE. */
int cli_usage(const struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum {
	CLI_CREATE = 1,  /* create the database when missing */
	CLI_BUNDLED = 2, /* and import the bundled course into an empty one */
};
/* Open the database (flags: CLI_*); prints errors. */
int cli_open_store(struct cli *cli, int flags, struct store **st);
/* The current user: --user, else the login user; created on first use. */
int cli_current_user(struct cli *cli, struct store *st, struct user *u);
/* --class PATH: open that class database (never create it); prints errors. */
int cli_open_class(struct cli *cli, struct store **st);
struct class_info;
/* The current user of a class database: the login user, who must be a
 * member; --user is refused.  Notes the visit (last seen). */
int cli_class_user(struct cli *cli, struct store *st, const struct class_info *c,
		   struct user *u);
/* eval --batch: grade (and with rec, record) each line of path ('-': stdin). */
int eval_batch(struct cli *cli, const char *path, int json, int rec, int offline);
/* Import the bundled packs into st; prints what happened unless quiet. */
int cli_import_bundled(struct cli *cli, struct store *st, int quiet);

/* Anki packages and CSV/TSV decks (deck.c): import each of paths (kinds
 * from deck_sniff), or export the user's flashcards as an Anki package. */
struct deck_cli {
	const char *spanish, *english; /* --spanish, --english */
	int dry_run;
};
int cli_import_decks(struct cli *cli, char **paths, const int *kinds, int n,
		     const struct deck_cli *o);
int cli_export_apkg(struct cli *cli, const char *output, int with_scheduling);

/* Option helpers: if argv[*i] is --name VALUE or --name=VALUE, store VALUE,
 * advance *i and return 1; return -1 when VALUE is missing. */
int opt_value(int argc, char **argv, int *i, const char *name, const char **value);
int is_help(const char *arg);

#endif
