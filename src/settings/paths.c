/* paths.c: where the database, the config file and the bundled packs live. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aidioma/settings.h"
#include "aidioma/util.h"
#include "banned.h"

static int xdg_dir(const char *var, const char *fallback, const char *leaf, char *out,
		   size_t size, struct err *e)
{
	const char *base = getenv(var), *home = getenv("HOME");

	if (base && *base == '/') {
		if (xsnprintf(out, size, "%s/aidioma/%s", base, leaf))
			return err_set(e, ERR_USAGE, "$%s is too long", var);
		return 0;
	}
	if (!home || !*home)
		return err_set(e, ERR_USAGE, "neither $%s nor $HOME is set: set one, or give --db",
			       var);
	if (xsnprintf(out, size, "%s/%s/aidioma/%s", home, fallback, leaf))
		return err_set(e, ERR_USAGE, "$HOME is too long");
	return 0;
}

int paths_database(const char *explicit_path, char *out, size_t size, struct err *e)
{
	const char *env = getenv("AIDIOMA_DB");

	if (explicit_path && *explicit_path)
		return xstrlcpy(out, explicit_path, size) ?
			       err_set(e, ERR_USAGE, "database path too long") : 0;
	if (env && *env)
		return xstrlcpy(out, env, size) ? err_set(e, ERR_USAGE, "$AIDIOMA_DB too long") : 0;
	return xdg_dir("XDG_DATA_HOME", ".local/share", "aidioma.db", out, size, e);
}

int paths_config(char *out, size_t size, struct err *e)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config", "config", out, size, e);
}

static int is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int paths_packs(const char *argv0, char *out, size_t size, struct err *e)
{
	const char *env = getenv("AIDIOMA_ASSETS");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		if (xsnprintf(out, size, "%s/packs", env) || !is_dir(out))
			return err_set(e, ERR_NOTFOUND, "$AIDIOMA_ASSETS/packs ('%s') is not a "
				       "directory", out);
		return 0;
	}
	/* a build tree: the program sits at the top, beside assets/ */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (!xsnprintf(out, size, "%s/assets/packs", exe) && is_dir(out))
				return 0;
		}
	}
	(void)argv0;
	if (!xsnprintf(out, size, "%s/packs", PKGDATADIR) && is_dir(out))
		return 0;
	return err_set(e, ERR_NOTFOUND, "cannot find the bundled packs (looked beside the program "
		       "and in %s/packs): set AIDIOMA_ASSETS to the assets directory", PKGDATADIR);
}

int paths_data(const char *name, char *out, size_t size, struct err *e)
{
	const char *env = getenv("AIDIOMA_DATA");
	char exe[PATH_MAX];
	struct stat sb;
	ssize_t n;

	if (env && *env) {
		if (!xsnprintf(out, size, "%s/%s", env, name) && stat(out, &sb) == 0)
			return 0;
		return err_set(e, ERR_NOTFOUND, "'%s' is not in $AIDIOMA_DATA (%s)", name, env);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (!xsnprintf(out, size, "%s/data/%s", exe, name) && stat(out, &sb) == 0)
				return 0;
		}
	}
	if (!xsnprintf(out, size, "%s/%s", PKGDATADIR, name) && stat(out, &sb) == 0)
		return 0;
	return err_set(e, ERR_NOTFOUND, "cannot find '%s' (looked beside the program and in %s): "
		       "set AIDIOMA_DATA to the data directory", name, PKGDATADIR);
}
