/* tutor.c: the Conversation tutor: scenarios, the offline script, the checker, goals, new words. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/tutor.h"
#include "aidioma/util.h"
#include "banned.h"

/* The matcher folds ñ to n as well: a learner without a Spanish keyboard
 * who types "manana" still reaches the goal of "mañana". */
static char *fold(const char *s)
{
	return text_fold(s, 1);
}

/* ---- a sorted set of strings */
struct strset {
	char **v;
	int n, alloc;
};

static int strset_find(const struct strset *s, const char *w, int *at)
{
	int lo = 0, hi = s->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(s->v[mid], w);

		if (!c) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

static int strset_has(const struct strset *s, const char *w)
{
	int at;

	return strset_find(s, w, &at);
}

static void strset_add(struct strset *s, const char *w)
{
	int at;

	if (!*w || strset_find(s, w, &at))
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 32;
		s->v = xrealloc(s->v, (size_t)s->alloc * sizeof(*s->v));
	}
	memmove(s->v + at + 1, s->v + at, (size_t)(s->n - at) * sizeof(*s->v));
	s->v[at] = xstrdup(w);
	s->n++;
}

/* Add every word of a folded text. */
static void strset_add_words(struct strset *s, const char *folded)
{
	char *copy = xstrdup(folded), *p = copy, *sp;

	while (*p) {
		sp = strchr(p, ' ');
		if (sp)
			*sp = '\0';
		strset_add(s, p);
		if (!sp)
			break;
		p = sp + 1;
	}
	free(copy);
}

