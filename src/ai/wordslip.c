/* wordslip.c: the answer key's word slips: one word misspelt, mis-inflected or mixed up. */
#include <stdlib.h>
#include <string.h>

#include "ai/wordslip-int.h"
#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "banned.h"

/*
 * The answer is an accepted translation, as the answer key compares them
 * (capitals, marks, accents and ñ aside), but for one or two edits, each
 * an error C can name for sure:
 *
 *   - a word changed by a slip:
 *     - a misspelling: not a word for hunspell-es nor for hunspell en_US,
 *       a few letters from the word wanted;
 *     - an inflection slip: another form of the same word (its dictionary
 *       root or its verb), where no other reading of the English fits that
 *       form (the gender of I, you, we, they and of people's nouns; tú or
 *       usted; -ra or -se; present for future; polite conditionals);
 *     - a confusion of the lexicon's table (ser/estar, por/para...), in the
 *       same person and tense, where its explanation holds;
 *   - a word left out that Spanish cannot do without here: a word of the
 *     meaning, no, a preposition, que, the pronoun of gustar or llamarse,
 *     an article (me duele la cabeza, todos los días), y or o with no
 *     comma in its place; not a subject pronoun, a possessive, le, ya;
 *   - two words the other way round, one of them a word that must lead
 *     its own (an article, a possessive, a preposition, a pronoun before
 *     its verb, no, muy): encanta le, las a nueve.
 *
 * Two edits side by side are taken only when both are slips of one kind
 * and neither makes the other right.  Everything else goes on to the AI
 * (or the offline estimate).  The grade is scored as the AI's are, with
 * its rubric: the same errors cost the same points whoever names them.
 */

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
int word_slip_hour(const struct word *w)
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
	       word_slip_hour(&r->w[i + 2]);
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

/* ---- the edits: what turns the translation into the answer */

/* A word of the translation changed, left out, or swapped with the next. */
enum edit_op { ED_SUB, ED_DEL, ED_SWAP };

struct edit {
	enum edit_op op;
	int i, j;            /* the answer's word and the translation's (the first of a swap) */
	struct judgement jd; /* the error: category, severity, diff, explanation */
};

struct word *word_slip_learner(const struct slip_sentence *s, int j)
{
	int i = j >= 0 && j < s->r->n ? s->learner_of[j] : -1;

	return i >= 0 ? &s->a->w[i] : NULL;
}

/* Is the answer's word i, for the translation's j, a slip?  jd is filled. */
static int slip_at(struct slip_sentence *s, int i, int j, struct judgement *jd)
{
	struct word *x = &s->a->w[i], *y = &s->r->w[j];
	struct word *prev = i > 0 ? &s->a->w[i - 1] : NULL;
	struct word *next = i + 1 < s->a->n ? &s->a->w[i + 1] : NULL;

	wordpair_judge(s->lx, x, y, prev, next, 1, jd);
	return misspelling(s, x, y, jd) || word_slip_inflection(s, j, x, y, jd) ||
	       confusion_slip(s, j, x, y, jd);
}

/* ---- the grade */

#define MAX_EDITS 2

struct graded {
	struct eval_result r;
	double deduction;
	int edits;
};

