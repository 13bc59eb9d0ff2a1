/* stats.c: aidioma stats: the current learner's figures and the content counts. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

static const char *const types[] = { "sentence", "text", "flashcard", "scenario" };
static const char *const type_plural[] = { "sentences", "texts", "flashcards", "scenarios" };
static const char *const type_singular[] = { "sentence", "text", "flashcard", "scenario" };
static const char *const levels[] = { "beginner", "intermediate", "advanced" };

static void print_text(const struct user *u, const struct user_stats *s,
		       long counts[4][3])
{
	struct level_info lv;
	char last[40];
	int t, d;

	level_from_xp(s->xp, &lv);
	printf("user: %s (%s, %s)\n", u->login, u->role, u->level);
	if (lv.next)
		printf("level: %s, %ld XP (%ld to the next level)\n", lv.name, s->xp,
		       lv.next - s->xp);
	else
		printf("level: %s, %ld XP\n", lv.name, s->xp);
	printf("streak: %d day%s\n", s->streak_days, s->streak_days == 1 ? "" : "s");
	printf("today: %ld activit%s\n", s->active_today, s->active_today == 1 ? "y" : "ies");
	printf("activities: %ld (practice %ld, reading %ld, flashcards %ld, conversation %ld)\n",
	       s->activities, s->practice, s->reading, s->memorize, s->conversation);
	if (isnan(s->practice_avg))
		printf("practice average: none yet\n");
	else
		printf("practice average: %.1f (%s)\n", s->practice_avg,
		       grade_letter(s->practice_avg));
	printf("time spent: %lldh %02lldm\n", s->duration_ms / 3600000,
	       s->duration_ms / 60000 % 60);
	if (s->last_activity_at) {
		time_format_iso(s->last_activity_at, last, sizeof(last));
		printf("last activity: %s\n", last);
	}
	printf("items due now: %ld of %ld in progress\n", s->due_now, s->progress_rows);
	printf("content:");
	for (t = 0; t < 4; t++) {
		long total = 0;

		for (d = 0; d < 3; d++)
			total += counts[t][d];
		printf("%s %ld %s", t ? "," : "", total, total == 1 ? type_singular[t] : type_plural[t]);
	}
	printf("\n");
	for (t = 0; t < 4; t++)
		printf("  %-10s beginner %ld, intermediate %ld, advanced %ld\n", type_plural[t],
		       counts[t][0], counts[t][1], counts[t][2]);
}

static void print_json(const struct user *u, const struct user_stats *s, long counts[4][3])
{
	cJSON *root = cJSON_CreateObject(), *o, *c;
	struct level_info lv;
	char last[40];
	char *text;
	int t, d;

	level_from_xp(s->xp, &lv);
	o = cJSON_AddObjectToObject(root, "user");
	cJSON_AddStringToObject(o, "login", u->login);
	cJSON_AddStringToObject(o, "role", u->role);
	cJSON_AddStringToObject(o, "level", u->level);
	o = cJSON_AddObjectToObject(root, "xp");
	cJSON_AddNumberToObject(o, "total", s->xp);
	cJSON_AddStringToObject(o, "level", lv.name);
	if (lv.next)
		cJSON_AddNumberToObject(o, "next_level_at", lv.next);
	else
		cJSON_AddNullToObject(o, "next_level_at");
	cJSON_AddNumberToObject(root, "streak_days", s->streak_days);
	cJSON_AddNumberToObject(root, "activities_today", s->active_today);
	o = cJSON_AddObjectToObject(root, "activities");
	cJSON_AddNumberToObject(o, "total", s->activities);
	cJSON_AddNumberToObject(o, "practice", s->practice);
	cJSON_AddNumberToObject(o, "reading", s->reading);
	cJSON_AddNumberToObject(o, "memorize", s->memorize);
	cJSON_AddNumberToObject(o, "conversation", s->conversation);
	if (isnan(s->practice_avg))
		cJSON_AddNullToObject(root, "practice_average");
	else
		cJSON_AddNumberToObject(root, "practice_average",
					round(s->practice_avg * 10) / 10);
	cJSON_AddNumberToObject(root, "duration_ms", (double)s->duration_ms);
	cJSON_AddNumberToObject(root, "ai_cost", s->ai_cost);
	if (s->last_activity_at) {
		time_format_iso(s->last_activity_at, last, sizeof(last));
		cJSON_AddStringToObject(root, "last_activity_at", last);
	} else {
		cJSON_AddNullToObject(root, "last_activity_at");
	}
	cJSON_AddNumberToObject(root, "due_now", s->due_now);
	cJSON_AddNumberToObject(root, "in_progress", s->progress_rows);
	c = cJSON_AddObjectToObject(root, "content");
	for (t = 0; t < 4; t++) {
		long total = 0;

		o = cJSON_AddObjectToObject(c, types[t]);
		for (d = 0; d < 3; d++) {
			cJSON_AddNumberToObject(o, levels[d], counts[t][d]);
			total += counts[t][d];
		}
		cJSON_AddNumberToObject(o, "total", total);
	}
	text = cJSON_Print(root);
	puts(text);
	cJSON_free(text);
	cJSON_Delete(root);
}

/* ---- --costs: what the AI cost this learner and the class, and what the cache saved */
static void costs_json(cJSON *o, const struct cost_totals *c)
{
	cJSON_AddNumberToObject(o, "activities", c->activities);
	cJSON_AddNumberToObject(o, "ai_calls", c->ai_calls);
	cJSON_AddNumberToObject(o, "cache_hits", c->cache_hits);
	cJSON_AddNumberToObject(o, "spent", c->spent);
	cJSON_AddNumberToObject(o, "saved", c->saved);
}