static void strset_release(struct strset *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* ---- matching: whole words and globs over folded text */

/* Byte offset of the folded phrase in the folded text as whole words, or -1. */
static long phrase_at(const char *text, const char *phrase)
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
	f = fold(ch);
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
		f = fold(piece);
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

static int branch_matches(const struct tutor_branch *b, const char *folded)
{
	int i;

	if (b->pattern_folded)
		return glob_match(b->pattern_folded, folded);
	for (i = 0; i < b->n_keywords; i++)
		if (phrase_at(folded, b->keywords[i].folded) >= 0)
			return 1;
	return 0;
}

/* ---- the scenario */
static const char *jstr(const cJSON *o, const char *k)
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
	const char *es = jstr(o, es_key), *en = jstr(o, en_key);

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
		v[*n].folded = fold(x->valuestring);
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
	const char *name = jstr(p, "name"), *role = jstr(p, "role"), *region = jstr(p, "region");
	const char *address = jstr(p, "address");

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
		const char *id = jstr(x, "id"), *en = jstr(x, "en");

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
		const char *pat = jstr(x, "pattern");
		const cJSON *kw = cJSON_GetObjectItemCaseSensitive(x, "keywords");

		if ((rc = get_line(x, s->id, "script", "reply", "reply_en", &b->line, e)))
			return rc;
		s->n_script++;
		b->goal = goal_index(s, jstr(x, "goal"));
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
	setting = jstr(m, "setting");
	instructions = jstr(m, "instructions");
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

/* ---- replies */
void tutor_reply_init(struct tutor_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->branch = r->fallback = -1;
}

void tutor_correction_release(struct tutor_correction *c)
{
	free(c->original);
	free(c->corrected);
	free(c->explanation);
	memset(c, 0, sizeof(*c));
}

void tutor_reply_release(struct tutor_reply *r)
{
	int i;

	free(r->reply);
	free(r->reply_en);
	tutor_correction_release(&r->correction);
	for (i = 0; i < r->n_words; i++) {
		free(r->words[i].spanish);
		free(r->words[i].english);
	}
	free(r->words);
	free(r->goals);
	tutor_reply_init(r);
}

void tutor_reply_set(struct tutor_reply *r, const char *es, const char *en)
{
	free(r->reply);
	free(r->reply_en);
	r->reply = xstrdup(es);
	r->reply_en = xstrdup(en ? en : "");
}

void tutor_reply_add_goal(struct tutor_reply *r, int goal)
{
	int i;

	for (i = 0; i < r->n_goals; i++)
		if (r->goals[i] == goal)
			return;
	r->goals = xrealloc(r->goals, (size_t)(r->n_goals + 1) * sizeof(*r->goals));
	r->goals[r->n_goals++] = goal;
}

void tutor_reply_add_word(struct tutor_reply *r, const char *spanish, const char *english)
{
	r->words = xrealloc(r->words, (size_t)(r->n_words + 1) * sizeof(*r->words));
	r->words[r->n_words].spanish = xstrdup(spanish);
	r->words[r->n_words].english = xstrdup(english ? english : "");
	r->n_words++;
}

/* ---- the offline checker */

/* Accent-less forms that are no Spanish word: only the accented one is. */
static const char *const accent_words[][2] = {
	{ "adios", "adiós" }, { "ademas", "además" }, { "ahi", "ahí" }, { "aleman", "alemán" },
	{ "alla", "allá" }, { "alli", "allí" }, { "aqui", "aquí" }, { "arbol", "árbol" },
	{ "asi", "así" }, { "atras", "atrás" }, { "autobus", "autobús" }, { "avion", "avión" },
	{ "azucar", "azúcar" }, { "bano", "baño" }, { "banos", "baños" }, { "cafe", "café" },
	{ "cafes", "cafés" }, { "cafeteria", "cafetería" }, { "companero", "compañero" },
	{ "companera", "compañera" }, { "compania", "compañía" }, { "cumpleanos", "cumpleaños" },
	{ "despues", "después" }, { "detras", "detrás" }, { "dia", "día" }, { "dias", "días" },
	{ "dificil", "difícil" }, { "espanol", "español" }, { "espanola", "española" },
	{ "estan", "están" }, { "facil", "fácil" }, { "frances", "francés" }, { "jamas", "jamás" },
	{ "jamon", "jamón" }, { "japones", "japonés" }, { "jardin", "jardín" }, { "lapiz", "lápiz" },
	{ "limon", "limón" }, { "manana", "mañana" }, { "melon", "melón" }, { "menu", "menú" },
	{ "miercoles", "miércoles" }, { "nina", "niña" }, { "ninas", "niñas" }, { "nino", "niño" },
	{ "ninos", "niños" }, { "ojala", "ojalá" }, { "pais", "país" }, { "pelicula", "película" },
	{ "peliculas", "películas" }, { "pequena", "pequeña" }, { "pequeno", "pequeño" },
	{ "perdon", "perdón" }, { "policia", "policía" }, { "proxima", "próxima" },
	{ "proximo", "próximo" }, { "quiza", "quizá" }, { "quizas", "quizás" }, { "rapida", "rápida" },
	{ "rapido", "rápido" }, { "sabado", "sábado" }, { "salon", "salón" }, { "senor", "señor" },
	{ "senora", "señora" }, { "senorita", "señorita" }, { "simpatica", "simpática" },
	{ "simpatico", "simpático" }, { "tambien", "también" }, { "telefono", "teléfono" },
	{ "tia", "tía" }, { "tio", "tío" }, { "tipica", "típica" }, { "tipico", "típico" },
	{ "todavia", "todavía" }, { "util", "útil" },
};

/* Misspellings learners often make, each spelt one way only. */
static const char *const misspellings[][2] = {
	{ "aqua", "agua" }, { "cerveca", "cerveza" }, { "classe", "clase" },
	{ "differente", "diferente" }, { "exelente", "excelente" }, { "grasias", "gracias" },
	{ "necessito", "necesito" }, { "porfavor", "por favor" }, { "possible", "posible" },
	{ "professor", "profesor" }, { "quero", "quiero" }, { "restorante", "restaurante" },
	{ "tanbien", "también" },
};

/* Set phrases that are wrong as the learner wrote them (compared folded). */
static const struct {
	const char *wrong, *right, *why;
} phrases_fix[] = {
	{ "buenos tardes", "buenas tardes", "tarde is feminine: buenas tardes" },
	{ "buena tardes", "buenas tardes", "it is always plural: buenas tardes" },
	{ "buenos noches", "buenas noches", "noche is feminine: buenas noches" },
	{ "buena noches", "buenas noches", "it is always plural: buenas noches" },
	{ "buenas dias", "buenos días", "día is masculine: buenos días" },
	{ "bueno dias", "buenos días", "it is always plural: buenos días" },
	{ "mucho gracias", "muchas gracias", "gracias is feminine: muchas gracias" },
	{ "muchos gracias", "muchas gracias", "gracias is feminine: muchas gracias" },
	{ "mi gusta", "me gusta", "with gustar it is me, not mi" },
	{ "mi gustan", "me gustan", "with gustar it is me, not mi" },
	{ "mi llamo", "me llamo", "llamarse takes me, not mi" },
	{ "la agua", "el agua", "agua takes el in the singular" },
	{ "yo es", "yo soy", "with yo, ser is soy" },
	{ "yo esta", "yo estoy", "with yo, estar is estoy" },
	{ "yo tiene", "yo tengo", "with yo, tener is tengo" },
	{ "yo quiere", "yo quiero", "with yo, querer is quiero" },
	{ "yo puede", "yo puedo", "with yo, poder is puedo" },
	{ "esta bien", "está bien", "está (is, from estar) takes an accent" },
};

/* Question words, accent-less and accented. */
static const char *const question_words[][2] = {
	{ "adonde", "adónde" }, { "como", "cómo" }, { "cual", "cuál" }, { "cuales", "cuáles" },
	{ "cuando", "cuándo" }, { "cuanta", "cuánta" }, { "cuantas", "cuántas" },
	{ "cuanto", "cuánto" }, { "cuantos", "cuántos" }, { "donde", "dónde" }, { "que", "qué" },
	{ "quien", "quién" }, { "quienes", "quiénes" },
};

/* Before a question word: "y", "pero", a preposition ("¿de dónde...?"). */
static const char *const question_lead[] = { "y", "e", "pero", "a", "de", "desde", "en", "con",
					     "para", "por", "hasta", "hacia", NULL };

static const char *const counts[] = { "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
				      "nueve", "diez", "once", "doce", "quince", "veinte",
				      "treinta", "cuarenta", "cincuenta", "cien", "muchos", "pocos",
				      "unos", "varios", NULL };

#define WORD_KEY 48

struct cword {
	size_t s, e;         /* bytes of the word in the text */
	size_t span_end;     /* a fix replaces the text up to here */
	char low[WORD_KEY];  /* lower case; "" when too long */
	char fold[WORD_KEY]; /* folded */
	const char *fix;     /* the replacement, NULL: none */
	char *own;           /* a replacement built here (fix points to it) */
	const char *pre;     /* inserted before the word: ¿ or ¡ */
	int taken;           /* part of a fix already */
};

enum { N_ACCENT, N_QWORD, N_SPELL, N__LISTS };

struct check {
	const char *text;
	struct cword *w;
	int n;
	int qmark, excl, estar, years;
	struct sbuf list[N__LISTS]; /* the words of each kind of note */
	struct sbuf why;            /* the notes of the set phrases */
};

static int is_word_cp(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
	       (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

static uint32_t lower_cp(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
		return cp + 32;
	return cp;
}

static uint32_t upper_cp(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7))
		return cp - 32;
	return cp;
}

static void split_words(struct check *c)
{
	const char *t = c->text;
	size_t n = strlen(t), i = 0;
	int alloc = 0;

	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(t + i, n - i, &cp);
		struct cword *w;
		struct sbuf low = SBUF_INIT;
		char enc[4], *f;

		if (k < 0 || !is_word_cp(cp)) {
			i += k < 0 ? 1 : (size_t)k;
			continue;
		}
		if (c->n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			c->w = xrealloc(c->w, (size_t)alloc * sizeof(*c->w));
		}
		w = &c->w[c->n++];
		memset(w, 0, sizeof(*w));
		w->s = i;
		while (i < n && (k = utf8_decode(t + i, n - i, &cp)) > 0 && is_word_cp(cp)) {
			sbuf_add(&low, enc, (size_t)utf8_encode(lower_cp(cp), enc));
			i += (size_t)k;
		}
		w->e = w->span_end = i;
		if (low.len < WORD_KEY) {
			xstrlcpy(w->low, low.buf, sizeof(w->low));
			f = fold(low.buf);
			xstrlcpy(w->fold, f, sizeof(w->fold));
			free(f);
		}
		sbuf_release(&low);
	}
}

