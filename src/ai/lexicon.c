/* lexicon.c: what the offline evaluator knows of Spanish words: dictionary, stems, word classes. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_HUNSPELL
#include <hunspell.h>
#endif
#ifdef HAVE_STEMMER
#include <libstemmer.h>
#endif

#include "ai/offline-int.h"
#include "aidioma/util.h"
#include "banned.h"

#ifndef HUNSPELL_DICT_DIR
#define HUNSPELL_DICT_DIR "/usr/share/hunspell"
#endif
#define MAX_ROOTS 8
#define DISTANCE_MAX_CHARS 64

struct lexicon {
	int dict_tried;
	int english_tried;
	int stemmer_tried;
#ifdef HAVE_HUNSPELL
	Hunhandle *dict;
	Hunhandle *english; /* en_US: to tell an English word from a misspelt Spanish one */
#endif
#ifdef HAVE_STEMMER
	struct sb_stemmer *stemmer;
#endif
	struct verb_index *verbs;
	char **confusion_stems; /* two a confusion, made on first use */
	size_t n_confusion_stems;
};

struct lexicon *lexicon_new(void)
{
	return xcalloc(1, sizeof(struct lexicon));
}

void lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
#ifdef HAVE_HUNSPELL
	if (lx->dict)
		Hunspell_destroy(lx->dict);
	if (lx->english)
		Hunspell_destroy(lx->english);
#endif
#ifdef HAVE_STEMMER
	if (lx->stemmer)
		sb_stemmer_delete(lx->stemmer);
#endif
	verb_index_free(lx->verbs);
	if (lx->confusion_stems) {
		size_t i;

		for (i = 0; i < lx->n_confusion_stems; i++)
			free(lx->confusion_stems[i]);
		free(lx->confusion_stems);
	}
	free(lx);
}

const struct verb_index *lexicon_verbs(struct lexicon *lx)
{
	if (!lx->verbs)
		lx->verbs = verb_index_new();
	return lx->verbs;
}

void lexicon_without_dictionaries(struct lexicon *lx)
{
	lx->dict_tried = 1;
	lx->english_tried = 1;
}

#ifdef HAVE_HUNSPELL
static Hunhandle *load(const char *name)
{
	char aff[256], dic[256];

	xsnprintf(aff, sizeof(aff), "%s/%s.aff", HUNSPELL_DICT_DIR, name);
	xsnprintf(dic, sizeof(dic), "%s/%s.dic", HUNSPELL_DICT_DIR, name);
	if (access(aff, R_OK) || access(dic, R_OK))
		return NULL;
	return Hunspell_create(aff, dic);
}

/* The es_ES dictionary, loaded the first time a word is looked up. */
static Hunhandle *dictionary(struct lexicon *lx)
{
	if (!lx->dict_tried) {
		lx->dict_tried = 1;
		lx->dict = load("es_ES");
	}
	return lx->dict;
}

static Hunhandle *english(struct lexicon *lx)
{
	if (!lx->english_tried) {
		lx->english_tried = 1;
		lx->english = load("en_US");
	}
	return lx->english;
}
#endif

int lexicon_has_dictionary(struct lexicon *lx)
{
#ifdef HAVE_HUNSPELL
	return dictionary(lx) != NULL;
#else
	(void)lx;
	return 0;
#endif
}

int lexicon_english(struct lexicon *lx, const struct word *w)
{
#ifdef HAVE_HUNSPELL
	if (english(lx))
		return Hunspell_spell(lx->english, w->text) != 0 ||
		       Hunspell_spell(lx->english, w->lower) != 0;
#else
	(void)lx;
	(void)w;
#endif
	return -1;
}

/* ---- the forms of a word */

