/* module.c: find and load the shared objects that hold optional libraries (dlopen). */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "aidioma/module.h"
#include "aidioma/util.h"
#include "banned.h"

static int is_file(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

int module_file(const char *file, char *out, size_t size, struct err *e)
{
	const char *env = getenv(MODULE_DIR_ENV);
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env) {
		if (xsnprintf(out, size, "%s/%s", env, file))
			return err_set(e, ERR_USAGE, "$%s is too long", MODULE_DIR_ENV);
		return is_file(out) ? 0 : err_set(e, ERR_NOTFOUND, "no file '%s'", out);
	}
	/* a build tree: the program sits at the top, beside modules/ */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			if (!xsnprintf(out, size, "%s/modules/%s", exe, file) && is_file(out))
				return 0;
		}
	}
	if (xsnprintf(out, size, "%s/%s", PKGLIBDIR, file))
		return err_set(e, ERR_USAGE, "the module directory '%s' is too long", PKGLIBDIR);
	return is_file(out) ? 0 : err_set(e, ERR_NOTFOUND, "no file '%s'", out);
}

int module_path(const char *name, char *out, size_t size, struct err *e)
{
	char file[128];

	if (xsnprintf(file, sizeof(file), "%s.so", name))
		return err_set(e, ERR_USAGE, "the module name '%s' is too long", name);
	return module_file(file, out, size, e);
}

/* A module that is missing or not the right one: the file, what is wrong, how to fix it. */
static void fail(struct err *e, const char *name, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct err *e, const char *name, const char *path, const char *fmt, ...)
{
	char why[ERR_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	err_set(e, ERR_NOTFOUND, "cannot load '%s': %s: reinstall aidioma (make install), or set %s "
		"to the directory that holds %s.so", path, why, MODULE_DIR_ENV, name);
}

const void *module_load(const char *name, int abi, struct err *e)
{
	const struct module_head *m;
	char path[PATH_MAX], sym[64];
	struct err pe = ERR_INIT;
	const char *why;
	void *h;

	if (module_path(name, path, sizeof(path), &pe)) {
		if (pe.code == ERR_NOTFOUND)
			fail(e, name, path, "no such file");
		else
			err_set(e, pe.code, "%s", pe.msg);
		return NULL;
	}
	/* RTLD_NOW: a symbol missing from an old library fails here, with a
	 * message, rather than aborting the program in the middle of a call */
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		why = dlerror();
		fail(e, name, path, "%s", why ? why : "dlopen failed");
		return NULL;
	}
	xsnprintf(sym, sizeof(sym), "aidioma_%s_module", name);
	m = dlsym(h, sym);
	if (!m || !m->version)
		fail(e, name, path, "not a module of aidioma's");
	else if (strcmp(m->version, PACKAGE_VERSION) || m->abi != abi)
		fail(e, name, path, "it comes from aidioma %s (interface %d), this program is %s "
		     "(interface %d)", m->version, m->abi, PACKAGE_VERSION, abi);
	else
		return m;
	dlclose(h);
	return NULL;
}
