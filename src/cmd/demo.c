/* demo.c: aidioma demo: a scripted tour of every screen, in a throwaway database. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aidioma/tui.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

#define DEMO_DAY "2026-09-01T09:00:00Z" /* the tour's sentences depend on the day */

static void remove_dir(const char *dir)
{
	static const char *const files[] = { "demo.db", "demo.db-wal", "demo.db-shm", "config" };
	char path[4200];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		xsnprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static int once(struct cli *cli, const char *script, double speed, int *interrupted)
{
	char dir[] = "/tmp/aidioma-demo-XXXXXX";
	struct tui_options o;
	struct err e = ERR_INIT;
	struct store *st;
	struct user u;
	ms_t start;
	int rc;

	if (!mkdtemp(dir)) {
		perror("aidioma: demo: making a throwaway directory");
		return EXIT_FAIL;
	}
	/* the learner's own database and settings are never touched */
	xsnprintf(cli->db_path, sizeof(cli->db_path), "%s/demo.db", dir);
	xsnprintf(cli->config_path, sizeof(cli->config_path), "%s/config", dir);
	cli->db_opt = cli->db_path;
	cli->user_opt = "demo";
	settings_defaults(&cli->settings);
	time_parse_iso(DEMO_DAY, &start);
	/* a fixed clock and id sequence while the learner is made, so the tour
	 * meets the same sentences every time; then the clock runs */
	clock_set_fixed(start);
	uuid_set_seed(2026);
	if ((rc = cli_open_store(cli, CLI_CREATE | CLI_BUNDLED, &st)))
		goto out;
	if ((rc = cli_current_user(cli, st, &u))) {
		store_close(st);
		goto out;
	}
	clock_start_at(start);
	uuid_set_seed(0);
	xstrlcpy(u.display_name, "Alex", sizeof(u.display_name));
	free(u.preferences);
	u.preferences = xstrdup("{\"welcomed\":true}");
	if (store_user_update(st, &u, &e)) {
		rc = cli_fail("demo", &e);
		goto close;
	}
	memset(&o, 0, sizeof(o));
	o.st = st;
	o.user = &u;
	o.settings = &cli->settings;
	o.config_path = cli->config_path;
	o.db_path = cli->db_path;
	o.keys_path = script;
	o.speed = speed;
	if (tui_run(&o, &e))
		rc = cli_fail("demo", &e);
	*interrupted = o.interrupted;
close:
	user_release(&u);
	store_close(st);
out:
	remove_dir(dir);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *speed_s = NULL;
	struct err e = ERR_INIT;
	char script[4096];
	double speed = 1;
	int i, k, loop = 0, rc, interrupted = 0;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_demo.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--loop")) {
			loop = 1;
			continue;
		}
		if ((k = opt_value(argc, argv, &i, "--speed", &speed_s))) {
			char *end;

			if (k < 0)
				return cli_usage(&cmd_demo, "demo: --speed needs a value");
			speed = strtod(speed_s, &end);
			if (*end || speed < 0.1 || speed > 100)
				return cli_usage(&cmd_demo, "demo: --speed must be a number from 0.1 to 100, "
						 "not '%s'", speed_s);
			continue;
		}
		return cli_usage(&cmd_demo, "demo: unknown argument '%s'", argv[i]);
	}
	if (cli->keys_opt)
		xstrlcpy(script, cli->keys_opt, sizeof(script));
	else if (paths_data("demo.keys", script, sizeof(script), &e))
		return cli_fail("demo", &e);
	do {
		rc = once(cli, script, speed, &interrupted);
	} while (loop && !rc && !interrupted);
	return rc;
}

const struct cmd cmd_demo = {
	"demo", run, "a tour of every screen that plays itself",
	"usage: aidioma demo [--speed X] [--loop]\n"
	"\n"
	"Play a scripted tour of aidioma: Home, a practice sentence answered wrong\n"
	"and then right with a hint, a reading text with a gloss and its questions,\n"
	"flashcards, a short conversation, Progress and Settings. It runs in a\n"
	"throwaway database, so your own data is never touched. q, Esc or Ctrl-C\n"
	"stops it.\n"
	"\n"
	"  --speed X   play X times faster (0.1 to 100)\n"
	"  --loop      start again at the end\n"
	"\n"
	"The script is data/demo.keys, in the format of 'aidioma --keys FILE'.\n"
};
