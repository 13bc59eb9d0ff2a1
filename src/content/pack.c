/* pack.c: parsing and validating content packs (see assets/README.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/content.h"
#include "aidioma/util.h"
#include "banned.h"

struct vctx {
	const char *source, *text;
	size_t len;
	struct err *e;
	int nerr;
};

static void verr(struct vctx *v, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verr(struct vctx *v, const char *path, const char *fmt, ...)
{
	char msg[512];
	long off;
	int line = 1, col = 1;
	va_list ap;

	if (v->nerr++)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	off = json_locate(v->text, v->len, path);
	if (off < 0) {
		/* the field is missing: point at its parent object */
		char parent[256];
		char *cut;

		xstrlcpy(parent, path, sizeof(parent));
		cut = strrchr(parent, '.');
		if (cut)
			*cut = '\0';
		else
			parent[0] = '\0';
		off = json_locate(v->text, v->len, parent);
	}
	if (off >= 0)
		text_line_col(v->text, v->len, (size_t)off, &line, &col);
	err_set(v->e, ERR_USAGE, "%s:%d:%d: %s: %s", v->source, line, col,
		*path ? path : "(top level)", msg);
}

static const char *const difficulties[] = { "beginner", "intermediate", "advanced", NULL };
static const char *const kinds[] = { "sentence", "text", "flashcard", "scenario", NULL };
static const char *const registers[] = { "tu", "usted", "vosotros", "ustedes", "neutral", NULL };
static const char *const genres[] = { "story", "dialogue", "article", "message", NULL };
static const char *const addresses[] = { "tu", "usted", NULL };
static const char *const genders[] = { "m", "f", "mf", NULL };
static const char *const qtypes[] = { "choice", "short", NULL };
static const char *const parts_of_speech[] = {
	"noun", "verb", "adjective", "adverb", "pronoun", "preposition", "conjunction",
	"article", "determiner", "numeral", "interjection", "phrase", NULL
};
static const char *const grammar_tags[] = {
	"present", "ser-estar", "gustar", "reflexive", "articles", "agreement", "possessives",
	"questions", "negation", "hay", "tener", "ir-a", "prepositions", "numbers", "time",
	"preterite", "imperfect", "preterite-imperfect", "future", "conditional",
	"object-pronouns", "por-para", "commands", "present-perfect", "pluperfect",
	"subjunctive-present", "subjunctive-past", "si-clauses", "comparatives",
	"relative-clauses", "passive-se", "progressive", NULL
};

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

static void list_join(const char *const *list, char *out, size_t size)
{
	struct sbuf sb = SBUF_INIT;

	for (; *list; list++)
		sbuf_addf(&sb, "%s%s", sb.len ? ", " : "", *list);
	xstrlcpy(out, sb.buf ? sb.buf : "", size);
	sbuf_release(&sb);
}

static void subpath(char *out, size_t size, const char *path, const char *key)
{
	xsnprintf(out, size, "%s%s%s", path, *path ? "." : "", key);
}

static void idxpath(char *out, size_t size, const char *path, int i)
{
	xsnprintf(out, size, "%s[%d]", path, i);
}

/* Reject fields that are not in allowed, and fields given twice. */
static void check_keys(struct vctx *v, const cJSON *obj, const char *path,
		       const char *const *allowed)
{
	const cJSON *it, *jt;
	char p[256];

	for (it = obj->child; it; it = it->next) {
		subpath(p, sizeof(p), path, it->string);
		if (!in_list(it->string, allowed)) {
			char names[512];

			list_join(allowed, names, sizeof(names));
			verr(v, p, "unknown field '%s' (allowed: %s)", it->string, names);
		}
		for (jt = obj->child; jt != it; jt = jt->next)
			if (!strcmp(jt->string, it->string))
				verr(v, p, "field '%s' appears twice", it->string);
	}
}

static int check_text(struct vctx *v, const char *path, const char *s)
{
	size_t n = strlen(s), i;

	if (!utf8_valid(s, n)) {
		verr(v, path, "not valid UTF-8");
		return -1;
	}
	if (!n) {
		verr(v, path, "must not be empty");
		return -1;
	}
	if (s[0] == ' ' || s[n - 1] == ' ') {
		verr(v, path, "must not start or end with a space");
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f) {
			verr(v, path, "contains a control character");
			return -1;
		}
	}
	return 0;
}

