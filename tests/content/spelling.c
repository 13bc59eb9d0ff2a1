/* spelling.c: every Spanish word of the bundled course passes hunspell-es. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/content.h"
#include "aidioma/util.h"

#ifdef HAVE_HUNSPELL
#include <hunspell.h>

#define DICT_DIR "/usr/share/hunspell"

struct words {
	char **w;
	int n, alloc;
};

static int has(const struct words *ws, const char *w)
{
	int i;

	for (i = 0; i < ws->n; i++)
		if (!strcmp(ws->w[i], w))
			return 1;
	return 0;
}

static void add(struct words *ws, const char *w)
{
	if (has(ws, w))
		return;
	if (ws->n == ws->alloc)
		ws->w = xrealloc(ws->w, (size_t)(ws->alloc = ws->alloc * 2 + 64) * sizeof(char *));
	ws->w[ws->n++] = xstrdup(w);
}

static int is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

/* Check each word of s; unknown words not in the exceptions go to bad. */
static void check_text(Hunhandle *h, const struct words *exc, const char *s, struct words *bad)
{
	size_t n = strlen(s), i = 0;
	char word[128];
	size_t wl = 0;
	uint32_t cp;

	while (i <= n) {
		int k = i < n ? utf8_decode(s + i, n - i, &cp) : 1;

		if (k < 0) {
			k = 1;
			cp = ' ';
		}
		if (i < n && is_letter(cp) && wl + (size_t)k < sizeof(word)) {
			memcpy(word + wl, s + i, (size_t)k);
			wl += (size_t)k;
		} else if (wl) {
			word[wl] = '\0';
			if (wl > 1 && !Hunspell_spell(h, word) && !has(exc, word))
				add(bad, word);
			wl = 0;
		}
		i += (size_t)k;
	}
}

static void check_str(Hunhandle *h, const struct words *exc, const cJSON *v, struct words *bad)
{
	if (cJSON_IsString(v))
		check_text(h, exc, v->valuestring, bad);
}

static void check_array(Hunhandle *h, const struct words *exc, const cJSON *arr,
			struct words *bad)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		check_str(h, exc, it, bad);
}

/* The Spanish fields of one item (see assets/README.md). Hints and
 * keywords are left out: hints stop in mid-word on purpose, and keywords
 * are written without accents for matching. */
static void check_item(Hunhandle *h, const struct words *exc, const struct content *c,
		       struct words *bad)
{
	cJSON *m = cJSON_Parse(c->metadata), *it, *x;

	check_text(h, exc, c->primary_text, bad);
	if (!strcmp(c->type, "sentence")) {
		check_array(h, exc, cJSON_GetObjectItem(m, "accepted"), bad);
	} else if (!strcmp(c->type, "text")) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "glosses")) {
			check_str(h, exc, cJSON_GetObjectItem(it, "lemma"), bad);
		}
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "questions")) {
			check_str(h, exc, cJSON_GetObjectItem(it, "question"), bad);
			check_array(h, exc, cJSON_GetObjectItem(it, "options"), bad);
			check_array(h, exc, cJSON_GetObjectItem(it, "accepted"), bad);
		}
	} else if (!strcmp(c->type, "flashcard")) {
		check_str(h, exc, cJSON_GetObjectItem(cJSON_GetObjectItem(m, "example"), "es"), bad);
	} else if (!strcmp(c->type, "scenario")) {
		check_str(h, exc, cJSON_GetObjectItem(m, "opening"), bad);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "goals")) {
			check_array(h, exc, cJSON_GetObjectItem(it, "phrases"), bad);
		}
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "script")) {
			check_str(h, exc, cJSON_GetObjectItem(it, "reply"), bad);
		}
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(m, "fallback")) {
			check_str(h, exc, cJSON_GetObjectItem(it, "reply"), bad);
		}
		x = cJSON_GetObjectItem(m, "closing");
		check_str(h, exc, cJSON_GetObjectItem(x, "reply"), bad);
	}
	cJSON_Delete(m);
}

int main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct words exc = { 0 };
	char **paths, *text, *line, *next;
	const char *assets = getenv("AIDIOMA_ASSETS");
	char dir[1024];
	Hunhandle *h;
	size_t len;
	int n, i, j, failed = 0;
	FILE *f;

	char exc_path[1024];
	const char *srcdir = getenv("TESTS_SRCDIR");

	if (argc > 2) {
		fprintf(stderr, "usage: spelling [EXCEPTIONS-FILE]\n");
		return 2;
	}
	if (argc == 2)
		xstrlcpy(exc_path, argv[1], sizeof(exc_path));
	else
		xsnprintf(exc_path, sizeof(exc_path), "%s/fixtures/spelling-exceptions.txt",
			  srcdir ? srcdir : "tests");
	f = fopen(DICT_DIR "/es_ES.dic", "r");
	if (!f) {
		printf("1..0 # SKIP no Spanish dictionary (apt-get install hunspell-es)\n");
		return 0;
	}
	fclose(f);
	if (!assets) {
		printf("1..0 # SKIP AIDIOMA_ASSETS is not set\n");
		return 0;
	}
	if (file_read(exc_path, 1 << 20, &text, &len, &e)) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line && *line != '#')
			add(&exc, line);
	}
	free(text);
	h = Hunspell_create(DICT_DIR "/es_ES.aff", DICT_DIR "/es_ES.dic");
	xsnprintf(dir, sizeof(dir), "%s/packs", assets);
	if (content_list_packs(dir, &paths, &n, &e)) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	printf("1..%d\n", n);
	for (i = 0; i < n; i++) {
		struct words bad = { 0 };
		struct pack p;

		if (pack_load(paths[i], &p, &e)) {
			printf("not ok %d - %s: %s\n", i + 1, paths[i], e.msg);
			failed++;
			pack_release(&p);
			continue;
		}
		for (j = 0; j < p.n_items; j++)
			check_item(h, &exc, &p.items[j], &bad);
		if (bad.n) {
			printf("not ok %d - %s: %d word%s not in hunspell-es nor in the exceptions\n",
			       i + 1, strrchr(paths[i], '/') + 1, bad.n, bad.n == 1 ? "" : "s");
			for (j = 0; j < bad.n; j++)
				printf("# %s\n", bad.w[j]);
			failed++;
		} else {
			printf("ok %d - %s: every Spanish word passes hunspell-es\n", i + 1,
			       strrchr(paths[i], '/') + 1);
		}
		for (j = 0; j < bad.n; j++)
			free(bad.w[j]);
		free(bad.w);
		pack_release(&p);
	}
	content_free_list(paths, n);
	Hunspell_destroy(h);
	for (j = 0; j < exc.n; j++)
		free(exc.w[j]);
	free(exc.w);
	return failed ? 1 : 0;
}
#else
int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("1..0 # SKIP built without hunspell (apt-get install libhunspell-dev)\n");
	return 0;
}
#endif
