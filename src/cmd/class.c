/* class.c: aidioma class: create a class database, add members, set assignments. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aidioma/util.h"
#include "cmd/class-int.h"
#include "banned.h"

#define NAME_MAX_LEN 23 /* "aidioma-" + name fits a 32-character group name */

static int want_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (is_help(argv[i]))
			return 1;
	return 0;
}

static int valid_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 1 || n > NAME_MAX_LEN || !islower((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_')
			return 0;
	return 1;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[4200];
	int i;

	for (i = 0; i < 3; i++) {
		xsnprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

/* The database file, made empty with the group and mode before SQLite opens
 * it: its -wal and -shm files take the same owner and mode. */
static int make_db_file(const char *path, gid_t gid, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, CLASS_FILE_MODE);

	if (fd < 0)
		return err_set(e, errno == EEXIST ? ERR_USAGE : ERR_FAIL, "'%s': %s", path,
			       errno == EEXIST ? "already exists: give a new path" : strerror(errno));
	if (fchown(fd, (uid_t)-1, gid) || fchmod(fd, CLASS_FILE_MODE)) {
		err_set(e, ERR_FAIL, "giving '%s' to the class's group: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return e->code;
	}
	close(fd);
	return 0;
}

int class_create(struct cli *cli, int argc, char **argv)
{
	const char *name = NULL, *group_opt = NULL;
	char group[65], login[65];
	struct err e = ERR_INIT;
	struct class_info c;
	struct store *st = NULL;
	struct user u;
	int i, k, made_dir = 0, made_group = 0, rc = EXIT_FAIL;
	gid_t gid;

	for (i = 1; i < argc; i++) {
		if ((k = opt_value(argc, argv, &i, "--group", &group_opt))) {
			if (k < 0)
				return cli_usage(&cmd_class, "class create: --group needs a value");
		} else if (argv[i][0] == '-' || name) {
			return cli_usage(&cmd_class, "class create: unexpected '%s'", argv[i]);
		} else {
			name = argv[i];
		}
	}
	if (!name)
		return cli_usage(&cmd_class, "class create: give the class a NAME");
	if (!valid_name(name))
		return cli_usage(&cmd_class, "class create: the name '%s' must be 1 to %d lower-case "
				 "letters, digits, - or _, starting with a letter", name, NAME_MAX_LEN);
	if (!cli->db_opt || !*cli->db_opt)
		return cli_usage(&cmd_class, "class create: give the database's path with --db PATH "
				 "(for example /srv/aidioma/%s/class.db)", name);
	if (xstrlcpy(cli->db_path, cli->db_opt, sizeof(cli->db_path)))
		return cli_usage(&cmd_class, "class create: the path is too long");
	xsnprintf(group, sizeof(group), "aidioma-%s", name);
	if (group_opt && xstrlcpy(group, group_opt, sizeof(group)))
		return cli_usage(&cmd_class, "class create: the group name is too long");

	if (unix_group_find(group, !group_opt, &gid, &made_group, &e))
		return cli_fail("creating the class", &e);
	if (class_dir_prepare(cli->db_path, gid, &made_dir, &e) ||
	    make_db_file(cli->db_path, gid, &e)) {
		cli_fail("creating the class", &e);
		goto fail_dir;
	}
	if (store_open(cli->db_path, STORE_CREATE, &st, &e)) {
		cli_fail("creating the class", &e);
		goto fail;
	}
	if (cli_import_bundled(cli, st, 0))
		goto fail;
	if (store_class_create(st, name, group, &c, &e)) {
		cli_fail("creating the class", &e);
		goto fail;
	}
	/* who makes a class teaches it; the superuser only sets it up */
	if (getuid() != 0) {
		if (unix_login(login, sizeof(login), &e) || store_user_ensure(st, login, &u, &e)) {
			cli_fail("adding you as the teacher", &e);
			goto fail;
		}
		rc = store_class_member_set(st, c.id, u.id, "teacher", &e);
		user_release(&u);
		if (rc) {
			rc = cli_fail("adding you as the teacher", &e);
			goto fail;
		}
	}
	if (class_files_fix(cli->db_path, gid, &e)) {
		cli_fail("creating the class", &e);
		goto fail;
	}
	store_close(st);
	class_warn_reach(cli->db_path, gid);
	printf("class '%s' in %s\n", name, cli->db_path);
	printf("group %s: the directory is mode 2770 and the files 0660, so only the group's "
	       "members can open it\n", group);
	if (getuid() != 0)
		printf("teacher: %s\n", login);
	printf("next: aidioma --class %s class add LOGIN... [--teacher]\n", cli->db_path);
	return EXIT_OK;
fail:
	store_close(st);
	remove_db(cli->db_path);
fail_dir:
	if (made_dir) {
		char dir[4096], *slash;

		xstrlcpy(dir, cli->db_path, sizeof(dir));
		slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			rmdir(dir);
		}
	}
	if (made_group)
		unix_group_remove(group);
	return EXIT_FAIL;
}

int class_add(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct class_info c;
	struct store *st;
	struct user who, u;
	char role[16], name[129];
	int i, n = 0, teacher = 0, rc;
	gid_t gid;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--teacher"))
			teacher = 1;
		else if (argv[i][0] == '-')
			return cli_usage(&cmd_class, "class add: unknown option '%s'", argv[i]);
		else
			n++;
	}
	if (!n)
		return cli_usage(&cmd_class, "class add: give one LOGIN or more");
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = class_of(st, &c)) || (rc = class_require_teacher(st, &c, "class add", &who)))
		goto out;
	user_release(&who);
	if (unix_group_find(c.unix_group, 0, &gid, NULL, &e)) {
		rc = cli_fail("class add", &e);
		goto out;
	}
	/* every login first, so a typo changes nothing */
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (strlen(argv[i]) > 64 || !unix_user_exists(argv[i])) {
			fprintf(stderr, "aidioma: class add: there is no user '%s' on this machine: "
				"create the account first (useradd -m %s)\n", argv[i], argv[i]);
			rc = EXIT_FAIL;
			goto out;
		}
	}
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-' || unix_user_in_group(argv[i], gid))
			continue;
		if (unix_group_add_user(argv[i], c.unix_group, &e)) {
			rc = cli_fail("class add", &e);
			goto out;
		}
	}
	if (store_begin(st, &e)) {
		rc = cli_fail("class add", &e);
		goto out;
	}
	for (i = 1; i < argc; i++) {
		const char *r;

		if (argv[i][0] == '-')
			continue;
		if (store_user_ensure(st, argv[i], &u, &e))
			goto fail;
		unix_full_name(argv[i], name, sizeof(name));
		if (name[0] && !strcmp(u.display_name, u.login)) {
			xstrlcpy(u.display_name, name, sizeof(u.display_name));
			if (store_user_update(st, &u, &e)) {
				user_release(&u);
				goto fail;
			}
		}
		/* --teacher promotes; without it a member keeps their role */
		rc = store_class_member_role(st, c.id, u.id, role, &e);
		if (rc && rc != ERR_NOTFOUND) {
			user_release(&u);
			goto fail;
		}
		r = teacher ? "teacher" : rc == 0 ? role : "learner";
		rc = store_class_member_set(st, c.id, u.id, r, &e);
		user_release(&u);
		if (rc)
			goto fail;
		printf("%s: %s of the class '%s'\n", argv[i], r, c.name);
	}
	if (store_commit(st, &e)) {
		rc = cli_fail("class add", &e);
		goto out;
	}
	printf("members of the group %s can open %s (a new member's group counts from their "
	       "next login)\n", c.unix_group, store_path(st));
	rc = EXIT_OK;
	goto out;
