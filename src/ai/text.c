/* text.c: cleaning, normalising and folding answers (SPEC 4.1 step 1). */
#include <stdlib.h>
#include <string.h>

#include "ai/ai-int.h"
#include "aidioma/util.h"
#include "banned.h"

/* Characters that must never reach the screen or the store: controls,
 * bidi overrides and isolates, zero-width characters and the BOM. */
static int unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x061c ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || cp == 0xfffe || cp == 0xffff;
}

char *text_clean(const char *s, size_t max_chars)
{
	size_t n = strlen(s), i = 0, chars = 0;
	struct sbuf sb = SBUF_INIT;
	char enc[4];
	uint32_t cp;
	int k;

	while (i < n && chars < max_chars) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0) {
			cp = 0xfffd;
			k = 1;
		}
		i += (size_t)k;
		if (cp == '\n' || cp == '\t' || cp == '\r')
			cp = ' ';
		else if (unsafe(cp))
			continue;
		sbuf_add(&sb, enc, (size_t)utf8_encode(cp, enc));
		chars++;
	}
	return sbuf_detach(&sb, NULL);
}

/* Compose a base letter with a combining mark, for the letters Spanish
 * (and a little French and Portuguese) uses; 0 when there is no such letter. */
static uint32_t compose(uint32_t base, uint32_t mark)
{
	static const uint32_t acute[] = { 0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xfd,
					  0xc1, 0xc9, 0xcd, 0xd3, 0xda, 0xdd };
	static const uint32_t grave[] = { 0xe0, 0xe8, 0xec, 0xf2, 0xf9, 0xc0, 0xc8, 0xcc, 0xd2, 0xd9 };
	static const uint32_t diaeresis[] = { 0xe4, 0xeb, 0xef, 0xf6, 0xfc, 0xc4, 0xcb, 0xcf, 0xd6, 0xdc };
	static const uint32_t tilde[] = { 0xf1, 0xe3, 0xf5, 0xd1, 0xc3, 0xd5 };
	static const uint32_t cedilla[] = { 0xe7, 0xc7 };
	static const struct {
		uint32_t mark;
		const char *bases;
		const uint32_t *out;
	} tab[] = {
		{ 0x0301, "aeiouyAEIOUY", acute }, { 0x0300, "aeiouAEIOU", grave },
		{ 0x0308, "aeiouAEIOU", diaeresis }, { 0x0303, "naoNAO", tilde },
		{ 0x0327, "cC", cedilla },
	};
	size_t t;
	const char *p;

	if (base == 0 || base > 0x7f)
		return 0;
	for (t = 0; t < sizeof(tab) / sizeof(tab[0]); t++)
		if (tab[t].mark == mark && (p = strchr(tab[t].bases, (int)base)))
			return tab[t].out[p - tab[t].bases];
	return 0;
}

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0xa0 || cp == 0x2007 || cp == 0x202f || (cp >= 0x2000 && cp <= 0x200a) ||
	       cp == 0x3000;
}

char *text_normalize(const char *s)
{
	size_t n = strlen(s), i = 0;
	struct sbuf sb = SBUF_INIT;
	uint32_t cp, next, prev = 0;
	int k, k2, pending_space = 0;
	char enc[4];

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (i < n && (k2 = utf8_decode(s + i, n - i, &next)) > 0) {
			uint32_t c = compose(cp, next);

			if (c) {
				cp = c;
				i += (size_t)k2;
			}
		}
		if (is_space(cp)) {
			pending_space = prev != 0;
			continue;
		}
		if (cp == 0x201c || cp == 0x201d || cp == 0x201e || cp == 0xab || cp == 0xbb)
			cp = '"';
		else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201a)
			cp = '\'';
		if (pending_space)
			sbuf_adds(&sb, " ");
		pending_space = 0;
		sbuf_add(&sb, enc, (size_t)utf8_encode(cp, enc));
		prev = cp;
	}
	return sbuf_detach(&sb, NULL);
}

/* Lower case and accent-free form of a Latin letter; 0 if not a letter. */
static uint32_t fold_letter(uint32_t cp, int fold_enye)
{
	static const char *const plain = "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	/* U+00E0..U+00FF mapped to their base letter ('t' for þ, ' ' for ÷) */

	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return cp;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		cp += 32;
	if (cp == 0xf1 && !fold_enye)
		return cp;
	if (cp == 0xdf)
		return 's';
	if (cp >= 0xe0 && cp <= 0xff && cp != 0xf7)
		return (uint32_t)plain[cp - 0xe0];
	if (cp > 0xff)
		return cp; /* other scripts kept as they are */
	return 0;
}

char *text_fold(const char *s, int fold_enye)
{
	size_t n = strlen(s), i = 0;
	struct sbuf sb = SBUF_INIT;
	int k, space = 0;
	uint32_t cp, f;
	char enc[4];

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		f = fold_letter(cp, fold_enye);
		if (!f || (cp < 0x80 && !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
					  (cp >= '0' && cp <= '9')))) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			sbuf_adds(&sb, " ");
		space = 0;
		sbuf_add(&sb, enc, (size_t)utf8_encode(f, enc));
	}
	return sbuf_detach(&sb, NULL);
}

char *text_lower(const char *s)
{
	size_t n = strlen(s), i = 0;
	struct sbuf sb = SBUF_INIT;
	uint32_t cp;
	char enc[4];
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
			cp += 32;
		sbuf_add(&sb, enc, (size_t)utf8_encode(cp, enc));
	}
	return sbuf_detach(&sb, NULL);
}

char *text_surface(const char *s)
{
	struct sbuf sb = SBUF_INIT;
	struct tokens tk;
	int i;

	tokenize(s, &tk);
	for (i = 0; i < tk.n; i++) {
		char *w;

		if (!tk.t[i].is_word)
			continue;
		w = text_lower(tk.t[i].text);
		if (!accent_distinguishes(w)) {
			char *f = text_fold(w, 1);

			free(w);
			w = f;
		}
		if (sb.len)
			sbuf_adds(&sb, " ");
		sbuf_adds(&sb, w);
		free(w);
	}
	tokens_release(&tk);
	if (!sb.buf)
		sbuf_adds(&sb, "");
	return sbuf_detach(&sb, NULL);
}
