/* init.c: aidioma init: create the database and import the bundled course. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "banned.h"

static int run(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct store *st;
	int i, rc, skip = 0;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_init.usage, stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--no-packs")) {
			skip = 1;
		} else {
			return cli_usage(&cmd_init, "init: unknown argument '%s'", argv[i]);
		}
	}
	if (paths_database(cli->db_opt, cli->db_path, sizeof(cli->db_path), &e))
		return cli_fail("finding the database", &e);
	if (store_open(cli->db_path, STORE_CREATE, &st, &e))
		return cli_fail("creating the database", &e);
	printf("database %s (schema version %d)\n", cli->db_path, store_schema_version(st));
	rc = skip ? EXIT_OK : cli_import_bundled(cli, st, 0);
	store_close(st);
	return rc;
}

const struct cmd cmd_init = {
	"init", run, "create the database and import the bundled course",
	"usage: aidioma [--db PATH] init [--no-packs]\n"
	"\n"
	"Create the database (or upgrade it) and import the course that ships with\n"
	"aidioma. Running it again updates the course in place; your progress stays.\n"
	"\n"
	"  --no-packs   create or upgrade the database only\n"
};
