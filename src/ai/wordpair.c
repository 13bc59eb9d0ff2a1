/* wordpair.c: judging one learner word against the reference word it stands for. */
#include <stdlib.h>
#include <string.h>

#include "ai/offline-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* The alignment asks for every pair: explanations only when they are wanted. */
#define EXPLAIN(j, ...) \
	do { \
		if ((j)->explain) \
			xsnprintf((j)->expl, sizeof((j)->expl), __VA_ARGS__); \
	} while (0)

/* Alignment costs: what stays below PAIR_COST_CLOSE is the same word, changed. */
#define COST_CASE 0.02
#define COST_ACCENT 0.1
#define COST_INFLECTION 0.45
#define COST_SPELLING 0.5
#define COST_REAL_WORD 0.6
#define COST_CONFUSED 0.8
#define COST_FUNCTION_SWAP 1.4

static int is_upper(const char *s)
{
	uint32_t cp;

	if (utf8_decode(s, strlen(s), &cp) < 0)
		return 0;
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7);
}

/* s after its first character. */
static const char *rest(const char *s)
{
	size_t n = strlen(s);

	return n ? s + utf8_next(s, n, 0) : s;
}

static void set(struct judgement *j, enum pair_kind k, double cost, enum diff_kind d)
{
	j->kind = k;
	j->cost = cost;
	j->diff = d;
}

static void fail(struct judgement *j, enum error_cat c, enum severity s, const char *what)
{
	j->error = 1;
	j->cat = c;
	j->sev = s;
	xstrlcpy(j->what, what, sizeof(j->what));
}

static void case_only(struct word *x, struct word *y, struct judgement *j)
{
	int first_only = !strcmp(rest(x->text), rest(y->text));

	set(j, PAIR_CASE, COST_CASE, DIFF_CLOSE);
	if (first_only && x->initial != y->initial) {
		/* the word moved to or from the start of a sentence */
		if (x->initial ? is_upper(x->text) : !is_upper(x->text)) {
			set(j, PAIR_SAME, 0, DIFF_CORRECT);
			return;
		}
	}
	fail(j, ECAT_CAPITALISATION, SEV_MINOR, "capitalisation");
	if (x->initial && !is_upper(x->text))
		EXPLAIN(j, "a sentence starts with a capital: '%s'", y->text);
	else if (is_upper(y->text))
		EXPLAIN(j, "'%s' is written with a capital", y->text);
	else
		EXPLAIN(j, "'%s' takes no capital here", y->text);
}

static void accent(struct word *x, struct word *y, struct judgement *j)
{
	char buf[256];
	const char *meaning;

	set(j, PAIR_ACCENT, COST_ACCENT, DIFF_CLOSE);
	if (strcmp(x->folded, y->folded)) {
		fail(j, ECAT_ACCENT, SEV_MEDIUM, "ñ");
		EXPLAIN(j, "ñ is a letter of its own: write '%s', not '%s'",
			  y->text, x->text);
	} else if ((meaning = accent_meaning(x->lower, y->lower, buf, sizeof(buf)))) {
		fail(j, ECAT_ACCENT, SEV_MEDIUM, "accent");
		EXPLAIN(j, "the accent changes the meaning: %s", meaning);
	} else {
		fail(j, ECAT_ACCENT, SEV_MINOR, "accent");
		EXPLAIN(j, "accent: '%s' is written '%s'", x->text, y->text);
	}
}

/* Singular candidates of a word: itself, without -s, without -es. */
static int singulars(const char *w, char out[3][64], int plural[3])
{
	size_t n = strlen(w);
	int k = 0;

	if (n >= sizeof(out[0]))
		return 0;
	xstrlcpy(out[k], w, sizeof(out[k]));
	plural[k++] = 0;
	if (n > 2 && w[n - 1] == 's') {
		xsnprintf(out[k], sizeof(out[k]), "%.*s", (int)n - 1, w);
		plural[k++] = 1;
		if (n > 3 && w[n - 2] == 'e') {
			xsnprintf(out[k], sizeof(out[k]), "%.*s", (int)n - 2, w);
			plural[k++] = 1;
		}
	}
	return k;
}

static int vowel_oae(char c)
{
	return c == 'o' || c == 'a' || c == 'e';
}

