/* wordslip-missing.c: the word slips' words left out and words out of place. */
#include <string.h>

#include "ai/wordslip-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* Is w a form of one of the verbs in list (by the verb table or the dictionary)? */
int word_slip_form_of(struct lexicon *lx, struct word *w, const char *const *list, size_t n)
{
	const char *lemma = verb_lemma(lexicon_verbs(lx), w->lower);
	int i, k = lexicon_roots(lx, w);

	if (lemma && word_slip_one_of(lemma, list, n))
		return 1;
	for (i = 0; i < k; i++)
		if (word_slip_one_of(w->roots[i], list, n))
			return 1;
	return 0;
}

/* The translation's word j left out: an article the English asks for.
 * Not where Spanish may do without: en casa, hablo español, tengo coche,
 * es profesor, con leche, estación de tren (but al lado de la catedral,
 * las ocho de la mañana). */
static int missing_article(struct slip_sentence *s, int j, char *expl, size_t size)
{
	static const char *const articles[] = { "el", "la", "los", "las" };
	static const char *const indefinite[] = { "un", "una" };
	static const char *const bare_nouns[] = { "casa", "clase", "clases", "cama", "misa", "espanol",
						  "ingles", "frances", "aleman", "italiano", "portugues",
						  "chino", "japones", "arabe", "ruso", "television",
						  "tele", "paraguas", "navidad" };
	static const char *const places[] = { "lado", "cerca", "lejos", "delante", "detras", "encima",
					       "debajo", "dentro", "fuera", "alrededor", "enfrente" };
	static const char *const parts_of_day[] = { "manana", "tarde", "noche" };
	static const char *const bare_objects[] = { "tener", "haber", "buscar", "necesitar", "querer",
						    "comprar", "llevar", "usar", "ser", "estar",
						    "hacer", "vender", "pedir", "ver" };
	struct word *y = &s->r->w[j], *next = j + 1 < s->r->n ? &s->r->w[j + 1] : NULL;
	struct word *prev = j > 0 ? &s->r->w[j - 1] : NULL;
	int definite = word_slip_one_of(y->lower, articles, 4);

	if (!next || next->cls || (!definite && !word_slip_one_of(y->lower, indefinite, 2)) ||
	    word_slip_one_of(next->bare, bare_nouns, sizeof(bare_nouns) / sizeof(bare_nouns[0])))
		return 0;
	/* se la di, no la cortes: a pronoun before its verb, which may go (no
	 * la entiendo, no entiendo); an article follows a preposition or a verb */
	if ((lexicon_only_verb(s->lx, next) || verb_lemma(lexicon_verbs(s->lx), next->lower)) &&
	    !(prev && ((prev->cls && prev->cls->kind == WK_PREPOSITION) ||
		       lexicon_only_verb(s->lx, prev))))
		return 0;
	if (prev && !strcmp(prev->bare, "de")) {
		/* de la catedral after al lado, de la mañana after an hour */
		struct word *before = j > 1 ? &s->r->w[j - 2] : NULL;

		if (!before || !(word_slip_one_of(before->bare, places, sizeof(places) / sizeof(places[0])) ||
				 (word_slip_hour(before) && word_slip_one_of(next->bare, parts_of_day, 3))))
			return 0;
	}
	/* un, una: Spanish leaves it out after tener, buscar, ser... (and any
	 * verb of a thing it may count or not: preparo sopa) and prepositions */
	if (!definite && prev && (prev->cls || lexicon_only_verb(s->lx, prev) ||
				  word_slip_form_of(s->lx, prev, bare_objects,
					  sizeof(bare_objects) / sizeof(bare_objects[0]))))
		return 0;
	/* los, las after a verb or a: things in general may go bare (atiende
	 * a pacientes, compro libros) */
	if (definite && y->cls && y->cls->number == 'p' && prev &&
	    (!strcmp(prev->bare, "a") || lexicon_only_verb(s->lx, prev)))
		return 0;
	xsnprintf(expl, size, "missing article: Spanish needs '%s' here: '%s %s'", y->text, y->text,
		  next->text);
	return 1;
}

/* May the translation's content word j go without changing what the
 * sentence says?  A verb said before (no tengo hambre, pero no sed), era
 * after cuando (cuando niño), durante before a time, luego after y, mismo
 * after ahora, hoy before es (es mi cumpleaños), a part of a name. */
