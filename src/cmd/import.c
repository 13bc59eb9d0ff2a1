/* import.c: aidioma import: validate and import content packs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aidioma/content.h"
#include "cmd/cmd.h"
#include "banned.h"

static int run(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct import_report r;
	struct store *st;
	char **files = NULL;
	int i, n = 0, alloc = 0, dry = 0, rc = EXIT_OK;

	for (i = 1; i < argc; i++) {
		struct stat sb;

		if (is_help(argv[i])) {
			fputs(cmd_import.usage, stdout);
			goto out;
		}
		if (!strcmp(argv[i], "--dry-run")) {
			dry = 1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			rc = cli_usage(&cmd_import, "import: unknown option '%s'", argv[i]);
			goto out;
		}
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			char **sub;
			int k, m;

			if (content_list_packs(argv[i], &sub, &m, &e)) {
				rc = cli_fail("import", &e);
				goto out;
			}
			for (k = 0; k < m; k++) {
				if (n == alloc)
					files = xrealloc(files, (size_t)(alloc = alloc * 2 + 8) * sizeof(*files));
				files[n++] = sub[k];
			}
			free(sub);
		} else {
			if (n == alloc)
				files = xrealloc(files, (size_t)(alloc = alloc * 2 + 8) * sizeof(*files));
			files[n++] = xstrdup(argv[i]);
		}
	}
	if (!n) {
		rc = cli_usage(&cmd_import, "import: no pack files given");
		goto out;
	}
	if (dry) {
		for (i = 0; i < n; i++) {
			struct pack p;

			if (pack_load(files[i], &p, &e)) {
				pack_release(&p);
				rc = cli_fail("import", &e);
				goto out;
			}
			printf("%s: pack '%s' (%s), %d item%s: valid\n", files[i], p.id, p.kind,
			       p.n_items, p.n_items == 1 ? "" : "s");
			pack_release(&p);
		}
		goto out;
	}
	if ((rc = cli_open_store(cli, CLI_CREATE, &st)))
		goto out;
	if (content_import(st, (const char *const *)files, n, &r, &e)) {
		rc = cli_fail("import", &e);
		fprintf(stderr, "aidioma: nothing was imported\n");
	} else {
		printf("imported %d pack%s: %ld new, %ld updated, %ld unchanged\n", r.packs,
		       r.packs == 1 ? "" : "s", r.items_new, r.items_updated, r.items_unchanged);
	}
	store_close(st);
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}

const struct cmd cmd_import = {
	"import", run, "validate and import content packs",
	"usage: aidioma [--db PATH] import [--dry-run] FILE|DIR...\n"
	"\n"
	"Import content packs (JSON, described in assets/README.md) in one\n"
	"transaction: a pack with an error changes nothing, and importing a pack\n"
	"again updates its items in place. A directory imports every *.json in it.\n"
	"\n"
	"  --dry-run   only validate, and say what each file holds\n"
};
