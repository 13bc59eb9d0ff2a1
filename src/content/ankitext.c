/* ankitext.c: Anki fields as plain text, clozes, templates, guessing languages, media names. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aidioma/ai.h"
#include "aidioma/anki.h"
#include "aidioma/content.h"
#include "banned.h"

/* ---- HTML to text */

struct out {
	struct sbuf sb;
	int space, nl;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->sb.len) {
		if (o->nl) {
			sbuf_add(&o->sb, "\n\n", (size_t)(o->nl > 2 ? 2 : o->nl));
		} else if (o->space) {
			sbuf_add(&o->sb, " ", 1);
		}
	}
	o->nl = o->space = 0;
	sbuf_add(&o->sb, s, n);
}

static void put_cp(struct out *o, uint32_t cp)
{
	char buf[4];

	/* controls, bidi overrides, zero-width marks and BOMs have no place on a card */
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0xfeff ||
	    cp == 0x200b || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return;
	if (cp == 0xa0 || cp == ' ') {
		o->space = 1;
		return;
	}
	put(o, buf, (size_t)utf8_encode(cp, buf));
}

static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	{ "nbsp", 0xa0 }, { "iexcl", 0xa1 }, { "iquest", 0xbf }, { "laquo", 0xab },
	{ "raquo", 0xbb }, { "aacute", 0xe1 }, { "eacute", 0xe9 }, { "iacute", 0xed },
	{ "oacute", 0xf3 }, { "uacute", 0xfa }, { "ntilde", 0xf1 }, { "uuml", 0xfc },
	{ "Aacute", 0xc1 }, { "Eacute", 0xc9 }, { "Iacute", 0xcd }, { "Oacute", 0xd3 },
	{ "Uacute", 0xda }, { "Ntilde", 0xd1 }, { "Uuml", 0xdc }, { "agrave", 0xe0 },
	{ "egrave", 0xe8 }, { "ccedil", 0xe7 }, { "ordf", 0xaa }, { "ordm", 0xba },
	{ "deg", 0xb0 }, { "middot", 0xb7 }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "hellip", 0x2026 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201c },
	{ "rdquo", 0x201d }, { "euro", 0x20ac }, { "copy", 0xa9 }, { "times", 0xd7 },
	{ "shy", 0xad },
};

/* An entity at s (after '&'); returns the bytes it spans after '&', 0 if none. */
static size_t entity(const char *s, size_t n, uint32_t *cp)
{
	char name[12];
	size_t i, k;

	for (i = 0; i < n && i < sizeof(name) - 1 && s[i] != ';'; i++)
		name[i] = s[i];
	if (i >= n || s[i] != ';' || i == 0)
		return 0;
	name[i] = '\0';
	if (name[0] == '#') {
		char *end;
		unsigned long v = name[1] == 'x' || name[1] == 'X' ? strtoul(name + 2, &end, 16) :
								     strtoul(name + 1, &end, 10);

		if (*end || end == name + 1 || v == 0 || v > 0x10ffff)
			return 0;
		*cp = (uint32_t)v;
		return i + 1;
	}
	for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++)
		if (!strcmp(name, entities[k].name)) {
			*cp = entities[k].cp;
			return i + 1;
		}
	return 0;
}

static int is_block(const char *tag)
{
	static const char *const blocks[] = { "div", "p", "li", "ul", "ol", "tr", "table", "h1",
					      "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
					      "hr", "dt", "dd", NULL };
	int i;

	for (i = 0; blocks[i]; i++)
		if (!strcmp(tag, blocks[i]))
			return 1;
	return 0;
}

/* Skip to the end of the element whose content is never text (script, style). */
static size_t skip_element(const char *s, size_t n, size_t i, const char *tag)
{
	size_t tl = strlen(tag);

	for (; i + tl + 2 < n; i++)
		if (s[i] == '<' && s[i + 1] == '/' && !strncasecmp(s + i + 2, tag, tl)) {
			const char *gt = memchr(s + i, '>', n - i);

			return gt ? (size_t)(gt - s) + 1 : n;
		}
	return n;
}