/* Masculine and feminine of one word: rojo/roja, consultor/consultora. */
static int gender_pair(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (na == nb && na > 1)
		return !strncmp(a, b, na - 1) && vowel_oae(a[na - 1]) && vowel_oae(b[nb - 1]) &&
		       a[na - 1] != b[nb - 1] && (a[na - 1] == 'a' || b[nb - 1] == 'a');
	if (na + 1 == nb && b[nb - 1] == 'a')
		return na > 2 && !strncmp(a, b, na) && !vowel_oae(a[na - 1]);
	if (nb + 1 == na && a[na - 1] == 'a')
		return nb > 2 && !strncmp(a, b, nb) && !vowel_oae(b[nb - 1]);
	return 0;
}

/* Do x and y differ in gender or number only?  Sets what. */
static int nominal(const struct word *x, const struct word *y, char *what, size_t size)
{
	char sx[3][64], sy[3][64];
	int px[3], py[3], nx = singulars(x->bare, sx, px), ny = singulars(y->bare, sy, py), i, k;

	for (i = 0; i < nx; i++)
		for (k = 0; k < ny; k++) {
			int same = !strcmp(sx[i], sy[k]), gender = !same && gender_pair(sx[i], sy[k]);

			if (!same && !gender)
				continue;
			if (same && px[i] == py[k])
				continue;
			xstrlcpy(what, gender && px[i] != py[k] ? "gender and number agreement" :
				 gender ? "gender agreement" : "number agreement", size);
			return 1;
		}
	return 0;
}

/* Gender and number of two words of one family (el/la, este/estos). */
static void family(const struct word *x, const struct word *y, char *what, size_t size)
{
	int g = x->cls->gender != y->cls->gender, n = x->cls->number != y->cls->number;

	xstrlcpy(what, g && n ? "gender and number agreement" : n ? "number agreement" :
		 "gender agreement", size);
}

static int adverb_or_link(const struct word *w)
{
	static const char *const words[] = { "es", "son", "está", "están", "estoy", "soy", "eres",
					     "somos", "era", "fue", "estaba", "estás" };
	size_t i;

	if (w->cls && (w->cls->kind == WK_OTHER_FUNCTION || w->cls->kind == WK_CONJUNCTION ||
		       w->cls->kind == WK_PREPOSITION || w->cls->kind == WK_OBJECT))
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w->lower, words[i]))
			return 1;
	return 0;
}

/* The learner's words to quote: the word, with the one it agrees with. */
static void context(const struct word *x, const struct word *prev, const struct word *next,
		    int verb, char *buf, size_t size)
{
	int det = x->cls && (x->cls->kind == WK_ARTICLE || x->cls->kind == WK_INDEFINITE ||
			     x->cls->kind == WK_DETERMINER);

	if (det && next)
		xsnprintf(buf, size, "%s %s", x->text, next->text);
	else if (prev && verb && word_is_subject_pronoun(prev))
		xsnprintf(buf, size, "%s %s", prev->text, x->text);
	else if (prev && !verb && !adverb_or_link(prev) && !word_is_subject_pronoun(prev))
		xsnprintf(buf, size, "%s %s", prev->text, x->text);
	else
		xstrlcpy(buf, x->text, size);
}

static int before_verb(const struct word *prev)
{
	return prev && ((prev->cls && (prev->cls->kind == WK_SUBJECT || prev->cls->kind == WK_OBJECT)) ||
			!strcmp(prev->lower, "no"));
}

int word_participle_ending(const char *bare)
{
	static const char *const ends[] = { "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas" };
	size_t n = strlen(bare), i, e;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		e = strlen(ends[i]);
		if (n > e + 1 && !strcmp(bare + n - e, ends[i]))
			return 1;
	}
	return 0;
}

static int body_part(const struct word *w)
{
	static const char *const parts[] = {
		"cabeza", "garganta", "mano", "manos", "pelo", "pierna", "piernas", "brazo", "brazos",
		"ojos", "ojo", "espalda", "dientes", "boca", "nariz", "pie", "pies", "rodilla",
		"estomago", "cara", "oido", "oidos", "cuello", "dedo", "dedos", "corazon", "barriga",
	};
	size_t i;

	for (i = 0; w && i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!strcmp(w->bare, parts[i]))
			return 1;
	return 0;
}

static int possessive(const struct word *w)
{
	static const char *const families[] = { "mi", "tu", "su", "nuestro", "vuestro" };
	size_t i;

	for (i = 0; w->cls && i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(w->cls->family, families[i]))
			return 1;
	return 0;
}

