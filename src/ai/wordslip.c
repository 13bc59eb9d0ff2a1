/* wordslip.c: the answer key's word slips: one word misspelt, mis-inflected or mixed up. */
#include <stdlib.h>
#include <string.h>

#include "ai/wordslip-int.h"
#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "banned.h"

/*
 * The answer has the words of an accepted translation, as the answer key
 * compares them (capitals, marks, accents and ñ aside), but for one word,
 * or two of one kind, and each is a slip whose error C can name for sure:
 *
 *   - a misspelling: not a word for hunspell-es nor for hunspell en_US,
 *     a few letters from the word wanted;
 *   - an inflection slip: another form of the same word (its dictionary
 *     root or its verb), where no other reading of the English fits that
 *     form (the gender of I, you, we, they and of people's nouns; tú or
 *     usted; -ra or -se; present for future; polite conditionals);
 *   - a confusion of the lexicon's table (ser/estar, por/para...), in the
 *     same person and tense, where its explanation holds;
 *
 * or it lacks one article Spanish cannot do without here (me duele la
 * cabeza, todos los días), the answer key's other words all there.
 * Everything else goes on to the AI (or the offline estimate).  The grade
 * is scored as the AI's are, with its rubric: the same errors cost the
 * same points whoever names them.
 */

#define MAX_SLIPS 2
#define MIN_TYPO_CHARS 3 /* shorter words: a typo could be any other word */

struct word_slip {
	struct evaluator ev; /* first: the pipeline holds a pointer to it */
	struct lexicon *lx;
	int own_lexicon;
};