char *anki_html_to_text(const char *html, size_t max)
{
	struct out o;
	size_t n = strlen(html), i = 0;

	if (n > max)
		n = max;
	memset(&o, 0, sizeof(o));
	sbuf_init(&o.sb, 0);
	while (i < n) {
		unsigned char ch = (unsigned char)html[i];
		uint32_t cp;
		int k;

		if (ch == '<' && i + 1 < n && (isalpha((unsigned char)html[i + 1]) ||
					       html[i + 1] == '/' || html[i + 1] == '!')) {
			const char *gt;
			char tag[16];
			size_t t = 0, j = i + 1;
			int closing = 0;

			if (!strncmp(html + i, "<!--", 4)) {
				const char *end = strstr(html + i + 4, "-->");

				i = end && (size_t)(end - html) < n ? (size_t)(end - html) + 3 : n;
				continue;
			}
			gt = memchr(html + i, '>', n - i);
			if (!gt) /* a stray '<' that opens nothing */
				goto literal;
			if (html[j] == '/') {
				closing = 1;
				j++;
			}
			while (j < n && t < sizeof(tag) - 1 && isalnum((unsigned char)html[j]))
				tag[t++] = (char)tolower((unsigned char)html[j++]);
			tag[t] = '\0';
			i = (size_t)(gt - html) + 1;
			if (!strcmp(tag, "br"))
				o.nl++;
			else if (is_block(tag) && !o.nl)
				o.nl = 1;
			else if (!closing && (!strcmp(tag, "script") || !strcmp(tag, "style")))
				i = skip_element(html, n, i, tag);
			continue;
		}
		if (ch == '&') {
			size_t len = entity(html + i + 1, n - i - 1, &cp);

			if (len) {
				put_cp(&o, cp);
				i += 1 + len;
				continue;
			}
		}
literal:
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			o.space = 1;
			i++;
			continue;
		}
		k = utf8_decode(html + i, n - i, &cp);
		if (k < 0) {
			put_cp(&o, 0xfffd);
			i++;
			continue;
		}
		put_cp(&o, cp);
		i += (size_t)k;
	}
	if (!o.sb.buf)
		sbuf_add(&o.sb, "", 0);
	return sbuf_detach(&o.sb, NULL);
}

char *anki_text_to_html(const char *text)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_add(&sb, "", 0);
	for (; *text; text++) {
		if (*text == '&')
			sbuf_adds(&sb, "&amp;");
		else if (*text == '<')
			sbuf_adds(&sb, "&lt;");
		else if (*text == '>')
			sbuf_adds(&sb, "&gt;");
		else if (*text == '\n')
			sbuf_adds(&sb, "<br>");
		else
			sbuf_add(&sb, text, 1);
	}
	return sbuf_detach(&sb, NULL);
}

/* ---- clozes: {{c1::answer}} and {{c1::answer::hint}} */

struct cloze {
	size_t start, end;          /* the whole {{...}} */
	int n;
	size_t ans, ans_len, hint, hint_len;
};

/* The next deletion at or after *pos; 0 when there is none. */
static int next_cloze(const char *s, size_t *pos, struct cloze *c)
{
	const char *p = s + *pos;

	while ((p = strstr(p, "{{c"))) {
		const char *q = p + 3, *body, *sep = NULL;
		int n = 0, depth = 0;

		while (isdigit((unsigned char)*q) && n < 1000)
			n = n * 10 + (*q++ - '0');
		if (q == p + 3 || strncmp(q, "::", 2)) {
			p += 3;
			continue;
		}
		body = q += 2;
		for (; *q; q++) {
			if (q[0] == '{' && q[1] == '{') {
				depth++;
				q++;
			} else if (q[0] == '}' && q[1] == '}') {
				if (!depth)
					break;
				depth--;
				q++;
			} else if (!depth && !sep && q[0] == ':' && q[1] == ':') {
				sep = q;
				q++;
			}
		}
		if (!*q)
			return 0;
		c->start = (size_t)(p - s);
		c->end = (size_t)(q - s) + 2;
		c->n = n;
		c->ans = (size_t)(body - s);
		c->ans_len = (size_t)((sep ? sep : q) - body);
		c->hint = sep ? (size_t)(sep - s) + 2 : 0;
		c->hint_len = sep ? (size_t)(q - sep) - 2 : 0;
		*pos = c->end;
		return 1;
	}
	return 0;
}

int anki_cloze_max(const char *text)
{
	struct cloze c;
	size_t pos = 0;
	int max = 0;

	while (next_cloze(text, &pos, &c))
		if (c.n > max)
			max = c.n;
	return max;
}

int anki_cloze_card(const char *text, int n, char **gapped, char **answer, char **full)
{
	struct sbuf g = SBUF_INIT, a = SBUF_INIT, f = SBUF_INIT;
	struct cloze c;
	size_t pos = 0, last = 0;
	int found = 0;

	sbuf_add(&g, "", 0);
	sbuf_add(&a, "", 0);
	sbuf_add(&f, "", 0);
	while (next_cloze(text, &pos, &c)) {
		sbuf_add(&g, text + last, c.start - last);
		sbuf_add(&f, text + last, c.start - last);
		sbuf_add(&f, text + c.ans, c.ans_len);
		if (c.n == n) {
			found = 1;
			sbuf_adds(&g, "[");
			if (c.hint_len)
				sbuf_add(&g, text + c.hint, c.hint_len);
			else
				sbuf_adds(&g, "...");
			sbuf_adds(&g, "]");
			if (a.len)
				sbuf_adds(&a, ", ");
			sbuf_add(&a, text + c.ans, c.ans_len);
		} else {
			sbuf_add(&g, text + c.ans, c.ans_len);
		}
		last = c.end;
	}
	sbuf_adds(&g, text + last);
	sbuf_adds(&f, text + last);
	*gapped = sbuf_detach(&g, NULL);
	*answer = sbuf_detach(&a, NULL);
	*full = sbuf_detach(&f, NULL);
	return found;
}