/* A search for the edits that make the translation the answer. */
struct search {
	struct slip_sentence *s;
	const struct tokens *a, *ref;
	const char *norm;
	const int *mark_before; /* the answer's word k follows a mark */
	struct edit ed[MAX_EDITS];
	int n;
	struct graded best;
	int found;
	int fewest; /* the fewest edits found, certain or not */
	int moved;  /* the fewest swaps, not certain, that make the answer */
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

/* The answer's word x for the translation's y, the same word: its
 * capitals and accents graded as the answer key grades them.  A word
 * that opens one and not the other (a word before it left out, or moved)
 * may differ in its capital. */
static void surface_pair(struct graded *g, const struct word *x, const struct word *y, int moved)
{
	eval_result_add_diff(&g->r, moved || strcmp(x->text, y->text) ? DIFF_CLOSE : DIFF_CORRECT,
			     x->text, y->text);
	g->deduction += surface_word_placed(&g->r, x->text, x->initial, y->text, y->initial);
}

static int edit_end(const struct edit *e)
{
	return e->op == ED_SWAP ? e->j + 1 : e->j;
}

/* Are the edits certain together?  Apart, each is; side by side only two
 * slips of a kind where neither makes the other right: not una amiga for
 * un amigo, the determiner and its noun changed alike. */
static int edits_agree(const struct slip_sentence *s, const struct edit *ed, int n)
{
	if (n < 2 || ed[1].j > edit_end(&ed[0]) + 1)
		return 1;
	if (ed[0].op != ED_SUB || ed[1].op != ED_SUB || ed[0].jd.cat != ed[1].jd.cat)
		return 0;
	return !(ed[0].jd.cat == ECAT_INFLECTION &&
		 (word_is_determiner(&s->a->w[ed[0].i]) || strstr(ed[0].jd.what, "gender") ||
		  strstr(ed[1].jd.what, "gender")));
}

/* The grade of the edits found, kept when it is the best so far: the
 * fewest edits, then the fewest points taken. */
static void grade_edits(struct search *sr)
{
	struct slip_sentence *s = sr->s;
	struct graded g;
	int i = 0, j = 0, k = 0, ok = 1, moves = 0;

	for (k = 0; k < sr->n && ok; k++) {
		struct edit *e = &sr->ed[k];

		ok = e->op == ED_SUB ? slip_at(s, e->i, e->j, &e->jd) :
		     e->op == ED_DEL ? word_slip_missing(s, e->i, e->j, sr->mark_before, &e->jd) :
				       word_slip_swap(s, e->j, &e->jd);
	}
	for (k = 0; k < sr->n; k++)
		moves += sr->ed[k].op == ED_SWAP;
	if (ok)
		ok = edits_agree(s, sr->ed, sr->n);
	if (!ok && moves == sr->n && sr->n < sr->moved)
		sr->moved = sr->n; /* the translation's own words, their order uncertain */
	if (!ok)
		return;
	eval_result_init(&g.r);
	g.deduction = 0;
	g.edits = sr->n;
	for (k = 0; j < s->r->n;) {
		const struct edit *e = k < sr->n && sr->ed[k].j == j ? &sr->ed[k++] : NULL;
		struct word *x = i < s->a->n ? &s->a->w[i] : NULL, *y = &s->r->w[j];

		if (!e) {
			surface_pair(&g, x, y, 0);
			i++, j++;
			continue;
		}
		if (e->op == ED_SWAP) {
			char got[256], want[256];

			surface_pair(&g, x, &s->r->w[j + 1], 1);
			surface_pair(&g, &s->a->w[i + 1], y, 1);
			xsnprintf(got, sizeof(got), "%s %s", x->text, s->a->w[i + 1].text);
			xsnprintf(want, sizeof(want), "%s %s", y->text, s->r->w[j + 1].text);
			eval_result_add_error(&g.r, e->jd.cat, e->jd.sev, got, want, e->jd.expl);
			i += 2, j += 2;
		} else if (e->op == ED_DEL) {
			eval_result_add_diff(&g.r, DIFF_MISSING, NULL, y->text);
			eval_result_add_error(&g.r, e->jd.cat, e->jd.sev, "", y->text, e->jd.expl);
			j++;
		} else {
			eval_result_add_diff(&g.r, e->jd.diff, x->text, y->text);
			eval_result_add_error(&g.r, e->jd.cat, e->jd.sev, x->text, y->text, e->jd.expl);
			i++, j++;
		}
		g.deduction += ai_rubric_deduction(e->jd.cat, e->jd.sev);
	}
	g.deduction += surface_marks(&g.r, sr->a, sr->ref, sr->norm);
	if (sr->found && (sr->best.edits < g.edits ||
			  (sr->best.edits == g.edits && sr->best.deduction <= g.deduction))) {
		eval_result_release(&g.r);
		return;
	}
	if (sr->found)
		eval_result_release(&sr->best.r);
	sr->best = g;
	sr->found = 1;
}

static int same_word(const struct word *x, const struct word *y)
{
	return !strcmp(x->bare, y->bare);
}

/* Every way of making the translation from the answer's word i and the
 * translation's j on with at most MAX_EDITS edits; a word the same in
 * both stands for itself. */
static void search_edits(struct search *sr, int i, int j)
{
	const struct words *a = sr->s->a, *r = sr->s->r;
	int *of = sr->s->learner_of;

	if (i == a->n && j == r->n) {
		if (sr->n && sr->n < sr->fewest)
			sr->fewest = sr->n;
		if (sr->n)
			grade_edits(sr);
		return;
	}
	if (i < a->n && j < r->n && same_word(&a->w[i], &r->w[j])) {
		of[j] = i;
		search_edits(sr, i + 1, j + 1);
		return;
	}
	if (sr->n == MAX_EDITS)
		return;
	if (i < a->n && j < r->n) {
		sr->ed[sr->n++] = (struct edit){ ED_SUB, i, j, { 0 } };
		of[j] = i;
		search_edits(sr, i + 1, j + 1);
		sr->n--;
	}
	if (j < r->n && r->n - j > a->n - i) {
		sr->ed[sr->n++] = (struct edit){ ED_DEL, i, j, { 0 } };
		of[j] = -1;
		search_edits(sr, i, j + 1);
		sr->n--;
	}
	if (i + 1 < a->n && j + 1 < r->n && same_word(&a->w[i], &r->w[j + 1]) &&
	    same_word(&a->w[i + 1], &r->w[j])) {
		sr->ed[sr->n++] = (struct edit){ ED_SWAP, i, j, { 0 } };
		of[j] = i + 1;
		of[j + 1] = i;
		search_edits(sr, i + 2, j + 2);
		sr->n--;
	}
}

/* marks[k]: a mark comes before the k-th word of tk. */
static int *marks_before(const struct tokens *tk)
{
	int *marks = xcalloc((size_t)tk->n + 1, sizeof(int)), i, k = 0, seen = 0;

	for (i = 0; i < tk->n; i++) {
		if (!tk->t[i].is_word) {
			seen = 1;
			continue;
		}
		marks[k++] = seen;
		seen = 0;
	}
	return marks;
}

/* Grade the answer's tokens a against one translation; 0 and g filled when
 * the answer is that translation but for certain slips.  *fewest: the
 * fewest edits, certain or not, that make the answer of it, if fewer;
 * *moved: the fewest swaps of its words C is not sure of, if fewer. */
static int grade_against(struct word_slip *ws, const struct eval_request *rq, const struct tokens *a,
			 struct words *aw, const int *mark_before, const char *translation,
			 struct graded *g, int *fewest, int *moved)
{
	char *norm = text_normalize(translation);
	struct tokens ref;
	struct words rw;
	struct slip_sentence s = { ws->lx, rq, aw, &rw, NULL, NULL, 0, 0 };
	struct search sr;