static void note_word(struct check *c, int list, const char *word)
{
	sbuf_adds(&c->list[list], c->list[list].len ? ", " : "");
	sbuf_adds(&c->list[list], word);
}

static void fix_word(struct check *c, int i, const char *right, int list)
{
	c->w[i].fix = right;
	c->w[i].taken = 1;
	if (list >= 0)
		note_word(c, list, right);
}

/* Set phrases, compared folded, fixed where the learner's spelling differs. */
static void check_phrases(struct check *c)
{
	size_t p;
	int i, k;

	for (p = 0; p < sizeof(phrases_fix) / sizeof(phrases_fix[0]); p++) {
		const char *wrong = phrases_fix[p].wrong;

		for (i = 0; i < c->n; i++) {
			const char *q = wrong;
			struct sbuf got = SBUF_INIT;
			int ok = 1;

			for (k = i; *q; k++) {
				size_t len = strcspn(q, " ");

				if (k >= c->n || c->w[k].taken || strlen(c->w[k].fold) != len ||
				    strncmp(c->w[k].fold, q, len)) {
					ok = 0;
					break;
				}
				sbuf_adds(&got, got.len ? " " : "");
				sbuf_adds(&got, c->w[k].low);
				q += len;
				q += *q == ' ';
			}
			if (ok && strcmp(got.buf, phrases_fix[p].right)) {
				int j;

				c->w[i].fix = phrases_fix[p].right;
				c->w[i].span_end = c->w[k - 1].e;
				for (j = i; j < k; j++)
					c->w[j].taken = 1;
				if (!strstr(c->why.buf ? c->why.buf : "", phrases_fix[p].why)) {
					sbuf_adds(&c->why, c->why.len ? "; " : "");
					sbuf_adds(&c->why, phrases_fix[p].why);
				}
			}
			sbuf_release(&got);
		}
	}
}

static int in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

static int question_word(const char *folded)
{
	size_t i;

	for (i = 0; i < sizeof(question_words) / sizeof(question_words[0]); i++)
		if (!strcmp(folded, question_words[i][0]))
			return (int)i;
	return -1;
}

/* The word where the question itself starts, from word k: past "y", "de"... */
static int question_word_at(const struct check *c, int k, int end)
{
	int lead = 0;

	while (k < end && lead < 2 && in_list(c->w[k].fold, question_lead)) {
		k++;
		lead++;
	}
	return k < end && question_word(c->w[k].fold) >= 0 ? k : -1;
}

static int first_word_from(const struct check *c, size_t at)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->w[i].s >= at)
			return i;
	return c->n;
}

