/* wordslip-inflection.c: inflection slips: another form of the word, where only one fits. */
#include <stdlib.h>
#include <string.h>

#include "ai/wordslip-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* A noun of one form for a man and a woman (estudiante, turista). */
static int common_gender(const struct word *w)
{
	static const char *const ends[] = { "ista", "istas", "nte", "ntes" };
	size_t n = strlen(w->bare), i, e;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		e = strlen(ends[i]);
		if (n > e && !strcmp(w->bare + n - e, ends[i]))
			return 1;
	}
	return 0;
}

/* A noun that may name a man or a woman (amigo, estudiante, turista). */
static int either_gender(const struct word *w)
{
	return word_is_person(w) || common_gender(w);
}

/* 'm' or 'f' as the ending says (-o, -os; -a, -as), else 0. */
static char gender_of(const struct word *w)
{
	size_t n = strlen(w->bare);
	char last = n ? w->bare[n - 1] : 0;

	if (last == 's' && n > 1)
		last = w->bare[n - 2];
	return last == 'o' ? 'm' : last == 'a' ? 'f' : 0;
}

static int numeral(const struct word *w)
{
	static const char *const numbers[] = { "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete",
					       "ocho", "nueve", "diez", "cien", "ciento", "mil" };

	return (w->bare[0] >= '0' && w->bare[0] <= '9') ||
	       word_slip_one_of(w->bare, numbers, sizeof(numbers) / sizeof(numbers[0]));
}

/* el/la, este/estos, mi/mis before the same noun: its gender and number
 * are the English's, the determiner must follow them. */
static int determiner_slip(struct slip_sentence *s, int i, struct word *x, struct word *y)
{
	struct word *nx = NULL, *ny = NULL;
	int k;

	if (!word_is_determiner(x) || !word_is_determiner(y))
		return 0;
	if (y->cls->gender == 'n' || !strcmp(x->bare, "lo"))
		return 0; /* lo, esto, eso: pronouns, about something said before */
	/* the noun it goes with, past other determiners (todos los días, muchas más obras) */
	for (k = i + 1; k < s->r->n; k++) {
		nx = word_slip_learner(s, k);
		ny = &s->r->w[k];
		if (!nx || strcmp(nx->bare, ny->bare))
			return 0;
		if (!word_is_determiner(ny) && strcmp(ny->bare, "mas") && strcmp(ny->bare, "menos"))
			break;
	}
	if (k >= s->r->n || ny->cls || numeral(ny))
		return 0; /* los dos, muchas pero: a pronoun, of something said before */
	if (lexicon_only_verb(s->lx, ny))
		return 0; /* los compro: an object pronoun, of a thing the English may not name */
	/* la estudiante, el estudiante: the person's gender is the learner's to choose */
	return x->cls->gender == y->cls->gender || !either_gender(ny);
}

/* Do x and y share a dictionary root that is not a verb's (alto for
 * alta; not casar for casa and caso), or are they one participle's? */
static int same_nominal_root(struct slip_sentence *s, struct word *x, struct word *y)
{
	int nx = lexicon_roots(s->lx, x), ny = lexicon_roots(s->lx, y), i, k;
	const char *verbs[4];

	if (word_participle_ending(x->bare) && word_participle_ending(y->bare) &&
	    lexicon_shared_verbs(s->lx, x, y, verbs, 4) > 0)
		return 1; /* vestida, vestido */

	for (i = 0; i < nx; i++) {
		size_t len = strlen(x->roots[i]);

		if (len > 2 && (!strcmp(x->roots[i] + len - 2, "ar") || !strcmp(x->roots[i] + len - 2, "er") ||
				!strcmp(x->roots[i] + len - 2, "ir")))
			continue;
		for (k = 0; k < ny; k++)
			if (!strcmp(x->roots[i], y->roots[k]))
				return 1;
	}
	return 0;
}

/* The real word x is, typed without its accent or ñ (pequena for
 * pequeña): one of y's other genders and numbers; NULL when none.  The
 * word is in ws, which the caller releases. */