/* ---- templates */

static int special_field(const char *name)
{
	static const char *const names[] = { "FrontSide", "Tags", "Deck", "Subdeck", "Card",
					     "CardFlag", "Type", "CardID", NULL };
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* Each {{...}} of a template: its field name (filters dropped) and its filters. */
static int next_ref(const char **p, char name[64], char filters[64])
{
	const char *open, *close, *colon, *s, *e;
	size_t n;

	while ((open = strstr(*p, "{{"))) {
		close = strstr(open + 2, "}}");
		if (!close)
			return 0;
		*p = close + 2;
		s = open + 2;
		e = close;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e || strchr("#^/!=", *s))
			continue;
		colon = NULL;
		for (const char *q = s; q < e; q++)
			if (*q == ':')
				colon = q;
		n = (size_t)((colon ? colon : s) - s);
		if (n >= 64)
			n = 63;
		memcpy(filters, s, n);
		filters[n] = '\0';
		if (colon)
			s = colon + 1;
		n = (size_t)(e - s);
		if (n >= 64)
			n = 63;
		memcpy(name, s, n);
		name[n] = '\0';
		return 1;
	}
	return 0;
}

int anki_template_fields(const char *qfmt, char names[][64], int max)
{
	const char *p = qfmt ? qfmt : "";
	char name[64], filters[64];
	int n = 0;

	while (n < max && next_ref(&p, name, filters))
		if (!special_field(name))
			memcpy(names[n++], name, 64);
	return n;
}

int anki_template_cloze_field(const char *qfmt, char name[64])
{
	const char *p = qfmt ? qfmt : "";
	char filters[64];

	while (next_ref(&p, name, filters))
		if (strstr(filters, "cloze"))
			return 0;
	return -1;
}

/* ---- which side is Spanish */