/* One sentence of the turn, [from, to) in bytes, ended by term. */
static void check_sentence(struct check *c, size_t from, size_t to, char term)
{
	const char *t = c->text, *open = term == '?' ? "¿" : "¡";
	int a = first_word_from(c, from), b = first_word_from(c, to), q, k;
	const char *comma;
	int has_open = 0;
	size_t i;

	if (a >= b || (term != '?' && term != '!'))
		return;
	for (i = from; i + 1 < to; i++)
		if (!strncmp(t + i, open, 2))
			has_open = 1;
	if (term == '!') {
		if (!has_open) {
			c->w[a].pre = "¡";
			c->excl = 1;
		}
		return;
	}
	/* where the question starts: after ¿, else after the last comma when a
	 * question word follows it ("Hola, ¿qué tal?"), else the sentence */
	q = a;
	for (i = from; i + 1 < to; i++)
		if (!strncmp(t + i, "¿", 2))
			q = first_word_from(c, i + 2);
	if (!has_open) {
		comma = NULL;
		for (i = from; i < to; i++)
			if (t[i] == ',')
				comma = t + i;
		if (comma && (k = first_word_from(c, (size_t)(comma - t))) < b &&
		    question_word_at(c, k, b) >= 0)
			q = k;
		c->w[q].pre = "¿";
		c->qmark = 1;
	}
	k = question_word_at(c, q, b);
	if (k < 0 || c->w[k].taken)
		return;
	/* "cuando" can open a clause inside a question: "¿Cuando llegues, me llamas?" */
	if (!strcmp(c->w[k].fold, "cuando"))
		for (i = c->w[k].e; i < to; i++)
			if (t[i] == ',')
				return;
	if (!strcmp(c->w[k].low, c->w[k].fold)) {
		int qw = question_word(c->w[k].fold);

		fix_word(c, k, question_words[qw][1], N_QWORD);
	}
	/* "¿dónde esta...?", "¿cómo estas?": the verb estar */
	if (k + 1 < b && !c->w[k + 1].taken &&
	    (!strcmp(c->w[k].fold, "donde") || !strcmp(c->w[k].fold, "como"))) {
		static const char *const estar[][2] = { { "esta", "está" }, { "estas", "estás" } };
		size_t j;

		for (j = 0; j < 2; j++)
			if (!strcmp(c->w[k + 1].low, estar[j][0])) {
				fix_word(c, k + 1, estar[j][1], -1);
				c->estar = 1;
			}
	}
}

static void check_sentences(struct check *c)
{
	const char *t = c->text;
	size_t n = strlen(t), i = 0, start = 0;

	while (i <= n) {
		char term = 0;
		size_t len = 1;

		if (i == n)
			term = '.';
		else if (t[i] == '.' || t[i] == '!' || t[i] == '?')
			term = t[i];
		else if (!strncmp(t + i, "…", 3)) {
			term = '.';
			len = 3;
		}
		if (!term) {
			i++;
			continue;
		}
		check_sentence(c, start, i, term);
		i += len;
		while (i < n && (t[i] == '.' || t[i] == '!' || t[i] == '?'))
			i++;
		start = i;
		if (i == n)
			break;
	}
}

static void check_words(struct check *c)
{
	size_t j, len;
	int i;

	for (i = 0; i < c->n; i++) {
		struct cword *w = &c->w[i];

		if (w->taken || !w->low[0])
			continue;
		/* "veinte anos": years */
		if ((!strcmp(w->low, "anos") || !strcmp(w->low, "ano")) && i > 0 &&
		    (in_list(c->w[i - 1].fold, counts) || (c->w[i - 1].low[0] >= '0' &&
							    c->w[i - 1].low[0] <= '9'))) {
			fix_word(c, i, w->low[3] ? "años" : "año", -1);
			c->years = 1;
			continue;
		}
		for (j = 0; j < sizeof(accent_words) / sizeof(accent_words[0]); j++)
			if (!strcmp(w->low, accent_words[j][0]))
				break;
		if (j < sizeof(accent_words) / sizeof(accent_words[0])) {
			fix_word(c, i, accent_words[j][1], N_ACCENT);
			continue;
		}
		for (j = 0; j < sizeof(misspellings) / sizeof(misspellings[0]); j++)
			if (!strcmp(w->low, misspellings[j][0]))
				break;
		if (j < sizeof(misspellings) / sizeof(misspellings[0])) {
			fix_word(c, i, misspellings[j][1], N_SPELL);
			continue;
		}
		/* every word ending in -cion or -sion is written -ción, -sión */
		len = strlen(w->low);
		if (len >= 6 && (!strcmp(w->low + len - 4, "cion") || !strcmp(w->low + len - 4, "sion"))) {
			char *own = xmalloc(len + 2);

			memcpy(own, w->low, len - 2);
			memcpy(own + len - 2, "ón", 4);
			w->fix = w->own = own;
			w->taken = 1;
			note_word(c, N_ACCENT, own);
		}
	}
}

/* The replacement in the learner's capitals: "Tambien" -> "También". */
static void add_recased(struct sbuf *out, const struct cword *w, const char *text, const char *fix)
{
	size_t n = strlen(fix), i = 0;
	uint32_t first = 0, cp;
	int all_upper = 1, letters = 0, k;
	char enc[4];

	for (i = w->s; i < w->e; i += (size_t)(k > 0 ? k : 1)) {
		k = utf8_decode(text + i, w->e - i, &cp);
		if (k <= 0)
			continue;
		if (!letters)
			first = cp;
		letters++;
		if (lower_cp(cp) == cp && upper_cp(cp) != cp)
			all_upper = 0;
	}
	all_upper = all_upper && letters > 1;
	for (i = 0; i < n; i += (size_t)k) {
		k = utf8_decode(fix + i, n - i, &cp);
		if (k <= 0) {
			k = 1;
			continue;
		}
		if (all_upper || (i == 0 && lower_cp(first) != first))
			cp = upper_cp(cp);
		sbuf_add(out, enc, (size_t)utf8_encode(cp, enc));
	}
}