static void inflection(struct lexicon *lx, struct word *x, struct word *y, const struct word *prev,
		       const struct word *next, int explain, struct judgement *j)
{
	const struct verb_index *vi = lexicon_verbs(lx);
	char what[48], detail[160], ctx[160];
	int noun, verb;

	set(j, PAIR_INFLECTION, COST_INFLECTION, DIFF_CLOSE);
	j->error = 1;
	j->cat = ECAT_INFLECTION;
	j->sev = SEV_MEDIUM;
	if (!explain)
		return;
	noun = nominal(x, y, what, sizeof(what));
	/* participles agree like adjectives: preocupado, preocupados */
	verb = !(noun && word_participle_ending(y->bare)) &&
	       (verb_lemma(vi, x->lower) || verb_lemma(vi, y->lower) || before_verb(prev) ||
		lexicon_verb_only(lx, y) || lexicon_verb_only(lx, x));
	if (noun && !verb) {
		context(x, prev, next, 0, ctx, sizeof(ctx));
		xstrlcpy(j->what, what, sizeof(j->what));
		EXPLAIN(j, "%s: '%s' -> '%s'", what, ctx, y->text);
	} else if (verb_compare(vi, x->lower, y->lower, 1, what, sizeof(what), detail,
				sizeof(detail)) == 0) {
		context(x, prev, next, 1, ctx, sizeof(ctx));
		xstrlcpy(j->what, what, sizeof(j->what));
		EXPLAIN(j, "%s: '%s' -> '%s' (%s)", what, ctx, y->text, detail);
	} else if (noun) {
		context(x, prev, next, 0, ctx, sizeof(ctx));
		xstrlcpy(j->what, what, sizeof(j->what));
		EXPLAIN(j, "%s: '%s' -> '%s'", what, ctx, y->text);
	} else {
		xstrlcpy(j->what, "word form", sizeof(j->what));
		EXPLAIN(j, "word form: '%s' -> '%s'", x->text, y->text);
	}
}

/* "del" for "de" (an article too many), "de" or "el" for "del" (one word too few). */
static int contraction(const struct word *x, const struct word *y, struct judgement *j)
{
	static const char *const pairs[][2] = { { "del", "de" }, { "al", "a" } };
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		if (!strcmp(x->lower, "el") && !strcmp(y->lower, pairs[i][0])) {
			set(j, PAIR_CONFUSED, COST_INFLECTION, DIFF_CLOSE);
			fail(j, ECAT_MISSING_WORD, SEV_MEDIUM, "preposition");
			EXPLAIN(j, "the preposition is missing: '%s el' makes '%s'", pairs[i][1], y->text);
			return 1;
		}
		if (!strcmp(x->lower, pairs[i][0]) && !strcmp(y->lower, pairs[i][1])) {
			set(j, PAIR_CONFUSED, COST_INFLECTION, DIFF_CLOSE);
			fail(j, ECAT_EXTRA_WORD, SEV_MEDIUM, "article");
			EXPLAIN(j, "'%s' is '%s el': the article is not needed here: '%s'", x->text, y->lower,
				y->text);
			return 1;
		}
		if (!strcmp(x->lower, pairs[i][1]) && !strcmp(y->lower, pairs[i][0])) {
			set(j, PAIR_CONFUSED, COST_INFLECTION, DIFF_CLOSE);
			fail(j, ECAT_MISSING_WORD, SEV_MEDIUM, "article");
			EXPLAIN(j, "the article is needed here: '%s el' makes '%s'", x->lower, y->text);
			return 1;
		}
	}
	return 0;
}

static int max_typo(size_t chars)
{
	return chars <= 4 ? 1 : chars <= 8 ? 2 : 3;
}

