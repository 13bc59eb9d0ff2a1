/* anki.h: decks from elsewhere: Anki packages and CSV/TSV files in, Anki packages out. */
#ifndef AIDIOMA_ANKI_H
#define AIDIOMA_ANKI_H

#include <stddef.h>
#include <stdint.h>
#include "aidioma/err.h"
#include "aidioma/queue.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

#define ANKI_MAX_FIELDS 32
#define ANKI_MAX_TEMPLATES 32
#define ANKI_MAX_NOTE_BYTES (1u << 20)      /* one note's fields, joined */
#define ANKI_MAX_COLLECTION ((size_t)2 << 30) /* an extracted collection */
#define ANKI_MAX_MEDIA_BYTES (100u << 20)   /* one media file */
#define DECK_MAX_CSV_BYTES (64u << 20)

/* ---- an Anki collection (an SQLite file), read and written by the store */

struct anki_notetype {
	long long id;
	char name[128];
	int cloze;                          /* 1: a cloze note type */
	int n_fields;
	char fields[ANKI_MAX_FIELDS][64];   /* names, by ordinal */
	int n_templates;
	char *qfmt[ANKI_MAX_TEMPLATES];     /* each card's question template */
};
struct anki_deck {
	long long id;
	char name[192];                     /* "Parent::Child" */
};
struct anki_note {
	long long id, mid, mod;
	char *guid, *tags, *flds;           /* flds: the fields joined by 0x1f */
};
struct anki_card {
	long long id, nid, did, odid, due, odue;
	int ord, type, queue, ivl, factor, reps, lapses, left;
	char *data;                         /* JSON text ("" or "{}" mostly) */
};
struct anki_rev {
	long long id, cid;                  /* id: when, in Unix milliseconds */
	int ease, ivl, last_ivl, factor, time, type;
};

/* What an import needs of a collection, held in memory. */
struct anki_collection {
	int version;                        /* col.ver: 11 .. 18 */
	long long crt;                      /* creation, Unix seconds: day 0 of due dates */
	struct anki_notetype *notetypes;
	int n_notetypes;
	struct anki_deck *decks;
	int n_decks;
	struct anki_note *notes;            /* by id */
	int n_notes;
	struct anki_card *cards;            /* by note, then ordinal */
	int n_cards;
	struct anki_rev *revs;              /* by card, then time */
	int n_revs;
};

/*
 * Read the collection at path (opened read-only) whole.  label names it in
 * messages ("deck.apkg: collection.anki21b").  A file that is not SQLite,
 * or SQLite without Anki's tables, is refused (ERR_USAGE).  Release with
 * anki_collection_release(), also after failure.
 */
int anki_collection_read(const char *path, const char *label, struct anki_collection *c,
			 struct err *e);
void anki_collection_release(struct anki_collection *c);
const struct anki_notetype *anki_notetype_find(const struct anki_collection *c, long long id);
const char *anki_deck_name(const struct anki_collection *c, long long id);

/* Writing a collection of schema 11 (collection.anki2 / .anki21). */
struct anki_writer;
/* Create path (it must not exist) with the tables and the col row; models,
 * decks, dconf and conf are the JSON Anki keeps in col. */
int anki_writer_open(const char *path, long long crt, long long mod_ms, const char *models,
		     const char *decks, const char *dconf, const char *conf,
		     struct anki_writer **out, struct err *e);
/* note->guid, tags and flds are written as given; sfld and csum are the
 * note's sort field (text) and checksum. */
int anki_writer_note(struct anki_writer *w, const struct anki_note *n, const char *sfld,
		     long long csum, struct err *e);
int anki_writer_card(struct anki_writer *w, const struct anki_card *c, struct err *e);
int anki_writer_rev(struct anki_writer *w, const struct anki_rev *r, struct err *e);
/* Replace the note types (col.models) once the notes show which are used. */
int anki_writer_models(struct anki_writer *w, const char *models, struct err *e);
/* Commit and close; the writer is freed either way. */
int anki_writer_close(struct anki_writer *w, struct err *e);
/* Give up: roll back and close. */
void anki_writer_abort(struct anki_writer *w);

/* ---- Anki packages (.apkg, .colpkg): a zip with a collection and media */

enum anki_layout {
	ANKI_LEGACY1 = 1, /* collection.anki2 */
	ANKI_LEGACY2 = 2, /* collection.anki21, beside a dummy collection.anki2 */
	ANKI_LATEST = 3,  /* collection.anki21b (zstd), meta, a zstd protobuf media map */
};
const char *anki_layout_name(int layout);

struct anki_media {
	char *name;      /* the name the notes use; untrusted */
	char entry[16];  /* the zip entry that holds it ("0", "1", ...) */
};

struct anki_package {
	char *path;
	int layout;
	char tmpdir[256];     /* holds the extracted collection; removed on release */
	char col_path[300];
	struct anki_media *media;
	int n_media;
	void *zip;            /* the open archive (libzip) */
};

/* 1 when this build reads zip archives, zstd data. */
int anki_have_zip(void);
int anki_have_zstd(void);
/*
 * Open an Anki package: find its layout, extract the collection into a
 * private temporary directory and read the media map.  Errors name the file
 * and what is wrong with it (not a zip, truncated, no collection, an unknown
 * layout, a layout this build cannot read).  Release with
 * anki_package_release(), also after failure.
 */
int anki_package_open(const char *path, struct anki_package *p, struct err *e);
/* The bytes of media i (at most ANKI_MAX_MEDIA_BYTES), decompressed; the
 * caller frees *data. */
int anki_package_media(struct anki_package *p, int i, char **data, size_t *len, struct err *e);
void anki_package_release(struct anki_package *p);