static char *build_corrected(const struct check *c)
{
	struct sbuf out = SBUF_INIT;
	size_t pos = 0;
	int i;

	for (i = 0; i < c->n; i++) {
		const struct cword *w = &c->w[i];

		if (!w->pre && !w->fix)
			continue;
		sbuf_add(&out, c->text + pos, w->s - pos);
		if (w->pre)
			sbuf_adds(&out, w->pre);
		if (w->fix) {
			add_recased(&out, w, c->text, w->fix);
			pos = w->span_end;
		} else {
			pos = w->s;
		}
	}
	sbuf_adds(&out, c->text + pos);
	return sbuf_detach(&out, NULL);
}

static char *build_explanation(struct check *c)
{
	struct sbuf sb = SBUF_INIT;

	if (c->qmark)
		sbuf_adds(&sb, "a question opens with ¿");
	if (c->excl)
		sbuf_addf(&sb, "%san exclamation opens with ¡", sb.len ? "; " : "");
	if (c->list[N_QWORD].len)
		sbuf_addf(&sb, "%squestion words take an accent: %s", sb.len ? "; " : "",
			  c->list[N_QWORD].buf);
	if (c->estar)
		sbuf_addf(&sb, "%sestá (is, from estar) takes an accent", sb.len ? "; " : "");
	if (c->list[N_ACCENT].len)
		sbuf_addf(&sb, "%smissing accent or ñ: %s", sb.len ? "; " : "", c->list[N_ACCENT].buf);
	if (c->years)
		sbuf_addf(&sb, "%syears are años, with ñ", sb.len ? "; " : "");
	if (c->list[N_SPELL].len)
		sbuf_addf(&sb, "%sspelling: %s", sb.len ? "; " : "", c->list[N_SPELL].buf);
	if (c->why.len)
		sbuf_addf(&sb, "%s%s", sb.len ? "; " : "", c->why.buf);
	return sbuf_detach(&sb, NULL);
}

int tutor_check_turn(const char *text, struct tutor_correction *out)
{
	struct check c;
	char *corrected;
	int i, changed;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.text = text;
	split_words(&c);
	check_phrases(&c);
	check_sentences(&c);
	check_words(&c);
	corrected = build_corrected(&c);
	changed = strcmp(corrected, text) != 0;
	if (changed) {
		out->original = xstrdup(text);
		out->corrected = corrected;
		out->explanation = build_explanation(&c);
	} else {
		free(corrected);
	}
	for (i = 0; i < c.n; i++)
		free(c.w[i].own);
	for (i = 0; i < N__LISTS; i++)
		sbuf_release(&c.list[i]);
	sbuf_release(&c.why);
	free(c.w);
	return changed;
}

/* ---- the glossary */
static int gloss_find(const struct tutor_glossary *gl, const char *key, int *at)
{
	int lo = 0, hi = gl->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(gl->g[mid].key, key);

		if (!c) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

void tutor_glossary_add(struct tutor_glossary *gl, const char *spanish, const char *english)
{
	char *key = fold(spanish);
	int at;

	if (!*key || gloss_find(gl, key, &at)) {
		free(key);
		return;
	}
	if (gl->n == gl->alloc) {
		gl->alloc = gl->alloc ? gl->alloc * 2 : 64;
		gl->g = xrealloc(gl->g, (size_t)gl->alloc * sizeof(*gl->g));
	}
	memmove(gl->g + at + 1, gl->g + at, (size_t)(gl->n - at) * sizeof(*gl->g));
	gl->g[at].key = key;
	gl->g[at].spanish = xstrdup(spanish);
	gl->g[at].english = xstrdup(english ? english : "");
	gl->n++;
}

void tutor_glossary_release(struct tutor_glossary *gl)
{
	int i;

	for (i = 0; i < gl->n; i++) {
		free(gl->g[i].key);
		free(gl->g[i].spanish);
		free(gl->g[i].english);
	}
	free(gl->g);
	memset(gl, 0, sizeof(*gl));
}

struct gl_load {
	const char *user_id;
	struct strset cards; /* content ids of the user's cards */
	struct strset met;   /* their words, folded */
	struct tutor_glossary cand;
};

static int is_function_pos(const char *pos)
{
	static const char *const fn[] = { "article", "pronoun", "preposition", "conjunction",
					  "determiner", NULL };

	return pos && in_list(pos, fn);
}

static int on_progress(const struct progress *p, void *ctx)
{
	struct gl_load *l = ctx;

	if (!strcmp(p->content_type, "flashcard"))
		strset_add(&l->cards, p->content_id);
	return 0;
}

static int on_card(const struct content *c, void *ctx)
{
	struct gl_load *l = ctx;
	cJSON *m;

	if (!c->primary_text || !*c->primary_text)
		return 0;
	if (strset_has(&l->cards, c->id)) {
		char *f = fold(c->primary_text);

		strset_add(&l->met, f);
		free(f);
		return 0;
	}
	if (!strcmp(c->topic, "own"))
		return 0; /* another learner's own card */
	m = cJSON_Parse(c->metadata ? c->metadata : "{}");
	if (!is_function_pos(jstr(m, "pos")))
		tutor_glossary_add(&l->cand, c->primary_text, c->secondary_text);
	cJSON_Delete(m);
	return 0;
}

static int on_text(const struct content *c, void *ctx)
{
	struct gl_load *l = ctx;
	cJSON *m = cJSON_Parse(c->metadata ? c->metadata : "{}"), *g;

	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(m, "glosses")) {
		const char *w = jstr(g, "word"), *en = jstr(g, "en");

		if (w && en && !is_function_pos(jstr(g, "pos")))
			tutor_glossary_add(&l->cand, w, en);
	}
	cJSON_Delete(m);
	return 0;
}

