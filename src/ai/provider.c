/* provider.c: endpoint profiles, the AI configuration and its key, the price table. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "aidioma/aiclient.h"
#include "aidioma/util.h"
#include "banned.h"

#define KEY_FILE_MAX 4096
#define PRICES_MAX (256 * 1024)

static const struct ai_profile profiles[] = {
	/* OpenAI deprecated max_tokens for max_completion_tokens, which its
	 * reasoning models require; the local servers know only max_tokens.
	 * llama.cpp's server has long taken json_object with a "schema";
	 * json_schema came later. */
	{ "openai", "max_completion_tokens", 1, 1, "/chat/completions", "/embeddings", 0 },
	{ "ollama", "max_tokens", 1, 1, "/chat/completions", "/embeddings", 1 },
	{ "llamacpp", "max_tokens", 1, 0, "/chat/completions", "/embeddings", 1 },
	{ "vllm", "max_tokens", 1, 1, "/chat/completions", "/embeddings", 1 },
};
#define N_PROFILES ((int)(sizeof(profiles) / sizeof(profiles[0])))

const struct ai_profile *ai_profile_find(const char *name)
{
	int i;

	for (i = 0; name && i < N_PROFILES; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

const char *ai_profile_names(void)
{
	return "openai, ollama, llamacpp, vllm";
}

int ai_profile_temperature_ok(const struct ai_profile *p, const char *model)
{
	/* OpenAI's reasoning models answer 400 to any temperature but 1 */
	static const char *const reasoning[] = { "o1", "o3", "o4", "gpt-5" };
	size_t i, n;

	if (!p || !p->temperature)
		return 0;
	if (strcmp(p->name, "openai") || !model)
		return 1;
	for (i = 0; i < sizeof(reasoning) / sizeof(reasoning[0]); i++) {
		n = strlen(reasoning[i]);
		if (!strncmp(model, reasoning[i], n) && (model[n] == '\0' || model[n] == '-'))
			return 0;
	}
	return 1;
}

void ai_config_defaults(struct ai_config *c)
{
	memset(c, 0, sizeof(*c));
	c->profile = &profiles[0];
	c->connect_timeout_ms = 5000;
	c->timeout_ms = 45000; /* a local model loading from disk is slow */
	c->max_retries = 2;
	c->backoff_ms = 500;
	c->backoff_max_ms = 8000;
	c->retry_after_max_ms = 20000;
	c->breaker_failures = 3;
	c->breaker_cooldown_ms = 60000;
	c->body_max = AI_BODY_MAX;
	c->max_tokens = 800;
	c->temperature = 0;
}

int ai_config_online(const struct ai_config *c)
{
	return c->base_url[0] != '\0';
}

void ai_config_release(struct ai_config *c)
{
	OPENSSL_cleanse(c->key, sizeof(c->key));
}

/* 1 when every byte may go into an HTTP header as a token. */
static int key_chars_ok(const char *k)
{
	for (; *k; k++)
		if ((unsigned char)*k <= 0x20 || (unsigned char)*k >= 0x7f)
			return 0;
	return 1;
}

int ai_key_file_read(const char *path, char *out, size_t size, struct err *e)
{
	char buf[KEY_FILE_MAX];
	struct stat sb;
	size_t len = 0, start, end;
	ssize_t n;
	int fd, rc = 0;

	out[0] = '\0';
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP)
			return err_set(e, ERR_USAGE, "key file '%s' is a symbolic link: "
				       "make it a regular file of mode 0600", path);
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_USAGE,
			       "cannot open key file '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) < 0) {
		rc = err_set(e, ERR_USAGE, "cannot stat key file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		rc = err_set(e, ERR_USAGE, "key file '%s' is not a regular file", path);
		goto out;
	}
	if (sb.st_uid != geteuid()) {
		rc = err_set(e, ERR_USAGE, "key file '%s' belongs to another user (uid %ld): "
			     "it must be yours", path, (long)sb.st_uid);
		goto out;
	}
	if (sb.st_mode & 077) {
		rc = err_set(e, ERR_USAGE, "key file '%s' has mode %04o, open to group or others: "
			     "run chmod 600 '%s'", path, (unsigned)(sb.st_mode & 07777), path);
		goto out;
	}
	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, ERR_USAGE, "cannot read key file '%s': %s", path,
				     strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	for (start = 0; start < len && (buf[start] == ' ' || buf[start] == '\t'); start++)
		;
	end = start + strcspn(buf + start, "\r\n");
	while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\t'))
		end--;
	buf[end] = '\0';
	if (end == start)
		rc = err_set(e, ERR_USAGE, "key file '%s' is empty", path);
	else if (!key_chars_ok(buf + start))
		rc = err_set(e, ERR_USAGE, "key file '%s': the key contains spaces or control "
			     "characters", path);
	else if (end - start >= size)
		rc = err_set(e, ERR_USAGE, "key file '%s': the key is longer than %zu bytes", path,
			     size - 1);
	else
		memcpy(out, buf + start, end - start + 1);
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	close(fd);
	return rc;
}

static int load_key(struct ai_config *c, struct err *e)
{
	static const char *const vars[] = { "AIDIOMA_API_KEY", "OPENAI_API_KEY" };
	const char *v, *file = getenv("AIDIOMA_API_KEY_FILE"), *base, *home;
	char path[AI_PATH_MAX];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		if (!key_chars_ok(v))
			return err_set(e, ERR_USAGE, "the key in $%s contains spaces or control "
				       "characters", vars[i]);
		if (xstrlcpy(c->key, v, sizeof(c->key))) {
			OPENSSL_cleanse(c->key, sizeof(c->key));
			return err_set(e, ERR_USAGE, "the key in $%s is longer than %zu bytes",
				       vars[i], sizeof(c->key) - 1);
		}
		return 0;
	}
	if (file && *file)
		return ai_key_file_read(file, c->key, sizeof(c->key), e);
	base = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (base && *base == '/')
		rc = xsnprintf(path, sizeof(path), "%s/aidioma/key", base);
	else if (home && *home)
		rc = xsnprintf(path, sizeof(path), "%s/.config/aidioma/key", home);
	else
		return 0;
	if (rc)
		return err_set(e, ERR_USAGE, "the key file's path is too long");
	rc = ai_key_file_read(path, c->key, sizeof(c->key), e);
	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		return 0; /* no key file: a server that needs no key */
	}
	return rc;
}