fail:
	store_rollback(st);
	rc = cli_fail("class add", &e);
out:
	store_close(st);
	return rc;
}

static const char *const assign_types[] = { "practice", "reading", "memorize", "conversation" };
static const char *const content_types[] = { "sentence", "text", "flashcard", "scenario" };

/* A date is the end of that local day; a full time is taken as it is. */
static int parse_due(const char *s, ms_t *out)
{
	ms_t t;

	if (time_parse_iso(s, &t))
		return -1;
	if (strlen(s) == 10) /* YYYY-MM-DD: midday UTC is inside that local day nearly everywhere */
		t = time_local_midnight(t + 12 * 3600000LL) + 86400000LL - 1;
	*out = t;
	return 0;
}

static int assign_close(struct cli *cli, const char *id)
{
	struct err e = ERR_INIT;
	struct assignment a;
	struct class_info c;
	struct store *st;
	struct user who;
	int rc;

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = class_of(st, &c)) || (rc = class_require_teacher(st, &c, "class assign", &who)))
		goto out;
	user_release(&who);
	if (store_assignment_close(st, c.id, id, clock_now_ms(), &a, &e))
		rc = cli_fail("closing the assignment", &e);
	else
		printf("closed %s: %s\n", a.id, a.title);
out:
	store_close(st);
	return rc;
}

