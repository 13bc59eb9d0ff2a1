/* tutor.c: aidioma tutor: a conversation in a scenario on stdin and stdout, for scripts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/aiclient.h"
#include "aidioma/tutor.h"
#include "aidioma/util.h"
#include "cmd/cmd.h"
#include "banned.h"

#define LINE_MAX_BYTES 4096

static const char *source_name(enum tutor_source s)
{
	static const char *const names[] = { "opening", "script", "fallback", "ai", "closing" };

	return s <= TUTOR_CLOSING ? names[s] : "?";
}

static int list_one(const struct content *c, void *ctx)
{
	struct tutor_scenario s;
	struct err e = ERR_INIT;

	(void)ctx;
	if (tutor_scenario_parse(c, &s, &e) == 0)
		printf("%-18s %-12s %s (%s) · %s, %s · %d goals\n", s.id, s.difficulty, s.title,
		       s.title_en, s.persona.name, s.persona.region, s.n_goals);
	tutor_scenario_release(&s);
	return 0;
}

/* ---- plain output: one prefixed line per fact */
static void print_words(const struct tutor_reply *r)
{
	int i;

	for (i = 0; i < r->n_words; i++)
		printf("new word: %s: %s\n", r->words[i].spanish, r->words[i].english);
}

static void print_goals(const struct tutor *t, const struct tutor_reply *r)
{
	const struct tutor_scenario *s = tutor_scenario(t);
	int i, n = 0;

	for (i = 0; i < r->n_goals; i++)
		printf("reached: %s: %s\n", s->goals[r->goals[i]].id, s->goals[r->goals[i]].en);
	printf("goals: %d/%d", r->goals_reached, r->goals_total);
	for (i = 0; i < s->n_goals; i++)
		if (tutor_goal_reached(t, i))
			printf("%s%s", n++ ? ", " : ": ", s->goals[i].id);
	printf("\n");
}

static void print_opening(const struct tutor *t, const struct tutor_reply *r)
{
	const struct tutor_scenario *s = tutor_scenario(t);
	int i;

	printf("scenario: %s: %s (%s)\n", s->id, s->title, s->title_en);
	printf("persona: %s, %s, %s (%s)\n", s->persona.name, s->persona.role, s->persona.region,
	       !strcmp(s->persona.address, "tu") ? "tú" : s->persona.address);
	printf("setting: %s\n", s->setting);
	for (i = 0; i < s->n_goals; i++)
		printf("goal: %s: %s\n", s->goals[i].id, s->goals[i].en);
	if (tutor_scripted(t))
		printf("mode: %s: scripted conversation\n", tutor_backend_name(t));
	else
		printf("mode: %s: the scenario's script when the endpoint fails\n",
		       tutor_backend_name(t));
	printf("tutor: %s\nenglish: %s\n", r->reply, r->reply_en);
	print_words(r);
}

static void print_turn(const struct tutor *t, const char *said, const struct tutor_reply *r)
{
	printf("you: %s\n", said);
	if (r->has_correction)
		printf("correction: %s -> %s\nwhy: %s\n", r->correction.original,
		       r->correction.corrected, r->correction.explanation);
	else
		printf("correction: none\n");
	printf("tutor: %s\nenglish: %s\n", r->reply, r->reply_en);
	if (r->note)
		printf("note: %s\n", r->note);
	print_goals(t, r);
	print_words(r);
}

/* ---- JSON output: one object per line */
static cJSON *json_words(const struct tutor_reply *r)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; i < r->n_words; i++) {
		cJSON *w = cJSON_CreateObject();

		cJSON_AddStringToObject(w, "spanish", r->words[i].spanish);
		cJSON_AddStringToObject(w, "english", r->words[i].english);
		cJSON_AddItemToArray(a, w);
	}
	return a;
}

static cJSON *json_goal_ids(const struct tutor *t, const int *goals, int n, int all_reached)
{
	const struct tutor_scenario *s = tutor_scenario(t);
	cJSON *a = cJSON_CreateArray();
	int i;

	if (all_reached) {
		for (i = 0; i < s->n_goals; i++)
			if (tutor_goal_reached(t, i))
				cJSON_AddItemToArray(a, cJSON_CreateString(s->goals[i].id));
	} else {
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(s->goals[goals[i]].id));
	}
	return a;
}

static void json_print(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);

	puts(s);
	cJSON_free(s);
	cJSON_Delete(o);
}

