/* verbs.c: Spanish verb forms: the irregular verbs learners meet first, regular endings. */
#include <stdlib.h>
#include <string.h>

#include "ai/offline-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* Six forms (yo, tú, él, nosotros, vosotros, ellos) a tense; NULL: regular. */
static const struct irregular {
	const char *inf;
	const char *present, *preterite, *imperfect, *subjunctive;
	const char *future;   /* stem of the future and conditional; NULL: the infinitive */
	const char *gerund, *participle, *imperative; /* NULL: regular (imperative: none) */
} irregulars[] = {
	{ "ser", "soy eres es somos sois son", "fui fuiste fue fuimos fuisteis fueron",
	  "era eras era éramos erais eran", "sea seas sea seamos seáis sean", NULL, "siendo", "sido",
	  "sé" },
	{ "estar", "estoy estás está estamos estáis están",
	  "estuve estuviste estuvo estuvimos estuvisteis estuvieron", NULL,
	  "esté estés esté estemos estéis estén", NULL, NULL, NULL, "está" },
	{ "ir", "voy vas va vamos vais van", "fui fuiste fue fuimos fuisteis fueron",
	  "iba ibas iba íbamos ibais iban", "vaya vayas vaya vayamos vayáis vayan", NULL, "yendo", NULL,
	  "ve" },
	{ "haber", "he has ha hemos habéis han", "hube hubiste hubo hubimos hubisteis hubieron", NULL,
	  "haya hayas haya hayamos hayáis hayan", "habr", NULL, NULL, NULL },
	{ "tener", "tengo tienes tiene tenemos tenéis tienen",
	  "tuve tuviste tuvo tuvimos tuvisteis tuvieron", NULL,
	  "tenga tengas tenga tengamos tengáis tengan", "tendr", NULL, NULL, "ten" },
	{ "hacer", "hago haces hace hacemos hacéis hacen", "hice hiciste hizo hicimos hicisteis hicieron",
	  NULL, "haga hagas haga hagamos hagáis hagan", "har", NULL, "hecho", "haz" },
	{ "poder", "puedo puedes puede podemos podéis pueden",
	  "pude pudiste pudo pudimos pudisteis pudieron", NULL,
	  "pueda puedas pueda podamos podáis puedan", "podr", "pudiendo", NULL, NULL },
	{ "querer", "quiero quieres quiere queremos queréis quieren",
	  "quise quisiste quiso quisimos quisisteis quisieron", NULL,
	  "quiera quieras quiera queramos queráis quieran", "querr", NULL, NULL, NULL },
	{ "decir", "digo dices dice decimos decís dicen", "dije dijiste dijo dijimos dijisteis dijeron",
	  NULL, "diga digas diga digamos digáis digan", "dir", "diciendo", "dicho", "di" },
	{ "venir", "vengo vienes viene venimos venís vienen", "vine viniste vino vinimos vinisteis vinieron",
	  NULL, "venga vengas venga vengamos vengáis vengan", "vendr", "viniendo", NULL, "ven" },
	{ "saber", "sé sabes sabe sabemos sabéis saben", "supe supiste supo supimos supisteis supieron",
	  NULL, "sepa sepas sepa sepamos sepáis sepan", "sabr", NULL, NULL, NULL },
	{ "poner", "pongo pones pone ponemos ponéis ponen", "puse pusiste puso pusimos pusisteis pusieron",
	  NULL, "ponga pongas ponga pongamos pongáis pongan", "pondr", NULL, "puesto", "pon" },
	{ "salir", "salgo sales sale salimos salís salen", NULL, NULL,
	  "salga salgas salga salgamos salgáis salgan", "saldr", NULL, NULL, "sal" },
	{ "dar", "doy das da damos dais dan", "di diste dio dimos disteis dieron", NULL,
	  "dé des dé demos deis den", NULL, NULL, NULL, NULL },
	{ "ver", "veo ves ve vemos veis ven", "vi viste vio vimos visteis vieron",
	  "veía veías veía veíamos veíais veían", "vea veas vea veamos veáis vean", NULL, NULL,
	  "visto", NULL },
	{ "traer", "traigo traes trae traemos traéis traen",
	  "traje trajiste trajo trajimos trajisteis trajeron", NULL,
	  "traiga traigas traiga traigamos traigáis traigan", NULL, "trayendo", "traído", NULL },
	{ "conocer", "conozco conoces conoce conocemos conocéis conocen", NULL, NULL,
	  "conozca conozcas conozca conozcamos conozcáis conozcan", NULL, NULL, NULL, NULL },
	{ "oír", "oigo oyes oye oímos oís oyen", "oí oíste oyó oímos oísteis oyeron", NULL,
	  "oiga oigas oiga oigamos oigáis oigan", "oir", "oyendo", "oído", NULL },
	{ "leer", NULL, "leí leíste leyó leímos leísteis leyeron", NULL, NULL, NULL, "leyendo", "leído",
	  NULL },
	{ "dormir", "duermo duermes duerme dormimos dormís duermen",
	  "dormí dormiste durmió dormimos dormisteis durmieron", NULL,
	  "duerma duermas duerma durmamos durmáis duerman", NULL, "durmiendo", NULL, NULL },
	{ "morir", "muero mueres muere morimos morís mueren",
	  "morí moriste murió morimos moristeis murieron", NULL,
	  "muera mueras muera muramos muráis mueran", NULL, "muriendo", "muerto", NULL },
	{ "pedir", "pido pides pide pedimos pedís piden", "pedí pediste pidió pedimos pedisteis pidieron",
	  NULL, "pida pidas pida pidamos pidáis pidan", NULL, "pidiendo", NULL, NULL },
	{ "sentir", "siento sientes siente sentimos sentís sienten",
	  "sentí sentiste sintió sentimos sentisteis sintieron", NULL,
	  "sienta sientas sienta sintamos sintáis sientan", NULL, "sintiendo", NULL, NULL },
	{ "sentar", "siento sientas sienta sentamos sentáis sientan", NULL, NULL,
	  "siente sientes siente sentemos sentéis sienten", NULL, NULL, NULL, NULL },
	{ "preferir", "prefiero prefieres prefiere preferimos preferís prefieren",
	  "preferí preferiste prefirió preferimos preferisteis prefirieron", NULL,
	  "prefiera prefieras prefiera prefiramos prefiráis prefieran", NULL,
	  "prefiriendo", NULL, NULL },
	{ "seguir", "sigo sigues sigue seguimos seguís siguen",
	  "seguí seguiste siguió seguimos seguisteis siguieron", NULL,
	  "siga sigas siga sigamos sigáis sigan", NULL, "siguiendo", NULL, NULL },
	{ "jugar", "juego juegas juega jugamos jugáis juegan",
	  "jugué jugaste jugó jugamos jugasteis jugaron", NULL,
	  "juegue juegues juegue juguemos juguéis jueguen", NULL, NULL, NULL, NULL },
	{ "empezar", "empiezo empiezas empieza empezamos empezáis empiezan",
	  "empecé empezaste empezó empezamos empezasteis empezaron", NULL,
	  "empiece empieces empiece empecemos empecéis empiecen", NULL, NULL, NULL, NULL },
	{ "volver", "vuelvo vuelves vuelve volvemos volvéis vuelven", NULL, NULL,
	  "vuelva vuelvas vuelva volvamos volváis vuelvan", NULL, NULL, "vuelto", NULL },
	{ "escribir", NULL, NULL, NULL, NULL, NULL, NULL, "escrito", NULL },
	{ "abrir", NULL, NULL, NULL, NULL, NULL, NULL, "abierto", NULL },
	{ "romper", NULL, NULL, NULL, NULL, NULL, NULL, "roto", NULL },
};