static int in_list(const char *w, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

static const char *const es_words[] = {
	"el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "que", "y", "en",
	"es", "por", "con", "para", "no", "se", "lo", "le", "su", "al", "yo", "tú", "tu", "él",
	"ella", "nosotros", "ellos", "muy", "pero", "como", "está", "estoy", "soy", "eres",
	"son", "hay", "mi", "me", "te", "qué", "dónde", "cuándo", "cómo", "este", "esta", "ese",
	"esa", "tengo", "tiene", "quiero", "casa", "gracias", "hola", "bueno", "buena", NULL
};
static const char *const en_words[] = {
	"the", "a", "an", "of", "to", "and", "is", "in", "it", "you", "that", "for", "on",
	"with", "be", "are", "this", "not", "have", "has", "what", "where", "when", "how", "i",
	"he", "she", "we", "they", "my", "your", "his", "her", "was", "were", "am", "do",
	"does", "at", "from", "by", "very", "but", "house", "thank", "thanks", "hello", "good",
	"there", "which", "who", "will", "would", "can", NULL
};

double anki_spanishness(const char *text)
{
	char *low = text_lower(text ? text : "");
	const char *p = low;
	double score = 0;

	while (*p) {
		char w[64];
		size_t n = 0;
		uint32_t cp;
		int k;

		/* a word: ASCII letters and the letters with marks Spanish uses */
		while (*p && n < sizeof(w) - 4) {
			k = utf8_decode(p, strlen(p), &cp);
			if (k <= 0)
				break;
			if (!((cp >= 'a' && cp <= 'z') || (cp >= 0xe0 && cp <= 0xff && cp != 0xf7)))
				break;
			if (cp == 0xe1 || cp == 0xe9 || cp == 0xed || cp == 0xf3 || cp == 0xfa ||
			    cp == 0xf1 || cp == 0xfc)
				score += 1.5;
			memcpy(w + n, p, (size_t)k);
			n += (size_t)k;
			p += k;
		}
		w[n] = '\0';
		if (!n) {
			k = utf8_decode(p, strlen(p), &cp);
			if (k > 0 && (cp == 0xbf || cp == 0xa1))
				score += 2; /* ¿ ¡ */
			p += k > 0 ? k : 1;
			continue;
		}
		if (in_list(w, es_words))
			score += 1;
		if (in_list(w, en_words))
			score -= 1;
		if (strstr(w, "th") || strstr(w, "sh") || strstr(w, "ck") || strstr(w, "ee") ||
		    strstr(w, "oo") || strchr(w, 'w') || strchr(w, 'k'))
			score -= 0.5;
		if (n > 4 && (!strcmp(w + n - 3, "ing") || !strcmp(w + n - 2, "ly")))
			score -= 0.5;
		if (strstr(w, "ll") || strstr(w, "rr") || strstr(w, "qu"))
			score += 0.3;
		if (w[n - 1] == 'o' || w[n - 1] == 'a' || (n > 4 && !strcmp(w + n - 3, "dad")))
			score += 0.3;
		if (w[n - 1] == 'y' || w[n - 1] == 'e')
			score -= 0.1;
	}
	free(low);
	return score;
}

int anki_name_language(const char *name)
{
	static const char *const es[] = { "spanish", "español", "espanol", "es", "castellano",
					  "spanisch", "espagnol", "spa", "esp", NULL };
	static const char *const en[] = { "english", "inglés", "ingles", "en", "eng",
					  "translation", "meaning", "definition", "traducción",
					  "traduccion", NULL };
	char *low = text_lower(name), *p, *tok;
	int r = 0;

	/* whole words of the name: "Spanish word", "Word (ES)" */
	for (p = low; *p; p++)
		if (!isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
			*p = ' ';
	for (tok = low; *tok && !r;) {
		char *end;

		while (*tok == ' ')
			tok++;
		end = tok;
		while (*end && *end != ' ')
			end++;
		if (end == tok)
			break;
		{
			char save = *end;

			*end = '\0';
			r = in_list(tok, es) ? 1 : in_list(tok, en) ? -1 : 0;
			*end = save;
		}
		tok = end;
	}
	free(low);
	return r;
}

/* ---- media */

int anki_sounds(const char *text, char ***names, int *n)
{
	const char *p = text;
	char **list = NULL;
	int count = 0;

	while ((p = strstr(p, "[sound:"))) {
		const char *s = p + 7, *e = s;

		while (*e && *e != ']' && *e != '\n' && e - s < 256)
			e++;
		p = s;
		if (*e != ']' || e == s)
			continue;
		list = xrealloc(list, (size_t)(count + 1) * sizeof(*list));
		list[count++] = xstrndup(s, (size_t)(e - s));
		p = e + 1;
	}
	*names = list;
	*n = count;
	return 0;
}

void anki_media_filename(const char *name, const char *data, size_t len, char out[128])
{
	const char *base = name, *p;
	char hash[65], safe[81];
	size_t n = 0;

	for (p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (p = base; *p && n < sizeof(safe) - 1; p++) {
		unsigned char ch = (unsigned char)*p;

		if (isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
			if (n == 0 && (ch == '.' || ch == '-'))
				continue; /* no hidden files, nothing that reads as an option */
			safe[n++] = (char)ch;
		} else if (n && safe[n - 1] != '_') {
			safe[n++] = '_';
		}
	}
	safe[n] = '\0';
	sha256_hex(data, len, hash);
	xsnprintf(out, 128, "%.16s-%s", hash, n ? safe : "media");
}

/* ---- protobuf, as far as Anki's package files need it */

static int varint(const unsigned char *buf, size_t len, size_t *pos, uint64_t *v)
{
	int shift;

	*v = 0;
	for (shift = 0; shift < 64; shift += 7) {
		unsigned char b;

		if (*pos >= len)
			return -1;
		b = buf[(*pos)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

int anki_pb_next(const unsigned char *buf, size_t len, size_t *pos, int *field, int *wire,
		 uint64_t *value, const unsigned char **slice, size_t *slice_len)
{
	uint64_t tag, n;

	if (!buf || *pos >= len)
		return 0;
	if (varint(buf, len, pos, &tag) || tag >> 3 == 0 || tag >> 3 > 536870911)
		return -1;
	*field = (int)(tag >> 3);
	*wire = (int)(tag & 7);
	*value = 0;
	*slice = NULL;
	*slice_len = 0;
	switch (*wire) {
	case 0:
		return varint(buf, len, pos, value) ? -1 : 1;
	case 1:
	case 5:
		n = *wire == 1 ? 8 : 4;
		if (len - *pos < n)
			return -1;
		*pos += n;
		return 1;
	case 2:
		if (varint(buf, len, pos, &n) || n > len - *pos)
			return -1;
		*slice = buf + *pos;
		*slice_len = (size_t)n;
		*pos += (size_t)n;
		return 1;
	default:
		return -1;
	}
}