/* Without the Snowball stemmer: the usual endings off the accent-free word. */
static char *rough_stem(const char *bare)
{
	static const char *const ends[] = {
		"amientos", "imientos", "amiento", "imiento", "aciones", "adoras", "adores", "ieron",
		"iendo", "aron", "ando", "amos", "emos", "imos", "aban", "aba", "ado", "ada", "ido",
		"ida", "ar", "er", "ir", "es", "as", "os", "an", "en", "a", "e", "o", "s",
	};
	size_t n = strlen(bare), i;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t e = strlen(ends[i]);

		if (n >= e + 3 && !strcmp(bare + n - e, ends[i]))
			return xstrndup(bare, n - e);
	}
	return xstrdup(bare);
}

static char *stem_of(struct lexicon *lx, const char *lower, const char *bare)
{
#ifdef HAVE_STEMMER
	if (!lx->stemmer_tried) {
		lx->stemmer_tried = 1;
		lx->stemmer = sb_stemmer_new("spanish", "UTF_8");
	}
	if (lx->stemmer) {
		const sb_symbol *s = sb_stemmer_stem(lx->stemmer, (const sb_symbol *)lower,
						     (int)strlen(lower));

		if (s) {
			/* compare stems without accents: the stemmer keeps some */
			char *st = text_fold((const char *)s, 1);

			return st;
		}
	}
#else
	(void)lx;
	(void)lower;
#endif
	return rough_stem(bare);
}

void words_from_tokens(struct lexicon *lx, const struct tokens *tk, struct words *out)
{
	int i, initial = 1;

	out->w = xcalloc((size_t)tk->n + 1, sizeof(*out->w));
	out->n = 0;
	for (i = 0; i < tk->n; i++) {
		const struct token *t = &tk->t[i];
		struct word *w;

		if (!t->is_word) {
			if (!strcmp(t->text, ".") || !strcmp(t->text, "?") || !strcmp(t->text, "!"))
				initial = 1;
			continue;
		}
		w = &out->w[out->n++];
		w->text = t->text;
		w->folded = t->folded;
		w->lower = text_lower(t->text);
		w->bare = text_fold(t->text, 1);
		w->stem = stem_of(lx, w->lower, w->bare);
		w->initial = initial;
		w->known = -2;
		w->n_verbs = -1;
		w->cls = word_class_of(w->lower);
		initial = 0;
	}
}

