/* tutor-scenario.c: the tutor's scenarios: parsing them, matching turns to their branches. */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "ai/tutor-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* ---- matching: whole words and globs over folded text */

/* Byte offset of the folded phrase in the folded text as whole words, or -1. */
long tutor_phrase_at(const char *text, const char *phrase)
{
	size_t n = strlen(phrase);
	const char *p = text;

	if (!n)
		return -1;
	while ((p = strstr(p, phrase))) {
		if ((p == text || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return p - text;
		p++;
	}
	return -1;
}

/*
 * A glob over the folded turn: '*' is any run of characters; a space is a
 * space or the start or end of the turn, so "* la cuenta*" also matches a
 * turn that opens with "la cuenta".  Dynamic programming, not backtracking:
 * packs come from anywhere.
 */
static int glob_match(const char *p, const char *s)
{
	size_t np = strlen(p), ns = strlen(s), w = ns + 1, i, j;
	unsigned char *d = xcalloc((np + 1) * w, 1);
	int r;

	d[np * w + ns] = 1;
	for (i = np; i-- > 0;)
		for (j = ns + 1; j-- > 0;) {
			int m;

			if (p[i] == '*')
				m = d[(i + 1) * w + j] || (j < ns && d[i * w + j + 1]);
			else if (p[i] == ' ')
				m = (j < ns && s[j] == ' ' && d[(i + 1) * w + j + 1]) ||
				    ((j == 0 || j == ns) && d[(i + 1) * w + j]);
			else
				m = j < ns && s[j] == p[i] && d[(i + 1) * w + j + 1];
			d[i * w + j] = (unsigned char)m;
		}
	r = d[0];
	free(d);
	return r;
}

/* 1 when the first (last) character of s is no letter or digit. */
static int edge_is_separator(const char *s, int last)
{
	size_t n = strlen(s), at, end;
	char ch[8], *f;
	int sep;

	if (!n)
		return 0;
	at = last ? utf8_prev(s, n) : 0;
	end = last ? n : utf8_next(s, n, 0);
	if (end - at >= sizeof(ch))
		return 0;
	memcpy(ch, s + at, end - at);
	ch[end - at] = '\0';
	f = tutor_fold(ch);
	sep = !*f;
	free(f);
	return sep;
}

/* Fold a pattern piece by piece between the stars, keeping word edges. */
static char *fold_pattern(const char *pat)
{
	struct sbuf sb = SBUF_INIT;
	const char *p = pat, *star;

	for (;;) {
		char *piece, *f;

		star = strchr(p, '*');
		piece = star ? xstrndup(p, (size_t)(star - p)) : xstrdup(p);
		f = tutor_fold(piece);
		if (*piece && !*f)
			sbuf_adds(&sb, " ");
		else if (*f) {
			if (edge_is_separator(piece, 0))
				sbuf_adds(&sb, " ");
			sbuf_adds(&sb, f);
			if (edge_is_separator(piece, 1))
				sbuf_adds(&sb, " ");
		}
		free(f);
		free(piece);
		if (!star)
			break;
		sbuf_adds(&sb, "*");
		p = star + 1;
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

int tutor_branch_matches(const struct tutor_branch *b, const char *folded)
{
	int i;

	if (b->pattern_folded)
		return glob_match(b->pattern_folded, folded);
	for (i = 0; i < b->n_keywords; i++)
		if (tutor_phrase_at(folded, b->keywords[i].folded) >= 0)
			return 1;
	return 0;
}

/* ---- the scenario */
const char *tutor_jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static int missing(struct err *e, const char *id, const char *what)
{
	return err_set(e, ERR_USAGE, "scenario '%s': '%s' is missing or empty", id, what);
}

static int get_line(const cJSON *o, const char *id, const char *what, const char *es_key,
		    const char *en_key, struct tutor_line *l, struct err *e)
{
	const char *es = tutor_jstr(o, es_key), *en = tutor_jstr(o, en_key);

	if (!es || !en)
		return missing(e, id, what);
	l->es = xstrdup(es);
	l->en = xstrdup(en);
	return 0;
}

static struct tutor_phrase *get_phrases(const cJSON *a, int *n)
{
	struct tutor_phrase *v = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*v));
	const cJSON *x;

	*n = 0;
	cJSON_ArrayForEach(x, a) {
		if (!cJSON_IsString(x) || !x->valuestring[0])
			continue;
		v[*n].text = xstrdup(x->valuestring);
		v[*n].folded = tutor_fold(x->valuestring);
		(*n)++;
	}
	return v;
}

static void free_phrases(struct tutor_phrase *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].folded);
	}
	free(v);
}

static void free_line(struct tutor_line *l)
{
	free(l->es);
	free(l->en);
	l->es = l->en = NULL;
}

static int parse_persona(const cJSON *m, struct tutor_scenario *s, struct err *e)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(m, "persona"), *x;
	const char *name = tutor_jstr(p, "name"), *role = tutor_jstr(p, "role"), *region = tutor_jstr(p, "region");
	const char *address = tutor_jstr(p, "address");

	if (!name || !role || !region)
		return missing(e, s->id, "persona");
	s->persona.name = xstrdup(name);
	s->persona.role = xstrdup(role);
	s->persona.region = xstrdup(region);
	xstrlcpy(s->persona.address, address ? address : "usted", sizeof(s->persona.address));
	s->persona.traits = xcalloc((size_t)cJSON_GetArraySize(cJSON_GetObjectItem(p, "traits")) + 1,
				    sizeof(char *));
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(p, "traits"))
		if (cJSON_IsString(x))
			s->persona.traits[s->persona.n_traits++] = xstrdup(x->valuestring);
	return 0;
}

