/* legacy.h: moving a database of the original seven-table design into the unified schema. */
#ifndef AIDIOMA_LEGACY_H
#define AIDIOMA_LEGACY_H

#include "aidioma/err.h"

/*
 * The migration works in place, in one transaction: the seven tables are
 * kept as backups (SQLite: renamed legacy_backup_NAME; PostgreSQL: moved to
 * the schema legacy_backup), the unified schema is created beside them, the
 * rows are moved, and the row count of every table is checked against its
 * source before anything is committed.  A mismatch, or any error, leaves
 * the database exactly as it was.  The rollback restores the seven tables as
 * they were and removes the unified schema.
 *
 *   users               -> users
 *   sentences           -> learning_content (content_type 'sentence')
 *   practice_sessions   -> the activities' metadata.session
 *   evaluations         -> learning_activities (activity_type 'practice')
 *   user_progress       -> user_progress
 *   evaluation_cache    -> ai_cache
 *   learning_analytics  -> learning_metrics
 *
 * New ids are UUIDs made from a random 32-bit namespace chosen once per
 * migration, the legacy table and its id (NNNNNNNN-0000-8TTT-8000-IIIIIIIIIIII),
 * so databases of many schools merge without collisions; content ids are
 * 'legacy-NNNNNNNN-sID'.
 */

#define LEGACY_TABLES 7
extern const char *const legacy_table_names[LEGACY_TABLES];

struct legacy_count {
	const char *table; /* the legacy table */
	const char *into;  /* where its rows went */
	long source;       /* rows in the legacy table */
	long migrated;     /* rows found in the unified schema afterwards */
};

struct legacy_report {
	struct legacy_count t[LEGACY_TABLES];
	char ns[9];         /* the id namespace */
	int dry_run;
	long empty_sessions; /* practice sessions without an answer: kept in the backup only */
};

/* An empty report of a migration, each table named with where it goes, and
 * a new id namespace in ns. */
void legacy_report_init(struct legacy_report *r, int dry_run);
/* Migrate the SQLite database at path in place; with dry_run everything is
 * done and checked, then rolled back.  A count mismatch is ERR_FAIL with the
 * table named; r holds the counts either way. */
int store_legacy_migrate(const char *path, int dry_run, struct legacy_report *r, struct err *e);
/* Undo it: the seven tables back as they were.  Refused (ERR_USAGE) when
 * activities were recorded after the migration, unless force. */
int store_legacy_rollback(const char *path, int force, struct err *e);

#endif