void words_release(struct words *ws)
{
	int i, k;

	for (i = 0; i < ws->n; i++) {
		struct word *w = &ws->w[i];

		free(w->lower);
		free(w->bare);
		free(w->stem);
		for (k = 0; k < w->n_roots; k++)
			free(w->roots[k]);
		free(w->roots);
	}
	free(ws->w);
	ws->w = NULL;
	ws->n = 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int lexicon_known(struct lexicon *lx, struct word *w)
{
	if (w->known != -2)
		return w->known;
	if (all_digits(w->lower) || (w->cls && w->cls->kind != WK_NONE)) {
		w->known = 1;
		return 1;
	}
#ifdef HAVE_HUNSPELL
	if (dictionary(lx)) {
		w->known = Hunspell_spell(lx->dict, w->text) != 0 || Hunspell_spell(lx->dict, w->lower) != 0;
		return w->known;
	}
#else
	(void)lx;
#endif
	w->known = -1;
	return -1;
}

/* The dictionary's roots of w (tener for tengo, rojo for rojas). */
static void roots(struct lexicon *lx, struct word *w)
{
	if (w->roots_asked)
		return;
	w->roots_asked = 1;
#ifdef HAVE_HUNSPELL
	if (dictionary(lx)) {
		char **list;
		int n = Hunspell_stem(lx->dict, &list, w->lower), i;

		w->roots = xcalloc(MAX_ROOTS, sizeof(char *));
		for (i = 0; i < n && w->n_roots < MAX_ROOTS; i++)
			w->roots[w->n_roots++] = xstrdup(list[i]);
		if (n > 0)
			Hunspell_free_list(lx->dict, &list, n);
	}
#else
	(void)lx;
#endif
}

int lexicon_roots(struct lexicon *lx, struct word *w)
{
	roots(lx, w);
	return w->n_roots;
}

/* The verbs of the table w is a form of (fui: ser and ir), asked once. */
static int table_verbs(struct lexicon *lx, struct word *w)
{
	struct verb_form f[16];
	int k, i, j, dup;

	if (w->n_verbs >= 0)
		return w->n_verbs;
	w->n_verbs = 0;
	k = verb_analyse(lexicon_verbs(lx), w->lower, f, 16);
	for (i = 0; i < k && w->n_verbs < 4; i++) {
		if (!f[i].lemma)
			continue;
		for (dup = 0, j = 0; j < w->n_verbs; j++)
			dup |= !strcmp(w->verbs[j], f[i].lemma);
		if (!dup)
			w->verbs[w->n_verbs++] = f[i].lemma;
	}
	return w->n_verbs;
}

/* Is lemma one w may be a form of: a verb of the table, w itself, or (when
 * roots is set) a dictionary root? */
static int has_lemma(struct lexicon *lx, struct word *w, const char *lemma, int with_roots)
{
	int i, n = table_verbs(lx, w);

	if (!strcmp(w->lower, lemma))
		return 1;
	for (i = 0; i < n; i++)
		if (!strcmp(w->verbs[i], lemma))
			return 1;
	if (!with_roots)
		return 0;
	roots(lx, w);
	for (i = 0; i < w->n_roots; i++)
		if (!strcmp(w->roots[i], lemma))
			return 1;
	return 0;
}

int lexicon_related(struct lexicon *lx, struct word *a, struct word *b)
{
	int i, n;

	if (strlen(a->stem) >= 2 && !strcmp(a->stem, b->stem))
		return 1;
	n = table_verbs(lx, a);
	for (i = 0; i < n; i++)
		if (has_lemma(lx, b, a->verbs[i], 0))
			return 1;
	/* dictionary roots (cuento, contamos: contar) cost a lookup: only for
	 * words that start alike, as forms of one word nearly always do */
	if (a->bare[0] != b->bare[0])
		return 0;
	roots(lx, a);
	for (i = 0; i < a->n_roots; i++)
		if (has_lemma(lx, b, a->roots[i], 1))
			return 1;
	return has_lemma(lx, b, a->lower, 1) || has_lemma(lx, a, b->lower, 1);
}

static int is_infinitive(const char *s)
{
	size_t n = strlen(s);

	return (n > 2 && (!strcmp(s + n - 2, "ar") || !strcmp(s + n - 2, "er") ||
			  !strcmp(s + n - 2, "ir"))) || (n > 3 && !strcmp(s + n - 3, "ír"));
}

int lexicon_verb_reading(struct lexicon *lx, struct word *w)
{
	int i;

	if (table_verbs(lx, w))
		return 1;
	roots(lx, w);
	for (i = 0; i < w->n_roots; i++)
		if (is_infinitive(w->roots[i]) && strcmp(w->roots[i], w->lower))
			return 1;
	return 0;
}

/* The infinitives w is a form of: verbs of the table, dictionary roots
 * that are infinitives; at most max in out. */
static int infinitives(struct lexicon *lx, struct word *w, const char **out, int max)
{
	int i, j, k = 0, n = table_verbs(lx, w);

	for (i = 0; i < n && k < max; i++)
		out[k++] = w->verbs[i];
	roots(lx, w);
	for (i = 0; i < w->n_roots && k < max; i++) {
		int dup = 0;

		if (!is_infinitive(w->roots[i]))
			continue;
		for (j = 0; j < k; j++)
			dup |= !strcmp(out[j], w->roots[i]);
		if (!dup)
			out[k++] = w->roots[i];
	}
	return k;
}

int lexicon_shared_verbs(struct lexicon *lx, struct word *a, struct word *b, const char **out,
			 int max)
{
	const char *va[8], *vb[8];
	int na = infinitives(lx, a, va, 8), nb = infinitives(lx, b, vb, 8), i, j, k = 0;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb && k < max; j++)
			if (!strcmp(va[i], vb[j]))
				out[k++] = va[i];
	return k;
}