static cJSON *json_reply(const struct tutor *t, const char *type, const struct tutor_reply *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", type);
	if (r->turn)
		cJSON_AddNumberToObject(o, "turn", r->turn);
	cJSON_AddStringToObject(o, "reply", r->reply);
	cJSON_AddStringToObject(o, "reply_en", r->reply_en);
	cJSON_AddStringToObject(o, "source", source_name(r->source));
	cJSON_AddItemToObject(o, "new_words", json_words(r));
	cJSON_AddItemToObject(o, "goals_reached", json_goal_ids(t, r->goals, r->n_goals, 0));
	cJSON_AddItemToObject(o, "goals", json_goal_ids(t, NULL, 0, 1));
	cJSON_AddNumberToObject(o, "goals_total", tutor_scenario(t)->n_goals);
	return o;
}

static void json_opening(const struct tutor *t, const struct tutor_reply *r)
{
	const struct tutor_scenario *s = tutor_scenario(t);
	cJSON *o = json_reply(t, "opening", r), *goals = cJSON_CreateArray();
	int i;

	cJSON_AddStringToObject(o, "scenario", s->id);
	cJSON_AddStringToObject(o, "tutor", tutor_backend_name(t));
	cJSON_AddBoolToObject(o, "scripted", tutor_scripted(t));
	for (i = 0; i < s->n_goals; i++) {
		cJSON *g = cJSON_CreateObject();

		cJSON_AddStringToObject(g, "id", s->goals[i].id);
		cJSON_AddStringToObject(g, "en", s->goals[i].en);
		cJSON_AddItemToArray(goals, g);
	}
	cJSON_AddItemToObject(o, "scenario_goals", goals);
	json_print(o);
}

static void json_turn(const struct tutor *t, const char *said, const struct tutor_reply *r)
{
	cJSON *o = json_reply(t, "turn", r), *c;

	cJSON_AddStringToObject(o, "learner", said);
	if (r->note)
		cJSON_AddStringToObject(o, "note", r->note);
	if (r->has_correction) {
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "original", r->correction.original);
		cJSON_AddStringToObject(c, "corrected", r->correction.corrected);
		cJSON_AddStringToObject(c, "explanation", r->correction.explanation);
		cJSON_AddItemToObject(o, "correction", c);
	} else {
		cJSON_AddNullToObject(o, "correction");
	}
	json_print(o);
}

/* Read one line of at most LINE_MAX_BYTES - 1 bytes; the rest of a longer
 * line is dropped.  0 at the end of input. */
static int read_line(char *buf, size_t size)
{
	size_t n;

	if (!fgets(buf, (int)size, stdin))
		return 0;
	n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin)) {
		int ch;

		while ((ch = getchar()) != EOF && ch != '\n')
			;
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 1;
}

static int converse(struct tutor *t, int json)
{
	char line[LINE_MAX_BYTES];
	struct tutor_reply r;
	struct err e = ERR_INIT;

	while (read_line(line, sizeof(line))) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		if (!strcmp(p, "/end"))
			break;
		if (tutor_turn(t, p, &r, &e)) {
			if (e.code != ERR_USAGE)
				return cli_fail("the tutor", &e);
			fprintf(stderr, "aidioma: tutor: %s\n", e.msg);
			continue;
		}
		if (json)
			json_turn(t, tutor_history(t, tutor_history_count(t) - 1)->learner, &r);
		else
			print_turn(t, tutor_history(t, tutor_history_count(t) - 1)->learner, &r);
		tutor_reply_release(&r);
		fflush(stdout);
	}
	return EXIT_OK;
}