static int optional_content(struct slip_sentence *s, int j)
{
	static const char *const ser[] = { "ser" };
	static const char *const adverbs[] = { "ahora", "aqui", "alli", "ahi", "hoy", "ya", "asi" };
	static const char *const sequence[] = { "luego", "despues", "entonces" };
	const struct words *r = s->r;
	struct word *y = &r->w[j];
	const struct word *prev = j > 0 ? &r->w[j - 1] : NULL;
	const struct word *next = j + 1 < r->n ? &r->w[j + 1] : NULL;
	int k;

	for (k = 0; k < j; k++)
		if (!strcmp(r->w[k].bare, y->bare))
			return 1;
	if (prev && !strcmp(prev->bare, "cuando") && word_slip_form_of(s->lx, y, ser, 1))
		return 1;
	if (!strcmp(y->bare, "durante") || !strcmp(y->bare, "bastante") ||
	    (prev && !strcmp(prev->bare, "y") && word_slip_one_of(y->bare, sequence, 3)) ||
	    (prev && (!strcmp(y->bare, "mismo") || !strcmp(y->bare, "misma")) &&
	     word_slip_one_of(prev->bare, adverbs, sizeof(adverbs) / sizeof(adverbs[0]))) ||
	    (!strcmp(y->bare, "hoy") && next && !strcmp(next->bare, "es")))
		return 1;
	/* Frida Kahlo, Día de Muertos: a capital word beside another */
	return !y->initial && y->text[0] >= 'A' && y->text[0] <= 'Z' &&
	       ((prev && !prev->initial && prev->text[0] >= 'A' && prev->text[0] <= 'Z') ||
		(next && next->text[0] >= 'A' && next->text[0] <= 'Z'));
}

static int verb_reading(struct slip_sentence *s, struct word *w)
{
	return verb_lemma(lexicon_verbs(s->lx), w->lower) || lexicon_only_verb(s->lx, w);
}

/* Does a clause open at the translation's word k: a verb, its pronoun, a
 * subject, no (y habla, y la vi, y yo)? */
static int clause_opens(struct slip_sentence *s, int k)
{
	struct word *w = &s->r->w[k];
	enum word_kind kind = w->cls ? w->cls->kind : WK_NONE;

	if (kind == WK_OBJECT || kind == WK_SUBJECT || !strcmp(w->bare, "no"))
		return 1;
	if (kind == WK_ARTICLE)
		return k + 1 < s->r->n && verb_reading(s, &s->r->w[k + 1]);
	return !w->cls && verb_reading(s, w);
}

/* Is the verb after word j (past its pronouns) a subjunctive? */
static int subjunctive_next(struct slip_sentence *s, int j)
{
	struct verb_form f[24];
	int k = j + 1, n, i;

	while (k < s->r->n && s->r->w[k].cls &&
	       (s->r->w[k].cls->kind == WK_OBJECT || s->r->w[k].cls->kind == WK_ARTICLE))
		k++;
	if (k >= s->r->n)
		return 0;
	n = verb_analyse(lexicon_verbs(s->lx), s->r->w[k].lower, f, 24);
	for (i = 0; i < n; i++)
		if (f[i].tense == VT_SUBJUNCTIVE || f[i].tense == VT_PAST_SUBJUNCTIVE)
			return 1;
	return 0;
}

/* The translation's word j left out, the answer's word i next: a word
 * Spanish cannot do without here?  Not a subject pronoun (Spanish drops
 * them), le or les (doubling an object named after), ya, nor a link that
 * a comma may take the place of; jd is filled. */
int word_slip_missing(struct slip_sentence *s, int i, int j, const int *mark_before,
			struct judgement *jd)
{
	static const char *const deber[] = { "deber" };
	static const char *const joining[] = { "y", "e", "o", "u", "ni" };
	static const char *const possessive[] = { "mi", "tu", "su", "nuestro", "vuestro" };
	static const char *const intensifier[] = { "mucho", "tanto", "demasiado" };
	/* verbs that cannot go without their pronoun: gustar and its like,
	 * and those whose meaning changes without it (llamarse, irse) */
	static const char *const pronominal[] = {
		"gustar", "encantar", "doler", "interesar", "importar", "molestar", "apetecer",
		"quedar", "faltar", "parecer", "llamar", "levantar", "duchar", "acostar", "despertar",
		"sentir", "aburrir", "preocupar", "casar", "vestir", "lavar", "sentar", "quejar",
		"acordar", "divertir", "enfadar", "equivocar", "ir", "ver", "poner", "dar",
	};
	struct word *y = &s->r->w[j];
	struct word *next = j + 1 < s->r->n ? &s->r->w[j + 1] : NULL;
	struct word *prev = j > 0 ? &s->r->w[j - 1] : NULL;

