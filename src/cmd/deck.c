/* deck.c: aidioma import of Anki packages and CSV/TSV decks, and export as an Anki package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/anki.h"
#include "aidioma/queue.h"
#include "cmd/cmd.h"
#include "banned.h"

#define PREVIEW_CARDS 5

/* Media live beside the database, in media/. */
static void media_dir(const struct cli *cli, char *out, size_t size)
{
	const char *slash = strrchr(cli->db_path, '/');

	if (!slash)
		xstrlcpy(out, "media", size);
	else
		xsnprintf(out, size, "%.*s/media", (int)(slash - cli->db_path), cli->db_path);
}

static void print_report(const char *path, const struct deck_report *r, int dry)
{
	if (dry) {
		printf("%s: %s: %ld note%s, %ld card%s, %ld review%s, %ld media file%s, %ld skipped "
		       "(dry run: nothing written)\n", path, r->format, r->notes,
		       r->notes == 1 ? "" : "s", r->cards, r->cards == 1 ? "" : "s", r->reviews,
		       r->reviews == 1 ? "" : "s", r->media, r->media == 1 ? "" : "s", r->skipped);
	} else {
		printf("%s: %s: %ld card%s: %ld new, %ld updated, %ld unchanged, %ld skipped",
		       path, r->format, r->cards, r->cards == 1 ? "" : "s", r->cards_new,
		       r->cards_updated, r->cards_unchanged, r->skipped);
		if (r->reviews)
			printf("; %ld review%s (%ld new), %ld card%s scheduled", r->reviews,
			       r->reviews == 1 ? "" : "s", r->reviews_new, r->scheduled,
			       r->scheduled == 1 ? "" : "s");
		if (r->media)
			printf("; %ld media file%s (%ld new)", r->media, r->media == 1 ? "" : "s",
			       r->media_new);
		putchar('\n');
	}
	if (r->fields.len) {
		const char *p = r->fields.buf;

		while (*p) {
			const char *nl = strchr(p, '\n');
			int len = nl ? (int)(nl - p) : (int)strlen(p);

			printf("  %.*s\n", len, p);
			p += len + (nl ? 1 : 0);
		}
	}
	if (dry && r->preview.len)
		printf("  first cards (id, Spanish | English):\n%s", r->preview.buf);
}

int cli_import_decks(struct cli *cli, char **paths, const int *kinds, int n,
		     const struct deck_cli *o)
{
	struct deck_options opt;
	struct store *st = NULL;
	struct scheduler sch;
	struct user u;
	char media[4200];
	int i, rc = EXIT_OK, have_user = 0;

	memset(&opt, 0, sizeof(opt));
	memset(&u, 0, sizeof(u));
	opt.spanish = o->spanish;
	opt.english = o->english;
	opt.dry_run = o->dry_run;
	opt.preview = o->dry_run ? PREVIEW_CARDS : 0;
	if (!o->dry_run) {
		struct err e = ERR_INIT;

		if ((rc = cli_open_store(cli, CLI_CREATE, &st)))
			return rc;
		if ((rc = cli_current_user(cli, st, &u)))
			goto out;
		have_user = 1;
		if (scheduler_init(&sch, &cli->settings, &u, &e)) {
			rc = cli_fail("import", &e);
			goto out;
		}
		media_dir(cli, media, sizeof(media));
		opt.media_dir = media;
	}
	for (i = 0; i < n; i++) {
		struct err e = ERR_INIT;
		struct deck_report r;
		int fail = kinds[i] == DECK_ANKI ?
				   deck_import_anki(st, have_user ? &u : NULL, o->dry_run ? NULL : &sch,
						    paths[i], &opt, &r, &e) :
				   deck_import_csv(st, have_user ? &u : NULL, paths[i], &opt, &r, &e);

		if (fail) {
			rc = cli_fail("import", &e);
			if (!o->dry_run)
				fprintf(stderr, "aidioma: nothing was imported from '%s'\n", paths[i]);
		} else {
			print_report(paths[i], &r, o->dry_run);
		}
		deck_report_release(&r);
	}
out:
	if (have_user)
		user_release(&u);
	store_close(st);
	return rc;
}

int cli_export_apkg(struct cli *cli, const char *output, int with_scheduling)
{
	struct err e = ERR_INIT;
	struct deck_export_report r;
	struct store *st;
	struct user u;
	char media[4200];
	int rc;

	if (!output)
		return cli_usage(&cmd_export, "export: --format apkg needs --output FILE");
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = cli_current_user(cli, st, &u))) {
		store_close(st);
		return rc;
	}
	media_dir(cli, media, sizeof(media));
	if (deck_export_apkg(st, &u, output, media, with_scheduling, &r, &e)) {
		rc = cli_fail("export", &e);
	} else {
		printf("wrote %s: %ld note%s, %ld card%s, %ld review%s, %ld media file%s\n", output,
		       r.notes, r.notes == 1 ? "" : "s", r.cards, r.cards == 1 ? "" : "s", r.reviews,
		       r.reviews == 1 ? "" : "s", r.media, r.media == 1 ? "" : "s");
	}
	user_release(&u);
	store_close(st);
	return rc;
}