static struct word *plain_typed(struct slip_sentence *s, const struct word *x, const struct word *y,
				struct tokens *tk, struct words *ws)
{
	static const char *const swaps[][2] = {
		{ "o", "a" }, { "a", "o" }, { "os", "as" }, { "as", "os" }, { "o", "os" }, { "a", "as" },
		{ "os", "o" }, { "as", "a" }, { "o", "as" }, { "a", "os" }, { "os", "a" }, { "as", "o" },
		{ "es", "" }, { "s", "" }, { "", "s" }, { "", "es" },
	};
	size_t n = strlen(y->lower), i;

	for (i = 0; i < sizeof(swaps) / sizeof(swaps[0]); i++) {
		size_t e = strlen(swaps[i][0]);
		char form[128], *f;
		int same;

		if (n <= e + 1 || n + 3 > sizeof(form) || strcmp(y->lower + n - e, swaps[i][0]))
			continue;
		xsnprintf(form, sizeof(form), "%.*s%s", (int)(n - e), y->lower, swaps[i][1]);
		f = text_fold(form, 1);
		same = !strcmp(f, x->bare);
		free(f);
		if (!same)
			continue;
		tokenize(form, tk);
		words_from_tokens(s->lx, tk, ws);
		if (ws->n == 1 && lexicon_known(s->lx, &ws->w[0]) == 1)
			return &ws->w[0];
		words_release(ws);
		tokens_release(tk);
	}
	return NULL;
}

/* Gender and number of adjectives, participles and the like: x, a real
 * word (or one typed without its marks), of y's root. */
static int nominal_slip(struct slip_sentence *s, int i, struct word *x, struct word *y, const char *what)
{
	const char *verbs[4];

	if (!same_nominal_root(s, x, y))
		return 0;
	/* habla, hablas: a noun's number or a verb's person? */
	if (lexicon_shared_verbs(s->lx, x, y, verbs, 4) > 0 &&
	    !(word_participle_ending(x->bare) && word_participle_ending(y->bare)))
		return 0;
	if (!strstr(what, "gender"))
		return 1;
	if (i > 0 && word_is_determiner(&s->r->w[i - 1])) {
		/* a noun: perro or perra is the learner's choice, unless the
		 * learner's own determiner says the other (un vestida) */
		const struct word *d = word_slip_learner(s, i - 1);

		return d && !strcmp(d->bare, s->r->w[i - 1].bare) && d->cls->gender == gender_of(y) &&
		       gender_of(x) && gender_of(x) != gender_of(y);
	}
	if (i > 0) {
		/* an adjective after its noun, which the learner wrote too (la
		 * música flamenca): the noun's gender is the one */
		struct word *n = &s->r->w[i - 1], *d = word_slip_learner(s, i - 1);

		if (!n->cls && d && !strcmp(n->bare, d->bare) && !common_gender(n) &&
		    gender_of(n) && gender_of(n) == gender_of(y) && !lexicon_only_verb(s->lx, n))
			return 1;
	}
	/* else whom it is about may be a man or a woman: I, you, a friend */
	return !s->open_gender && !either_gender(x) && !either_gender(y);
}

static int nominal(struct slip_sentence *s, int i, struct word *x, struct word *y, const char *what)
{
	struct tokens tk;
	struct words ws;
	struct word *k;
	int ok;

	if (lexicon_known(s->lx, x) == 1)
		return nominal_slip(s, i, x, y, what);
	/* not a word: a form made up from the right stem (vegetarianes,
	 * fuerta) may be a misspelling as well, unless it is a real form
	 * typed plainly */
	if (!(k = plain_typed(s, x, y, &tk, &ws)))
		return 0;
	ok = nominal_slip(s, i, k, y, what);
	words_release(&ws);
	tokens_release(&tk);
	return ok;
}

/* Is one of words before word i, in its sentence? */
static int has_trigger(const struct words *r, int i, const char *const *words, size_t n)
{
	int k;

	for (k = i - 1; k >= 0; k--) {
		if (word_slip_one_of(r->w[k].bare, words, n))
			return 1;
		if (r->w[k].initial)
			break;
	}
	return 0;
}

/* x and y end alike but for -ra and -se (tuviera, tuviese). */
static int ra_se(const char *x, const char *y)
{
	const char *px = strstr(x, "se"), *py = strstr(y, "ra");

	if (!px || !py) {
		px = strstr(x, "ra");
		py = strstr(y, "se");
	}
	return px && py && px - x == py - y && !strncmp(x, y, (size_t)(px - x)) && !strcmp(px + 2, py + 2);
}