int word_slip_one_of(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

/* ---- whom the sentence is about */

/* Does the English (lower case, by words) have one of words? */
static int english_has(const char *english, const char *const *words, size_t n)
{
	const char *p = english ? english : "";

	while (*p) {
		char w[32];
		size_t len = 0, i;

		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
			if (len + 1 < sizeof(w))
				w[len++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
		}
		w[len] = '\0';
		for (i = 0; len && i < n; i++)
			if (!strcmp(w, words[i]))
				return 1;
	}
	return 0;
}

static const char *const people_words[] = {
	"i", "me", "myself", "you", "yourself", "yourselves", "we", "us", "ourselves", "they",
	"them", "themselves",
};
static const char *const you_words[] = { "you", "your", "yours", "yourself", "yourselves" };

/* Spanish words that name the speaker, the listener or a group of people. */
static int person_pronoun(const struct word *w)
{
	static const char *const words[] = {
		"yo", "tú", "usted", "ustedes", "nosotros", "nosotras", "vosotros", "vosotras", "ellos",
		"ellas", "me", "te", "nos", "os", "conmigo", "contigo", "mí", "ti",
	};

	return word_slip_one_of(w->lower, words, sizeof(words) / sizeof(words[0]));
}

/* A noun for people that may be a man's or a woman's (amigo, estudiante):
 * only feminine ones (hermana, profesora) fix the gender. */
static int open_person(const struct word *w)
{
	size_t n = strlen(w->bare);

	if (!word_is_person(w))
		return 0;
	return !(n > 1 && (w->bare[n - 1] == 'a' || (w->bare[n - 1] == 's' && w->bare[n - 2] == 'a')));
}

/* Does the English say you, and may it be about a man or a woman? */
static void read_sentence(struct slip_sentence *s)
{
	const struct verb_index *vi = lexicon_verbs(s->lx);
	const char *english = s->rq->english;
	int i, k, n;

	s->you = !english || !*english ||
		 english_has(english, you_words, sizeof(you_words) / sizeof(you_words[0]));
	s->open_gender = english && *english &&
			 english_has(english, people_words, sizeof(people_words) / sizeof(people_words[0]));
	for (i = 0; i < s->r->n && !s->open_gender; i++) {
		const struct word *w = &s->r->w[i];
		struct verb_form f[8];

		s->open_gender = open_person(w);
		if (english && *english)
			continue;
		/* no English (a learner's own sentence): who it is about, from the Spanish */
		s->open_gender |= person_pronoun(w);
		n = verb_analyse(vi, w->lower, f, 8);
		for (k = 0; k < n; k++)
			s->open_gender |= f[k].lemma && f[k].person >= 0 && f[k].person != 2;
	}
}

/* ---- misspellings */

static int misspelling(struct slip_sentence *s, struct word *x, struct word *y,
		       const struct judgement *j)
{
	return j->kind == PAIR_SPELLING && j->cat == ECAT_SPELLING && lexicon_known(s->lx, x) == 0 &&
	       lexicon_english(s->lx, x) == 0 && utf8_len(y->bare) >= MIN_TYPO_CHARS;
}

/* ---- confusions */

/* A word of list among the n words after i. */
static int followed_by(const struct words *r, int i, int n, const char *const *list, size_t len)
{
	int k;

	for (k = i + 1; k < r->n && k <= i + n; k++)
		if (word_slip_one_of(r->w[k].bare, list, len))
			return 1;
	return 0;
}

/* Can x and y be read in one person and tense (soy, estoy)? */
static int same_person_tense(struct slip_sentence *s, const struct word *x, const struct word *y)
{
	const struct verb_index *vi = lexicon_verbs(s->lx);
	struct verb_form fx[24], fy[24];
	int nx = verb_analyse(vi, x->lower, fx, 24), ny = verb_analyse(vi, y->lower, fy, 24), a, b;

	for (a = 0; a < nx; a++)
		for (b = 0; b < ny; b++)
			if (fx[a].tense == fy[b].tense && fx[a].person == fy[b].person)
				return 1;
	return 0;
}

/* Is word wa of the confusion table a verb (an infinitive)? */
static int is_verb_pair(const char *wa)
{
	size_t n = strlen(wa);

	return n > 2 && (!strcmp(wa + n - 2, "ar") || !strcmp(wa + n - 2, "er") ||
			 !strcmp(wa + n - 2, "ir") || !strcmp(wa, "ir"));
}

/* A number that tells the hour: una, dos... doce, media, cuarto, 8. */
static int hour(const struct word *w)
{
	static const char *const hours[] = { "una", "dos", "tres", "cuatro", "cinco", "seis", "siete",
					     "ocho", "nueve", "diez", "once", "doce", "media", "cuarto" };

	return (w->bare[0] >= '0' && w->bare[0] <= '9') ||
	       word_slip_one_of(w->bare, hours, sizeof(hours) / sizeof(hours[0]));
}

/* a las dos, a la una: an hour after word i */
static int hour_after(const struct words *r, int i)
{
	return i + 2 < r->n && (!strcmp(r->w[i + 1].bare, "la") || !strcmp(r->w[i + 1].bare, "las")) &&
	       hour(&r->w[i + 2]);
}

/* a or en, explained for the phrase at hand: the hour, ir a + infinitive,
 * or the phrase itself. */
static void prepositions(struct slip_sentence *s, int i, const struct word *x, const struct word *y,
			 struct judgement *j)
{
	const struct words *r = s->r;
	struct word *next = i + 1 < r->n ? &r->w[i + 1] : NULL;
	size_t n = next ? strlen(next->bare) : 0;

	if (!strcmp(y->bare, "a") && hour_after(r, i))
		xsnprintf(j->expl, sizeof(j->expl), "'%s' -> '%s': the hour takes a: '%s %s %s'",
			  x->text, y->text, y->text, r->w[i + 1].text, r->w[i + 2].text);
	else if (!strcmp(y->bare, "a") && i > 0 && next && n > 2 &&
		 (!strcmp(next->bare + n - 2, "ar") || !strcmp(next->bare + n - 2, "er") ||
		  !strcmp(next->bare + n - 2, "ir")) && lexicon_only_verb(s->lx, next))
		xsnprintf(j->expl, sizeof(j->expl), "'%s' -> '%s': 'a' joins the verb to the "
			  "infinitive: '%s a %s'", x->text, y->text, r->w[i - 1].text, next->text);
	else if (next)
		xsnprintf(j->expl, sizeof(j->expl), "'%s' -> '%s': the preposition here is %s: '%s %s'",
			  x->text, y->text, y->text, y->text, next->text);
}

/* Is x for y a confusion of the lexicon's table whose explanation holds
 * here, in the same person and tense?  j's explanation may be made finer. */
static int confusion_slip(struct slip_sentence *s, int i, struct word *x, struct word *y,
			  struct judgement *j)
{
	static const char *const age[] = { "anos", "hambre", "sed", "frio", "calor", "sueno", "miedo",
					   "prisa", "razon", "suerte", "ganas", "cuidado" };
	static const char *const weather[] = { "calor", "frio", "sol", "viento", "fresco", "buen",
					       "mal", "tiempo" };
	static const char *const comparative[] = { "mas", "menos", "mejor", "peor", "mayor", "menor" };
	const char *wa = NULL, *wb = NULL;

	if (j->kind != PAIR_CONFUSED || j->cat != ECAT_WRONG_WORD ||
	    !lexicon_confusion_pair(s->lx, x, y, &wa, &wb))
		return 0;
	if (!strcmp(wa, "sentir") || !strcmp(wa, "sentar"))
		return 0; /* sientes, sientas: forms of both */
	if (is_verb_pair(wa) && is_verb_pair(wb) && !same_person_tense(s, x, y))
		return 0; /* another person or tense too: more than one error */
	/* the explanations that hold only where the sentence is about them */
	if (!strcmp(wb, "tener") && (!strcmp(wa, "ser") || !strcmp(wa, "estar")))
		return followed_by(s->r, i, 3, age, sizeof(age) / sizeof(age[0]));
	if (!strcmp(wb, "hacer") && (!strcmp(wa, "ser") || !strcmp(wa, "estar")))
		return followed_by(s->r, i, 1, weather, sizeof(weather) / sizeof(weather[0]));
	if (!strcmp(wa, "haber") || !strcmp(wb, "haber"))
		return !strcmp(x->bare, "hay") || !strcmp(y->bare, "hay");
	if (!strcmp(wb, "de"))
		return 0; /* más de tres: de is right there */
	if (!strcmp(wb, "que"))
		return i > 0 && (word_slip_one_of(s->r->w[i - 1].bare, comparative, 6) ||
				 (i > 1 && word_slip_one_of(s->r->w[i - 2].bare, comparative, 6)));
	if ((!strcmp(wa, "a") && !strcmp(wb, "en")) || (!strcmp(wa, "en") && !strcmp(wb, "a")))
		prepositions(s, i, x, y, j);
	return 1;
}

/* ---- the grade */

/* What one word of the answer is, against the translation's. */
struct slip {
	int at;
	struct judgement j;
};

/* Is the answer's word at i a slip of the translation's?  j is filled. */
static int slip_at(struct slip_sentence *s, int i, struct judgement *j)
{
	struct word *x = &s->a->w[i], *y = &s->r->w[i];
	struct word *prev = i > 0 ? &s->a->w[i - 1] : NULL;
	struct word *next = i + 1 < s->a->n ? &s->a->w[i + 1] : NULL;

	wordpair_judge(s->lx, x, y, prev, next, 1, j);
	return misspelling(s, x, y, j) || word_slip_inflection(s, i, x, y, j) ||
	       confusion_slip(s, i, x, y, j);
}

/* Two slips together are certain when neither makes the other right:
 * not una amiga for un amigo, the determiner and its noun changed alike. */
static int slips_agree(const struct slip_sentence *s, const struct slip *sl, int n)
{
	if (n < 2)
		return 1;
	if (sl[0].j.cat != sl[1].j.cat)
		return 0;
	if (sl[1].at == sl[0].at + 1 && sl[0].j.cat == ECAT_INFLECTION &&
	    (word_is_determiner(&s->a->w[sl[0].at]) || strstr(sl[0].j.what, "gender") ||
	     strstr(sl[1].j.what, "gender")))
		return 0;
	return 1;
}

struct graded {
	struct eval_result r;
	double deduction;
};

/* Which clause each word of tk is in: a new one after , ; : ¿ ¡ . ? ! and
 * before y, o, pero, que...; out[k] for the k-th word. */
static void clauses(const struct tokens *tk, int *out)
{
	static const char *const links[] = { "y", "e", "o", "u", "pero", "que", "porque", "cuando",
					      "si", "aunque", "donde", "mientras" };
	int i, k = 0, clause = 0;

	for (i = 0; i < tk->n; i++) {
		if (!tk->t[i].is_word) {
			clause += k > 0;
			continue;
		}
		if (word_slip_one_of(tk->t[i].folded, links, sizeof(links) / sizeof(links[0])))
			clause++;
		out[k++] = clause;
	}
}

/* The answer's words, each against the translation's word at+shift from
 * at on: surface slips graded as the answer key grades them. */
static void surface_words(struct graded *g, const struct words *aw, const struct words *rw, int from,
			  int to, int shift)
{
	int i;

	for (i = from; i < to; i++) {
		const char *x = aw->w[i].text, *y = rw->w[i + shift].text;

		eval_result_add_diff(&g->r, strcmp(x, y) ? DIFF_CLOSE : DIFF_CORRECT, x, y);
		g->deduction += surface_word(&g->r, x, y, i == 0);
	}
}

/* Is w a form of one of the verbs in list (by the verb table or the dictionary)? */
static int form_of(struct lexicon *lx, struct word *w, const char *const *list, size_t n)
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
						  "chino", "japones", "arabe", "ruso" };
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
	if (prev && !strcmp(prev->bare, "de")) {
		/* de la catedral after al lado, de la mañana after an hour */
		struct word *before = j > 1 ? &s->r->w[j - 2] : NULL;

		if (!before || !(word_slip_one_of(before->bare, places, sizeof(places) / sizeof(places[0])) ||
				 (hour(before) && word_slip_one_of(next->bare, parts_of_day, 3))))
			return 0;
	}
	/* un, una: Spanish leaves it out after tener, buscar, ser... and prepositions */
	if (!definite && prev && (prev->cls || form_of(s->lx, prev, bare_objects,
						       sizeof(bare_objects) / sizeof(bare_objects[0]))))
		return 0;
	xsnprintf(expl, size, "missing article: Spanish needs '%s' here: '%s %s'", y->text, y->text,
		  next->text);
	return 1;
}