/* Regular endings by conjugation (0 -ar, 1 -er, 2 -ir). */
static const char *const reg_present[3] = { "o as a amos áis an", "o es e emos éis en",
					    "o es e imos ís en" };
static const char *const reg_preterite[3] = { "é aste ó amos asteis aron",
					      "í iste ió imos isteis ieron",
					      "í iste ió imos isteis ieron" };
static const char *const reg_imperfect[3] = { "aba abas aba ábamos abais aban",
					      "ía ías ía íamos íais ían",
					      "ía ías ía íamos íais ían" };
static const char *const reg_subjunctive[3] = { "e es e emos éis en", "a as a amos áis an",
						"a as a amos áis an" };

/* Endings a regular verb form can have, for forms not in the table. */
#define FUT(v, c) \
	{ v "ré", c, VT_FUTURE, 0 }, { v "rás", c, VT_FUTURE, 1 }, { v "rá", c, VT_FUTURE, 2 }, \
	{ v "remos", c, VT_FUTURE, 3 }, { v "réis", c, VT_FUTURE, 4 }, { v "rán", c, VT_FUTURE, 5 }, \
	{ v "ría", c, VT_CONDITIONAL, 0 }, { v "rías", c, VT_CONDITIONAL, 1 }, \
	{ v "ría", c, VT_CONDITIONAL, 2 }, { v "ríamos", c, VT_CONDITIONAL, 3 }, \
	{ v "ríais", c, VT_CONDITIONAL, 4 }, { v "rían", c, VT_CONDITIONAL, 5 }
