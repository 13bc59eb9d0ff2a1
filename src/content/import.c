/* import.c: importing validated packs into the store, all or nothing. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aidioma/content.h"
#include "aidioma/util.h"
#include "banned.h"

struct id_ref {
	const char *id;
	int pack, item;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return x->pack != y->pack ? x->pack - y->pack : x->item - y->item;
}

/* Every item id, and every pack id, appears once across the files. */
static int check_unique(struct pack *packs, int n, struct err *e)
{
	struct id_ref *refs;
	long total = 0, k = 0, i;
	int p, j;

	for (p = 0; p < n; p++) {
		total += packs[p].n_items;
		for (j = 0; j < p; j++)
			if (!strcmp(packs[p].id, packs[j].id))
				return err_set(e, ERR_USAGE, "%s: pack id '%s' is also the id of %s",
					       packs[p].source, packs[p].id, packs[j].source);
	}
	refs = xcalloc((size_t)total, sizeof(*refs));
	for (p = 0; p < n; p++)
		for (j = 0; j < packs[p].n_items; j++)
			refs[k++] = (struct id_ref){ packs[p].items[j].id, p, j };
	qsort(refs, (size_t)total, sizeof(*refs), cmp_ref);
	for (i = 1; i < total; i++) {
		if (strcmp(refs[i].id, refs[i - 1].id))
			continue;
		err_set(e, ERR_USAGE, "%s: items[%d].id: '%s' is also used in %s (items[%d]): ids "
			"must be unique across packs", packs[refs[i].pack].source, refs[i].item,
			refs[i].id, packs[refs[i - 1].pack].source, refs[i - 1].item);
		free(refs);
		return ERR_USAGE;
	}
	free(refs);
	return 0;
}

static int import_pack(struct store *st, struct pack *p, struct import_report *r, struct err *e)
{
	struct pack_record rec = { p->id, p->kind, p->title, p->source, p->sha256, p->version,
				   p->n_items };
	int i, result;

	if (store_pack_record(st, &rec, e))
		return err_prefix(e, "%s", p->source);
	for (i = 0; i < p->n_items; i++) {
		struct content old;
		int rc = store_content_get(st, p->items[i].id, &old, e);

		if (rc == 0) {
			int other = old.pack_id[0] && strcmp(old.pack_id, p->id);
			char owner[65];

			xstrlcpy(owner, old.pack_id, sizeof(owner));
			content_release(&old);
			if (other)
				return err_set(e, ERR_USAGE, "%s: items[%d].id: '%s' already belongs "
					       "to pack '%s' in the database: choose another id",
					       p->source, i, p->items[i].id, owner);
		} else if (rc != ERR_NOTFOUND) {
			return err_prefix(e, "%s", p->source);
		}
		if (store_content_upsert(st, &p->items[i], &result, e))
			return err_prefix(e, "%s: items[%d]", p->source, i);
		if (result == UPSERT_NEW)
			r->items_new++;
		else if (result == UPSERT_UPDATED)
			r->items_updated++;
		else
			r->items_unchanged++;
	}
	r->packs++;
	return 0;
}

int content_import(struct store *st, const char *const *paths, int n, struct import_report *r,
		   struct err *e)
{
	struct pack *packs = xcalloc((size_t)(n ? n : 1), sizeof(*packs));
	int i, rc = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n && !rc; i++)
		rc = pack_load(paths[i], &packs[i], e);
	if (!rc)
		rc = check_unique(packs, n, e);
	if (!rc)
		rc = store_begin(st, e);
	if (!rc) {
		for (i = 0; i < n && !rc; i++)
			rc = import_pack(st, &packs[i], r, e);
		if (rc) {
			store_rollback(st);
			memset(r, 0, sizeof(*r));
		} else {
			rc = store_commit(st, e);
		}
	}
	for (i = 0; i < n; i++)
		pack_release(&packs[i]);
	free(packs);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int content_list_packs(const char *dir, char ***paths, int *n, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **list = NULL;
	int count = 0, alloc = 0;

	*paths = NULL;
	*n = 0;
	if (!d)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL,
			       "cannot open pack directory '%s': %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct sbuf sb = SBUF_INIT;

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") || de->d_name[0] == '.')
			continue;
		if (count == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			list = xrealloc(list, (size_t)alloc * sizeof(*list));
		}
		sbuf_addf(&sb, "%s/%s", dir, de->d_name);
		list[count++] = sbuf_detach(&sb, NULL);
	}
	closedir(d);
	if (count)
		qsort(list, (size_t)count, sizeof(*list), cmp_str);
	*paths = list;
	*n = count;
	return 0;
}

void content_free_list(char **paths, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
