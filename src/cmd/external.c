/* external.c: the commands that need libpq run in a program of their own, aidioma-sync. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "aidioma/module.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

/*
 * libpq, and what it pulls in (LDAP, Kerberos, GnuTLS), would be mapped in
 * every aidioma process, the terminal interface's included, for the sake
 * of two commands.  As git runs https through git-remote-https, aidioma
 * runs them through aidioma-sync, found where the modules are, with the
 * same arguments: the global options and the environment mean the same there.
 */
#define SYNC_PROGRAM "aidioma-sync"

static int run_external(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	char path[PATH_MAX];

	(void)argc;
	(void)argv;
	if (module_file(SYNC_PROGRAM, path, sizeof(path), &e)) {
		err_prefix(&e, "%s needs the program %s", argv[0], SYNC_PROGRAM);
		xstrlcpy(e.msg + strlen(e.msg), ": reinstall aidioma (make install), or set "
			 MODULE_DIR_ENV " to the directory that holds it", sizeof(e.msg) - strlen(e.msg));
		return cli_fail("running " SYNC_PROGRAM, &e);
	}
	fflush(NULL);
	cli->argv[0] = path;
	execv(path, cli->argv);
	err_set(&e, ERR_FAIL, "cannot run '%s': %s", path, strerror(errno));
	return cli_fail("running " SYNC_PROGRAM, &e);
}

const struct cmd cmd_sync_external = {
	"sync", run_external, "push activities and progress to PostgreSQL, pull content",
	NULL /* aidioma-sync prints it */
};
const struct cmd cmd_migrate_legacy_external = {
	"migrate-legacy", run_external, "move a database of the original seven-table design",
	NULL
};
