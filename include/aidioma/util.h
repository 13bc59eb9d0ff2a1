/* util.h: pure helpers shared by every module: text, time, ids, buffers. */
#ifndef AIDIOMA_UTIL_H
#define AIDIOMA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "aidioma/err.h"

/* ---- growable string with a hard cap (every buffer of outside data has one) */
struct sbuf {
	char *buf;   /* always NUL-terminated once anything was added */
	size_t len;
	size_t alloc;
	size_t max;  /* 0: no cap */
	int overflow; /* set when an append was refused by the cap */
};
#define SBUF_INIT { NULL, 0, 0, 0, 0 }
void sbuf_init(struct sbuf *sb, size_t max);
void sbuf_release(struct sbuf *sb);
/* Append; returns 0, or -1 (and sets overflow) when the cap would be passed. */
int sbuf_add(struct sbuf *sb, const char *s, size_t n);
int sbuf_adds(struct sbuf *sb, const char *s);
int sbuf_addf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *sb);
/* Give the buffer to the caller (who frees it); the sbuf is empty after. */
char *sbuf_detach(struct sbuf *sb, size_t *len);
/* s with every from (not empty) replaced by to; caller frees. */
char *str_replace_all(const char *s, const char *from, const char *to);

/* Bounded copy and format that always terminate; return -1 when truncated. */
int xstrlcpy(char *dst, const char *src, size_t size);
int xsnprintf(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- UTF-8 */
/* 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates), else 0. */
int utf8_valid(const char *s, size_t n);
/* Decode one code point at s (n bytes available); returns its byte length,
 * or -1 on an invalid sequence.  */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the byte length. */
int utf8_encode(uint32_t cp, char *out);
/* Number of code points. */
size_t utf8_len(const char *s);
/* Byte offset of the code point that starts at or before byte i. */
size_t utf8_prev(const char *s, size_t i);
size_t utf8_next(const char *s, size_t len, size_t i);
/* Display width in terminal columns (wcwidth; controls count 0). */
int utf8_width(const char *s);

/* ---- time: the clock is injectable for tests */
typedef int64_t ms_t; /* milliseconds since the Unix epoch, UTC */
ms_t clock_now_ms(void);
/* Fix the clock at t (tests, demos); 0 restores the real clock. */
void clock_set_fixed(ms_t t);
/* Let the clock run, but from t now (demos: a known day, time still passing). */
void clock_start_at(ms_t t);
/* "2026-01-02T03:04:05.678Z"; buf at least 32 bytes. */
void time_format_iso(ms_t t, char *buf, size_t size);
/* Parse ISO-8601 UTC ("2026-01-02", "2026-01-02T03:04:05Z", with optional
 * milliseconds or a +hh:mm offset); 0 on success. */
int time_parse_iso(const char *s, ms_t *out);
/* Days since the epoch of t in UTC (floor). */
int64_t time_day_utc(ms_t t);
/* Days since the epoch of t in the local time zone. */
int64_t time_day_local(ms_t t);
/* The instant the local day of t began. */
ms_t time_local_midnight(ms_t t);

/* ---- ids */
/* Seed the id generator for reproducible output (tests); 0 restores random. */
void uuid_set_seed(uint64_t seed);
/* A version-7 UUID (RFC 9562: the clock's milliseconds, then random bits),
 * "xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx"; out >= 37 bytes. */
void uuid_new(char out[37]);
int uuid_valid(const char *s);

/* ---- hashing (OpenSSL EVP) */
/* Lower-case hex SHA-256 of data; out at least 65 bytes. */
void sha256_hex(const void *data, size_t len, char out[65]);

/* ---- files */
/* Read a whole file (at most max bytes) into a NUL-terminated buffer the
 * caller frees.  */
int file_read(const char *path, size_t max, char **out, size_t *len, struct err *e);
/* Write a file atomically: a temporary beside it, fsync, rename.  */
int file_write_atomic(const char *path, const char *data, size_t len, int mode, struct err *e);
/* mkdir -p with mode for new directories. */
int mkdir_p(const char *path, int mode, struct err *e);

/* ---- JSON source positions (for error messages about JSON files) */
/* Line and column (1-based, column counted in characters) of byte off. */
void text_line_col(const char *text, size_t len, size_t off, int *line, int *col);
/* Byte offset of the value at path ("items[3].hints[0]") in JSON text,
 * or -1 when the path is not there.  Only the position is computed: the
 * text is assumed to have parsed already.  */
long json_locate(const char *text, size_t len, const char *path);

#endif
