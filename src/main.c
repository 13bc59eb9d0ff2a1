/* main.c: arguments, settings, the store, then the TUI or a subcommand. */
#define _POSIX_C_SOURCE 200809L
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aidioma/settings.h"
#include "aidioma/tui.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "config.h"
#include "banned.h"

#ifdef AIDIOMA_SYNC_PROGRAM
/* aidioma-sync: the commands that need libpq, which aidioma runs it for (cmd/external.c) */
static const struct cmd *const commands[] = { &cmd_sync, &cmd_migrate_legacy };
#else
static const struct cmd *const commands[] = { &cmd_init, &cmd_import, &cmd_export, &cmd_stats,
					       &cmd_eval, &cmd_cache, &cmd_srs, &cmd_tutor, &cmd_demo,
					       &cmd_class, &cmd_features, &cmd_experiment,
					       &cmd_sync_external, &cmd_migrate_legacy_external };
#endif
#define N_COMMANDS ((int)(sizeof(commands) / sizeof(commands[0])))

static void usage(FILE *f)
{
	int i;

	fprintf(f, "usage: aidioma [--db PATH] [--user NAME] [COMMAND [ARGS]]\n"
		   "\n"
		   "aidioma teaches Spanish in the terminal. Without a command it starts the\n"
		   "interactive tutor; the commands below are for scripts.\n"
		   "\n"
		   "options:\n"
		   "  --db PATH     the database (default $AIDIOMA_DB, else\n"
		   "                $XDG_DATA_HOME/aidioma/aidioma.db)\n"
		   "  --user NAME   act as this learner (default: your login name)\n"
		   "  --class PATH  the class database PATH, where you are your login user\n"
		   "                (the sshd ForceCommand of a class; see 'aidioma class --help')\n"
		   "  --keys FILE   play the keys of FILE in the interface (see data/demo.keys)\n"
		   "  --help        this text; 'aidioma COMMAND --help' for a command\n"
		   "  --version     the version\n"
		   "\n"
		   "commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		if (strlen(commands[i]->name) > 10) /* too long for the column: a line of its own */
			fprintf(f, "  %s\n  %-10s  %s\n", commands[i]->name, "", commands[i]->summary);
		else
			fprintf(f, "  %-10s  %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\nsettings ($XDG_CONFIG_HOME/aidioma/config, 'key = value'):\n");
	for (i = 0; i < settings_count; i++) {
		const struct setting_def *d = &settings_table[i];
		char range[96];

		if (d->type == SET_INT)
			xsnprintf(range, sizeof(range), "%.0f..%.0f", d->min, d->max);
		else if (d->type == SET_REAL)
			xsnprintf(range, sizeof(range), "%.2f..%.2f", d->min, d->max);
		else if (d->type == SET_ENUM)
			xstrlcpy(range, d->choices, sizeof(range));
		else if (d->type == SET_BOOL)
			xstrlcpy(range, "true|false", sizeof(range));
		else
			xstrlcpy(range, "text", sizeof(range));
		fprintf(f, "  %-18s %-26s default %s\n  %18s %s\n", d->key, range,
			*d->def ? d->def : "(empty)", "", d->help);
	}
	fprintf(f, "\nexit status: 0 success, 1 failure, 2 bad usage\n");
}

/* Tests and demos fix the clock and the id sequence through the environment. */
static int apply_test_env(void)
{
	const char *now = getenv("AIDIOMA_NOW"), *seed = getenv("AIDIOMA_SEED");
	ms_t t;

	if (now && *now) {
		if (time_parse_iso(now, &t)) {
			fprintf(stderr, "aidioma: AIDIOMA_NOW: '%s' is not an ISO-8601 time "
					"(e.g. 2026-01-01T10:00:00Z)\n", now);
			return -1;
		}
		clock_set_fixed(t);
	}
	if (seed && *seed)
		uuid_set_seed(strtoull(seed, NULL, 10));
	return 0;
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static double started_ms;

#ifdef AIDIOMA_SYNC_PROGRAM
static int run_tui(struct cli *cli)
{
	(void)cli;
	usage(stderr);
	return EXIT_USAGE;
}
#else
static int run_tui(struct cli *cli)
{
	struct tui_options o;
	struct err e = ERR_INIT;
	struct store *st;
	struct user u;
	int rc;

	/* sshd runs the ForceCommand for 'ssh host anything' too: say what to do */
	if (cli->class_opt && (!isatty(0) || !isatty(1))) {
		fprintf(stderr, "aidioma: the class opens in a terminal: connect with 'ssh -t'\n");
		return EXIT_FAIL;
	}
	if ((rc = cli_open_store(cli, CLI_CREATE | CLI_BUNDLED, &st)))
		return rc;
	if ((rc = cli_current_user(cli, st, &u))) {
		store_close(st);
		return rc;
	}
	o.st = st;
	o.user = &u;
	o.settings = &cli->settings;
	o.config_path = cli->config_path;
	o.db_path = cli->db_path;
	o.started_ms = started_ms;
	o.timing_path = getenv("AIDIOMA_TIMING");
	o.keys_path = cli->keys_opt;
	o.speed = 1;
	rc = tui_run(&o, &e) ? cli_fail("terminal interface", &e) : EXIT_OK;
	user_release(&u);
	store_close(st);
	return rc;
}
#endif

int main(int argc, char **argv)
{
	struct cli cli;
	struct err e = ERR_INIT;
	char **rest;
	int i, n = 0, r;

	started_ms = mono_ms();
	setlocale(LC_ALL, "");
	memset(&cli, 0, sizeof(cli));
	cli.argv0 = argv[0];
	cli.argv = argv;
	if (apply_test_env())
		return EXIT_USAGE;

	/* global options may stand anywhere before "--" */
	rest = xcalloc((size_t)argc + 1, sizeof(*rest));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				rest[n++] = argv[i++];
			break;
		}
		if ((r = opt_value(argc, argv, &i, "--db", &cli.db_opt)) ||
		    (r = opt_value(argc, argv, &i, "--user", &cli.user_opt)) ||
		    (r = opt_value(argc, argv, &i, "--keys", &cli.keys_opt)) ||
		    (r = opt_value(argc, argv, &i, "--class", &cli.class_opt))) {
			if (r < 0) {
				free(rest);
				return cli_usage(NULL, "%s needs a value", argv[i]);
			}
			continue;
		}
		rest[n++] = argv[i];
	}
	if (cli.class_opt) {
		r = cli.db_opt ? cli_usage(NULL, "--class and --db cannot be used together") :
		    cli.user_opt ? cli_usage(NULL, "--user cannot be used with --class: in a class "
					     "you are your login user") : 0;
		if (r) {
			free(rest);
			return r;
		}
		cli.db_opt = cli.class_opt;
	}
	if (n && !strcmp(rest[0], "--version")) {
		printf("aidioma %s\n", PACKAGE_VERSION);
		free(rest);
		return EXIT_OK;
	}
	if (n && (is_help(rest[0]) || !strcmp(rest[0], "help"))) {
		if (n > 1) {
			for (i = 0; i < N_COMMANDS; i++)
				if (!strcmp(rest[1], commands[i]->name)) {
					char *help[] = { rest[1], (char *)"--help", NULL };

					free(rest);
					if (!commands[i]->usage) /* it lives in aidioma-sync */
						return commands[i]->run(&cli, 2, help);
					fputs(commands[i]->usage, stdout);
					return EXIT_OK;
				}
		}
		usage(stdout);
		free(rest);
		return EXIT_OK;
	}

	if (paths_config(cli.config_path, sizeof(cli.config_path), &e) ||
	    settings_load(&cli.settings, cli.config_path, &e)) {
		free(rest);
		return cli_fail("reading settings", &e);
	}
	if (cli.settings.warnings[0])
		fprintf(stderr, "aidioma: settings: %s\n", cli.settings.warnings);
	/* a class's grades go to a cache its members share: the endpoint is the
	 * class's (the environment sshd gives it), never a member's own */
	if (cli.class_opt) {
		static const char *const class_keys[] = { "ai_url", "ai_model", "ai_profile" };

		for (i = 0; i < 3; i++)
			settings_lock(&cli.settings, class_keys[i]);
	}

	if (!n) {
		r = run_tui(&cli);
		free(rest);
		return r;
	}
	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(rest[0], commands[i]->name)) {
			r = commands[i]->run(&cli, n, rest);
			free(rest);
			return r;
		}
	if (rest[0][0] == '-')
		r = cli_usage(NULL, "unknown option '%s'", rest[0]);
	else
		r = cli_usage(NULL, "unknown command '%s'", rest[0]);
	free(rest);
	return r;
}