int ai_config_load(struct ai_config *c, const struct settings *s, struct err *e)
{
	const char *v;

	ai_config_defaults(c);
	if (s) {
		if ((v = settings_get(s, "ai_url")))
			xstrlcpy(c->base_url, v, sizeof(c->base_url));
		if ((v = settings_get(s, "ai_model")))
			xstrlcpy(c->model, v, sizeof(c->model));
		if ((v = settings_get(s, "ai_profile")) && ai_profile_find(v))
			c->profile = ai_profile_find(v);
	}
	if ((v = getenv("AIDIOMA_AI_URL")) && xstrlcpy(c->base_url, v, sizeof(c->base_url)))
		return err_set(e, ERR_USAGE, "$AIDIOMA_AI_URL is longer than %zu bytes",
			       sizeof(c->base_url) - 1);
	if ((v = getenv("AIDIOMA_AI_MODEL")) && *v &&
	    xstrlcpy(c->model, v, sizeof(c->model)))
		return err_set(e, ERR_USAGE, "$AIDIOMA_AI_MODEL is longer than %zu bytes",
			       sizeof(c->model) - 1);
	if (s && settings_find("ai_embed_model", NULL) && (v = settings_get(s, "ai_embed_model")))
		xstrlcpy(c->embed_model, v, sizeof(c->embed_model));
	if ((v = getenv("AIDIOMA_AI_EMBED_MODEL")) &&
	    xstrlcpy(c->embed_model, v, sizeof(c->embed_model)))
		return err_set(e, ERR_USAGE, "$AIDIOMA_AI_EMBED_MODEL is longer than %zu bytes",
			       sizeof(c->embed_model) - 1);
	if ((v = getenv("AIDIOMA_AI_PROFILE")) && *v) {
		if (!ai_profile_find(v))
			return err_set(e, ERR_USAGE, "$AIDIOMA_AI_PROFILE: '%.64s' is not one of %s",
				       v, ai_profile_names());
		c->profile = ai_profile_find(v);
	}
	if (!ai_config_online(c))
		return 0;
	if (!c->model[0])
		return err_set(e, ERR_USAGE, "AI endpoint '%.200s' has no model: set ai_model "
			       "or $AIDIOMA_AI_MODEL", c->base_url);
	return load_key(c, e);
}