/* Grade the answer against one translation it has every word of but one
 * article; 0 and g filled when it is certain. */
static int grade_missing(struct slip_sentence *s, const struct tokens *a, const struct tokens *ref,
			 const char *norm, struct graded *g)
{
	char expl[384];
	int j = 0, i;

	while (j < s->a->n && !strcmp(s->a->w[j].bare, s->r->w[j].bare))
		j++;
	for (i = j; i < s->a->n; i++)
		if (strcmp(s->a->w[i].bare, s->r->w[i + 1].bare))
			return -1;
	if (!missing_article(s, j, expl, sizeof(expl)))
		return -1;
	surface_words(g, s->a, s->r, 0, j, 0);
	eval_result_add_diff(&g->r, DIFF_MISSING, NULL, s->r->w[j].text);
	eval_result_add_error(&g->r, ECAT_MISSING_WORD, SEV_MEDIUM, "", s->r->w[j].text, expl);
	g->deduction += ai_rubric_deduction(ECAT_MISSING_WORD, SEV_MEDIUM);
	surface_words(g, s->a, s->r, j, s->a->n, 1);
	g->deduction += surface_marks(&g->r, a, ref, norm);
	return 0;
}

/* Grade the answer's tokens a against one translation; 0 and g filled when
 * the answer is that translation but for certain slips. */