/* Lower case, accents kept: the key of the learner's word list. */
static char *lower_word(const char *s)
{
	size_t n = strlen(s), i = 0;
	struct sbuf sb = SBUF_INIT;
	char enc[4];
	uint32_t cp;
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		sbuf_add(&sb, enc, (size_t)utf8_encode(lower_cp(cp), enc));
		i += (size_t)k;
	}
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}

int tutor_glossary_load(struct store *st, const char *user_id, struct tutor_glossary *gl,
			struct err *e)
{
	struct gl_load l;
	char **words = NULL;
	int *status = NULL, i, n = 0, rc;

	memset(&l, 0, sizeof(l));
	l.user_id = user_id;
	if ((rc = store_progress_foreach(st, user_id, on_progress, &l, e)) ||
	    (rc = store_content_foreach(st, "flashcard", on_card, &l, e)) ||
	    (rc = store_content_foreach(st, "text", on_text, &l, e)))
		goto out;
	words = xcalloc((size_t)l.cand.n + 1, sizeof(*words));
	status = xcalloc((size_t)l.cand.n + 1, sizeof(*status));
	for (i = 0; i < l.cand.n; i++)
		words[n++] = lower_word(l.cand.g[i].spanish);
	if ((rc = store_words_status(st, user_id, (const char *const *)words, n, status, e)))
		goto out;
	for (i = 0; i < l.cand.n; i++)
		if (status[i] == WORD_NEW && !strset_has(&l.met, l.cand.g[i].key))
			tutor_glossary_add(gl, l.cand.g[i].spanish, l.cand.g[i].english);
out:
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
	free(status);
	strset_release(&l.cards);
	strset_release(&l.met);
	tutor_glossary_release(&l.cand);
	return rc;
}

/* ---- the conversation */
struct tutor {
	struct tutor_scenario sc;
	struct tutor_backend *be;
	const struct tutor_glossary *gl;
	char level[16];
	int (*cancelled)(void *arg);
	void *cancel_arg;
	unsigned char *fired, *reached;
	int next_fallback, n_reached;
	struct tutor_exchange *hist; /* a ring of history_max */
	int history_max, hist_first, hist_n;
	struct strset met, offered; /* folded words met in this conversation; words offered */
	int turns, corrections, new_words, ended;
	ms_t started_at, ended_at;
};

static int offline_reply(struct tutor_backend *b, const struct tutor *t, const char *turn,
			 const char *folded, struct tutor_reply *r, struct err *e)
{
	const struct tutor_scenario *s = &t->sc;
	int i, k;

	(void)b;
	(void)turn;
	for (i = 0; i < s->n_script; i++) {
		if (t->fired[i] || !branch_matches(&s->script[i], folded))
			continue;
		tutor_reply_set(r, s->script[i].line.es, s->script[i].line.en);
		r->source = TUTOR_SCRIPT;
		r->branch = i;
		if (s->script[i].goal >= 0)
			tutor_reply_add_goal(r, s->script[i].goal);
		return 0;
	}
	if (!s->n_fallback)
		return err_set(e, ERR_FAIL, "scenario '%s' has no fallback reply", s->id);
	k = t->next_fallback % s->n_fallback;
	tutor_reply_set(r, s->fallback[k].es, s->fallback[k].en);
	r->source = TUTOR_FALLBACK;
	r->fallback = k;
	return 0;
}

static void offline_free(struct tutor_backend *b)
{
	free(b);
}

struct tutor_backend *tutor_offline_new(void)
{
	struct tutor_backend *b = xcalloc(1, sizeof(*b));

	b->name = "offline";
	b->scripted = 1;
	b->reply = offline_reply;
	b->free = offline_free;
	return b;
}

/* The glossary's words in a tutor's line that this learner has not met,
 * in the order they appear. */
static void new_words(const struct tutor *t, const char *folded_line, const char *folded_turn,
		      struct tutor_reply *r)
{
	struct {
		long at;
		int i;
	} found[TUTOR_WORDS_PER_REPLY];
	int n = 0, i, j;

	if (!t->gl)
		return;
	for (i = 0; i < t->gl->n; i++) {
		const struct tutor_gloss *g = &t->gl->g[i];
		long at = phrase_at(folded_line, g->key);

		if (at < 0 || strset_has(&t->offered, g->key) || strset_has(&t->met, g->key) ||
		    (folded_turn && phrase_at(folded_turn, g->key) >= 0))
			continue;
		if (n == TUTOR_WORDS_PER_REPLY && at >= found[n - 1].at)
			continue;
		if (n < TUTOR_WORDS_PER_REPLY)
			n++;
		for (j = n - 1; j > 0 && found[j - 1].at > at; j--)
			found[j] = found[j - 1];
		found[j].at = at;
		found[j].i = i;
	}
	for (j = 0; j < n; j++)
		tutor_reply_add_word(r, t->gl->g[found[j].i].spanish, t->gl->g[found[j].i].english);
}

static void mark_words(struct tutor *t, const char *folded, const struct tutor_reply *r)
{
	int i;

	strset_add_words(&t->met, folded);
	for (i = 0; r && i < r->n_words; i++) {
		char *k = fold(r->words[i].spanish);

		strset_add(&t->offered, k);
		free(k);
	}
}