static void print_costs(const struct user *u, const struct cost_totals *mine,
			const struct cost_totals *all, int json)
{
	if (json) {
		cJSON *root = cJSON_CreateObject(), *o;
		char *text;

		o = cJSON_AddObjectToObject(root, "user");
		cJSON_AddStringToObject(o, "login", u->login);
		costs_json(o, mine);
		o = cJSON_AddObjectToObject(root, "class");
		cJSON_AddNumberToObject(o, "users", all->users);
		costs_json(o, all);
		text = cJSON_Print(root);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(root);
		return;
	}
	printf("costs: %s: AI spent $%.4f on %ld call%s, the cache saved $%.4f on %ld answer%s\n",
	       u->login, mine->spent, mine->ai_calls, mine->ai_calls == 1 ? "" : "s", mine->saved,
	       mine->cache_hits, mine->cache_hits == 1 ? "" : "s");
	printf("costs: the class (%ld user%s): AI spent $%.4f on %ld call%s, the cache saved "
	       "$%.4f on %ld answer%s\n", all->users, all->users == 1 ? "" : "s", all->spent,
	       all->ai_calls, all->ai_calls == 1 ? "" : "s", all->saved, all->cache_hits,
	       all->cache_hits == 1 ? "" : "s");
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct user_stats s;
	struct store *st;
	struct user u;
	long counts[4][3];
	struct cost_totals mine, all;
	const char *variant = NULL;
	int i, t, d, json = 0, costs = 0, slow = 0, rc;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_stats.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(argv[i], "--costs")) {
			costs = 1;
			continue;
		}
		if (!strcmp(argv[i], "--slow")) {
			slow = 1;
			continue;
		}
		if ((rc = opt_value(argc, argv, &i, "--by-variant", &variant))) {
			if (rc < 0)
				return cli_usage(&cmd_stats, "stats: --by-variant needs an experiment");
			continue;
		}
		return cli_usage(&cmd_stats, "stats: unknown argument '%s'", argv[i]);
	}
	if (costs + slow + (variant != NULL) > 1)
		return cli_usage(&cmd_stats, "stats: --costs, --slow and --by-variant go one at a time");
	if (variant)
		return stats_by_variant(cli, variant, json);
	if (slow)
		return stats_slow(cli, json);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = cli_current_user(cli, st, &u)))
		goto out;
	if (costs) {
		if (store_costs(st, u.id, &mine, &e) || store_costs(st, NULL, &all, &e))
			rc = cli_fail("stats", &e);
		else
			print_costs(&u, &mine, &all, json);
		goto out_user;
	}
	if (store_stats_user(st, u.id, clock_now_ms(), &s, &e)) {
		rc = cli_fail("stats", &e);
		goto out_user;
	}
	for (t = 0; t < 4; t++)
		for (d = 0; d < 3; d++)
			if (store_content_count(st, types[t], levels[d], &counts[t][d], &e)) {
				rc = cli_fail("stats", &e);
				goto out_user;
			}
	if (json)
		print_json(&u, &s, counts);
	else
		print_text(&u, &s, counts);
out_user:
	user_release(&u);
out:
	store_close(st);
	return rc;
}

const struct cmd cmd_stats = {
	"stats", run, "show your figures and what the course holds",
	"usage: aidioma [--db PATH] [--user NAME] stats [--costs] [--json]\n"
	"       aidioma [--db PATH] stats --by-variant EXPERIMENT | --slow [--json]\n"
	"\n"
	"Print the current user's level, experience, streak, activity counts,\n"
	"practice average, time spent and items due, and the content counts by\n"
	"kind and level.\n"
	"\n"
	"  --costs                  print instead what the AI cost (USD, from the\n"
	"                           price table) and what the cache saved: for the\n"
	"                           current user and for the class (every user of\n"
	"                           the database)\n"
	"  --by-variant EXPERIMENT  compare the variants of an experiment (see\n"
	"                           'aidioma experiment'): learners, activities,\n"
	"                           average score, hint rate, time\n"
	"  --slow                   the statements slower than the threshold\n"
	"                           ($AIDIOMA_SLOW_MS, default 100 ms), slowest first\n"
	"  --json                   print the same as JSON\n"
};