	memset(&sr, 0, sizeof(sr));
	sr.fewest = *fewest;
	sr.moved = *moved;
	tokenize(norm, &ref);
	words_from_tokens(ws->lx, &ref, &rw);
	if (aw->n && aw->n <= rw.n && aw->n + MAX_EDITS >= rw.n) {
		s.learner_of = xcalloc((size_t)rw.n + 1, sizeof(int));
		s.clause = xcalloc((size_t)rw.n + 1, sizeof(int));
		clauses(&ref, s.clause);
		read_sentence(&s);
		sr.s = &s;
		sr.a = a;
		sr.ref = &ref;
		sr.norm = norm;
		sr.mark_before = mark_before;
		search_edits(&sr, 0, 0);
	}
	if (sr.found)
		*g = sr.best;
	*fewest = sr.fewest;
	*moved = sr.moved;
	free(s.learner_of);
	free(s.clause);
	words_release(&rw);
	tokens_release(&ref);
	free(norm);
	return sr.found ? 0 : -1;
}

static int evaluate(struct evaluator *ev, const struct eval_request *rq, const char *normalized,
		    struct eval_result *r, struct err *e)
{
	struct word_slip *ws = (struct word_slip *)ev;
	struct graded best, g;
	const char *best_text = NULL;
	struct tokens a;
	struct words aw;
	int *marks, i, n = rq->n_accepted + 1, fewest = MAX_EDITS + 1, moved = MAX_EDITS + 1;

	(void)e;
	/* without the dictionary a misspelling and a new word look alike */
	if (!lexicon_has_dictionary(ws->lx))
		return ERR_NOTFOUND;
	tokenize(normalized, &a);
	words_from_tokens(ws->lx, &a, &aw);
	marks = marks_before(&a);
	for (i = 0; i < n; i++) {
		const char *cand = i == 0 ? rq->reference : rq->accepted[i - 1];

		if (!cand || grade_against(ws, rq, &a, &aw, marks, cand, &g, &fewest, &moved))
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
	free(marks);
	words_release(&aw);
	tokens_release(&a);
	if (best_text && (best.edits > fewest || best.edits >= moved)) {
		/* closer to another translation, or as close with its very
		 * words, in a way C is not sure of: the learner may have meant
		 * that one (película qué, not la película que) */
		eval_result_release(&best.r);
		best_text = NULL;
	}
	if (!best_text)
		return ERR_NOTFOUND;
	*r = best.r;
	answer_key_result(r, rq, best_text, best.deduction);
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
