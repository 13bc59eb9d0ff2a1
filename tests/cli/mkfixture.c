/* mkfixture.c: build the fixture database the golden tests read, deterministically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/content.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

static int die(const char *what, const struct err *e)
{
	fprintf(stderr, "mkfixture: %s: %s\n", what, e->msg);
	return 1;
}

int main(int argc, char **argv)
{
	static const char *const packs[] = { "sentences.json", "texts.json", "cards.json",
					     "scenarios.json" };
	static const struct {
		const char *type, *content;
		double score;
		int day, minute;
		long long dur;
		const char *meta;
	} acts[] = {
		{ "practice", "ts-001", 100, -3, 10, 42000, "{\"hints\":0,\"answer\":\"Me llamo Marta.\"}" },
		{ "practice", "ts-002", 72.5, -3, 12, 65000, "{\"hints\":1,\"answer\":\"Me gusta las manzanas verdes.\"}" },
		{ "reading", "tt-001", 75, -2, 5, 180000, "{\"wpm\":62,\"questions\":4,\"correct\":3}" },
		{ "memorize", "tc-gato", NAN, -1, 1, 8000, "{\"rating\":3}" },
		{ "memorize", "tc-ventana", NAN, -1, 2, 11000, "{\"rating\":1}" },
		{ "conversation", "tsc-cafe", 80, 0, 30, 300000, "{\"turns\":6,\"goals\":3}" },
		{ "practice", "ts-003", 55, 0, 45, 90000, "{\"hints\":2,\"answer\":\"Viajé a Chile el año pasado.\"}" },
	};
	struct err e = ERR_INIT;
	struct import_report r;
	struct store *st;
	struct user u, other;
	const char *files[4];
	char paths[4][1024];
	ms_t now;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: mkfixture DB PACKDIR\n");
		return 2;
	}
	if (time_parse_iso("2026-03-10T18:00:00Z", &now))
		return 1;
	clock_set_fixed(now);
	uuid_set_seed(7);
	remove(argv[1]);
	if (store_open(argv[1], STORE_CREATE, &st, &e))
		return die("opening", &e);
	for (i = 0; i < 4; i++) {
		xsnprintf(paths[i], sizeof(paths[i]), "%s/%s", argv[2], packs[i]);
		files[i] = paths[i];
	}
	if (content_import(st, files, 4, &r, &e))
		return die("importing", &e);
	if (store_user_ensure(st, "ana", &u, &e) || store_user_ensure(st, "otro", &other, &e))
		return die("users", &e);
	xstrlcpy(u.display_name, "Ana Torres", sizeof(u.display_name));
	xstrlcpy(u.level, "intermediate", sizeof(u.level));
	if (store_user_update(st, &u, &e))
		return die("user", &e);
	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		struct activity a;

		memset(&a, 0, sizeof(a));
		xstrlcpy(a.user_id, u.id, sizeof(a.user_id));
		xstrlcpy(a.type, acts[i].type, sizeof(a.type));
		xstrlcpy(a.content_id, acts[i].content, sizeof(a.content_id));
		a.score = acts[i].score;
		a.duration_ms = acts[i].dur;
		a.metadata = (char *)acts[i].meta;
		a.created_at = now + (ms_t)acts[i].day * 86400000 - 3600000 + acts[i].minute * 60000;
		if (store_activity_add(st, &a, &e))
			return die("activity", &e);
	}
	{ /* another learner's work must not show in ana's figures */
		struct activity a;

		memset(&a, 0, sizeof(a));
		xstrlcpy(a.user_id, other.id, sizeof(a.user_id));
		xstrlcpy(a.type, "practice", sizeof(a.type));
		a.score = 10;
		a.created_at = now - 60000;
		if (store_activity_add(st, &a, &e))
			return die("activity", &e);
	}
	{
		static const char *const cards[] = { "tc-gato", "tc-ventana", "tc-dormir" };
		static const int due_in_hours[] = { -20, 3, 48 };

		for (i = 0; i < 3; i++) {
			struct progress p;

			progress_init(&p, u.id, cards[i], "flashcard");
			p.attempts = (long)i + 1;
			p.last_attempt_at = now - 86400000;
			p.next_review_at = now + due_in_hours[i] * 3600000LL;
			p.interval_days = (double)i + 0.5;
			p.stability = 1.25 * (double)(i + 1);
			p.difficulty = 5.5;
			p.state = 2;
			p.reps = (long)i + 1;
			p.mastery_level = (int)i + 1;
			if (store_progress_put(st, &p, &e))
				return die("progress", &e);
		}
	}
	user_release(&u);
	user_release(&other);
	store_close(st);
	return 0;
}
