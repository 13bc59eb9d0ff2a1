/* class-int.h: what the files of 'aidioma class' share: the Unix side of a class. */
#ifndef AIDIOMA_CLASS_INT_H
#define AIDIOMA_CLASS_INT_H

#include <sys/types.h>
#include "aidioma/classroom.h"
#include "cmd/cmd.h"

#define CLASS_DIR_MODE 02770 /* setgid: files made inside belong to the class's group */
#define CLASS_FILE_MODE 0660

/* The login name of the real user id (never $USER, which anyone can set). */
int unix_login(char *out, size_t size, struct err *e);
/* The id of group; with create, make it (groupadd) when missing, and say so
 * in *made. */
int unix_group_find(const char *group, int create, gid_t *gid, int *made, struct err *e);
/* Remove a group made by unix_group_find (a class that failed half-way). */
void unix_group_remove(const char *group);
/* 1 when login's primary or supplementary groups include gid. */
int unix_user_in_group(const char *login, gid_t gid);
/* Add login to group with gpasswd (root, or the group's administrator). */
int unix_group_add_user(const char *login, const char *group, struct err *e);
/* 1 when login is an account of this machine. */
int unix_user_exists(const char *login);
/* The first field of login's GECOS (the full name), or "" */
void unix_full_name(const char *login, char *out, size_t size);

/* The database's directory for the class: created 2770 with the group, or
 * an empty one (or one already the group's) made so; *made says which. */
int class_dir_prepare(const char *db_path, gid_t gid, int *made, struct err *e);
/* The database and its -wal and -shm files: the group's, mode 0660. */
int class_files_fix(const char *db_path, gid_t gid, struct err *e);
/* Directories above the class's that its members cannot pass through: a
 * warning for each on stderr. */
void class_warn_reach(const char *db_path, gid_t gid);

/* The class of the database, or EXIT_* with the error printed. */
int class_of(struct store *st, struct class_info *c);
/* The class subcommands need a teacher of the class (or the superuser, who
 * sets the class up); fills who (empty for the superuser).  Prints why not. */
int class_require_teacher(struct store *st, const struct class_info *c, const char *what,
			  struct user *who);

/* The subcommands of 'aidioma class' (class.c, class-report.c) */
int class_create(struct cli *cli, int argc, char **argv);
int class_add(struct cli *cli, int argc, char **argv);
int class_assign(struct cli *cli, int argc, char **argv);
int class_report(struct cli *cli, int argc, char **argv);

#endif