static const char *get_str(struct vctx *v, const cJSON *obj, const char *path, const char *key,
			   int required)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[256];

	subpath(p, sizeof(p), path, key);
	if (!it) {
		if (required)
			verr(v, p, "required string field is missing");
		return NULL;
	}
	if (!cJSON_IsString(it)) {
		verr(v, p, "must be a string");
		return NULL;
	}
	if (check_text(v, p, it->valuestring))
		return NULL;
	return it->valuestring;
}

static const char *get_enum(struct vctx *v, const cJSON *obj, const char *path, const char *key,
			    const char *const *allowed, int required)
{
	const char *s = get_str(v, obj, path, key, required);
	char p[256], names[512];

	if (s && !in_list(s, allowed)) {
		subpath(p, sizeof(p), path, key);
		list_join(allowed, names, sizeof(names));
		verr(v, p, "'%s' is not one of: %s", s, names);
		return NULL;
	}
	return s;
}

static int get_int(struct vctx *v, const cJSON *obj, const char *path, const char *key, int min,
		   int max, int *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[256];

	subpath(p, sizeof(p), path, key);
	if (!it) {
		verr(v, p, "required integer field is missing");
		return -1;
	}
	if (!cJSON_IsNumber(it) || it->valuedouble != (double)(int)it->valuedouble) {
		verr(v, p, "must be an integer");
		return -1;
	}
	if (it->valueint < min || it->valueint > max) {
		verr(v, p, "%d is out of range (%d to %d)", it->valueint, min, max);
		return -1;
	}
	*out = it->valueint;
	return 0;
}

/* An array field with min..max elements (max < 0: no maximum); NULL if bad. */
static const cJSON *get_array(struct vctx *v, const cJSON *obj, const char *path,
			      const char *key, int min, int max)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[256];
	int n;

	subpath(p, sizeof(p), path, key);
	if (!it) {
		verr(v, p, "required array field is missing");
		return NULL;
	}
	if (!cJSON_IsArray(it)) {
		verr(v, p, "must be an array");
		return NULL;
	}
	n = cJSON_GetArraySize(it);
	if (n < min || (max >= 0 && n > max)) {
		if (min == max)
			verr(v, p, "must have exactly %d elements, found %d", min, n);
		else if (max < 0)
			verr(v, p, "must have at least %d element%s, found %d", min,
			     min == 1 ? "" : "s", n);
		else
			verr(v, p, "must have %d to %d elements, found %d", min, max, n);
		return NULL;
	}
	return it;
}

static const cJSON *get_object(struct vctx *v, const cJSON *obj, const char *path,
			       const char *key, int required)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[256];

	subpath(p, sizeof(p), path, key);
	if (!it) {
		if (required)
			verr(v, p, "required object field is missing");
		return NULL;
	}
	if (!cJSON_IsObject(it)) {
		verr(v, p, "must be an object");
		return NULL;
	}
	return it;
}

/* Every element a distinct valid string (and each in allowed, if given). */
static void check_str_array(struct vctx *v, const cJSON *arr, const char *path,
			    const char *const *allowed)
{
	const cJSON *it, *jt;
	char p[256];
	int i = 0;

	for (it = arr->child; it; it = it->next, i++) {
		idxpath(p, sizeof(p), path, i);
		if (!cJSON_IsString(it)) {
			verr(v, p, "must be a string");
			continue;
		}
		if (check_text(v, p, it->valuestring))
			continue;
		if (allowed && !in_list(it->valuestring, allowed)) {
			char names[1024];

			list_join(allowed, names, sizeof(names));
			verr(v, p, "'%s' is not one of: %s", it->valuestring, names);
		}
		for (jt = arr->child; jt != it; jt = jt->next)
			if (cJSON_IsString(jt) && !strcmp(jt->valuestring, it->valuestring))
				verr(v, p, "'%s' is listed twice", it->valuestring);
	}
}

static int valid_id(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static const char *get_id(struct vctx *v, const cJSON *obj, const char *path, const char *key)
{
	const char *s = get_str(v, obj, path, key, 1);
	char p[256];

	if (s && !valid_id(s)) {
		subpath(p, sizeof(p), path, key);
		verr(v, p, "'%s' is not a valid id: use 1 to 64 of a-z 0-9 . _ - starting with a "
			   "letter or digit", s);
		return NULL;
	}
	return s;
}

/* Lower-case Latin text for "does this word occur" checks (ASCII and Latin-1). */
static char *fold(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = xmalloc(n + 1);
	uint32_t cp;
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0) {
			out[o++] = s[i++];
			continue;
		}
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		else if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
			cp += 32;
		o += (size_t)utf8_encode(cp, out + o);
		i += (size_t)k;
	}
	out[o] = '\0';
	return out;
}