static int grade_against(struct word_slip *ws, const struct eval_request *rq, const struct tokens *a,
			 struct words *aw, const char *translation, struct graded *g)
{
	char *norm = text_normalize(translation);
	struct tokens ref;
	struct words rw;
	struct slip_sentence s = { ws->lx, rq, aw, &rw, NULL, 0, 0 };
	struct slip sl[MAX_SLIPS];
	int i, k, n = 0, rc = -1;

	tokenize(norm, &ref);
	words_from_tokens(ws->lx, &ref, &rw);
	eval_result_init(&g->r);
	g->deduction = 0;
	if (!aw->n || (aw->n != rw.n && aw->n + 1 != rw.n))
		goto out;
	s.clause = xcalloc((size_t)rw.n + 1, sizeof(int));
	clauses(&ref, s.clause);
	read_sentence(&s);
	if (aw->n + 1 == rw.n) {
		rc = grade_missing(&s, a, &ref, norm, g);
		goto out;
	}
	for (i = 0; i < aw->n; i++)
		if (strcmp(aw->w[i].bare, rw.w[i].bare)) {
			if (n == MAX_SLIPS)
				goto out;
			sl[n++].at = i;
		}
	if (!n)
		goto out;
	for (k = 0; k < n; k++)
		if (!slip_at(&s, sl[k].at, &sl[k].j))
			goto out;
	if (!slips_agree(&s, sl, n))
		goto out;
	for (i = k = 0; i < aw->n; i++) {
		const char *x = aw->w[i].text, *y = rw.w[i].text;
		const struct judgement *j;

		if (k >= n || sl[k].at != i) {
			surface_words(g, aw, &rw, i, i + 1, 0);
			continue;
		}
		j = &sl[k++].j;
		eval_result_add_diff(&g->r, j->diff, x, y);
		eval_result_add_error(&g->r, j->cat, j->sev, x, y, j->expl);
		g->deduction += ai_rubric_deduction(j->cat, j->sev);
	}
	g->deduction += surface_marks(&g->r, a, &ref, norm);
	rc = 0;
out:
	if (rc)
		eval_result_release(&g->r);
	free(s.clause);
	words_release(&rw);
	tokens_release(&ref);
	free(norm);
	return rc;
}

