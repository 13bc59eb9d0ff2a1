/* module.h: parts of aidioma built as shared objects and loaded on first use. */
#ifndef AIDIOMA_MODULE_H
#define AIDIOMA_MODULE_H

#include "aidioma/err.h"

/*
 * A library that only one feature needs (libcurl for the AI endpoint,
 * libpq for sync) is linked into a module, not into the program, so that
 * its pages, and those of everything it pulls in, are mapped only in the
 * processes that use the feature.  A module NAME is the file NAME.so; it
 * holds one wrapper around its library and nothing of the core (it is
 * linked with -z defs against that library alone), and exports one symbol,
 * "aidioma_NAME_module": a table of functions that starts with this head.
 * The interface, the table's type and its ABI number live in a header of
 * the feature's own directory (src/ai/http-int.h for "http").
 */
struct module_head {
	const char *name;    /* NAME */
	const char *version; /* PACKAGE_VERSION of the build that made it */
	int abi;             /* the interface's number, raised at each change of the table */
};

/*
 * How a module defines its table (config.h included first), for example
 *	MODULE_EXPORT const struct http_module aidioma_http_module = {
 *		MODULE_HEAD("http", HTTP_MODULE_ABI), ...
 *	};
 * Modules are compiled with -fvisibility=hidden: this is their one symbol.
 */
#define MODULE_EXPORT __attribute__((visibility("default")))
#define MODULE_HEAD(name, abi) { (name), PACKAGE_VERSION, (abi) }

/* Where modules live: $AIDIOMA_MODULE_DIR when set, else modules/ beside
 * the program (a build tree), else the installed PKGLIBDIR. */
#define MODULE_DIR_ENV "AIDIOMA_MODULE_DIR"

/*
 * The table of the module name, loaded on the first call (later calls
 * return the same table; a module is never unloaded).  It must come from
 * this version of aidioma and have the interface abi.  NULL on failure
 * with ERR_NOTFOUND and a message that names the file and says how to
 * fix it (make install, or AIDIOMA_MODULE_DIR).  Thread-safe.
 */
const void *module_load(const char *name, int abi, struct err *e);

/* The file module_load() would open for name, into out; ERR_NOTFOUND when
 * there is none (out then names where it was expected). */
int module_path(const char *name, char *out, size_t size, struct err *e);
/* Any file of the module directory, found the same way: the programs that
 * link a library only some commands need (aidioma-sync: libpq) live there. */
int module_file(const char *file, char *out, size_t size, struct err *e);

#endif