static const char *const common_keys[] = { "id", "difficulty", "topic", NULL };

static const char *const sentence_keys[] = { "id", "difficulty", "topic", "grammar", "english",
					     "spanish", "accepted", "hints", "register", "note",
					     NULL };
static const char *const text_keys[] = { "id", "difficulty", "topic", "genre", "title",
					 "title_en", "sentences", "glosses", "questions", NULL };
static const char *const flashcard_keys[] = { "id", "difficulty", "topic", "spanish", "english",
					      "pos", "gender", "band", "example", NULL };
static const char *const scenario_keys[] = { "id", "difficulty", "topic", "title", "title_en",
					     "setting", "persona", "goals", "opening",
					     "opening_en", "instructions", "script", "fallback",
					     "closing", NULL };

static void check_es_en(struct vctx *v, const cJSON *obj, const char *path, const char *es,
			const char *en, const char *const *keys)
{
	check_keys(v, obj, path, keys);
	get_str(v, obj, path, es, 1);
	get_str(v, obj, path, en, 1);
}

static void validate_sentence(struct vctx *v, const cJSON *it, const char *path,
			      struct content *c)
{
	const cJSON *acc, *hints, *gram, *x;
	const char *es;
	char p[256];
	int i = 0;

	check_keys(v, it, path, sentence_keys);
	get_str(v, it, path, "english", 1);
	es = get_str(v, it, path, "spanish", 1);
	acc = get_array(v, it, path, "accepted", 0, -1);
	if (acc) {
		subpath(p, sizeof(p), path, "accepted");
		check_str_array(v, acc, p, NULL);
		for (x = acc->child; x; x = x->next, i++) {
			char q[256];

			idxpath(q, sizeof(q), p, i);
			if (es && cJSON_IsString(x) && !strcmp(x->valuestring, es))
				verr(v, q, "repeats the main translation in 'spanish'");
		}
	}
	hints = get_array(v, it, path, "hints", 3, 3);
	if (hints) {
		subpath(p, sizeof(p), path, "hints");
		check_str_array(v, hints, p, NULL);
	}
	gram = get_array(v, it, path, "grammar", 1, -1);
	if (gram) {
		subpath(p, sizeof(p), path, "grammar");
		check_str_array(v, gram, p, grammar_tags);
	}
	get_enum(v, it, path, "register", registers, 0);
	get_str(v, it, path, "note", 0);
	if (v->nerr)
		return;
	c->primary_text = xstrdup(es);
	c->secondary_text = xstrdup(get_str(v, it, path, "english", 1));
}