int lexicon_only_verb(struct lexicon *lx, struct word *w)
{
	int i;

	if (table_verbs(lx, w))
		return 1;
	roots(lx, w);
	for (i = 0; i < w->n_roots; i++)
		if (!is_infinitive(w->roots[i]))
			return 0;
	return w->n_roots > 0;
}

int lexicon_verb_only(struct lexicon *lx, struct word *w)
{
	int i;

	if (table_verbs(lx, w))
		return 1;
	roots(lx, w);
	if (!w->n_roots)
		return 0;
	for (i = 0; i < w->n_roots; i++)
		if (!is_infinitive(w->roots[i]) || !strcmp(w->roots[i], w->lower))
			return 0;
	return 1;
}

/* Pairs of words learners mix up, by lemma. */
static const struct {
	const char *a, *b, *why;
} confusions[] = {
	{ "ser", "estar", "ser or estar: estar for states, feelings and where things are; ser for what "
			  "something is" },
	{ "por", "para", "por or para: para for purpose, recipients and deadlines; por for cause, "
			 "exchange, duration and through" },
	{ "saber", "conocer", "saber or conocer: saber for facts and skills, conocer for people and "
			      "places" },
	{ "pedir", "preguntar", "pedir is to ask for something, preguntar to ask a question" },
	{ "llevar", "traer", "traer brings toward the speaker, llevar takes away" },
	{ "bueno", "bien", "bien (well) says how something is done, bueno (good) describes a noun" },
	{ "malo", "mal", "mal (badly) says how something is done, malo (bad) describes a noun" },
	{ "muy", "mucho", "muy goes with adjectives and adverbs, mucho with nouns and verbs" },
	{ "ser", "tener", "Spanish uses tener for age, hunger, thirst, cold and heat" },
	{ "estar", "tener", "Spanish uses tener for age, hunger, thirst, cold and heat" },
	{ "ser", "hacer", "the weather takes hacer: hace calor, hace frío" },
	{ "estar", "hacer", "the weather takes hacer: hace calor, hace frío" },
	{ "estar", "haber", "hay says there is, estar where a known thing is" },
	{ "ir", "venir", "ir is to go, venir to come toward the speaker" },
	{ "jugar", "tocar", "tocar for instruments, jugar for games and sports" },
	{ "a", "en", "a for movement toward, en for where something is" },
	{ "de", "que", "comparisons take que: más alto que" },
	{ "yo", "mí", "yo is the subject (and follows que in comparisons), mí follows a preposition" },
	{ "tiempo", "vez", "vez counts occasions (tres veces), tiempo is time" },
	{ "tiempo", "veces", "vez counts occasions (tres veces), tiempo is time" },
	{ "sentir", "sentar", "sentirse is to feel, sentarse to sit down" },
	{ "dejar", "salir", "salir is to go out of a place, dejar to leave something behind" },
	{ "país", "campo", "campo is the countryside, país a country" },
	{ "fallar", "suspender", "an exam is suspendido (or reprobado), not fallado" },
	{ "introducir", "presentar", "presentar introduces people; introducir puts something in" },
	{ "realizar", "dar", "darse cuenta is to realise; realizar is to carry out" },
	{ "asistir", "atender", "asistir a is to attend; atender is to look after" },
};

#define N_CONFUSIONS (sizeof(confusions) / sizeof(confusions[0])) /* at most 64 */

/* Is w a form of the word of a confusion (its stem, for words longer than three letters)? */
static int is_form_of(struct lexicon *lx, struct word *w, const char *word, const char *stem)
{
	return has_lemma(lx, w, word, 0) || (strlen(word) > 3 && !strcmp(w->stem, stem));
}