	memset(jd, 0, sizeof(*jd));
	jd->error = 1;
	jd->cat = ECAT_MISSING_WORD;
	jd->diff = DIFF_MISSING;
	switch (y->cls ? y->cls->kind : WK_NONE) {
	case WK_SUBJECT:
		return 0;
	case WK_ARTICLE:
	case WK_INDEFINITE:
		jd->sev = SEV_MEDIUM;
		return missing_article(s, j, jd->expl, sizeof(jd->expl));
	case WK_OBJECT:
		/* not another verb's: me compré, me comí may drop it */
		if (!next || !word_slip_form_of(s->lx, next, pronominal,
				      sizeof(pronominal) / sizeof(pronominal[0])))
			return 0;
		break;
	case WK_DETERMINER:
		/* ¿tienes pasaporte?: Spanish often leaves a possessive out; how
		 * much an intensifier weighs is the model's to say (me quedan
		 * grandes); todos los viernes, said of a habit, los viernes */
		if (word_slip_one_of(y->cls->family, possessive, 5) ||
		    word_slip_one_of(y->cls->family, intensifier, 3) ||
		    (!strcmp(y->cls->family, "todo") && next && next->cls &&
		     next->cls->kind == WK_ARTICLE))
			return 0;
		break;
	case WK_PREPOSITION:
		/* hasta is also even; deber de, antes de que: de may go; one
		 * preposition for two nouns (en la ciudad o el campo); el del
		 * año pasado, el año pasado */
		if (!strcmp(y->lower, "hasta") ||
		    (!strcmp(y->lower, "de") && ((next && !strcmp(next->bare, "que")) ||
						 (prev && word_slip_form_of(s->lx, prev, deber, 1)))) ||
		    (prev && word_slip_one_of(prev->lower, joining, 5)) ||
		    ((!strcmp(y->lower, "de") || !strcmp(y->lower, "del")) && prev && prev->cls &&
		     prev->cls->kind == WK_ARTICLE))
			return 0;
		break;
	case WK_CONJUNCTION:
		if (!strcmp(y->lower, "que")) {
			/* pidió (que) le enviara: formal, not wrong */
			if (subjunctive_next(s, j))
				return 0;
			break;
		}
		/* y, o between words, not before a clause a comma may open */
		if (word_slip_one_of(y->lower, joining, sizeof(joining) / sizeof(joining[0])) && i > 0 &&
		    i < s->a->n && !mark_before[i] && next && !clause_opens(s, j + 1))
			break;
		return 0;
	case WK_OTHER_FUNCTION:
		if (!strcmp(y->lower, "ya") || !strcmp(y->lower, "muy") || !strcmp(y->lower, "tan"))
			return 0;
		break;
	default:
		if (!y->cls && optional_content(s, j))
			return 0;
		break;
	}
	jd->sev = missing_word_explain(s->lx, s->r, j, jd->expl, sizeof(jd->expl));
	return jd->sev != SEV_MINOR; /* jugar fútbol: said so in the Americas */
}

/* Must w come right before the word it goes with: an article, a
 * possessive, a preposition, a pronoun before its verb, no, muy? */
static int leads(const struct word *w)
{
	static const char *const possessive[] = { "mi", "tu", "su", "nuestro", "vuestro" };
	static const char *const words[] = { "no", "muy", "tan" };
	enum word_kind k = w->cls ? w->cls->kind : WK_NONE;

	if (k == WK_ARTICLE || k == WK_INDEFINITE || k == WK_PREPOSITION || k == WK_OBJECT)
		return 1;
	if (k == WK_DETERMINER && word_slip_one_of(w->cls->family, possessive, 5))
		return 1;
	return word_slip_one_of(w->lower, words, 3);
}

/* The translation's words j and j + 1 the other way round, one of them a
 * word that must lead its own: never right in Spanish.  Two words that
 * may go either way (hoy porque, yo también, casa roja) are the AI's. */
int word_slip_swap(struct slip_sentence *s, int j, struct judgement *jd)
{
	/* adverbs that may stand before or after what they bear on (por solo,
	 * solo por; el solo hecho, solo el hecho) */
	static const char *const focus[] = { "solo", "solamente", "tambien", "tampoco", "incluso",
					     "casi", "ya", "aun", "todavia", "apenas", "justo",
					     "precisamente", "exactamente", "hasta" };
	const struct word *y1 = &s->r->w[j], *y2 = &s->r->w[j + 1];
	const struct word *after = j + 2 < s->r->n ? &s->r->w[j + 2] : NULL;
	int verb = (y2->cls && (y2->cls->kind == WK_OBJECT || y2->cls->kind == WK_ARTICLE)) ||
		   verb_lemma(lexicon_verbs(s->lx), y2->lower) != NULL;

	memset(jd, 0, sizeof(*jd));
	jd->error = 1;
	jd->cat = ECAT_WORD_ORDER;
	jd->sev = SEV_MEDIUM;
	jd->diff = DIFF_CLOSE;
	if (word_slip_one_of(y1->bare, focus, sizeof(focus) / sizeof(focus[0])) ||
	    word_slip_one_of(y2->bare, focus, sizeof(focus) / sizeof(focus[0])))
		return 0;
	if (leads(y1) && y1->cls && y1->cls->kind == WK_OBJECT && !y2->cls)
		xsnprintf(jd->expl, sizeof(jd->expl), "word order: the pronoun goes before the "
			  "conjugated verb: '%s %s'", y1->text, y2->text);
	else if (leads(y1) && !strcmp(y1->lower, "no") && verb)
		xsnprintf(jd->expl, sizeof(jd->expl), "word order: 'no' goes right before the verb "
			  "and its pronouns: '%s %s'", y1->text, y2->text);
	else if (leads(y1))
		xsnprintf(jd->expl, sizeof(jd->expl), "word order: '%s' goes before '%s': '%s %s'",
			  y1->text, y2->text, y1->text, y2->text);
	else if (leads(y2) && after)
		xsnprintf(jd->expl, sizeof(jd->expl), "word order: '%s' goes with '%s', after '%s': "
			  "'%s %s %s'", y2->text, after->text, y1->text, y1->text, y2->text, after->text);
	else
		return 0;
	return 1;
}
