/* bench_anki.c: importing an Anki deck of 5,000 notes, timed against its goal. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aidioma/anki.h"
#include "aidioma/queue.h"
#include "aidioma/settings.h"
#include "aidioma/util.h"

#define NOTES 5000
#define GOAL_MS 1000.0

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_anki: %s: %s\n", what, e ? e->msg : "failed");
	exit(1);
}

static void one(const char *dir, const char *layout, int round)
{
	char pkg[256], db[256], media[256], cmd[512], what[96];
	struct err e = ERR_INIT;
	struct settings set;
	struct scheduler sch;
	struct deck_options o;
	struct deck_report r;
	struct store *st;
	struct user u;
	double t0, t1, t2, c0, c1;
	int rc;

	xsnprintf(pkg, sizeof(pkg), "%s/%s.apkg", dir, layout);
	xsnprintf(db, sizeof(db), "%s/%s-%d.db", dir, layout, round);
	xsnprintf(media, sizeof(media), "%s/media", dir);
	xsnprintf(cmd, sizeof(cmd), "'%s' --notes %d %s big '%s'", MKANKI, NOTES, layout, pkg);
	rc = system(cmd);
	if (rc != 0) {
		printf("import %d Anki notes (%s): skipped (mkanki exit %d)\n", NOTES, layout, rc);
		return;
	}
	if (store_open(db, STORE_CREATE, &st, &e) || store_user_ensure(st, "ana", &u, &e))
		die("opening the store", &e);
	settings_defaults(&set);
	if (scheduler_init(&sch, &set, &u, &e))
		die("the scheduler", &e);
	memset(&o, 0, sizeof(o));
	o.media_dir = media;
	t0 = now_ms();
	c0 = cpu_ms();
	if (deck_import_anki(st, &u, &sch, pkg, &o, &r, &e))
		die("importing", &e);
	t1 = now_ms();
	c1 = cpu_ms();
	deck_report_release(&r);
	if (deck_import_anki(st, &u, &sch, pkg, &o, &r, &e))
		die("importing again", &e);
	t2 = now_ms();
	xsnprintf(what, sizeof(what), "import %d Anki notes (%s, %ld reviews)", NOTES, layout,
		  r.reviews);
	printf("%-56s %7.1f ms, %.1f ms of CPU  (goal < %.0f ms: %s)\n", what, t1 - t0,
	       c1 - c0, GOAL_MS, t1 - t0 < GOAL_MS ? "met" : "MISSED");
	printf("%-56s %7.1f ms  (goal < %.0f ms: %s)\n", "  the same deck again (all unchanged)",
	       t2 - t1, GOAL_MS, t2 - t1 < GOAL_MS ? "met" : "MISSED");
	deck_report_release(&r);
	user_release(&u);
	store_close(st);
}

int main(void)
{
	char dir[] = "/tmp/aidioma-bench-anki-XXXXXX", cmd[128];

	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	clock_set_fixed(1773165600000LL); /* 2026-03-10T18:00:00Z, after the decks' reviews */
	one(dir, "anki21b", 0);
	one(dir, "anki21", 1);
	xsnprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