int class_assign(struct cli *cli, int argc, char **argv)
{
	const char *title = NULL, *type = NULL, *count_s = NULL, *topic = NULL, *diff = NULL,
		   *due = NULL, *close_id = NULL;
	struct err e = ERR_INIT;
	struct assignment a;
	struct class_info c;
	struct store *st;
	struct user who;
	char when[40];
	int i, k, t, rc;
	char *end;
	long count, n = 0;

	for (i = 1; i < argc; i++) {
		if ((k = opt_value(argc, argv, &i, "--title", &title)) ||
		    (k = opt_value(argc, argv, &i, "--type", &type)) ||
		    (k = opt_value(argc, argv, &i, "--count", &count_s)) ||
		    (k = opt_value(argc, argv, &i, "--topic", &topic)) ||
		    (k = opt_value(argc, argv, &i, "--difficulty", &diff)) ||
		    (k = opt_value(argc, argv, &i, "--due", &due)) ||
		    (k = opt_value(argc, argv, &i, "--close", &close_id))) {
			if (k < 0)
				return cli_usage(&cmd_class, "class assign: %s needs a value", argv[i]);
			continue;
		}
		return cli_usage(&cmd_class, "class assign: unexpected '%s'", argv[i]);
	}
	if (close_id)
		return assign_close(cli, close_id);
	if (!title || !*title || !type || !count_s)
		return cli_usage(&cmd_class, "class assign: give --title, --type and --count");
	for (t = 0; t < 4 && strcmp(type, assign_types[t]); t++)
		;
	if (t == 4)
		return cli_usage(&cmd_class, "class assign: --type must be practice, reading, "
				 "memorize or conversation, not '%s'", type);
	count = strtol(count_s, &end, 10);
	if (*end || count < 1 || count > 1000)
		return cli_usage(&cmd_class, "class assign: --count must be 1 to 1000, not '%s'",
				 count_s);
	if (diff && strcmp(diff, "beginner") && strcmp(diff, "intermediate") &&
	    strcmp(diff, "advanced"))
		return cli_usage(&cmd_class, "class assign: --difficulty must be beginner, "
				 "intermediate or advanced, not '%s'", diff);
	memset(&a, 0, sizeof(a));
	if (due && parse_due(due, &a.due_at))
		return cli_usage(&cmd_class, "class assign: --due '%s' is not a date (2026-03-13) "
				 "or an ISO-8601 time", due);
	if (strlen(title) >= sizeof(a.title) || (topic && strlen(topic) >= sizeof(a.topic)))
		return cli_usage(&cmd_class, "class assign: the title or topic is too long");
	xstrlcpy(a.title, title, sizeof(a.title));
	xstrlcpy(a.type, type, sizeof(a.type));
	xstrlcpy(a.topic, topic ? topic : "", sizeof(a.topic));
	xstrlcpy(a.difficulty, diff ? diff : "", sizeof(a.difficulty));
	a.target = count;

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = class_of(st, &c)) || (rc = class_require_teacher(st, &c, "class assign", &who)))
		goto out;
	xstrlcpy(a.class_id, c.id, sizeof(a.class_id));
	xstrlcpy(a.created_by, who.id, sizeof(a.created_by));
	user_release(&who);
	/* work the course cannot give is no assignment: a misspelt topic, say */
	if (store_assignment_available(st, a.type, a.topic[0] ? a.topic : NULL,
				       a.difficulty[0] ? a.difficulty : NULL, &n, &e)) {
		rc = cli_fail("class assign", &e);
		goto out;
	}
	if (!n) {
		fprintf(stderr, "aidioma: class assign: the course has no %s item%s%s%s%s%s: "
			"'aidioma export --what content' lists them\n", content_types[t],
			a.topic[0] ? " of the topic '" : "", a.topic, a.topic[0] ? "'" : "",
			a.difficulty[0] ? " at the level " : "", a.difficulty);
		rc = EXIT_USAGE;
		goto out;
	}
	if (store_assignment_add(st, &a, &e)) {
		rc = cli_fail("class assign", &e);
		goto out;
	}
	printf("assignment %s: %s\n", a.id, a.title);
	printf("  %ld %s%s%s", a.target, a.type, a.topic[0] ? ", topic " : "", a.topic);
	if (a.due_at) {
		time_format_iso(a.due_at, when, sizeof(when));
		printf(", due %s", when);
	}
	printf("\n");
	if (n < a.target)
		printf("  note: the course has %ld such item%s, fewer than %ld\n", n,
		       n == 1 ? "" : "s", a.target);