/* ---- prices */
static int is_file(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

int ai_prices_path(char *out, size_t size, struct err *e)
{
	const char *env = getenv("AIDIOMA_PRICES");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env) {
		if (xstrlcpy(out, env, size) || !is_file(out))
			return err_set(e, ERR_NOTFOUND, "$AIDIOMA_PRICES ('%.200s') is not a file",
				       env);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			if (!xsnprintf(out, size, "%s/data/prices.json", exe) && is_file(out))
				return 0;
		}
	}
	if (!xsnprintf(out, size, "%s/prices.json", PKGDATADIR) && is_file(out))
		return 0;
	return err_set(e, ERR_NOTFOUND, "cannot find the price table (looked beside the program "
		       "and in %s): set AIDIOMA_PRICES to data/prices.json", PKGDATADIR);
}

static int price_number(const cJSON *o, const char *k, double *out)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble > 1e4)
		return -1;
	*out = x->valuedouble;
	return 0;
}

int ai_prices_load(struct ai_prices *p, const char *path, struct err *e)
{
	const cJSON *models, *m, *x;
	cJSON *root = NULL;
	char *text = NULL;
	int rc, i = 0;

	memset(p, 0, sizeof(*p));
	rc = file_read(path, PRICES_MAX, &text, NULL, e);
	if (rc)
		return err_prefix(e, "reading the price table");
	root = cJSON_Parse(text);
	models = cJSON_GetObjectItemCaseSensitive(root, "models");
	if (!cJSON_IsArray(models)) {
		rc = err_set(e, ERR_USAGE, "price table '%s': not an object with a \"models\" array",
			     path);
		goto out;
	}
	x = cJSON_GetObjectItemCaseSensitive(root, "taken");
	if (cJSON_IsString(x))
		xstrlcpy(p->taken, x->valuestring, sizeof(p->taken));
	p->v = xcalloc((size_t)cJSON_GetArraySize(models) + 1, sizeof(*p->v));
	cJSON_ArrayForEach(m, models) {
		struct ai_price *pr = &p->v[p->n];
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(m, "model");
		const cJSON *prof = cJSON_GetObjectItemCaseSensitive(m, "profile");

		if (!cJSON_IsString(name) || xstrlcpy(pr->model, name->valuestring, sizeof(pr->model)) ||
		    (prof && (!cJSON_IsString(prof) ||
			      xstrlcpy(pr->profile, prof->valuestring, sizeof(pr->profile)))) ||
		    price_number(m, "input", &pr->input) || price_number(m, "output", &pr->output)) {
			rc = err_set(e, ERR_USAGE, "price table '%s': models[%d]: needs a \"model\" "
				     "and non-negative \"input\" and \"output\" prices", path, i);
			goto out;
		}
		if (price_number(m, "cached_input", &pr->cached_input))
			pr->cached_input = pr->input;
		p->n++;
		i++;
	}
out:
	cJSON_Delete(root);
	free(text);
	if (rc)
		ai_prices_release(p);
	return rc;
}

void ai_prices_release(struct ai_prices *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const struct ai_price *ai_prices_find(const struct ai_prices *p, const char *profile,
				      const char *model)
{
	const struct ai_price *best = NULL, *any = NULL;
	size_t best_len = 0, n;
	int i;

	if (!p || !model)
		return NULL;
	for (i = 0; i < p->n; i++) {
		const struct ai_price *pr = &p->v[i];

		if (pr->profile[0] && (!profile || strcmp(pr->profile, profile)))
			continue;
		if (!strcmp(pr->model, "*")) {
			any = pr;
			continue;
		}
		if (!strcmp(pr->model, model))
			return pr;
		n = strlen(pr->model);
		if (n > best_len && !strncmp(model, pr->model, n) && model[n] == '-') {
			best = pr;
			best_len = n;
		}
	}
	return best ? best : any;
}

double ai_price_cost(const struct ai_price *pr, const struct ai_usage *u)
{
	long cached, fresh;

	if (!pr)
		return 0;
	cached = u->cached_tokens < 0 ? 0 : u->cached_tokens;
	if (cached > u->prompt_tokens)
		cached = u->prompt_tokens;
	fresh = u->prompt_tokens - cached;
	if (fresh < 0)
		fresh = 0;
	return ((double)fresh * pr->input + (double)cached * pr->cached_input +
		(double)(u->completion_tokens < 0 ? 0 : u->completion_tokens) * pr->output) / 1e6;
}