static int parse_goals(const cJSON *m, struct tutor_scenario *s, struct err *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(m, "goals"), *x;

	s->goals = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*s->goals));
	cJSON_ArrayForEach(x, a) {
		struct tutor_goal *g = &s->goals[s->n_goals];
		const char *id = tutor_jstr(x, "id"), *en = tutor_jstr(x, "en");

		if (!id || !en)
			return missing(e, s->id, "goals");
		xstrlcpy(g->id, id, sizeof(g->id));
		g->en = xstrdup(en);
		g->phrases = get_phrases(cJSON_GetObjectItemCaseSensitive(x, "phrases"), &g->n_phrases);
		s->n_goals++;
	}
	if (!s->n_goals)
		return missing(e, s->id, "goals");
	return 0;
}

static int goal_index(const struct tutor_scenario *s, const char *id)
{
	int i;

	for (i = 0; id && i < s->n_goals; i++)
		if (!strcmp(s->goals[i].id, id))
			return i;
	return -1;
}

static int parse_script(const cJSON *m, struct tutor_scenario *s, struct err *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(m, "script"), *x;
	int rc;

	s->script = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*s->script));
	cJSON_ArrayForEach(x, a) {
		struct tutor_branch *b = &s->script[s->n_script];
		const char *pat = tutor_jstr(x, "pattern");
		const cJSON *kw = cJSON_GetObjectItemCaseSensitive(x, "keywords");

		if ((rc = get_line(x, s->id, "script", "reply", "reply_en", &b->line, e)))
			return rc;
		s->n_script++;
		b->goal = goal_index(s, tutor_jstr(x, "goal"));
		if (pat) {
			b->pattern = xstrdup(pat);
			b->pattern_folded = fold_pattern(pat);
		} else {
			b->keywords = get_phrases(kw, &b->n_keywords);
		}
	}
	return 0;
}

int tutor_scenario_parse(const struct content *c, struct tutor_scenario *s, struct err *e)
{
	cJSON *m = NULL, *x;
	const char *setting, *instructions;
	int rc;

	memset(s, 0, sizeof(*s));
	xstrlcpy(s->id, c->id, sizeof(s->id));
	xstrlcpy(s->difficulty, c->difficulty, sizeof(s->difficulty));
	xstrlcpy(s->topic, c->topic, sizeof(s->topic));
	if (strcmp(c->type, "scenario"))
		return err_set(e, ERR_USAGE, "'%s' is a %s, not a scenario", c->id, c->type);
	if (!c->primary_text || !c->secondary_text)
		return missing(e, s->id, "title");
	s->title = xstrdup(c->primary_text);
	s->title_en = xstrdup(c->secondary_text);
	m = cJSON_Parse(c->metadata ? c->metadata : "");
	if (!cJSON_IsObject(m)) {
		rc = err_set(e, ERR_USAGE, "scenario '%s': its metadata is not a JSON object", s->id);
		goto out;
	}
	setting = tutor_jstr(m, "setting");
	instructions = tutor_jstr(m, "instructions");
	if (!setting || !instructions) {
		rc = missing(e, s->id, setting ? "instructions" : "setting");
		goto out;
	}
	s->setting = xstrdup(setting);
	s->instructions = xstrdup(instructions);
	if ((rc = parse_persona(m, s, e)) || (rc = parse_goals(m, s, e)) ||
	    (rc = get_line(m, s->id, "opening", "opening", "opening_en", &s->opening, e)) ||
	    (rc = get_line(cJSON_GetObjectItemCaseSensitive(m, "closing"), s->id, "closing", "reply",
			   "reply_en", &s->closing, e)) ||
	    (rc = parse_script(m, s, e)))
		goto out;
	x = cJSON_GetObjectItemCaseSensitive(m, "fallback");
	s->fallback = xcalloc((size_t)cJSON_GetArraySize(x) + 1, sizeof(*s->fallback));
	for (x = x ? x->child : NULL; x; x = x->next) {
		if ((rc = get_line(x, s->id, "fallback", "reply", "reply_en", &s->fallback[s->n_fallback],
				   e)))
			goto out;
		s->n_fallback++;
	}
	if (!s->n_fallback)
		rc = missing(e, s->id, "fallback");
out:
	cJSON_Delete(m);
	return rc;
}

void tutor_scenario_release(struct tutor_scenario *s)
{
	int i;

	free(s->title);
	free(s->title_en);
	free(s->setting);
	free(s->instructions);
	free(s->persona.name);
	free(s->persona.role);
	free(s->persona.region);
	for (i = 0; i < s->persona.n_traits; i++)
		free(s->persona.traits[i]);
	free(s->persona.traits);
	for (i = 0; i < s->n_goals; i++) {
		free(s->goals[i].en);
		free_phrases(s->goals[i].phrases, s->goals[i].n_phrases);
	}
	free(s->goals);
	free_line(&s->opening);
	free_line(&s->closing);
	for (i = 0; i < s->n_script; i++) {
		free_phrases(s->script[i].keywords, s->script[i].n_keywords);
		free(s->script[i].pattern);
		free(s->script[i].pattern_folded);
		free_line(&s->script[i].line);
	}
	free(s->script);
	for (i = 0; i < s->n_fallback; i++)
		free_line(&s->fallback[i]);
	free(s->fallback);
	memset(s, 0, sizeof(*s));
}