static void confusion_stems(struct lexicon *lx)
{
	size_t c;

	lx->confusion_stems = xcalloc(2 * N_CONFUSIONS, sizeof(char *));
	lx->n_confusion_stems = 2 * N_CONFUSIONS;
	for (c = 0; c < N_CONFUSIONS; c++) {
		char *fa = text_fold(confusions[c].a, 1), *fb = text_fold(confusions[c].b, 1);

		lx->confusion_stems[2 * c] = stem_of(lx, confusions[c].a, fa);
		lx->confusion_stems[2 * c + 1] = stem_of(lx, confusions[c].b, fb);
		free(fa);
		free(fb);
	}
}

/* Which confusions w is a side of, worked out once a word. */
static void confused(struct lexicon *lx, struct word *w)
{
	size_t c;

	if (w->confused_asked)
		return;
	w->confused_asked = 1;
	if (!lx->confusion_stems)
		confusion_stems(lx);
	for (c = 0; c < N_CONFUSIONS; c++) {
		if (is_form_of(lx, w, confusions[c].a, lx->confusion_stems[2 * c]))
			w->confused[0] |= (uint64_t)1 << c;
		if (is_form_of(lx, w, confusions[c].b, lx->confusion_stems[2 * c + 1]))
			w->confused[1] |= (uint64_t)1 << c;
	}
}

const char *lexicon_confusion_pair(struct lexicon *lx, struct word *a, struct word *b,
				   const char **wa, const char **wb)
{
	uint64_t both;
	size_t c;

	confused(lx, a);
	confused(lx, b);
	both = (a->confused[0] & b->confused[1]) | (a->confused[1] & b->confused[0]);
	for (c = 0; both && c < N_CONFUSIONS; c++) {
		uint64_t bit = (uint64_t)1 << c;

		if (!(both & bit))
			continue;
		if (wa && wb) {
			int ab = (a->confused[0] & b->confused[1] & bit) != 0;

			*wa = ab ? confusions[c].a : confusions[c].b;
			*wb = ab ? confusions[c].b : confusions[c].a;
		}
		return confusions[c].why;
	}
	return NULL;
}

const char *lexicon_confusion(struct lexicon *lx, struct word *a, struct word *b)
{
	return lexicon_confusion_pair(lx, a, b, NULL, NULL);
}

/* Adjectives that lose their ending before a noun. */
static const struct {
	const char *full, *cut;
} apocopes[] = {
	{ "bueno", "buen" }, { "grande", "gran" }, { "primero", "primer" }, { "tercero", "tercer" },
	{ "alguno", "algún" }, { "ninguno", "ningún" }, { "uno", "un" }, { "cualquiera", "cualquier" },
	{ "santo", "san" },
};

int lexicon_apocope(const struct word *a, const struct word *b)
{
	size_t i;

	for (i = 0; i < sizeof(apocopes) / sizeof(apocopes[0]); i++)
		if ((!strcmp(a->lower, apocopes[i].full) && !strcmp(b->lower, apocopes[i].cut)) ||
		    (!strcmp(a->lower, apocopes[i].cut) && !strcmp(b->lower, apocopes[i].full)))
			return 1;
	return 0;
}

/* ---- word classes */

