/* common.c: helpers the subcommands share. */
#define _POSIX_C_SOURCE 200809L
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aidioma/classroom.h"
#include "aidioma/content.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

int cli_fail(const char *what, const struct err *e)
{
	fprintf(stderr, "aidioma: %s: %s\n", what, e->msg[0] ? e->msg : "unknown error");
	return e->code == ERR_USAGE ? EXIT_USAGE : EXIT_FAIL;
}

int cli_usage(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;

	fputs("aidioma: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'aidioma %s%s--help'.\n", c ? c->name : "", c ? " " : "");
	return EXIT_USAGE;
}

int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n])
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

int is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cli_open_store(struct cli *cli, int flags, struct store **st)
{
	struct err e = ERR_INIT;
	long n = 0;

	if (cli->class_opt)
		return cli_open_class(cli, st);
	if (paths_database(cli->db_opt, cli->db_path, sizeof(cli->db_path), &e))
		return cli_fail("finding the database", &e);
	if (store_open(cli->db_path, (flags & CLI_CREATE) ? STORE_CREATE : 0, st, &e))
		return cli_fail("opening the database", &e);
	if ((flags & CLI_BUNDLED) && !store_content_count(*st, NULL, NULL, &n, &e) && n == 0 &&
	    cli_import_bundled(cli, *st, 1)) {
		store_close(*st);
		*st = NULL;
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_current_user(struct cli *cli, struct store *st, struct user *u)
{
	struct err e = ERR_INIT;
	const char *login = cli->user_opt;
	struct class_info c;
	struct passwd *pw;

	/* in a class database the user is the login user, whatever --user says */
	if (store_class_get(st, &c, &e) == 0)
		return cli_class_user(cli, st, &c, u);
	if (e.code != ERR_NOTFOUND)
		return cli_fail("finding the current user", &e);
	err_clear(&e);
	if (!login || !*login) {
		pw = getpwuid(geteuid());
		login = pw && pw->pw_name ? pw->pw_name : getenv("USER");
	}
	if (!login || !*login)
		login = "learner";
	if (store_user_ensure(st, login, u, &e))
		return cli_fail("finding the current user", &e);
	return EXIT_OK;
}

int cli_import_bundled(struct cli *cli, struct store *st, int quiet)
{
	struct err e = ERR_INIT;
	struct import_report r;
	char dir[4096];
	char **paths;
	int n, rc;

	if (paths_packs(cli->argv0, dir, sizeof(dir), &e))
		return cli_fail("importing the bundled course", &e);
	if (content_list_packs(dir, &paths, &n, &e))
		return cli_fail("importing the bundled course", &e);
	rc = content_import(st, (const char *const *)paths, n, &r, &e);
	content_free_list(paths, n);
	if (rc)
		return cli_fail("importing the bundled course", &e);
	if (!quiet)
		printf("imported %d pack%s from %s: %ld new, %ld updated, %ld unchanged\n", r.packs,
		       r.packs == 1 ? "" : "s", dir, r.items_new, r.items_updated,
		       r.items_unchanged);
	return EXIT_OK;
}
