/* file.c: bounded whole-file reads, atomic writes and directory creation. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aidioma/util.h"
#include "banned.h"

int file_read(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
	struct sbuf sb;
	char chunk[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot open '%s': %s",
			       path, strerror(errno));
	sbuf_init(&sb, max);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(e, ERR_FAIL, "cannot read '%s': %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (sbuf_add(&sb, chunk, (size_t)n) < 0) {
			err_set(e, ERR_USAGE, "'%s' is larger than %zu bytes", path, max);
			goto fail;
		}
	}
	close(fd);
	*out = sbuf_detach(&sb, len);
	return 0;
fail:
	close(fd);
	sbuf_release(&sb);
	return e ? e->code : ERR_FAIL;
}

int file_write_atomic(const char *path, const char *data, size_t len, int mode, struct err *e)
{
	char tmp[4096];
	size_t off = 0;
	ssize_t n;
	int fd;

	if (xsnprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()))
		return err_set(e, ERR_USAGE, "path too long: '%s'", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return err_set(e, ERR_FAIL, "cannot create '%s': %s", tmp, strerror(errno));
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(e, ERR_FAIL, "cannot write '%s': %s", tmp, strerror(errno));
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0) {
		err_set(e, ERR_FAIL, "cannot sync '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		err_set(e, ERR_FAIL, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
		unlink(tmp);
		return e ? e->code : ERR_FAIL;
	}
	return 0;
fail:
	close(fd);
	unlink(tmp);
	return e ? e->code : ERR_FAIL;
}

int mkdir_p(const char *path, int mode, struct err *e)
{
	char buf[4096];
	size_t i;

	if (xstrlcpy(buf, path, sizeof(buf)))
		return err_set(e, ERR_USAGE, "path too long: '%s'", path);
	for (i = 1; buf[i]; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST)
			return err_set(e, ERR_FAIL, "cannot create directory '%s': %s", buf,
				       strerror(errno));
		buf[i] = '/';
	}
	if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST)
		return err_set(e, ERR_FAIL, "cannot create directory '%s': %s", buf, strerror(errno));
	return 0;
}