static const struct word_class classes[] = {
	{ "el", "el", WK_ARTICLE, 'm', 's' }, { "la", "el", WK_ARTICLE, 'f', 's' },
	{ "los", "el", WK_ARTICLE, 'm', 'p' }, { "las", "el", WK_ARTICLE, 'f', 'p' },
	{ "lo", "el", WK_ARTICLE, 'n', 's' },
	{ "un", "un", WK_INDEFINITE, 'm', 's' }, { "una", "un", WK_INDEFINITE, 'f', 's' },
	{ "unos", "un", WK_INDEFINITE, 'm', 'p' }, { "unas", "un", WK_INDEFINITE, 'f', 'p' },
	{ "del", "del", WK_PREPOSITION, 'm', 's' }, { "al", "al", WK_PREPOSITION, 'm', 's' },
	{ "este", "este", WK_DETERMINER, 'm', 's' }, { "esta", "este", WK_DETERMINER, 'f', 's' },
	{ "estos", "este", WK_DETERMINER, 'm', 'p' }, { "estas", "este", WK_DETERMINER, 'f', 'p' },
	{ "esto", "este", WK_DETERMINER, 'n', 's' },
	{ "ese", "ese", WK_DETERMINER, 'm', 's' }, { "esa", "ese", WK_DETERMINER, 'f', 's' },
	{ "esos", "ese", WK_DETERMINER, 'm', 'p' }, { "esas", "ese", WK_DETERMINER, 'f', 'p' },
	{ "eso", "ese", WK_DETERMINER, 'n', 's' },
	{ "aquel", "aquel", WK_DETERMINER, 'm', 's' }, { "aquella", "aquel", WK_DETERMINER, 'f', 's' },
	{ "aquellos", "aquel", WK_DETERMINER, 'm', 'p' }, { "aquellas", "aquel", WK_DETERMINER, 'f', 'p' },
	{ "mi", "mi", WK_DETERMINER, 0, 's' }, { "mis", "mi", WK_DETERMINER, 0, 'p' },
	{ "tu", "tu", WK_DETERMINER, 0, 's' }, { "tus", "tu", WK_DETERMINER, 0, 'p' },
	{ "su", "su", WK_DETERMINER, 0, 's' }, { "sus", "su", WK_DETERMINER, 0, 'p' },
	{ "nuestro", "nuestro", WK_DETERMINER, 'm', 's' }, { "nuestra", "nuestro", WK_DETERMINER, 'f', 's' },
	{ "nuestros", "nuestro", WK_DETERMINER, 'm', 'p' },
	{ "nuestras", "nuestro", WK_DETERMINER, 'f', 'p' },
	{ "vuestro", "vuestro", WK_DETERMINER, 'm', 's' }, { "vuestra", "vuestro", WK_DETERMINER, 'f', 's' },
	{ "vuestros", "vuestro", WK_DETERMINER, 'm', 'p' },
	{ "vuestras", "vuestro", WK_DETERMINER, 'f', 'p' },
	{ "mucho", "mucho", WK_DETERMINER, 'm', 's' }, { "mucha", "mucho", WK_DETERMINER, 'f', 's' },
	{ "muchos", "mucho", WK_DETERMINER, 'm', 'p' }, { "muchas", "mucho", WK_DETERMINER, 'f', 'p' },
	{ "poco", "poco", WK_DETERMINER, 'm', 's' }, { "poca", "poco", WK_DETERMINER, 'f', 's' },
	{ "pocos", "poco", WK_DETERMINER, 'm', 'p' }, { "pocas", "poco", WK_DETERMINER, 'f', 'p' },
	{ "todo", "todo", WK_DETERMINER, 'm', 's' }, { "toda", "todo", WK_DETERMINER, 'f', 's' },
	{ "todos", "todo", WK_DETERMINER, 'm', 'p' }, { "todas", "todo", WK_DETERMINER, 'f', 'p' },
	{ "otro", "otro", WK_DETERMINER, 'm', 's' }, { "otra", "otro", WK_DETERMINER, 'f', 's' },
	{ "otros", "otro", WK_DETERMINER, 'm', 'p' }, { "otras", "otro", WK_DETERMINER, 'f', 'p' },
	{ "algún", "alguno", WK_DETERMINER, 'm', 's' }, { "alguno", "alguno", WK_DETERMINER, 'm', 's' },
	{ "alguna", "alguno", WK_DETERMINER, 'f', 's' }, { "algunos", "alguno", WK_DETERMINER, 'm', 'p' },
	{ "algunas", "alguno", WK_DETERMINER, 'f', 'p' },
	{ "ningún", "ninguno", WK_DETERMINER, 'm', 's' }, { "ninguno", "ninguno", WK_DETERMINER, 'm', 's' },
	{ "ninguna", "ninguno", WK_DETERMINER, 'f', 's' },
	{ "cuánto", "cuánto", WK_DETERMINER, 'm', 's' }, { "cuánta", "cuánto", WK_DETERMINER, 'f', 's' },
	{ "cuántos", "cuánto", WK_DETERMINER, 'm', 'p' },
	{ "cuántas", "cuánto", WK_DETERMINER, 'f', 'p' },
	{ "tanto", "tanto", WK_DETERMINER, 'm', 's' }, { "tanta", "tanto", WK_DETERMINER, 'f', 's' },
	{ "tantos", "tanto", WK_DETERMINER, 'm', 'p' }, { "tantas", "tanto", WK_DETERMINER, 'f', 'p' },
	{ "demasiado", "demasiado", WK_DETERMINER, 'm', 's' },
	{ "demasiada", "demasiado", WK_DETERMINER, 'f', 's' },
	{ "demasiados", "demasiado", WK_DETERMINER, 'm', 'p' },
	{ "demasiadas", "demasiado", WK_DETERMINER, 'f', 'p' },
	{ "yo", "yo", WK_SUBJECT, 0, 's' }, { "tú", "tú", WK_SUBJECT, 0, 's' },
	{ "él", "él", WK_SUBJECT, 'm', 's' }, { "ella", "él", WK_SUBJECT, 'f', 's' },
	{ "ellos", "él", WK_SUBJECT, 'm', 'p' }, { "ellas", "él", WK_SUBJECT, 'f', 'p' },
	{ "usted", "usted", WK_SUBJECT, 0, 's' }, { "ustedes", "usted", WK_SUBJECT, 0, 'p' },
	{ "nosotros", "nosotros", WK_SUBJECT, 'm', 'p' }, { "nosotras", "nosotros", WK_SUBJECT, 'f', 'p' },
	{ "vosotros", "vosotros", WK_SUBJECT, 'm', 'p' }, { "vosotras", "vosotros", WK_SUBJECT, 'f', 'p' },
	{ "me", "me", WK_OBJECT, 0, 0 }, { "te", "te", WK_OBJECT, 0, 0 }, { "se", "se", WK_OBJECT, 0, 0 },
	{ "nos", "nos", WK_OBJECT, 0, 0 }, { "os", "os", WK_OBJECT, 0, 0 },
	{ "le", "le", WK_OBJECT, 0, 's' }, { "les", "le", WK_OBJECT, 0, 'p' },
	{ "a", "a", WK_PREPOSITION, 0, 0 }, { "ante", "ante", WK_PREPOSITION, 0, 0 },
	{ "con", "con", WK_PREPOSITION, 0, 0 }, { "contra", "contra", WK_PREPOSITION, 0, 0 },
	{ "de", "de", WK_PREPOSITION, 0, 0 }, { "desde", "desde", WK_PREPOSITION, 0, 0 },
	{ "en", "en", WK_PREPOSITION, 0, 0 }, { "entre", "entre", WK_PREPOSITION, 0, 0 },
	{ "hacia", "hacia", WK_PREPOSITION, 0, 0 }, { "hasta", "hasta", WK_PREPOSITION, 0, 0 },
	{ "para", "para", WK_PREPOSITION, 0, 0 }, { "por", "por", WK_PREPOSITION, 0, 0 },
	{ "sin", "sin", WK_PREPOSITION, 0, 0 }, { "sobre", "sobre", WK_PREPOSITION, 0, 0 },
	{ "y", "y", WK_CONJUNCTION, 0, 0 }, { "e", "e", WK_CONJUNCTION, 0, 0 },
	{ "o", "o", WK_CONJUNCTION, 0, 0 }, { "u", "u", WK_CONJUNCTION, 0, 0 },
	{ "ni", "ni", WK_CONJUNCTION, 0, 0 }, { "pero", "pero", WK_CONJUNCTION, 0, 0 },
	{ "que", "que", WK_CONJUNCTION, 0, 0 }, { "porque", "porque", WK_CONJUNCTION, 0, 0 },
	{ "si", "si", WK_CONJUNCTION, 0, 0 }, { "aunque", "aunque", WK_CONJUNCTION, 0, 0 },
	{ "como", "como", WK_CONJUNCTION, 0, 0 }, { "cuando", "cuando", WK_CONJUNCTION, 0, 0 },
	{ "muy", "muy", WK_OTHER_FUNCTION, 0, 0 }, { "más", "más", WK_OTHER_FUNCTION, 0, 0 },
	{ "menos", "menos", WK_OTHER_FUNCTION, 0, 0 }, { "tan", "tan", WK_OTHER_FUNCTION, 0, 0 },
	{ "ya", "ya", WK_OTHER_FUNCTION, 0, 0 }, { "mí", "mí", WK_OTHER_FUNCTION, 0, 0 },
	{ "ti", "ti", WK_OTHER_FUNCTION, 0, 0 },
};

