/* class-unix.c: a class's Unix side: its group, the modes of its files, and who the user is. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aidioma/util.h"
#include "cmd/class-int.h"
#include "banned.h"

extern char **environ;

int unix_login(char *out, size_t size, struct err *e)
{
	struct passwd *pw = getpwuid(getuid());

	if (!pw || !pw->pw_name || !*pw->pw_name)
		return err_set(e, ERR_FAIL, "user id %ld has no account name", (long)getuid());
	if (xstrlcpy(out, pw->pw_name, size))
		return err_set(e, ERR_FAIL, "the login name '%s' is too long", pw->pw_name);
	return 0;
}

/* Run a system tool (no shell) and wait; its first line of complaint goes
 * into e when it fails. */
static int run_tool(const char *const argv[], struct err *e)
{
	posix_spawn_file_actions_t fa;
	char buf[512];
	int pipefd[2], status, rc;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return err_set(e, ERR_FAIL, "%s: %s", argv[0], strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	/* posix_spawnp's argv is char *const[] for history's sake; it is not written */
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc) {
		close(pipefd[0]);
		return err_set(e, ERR_FAIL, "cannot run %s: %s", argv[0], strerror(rc));
	}
	while ((n = read(pipefd[0], buf + got, sizeof(buf) - 1 - got)) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			got += (size_t)n;
	close(pipefd[0]);
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(e, ERR_FAIL, "%s: %s", argv[0], strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (buf[0])
		return err_set(e, ERR_FAIL, "%s", buf);
	return err_set(e, ERR_FAIL, "%s failed (status %d)", argv[0],
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int unix_group_find(const char *group, int create, gid_t *gid, int *made, struct err *e)
{
	struct group *gr = getgrnam(group);
	const char *argv[] = { "groupadd", NULL, NULL };

	if (made)
		*made = 0;
	if (!gr && create) {
		argv[1] = group;
		if (run_tool(argv, e))
			return err_prefix(e, "creating the group '%s' (run 'aidioma class create' as "
					  "root, or give --group with a group of yours)", group);
		gr = getgrnam(group);
		if (made)
			*made = 1;
	}
	if (!gr)
		return err_set(e, ERR_NOTFOUND, "no group '%s'", group);
	*gid = gr->gr_gid;
	return 0;
}

void unix_group_remove(const char *group)
{
	const char *argv[] = { "groupdel", group, NULL };

	run_tool(argv, NULL);
}

int unix_user_in_group(const char *login, gid_t gid)
{
	struct passwd *pw = getpwnam(login);
	struct group *gr;
	char **m;

	if (pw && pw->pw_gid == gid)
		return 1;
	gr = getgrgid(gid);
	for (m = gr ? gr->gr_mem : NULL; m && *m; m++)
		if (!strcmp(*m, login))
			return 1;
	return 0;
}

int unix_group_add_user(const char *login, const char *group, struct err *e)
{
	const char *argv[] = { "gpasswd", "-a", login, group, NULL };

	if (run_tool(argv, e))
		return err_prefix(e, "adding '%s' to the group '%s' (run 'aidioma class add' as "
				  "root, or make the teacher the group's administrator with "
				  "'gpasswd -A TEACHER %s')", login, group, group);
	return 0;
}

int unix_user_exists(const char *login)
{
	return getpwnam(login) != NULL;
}

void unix_full_name(const char *login, char *out, size_t size)
{
	struct passwd *pw = getpwnam(login);

	out[0] = '\0';
	if (pw && pw->pw_gecos && *pw->pw_gecos) {
		xstrlcpy(out, pw->pw_gecos, size);
		out[strcspn(out, ",")] = '\0';
	}
}

static int dir_of(const char *path, char *out, size_t size, struct err *e)
{
	char *slash;

	if (xstrlcpy(out, path, size))
		return err_set(e, ERR_USAGE, "path too long: '%s'", path);
	slash = strrchr(out, '/');
	if (!slash)
		xstrlcpy(out, ".", size);
	else if (slash == out)
		out[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

static int dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

int class_dir_prepare(const char *db_path, gid_t gid, int *made, struct err *e)
{
	char dir[4096];
	struct stat sb;

	*made = 0;
	if (dir_of(db_path, dir, sizeof(dir), e))
		return e->code;
	if (stat(dir, &sb)) {
		if (errno != ENOENT)
			return err_set(e, ERR_FAIL, "'%s': %s", dir, strerror(errno));
		if (mkdir(dir, 0700))
			return err_set(e, ERR_FAIL, "creating the directory '%s': %s", dir,
				       strerror(errno));
		*made = 1;
	} else if (!S_ISDIR(sb.st_mode)) {
		return err_set(e, ERR_USAGE, "'%s' is not a directory", dir);
	} else if (sb.st_gid != gid && !dir_empty(dir)) {
		return err_set(e, ERR_USAGE, "the directory '%s' holds other files: give the class "
			       "a directory of its own (it is made if missing)", dir);
	}
	if (chown(dir, (uid_t)-1, gid) || chmod(dir, CLASS_DIR_MODE))
		return err_set(e, ERR_FAIL, "giving the directory '%s' to the class's group: %s",
			       dir, strerror(errno));
	return 0;
}

int class_files_fix(const char *db_path, gid_t gid, struct err *e)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char path[4200];
	struct stat sb;
	int i;

	for (i = 0; i < 3; i++) {
		xsnprintf(path, sizeof(path), "%s%s", db_path, suffix[i]);
		if (lstat(path, &sb)) {
			if (errno == ENOENT && i)
				continue;
			return err_set(e, ERR_FAIL, "'%s': %s", path, strerror(errno));
		}
		if (!S_ISREG(sb.st_mode))
			return err_set(e, ERR_FAIL, "'%s' is not a regular file", path);
		if (chown(path, (uid_t)-1, gid) || chmod(path, CLASS_FILE_MODE))
			return err_set(e, ERR_FAIL, "giving '%s' to the class's group: %s", path,
				       strerror(errno));
	}
	return 0;
}

void class_warn_reach(const char *db_path, gid_t gid)
{
	char dir[4096];
	struct stat sb;
	char *slash;

	if (db_path[0] != '/' || dir_of(db_path, dir, sizeof(dir), NULL))
		return;
	/* from the class's directory's parent up to / */
	while ((slash = strrchr(dir, '/')) != NULL) {
		if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		if (stat(dir, &sb) == 0 && !(sb.st_mode & S_IXOTH) &&
		    !(sb.st_gid == gid && (sb.st_mode & S_IXGRP)))
			fprintf(stderr, "aidioma: warning: the class's members cannot pass through "
				"'%s' (mode %04o): give it o+x, or put the class elsewhere\n", dir,
				(unsigned)(sb.st_mode & 07777));
		if (slash == dir)
			break;
	}
}

int class_of(struct store *st, struct class_info *c)
{
	struct err e = ERR_INIT;

	if (store_class_get(st, c, &e)) {
		if (e.code == ERR_NOTFOUND)
			fprintf(stderr, "aidioma: %s: create a class with 'aidioma class create NAME "
				"--db PATH'\n", e.msg);
		else
			cli_fail("reading the class", &e);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int class_require_teacher(struct store *st, const struct class_info *c, const char *what,
			  struct user *who)
{
	struct err e = ERR_INIT;
	char login[65], role[16];

	memset(who, 0, sizeof(*who));
	if (getuid() == 0)
		return EXIT_OK;
	if (unix_login(login, sizeof(login), &e))
		return cli_fail(what, &e);
	if (store_user_get(st, login, who, &e) ||
	    store_class_member_role(st, c->id, who->id, role, &e) || strcmp(role, "teacher")) {
		user_release(who);
		fprintf(stderr, "aidioma: %s: only a teacher of the class '%s' may do this, and "
			"'%s' is not one\n", what, c->name, login);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* --class PATH: open an existing class database, never create one. */
int cli_open_class(struct cli *cli, struct store **st)
{
	struct err e = ERR_INIT;
	struct class_info c;

	*st = NULL;
	if (xstrlcpy(cli->db_path, cli->class_opt, sizeof(cli->db_path)))
		return cli_usage(NULL, "--class: path too long");
	if (access(cli->db_path, R_OK | W_OK) && errno != ENOENT) {
		fprintf(stderr, "aidioma: opening the class '%s': %s: you are not in the class's "
			"group; ask the teacher to add you ('aidioma class add LOGIN')\n",
			cli->db_path, strerror(errno));
		return EXIT_FAIL;
	}
	if (store_open(cli->db_path, 0, st, &e)) {
		if (e.code == ERR_NOTFOUND)
			fprintf(stderr, "aidioma: opening the class: '%s' does not exist: create it "
				"with 'aidioma class create NAME --db %s'\n", cli->db_path,
				cli->db_path);
		else
			cli_fail("opening the class", &e);
		return EXIT_FAIL;
	}
	if (class_of(*st, &c)) {
		store_close(*st);
		*st = NULL;
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* In a class database the user is the login user, a member of the class. */
int cli_class_user(struct cli *cli, struct store *st, const struct class_info *c,
		   struct user *u)
{
	struct err e = ERR_INIT;
	char login[65], role[16];
	int rc;

	memset(u, 0, sizeof(*u));
	if (cli->user_opt && *cli->user_opt)
		return cli_usage(NULL, "--user cannot be used in the class '%s': there you are "
				 "your login user", c->name);
	if (unix_login(login, sizeof(login), &e))
		return cli_fail("finding who you are", &e);
	rc = store_user_get(st, login, u, &e);
	if (rc == 0)
		rc = store_class_member_role(st, c->id, u->id, role, &e);
	if (rc == ERR_NOTFOUND) {
		user_release(u);
		fprintf(stderr, "aidioma: opening the class '%s': '%s' is not a member: ask the "
			"teacher to run 'aidioma --class %s class add %s'\n", c->name, login,
			store_path(st), login);
		return EXIT_FAIL;
	}
	if (rc) {
		user_release(u);
		return cli_fail("finding the current user", &e);
	}
	xstrlcpy(u->role, role, sizeof(u->role));
	if (store_class_seen(st, c->id, u->id, clock_now_ms(), &e)) {
		user_release(u);
		return cli_fail("opening the class", &e);
	}
	return EXIT_OK;
}