#define PSUBJ(v, acc, r, c) \
	{ v r "a", c, VT_PAST_SUBJUNCTIVE, 0 }, { v r "as", c, VT_PAST_SUBJUNCTIVE, 1 }, \
	{ v r "a", c, VT_PAST_SUBJUNCTIVE, 2 }, { acc r "amos", c, VT_PAST_SUBJUNCTIVE, 3 }, \
	{ v r "ais", c, VT_PAST_SUBJUNCTIVE, 4 }, { v r "an", c, VT_PAST_SUBJUNCTIVE, 5 }

static const struct ending {
	const char *end;
	int cls, tense, person;
} endings[] = {
	{ "o", 7, VT_PRESENT, 0 }, { "as", 1, VT_PRESENT, 1 }, { "es", 6, VT_PRESENT, 1 },
	{ "a", 1, VT_PRESENT, 2 }, { "e", 6, VT_PRESENT, 2 }, { "amos", 1, VT_PRESENT, 3 },
	{ "emos", 2, VT_PRESENT, 3 }, { "imos", 4, VT_PRESENT, 3 }, { "áis", 1, VT_PRESENT, 4 },
	{ "éis", 2, VT_PRESENT, 4 }, { "ís", 4, VT_PRESENT, 4 }, { "an", 1, VT_PRESENT, 5 },
	{ "en", 6, VT_PRESENT, 5 },
	{ "é", 1, VT_PRETERITE, 0 }, { "í", 6, VT_PRETERITE, 0 }, { "aste", 1, VT_PRETERITE, 1 },
	{ "iste", 6, VT_PRETERITE, 1 }, { "ó", 1, VT_PRETERITE, 2 }, { "ió", 6, VT_PRETERITE, 2 },
	{ "amos", 1, VT_PRETERITE, 3 }, { "imos", 6, VT_PRETERITE, 3 }, { "asteis", 1, VT_PRETERITE, 4 },
	{ "isteis", 6, VT_PRETERITE, 4 }, { "aron", 1, VT_PRETERITE, 5 }, { "ieron", 6, VT_PRETERITE, 5 },
	{ "aba", 1, VT_IMPERFECT, 0 }, { "abas", 1, VT_IMPERFECT, 1 }, { "aba", 1, VT_IMPERFECT, 2 },
	{ "ábamos", 1, VT_IMPERFECT, 3 }, { "abais", 1, VT_IMPERFECT, 4 }, { "aban", 1, VT_IMPERFECT, 5 },
	{ "ía", 6, VT_IMPERFECT, 0 }, { "ías", 6, VT_IMPERFECT, 1 }, { "ía", 6, VT_IMPERFECT, 2 },
	{ "íamos", 6, VT_IMPERFECT, 3 }, { "íais", 6, VT_IMPERFECT, 4 }, { "ían", 6, VT_IMPERFECT, 5 },
	{ "e", 1, VT_SUBJUNCTIVE, 0 }, { "es", 1, VT_SUBJUNCTIVE, 1 }, { "e", 1, VT_SUBJUNCTIVE, 2 },
	{ "emos", 1, VT_SUBJUNCTIVE, 3 }, { "éis", 1, VT_SUBJUNCTIVE, 4 }, { "en", 1, VT_SUBJUNCTIVE, 5 },
	{ "a", 6, VT_SUBJUNCTIVE, 0 }, { "as", 6, VT_SUBJUNCTIVE, 1 }, { "a", 6, VT_SUBJUNCTIVE, 2 },
	{ "amos", 6, VT_SUBJUNCTIVE, 3 }, { "áis", 6, VT_SUBJUNCTIVE, 4 }, { "an", 6, VT_SUBJUNCTIVE, 5 },
	FUT("a", 1), FUT("e", 2), FUT("i", 4),
	PSUBJ("a", "á", "r", 1), PSUBJ("ie", "ié", "r", 6),
	PSUBJ("a", "á", "s", 1), PSUBJ("ie", "ié", "s", 6),
	{ "ar", 1, VT_INFINITIVE, -1 }, { "er", 2, VT_INFINITIVE, -1 }, { "ir", 4, VT_INFINITIVE, -1 },
	{ "ando", 1, VT_GERUND, -1 }, { "iendo", 6, VT_GERUND, -1 },
	{ "ado", 1, VT_PARTICIPLE, -1 }, { "ada", 1, VT_PARTICIPLE, -1 }, { "ados", 1, VT_PARTICIPLE, -1 },
	{ "adas", 1, VT_PARTICIPLE, -1 }, { "ido", 6, VT_PARTICIPLE, -1 }, { "ida", 6, VT_PARTICIPLE, -1 },
	{ "idos", 6, VT_PARTICIPLE, -1 }, { "idas", 6, VT_PARTICIPLE, -1 },
};

