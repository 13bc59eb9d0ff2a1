/* screen-reading.c: Reading: the list of texts, by level and topic, the learner's level first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "aidioma/reading.h"
#include "banned.h"

static const char *const levels[] = { "beginner", "intermediate", "advanced" };
#define N_LEVELS 3 /* the level filter has one more value: every level */

/* One text of the list. */
struct entry {
	char id[65], difficulty[16], topic[64];
	char *title, *title_en, *genre;
	long words;
	int reads;
	double best; /* NAN: never scored */
};

struct texts {
	struct entry *all;
	int n_all;
	int *shown, n_shown; /* indices into all, filtered and ordered */
	int sel, top;
	int level;           /* index into levels, N_LEVELS: every level */
	char topic[64];      /* "": every topic */
	int stale;           /* a text was opened: reload when the list shows again */
	char error[256];
};

static const struct help_entry list_help[] = {
	{ "↑↓ j k", "choose a text" },
	{ "Enter, l", "read the chosen text" },
	{ "Tab", "the next level, then every level" },
	{ "t", "the next topic, then every topic" },
	{ NULL, NULL },
};

static int level_index(const char *d)
{
	int i;

	for (i = 0; i < N_LEVELS; i++)
		if (!strcmp(d, levels[i]))
			return i;
	return N_LEVELS;
}

static void free_all(struct texts *l)
{
	int i;

	for (i = 0; i < l->n_all; i++) {
		free(l->all[i].title);
		free(l->all[i].title_en);
		free(l->all[i].genre);
	}
	free(l->all);
	free(l->shown);
	l->all = NULL;
	l->shown = NULL;
	l->n_all = l->n_shown = 0;
}

static int add_text(const struct content *c, void *ctx)
{
	struct texts *l = ctx;
	struct reading_text t;
	struct entry *en;
	struct err e = ERR_INIT;

	if (reading_text_parse(c, &t, &e)) {
		reading_text_release(&t); /* a broken item is left out, not fatal */
		return 0;
	}
	l->all = xrealloc(l->all, (size_t)(l->n_all + 1) * sizeof(*l->all));
	en = &l->all[l->n_all++];
	memset(en, 0, sizeof(*en));
	xstrlcpy(en->id, c->id, sizeof(en->id));
	xstrlcpy(en->difficulty, c->difficulty, sizeof(en->difficulty));
	xstrlcpy(en->topic, c->topic, sizeof(en->topic));
	en->title = xstrdup(t.title);
	en->title_en = xstrdup(t.title_en);
	en->genre = xstrdup(t.genre);
	en->words = t.n_words;
	en->best = NAN;
	reading_text_release(&t);
	return 0;
}

/* A text counts as read once a reading activity exists for it. */
static int add_reading(const struct activity *a, void *ctx)
{
	struct texts *l = ctx;
	int i;

	if (strcmp(a->type, "reading"))
		return 0;
	for (i = 0; i < l->n_all; i++)
		if (!strcmp(l->all[i].id, a->content_id)) {
			l->all[i].reads++;
			if (!isnan(a->score) &&
			    (isnan(l->all[i].best) || a->score > l->all[i].best))
				l->all[i].best = a->score;
			break;
		}
	return 0;
}

/* The texts of the level filter and topic, the learner's level first. */
static void choose(struct tui *t, struct texts *l)
{
	int order[N_LEVELS], n = 0, mine = level_index(t->o->user->level), k, i;

	if (mine < N_LEVELS)
		order[n++] = mine;
	for (i = 0; i < N_LEVELS; i++)
		if (i != mine)
			order[n++] = i;
	l->n_shown = 0;
	for (k = 0; k < N_LEVELS; k++) {
		if (l->level < N_LEVELS && order[k] != l->level)
			continue;
		for (i = 0; i < l->n_all; i++)
			if (level_index(l->all[i].difficulty) == order[k] &&
			    (!l->topic[0] || !strcmp(l->all[i].topic, l->topic)))
				l->shown[l->n_shown++] = i;
	}
	if (l->sel >= l->n_shown)
		l->sel = l->n_shown ? l->n_shown - 1 : 0;
}