/* A file to put in a package being written. */
struct anki_pack_file {
	const char *name;   /* the entry's name */
	const char *path;   /* a file to copy, or */
	const char *data;   /* bytes in memory */
	size_t len;
};
/* Write a zip of files to path (a temporary beside it, then a rename). */
int anki_zip_write(const char *path, const struct anki_pack_file *files, int n, struct err *e);

/* ---- text: fields to plain text, clozes, guesses (pure) */

/* Plain text from a field's HTML: entities decoded, <br> and block ends as
 * line breaks, other markup dropped, spaces collapsed, controls removed.
 * At most max bytes of input are read.  The caller frees the result. */
char *anki_html_to_text(const char *html, size_t max);
/* The inverse for export: & < > escaped, line breaks as <br>. */
char *anki_text_to_html(const char *text);
/* A cloze field's card n: the sentence with each {{cN::...}} as a gap
 * ("[...]" or "[hint]"), the other deletions filled in; the answers of
 * card n joined by ", "; the full sentence.  0 when n has no deletion. */
int anki_cloze_card(const char *text, int n, char **gapped, char **answer, char **full);
/* The highest cloze number in text (0: none). */
int anki_cloze_max(const char *text);
/* The field names a template shows ({{Name}}, {{text:Name}}, ...), in
 * order; special names and conditionals left out.  Returns how many. */
int anki_template_fields(const char *qfmt, char names[][64], int max);
/* The field a cloze template deletes from ({{cloze:Name}}); 0 if found. */
int anki_template_cloze_field(const char *qfmt, char name[64]);
/* How Spanish a text looks (positive) or English (negative). */
double anki_spanishness(const char *text);
/* 1: the name says Spanish, -1: English, 0: neither. */
int anki_name_language(const char *name);
/* The [sound:NAME] references of text, each name (at most 255 bytes) as
 * a new string; *n of them.  The caller frees with content_free_list. */
int anki_sounds(const char *text, char ***names, int *n);
/* A file name that is safe in the media directory for a media file with
 * this (untrusted) name and these bytes: "<sha256 prefix>-<name's letters>". */
void anki_media_filename(const char *name, const char *data, size_t len, char out[128]);
/* A protobuf field at *pos of buf[0..len): its number and wire type, and a
 * varint value or a length-delimited slice.  1 read, 0 at the end, -1 bad. */
int anki_pb_next(const unsigned char *buf, size_t len, size_t *pos, int *field, int *wire,
		 uint64_t *value, const unsigned char **slice, size_t *slice_len);

/* ---- importing decks and exporting them */

enum deck_kind { DECK_PACK = 1, DECK_ANKI = 2, DECK_CSV = 3 };
/* What a file holds, by its first bytes: a JSON pack, an Anki package (a
 * zip), or else delimited text.  An empty or unreadable file is an error. */
int deck_sniff(const char *path, int *kind, struct err *e);

struct deck_options {
	const char *spanish, *english; /* a field (column) name or 1-based number; NULL: guess */
	const char *media_dir;         /* where media files go; NULL: not stored */
	int dry_run;                   /* read and map, write nothing */
	int preview;                   /* how many cards to describe in the report */
};

struct deck_report {
	char format[64];      /* "Anki package (collection.anki21b)", "CSV (separator ',')" */
	long notes, cards, cards_new, cards_updated, cards_unchanged, skipped;
	long reviews, reviews_new, scheduled, media, media_new;
	struct sbuf fields;   /* one line per note type: which field is which */
	struct sbuf preview;  /* the first cards, one per line */
};
void deck_report_release(struct deck_report *r);

/*
 * Import an Anki package or a CSV/TSV file for user u in one transaction:
 * each note (row) a flashcard with a stable id, updated in place by a
 * re-import; with an Anki review log, memorize activities and each card's
 * FSRS state rebuilt by sch.  On failure nothing is written.
 */
int deck_import_anki(struct store *st, const struct user *u, const struct scheduler *sch,
		     const char *path, const struct deck_options *o, struct deck_report *r,
		     struct err *e);
int deck_import_csv(struct store *st, const struct user *u, const char *path,
		    const struct deck_options *o, struct deck_report *r, struct err *e);

struct deck_export_report {
	long notes, cards, reviews, media;
};
/*
 * Write the user's flashcards (those in their queue) to path as an Anki
 * package (collection.anki21 with a dummy collection.anki2); with_scheduling
 * keeps each card's due date and state and the review log.  media_dir is
 * where the imported media were stored (NULL: none).
 */
int deck_export_apkg(struct store *st, const struct user *u, const char *path,
		     const char *media_dir, int with_scheduling, struct deck_export_report *r,
		     struct err *e);

/* The shared parts of importing a card (ankiimport.c), for the CSV reader. */
struct deck_card {
	char id[65];
	char topic[64];
	char *spanish, *english, *metadata; /* owned */
};
/* Write one card and, when it has none, a new progress row for u, at
 * index idx of n new cards (so they come in file order). */
int deck_put_card(struct store *st, const struct user *u, const struct deck_card *c, ms_t now,
		  long idx, long n, struct deck_report *r, struct err *e);
/* The field (column) chosen by an option: a name among names, or a
 * 1-based number; -1 when it matches none. */
int deck_pick_field(const char *opt, char names[][64], int n);
/* Guess which of n columns is Spanish and which English from their names
 * and their texts (samples[col] joined); es or en may be given (>= 0). */
void deck_guess_sides(char names[][64], const double *score, int n, int *es, int *en);
/* "anki-<hash>" from a note's guid and a suffix ("", "-r", "-c2"). */
void deck_card_id(const char *guid, const char *suffix, char out[65]);
/* Copy s to a topic (at most 63 bytes, cut on a character boundary). */
void deck_topic(const char *s, char out[64]);

#endif