/* An infinitive or a gerund with a pronoun on it (preocuparme):
 * whose the pronoun is, the English may leave open. */
static int enclitic(const char *bare)
{
	static const char *const verb_ends[] = { "ar", "er", "ir", "ando", "iendo" };
	static const char *const pronouns[] = { "me", "te", "se", "nos", "os", "lo", "la", "los",
						"las", "le", "les" };
	size_t n = strlen(bare), i, k;

	for (i = 0; i < sizeof(pronouns) / sizeof(pronouns[0]); i++) {
		size_t p = strlen(pronouns[i]);

		if (n <= p + 3 || strcmp(bare + n - p, pronouns[i]))
			continue;
		for (k = 0; k < sizeof(verb_ends) / sizeof(verb_ends[0]); k++) {
			size_t e = strlen(verb_ends[k]);

			if (n - p > e + 1 && !strncmp(bare + n - p - e, verb_ends[k], e))
				return 1;
		}
	}
	return 0;
}

/* Does the answer say which you the verb is for: tú (te, tu, contigo...),
 * usted, vosotros (os, vuestro...), ustedes?  person: 1, 2, 4 or 5. */
static int you_said(const struct slip_sentence *s, int person)
{
	static const char *const tu[] = { "tu", "te", "ti", "contigo", "tus", "tuyo", "tuya" };
	static const char *const vosotros[] = { "vosotros", "vosotras", "os", "vuestro", "vuestra",
						"vuestros", "vuestras" };
	int k;

	for (k = 0; k < s->r->n; k++) {
		const char *w = s->r->w[k].bare;
		const struct word *x = word_slip_learner(s, k);

		if (!x || strcmp(w, x->bare))
			continue; /* the learner's words must say it too */
		if ((person == 1 && word_slip_one_of(w, tu, sizeof(tu) / sizeof(tu[0]))) ||
		    (person == 2 && !strcmp(w, "usted")) ||
		    (person == 4 && word_slip_one_of(w, vosotros, sizeof(vosotros) / sizeof(vosotros[0]))) ||
		    (person == 5 && !strcmp(w, "ustedes")))
			return 1;
	}
	return 0;
}

/* The readings of w as a form of one of verbs (a guessed reading: by
 * the conjugation of its ending), at most max in out. */
static int readings(struct slip_sentence *s, const struct word *w, const char *const *verbs, int nv,
		    struct verb_form *out, int max)
{
	struct verb_form f[24];
	int n = verb_analyse(lexicon_verbs(s->lx), w->lower, f, 24), i, k, kept = 0;

	for (i = 0; i < n && kept < max; i++)
		for (k = 0; k < nv; k++) {
			size_t len = strlen(verbs[k]);
			int conj = len < 2 ? 0 : !strcmp(verbs[k] + len - 2, "ar") ? 1 :
				   !strcmp(verbs[k] + len - 2, "er") ? 2 : 4;

			if (f[i].lemma ? !strcmp(f[i].lemma, verbs[k]) : (f[i].cls & conj) != 0) {
				out[kept++] = f[i];
				break;
			}
		}
	return kept;
}

/* Is the translation's word i where its clause's verb must be: no other
 * word of the clause is a verb, nor is it after a determiner (una cuesta;
 * cuánto cuesta asks)? */
static int sole_verb(struct slip_sentence *s, int i)
{
	int k;

	if (i > 0 && word_is_determiner(&s->r->w[i - 1]) && strcmp(s->r->w[i - 1].cls->family, "cuánto"))
		return 0;
	for (k = 0; k < s->r->n; k++)
		if (k != i && s->clause[k] == s->clause[i] && lexicon_only_verb(s->lx, &s->r->w[k]))
			return 0;
	return 1;
}

