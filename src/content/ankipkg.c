/* ankipkg.c: Anki packages: which layout, extracting the collection and the media (libzip, libzstd). */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#ifdef HAVE_LIBZIP
#include <zip.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "aidioma/anki.h"
#include "banned.h"

#define MAX_MAP_BYTES (16u << 20)
#define MAX_MEDIA_FILES 200000
#define IN_CHUNK 65536
#define OUT_CHUNK 131072

const char *anki_layout_name(int layout)
{
	return layout == ANKI_LEGACY1 ? "collection.anki2" :
	       layout == ANKI_LEGACY2 ? "collection.anki21" :
	       layout == ANKI_LATEST ? "collection.anki21b" : "unknown";
}

int anki_have_zip(void)
{
#ifdef HAVE_LIBZIP
	return 1;
#else
	return 0;
#endif
}

int anki_have_zstd(void)
{
#ifdef HAVE_ZSTD
	return 1;
#else
	return 0;
#endif
}

static void media_free(struct anki_package *p)
{
	int i;

	for (i = 0; i < p->n_media; i++)
		free(p->media[i].name);
	free(p->media);
	p->media = NULL;
	p->n_media = 0;
}

void anki_package_release(struct anki_package *p)
{
#ifdef HAVE_LIBZIP
	if (p->zip)
		zip_discard(p->zip);
#endif
	p->zip = NULL;
	if (p->col_path[0])
		unlink(p->col_path);
	if (p->tmpdir[0])
		rmdir(p->tmpdir);
	media_free(p);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

#ifdef HAVE_LIBZIP

/* Where extracted bytes go: a file descriptor, or a bounded buffer. */
struct sink {
	int fd;
	struct sbuf *sb;
	size_t written, max;
};

static int sink_put(struct sink *k, const void *buf, size_t n)
{
	const char *p = buf;

	if (n > k->max - k->written)
		return -2;
	k->written += n;
	if (k->sb)
		return sbuf_add(k->sb, p, n) ? -2 : 0;
	while (n) {
		ssize_t w = write(k->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy entry name into k, zstd-decompressing it when zstd is set. */
static int extract(struct anki_package *p, const char *name, int zstd, struct sink *k,
		   struct err *e)
{
	char *in, *outb;
	zip_int64_t idx = zip_name_locate(p->zip, name, 0);
	zip_file_t *zf;
	zip_int64_t got;
	int rc = 0;
#ifdef HAVE_ZSTD
	ZSTD_DStream *ds = NULL;
	size_t zret = 0;
#endif

	if (idx < 0)
		return err_set(e, ERR_NOTFOUND, "'%s': no entry '%s' in it", p->path, name);
	zf = zip_fopen_index(p->zip, (zip_uint64_t)idx, 0);
	if (!zf)
		return err_set(e, ERR_USAGE, "'%s': cannot read '%s': %s", p->path, name,
			       zip_strerror(p->zip));
#ifdef HAVE_ZSTD
	if (zstd)
		ds = ZSTD_createDStream();
#else
	(void)zstd;
#endif
	in = xmalloc(IN_CHUNK);
	outb = xmalloc(OUT_CHUNK);
	while ((got = zip_fread(zf, in, IN_CHUNK)) > 0) {
		int r = 0;
#ifdef HAVE_ZSTD
		if (ds) {
			ZSTD_inBuffer zin = { in, (size_t)got, 0 };

			while (zin.pos < zin.size && !r) {
				ZSTD_outBuffer zout = { outb, OUT_CHUNK, 0 };

				zret = ZSTD_decompressStream(ds, &zout, &zin);
				if (ZSTD_isError(zret)) {
					rc = err_set(e, ERR_USAGE, "'%s': '%s' is not valid zstd data: %s",
						     p->path, name, ZSTD_getErrorName(zret));
					goto out;
				}
				r = sink_put(k, outb, zout.pos);
			}
			/* flush what the decoder still holds */
			while (!r && zret != 0) {
				ZSTD_inBuffer none = { in, 0, 0 };
				ZSTD_outBuffer zout = { outb, OUT_CHUNK, 0 };

				zret = ZSTD_decompressStream(ds, &zout, &none);
				if (ZSTD_isError(zret) || zout.pos == 0)
					break;
				r = sink_put(k, outb, zout.pos);
			}
		} else
#endif
			r = sink_put(k, in, (size_t)got);
		if (r == -2) {
			rc = err_set(e, ERR_USAGE, "'%s': '%s' is larger than %zu bytes", p->path, name,
				     k->max);
			goto out;
		}
		if (r) {
			rc = err_set(e, ERR_FAIL, "'%s': extracting '%s': %s", p->path, name,
				     strerror(errno));
			goto out;
		}
	}
	if (got < 0) {
		rc = err_set(e, ERR_USAGE, "'%s': '%s' is damaged: %s", p->path, name,
			     zip_file_strerror(zf));
		goto out;
	}
#ifdef HAVE_ZSTD
	if (ds && zret != 0)
		rc = err_set(e, ERR_USAGE, "'%s': '%s' is truncated (its zstd data ends early)",
			     p->path, name);
#endif
out:
#ifdef HAVE_ZSTD
	ZSTD_freeDStream(ds);
#endif
	free(in);
	free(outb);
	zip_fclose(zf);
	return rc;
}

static int read_entry(struct anki_package *p, const char *name, int zstd, size_t max,
		      char **data, size_t *len, struct err *e)
{
	struct sbuf sb = SBUF_INIT;
	struct sink k = { -1, &sb, 0, max };
	int rc;

	sbuf_add(&sb, "", 0);
	rc = extract(p, name, zstd, &k, e);
	if (rc) {
		sbuf_release(&sb);
		return rc;
	}
	*data = sbuf_detach(&sb, len);
	return 0;
}

static void add_media(struct anki_package *p, const char *name, const char *entry, int *alloc)
{
	if (p->n_media == *alloc)
		p->media = xrealloc(p->media, (size_t)(*alloc = *alloc * 2 + 16) * sizeof(*p->media));
	p->media[p->n_media].name = xstrdup(name);
	xstrlcpy(p->media[p->n_media].entry, entry, sizeof(p->media[0].entry));
	p->n_media++;
}

static int read_media_map(struct anki_package *p, struct err *e)
{
	char *data = NULL;
	size_t len = 0;
	int rc, alloc = 0;

	rc = read_entry(p, "media", p->layout == ANKI_LATEST, MAX_MAP_BYTES, &data, &len, e);
	if (rc == ERR_NOTFOUND) { /* a package without media */
		err_clear(e);
		return 0;
	}
	if (rc)
		return rc;
	if (p->layout != ANKI_LATEST) {
		cJSON *m = cJSON_ParseWithLength(data, len), *it;

		if (!cJSON_IsObject(m)) {
			cJSON_Delete(m);
			free(data);
			return err_set(e, ERR_USAGE, "'%s': its media map is not a JSON object", p->path);
		}
		cJSON_ArrayForEach(it, m)
			if (cJSON_IsString(it) && it->string && strlen(it->string) < 16 &&
			    p->n_media < MAX_MEDIA_FILES)
				add_media(p, it->valuestring, it->string, &alloc);
		cJSON_Delete(m);
	} else {
		const unsigned char *buf = (const unsigned char *)data, *slice, *s2;
		size_t pos = 0, l1, l2;
		uint64_t v;
		int field, wire, r, index = 0;

		while ((r = anki_pb_next(buf, len, &pos, &field, &wire, &v, &slice, &l1)) == 1) {
			size_t p2 = 0;
			char *name = NULL, entry[16];
			int f2, w2;

			if (field != 1 || wire != 2)
				continue;
			xsnprintf(entry, sizeof(entry), "%d", index++);
			while (anki_pb_next(slice, l1, &p2, &f2, &w2, &v, &s2, &l2) == 1) {
				if (f2 == 1 && w2 == 2 && !name)
					name = xstrndup((const char *)s2, l2);
				else if (f2 == 255 && w2 == 0)
					xsnprintf(entry, sizeof(entry), "%llu", (unsigned long long)v);
			}
			if (name && p->n_media < MAX_MEDIA_FILES)
				add_media(p, name, entry, &alloc);
			free(name);
		}
		if (r < 0) {
			free(data);
			return err_set(e, ERR_USAGE, "'%s': its media map is damaged", p->path);
		}
	}
	free(data);
	return 0;
}

/* A collection in WAL mode cannot be opened read-only without its -shm;
 * ours has no WAL beside it, so marking it a rollback-journal file is safe. */
static void unwal(const char *path)
{
	unsigned char b[2];
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	if (pread(fd, b, 2, 18) == 2 && (b[0] == 2 || b[1] == 2)) {
		b[0] = b[1] = 1;
		if (pwrite(fd, b, 2, 18) != 2)
			b[0] = 0;
	}
	close(fd);
}

static int find_layout(struct anki_package *p, struct err *e)
{
	char *meta;
	size_t len;
	int rc;
	zip_int64_t i, n;

	rc = read_entry(p, "meta", 0, 4096, &meta, &len, e);
	if (rc == 0) {
		const unsigned char *slice;
		size_t pos = 0, sl;
		uint64_t v, version = 0;
		int field, wire;

		while (anki_pb_next((unsigned char *)meta, len, &pos, &field, &wire, &v, &slice, &sl) == 1)
			if (field == 1 && wire == 0)
				version = v;
		free(meta);
		if (version < 1 || version > 3)
			return err_set(e, ERR_USAGE, "'%s': unknown package layout (meta version %llu): "
				       "it may come from a newer Anki; export it again with 'Support "
				       "older Anki versions' ticked", p->path, (unsigned long long)version);
		p->layout = (int)version;
	} else if (rc != ERR_NOTFOUND) {
		return rc;
	} else {
		err_clear(e);
		p->layout = zip_name_locate(p->zip, "collection.anki21", 0) >= 0 ? ANKI_LEGACY2 :
			    zip_name_locate(p->zip, "collection.anki2", 0) >= 0 ? ANKI_LEGACY1 :
			    zip_name_locate(p->zip, "collection.anki21b", 0) >= 0 ? ANKI_LATEST : 0;
	}
	if (p->layout && zip_name_locate(p->zip, anki_layout_name(p->layout), 0) >= 0)
		return 0;
	n = zip_get_num_entries(p->zip, 0);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(p->zip, (zip_uint64_t)i, 0);

		if (name && !strncmp(name, "collection.", 11))
			return err_set(e, ERR_USAGE, "'%s': unknown package layout: it holds '%.64s', "
				       "not collection.anki2, collection.anki21 or "
				       "collection.anki21b", p->path, name);
	}
	if (p->layout)
		return err_set(e, ERR_USAGE, "'%s': its meta entry promises %s, which is missing",
			       p->path, anki_layout_name(p->layout));
	return err_set(e, ERR_USAGE, "'%s' is a zip archive but not an Anki package: it has no "
		       "collection (collection.anki2, collection.anki21 or collection.anki21b)",
		       p->path);
}

static const char *zip_why(int code)
{
	switch (code) {
	case ZIP_ER_NOZIP:
		return "it is truncated or not a zip archive (no zip table of contents at its end)";
	case ZIP_ER_INCONS:
		return "it is damaged or truncated (its zip table of contents does not match its "
		       "contents)";
	case ZIP_ER_MEMORY:
		return "out of memory";
	default:
		return NULL;
	}
}
#endif /* HAVE_LIBZIP */

int anki_package_open(const char *path, struct anki_package *p, struct err *e)
{
	unsigned char magic[4];
	struct stat sb;
	FILE *f;
	size_t got;

	memset(p, 0, sizeof(*p));
	p->path = xstrdup(path);
	if (stat(path, &sb) < 0)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot open '%s': %s",
			       path, strerror(errno));
	if (sb.st_size == 0)
		return err_set(e, ERR_USAGE, "'%s' is empty", path);
	f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_FAIL, "cannot open '%s': %s", path, strerror(errno));
	got = fread(magic, 1, 4, f);
	fclose(f);
	if (got < 4 || magic[0] != 'P' || magic[1] != 'K' ||
	    !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
		return err_set(e, ERR_USAGE, "'%s' is not an Anki package (not a zip archive)", path);
#ifndef HAVE_LIBZIP
	return err_set(e, ERR_USAGE, "'%s': reading Anki packages needs libzip, and this aidioma "
		       "was built without it: install libzip-dev (and libzstd-dev) and rebuild",
		       path);
#else
	{
		const char *tmp = getenv("TMPDIR");
		struct sink k;
		int zerr = 0, fd, rc;

		p->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
		if (!p->zip) {
			const char *why = zip_why(zerr);
			zip_error_t ze;

			if (why)
				return err_set(e, ERR_USAGE, "'%s': %s", path, why);
			zip_error_init_with_code(&ze, zerr);
			err_set(e, ERR_USAGE, "'%s': cannot read the zip archive: %s", path,
				zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return ERR_USAGE;
		}
		if ((rc = find_layout(p, e)))
			return rc;
		if (p->layout == ANKI_LATEST && !anki_have_zstd())
			return err_set(e, ERR_USAGE, "'%s' is in the layout of Anki 2.1.50 and later "
				       "(collection.anki21b, compressed with zstd), and this aidioma "
				       "was built without libzstd: install libzstd-dev and rebuild, or "
				       "export from Anki with 'Support older Anki versions' ticked", path);
		if (xsnprintf(p->tmpdir, sizeof(p->tmpdir), "%s/aidioma-anki-XXXXXX",
			      tmp && *tmp == '/' ? tmp : "/tmp") || !mkdtemp(p->tmpdir)) {
			p->tmpdir[0] = '\0';
			return err_set(e, ERR_FAIL, "cannot make a temporary directory: %s",
				       strerror(errno));
		}
		xsnprintf(p->col_path, sizeof(p->col_path), "%s/collection", p->tmpdir);
		fd = open(p->col_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			p->col_path[0] = '\0';
			return err_set(e, ERR_FAIL, "cannot create a temporary file: %s", strerror(errno));
		}
		k.fd = fd;
		k.sb = NULL;
		k.written = 0;
		k.max = ANKI_MAX_COLLECTION;
		rc = extract(p, anki_layout_name(p->layout), p->layout == ANKI_LATEST, &k, e);
		if (close(fd) < 0 && !rc)
			rc = err_set(e, ERR_FAIL, "writing a temporary file: %s", strerror(errno));
		if (rc)
			return rc;
		if (k.written == 0)
			return err_set(e, ERR_USAGE, "'%s': its %s is empty", path,
				       anki_layout_name(p->layout));
		unwal(p->col_path);
		return read_media_map(p, e);
	}
#endif
}

int anki_package_media(struct anki_package *p, int i, char **data, size_t *len, struct err *e)
{
#ifdef HAVE_LIBZIP
	return read_entry(p, p->media[i].entry, p->layout == ANKI_LATEST, ANKI_MAX_MEDIA_BYTES,
			  data, len, e);
#else
	(void)p;
	(void)i;
	(void)data;
	(void)len;
	return err_set(e, ERR_FAIL, "built without libzip");
#endif
}

int anki_zip_write(const char *path, const struct anki_pack_file *files, int n, struct err *e)
{
#ifdef HAVE_LIBZIP
	char tmp[4096];
	zip_t *za;
	int i, zerr = 0;

	if (xsnprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()))
		return err_set(e, ERR_USAGE, "path too long: '%s'", path);
	za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		err_set(e, ERR_FAIL, "cannot create '%s': %s", tmp, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return ERR_FAIL;
	}
	for (i = 0; i < n; i++) {
		zip_source_t *src = files[i].path ?
			zip_source_file(za, files[i].path, 0, -1) :
			zip_source_buffer(za, files[i].data, files[i].len, 0);
		zip_int64_t idx;

		if (!src || (idx = zip_file_add(za, files[i].name, src, ZIP_FL_ENC_UTF_8 |
						ZIP_FL_OVERWRITE)) < 0) {
			if (src)
				zip_source_free(src);
			err_set(e, ERR_FAIL, "writing '%s': adding '%s': %s", path, files[i].name,
				zip_strerror(za));
			goto fail;
		}
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0);
	}
	if (zip_close(za) < 0) {
		err_set(e, ERR_FAIL, "writing '%s': %s", path, zip_strerror(za));
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		err_set(e, ERR_FAIL, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
		unlink(tmp);
		return ERR_FAIL;
	}
	return 0;
fail:
	zip_discard(za);
	unlink(tmp);
	return e ? e->code : ERR_FAIL;
#else
	(void)files;
	(void)n;
	return err_set(e, ERR_USAGE, "writing '%s': Anki packages need libzip, and this aidioma was "
		       "built without it: install libzip-dev and rebuild", path);
#endif
}