int tutor_start(const struct content *scenario, const struct tutor_options *o, struct tutor **out,
		struct tutor_reply *opening, struct err *e)
{
	struct tutor *t = xcalloc(1, sizeof(*t));
	char *f;
	int rc;

	*out = t;
	tutor_reply_init(opening);
	t->be = o && o->backend ? o->backend : tutor_offline_new();
	if ((rc = tutor_scenario_parse(scenario, &t->sc, e)))
		return rc;
	t->gl = o ? o->glossary : NULL;
	xstrlcpy(t->level, o && o->level ? o->level : t->sc.difficulty, sizeof(t->level));
	t->history_max = o && o->history_max > 0 ? o->history_max : TUTOR_HISTORY_DEFAULT;
	if (t->history_max > TUTOR_HISTORY_MAX)
		t->history_max = TUTOR_HISTORY_MAX;
	t->hist = xcalloc((size_t)t->history_max, sizeof(*t->hist));
	t->cancelled = o ? o->cancelled : NULL;
	t->cancel_arg = o ? o->cancel_arg : NULL;
	t->fired = xcalloc((size_t)t->sc.n_script + 1, 1);
	t->reached = xcalloc((size_t)t->sc.n_goals + 1, 1);
	t->started_at = clock_now_ms();
	tutor_reply_set(opening, t->sc.opening.es, t->sc.opening.en);
	opening->source = TUTOR_OPENING;
	opening->goals_total = t->sc.n_goals;
	f = fold(t->sc.opening.es);
	new_words(t, f, NULL, opening);
	mark_words(t, f, opening);
	t->new_words += opening->n_words;
	free(f);
	return 0;
}

static void history_push(struct tutor *t, const char *learner, const struct tutor_reply *r)
{
	struct tutor_exchange *x;

	if (t->hist_n < t->history_max) {
		x = &t->hist[(t->hist_first + t->hist_n) % t->history_max];
		t->hist_n++;
	} else {
		x = &t->hist[t->hist_first];
		free(x->learner);
		free(x->tutor);
		free(x->tutor_en);
		t->hist_first = (t->hist_first + 1) % t->history_max;
	}
	x->learner = xstrdup(learner);
	x->tutor = xstrdup(r->reply);
	x->tutor_en = xstrdup(r->reply_en ? r->reply_en : "");
}

/* Goals the turn reached by using one of their phrases; drop the ones
 * reached before, which a back end may name again. */
static void turn_goals(const struct tutor *t, const char *folded, struct tutor_reply *r)
{
	int i, k, n = 0;

	for (i = 0; i < t->sc.n_goals; i++)
		for (k = 0; k < t->sc.goals[i].n_phrases; k++)
			if (phrase_at(folded, t->sc.goals[i].phrases[k].folded) >= 0) {
				tutor_reply_add_goal(r, i);
				break;
			}
	for (i = 0; i < r->n_goals; i++)
		if (r->goals[i] >= 0 && r->goals[i] < t->sc.n_goals && !t->reached[r->goals[i]])
			r->goals[n++] = r->goals[i];
	r->n_goals = n;
	/* in the scenario's order, so output is stable */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && r->goals[k - 1] > r->goals[k]; k--) {
			int x = r->goals[k];

			r->goals[k] = r->goals[k - 1];
			r->goals[k - 1] = x;
		}
}

int tutor_turn(struct tutor *t, const char *text, struct tutor_reply *r, struct err *e)
{
	char *clean, *said, *folded = NULL, *freply = NULL;
	int rc, i;

	tutor_reply_init(r);
	if (t->ended)
		return err_set(e, ERR_USAGE, "the conversation has ended");
	clean = text_clean(text, TUTOR_TURN_MAX_CHARS);
	said = text_normalize(clean);
	free(clean);
	if (!*said) {
		rc = err_set(e, ERR_USAGE, "say something first");
		goto out;
	}
	folded = fold(said);
	if ((rc = t->be->reply(t->be, t, said, folded, r, e)))
		goto fail;
	if (!r->reply || !*r->reply) {
		rc = err_set(e, ERR_FAIL, "the %s tutor gave no reply", t->be->name);
		goto fail;
	}
	turn_goals(t, folded, r);
	if (!r->checked)
		r->has_correction = tutor_check_turn(said, &r->correction);
	if (!r->n_words) {
		freply = fold(r->reply);
		new_words(t, freply, folded, r);
	}
	if (t->cancelled && t->cancelled(t->cancel_arg)) {
		rc = err_set(e, ERR_FAIL, "cancelled");
		goto fail;
	}
	/* commit */
	if (r->branch >= 0 && r->branch < t->sc.n_script)
		t->fired[r->branch] = 1;
	if (r->fallback >= 0)
		t->next_fallback++;
	for (i = 0; i < r->n_goals; i++) {
		t->reached[r->goals[i]] = 1;
		t->n_reached++;
	}
	if (!freply)
		freply = fold(r->reply);
	mark_words(t, folded, r);
	mark_words(t, freply, NULL);
	t->turns++;
	t->corrections += r->has_correction;
	t->new_words += r->n_words;
	history_push(t, said, r);
	r->turn = t->turns;
	r->goals_reached = t->n_reached;
	r->goals_total = t->sc.n_goals;
	goto out;
fail:
	tutor_reply_release(r);
out:
	free(freply);
	free(folded);
	free(said);
	return rc;
}

