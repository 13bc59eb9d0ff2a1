/* jsoncmp.c: compare a replay's JSON output with the expected one, field by field. */
/*
 * usage: jsoncmp EXPECTED ACTUAL
 *
 * Strings, booleans and nulls must be equal; numbers must print the same
 * at 17 significant digits (that is, be the same double).  With a "cases"
 * array on both sides each case is judged on its own: the first difference
 * of each disagreeing case is printed, then "N of M cases agree".  Exit 0
 * when everything agrees, 1 when something differs, 2 on bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#define MAX_INPUT ((long)64 << 20)
#define MAX_REPORTED 10

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > MAX_INPUT || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void describe(const cJSON *v, char *out, size_t size)
{
	char *s;

	if (!v) {
		snprintf(out, size, "nothing");
	} else if (cJSON_IsNumber(v)) {
		snprintf(out, size, "%.17g", v->valuedouble);
	} else {
		s = cJSON_PrintUnformatted(v);
		snprintf(out, size, "%s", s ? s : "?");
		cJSON_free(s);
	}
}

/* 0 when equal; else 1 with "path: expected X, got Y" in msg. */
static int compare(const cJSON *a, const cJSON *b, const char *path, char *msg, size_t size)
{
	char sub[512], da[256], db[256];
	const cJSON *x, *y;
	int i, n;

	if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) {
		snprintf(da, sizeof(da), "%.17g", a->valuedouble);
		snprintf(db, sizeof(db), "%.17g", b->valuedouble);
		if (!strcmp(da, db))
			return 0;
		goto differ;
	}
	if ((a->type & 0xff) != (b->type & 0xff))
		goto differ;
	if (cJSON_IsString(a)) {
		if (strcmp(a->valuestring, b->valuestring))
			goto differ;
		return 0;
	}
	if (cJSON_IsArray(a)) {
		n = cJSON_GetArraySize(a);
		if (n != cJSON_GetArraySize(b)) {
			snprintf(msg, size, "%s: expected %d elements, got %d", path, n,
				 cJSON_GetArraySize(b));
			return 1;
		}
		for (i = 0; i < n; i++) {
			snprintf(sub, sizeof(sub), "%s[%d]", path, i);
			if (compare(cJSON_GetArrayItem(a, i), cJSON_GetArrayItem(b, i), sub, msg, size))
				return 1;
		}
		return 0;
	}
	if (cJSON_IsObject(a)) {
		cJSON_ArrayForEach(x, a) {
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", x->string);
			y = cJSON_GetObjectItemCaseSensitive(b, x->string);
			if (!y) {
				snprintf(msg, size, "%s: missing", sub);
				return 1;
			}
			if (compare(x, y, sub, msg, size))
				return 1;
		}
		cJSON_ArrayForEach(y, b)
			if (!cJSON_GetObjectItemCaseSensitive(a, y->string)) {
				snprintf(msg, size, "%s%s%s: not expected", path, *path ? "." : "",
					 y->string);
				return 1;
			}
		return 0;
	}
	return 0; /* null, true, false: the types matched */
differ:
	describe(a, da, sizeof(da));
	describe(b, db, sizeof(db));
	snprintf(msg, size, "%s: expected %s, got %s", path, da, db);
	return 1;
}

int main(int argc, char **argv)
{
	char *ta, *tb, msg[1024], path[64], id[128];
	cJSON *a, *b, *ca, *cb;
	int i, n, agree = 0, reported = 0, rc;

	if (argc != 3) {
		fprintf(stderr, "usage: jsoncmp EXPECTED ACTUAL\n");
		return 2;
	}
	ta = slurp(argv[1]);
	tb = slurp(argv[2]);
	a = ta ? cJSON_Parse(ta) : NULL;
	b = tb ? cJSON_Parse(tb) : NULL;
	free(ta);
	free(tb);
	if (!a || !b) {
		fprintf(stderr, "jsoncmp: cannot read '%s' as JSON\n", a ? argv[2] : argv[1]);
		cJSON_Delete(a);
		cJSON_Delete(b);
		return 2;
	}
	ca = cJSON_GetObjectItemCaseSensitive(a, "cases");
	cb = cJSON_GetObjectItemCaseSensitive(b, "cases");
	if (!cJSON_IsArray(ca) || !cJSON_IsArray(cb)) {
		rc = compare(a, b, "", msg, sizeof(msg));
		if (rc)
			printf("%s\n", msg);
		goto out;
	}
	n = cJSON_GetArraySize(ca);
	for (i = 0; i < n; i++) {
		cJSON *x = cJSON_GetArrayItem(ca, i), *y = cJSON_GetArrayItem(cb, i);

		snprintf(path, sizeof(path), "cases[%d]", i);
		if (y && !compare(x, y, path, msg, sizeof(msg))) {
			agree++;
			continue;
		}
		if (!y)
			snprintf(msg, sizeof(msg), "%s: missing", path);
		if (reported++ < MAX_REPORTED) {
			describe(cJSON_GetObjectItemCaseSensitive(x, "id"), id, sizeof(id));
			printf("case id %s: %s\n", id, msg);
		}
	}
	if (cJSON_GetArraySize(cb) > n)
		printf("%d cases more than expected\n", cJSON_GetArraySize(cb) - n);
	printf("%d of %d cases agree\n", agree, n);
	rc = agree != n || cJSON_GetArraySize(cb) != n;
out:
	cJSON_Delete(a);
	cJSON_Delete(b);
	return rc;
}
