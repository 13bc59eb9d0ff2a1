/* encode.c: a change batch as COPY text, table by table, in the server's column order. */
#include <stdlib.h>
#include <string.h>

#include "sync-int.h"
#include "banned.h"

static void tab(struct sbuf *sb)
{
	sbuf_add(sb, "\t", 1);
}

static void nl(struct sbuf *sb)
{
	sbuf_add(sb, "\n", 1);
}

/* An empty string as NULL (the local "none"). */
static void text_or_null(struct sbuf *sb, const char *s)
{
	copy_text(sb, s && *s ? s : NULL);
}

void enc_users(struct sbuf *sb, const struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_users; i++) {
		const struct user *u = &b->users[i];

		copy_text(sb, u->id), tab(sb);
		copy_text(sb, u->login), tab(sb);
		copy_text(sb, u->display_name), tab(sb);
		copy_text(sb, u->role), tab(sb);
		copy_text(sb, u->level), tab(sb);
		copy_json(sb, u->preferences ? u->preferences : "{}"), tab(sb);
		copy_time(sb, u->created_at), tab(sb);
		copy_time(sb, u->updated_at), nl(sb);
	}
}

void enc_classes(struct sbuf *sb, const struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_classes; i++) {
		copy_text(sb, b->classes[i].id), tab(sb);
		copy_text(sb, b->classes[i].name), tab(sb);
		copy_time(sb, b->classes[i].created_at), nl(sb);
	}
}

void enc_members(struct sbuf *sb, const struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_members; i++) {
		const struct member_row *m = &b->members[i];

		copy_text(sb, m->class_id), tab(sb);
		copy_text(sb, m->user_id), tab(sb);
		copy_text(sb, m->role), tab(sb);
		copy_time(sb, m->joined_at), tab(sb);
		copy_time_or_null(sb, m->last_seen_at), nl(sb);
	}
}

void enc_assignments(struct sbuf *sb, const struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_assignments; i++) {
		const struct assignment_row *a = &b->assignments[i];

		copy_text(sb, a->id), tab(sb);
		copy_text(sb, a->class_id), tab(sb);
		copy_text(sb, a->title ? a->title : ""), tab(sb);
		copy_text(sb, a->activity_type), tab(sb);
		text_or_null(sb, a->topic), tab(sb);
		text_or_null(sb, a->difficulty), tab(sb);
		copy_int(sb, a->target_count), tab(sb);
		copy_time_or_null(sb, a->due_at), tab(sb);
		text_or_null(sb, a->created_by), tab(sb);
		copy_json(sb, a->metadata && *a->metadata ? a->metadata : "{}"), tab(sb);
		copy_time(sb, a->created_at), tab(sb);
		copy_time_or_null(sb, a->closed_at), nl(sb);
	}
}

void enc_activity(struct sbuf *sb, const struct activity *a)
{
	copy_text(sb, a->id), tab(sb);
	copy_text(sb, a->user_id), tab(sb);
	copy_text(sb, a->type), tab(sb);
	text_or_null(sb, a->content_id), tab(sb);
	copy_real(sb, a->score), tab(sb);
	copy_int(sb, a->duration_ms), tab(sb);
	copy_json(sb, a->metadata ? a->metadata : "{}"), tab(sb);
	copy_bool(sb, a->ai_cached), tab(sb);
	copy_real(sb, a->ai_cost), tab(sb);
	copy_text(sb, a->ai_model), tab(sb);
	copy_time(sb, a->created_at), nl(sb);
}