static void load(struct tui *t, struct texts *l)
{
	struct err e = ERR_INIT;
	char keep[65] = "";
	int i;

	if (l->sel < l->n_shown)
		xstrlcpy(keep, l->all[l->shown[l->sel]].id, sizeof(keep));
	free_all(l);
	l->error[0] = '\0';
	l->stale = 0;
	if (store_content_foreach(t->o->st, "text", add_text, l, &e) ||
	    store_activity_foreach(t->o->st, t->o->user->id, add_reading, l, &e))
		xstrlcpy(l->error, e.msg, sizeof(l->error));
	l->shown = xcalloc((size_t)l->n_all + 1, sizeof(*l->shown));
	choose(t, l);
	for (i = 0; keep[0] && i < l->n_shown; i++)
		if (!strcmp(l->all[l->shown[i]].id, keep))
			l->sel = i;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The next topic among the texts of the level filter; after the last, every topic. */
static void next_topic(struct tui *t, struct texts *l)
{
	const char **topics = xcalloc((size_t)l->n_all + 1, sizeof(*topics));
	int n = 0, i, j;

	for (i = 0; i < l->n_all; i++) {
		if (l->level < N_LEVELS && level_index(l->all[i].difficulty) != l->level)
			continue;
		for (j = 0; j < n && strcmp(topics[j], l->all[i].topic); j++)
			;
		if (j == n)
			topics[n++] = l->all[i].topic;
	}
	qsort(topics, (size_t)n, sizeof(*topics), cmp_str);
	for (i = 0; i < n && l->topic[0] && strcmp(topics[i], l->topic) <= 0; i++)
		;
	xstrlcpy(l->topic, i < n ? topics[i] : "", sizeof(l->topic));
	free(topics);
	l->sel = l->top = 0;
	choose(t, l);
}

/* The next level; a topic the new level has no text of is dropped. */
static void next_level(struct tui *t, struct texts *l)
{
	int i, found = !l->topic[0];

	l->level = (l->level + 1) % (N_LEVELS + 1);
	for (i = 0; i < l->n_all && !found; i++)
		found = (l->level == N_LEVELS || level_index(l->all[i].difficulty) == l->level) &&
			!strcmp(l->all[i].topic, l->topic);
	if (!found)
		l->topic[0] = '\0';
	l->sel = l->top = 0;
	choose(t, l);
}

static void *enter(struct tui *t)
{
	struct texts *l = xcalloc(1, sizeof(*l));

	l->level = level_index(t->o->user->level);
	load(t, l);
	return l;
}

static void leave(struct tui *t, void *state)
{
	(void)t;
	free_all(state);
	free(state);
}

static void draw_entry(const struct entry *en, int y, int sel)
{
	char buf[512];
	int x;

	if (sel) {
		attron(theme_attr(R_SELECTED));
		mvhline(y, 1, ' ', COLS - 2);
		mvhline(y + 1, 1, ' ', COLS - 2);
		attroff(theme_attr(R_SELECTED));
	}
	x = 2 + draw_text(y, 2, COLS - 16, sel ? R_SELECTED : R_ACCENT, en->title);
	xsnprintf(buf, sizeof(buf), " — %s", en->title_en);
	draw_text(y, x, COLS - 14 - x, sel ? R_SELECTED : R_NORMAL, buf);
	if (en->reads)
		draw_text(y, COLS - 10, 9, sel ? R_SELECTED : R_CORRECT, "✓ read");
	xsnprintf(buf, sizeof(buf), "%s · %s · %s · %ld words", en->genre, en->topic,
		  en->difficulty, en->words);
	x = 4 + draw_text(y + 1, 4, COLS - 6, sel ? R_SELECTED : R_DIM, buf);
	if (en->reads && !isnan(en->best))
		xsnprintf(buf, sizeof(buf), " · read %d time%s, best %.0f%%", en->reads,
			  en->reads == 1 ? "" : "s", en->best);
	else if (en->reads)
		xsnprintf(buf, sizeof(buf), " · read %d time%s", en->reads,
			  en->reads == 1 ? "" : "s");
	else
		xstrlcpy(buf, " · not read yet", sizeof(buf));
	draw_text(y + 1, x, COLS - 2 - x, sel ? R_SELECTED : R_DIM, buf);
}

static void draw(struct tui *t, void *state)
{
	struct texts *l = state;
	int per = (LINES - 6) / 2, i, y;
	char buf[256];

	if (l->stale) /* back from a text: it may have been read */
		load(t, l);
	draw_text(0, 1, COLS - 2, R_TITLE, "Reading");
	xsnprintf(buf, sizeof(buf), "Level: %s%s · Topic: %s · %d text%s",
		  l->level < N_LEVELS ? levels[l->level] : "every level",
		  l->level == level_index(t->o->user->level) ? " (yours)" : "",
		  l->topic[0] ? l->topic : "every topic", l->n_shown, l->n_shown == 1 ? "" : "s");
	draw_text(1, 2, COLS - 4, R_DIM, buf);
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + per)
		l->top = l->sel - per + 1;
	for (i = l->top, y = 3; i < l->n_shown && i < l->top + per; i++, y += 2)
		draw_entry(&l->all[l->shown[i]], y, i == l->sel);
	if (!l->n_shown)
		draw_text(3, 2, COLS - 4, R_NORMAL,
			  "No texts at this level and topic: Tab changes the level, t the topic.");
	if (l->error[0])
		draw_text(LINES - 3, 2, COLS - 4, R_WRONG, l->error);
	draw_text(LINES - 2, 2, COLS - 4, R_DIM,
		  "↑↓ choose · Enter read · Tab level · t topic · ? help · q back to Home");
}

static int key(struct tui *t, void *state, wint_t ch, int is_fkey)
{
	struct texts *l = state;

	if ((is_fkey && ch == KEY_UP) || (!is_fkey && ch == 'k')) {
		if (l->sel > 0)
			l->sel--;
	} else if ((is_fkey && ch == KEY_DOWN) || (!is_fkey && ch == 'j')) {
		if (l->sel + 1 < l->n_shown)
			l->sel++;
	} else if (is_fkey && (ch == KEY_HOME || ch == KEY_PPAGE)) {
		l->sel = 0;
	} else if (is_fkey && (ch == KEY_END || ch == KEY_NPAGE)) {
		l->sel = l->n_shown ? l->n_shown - 1 : 0;
	} else if ((is_fkey && (ch == KEY_ENTER || ch == KEY_RIGHT)) ||
		   (!is_fkey && (ch == '\r' || ch == '\n' || ch == 'l'))) {
		if (l->n_shown && screen_reading_open(t, l->all[l->shown[l->sel]].id) == 0)
			l->stale = 1;
	} else if (!is_fkey && ch == '\t') {
		next_level(t, l);
	} else if (!is_fkey && ch == 't') {
		next_topic(t, l);
	} else {
		return 0; /* q, Esc and ? go to the loop */
	}
	return 1;
}

const struct screen screen_reading = {
	"Reading", list_help, 80, 24, enter, leave, draw, key,
};