const struct word_class *word_class_of(const char *lower)
{
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (!strcmp(classes[i].word, lower))
			return &classes[i];
	return NULL;
}

int word_is_function(const struct word *w)
{
	return w->cls != NULL;
}

int word_is_determiner(const struct word *w)
{
	return w && w->cls && (w->cls->kind == WK_ARTICLE || w->cls->kind == WK_INDEFINITE ||
			       w->cls->kind == WK_DETERMINER);
}

int word_is_subject_pronoun(const struct word *w)
{
	return w->cls && w->cls->kind == WK_SUBJECT;
}

int word_is_person(const struct word *w)
{
	static const char *const stems[] = {
		"amig", "herman", "padr", "madr", "abuel", "ti", "vecin", "profesor", "jef", "nin",
		"medic", "hij", "person", "tecnic", "pacient", "visitant", "invitad", "alumn",
		"estudiant", "chic", "senor", "companer", "client", "camarer", "prim", "novi",
		"espos", "marid", "director", "doctor", "gent", "hombr", "mujer", "bisniet", "niet",
		"sobrin", "muchach", "guia", "enfermer", "cociner", "escritor", "pintor",
	};
	static const char *const ends[] = { "", "o", "a", "os", "as", "e", "es" };
	size_t i, k, n;

	for (i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
		n = strlen(stems[i]);
		if (strncmp(w->bare, stems[i], n))
			continue;
		for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++)
			if (!strcmp(w->bare + n, ends[k]))
				return 1;
	}
	return 0;
}

