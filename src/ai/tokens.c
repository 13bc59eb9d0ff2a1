/* tokens.c: splitting answers into words and punctuation; accents that change meaning. */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/util.h"
#include "banned.h"

static int word_char(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
	       (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

static void push(struct tokens *tk, const char *s, size_t n, int is_word)
{
	struct token *t;
	char *text = xstrndup(s, n);

	tk->t = xrealloc(tk->t, (size_t)(tk->n + 1) * sizeof(*tk->t));
	t = &tk->t[tk->n++];
	t->text = text;
	t->folded = text_fold(text, 0);
	t->is_word = is_word;
}

void tokenize(const char *s, struct tokens *out)
{
	size_t n = strlen(s), i = 0, start = 0;
	int in_word = 0, k;
	uint32_t cp;

	out->t = NULL;
	out->n = 0;
	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0)
			k = 1, cp = '?';
		if (word_char(cp)) {
			if (!in_word)
				start = i;
			in_word = 1;
		} else {
			if (in_word)
				push(out, s + start, i - start, 1);
			in_word = 0;
			if (cp != ' ')
				push(out, s + i, (size_t)k, 0);
		}
		i += (size_t)k;
	}
	if (in_word)
		push(out, s + start, n - start, 1);
}

void tokens_release(struct tokens *tk)
{
	int i;

	for (i = 0; i < tk->n; i++) {
		free(tk->t[i].text);
		free(tk->t[i].folded);
	}
	free(tk->t);
	tk->t = NULL;
	tk->n = 0;
}

int tokens_words(const struct tokens *tk, const struct token ***words)
{
	int i, n = 0;

	*words = xcalloc((size_t)tk->n + 1, sizeof(**words));
	for (i = 0; i < tk->n; i++)
		if (tk->t[i].is_word)
			(*words)[n++] = &tk->t[i];
	return n;
}

int same_but_case(const char *a, const char *b)
{
	char *fa = text_fold(a, 0), *fb = text_fold(b, 0);
	int same = !strcmp(fa, fb);
	size_t la = strlen(a), lb = strlen(b), i;

	free(fa);
	free(fb);
	if (!same || la != lb)
		return 0;
	/* equal after folding and same length: equal but for case only if no
	 * accent differs, i.e. each byte pair matches ignoring ASCII/Latin-1 case */
	for (i = 0; i < la; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x == y)
			continue;
		if ((x | 0x20) == (y | 0x20) && ((x | 0x20) >= 'a' && (x | 0x20) <= 'z'))
			continue;
		/* UTF-8 Latin-1 capitals (C3 80-9E) vs small (C3 A0-BE) */
		if (i > 0 && (unsigned char)a[i - 1] == 0xc3 && (x ^ y) == 0x20)
			continue;
		return 0;
	}
	return 1;
}

/* Pairs whose accent marks a different word, by their accented form. */
static const struct {
	const char *with, *without, *explain;
} pairs[] = {
	{ "tú", "tu", "'tú' is the pronoun you, 'tu' the possessive your" },
	{ "él", "el", "'él' is the pronoun he, 'el' the article the" },
	{ "sí", "si", "'sí' means yes (or oneself), 'si' means if" },
	{ "más", "mas", "'más' means more, 'mas' is an old word for but" },
	{ "mí", "mi", "'mí' is the pronoun me, 'mi' the possessive my" },
	{ "sé", "se", "'sé' is I know (or be!), 'se' the pronoun" },
	{ "dé", "de", "'dé' is a form of dar, 'de' the preposition of" },
	{ "té", "te", "'té' is tea, 'te' the pronoun you" },
	{ "está", "esta", "'está' is the verb is, 'esta' means this" },
	{ "están", "estan", "'están' is the verb are" },
	{ "estás", "estas", "'estás' is the verb you are, 'estas' means these" },
	{ "qué", "que", "'qué' asks what, 'que' joins clauses (that)" },
	{ "cómo", "como", "'cómo' asks how, 'como' means like or I eat" },
	{ "dónde", "donde", "'dónde' asks where, 'donde' relates (where)" },
	{ "cuándo", "cuando", "'cuándo' asks when, 'cuando' relates (when)" },
	{ "quién", "quien", "'quién' asks who, 'quien' relates (who)" },
	{ "quiénes", "quienes", "'quiénes' asks who, 'quienes' relates (who)" },
	{ "cuál", "cual", "'cuál' asks which, 'cual' relates" },
	{ "cuánto", "cuanto", "'cuánto' asks how much" },
	{ "cuánta", "cuanta", "'cuánta' asks how much" },
	{ "cuántos", "cuantos", "'cuántos' asks how many" },
	{ "cuántas", "cuantas", "'cuántas' asks how many" },
	{ "aún", "aun", "'aún' means still or yet, 'aun' means even" },
	{ "papá", "papa", "'papá' is dad, 'papa' is potato (or the Pope)" },
	{ "mamá", "mama", "'mamá' is mum" },
	{ "año", "ano", "'año' is year; without the tilde it is a very different word" },
	{ "años", "anos", "'años' is years; without the tilde it is a very different word" },
};

int accent_distinguishes(const char *lower)
{
	size_t i, n = strlen(lower);

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (!strcmp(lower, pairs[i].with))
			return 1;
	/* habló: the final -ó of the preterite, as accent_meaning() reads it */
	return n > 4 && !strcmp(lower + n - 2, "ó");
}

const char *accent_meaning(const char *learner, const char *expected, char *buf, size_t size)
{
	char *fl = text_fold(learner, 1), *fe = text_fold(expected, 1);
	size_t i, n;
	int same = !strcmp(fl, fe);

	free(fl);
	free(fe);
	if (!same)
		return NULL;
	fl = text_fold(learner, 0);
	fe = text_fold(expected, 0);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *pw = text_fold(pairs[i].with, 0);
		int hit = !strcmp(pw, fe) || !strcmp(pw, fl);

		free(pw);
		if (hit) {
			free(fl);
			free(fe);
			xstrlcpy(buf, pairs[i].explain, size);
			return buf;
		}
	}
	/* hablo/habló: a final -ó marks the preterite (café/cafe is only a slip,
	 * so the rule stays with -ó) */
	n = strlen(expected);
	if (n > 4 && strlen(learner) + 1 == n) {
		const char *end = expected + n - 2;

		if (!strcmp(end, "ó") && learner[strlen(learner) - 1] == 'o') {
			xsnprintf(buf, size, "'%s' and '%s' are different tenses: the accent on the "
				  "last syllable marks the past", expected, learner);
			free(fl);
			free(fe);
			return buf;
		}
	}
	free(fl);
	free(fe);
	return NULL;
}