static const char *const tense_names[] = {
	"present", "preterite", "imperfect", "future", "conditional", "present subjunctive",
	"imperfect subjunctive", "imperative", "infinitive", "gerund", "participle"
};
static const char *const person_names[] = { "yo", "tú", "él/ella/usted", "nosotros", "vosotros",
					    "ellos/ustedes" };

struct verb_entry {
	char *form;
	const char *lemma;
	int tense, person, seq;
};

struct verb_index {
	struct verb_entry *e;
	int n, alloc;
};

static void add(struct verb_index *vi, const char *form, const char *lemma, int tense, int person)
{
	if (vi->n == vi->alloc) {
		vi->alloc = vi->alloc ? vi->alloc * 2 : 1024;
		vi->e = xrealloc(vi->e, (size_t)vi->alloc * sizeof(*vi->e));
	}
	vi->e[vi->n].form = xstrdup(form);
	vi->e[vi->n].lemma = lemma;
	vi->e[vi->n].tense = tense;
	vi->e[vi->n].person = person;
	vi->e[vi->n].seq = vi->n;
	vi->n++;
}

/* The n-th space-separated word of list into buf. */
static void nth(const char *list, int n, char *buf, size_t size)
{
	const char *p = list, *end;

	while (n-- > 0 && (p = strchr(p, ' ')))
		p++;
	if (!p) {
		buf[0] = '\0';
		return;
	}
	end = strchr(p, ' ');
	if (!end)
		end = p + strlen(p);
	xsnprintf(buf, size, "%.*s", (int)(end - p), p);
}

static int conjugation(const char *inf)
{
	size_t n = strlen(inf);

	if (n >= 2 && !strcmp(inf + n - 2, "ar"))
		return 0;
	if (n >= 2 && !strcmp(inf + n - 2, "er"))
		return 1;
	return 2; /* -ir and -ír */
}

/* The infinitive without -ar, -er, -ir or -ír. */
static void verb_stem(const char *inf, char *buf, size_t size)
{
	size_t n = strlen(inf);

	n -= n >= 3 && !strcmp(inf + n - 3, "ír") ? 3 : 2;
	xsnprintf(buf, size, "%.*s", (int)n, inf);
}

/* Six forms of one tense: listed, or the stem with regular endings. */
static void add_tense(struct verb_index *vi, const struct irregular *v, const char *listed,
		      const char *const *regular, int tense)
{
	char stem[32], end[16], form[48];
	int c = conjugation(v->inf), p;

	verb_stem(v->inf, stem, sizeof(stem));
	for (p = 0; p < 6; p++) {
		if (listed) {
			nth(listed, p, form, sizeof(form));
		} else {
			nth(regular[c], p, end, sizeof(end));
			xsnprintf(form, sizeof(form), "%s%s", stem, end);
		}
		add(vi, form, v->inf, tense, p);
	}
}