/* ---- distances */

static int decode_all(const char *s, uint32_t *out, int max)
{
	size_t n = strlen(s), i = 0;
	int k = 0, len;
	uint32_t cp;

	while (i < n && k < max) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len < 0) {
			len = 1;
			cp = 0xfffd;
		}
		out[k++] = cp;
		i += (size_t)len;
	}
	return k;
}

int edit_distance(const char *a, const char *b)
{
	uint32_t x[DISTANCE_MAX_CHARS], y[DISTANCE_MAX_CHARS];
	int nx = decode_all(a, x, DISTANCE_MAX_CHARS), ny = decode_all(b, y, DISTANCE_MAX_CHARS);
	int rows[3][DISTANCE_MAX_CHARS + 1], i, j;
	int *pp, *prev, *cur;

	for (j = 0; j <= ny; j++)
		rows[1][j] = j;
	pp = rows[0];
	prev = rows[1];
	cur = rows[2];
	for (i = 1; i <= nx; i++) {
		int *t;

		cur[0] = i;
		for (j = 1; j <= ny; j++) {
			int c = prev[j - 1] + (x[i - 1] != y[j - 1]);

			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    pp[j - 2] + 1 < c)
				c = pp[j - 2] + 1;
			cur[j] = c;
		}
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[ny];
}