static int finish(struct store *st, const struct user *u, struct tutor *t, int json, int record)
{
	struct tutor_summary s;
	struct tutor_reply r;
	struct err e = ERR_INIT;
	int recorded = 0, rc = EXIT_OK;

	if (tutor_end(t, &r, &s, &e))
		return cli_fail("the tutor", &e);
	if (record && s.turns) {
		if (tutor_record(st, u, t, &e))
			rc = cli_fail("recording the conversation", &e);
		else
			recorded = 1;
	}
	if (json) {
		cJSON *o = json_reply(t, "closing", &r), *sum = cJSON_CreateObject();

		cJSON_AddNumberToObject(sum, "turns", s.turns);
		cJSON_AddNumberToObject(sum, "corrections", s.corrections);
		cJSON_AddNumberToObject(sum, "new_words", s.new_words);
		cJSON_AddNumberToObject(sum, "goals_reached", s.goals_reached);
		cJSON_AddNumberToObject(sum, "goals_total", s.goals_total);
		cJSON_AddNumberToObject(sum, "score", round(s.score * 10) / 10);
		cJSON_AddNumberToObject(sum, "duration_ms", (double)s.duration_ms);
		cJSON_AddItemToObject(o, "summary", sum);
		cJSON_AddBoolToObject(o, "recorded", recorded);
		json_print(o);
	} else {
		printf("tutor: %s\nenglish: %s\n", r.reply, r.reply_en);
		printf("summary: %d turn%s, %d correction%s, %d new word%s, %d of %d goals (%.0f%%)\n",
		       s.turns, s.turns == 1 ? "" : "s", s.corrections, s.corrections == 1 ? "" : "s",
		       s.new_words, s.new_words == 1 ? "" : "s", s.goals_reached, s.goals_total,
		       s.score);
		if (recorded)
			printf("recorded: a conversation activity for %s, score %.0f\n", u->login, s.score);
		else
			printf("recorded: nothing%s\n", !record ? " (--no-record)" :
			       !s.turns ? " (no turns)" : "");
	}
	tutor_reply_release(&r);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *id = NULL;
	struct tutor_options o = { 0 };
	struct tutor_glossary gl = { 0 };
	struct ai_client *client = NULL;
	struct tutor_reply opening;
	char warning[512];
	struct err e = ERR_INIT;
	struct tutor *t = NULL;
	struct content c;
	struct store *st;
	struct user u;
	int i, k, json = 0, record = 1, list = 0, rc;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cmd_tutor.usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(argv[i], "--list")) {
			list = 1;
			continue;
		}
		if (!strcmp(argv[i], "--no-record")) {
			record = 0;
			continue;
		}
		if ((k = opt_value(argc, argv, &i, "--scenario", &id))) {
			if (k < 0)
				return cli_usage(&cmd_tutor, "tutor: --scenario needs a value");
			continue;
		}
		return cli_usage(&cmd_tutor, "tutor: unknown argument '%s'", argv[i]);
	}
	if (!id && !list)
		return cli_usage(&cmd_tutor, "tutor: give --scenario ID ('aidioma tutor --list' lists them)");
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (list) {
		if (store_content_foreach(st, "scenario", list_one, NULL, &e))
			rc = cli_fail("listing the scenarios", &e);
		store_close(st);
		return rc;
	}
	if (store_content_get(st, id, &c, &e)) {
		rc = cli_fail("tutor", &e);
		if (e.code == ERR_NOTFOUND)
			fprintf(stderr, "aidioma: 'aidioma tutor --list' lists the scenarios\n");
		store_close(st);
		return rc;
	}
	if ((rc = cli_current_user(cli, st, &u)))
		goto out_content;
	if (tutor_glossary_load(st, u.id, &gl, &e)) {
		rc = cli_fail("reading the course's words", &e);
		goto out_tutor;
	}
	o.level = u.level;
	o.glossary = &gl;
	tutor_ai_open(&cli->settings, &client, &o.backend, warning, sizeof(warning));
	if (warning[0])
		fprintf(stderr, "aidioma: %s\n", warning);
	if (tutor_start(&c, &o, &t, &opening, &e)) {
		rc = cli_fail("starting the conversation", &e);
		goto out_tutor;
	}
	if (json)
		json_opening(t, &opening);
	else
		print_opening(t, &opening);
	tutor_reply_release(&opening);
	fflush(stdout);
	rc = converse(t, json);
	if (rc == EXIT_OK)
		rc = finish(st, &u, t, json, record);
out_tutor:
	tutor_free(t); /* before the client its back end borrows */
	if (client)
		ai_client_free(client);
	tutor_glossary_release(&gl);
	user_release(&u);
out_content:
	content_release(&c);
	store_close(st);
	return rc;
}

const struct cmd cmd_tutor = {
	"tutor", run, "hold a conversation in a scenario on standard input and output",
	"usage: aidioma [--db PATH] [--user NAME] tutor --scenario ID [--json] [--no-record]\n"
	"       aidioma tutor --list\n"
	"\n"
	"Hold a conversation with the tutor in the scenario ID: it prints the\n"
	"opening, then reads one turn of the learner per line and answers each;\n"
	"a line \"/end\" or the end of input ends the conversation with the\n"
	"closing line and a summary, saved as a conversation activity of the\n"
	"current user.  Without an AI endpoint the tutor follows the scenario's\n"
	"own script (\"mode: offline: scripted conversation\"); with one\n"
	"(ai_url, or AIDIOMA_AI_URL and AIDIOMA_AI_MODEL) the model plays the\n"
	"persona, and the script answers any turn it cannot (\"note:\").\n"
	"\n"
	"Each fact is one line with a prefix: scenario, persona, setting, goal,\n"
	"mode, tutor, english, note, you, correction (\"ORIGINAL -> CORRECTED\", or\n"
	"\"none\"), why, reached, goals, new word, summary, recorded.\n"
	"\n"
	"  --json       one JSON object per line: the opening, each turn, the closing\n"
	"  --list       list the scenarios\n"
	"  --no-record  do not save the conversation\n"
};