static void validate_text(struct vctx *v, const cJSON *it, const char *path, struct content *c)
{
	static const char *const sentence_keys_t[] = { "es", "en", "paragraph", NULL };
	static const char *const gloss_keys[] = { "word", "lemma", "pos", "en", NULL };
	static const char *const q_keys[] = { "type", "question", "question_en", "options",
					      "answer", "accepted", NULL };
	const cJSON *sents, *gl, *qs, *x;
	struct sbuf es = SBUF_INIT, en = SBUF_INIT;
	char p[256], q[256];
	char *folded = NULL;
	int i;

	check_keys(v, it, path, text_keys);
	get_enum(v, it, path, "genre", genres, 1);
	get_str(v, it, path, "title", 1);
	get_str(v, it, path, "title_en", 1);
	sents = get_array(v, it, path, "sentences", 1, -1);
	if (sents) {
		subpath(p, sizeof(p), path, "sentences");
		for (x = sents->child, i = 0; x; x = x->next, i++) {
			const char *s_es, *s_en;
			const cJSON *para;

			idxpath(q, sizeof(q), p, i);
			if (!cJSON_IsObject(x)) {
				verr(v, q, "must be an object with 'es' and 'en'");
				continue;
			}
			check_keys(v, x, q, sentence_keys_t);
			s_es = get_str(v, x, q, "es", 1);
			s_en = get_str(v, x, q, "en", 1);
			para = cJSON_GetObjectItemCaseSensitive(x, "paragraph");
			if (para && !cJSON_IsBool(para)) {
				char r[256];

				subpath(r, sizeof(r), q, "paragraph");
				verr(v, r, "must be true or false");
			}
			if (!s_es || !s_en)
				continue;
			if (i > 0) {
				const char *sep = cJSON_IsTrue(para) ? "\n\n" : " ";

				sbuf_adds(&es, sep);
				sbuf_adds(&en, sep);
			}
			sbuf_adds(&es, s_es);
			sbuf_adds(&en, s_en);
		}
	}
	folded = fold(es.buf ? es.buf : "");
	gl = get_array(v, it, path, "glosses", 0, -1);
	if (gl) {
		subpath(p, sizeof(p), path, "glosses");
		for (x = gl->child, i = 0; x; x = x->next, i++) {
			const char *w;

			idxpath(q, sizeof(q), p, i);
			if (!cJSON_IsObject(x)) {
				verr(v, q, "must be an object with word, lemma, pos and en");
				continue;
			}
			check_keys(v, x, q, gloss_keys);
			w = get_str(v, x, q, "word", 1);
			get_str(v, x, q, "lemma", 1);
			get_enum(v, x, q, "pos", parts_of_speech, 1);
			get_str(v, x, q, "en", 1);
			if (w) {
				char *fw = fold(w);

				if (!strstr(folded, fw)) {
					char r[256];

					subpath(r, sizeof(r), q, "word");
					verr(v, r, "'%s' does not occur in the text", w);
				}
				free(fw);
			}
		}
	}
	qs = get_array(v, it, path, "questions", 4, -1);
	if (qs) {
		subpath(p, sizeof(p), path, "questions");
		for (x = qs->child, i = 0; x; x = x->next, i++) {
			const char *type;

			idxpath(q, sizeof(q), p, i);
			if (!cJSON_IsObject(x)) {
				verr(v, q, "must be an object");
				continue;
			}
			check_keys(v, x, q, q_keys);
			type = get_enum(v, x, q, "type", qtypes, 1);
			get_str(v, x, q, "question", 1);
			get_str(v, x, q, "question_en", 1);
			if (type && !strcmp(type, "choice")) {
				const cJSON *opts = get_array(v, x, q, "options", 2, 5);
				int ans;
				char r[256];

				subpath(r, sizeof(r), q, "options");
				if (opts)
					check_str_array(v, opts, r, NULL);
				if (!get_int(v, x, q, "answer", 0, 4, &ans) && opts &&
				    ans >= cJSON_GetArraySize(opts)) {
					subpath(r, sizeof(r), q, "answer");
					verr(v, r, "answer %d is not the index of an option (0 to %d)",
					     ans, cJSON_GetArraySize(opts) - 1);
				}
				if (cJSON_GetObjectItemCaseSensitive(x, "accepted")) {
					subpath(r, sizeof(r), q, "accepted");
					verr(v, r, "a choice question takes 'options' and 'answer', "
						   "not 'accepted'");
				}
			} else if (type) {
				const cJSON *acc = get_array(v, x, q, "accepted", 1, -1);
				char r[256];

				subpath(r, sizeof(r), q, "accepted");
				if (acc)
					check_str_array(v, acc, r, NULL);
				if (cJSON_GetObjectItemCaseSensitive(x, "options") ||
				    cJSON_GetObjectItemCaseSensitive(x, "answer")) {
					subpath(r, sizeof(r), q, "options");
					verr(v, r, "a short question takes 'accepted', not 'options' "
						   "or 'answer'");
				}
			}
		}
	}
	free(folded);
	if (!v->nerr) {
		c->primary_text = sbuf_detach(&es, NULL);
		c->secondary_text = sbuf_detach(&en, NULL);
	}
	sbuf_release(&es);
	sbuf_release(&en);
}

static void validate_flashcard(struct vctx *v, const cJSON *it, const char *path,
			       struct content *c)
{
	static const char *const ex_keys[] = { "es", "en", NULL };
	const char *pos, *es, *en;
	const cJSON *g, *ex;
	char p[256];
	int band;

