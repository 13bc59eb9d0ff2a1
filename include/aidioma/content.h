/* content.h: content packs: parsing, validation and import into the store. */
#ifndef AIDIOMA_CONTENT_H
#define AIDIOMA_CONTENT_H

#include "aidioma/err.h"
#include "aidioma/store.h"

#define PACK_FORMAT_VERSION 1
#define PACK_MAX_BYTES (16u << 20)

/* A validated pack, its items ready for the store. */
struct pack {
	char *source; /* the file name used in messages */
	char id[65];
	char kind[16]; /* sentence, text, flashcard, scenario */
	char *title;
	int version;
	char sha256[65];
	struct content *items;
	int n_items;
};

/*
 * Parse and validate a pack held in text (len bytes).  On failure e names
 * "source:line:column: field: what is wrong" for the first error and how
 * many more there are.  Free with pack_release() (also after failure).
 */
int pack_parse(const char *source, const char *text, size_t len, struct pack *p, struct err *e);
/* Read path and pack_parse() it. */
int pack_load(const char *path, struct pack *p, struct err *e);
void pack_release(struct pack *p);

struct import_report {
	int packs;
	long items_new, items_updated, items_unchanged;
};

/*
 * Validate every file, then import them all in one transaction: nothing is
 * written unless every pack is valid.  Importing again updates in place.
 */
int content_import(struct store *st, const char *const *paths, int n, struct import_report *r,
		   struct err *e);

/* The pack files (*.json) of dir, sorted; free with content_free_list(). */
int content_list_packs(const char *dir, char ***paths, int *n, struct err *e);
void content_free_list(char **paths, int n);

#endif
