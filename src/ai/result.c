/* result.c: the one grading result: building it, naming its parts, JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aidioma/ai.h"
#include "aidioma/settings.h"
#include "aidioma/util.h"
#include "banned.h"

static const char *const source_names[] = { "answer_key", "cache", "ai", "offline" };
static const char *const verdict_names[] = { "correct", "close", "wrong" };
static const char *const diff_names[] = { "correct", "close", "wrong", "missing", "extra" };
static const char *const cat_names[] = { "accent", "spelling", "inflection", "wrong_word",
					 "missing_word", "extra_word", "word_order",
					 "punctuation", "capitalisation" };
static const char *const severity_names[] = { "", "minor", "medium", "major" };

const char *eval_source_name(enum eval_source s) { return source_names[s]; }
const char *verdict_name(enum verdict v) { return verdict_names[v]; }
const char *diff_kind_name(enum diff_kind k) { return diff_names[k]; }
const char *error_cat_name(enum error_cat c) { return cat_names[c]; }
const char *severity_name(enum severity s) { return severity_names[s]; }

int error_cat_from_name(const char *name)
{
	int i;

	for (i = 0; i < ECAT__COUNT; i++)
		if (!strcmp(cat_names[i], name))
			return i;
	return -1;
}

static int index_of(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (name && !strcmp(names[i], name))
			return i;
	return -1;
}

void eval_result_init(struct eval_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = VERDICT_WRONG;
	xstrlcpy(r->grade, "F", sizeof(r->grade));
}

void eval_result_release(struct eval_result *r)
{
	int i;

	for (i = 0; i < r->n_diff; i++) {
		free(r->diff[i].text);
		free(r->diff[i].expected);
	}
	free(r->diff);
	for (i = 0; i < r->n_errors; i++) {
		free(r->errors[i].learner_text);
		free(r->errors[i].correction);
		free(r->errors[i].explanation);
	}
	free(r->errors);
	free(r->corrected);
	for (i = 0; i < r->n_alternatives; i++)
		free(r->alternatives[i]);
	free(r->alternatives);
	free(r->embedding);
	eval_result_init(r);
}

void eval_result_add_diff(struct eval_result *r, enum diff_kind k, const char *text,
			  const char *expected)
{
	r->diff = xrealloc(r->diff, (size_t)(r->n_diff + 1) * sizeof(*r->diff));
	r->diff[r->n_diff].kind = k;
	r->diff[r->n_diff].text = text ? xstrdup(text) : NULL;
	r->diff[r->n_diff].expected = expected ? xstrdup(expected) : NULL;
	r->n_diff++;
}

void eval_result_add_error(struct eval_result *r, enum error_cat c, enum severity s,
			   const char *learner, const char *correction, const char *explanation)
{
	struct eval_error *x;

	r->errors = xrealloc(r->errors, (size_t)(r->n_errors + 1) * sizeof(*r->errors));
	x = &r->errors[r->n_errors++];
	x->cat = c;
	x->severity = s;
	x->learner_text = xstrdup(learner ? learner : "");
	x->correction = xstrdup(correction ? correction : "");
	x->explanation = xstrdup(explanation ? explanation : "");
}

double hint_cost_total(int n)
{
	static const double cost[] = { 0, 5, 15, 35 };

	if (n < 0)
		n = 0;
	if (n > 3)
		n = 3;
	return cost[n];
}

void eval_result_finish(struct eval_result *r, double raw)
{
	int i, major = 0;

	if (raw < 0)
		raw = 0;
	if (raw > 100)
		raw = 100;
	for (i = 0; i < r->n_errors; i++)
		major |= r->errors[i].severity == SEV_MAJOR;
	/* the verdict judges the answer; hints only cost points */
	r->verdict = raw >= 90 && !major ? VERDICT_CORRECT : raw >= 60 ? VERDICT_CLOSE : VERDICT_WRONG;
	r->hint_cost = hint_cost_total(r->hints_used);
	r->score = raw - r->hint_cost;
	if (r->score < 0)
		r->score = 0;
	r->score = round(r->score * 10) / 10;
	xstrlcpy(r->grade, grade_letter(r->score), sizeof(r->grade));
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