	check_keys(v, it, path, flashcard_keys);
	es = get_str(v, it, path, "spanish", 1);
	en = get_str(v, it, path, "english", 1);
	pos = get_enum(v, it, path, "pos", parts_of_speech, 1);
	g = cJSON_GetObjectItemCaseSensitive(it, "gender");
	subpath(p, sizeof(p), path, "gender");
	if (pos && !strcmp(pos, "noun"))
		get_enum(v, it, path, "gender", genders, 1);
	else if (g)
		verr(v, p, "only nouns have a gender (this card's pos is '%s')", pos ? pos : "?");
	get_int(v, it, path, "band", 1, 5, &band);
	ex = get_object(v, it, path, "example", 1);
	if (ex) {
		subpath(p, sizeof(p), path, "example");
		check_es_en(v, ex, p, "es", "en", ex_keys);
	}
	if (v->nerr)
		return;
	c->primary_text = xstrdup(es);
	c->secondary_text = xstrdup(en);
}

static void validate_scenario(struct vctx *v, const cJSON *it, const char *path,
			      struct content *c)
{
	static const char *const persona_keys[] = { "name", "role", "region", "address", "traits",
						    NULL };
	static const char *const goal_keys[] = { "id", "en", "phrases", NULL };
	static const char *const branch_keys[] = { "keywords", "pattern", "reply", "reply_en",
						   "goal", NULL };
	static const char *const reply_keys[] = { "reply", "reply_en", NULL };
	const cJSON *persona, *goals, *script, *fb, *cl, *x, *y;
	const char *title, *title_en;
	char p[256], q[256], r[256];
	int i;

	check_keys(v, it, path, scenario_keys);
	title = get_str(v, it, path, "title", 1);
	title_en = get_str(v, it, path, "title_en", 1);
	get_str(v, it, path, "setting", 1);
	get_str(v, it, path, "opening", 1);
	get_str(v, it, path, "opening_en", 1);
	get_str(v, it, path, "instructions", 1);
	persona = get_object(v, it, path, "persona", 1);
	if (persona) {
		const cJSON *traits;

		subpath(p, sizeof(p), path, "persona");
		check_keys(v, persona, p, persona_keys);
		get_str(v, persona, p, "name", 1);
		get_str(v, persona, p, "role", 1);
		get_str(v, persona, p, "region", 1);
		get_enum(v, persona, p, "address", addresses, 1);
		traits = get_array(v, persona, p, "traits", 1, -1);
		if (traits) {
			subpath(q, sizeof(q), p, "traits");
			check_str_array(v, traits, q, NULL);
		}
	}
	goals = get_array(v, it, path, "goals", 3, -1);
	if (goals) {
		subpath(p, sizeof(p), path, "goals");
		for (x = goals->child, i = 0; x; x = x->next, i++) {
			const cJSON *ph;
			const char *gid;

			idxpath(q, sizeof(q), p, i);
			if (!cJSON_IsObject(x)) {
				verr(v, q, "must be an object with id, en and phrases");
				continue;
			}
			check_keys(v, x, q, goal_keys);
			gid = get_id(v, x, q, "id");
			get_str(v, x, q, "en", 1);
			ph = get_array(v, x, q, "phrases", 1, -1);
			if (ph) {
				subpath(r, sizeof(r), q, "phrases");
				check_str_array(v, ph, r, NULL);
			}
			for (y = goals->child; gid && y != x; y = y->next) {
				const cJSON *yid = cJSON_GetObjectItemCaseSensitive(y, "id");

				if (cJSON_IsString(yid) && !strcmp(yid->valuestring, gid)) {
					subpath(r, sizeof(r), q, "id");
					verr(v, r, "goal id '%s' is used twice", gid);
				}
			}
		}
	}
	script = get_array(v, it, path, "script", 6, -1);
	if (script) {
		subpath(p, sizeof(p), path, "script");
		for (x = script->child, i = 0; x; x = x->next, i++) {
			const cJSON *kw = cJSON_GetObjectItemCaseSensitive(x, "keywords");
			const cJSON *pat = cJSON_GetObjectItemCaseSensitive(x, "pattern");
			const char *goal;

			idxpath(q, sizeof(q), p, i);
			if (!cJSON_IsObject(x)) {
				verr(v, q, "must be an object");
				continue;
			}
			check_keys(v, x, q, branch_keys);
			if (!!kw == !!pat) {
				verr(v, q, "a branch needs exactly one of 'keywords' or 'pattern'");
			} else if (kw) {
				const cJSON *a = get_array(v, x, q, "keywords", 1, -1);

				subpath(r, sizeof(r), q, "keywords");
				if (a)
					check_str_array(v, a, r, NULL);
			} else {
				get_str(v, x, q, "pattern", 1);
			}
			get_str(v, x, q, "reply", 1);
			get_str(v, x, q, "reply_en", 1);
			goal = get_str(v, x, q, "goal", 0);
			if (goal && goals) {
				int found = 0;

				for (y = goals->child; y; y = y->next) {
					const cJSON *yid = cJSON_GetObjectItemCaseSensitive(y, "id");

					found |= cJSON_IsString(yid) && !strcmp(yid->valuestring, goal);
				}
				if (!found) {
					subpath(r, sizeof(r), q, "goal");
					verr(v, r, "no goal has the id '%s'", goal);
				}
			}
		}
	}
	fb = get_array(v, it, path, "fallback", 1, -1);
	if (fb) {
		subpath(p, sizeof(p), path, "fallback");
		for (x = fb->child, i = 0; x; x = x->next, i++) {
			idxpath(q, sizeof(q), p, i);
			if (!cJSON_IsObject(x)) {
				verr(v, q, "must be an object with reply and reply_en");
				continue;
			}
			check_es_en(v, x, q, "reply", "reply_en", reply_keys);
		}
	}
	cl = get_object(v, it, path, "closing", 1);
	if (cl) {
		subpath(p, sizeof(p), path, "closing");
		check_es_en(v, cl, p, "reply", "reply_en", reply_keys);
	}
	if (v->nerr)
		return;
	c->primary_text = xstrdup(title);
	c->secondary_text = xstrdup(title_en);
}