static void add_verb(struct verb_index *vi, const struct irregular *v)
{
	static const char *const fut[] = { "é", "ás", "á", "emos", "éis", "án" };
	static const char *const cond[] = { "ía", "ías", "ía", "íamos", "íais", "ían" };
	static const char *const psubj[] = { "ra", "ras", "ra", "ramos", "rais", "ran",
					     "se", "ses", "se", "semos", "seis", "sen" };
	char form[48], base[48], stem[32];
	int c = conjugation(v->inf), p;
	size_t n;

	add_tense(vi, v, v->present, reg_present, VT_PRESENT);
	add_tense(vi, v, v->preterite, reg_preterite, VT_PRETERITE);
	add_tense(vi, v, v->imperfect, reg_imperfect, VT_IMPERFECT);
	add_tense(vi, v, v->subjunctive, reg_subjunctive, VT_SUBJUNCTIVE);
	for (p = 0; p < 6; p++) {
		xsnprintf(form, sizeof(form), "%s%s", v->future ? v->future : v->inf, fut[p]);
		add(vi, form, v->inf, VT_FUTURE, p);
		xsnprintf(form, sizeof(form), "%s%s", v->future ? v->future : v->inf, cond[p]);
		add(vi, form, v->inf, VT_CONDITIONAL, p);
	}
	/* the imperfect subjunctive grows from the preterite's ellos form: fueron -> fuera */
	if (v->preterite) {
		nth(v->preterite, 5, base, sizeof(base));
	} else {
		verb_stem(v->inf, stem, sizeof(stem));
		xsnprintf(base, sizeof(base), "%s%s", stem, c == 0 ? "aron" : "ieron");
	}
	n = strlen(base);
	if (n > 3) {
		base[n - 3] = '\0'; /* drop "ron" */
		for (p = 0; p < 12; p++) {
			size_t k = strlen(base);

			if (p % 6 == 3 && k > 0 && (base[k - 1] == 'a' || base[k - 1] == 'e'))
				xsnprintf(form, sizeof(form), "%.*s%s%s", (int)k - 1, base,
					  base[k - 1] == 'a' ? "á" : "é", psubj[p]);
			else
				xsnprintf(form, sizeof(form), "%s%s", base, psubj[p]);
			add(vi, form, v->inf, VT_PAST_SUBJUNCTIVE, p % 6);
		}
	}
	verb_stem(v->inf, stem, sizeof(stem));
	add(vi, v->inf, v->inf, VT_INFINITIVE, -1);
	if (v->gerund) {
		add(vi, v->gerund, v->inf, VT_GERUND, -1);
	} else {
		xsnprintf(form, sizeof(form), "%s%s", stem, c == 0 ? "ando" : "iendo");
		add(vi, form, v->inf, VT_GERUND, -1);
	}
	if (v->participle) {
		add(vi, v->participle, v->inf, VT_PARTICIPLE, -1);
	} else {
		xsnprintf(form, sizeof(form), "%s%s", stem, c == 0 ? "ado" : "ido");
		add(vi, form, v->inf, VT_PARTICIPLE, -1);
	}
	if (v->imperative)
		add(vi, v->imperative, v->inf, VT_IMPERATIVE, 1);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct verb_entry *x = a, *y = b;
	int c = strcmp(x->form, y->form);

	return c ? c : x->seq - y->seq;
}

struct verb_index *verb_index_new(void)
{
	struct verb_index *vi = xcalloc(1, sizeof(*vi));
	size_t i;

	for (i = 0; i < sizeof(irregulars) / sizeof(irregulars[0]); i++)
		add_verb(vi, &irregulars[i]);
	add(vi, "hay", "haber", VT_PRESENT, 2); /* there is, there are */
	qsort(vi->e, (size_t)vi->n, sizeof(*vi->e), cmp_entry);
	return vi;
}

void verb_index_free(struct verb_index *vi)
{
	int i;

	if (!vi)
		return;
	for (i = 0; i < vi->n; i++)
		free(vi->e[i].form);
	free(vi->e);
	free(vi);
}