char *eval_result_to_json(const struct eval_result *r)
{
	cJSON *o = cJSON_CreateObject(), *a, *x;
	char *s, *out;
	int i;

	cJSON_AddNumberToObject(o, "score", r->score);
	cJSON_AddStringToObject(o, "grade", r->grade);
	cJSON_AddStringToObject(o, "verdict", verdict_name(r->verdict));
	a = cJSON_AddArrayToObject(o, "diff");
	for (i = 0; i < r->n_diff; i++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "kind", diff_kind_name(r->diff[i].kind));
		add_str(x, "text", r->diff[i].text);
		add_str(x, "expected", r->diff[i].expected);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "errors");
	for (i = 0; i < r->n_errors; i++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "category", error_cat_name(r->errors[i].cat));
		cJSON_AddStringToObject(x, "severity", severity_name(r->errors[i].severity));
		cJSON_AddStringToObject(x, "learner_text", r->errors[i].learner_text);
		cJSON_AddStringToObject(x, "correction", r->errors[i].correction);
		cJSON_AddStringToObject(x, "explanation", r->errors[i].explanation);
		cJSON_AddItemToArray(a, x);
	}
	add_str(o, "corrected", r->corrected);
	a = cJSON_AddArrayToObject(o, "alternatives");
	for (i = 0; i < r->n_alternatives; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(r->alternatives[i]));
	cJSON_AddStringToObject(o, "source", eval_source_name(r->source));
	cJSON_AddBoolToObject(o, "estimate", r->estimate);
	cJSON_AddStringToObject(o, "model", r->model);
	cJSON_AddNumberToObject(o, "cost", r->cost);
	cJSON_AddNumberToObject(o, "cost_saved", r->cost_saved);
	cJSON_AddNumberToObject(o, "latency_ms", round(r->latency_ms * 1000) / 1000);
	cJSON_AddNumberToObject(o, "hints_used", r->hints_used);
	cJSON_AddNumberToObject(o, "hint_cost", r->hint_cost);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		die_bug("out of memory");
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}

static const char *get_s(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int eval_result_from_json(const char *json, struct eval_result *r, struct err *e)
{
	cJSON *o = cJSON_Parse(json), *it;
	const cJSON *v;
	int k;

	eval_result_init(r);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return err_set(e, ERR_USAGE, "a stored result is not a JSON object");
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "score");
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 100)
		goto bad;
	r->score = v->valuedouble;
	if (!get_s(o, "grade") || (k = index_of(verdict_names, 3, get_s(o, "verdict"))) < 0)
		goto bad;
	xstrlcpy(r->grade, get_s(o, "grade"), sizeof(r->grade));
	r->verdict = (enum verdict)k;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "diff")) {
		if ((k = index_of(diff_names, 5, get_s(it, "kind"))) < 0)
			goto bad;
		eval_result_add_diff(r, (enum diff_kind)k, get_s(it, "text"), get_s(it, "expected"));
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "errors")) {
		int sev = index_of(severity_names, 4, get_s(it, "severity"));

		if ((k = error_cat_from_name(get_s(it, "category") ? get_s(it, "category") : "")) < 0 ||
		    sev < 1)
			goto bad;
		eval_result_add_error(r, (enum error_cat)k, (enum severity)sev,
				      get_s(it, "learner_text"), get_s(it, "correction"),
				      get_s(it, "explanation"));
	}
	if (get_s(o, "corrected"))
		r->corrected = xstrdup(get_s(o, "corrected"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "alternatives")) {
		if (!cJSON_IsString(it))
			goto bad;
		r->alternatives = xrealloc(r->alternatives,
					   (size_t)(r->n_alternatives + 1) * sizeof(char *));
		r->alternatives[r->n_alternatives++] = xstrdup(it->valuestring);
	}
	if ((k = index_of(source_names, 4, get_s(o, "source"))) >= 0)
		r->source = (enum eval_source)k;
	r->estimate = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "estimate"));
	if (get_s(o, "model"))
		xstrlcpy(r->model, get_s(o, "model"), sizeof(r->model));
	v = cJSON_GetObjectItemCaseSensitive(o, "cost");
	r->cost = cJSON_IsNumber(v) ? v->valuedouble : 0;
	v = cJSON_GetObjectItemCaseSensitive(o, "hints_used");
	r->hints_used = cJSON_IsNumber(v) ? v->valueint : 0;
	v = cJSON_GetObjectItemCaseSensitive(o, "hint_cost");
	r->hint_cost = cJSON_IsNumber(v) ? v->valuedouble : 0;
	cJSON_Delete(o);
	return 0;
bad:
	cJSON_Delete(o);
	eval_result_release(r);
	return err_set(e, ERR_USAGE, "a stored result has a missing or bad field");
}