/* What stays in metadata: the item without the fields that have columns. */
static char *item_metadata(const cJSON *it, const char *kind)
{
	static const char *const drop_common[] = { "id", "difficulty", "topic", NULL };
	static const char *const drop_sentence[] = { "spanish", "english", NULL };
	static const char *const drop_title[] = { "title", "title_en", NULL };
	const char *const *drop = !strcmp(kind, "sentence") || !strcmp(kind, "flashcard") ?
					  drop_sentence :
				  !strcmp(kind, "scenario") ? drop_title : NULL;
	cJSON *copy = cJSON_Duplicate(it, 1);
	char *s, *out;
	int i;

	if (!copy)
		die_bug("out of memory");
	for (i = 0; drop_common[i]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(copy, drop_common[i]);
	for (i = 0; drop && drop[i]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(copy, drop[i]);
	s = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	if (!s)
		die_bug("out of memory");
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}

static void validate_item(struct vctx *v, const cJSON *it, int i, const char *kind,
			  struct content *c)
{
	const char *id, *diff, *topic;
	char path[64];
	int before = v->nerr;

	idxpath(path, sizeof(path), "items", i);
	if (!cJSON_IsObject(it)) {
		verr(v, path, "each item must be an object");
		return;
	}
	(void)common_keys;
	id = get_id(v, it, path, "id");
	diff = get_enum(v, it, path, "difficulty", difficulties, 1);
	topic = get_str(v, it, path, "topic", 1);
	if (topic) {
		const char *t;

		for (t = topic; *t; t++)
			if (!((*t >= 'a' && *t <= 'z') || *t == '-'))
				break;
		if (*t || strlen(topic) > 40) {
			char p[128];

			subpath(p, sizeof(p), path, "topic");
			verr(v, p, "'%s' is not a topic name: use lower-case letters and '-'", topic);
		}
	}
	if (!strcmp(kind, "sentence"))
		validate_sentence(v, it, path, c);
	else if (!strcmp(kind, "text"))
		validate_text(v, it, path, c);
	else if (!strcmp(kind, "flashcard"))
		validate_flashcard(v, it, path, c);
	else
		validate_scenario(v, it, path, c);
	if (v->nerr != before)
		return;
	xstrlcpy(c->id, id, sizeof(c->id));
	xstrlcpy(c->type, kind, sizeof(c->type));
	xstrlcpy(c->difficulty, diff, sizeof(c->difficulty));
	xstrlcpy(c->topic, topic, sizeof(c->topic));
	c->metadata = item_metadata(it, kind);
}

void pack_release(struct pack *p)
{
	int i;

	for (i = 0; i < p->n_items; i++)
		content_release(&p->items[i]);
	free(p->items);
	free(p->source);
	free(p->title);
	memset(p, 0, sizeof(*p));
}

int pack_parse(const char *source, const char *text, size_t len, struct pack *p, struct err *e)
{
	struct vctx v = { source, text, len, e, 0 };
	const char *end = NULL, *fmt, *kind, *id, *title;
	const cJSON *items, *it;
	cJSON *root;
	int i, line, col, version;

	memset(p, 0, sizeof(*p));
	p->source = xstrdup(source);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		return err_set(e, ERR_USAGE, "%s:1:1: starts with a byte-order mark: save it as "
			       "UTF-8 without BOM", source);
	if (!utf8_valid(text, len)) {
		size_t off = 0;
		uint32_t cp;
		int k;

		while (off < len && (k = utf8_decode(text + off, len - off, &cp)) > 0)
			off += (size_t)k;
		text_line_col(text, len, off, &line, &col);
		return err_set(e, ERR_USAGE, "%s:%d:%d: not valid UTF-8: save the file as UTF-8",
			       source, line, col);
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		size_t off = end && end >= text ? (size_t)(end - text) : 0;

		text_line_col(text, len, off, &line, &col);
		return err_set(e, ERR_USAGE, "%s:%d:%d: invalid JSON near here", source, line, col);
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return err_set(e, ERR_USAGE, "%s:1:1: a pack must be a JSON object", source);
	}
	{
		static const char *const top_keys[] = { "format", "version", "kind", "id", "title",
							"items", NULL };

		check_keys(&v, root, "", top_keys);
	}
	fmt = get_str(&v, root, "", "format", 1);
	if (fmt && strcmp(fmt, "aidioma-pack"))
		verr(&v, "format", "'%s' is not \"aidioma-pack\"", fmt);
	if (!get_int(&v, root, "", "version", 1, 1000, &version) &&
	    version > PACK_FORMAT_VERSION)
		verr(&v, "version", "format version %d is newer than this aidioma reads (%d): "
				    "upgrade aidioma", version, PACK_FORMAT_VERSION);
	kind = get_enum(&v, root, "", "kind", kinds, 1);
	id = get_id(&v, root, "", "id");
	title = get_str(&v, root, "", "title", 1);
	items = get_array(&v, root, "", "items", 1, -1);
	if (v.nerr)
		goto done;
	xstrlcpy(p->id, id, sizeof(p->id));
	xstrlcpy(p->kind, kind, sizeof(p->kind));
	p->title = xstrdup(title);
	p->version = version;
	sha256_hex(text, len, p->sha256);
	p->items = xcalloc((size_t)cJSON_GetArraySize(items), sizeof(*p->items));
	for (it = items->child, i = 0; it; it = it->next, i++) {
		validate_item(&v, it, i, kind, &p->items[i]);
		xstrlcpy(p->items[i].pack_id, p->id, sizeof(p->items[i].pack_id));
		p->items[i].success_rate = 0;
		p->n_items = i + 1;
	}
	/* ids unique inside the pack */
	for (i = 0; !v.nerr && i < p->n_items; i++) {
		int j;

		for (j = 0; j < i; j++)
			if (!strcmp(p->items[i].id, p->items[j].id)) {
				char path[64];

				xsnprintf(path, sizeof(path), "items[%d].id", i);
				verr(&v, path, "id '%s' is already used by items[%d]", p->items[i].id, j);
				break;
			}
	}
done:
	cJSON_Delete(root);
	if (v.nerr > 1) {
		char more[64];

		xsnprintf(more, sizeof(more), " (and %d more error%s)", v.nerr - 1,
			  v.nerr == 2 ? "" : "s");
		if (strlen(e->msg) + strlen(more) < sizeof(e->msg))
			memcpy(e->msg + strlen(e->msg), more, strlen(more) + 1);
	}
	return v.nerr ? ERR_USAGE : 0;
}

int pack_load(const char *path, struct pack *p, struct err *e)
{
	char *text;
	size_t len;
	int rc;

	memset(p, 0, sizeof(*p));
	if (file_read(path, PACK_MAX_BYTES, &text, &len, e))
		return e ? e->code : ERR_FAIL;
	if (!len) {
		free(text);
		return err_set(e, ERR_USAGE, "%s: the file is empty", path);
	}
	rc = pack_parse(path, text, len, p, e);
	free(text);
	return rc;
}