void enc_progress(struct sbuf *sb, const struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_progress; i++) {
		const struct progress *p = &b->progress[i];

		copy_text(sb, p->id), tab(sb);
		copy_text(sb, p->user_id), tab(sb);
		copy_text(sb, p->content_id), tab(sb);
		copy_text(sb, p->content_type), tab(sb);
		copy_int(sb, p->attempts), tab(sb);
		copy_real(sb, p->best_score), tab(sb);
		copy_real(sb, p->last_score), tab(sb);
		copy_time_or_null(sb, p->last_attempt_at), tab(sb);
		copy_int(sb, p->mastery_level), tab(sb);
		copy_time_or_null(sb, p->next_review_at), tab(sb);
		copy_real(sb, p->interval_days), tab(sb);
		copy_real(sb, p->easiness), tab(sb);
		copy_int(sb, p->repetitions), tab(sb);
		copy_real(sb, p->stability), tab(sb);
		copy_real(sb, p->difficulty), tab(sb);
		copy_int(sb, p->state), tab(sb);
		copy_int(sb, p->step), tab(sb);
		copy_int(sb, p->reps), tab(sb);
		copy_int(sb, p->lapses), tab(sb);
		copy_bool(sb, p->suspended), tab(sb);
		copy_json(sb, p->metadata ? p->metadata : "{}"), tab(sb);
		copy_time(sb, p->updated_at), nl(sb);
	}
}

void enc_features(struct sbuf *sb, const struct change_batch *b, int vector)
{
	int i;

	for (i = 0; i < b->n_features; i++) {
		const struct user_features *f = &b->features[i];

		copy_text(sb, f->user_id), tab(sb);
		copy_real(sb, f->avg_session_ms), tab(sb);
		copy_real(sb, f->sessions_per_week), tab(sb);
		copy_real(sb, f->accuracy), tab(sb);
		copy_real(sb, f->improvement_rate), tab(sb);
		copy_json(sb, f->struggle_areas ? f->struggle_areas : "[]"), tab(sb);
		copy_real(sb, f->hint_rate), tab(sb);
		copy_real(sb, f->retry_rate), tab(sb);
		copy_real(sb, f->completion_rate), tab(sb);
		copy_json(sb, f->preferred_topics ? f->preferred_topics : "[]"), tab(sb);
		if (f->best_hour >= 0)
			copy_int(sb, f->best_hour);
		else
			copy_null(sb);
		tab(sb);
		copy_embedding(sb, f->style, f->style_dims, vector), tab(sb);
		copy_time(sb, f->computed_at), nl(sb);
	}
}

void enc_cache(struct sbuf *sb, const struct change_batch *b, int vector)
{
	int i;

	for (i = 0; i < b->n_cache; i++) {
		const struct cache_row *c = &b->cache[i];

		copy_text(sb, c->id), tab(sb);
		copy_text(sb, c->c.cache_key), tab(sb);
		copy_text(sb, c->c.task), tab(sb);
		copy_json(sb, c->c.response ? c->c.response : "{}"), tab(sb);
		copy_text(sb, c->c.model), tab(sb);
		copy_real(sb, c->c.cost), tab(sb);
		copy_text(sb, c->c.source[0] ? c->c.source : "ai"), tab(sb);
		copy_embedding(sb, c->input_embedding, c->input_dims, vector), tab(sb);
		copy_embedding(sb, c->response_embedding, c->response_dims, vector), tab(sb);
		copy_int(sb, c->c.hit_count), tab(sb);
		copy_time(sb, c->c.last_accessed_at), tab(sb);
		copy_time(sb, c->c.created_at), tab(sb);
		copy_time_or_null(sb, c->c.expires_at), tab(sb);
		copy_text(sb, c->content_id), tab(sb);
		copy_text(sb, c->input_text), tab(sb);
		copy_text(sb, c->embedding_model), nl(sb);
	}
}

void enc_metrics(struct sbuf *sb, const struct change_batch *b)
{
	int i;

	for (i = 0; i < b->n_metrics; i++) {
		const struct metric_row *m = &b->metrics[i];

		copy_text(sb, m->id), tab(sb);
		copy_time(sb, m->ts), tab(sb);
		copy_text(sb, m->user_id), tab(sb);
		copy_text(sb, m->metric), tab(sb);
		copy_real(sb, m->value), tab(sb);
		copy_json(sb, m->metadata ? m->metadata : "{}"), nl(sb);
	}
}