/* Two forms of one verb, where only one reading fits the English. */
static int verb_slip(struct slip_sentence *s, int i, struct word *x, struct word *y, const char *what)
{
	static const char *const mood_triggers[] = { "que", "ojala", "quizas", "quiza" };
	static const char *const if_triggers[] = { "si", "que", "ojala", "como" };
	static const char *const polite[] = { "querer", "poder", "deber", "gustar" };
	struct verb_form fx[24], fy[24];
	const char *verbs[4];
	int nv = lexicon_shared_verbs(s->lx, x, y, verbs, 4), nx, ny, a, b;

	/* a verb where the translation has one (not casa and caso, both casar's
	 * too); or the learner's verb where no noun can be (cuesto, cuesta) */
	if (nv < 1 || !(lexicon_only_verb(s->lx, y) || (lexicon_only_verb(s->lx, x) && sole_verb(s, i))))
		return 0;
	/* fui, fue: ser's and ir's alike; siente, sientes: another person
	 * whether of sentir or sentar; sientes, sientas: not the same change */
	if (nv > 1 && strcmp(what, "conjugation") &&
	    !(nv == 2 && ((!strcmp(verbs[0], "ser") && !strcmp(verbs[1], "ir")) ||
			  (!strcmp(verbs[0], "ir") && !strcmp(verbs[1], "ser")))))
		return 0;
	if (ra_se(x->bare, y->bare) || enclitic(x->bare) || enclitic(y->bare))
		return 0;
	nx = readings(s, x, verbs, nv, fx, 24);
	ny = readings(s, y, verbs, nv, fy, 24);
	if (!nx || !ny)
		return 0;
	for (a = 0; a < nx; a++)
		for (b = 0; b < ny; b++) {
			int tx = fx[a].tense, ty = fy[b].tense, px = fx[a].person, py = fy[b].person;
			int polite_pair = tx != ty &&
					  (tx == VT_CONDITIONAL || tx == VT_PAST_SUBJUNCTIVE || tx == VT_IMPERFECT) &&
					  (ty == VT_CONDITIONAL || ty == VT_PAST_SUBJUNCTIVE || ty == VT_IMPERFECT);

			if (fx[a].lemma && fy[b].lemma && strcmp(fx[a].lemma, fy[b].lemma))
				continue; /* sentir's form against sentar's: no such reading */
			if (tx == VT_IMPERATIVE || ty == VT_IMPERATIVE)
				return 0; /* tú or usted, said or asked */
			if (s->you && px >= 0 && py >= 0 && (px < py ? px : py) % 3 == 1 &&
			    abs(px - py) == 1 && !you_said(s, py))
				return 0; /* tú or usted, vosotros or ustedes */
			if (px == py && ((tx == VT_PRESENT && ty == VT_FUTURE) ||
					 (tx == VT_FUTURE && ty == VT_PRESENT)))
				return 0; /* voy mañana, iré mañana */
			if (px == py && (tx == VT_SUBJUNCTIVE || ty == VT_SUBJUNCTIVE) &&
			    !has_trigger(s->r, i, mood_triggers,
					 sizeof(mood_triggers) / sizeof(mood_triggers[0])))
				return 0; /* a command, to tú or to usted */
			if (px == py && (tx == VT_PAST_SUBJUNCTIVE || ty == VT_PAST_SUBJUNCTIVE) &&
			    !has_trigger(s->r, i, if_triggers, sizeof(if_triggers) / sizeof(if_triggers[0])))
				return 0;
			if (polite_pair && word_slip_one_of(verbs[0], polite, sizeof(polite) / sizeof(polite[0])))
				return 0; /* quisiera, querría: both polite */
		}
	return 1;
}

int word_slip_inflection(struct slip_sentence *s, int i, struct word *x, struct word *y,
			 const struct judgement *j)
{
	if (j->kind != PAIR_INFLECTION || j->cat != ECAT_INFLECTION)
		return 0;
	if (x->cls && y->cls && !strcmp(x->cls->family, y->cls->family))
		return determiner_slip(s, i, x, y);
	if (!strcmp(j->what, "shortened adjective"))
		return 1;
	if (!strcmp(j->what, "conjugation") || !strcmp(j->what, "verb tense") ||
	    !strcmp(j->what, "verb mood") || !strcmp(j->what, "verb form"))
		return verb_slip(s, i, x, y, j->what);
	if (strstr(j->what, "agreement"))
		return nominal(s, i, x, y, j->what);
	return 0;
}
