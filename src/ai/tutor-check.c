/* tutor-check.c: the tutor's offline checker: the slips it can be sure of in a learner's turn. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ai/tutor-int.h"
#include "aidioma/util.h"
#include "banned.h"

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

uint32_t tutor_lower_cp(uint32_t cp)
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
			sbuf_add(&low, enc, (size_t)utf8_encode(tutor_lower_cp(cp), enc));
			i += (size_t)k;
		}
		w->e = w->span_end = i;
		if (low.len < WORD_KEY) {
			xstrlcpy(w->low, low.buf, sizeof(w->low));
			f = tutor_fold(low.buf);
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

int tutor_in_list(const char *w, const char *const *list)
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

	while (k < end && lead < 2 && tutor_in_list(c->w[k].fold, question_lead)) {
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
		    (tutor_in_list(c->w[i - 1].fold, counts) || (c->w[i - 1].low[0] >= '0' &&
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
		if (tutor_lower_cp(cp) == cp && upper_cp(cp) != cp)
			all_upper = 0;
	}
	all_upper = all_upper && letters > 1;
	for (i = 0; i < n; i += (size_t)k) {
		k = utf8_decode(fix + i, n - i, &cp);
		if (k <= 0) {
			k = 1;
			continue;
		}
		if (all_upper || (i == 0 && tutor_lower_cp(first) != first))
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