/* Index of the first entry for form, or -1. */
static int find(const struct verb_index *vi, const char *form)
{
	int lo = 0, hi = vi->n - 1, at = -1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(vi->e[mid].form, form);

		if (c == 0)
			at = mid;
		if (c >= 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return at;
}

const char *verb_lemma(const struct verb_index *vi, const char *lower)
{
	int i = find(vi, lower);

	return i < 0 ? NULL : vi->e[i].lemma;
}

int verb_analyse(const struct verb_index *vi, const char *lower, struct verb_form *out, int max)
{
	size_t n = strlen(lower), i;
	int k = 0, at = find(vi, lower);

	if (at >= 0) {
		for (; at < vi->n && k < max && !strcmp(vi->e[at].form, lower); at++, k++) {
			memset(&out[k], 0, sizeof(out[k]));
			out[k].lemma = vi->e[at].lemma;
			out[k].cls = 1 << conjugation(vi->e[at].lemma);
			out[k].tense = vi->e[at].tense;
			out[k].person = vi->e[at].person;
		}
		return k;
	}
	for (i = 0; i < sizeof(endings) / sizeof(endings[0]) && k < max; i++) {
		size_t e = strlen(endings[i].end);

		if (n < e + 2 || strcmp(lower + n - e, endings[i].end))
			continue;
		memset(&out[k], 0, sizeof(out[k]));
		xsnprintf(out[k].stem, sizeof(out[k].stem), "%.*s", (int)(n - e), lower);
		out[k].cls = endings[i].cls;
		out[k].tense = endings[i].tense;
		out[k].person = endings[i].person;
		k++;
	}
	return k;
}

/* Do the two readings cut the word at the same stem? */
static int stem_fits(const struct verb_form *a, const struct verb_form *b)
{
	const struct verb_form *known, *guess;

	if (a->lemma && b->lemma)
		return 1;
	if (!a->lemma && !b->lemma)
		return !strcmp(a->stem, b->stem);
	known = a->lemma ? a : b;
	guess = a->lemma ? b : a;
	return strlen(guess->stem) >= 2 && !strncmp(known->lemma, guess->stem, strlen(guess->stem));
}

static int is_subjunctive(int t)
{
	return t == VT_SUBJUNCTIVE || t == VT_PAST_SUBJUNCTIVE;
}

/* Can a and b be forms of one verb? */
static int compatible(const struct verb_form *a, const struct verb_form *b, int related)
{
	const struct verb_form *known, *guess;

	if (a->lemma && b->lemma)
		return !strcmp(a->lemma, b->lemma);
	if (!a->lemma && !b->lemma)
		return (a->cls & b->cls) && (related || !strcmp(a->stem, b->stem));
	known = a->lemma ? a : b;
	guess = a->lemma ? b : a;
	return (known->cls & guess->cls) && (related || stem_fits(a, b));
}

int verb_compare(const struct verb_index *vi, const char *x, const char *y, int related,
		 char *what, size_t wsize, char *detail, size_t dsize)
{
	struct verb_form ax[24], ay[24];
	int nx = verb_analyse(vi, x, ax, 24), ny = verb_analyse(vi, y, ay, 24);
	int i, k, best = -1000000, bi = -1, bk = 0;
	const struct verb_form *fx, *fy;

	for (i = 0; i < nx; i++)
		for (k = 0; k < ny; k++) {
			int score;

			if (!compatible(&ax[i], &ay[k], related))
				continue;
			/* the readings that cut both words alike, then the fewest changes */
			score = 8 * stem_fits(&ax[i], &ay[k]) + 4 * (ax[i].tense == ay[k].tense) +
				2 * (ax[i].person == ay[k].person) +
				(ax[i].person >= 0 && ay[k].person >= 0 &&
				 ax[i].person % 3 == ay[k].person % 3);
			/* then the longest endings: hablaría is habl-aría, not hablar-ía */
			score = score * 64 - (int)(strlen(ax[i].stem) + strlen(ay[k].stem));
			if (bi < 0 || score > best) {
				best = score;
				bi = i;
				bk = k;
			}
		}
	if (bi < 0)
		return -1;
	fx = &ax[bi];
	fy = &ay[bk];
	if (fy->person < 0) {
		xstrlcpy(what, "verb form", wsize);
		xsnprintf(detail, dsize, "the %s", tense_names[fy->tense]);
	} else if (fx->person < 0) {
		xstrlcpy(what, "verb form", wsize);
		xsnprintf(detail, dsize, "the %s form of the %s, not the %s", person_names[fy->person],
			  tense_names[fy->tense], tense_names[fx->tense]);
	} else if (fx->tense == fy->tense && fx->person != fy->person) {
		xstrlcpy(what, "conjugation", wsize);
		xsnprintf(detail, dsize, "the %s form, not the %s form", person_names[fy->person],
			  person_names[fx->person]);
	} else if (fx->tense != fy->tense && fx->person == fy->person) {
		xstrlcpy(what, is_subjunctive(fx->tense) != is_subjunctive(fy->tense) ? "verb mood" :
			 "verb tense", wsize);
		xsnprintf(detail, dsize, "%s, not %s", tense_names[fy->tense], tense_names[fx->tense]);
	} else {
		xstrlcpy(what, "verb form", wsize);
		xsnprintf(detail, dsize, "the %s form of the %s", person_names[fy->person],
			  tense_names[fy->tense]);
	}
	return 0;
}