void tutor_get_summary(const struct tutor *t, struct tutor_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->turns = t->turns;
	s->corrections = t->corrections;
	s->new_words = t->new_words;
	s->goals_reached = t->n_reached;
	s->goals_total = t->sc.n_goals;
	s->score = t->sc.n_goals ? 100.0 * t->n_reached / t->sc.n_goals : 0;
	s->duration_ms = (t->ended ? t->ended_at : clock_now_ms()) - t->started_at;
	if (s->duration_ms < 0)
		s->duration_ms = 0;
}

int tutor_end(struct tutor *t, struct tutor_reply *r, struct tutor_summary *s, struct err *e)
{
	tutor_reply_init(r);
	if (t->ended)
		return err_set(e, ERR_USAGE, "the conversation has ended");
	t->ended = 1;
	t->ended_at = clock_now_ms();
	tutor_reply_set(r, t->sc.closing.es, t->sc.closing.en);
	r->source = TUTOR_CLOSING;
	r->goals_reached = t->n_reached;
	r->goals_total = t->sc.n_goals;
	tutor_get_summary(t, s);
	return 0;
}

void tutor_free(struct tutor *t)
{
	int i;

	if (!t)
		return;
	if (t->be && t->be->free)
		t->be->free(t->be);
	for (i = 0; i < t->hist_n; i++) {
		struct tutor_exchange *x = &t->hist[(t->hist_first + i) % t->history_max];

		free(x->learner);
		free(x->tutor);
		free(x->tutor_en);
	}
	free(t->hist);
	free(t->fired);
	free(t->reached);
	strset_release(&t->met);
	strset_release(&t->offered);
	tutor_scenario_release(&t->sc);
	free(t);
}

const struct tutor_scenario *tutor_scenario(const struct tutor *t)
{
	return &t->sc;
}

const char *tutor_backend_name(const struct tutor *t)
{
	return t->be->name;
}

int tutor_scripted(const struct tutor *t)
{
	return t->be->scripted;
}

int tutor_ended(const struct tutor *t)
{
	return t->ended;
}

int tutor_goal_reached(const struct tutor *t, int goal)
{
	return goal >= 0 && goal < t->sc.n_goals && t->reached[goal];
}

int tutor_branch_fired(const struct tutor *t, int branch)
{
	return branch >= 0 && branch < t->sc.n_script && t->fired[branch];
}

int tutor_next_fallback(const struct tutor *t)
{
	return t->sc.n_fallback ? t->next_fallback % t->sc.n_fallback : -1;
}

int tutor_history_count(const struct tutor *t)
{
	return t->hist_n;
}

const struct tutor_exchange *tutor_history(const struct tutor *t, int i)
{
	if (i < 0 || i >= t->hist_n)
		return NULL;
	return &t->hist[(t->hist_first + i) % t->history_max];
}

/* ---- recording */
int tutor_record(struct store *st, const struct user *u, const struct tutor *t, struct err *e)
{
	cJSON *m = cJSON_CreateObject(), *goals = cJSON_CreateArray();
	struct tutor_summary s;
	struct activity a;
	struct progress p;
	char *meta;
	int i, rc;

	if (!t->turns) {
		cJSON_Delete(m);
		cJSON_Delete(goals);
		return err_set(e, ERR_USAGE, "nothing to record: the learner said nothing");
	}
	tutor_get_summary(t, &s);
	cJSON_AddStringToObject(m, "tutor", t->be->name);
	cJSON_AddNumberToObject(m, "turns", s.turns);
	cJSON_AddNumberToObject(m, "corrections", s.corrections);
	cJSON_AddNumberToObject(m, "new_words", s.new_words);
	for (i = 0; i < t->sc.n_goals; i++)
		if (t->reached[i])
			cJSON_AddItemToArray(goals, cJSON_CreateString(t->sc.goals[i].id));
	cJSON_AddItemToObject(m, "goals", goals);
	cJSON_AddNumberToObject(m, "goals_total", s.goals_total);
	cJSON_AddBoolToObject(m, "ended", t->ended);
	meta = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	memset(&a, 0, sizeof(a));
	xstrlcpy(a.user_id, u->id, sizeof(a.user_id));
	xstrlcpy(a.type, "conversation", sizeof(a.type));
	xstrlcpy(a.content_id, t->sc.id, sizeof(a.content_id));
	a.score = s.score;
	a.duration_ms = s.duration_ms;
	a.metadata = meta;
	if ((rc = store_begin(st, e)))
		goto out;
	if ((rc = store_activity_add(st, &a, e)))
		goto fail;
	rc = store_progress_get(st, u->id, t->sc.id, &p, e);
	if (rc == ERR_NOTFOUND) {
		progress_init(&p, u->id, t->sc.id, "scenario");
		rc = 0;
	}
	if (rc)
		goto fail;
	p.attempts++;
	p.last_score = s.score;
	if (isnan(p.best_score) || s.score > p.best_score)
		p.best_score = s.score;
	p.last_attempt_at = a.created_at;
	rc = store_progress_put(st, &p, e);
	progress_release(&p);
	if (rc)
		goto fail;
	rc = store_commit(st, e);
	goto out;
fail:
	store_rollback(st);
out:
	cJSON_free(meta);
	return rc;
}