out:
	store_close(st);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli *cli, int argc, char **argv);
	} subs[] = {
		{ "create", class_create }, { "add", class_add },
		{ "assign", class_assign }, { "report", class_report },
	};
	int i;

	if (argc >= 2 && want_help(argc, argv)) {
		fputs(cmd_class.usage, stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return cli_usage(&cmd_class, "class: give a subcommand: create, add, assign or report");
	if (cli->user_opt && *cli->user_opt)
		return cli_usage(&cmd_class, "class: --user cannot be used: the class knows you by "
				 "your login");
	for (i = 0; i < (int)(sizeof(subs) / sizeof(subs[0])); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(cli, argc - 1, argv + 1);
	return cli_usage(&cmd_class, "class: unknown subcommand '%s'", argv[1]);
}

const struct cmd cmd_class = {
	"class", run, "run a class on this server: create, add, assign, report",
	"usage: aidioma class create NAME --db PATH [--group GROUP]\n"
	"       aidioma --class PATH class add LOGIN... [--teacher]\n"
	"       aidioma --class PATH class assign --title TEXT --type TYPE --count N\n"
	"                      [--topic TOPIC] [--difficulty LEVEL] [--due DATE]\n"
	"       aidioma --class PATH class assign --close ID\n"
	"       aidioma --class PATH class report [--student LOGIN] [--json]\n"
	"\n"
	"A class is one database that every student of the class opens over SSH.\n"
	"In it each person is their login user: --user is refused, learners see only\n"
	"their own work, and these commands (and the Teacher screen) need a teacher.\n"
	"\n"
	"  create   make the database PATH for the class NAME, with the bundled course.\n"
	"           Its directory (made if missing) gets mode 2770 and the files 0660,\n"
	"           owned by the group aidioma-NAME (made with groupadd, so run it as\n"
	"           root) or by --group GROUP. Who creates it, unless root, teaches it.\n"
	"  add      make Unix users members (learners, or teachers with --teacher) and\n"
	"           add them to the group (gpasswd: root, or the group's administrator)\n"
	"  assign   set work: TYPE is practice, reading, memorize or conversation, N\n"
	"           items (of TOPIC and LEVEL when given), due by the end of DATE\n"
	"           (YYYY-MM-DD); --close ID ends one early (the id's first 8\n"
	"           characters are enough)\n"
	"  report   the roster (last seen, minutes today, streak, practice average,\n"
	"           due backlog), the class's weakest grammar over 30 days and each\n"
	"           assignment's progress; --student LOGIN shows one student's work\n"
	"\n"
	"Students reach aidioma through sshd and never get a shell: see the README,\n"
	"'Running a class', for the Match Group block with ForceCommand.\n"
};