void wordpair_judge(struct lexicon *lx, struct word *x, struct word *y, const struct word *prev,
		    const struct word *next, int explain, struct judgement *j)
{
	const char *why;
	int dist, known, function;
	size_t len;

	memset(j, 0, sizeof(*j));
	j->explain = explain;
	if (!strcmp(x->text, y->text)) {
		set(j, PAIR_SAME, 0, DIFF_CORRECT);
		return;
	}
	if (!strcmp(x->lower, y->lower)) {
		case_only(x, y, j);
		return;
	}
	if (!strcmp(x->bare, y->bare)) {
		accent(x, y, j);
		return;
	}
	if (x->cls && y->cls && !strcmp(x->cls->family, y->cls->family)) {
		char ctx[160];

		set(j, PAIR_INFLECTION, COST_INFLECTION, DIFF_CLOSE);
		j->error = 1;
		j->cat = ECAT_INFLECTION;
		j->sev = SEV_MEDIUM;
		if (explain) {
			family(x, y, j->what, sizeof(j->what));
			context(x, prev, next, 0, ctx, sizeof(ctx));
			EXPLAIN(j, "%s: '%s' -> '%s'", j->what, ctx, y->text);
		}
		return;
	}
	if (possessive(x) && y->cls && y->cls->kind == WK_ARTICLE && body_part(next)) {
		set(j, PAIR_CONFUSED, COST_CONFUSED, DIFF_WRONG);
		fail(j, ECAT_WRONG_WORD, SEV_MEDIUM, "article");
		EXPLAIN(j, "parts of the body take the article, not the "
			  "possessive: '%s %s'", y->text, next->text);
		return;
	}
	if (x->cls && y->cls && (x->cls->kind == WK_ARTICLE || x->cls->kind == WK_INDEFINITE) &&
	    (y->cls->kind == WK_ARTICLE || y->cls->kind == WK_INDEFINITE)) {
		set(j, PAIR_CONFUSED, COST_CONFUSED, DIFF_WRONG);
		fail(j, ECAT_WRONG_WORD, SEV_MEDIUM, "article");
		EXPLAIN(j, "article: the %s article '%s' here, not '%s'",
			  y->cls->kind == WK_ARTICLE ? "definite" : "indefinite", y->text, x->text);
		return;
	}
	if (contraction(x, y, j))
		return;
	if (lexicon_apocope(x, y)) {
		set(j, PAIR_INFLECTION, COST_INFLECTION, DIFF_CLOSE);
		fail(j, ECAT_INFLECTION, SEV_MEDIUM, "shortened adjective");
		if (strlen(y->lower) < strlen(x->lower))
			EXPLAIN(j, "shortened adjective: '%s' -> '%s' before a masculine singular noun",
				x->text, y->text);
		else
			EXPLAIN(j, "'%s' -> '%s': only before a masculine singular noun is it shortened",
				x->text, y->text);
		return;
	}
	if ((why = lexicon_confusion(lx, x, y))) {
		set(j, PAIR_CONFUSED, COST_CONFUSED, DIFF_WRONG);
		fail(j, ECAT_WRONG_WORD, SEV_MEDIUM, "confused words");
		EXPLAIN(j, "'%s' -> '%s': %s", x->text, y->text, why);
		return;
	}
	if (lexicon_related(lx, x, y)) {
		inflection(lx, x, y, prev, next, explain, j);
		return;
	}
	if (nominal(x, y, j->what, sizeof(j->what)) && lexicon_known(lx, x) == 1) {
		/* ambos, ambas: forms the stemmer keeps apart */
		inflection(lx, x, y, prev, next, explain, j);
		return;
	}
	len = utf8_len(y->bare);
	dist = edit_distance(x->bare, y->bare);
	known = lexicon_known(lx, x);
	function = word_is_function(x) && word_is_function(y);
	if (known != 1 && dist <= max_typo(len) && len > 1) {
		set(j, PAIR_SPELLING, COST_SPELLING, DIFF_CLOSE);
		fail(j, ECAT_SPELLING, dist == 1 && len >= 5 ? SEV_MINOR : SEV_MEDIUM, "spelling");
		EXPLAIN(j, "spelling: '%s' is written '%s'", x->text, y->text);
		return;
	}
	if (known == 1 && dist == 1 && len >= 4 && !function) {
		set(j, PAIR_SPELLING, COST_REAL_WORD, DIFF_CLOSE);
		fail(j, ECAT_SPELLING, SEV_MEDIUM, "spelling");
		EXPLAIN(j, "'%s' is another word; here it is '%s'", x->text,
			  y->text);
		return;
	}
	set(j, PAIR_DIFFERENT, function ? COST_FUNCTION_SWAP : PAIR_COST_DIFFERENT, DIFF_WRONG);
	fail(j, ECAT_WRONG_WORD, function ? SEV_MEDIUM : SEV_MAJOR, "wrong word");
	if (known == 0)
		EXPLAIN(j, "'%s' is not a Spanish word; here it is '%s'",
			  x->text, y->text);
	else
		EXPLAIN(j, "'%s' does not fit here: the translation has '%s'",
			  x->text, y->text);
}