static int evaluate(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		    struct eval_result *r, struct err *e)
{
	struct word_slip *ws = (struct word_slip *)ev;
	struct graded best, g;
	const char *best_text = NULL;
	struct tokens a;
	struct words aw;
	int i, n = rq->n_accepted + 1;

	(void)e;
	/* without the dictionary a misspelling and a new word look alike */
	if (!lexicon_has_dictionary(ws->lx))
		return ERR_NOTFOUND;
	tokenize(normalized, &a);
	words_from_tokens(ws->lx, &a, &aw);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (!cand || grade_against(ws, rq, &a, &aw, cand, &g))
			continue;
		if (!best_text || g.deduction < best.deduction) {
			if (best_text)
				eval_result_release(&best.r);
			best = g;
			best_text = cand;
		} else {
			eval_result_release(&g.r);
		}
	}
	words_release(&aw);
	tokens_release(&a);
	if (!best_text)
		return ERR_NOTFOUND;
	*r = best.r;
	r->source = SRC_ANSWER_KEY;
	r->corrected = xstrdup(best_text);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (!cand || cand == best_text)
			continue;
		r->alternatives = xrealloc(r->alternatives,
					   (size_t)(r->n_alternatives + 1) * sizeof(char *));
		r->alternatives[r->n_alternatives++] = xstrdup(cand);
	}
	r->hints_used = rq->hints_used;
	eval_result_finish(r, 100 - best.deduction);
	return 0;
}

static void word_slip_free(struct evaluator *ev)
{
	struct word_slip *ws = (struct word_slip *)ev;

	if (ws->own_lexicon)
		lexicon_free(ws->lx);
	free(ws);
}

struct evaluator *word_slip_stage_new(struct lexicon *lx)
{
	struct word_slip *ws = xcalloc(1, sizeof(*ws));

	ws->ev.name = "word_slip";
	ws->ev.evaluate = evaluate;
	ws->ev.free = word_slip_free;
	ws->own_lexicon = lx == NULL;
	ws->lx = lx ? lx : lexicon_new();
	return &ws->ev;
}

struct evaluator *word_slip_new(void)
{
	return word_slip_stage_new(NULL);
}
