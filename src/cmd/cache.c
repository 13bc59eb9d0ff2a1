/* cache.c: aidioma cache stats|prune: the AI cache shared by the database's users. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

static int stats(struct store *st, int json)
{
	struct err e = ERR_INIT;
	struct cache_stats s;
	char oldest[40] = "", newest[40] = "";

	if (store_cache_stats(st, &s, &e))
		return cli_fail("cache stats", &e);
	if (s.oldest)
		time_format_iso(s.oldest, oldest, sizeof(oldest));
	if (s.newest)
		time_format_iso(s.newest, newest, sizeof(newest));
	if (json) {
		cJSON *o = cJSON_CreateObject();
		char *text;

		cJSON_AddNumberToObject(o, "entries", s.entries);
		cJSON_AddNumberToObject(o, "ai_entries", s.ai_entries);
		cJSON_AddNumberToObject(o, "offline_entries", s.offline_entries);
		cJSON_AddNumberToObject(o, "hits", s.hits);
		cJSON_AddNumberToObject(o, "cost_spent", s.cost_spent);
		cJSON_AddNumberToObject(o, "cost_saved", s.cost_saved);
		cJSON_AddNumberToObject(o, "bytes", (double)s.bytes);
		if (s.oldest)
			cJSON_AddStringToObject(o, "oldest", oldest);
		else
			cJSON_AddNullToObject(o, "oldest");
		if (s.newest)
			cJSON_AddStringToObject(o, "newest", newest);
		else
			cJSON_AddNullToObject(o, "newest");
		text = cJSON_Print(o);
		puts(text);
		cJSON_free(text);
		cJSON_Delete(o);
		return EXIT_OK;
	}
	printf("entries: %ld (%ld AI grades, %ld offline estimates waiting for one)\n", s.entries,
	       s.ai_entries, s.offline_entries);
	printf("hits: %ld\n", s.hits);
	printf("spent: $%.4f, saved by hits: $%.4f\n", s.cost_spent, s.cost_saved);
	printf("size: %lld bytes\n", s.bytes);
	if (s.entries)
		printf("from %s to %s\n", oldest, newest);
	return EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *max_s = NULL, *action = NULL;
	struct err e = ERR_INIT;
	struct store *st;
	int i, k, json = 0, rc;
	long removed, max = 0;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_cache.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if ((k = opt_value(argc, argv, &i, "--max-entries", &max_s))) {
			if (k < 0)
				return cli_usage(&cmd_cache, "cache: --max-entries needs a value");
			continue;
		}
		if (!action && (!strcmp(argv[i], "stats") || !strcmp(argv[i], "prune"))) {
			action = argv[i];
			continue;
		}
		return cli_usage(&cmd_cache, "cache: unknown argument '%s'", argv[i]);
	}
	if (!action)
		return cli_usage(&cmd_cache, "cache: say 'stats' or 'prune'");
	if (max_s) {
		char *end;

		max = strtol(max_s, &end, 10);
		if (*end || max < 0)
			return cli_usage(&cmd_cache, "cache: --max-entries must be a whole number, not '%s'",
					 max_s);
	}
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (!strcmp(action, "stats")) {
		rc = stats(st, json);
	} else if (store_cache_prune(st, clock_now_ms(), max, &removed, &e)) {
		rc = cli_fail("cache prune", &e);
	} else {
		printf("removed %ld entr%s\n", removed, removed == 1 ? "y" : "ies");
	}
	store_close(st);
	return rc;
}

const struct cmd cmd_cache = {
	"cache", run, "figures of the AI cache, and pruning it",
	"usage: aidioma [--db PATH] cache stats [--json]\n"
	"       aidioma [--db PATH] cache prune [--max-entries N]\n"
	"\n"
	"The AI cache keeps every AI grade so that the same answer to the same\n"
	"sentence is paid for once, whoever in the database gives it.\n"
	"stats   entries, hits, money spent and saved\n"
	"prune   remove expired entries, and with --max-entries the least recently\n"
	"        used ones beyond N\n"
};
