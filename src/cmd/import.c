/* import.c: aidioma import: validate and import content packs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aidioma/anki.h"
#include "aidioma/content.h"
#include "cmd/cmd.h"
#include "banned.h"

static int run(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct import_report r;
	struct store *st;
	char **files = NULL, **decks = NULL;
	int *kinds = NULL;
	int i, n = 0, alloc = 0, n_decks = 0, dry = 0, rc = EXIT_OK, got;
	struct deck_cli dopt = { NULL, NULL, 0 };

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
		if ((got = opt_value(argc, argv, &i, "--spanish", &dopt.spanish)) ||
		    (got = opt_value(argc, argv, &i, "--english", &dopt.english))) {
			if (got < 0) {
				rc = cli_usage(&cmd_import, "import: %s needs a field name or number",
					       argv[i]);
				goto out;
			}
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
			int kind;

			/* by content: a JSON pack, an Anki package, or a CSV/TSV deck */
			if (deck_sniff(argv[i], &kind, &e)) {
				rc = cli_fail("import", &e);
				fprintf(stderr, "aidioma: nothing was imported\n");
				goto out;
			}
			if (kind != DECK_PACK) {
				decks = xrealloc(decks, (size_t)(n_decks + 1) * sizeof(*decks));
				kinds = xrealloc(kinds, (size_t)(n_decks + 1) * sizeof(*kinds));
				decks[n_decks] = argv[i];
				kinds[n_decks++] = kind;
				continue;
			}
			if (n == alloc)
				files = xrealloc(files, (size_t)(alloc = alloc * 2 + 8) * sizeof(*files));
			files[n++] = xstrdup(argv[i]);
		}
	}
	if (!n && !n_decks) {
		rc = cli_usage(&cmd_import, "import: no pack files given");
		goto out;
	}
	dopt.dry_run = dry;
	if (!n) {
		rc = cli_import_decks(cli, decks, kinds, n_decks, &dopt);
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
		if (n_decks)
			rc = cli_import_decks(cli, decks, kinds, n_decks, &dopt);
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
	if (rc == EXIT_OK && n_decks)
		rc = cli_import_decks(cli, decks, kinds, n_decks, &dopt);
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(decks);
	free(kinds);
	return rc;
}

const struct cmd cmd_import = {
	"import", run, "import content packs, Anki decks (.apkg, .colpkg) and CSV/TSV",
	"usage: aidioma [--db PATH] import [--dry-run] [--spanish FIELD]\n"
	"                      [--english FIELD] FILE|DIR...\n"
	"\n"
	"Import content packs (JSON, described in assets/README.md) in one\n"
	"transaction: a pack with an error changes nothing, and importing a pack\n"
	"again updates its items in place. A directory imports every *.json in it.\n"
	"\n"
	"A file is read by what it holds. An Anki package (.apkg or .colpkg, from\n"
	"any Anki version) becomes your flashcards: each note a card (reversed\n"
	"note types both ways, cloze notes cloze cards), with its tags and its\n"
	"deck as the topic; its review log becomes your history, and each card\n"
	"is due where Anki left it. Media go to media/ beside the database. A\n"
	"CSV or TSV file may use Anki's header lines (#separator:, #columns:,\n"
	"#tags column:, #deck:, #guid column:, #html:); else the separator is\n"
	"guessed. Which field is Spanish and which English is guessed from the\n"
	"names and the words; say it when the guess is wrong. Importing a deck\n"
	"again updates its cards in place; each deck is one transaction.\n"
	"\n"
	"  --dry-run          only read, and say what each file holds (and how a\n"
	"                     deck's fields were understood)\n"
	"  --spanish FIELD    the Spanish field (column): a name or a number from 1\n"
	"  --english FIELD    the English field (column)\n"
};
