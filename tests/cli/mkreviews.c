/* mkreviews.c: write a simulated learner's flashcard reviews into a database as memorize activities. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/srs.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

/* The simulated learner: slower to forget than the defaults assume. */
static const double learner_w[FSRS_NPARAMS] = {
	1.2, 3.0, 8.0, 25.0, 7.0, 0.9, 1.0, 0.05, 2.2, 0.12, 1.3,
	1.2, 0.04, 0.5, 2.0, 0.3, 1.5, 0.8, 0.5, 0.3, 0.5,
};

static int die(const char *what, const struct err *e)
{
	fprintf(stderr, "mkreviews: %s: %s\n", what, e->msg);
	return 1;
}

struct cards {
	char (*ids)[65];
	long n, alloc;
};

static int add_card(const struct content *c, void *ctx)
{
	struct cards *k = ctx;

	if (k->n == k->alloc) {
		k->alloc = k->alloc * 2 + 16;
		k->ids = xrealloc(k->ids, (size_t)k->alloc * sizeof(*k->ids));
	}
	xstrlcpy(k->ids[k->n++], c->id, sizeof(k->ids[0]));
	return 0;
}

/* The content id of simulated card i: the database's flashcards first,
 * then new ones made for the purpose. */
static int card_id(struct store *st, struct cards *k, long i, char out[65], struct err *e)
{
	struct content c;
	char primary[32], secondary[32];
	int result;

	if (i < k->n) {
		xstrlcpy(out, k->ids[i], 65);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	xsnprintf(c.id, sizeof(c.id), "sim-card-%05ld", i);
	xstrlcpy(c.type, "flashcard", sizeof(c.type));
	xstrlcpy(c.difficulty, "beginner", sizeof(c.difficulty));
	xsnprintf(primary, sizeof(primary), "palabra %ld", i);
	xsnprintf(secondary, sizeof(secondary), "word %ld", i);
	c.primary_text = primary;
	c.secondary_text = secondary;
	c.metadata = (char *)"{}";
	c.success_rate = NAN;
	xstrlcpy(out, c.id, 65);
	return store_content_upsert(st, &c, &result, e);
}

static int add(struct store *st, const struct user *u, const char *type, const char *content,
	       ms_t at, const char *meta, struct err *e)
{
	struct activity a;

	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, u->id, sizeof(a.user_id));
	xstrlcpy(a.type, type, sizeof(a.type));
	xstrlcpy(a.content_id, content, sizeof(a.content_id));
	a.score = strcmp(type, "practice") ? NAN : 80;
	a.duration_ms = 8000;
	a.metadata = (char *)meta;
	a.created_at = at;
	return store_activity_add(st, &a, e);
}

int main(int argc, char **argv)
{
	struct srs_sim_opts o;
	struct srs_sim_result r;
	struct err e = ERR_INIT;
	struct cards k = { NULL, 0, 0 };
	struct store *st;
	struct user u;
	char id[65], meta[64];
	size_t i;

	if (argc != 6) {
		fprintf(stderr, "usage: mkreviews DB LOGIN DAYS NEW_PER_DAY SEED\n");
		return 2;
	}
	srs_sim_opts_init(&o);
	memcpy(o.true_w, learner_w, sizeof(o.true_w));
	o.days = atoi(argv[3]);
	o.new_per_day = atoi(argv[4]);
	o.seed = strtoull(argv[5], NULL, 10);
	o.start -= (ms_t)o.days * 86400000; /* ending on 2026-01-01 */
	o.keep_log = 1;
	clock_set_fixed(o.start);
	uuid_set_seed(o.seed);
	if (srs_simulate(&o, &r, &e))
		return die("simulating", &e);
	if (store_open(argv[1], 0, &st, &e))
		return die("opening", &e);
	if (store_user_ensure(st, argv[2], &u, &e))
		return die("user", &e);
	/* other preferences stay where they are when the weights are saved */
	free(u.preferences);
	u.preferences = xstrdup("{\"theme\":\"dark\"}");
	if (store_user_update(st, &u, &e))
		return die("user", &e);
	if (store_content_foreach(st, "flashcard", add_card, &k, &e))
		return die("reading the flashcards", &e);
	if (store_begin(st, &e))
		return die("begin", &e);
	for (i = 0; i < r.n_log; i++) {
		xsnprintf(meta, sizeof(meta), "{\"rating\":%d,\"algo\":\"fsrs\"}", r.log[i].rating);
		if (card_id(st, &k, r.log[i].card, id, &e) ||
		    add(st, &u, "memorize", id, r.log[i].time, meta, &e))
			return die("writing a review", &e);
	}
	/* practice is not review, and a memorize activity without a rating
	 * (an old import) is left out */
	if (r.n_log && (add(st, &u, "practice", id, r.log[0].time + 1000, "{\"rating\":1}", &e) ||
			add(st, &u, "memorize", id, r.log[0].time + 2000, "{}", &e)))
		return die("writing", &e);
	if (store_commit(st, &e))
		return die("commit", &e);
	printf("%zu reviews of %ld cards\n", r.n_log, r.introduced);
	user_release(&u);
	free(k.ids);
	srs_sim_result_release(&r);
	store_close(st);
	return 0;
}
