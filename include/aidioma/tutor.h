/* tutor.h: the Conversation tutor: scenario, turns, corrections, goals and new words. */
#ifndef AIDIOMA_TUTOR_H
#define AIDIOMA_TUTOR_H

#include "aidioma/err.h"
#include "aidioma/store.h"
#include "aidioma/util.h"

#define TUTOR_TURN_MAX_CHARS 300 /* a learner's turn is cut to this many characters */
#define TUTOR_HISTORY_DEFAULT 8  /* turns kept for an AI back end's context */
#define TUTOR_HISTORY_MAX 64
#define TUTOR_WORDS_PER_REPLY 3  /* new words offered from one reply, at most */

/* ---- a scenario (a struct content of type scenario), parsed */
struct tutor_line {
	char *es, *en;
};

/* A keyword or goal phrase as written, and folded as the matcher sees it. */
struct tutor_phrase {
	char *text, *folded;
};

struct tutor_goal {
	char id[65];
	char *en;
	struct tutor_phrase *phrases;
	int n_phrases;
};

/* One offline branch: keywords (any one, as whole words) or a glob pattern. */
struct tutor_branch {
	struct tutor_phrase *keywords;
	int n_keywords;
	char *pattern;        /* as written; NULL when the branch has keywords */
	char *pattern_folded; /* folded, '*' kept */
	struct tutor_line line;
	int goal;             /* index into goals, -1: none */
};

struct tutor_persona {
	char *name, *role, *region;
	char address[8]; /* tu, usted */
	char **traits;
	int n_traits;
};

struct tutor_scenario {
	char id[65];
	char difficulty[16];
	char topic[64];
	char *title, *title_en, *setting, *instructions;
	struct tutor_persona persona;
	struct tutor_goal *goals;
	int n_goals;
	struct tutor_line opening, closing;
	struct tutor_branch *script;
	int n_script;
	struct tutor_line *fallback;
	int n_fallback;
};

/* Parse a scenario of the store or of a pack; ERR_USAGE names what is
 * missing.  Release with tutor_scenario_release() (also after failure). */
int tutor_scenario_parse(const struct content *c, struct tutor_scenario *s, struct err *e);
void tutor_scenario_release(struct tutor_scenario *s);

/* ---- what the tutor answers */
enum tutor_source { TUTOR_OPENING, TUTOR_SCRIPT, TUTOR_FALLBACK, TUTOR_AI, TUTOR_CLOSING };

struct tutor_word {
	char *spanish, *english;
};

/* A learner's turn set right: original -> corrected, and why in one line. */
struct tutor_correction {
	char *original, *corrected, *explanation;
};

struct tutor_reply {
	char *reply, *reply_en;     /* the tutor's line in Spanish and English */
	enum tutor_source source;
	int branch;                 /* the script branch that answered, -1: none */
	int fallback;               /* the fallback reply used, -1: none */
	int checked;                /* a back end judged the turn itself (no offline check) */
	int has_correction;         /* 0: the checker found nothing to correct */
	struct tutor_correction correction;
	struct tutor_word *words;   /* new vocabulary from the reply */
	int n_words;
	int *goals;                 /* goals this turn reached (indexes into the scenario's) */
	int n_goals;
	int goals_reached, goals_total; /* so far */
	int turn;                   /* the learner's turn number, from 1; 0 opening and closing */
	double cost;                /* USD an AI back end spent on this turn */
	char model[64];             /* the model that answered, "" for the script */
	char *note;                 /* why the script answered although an AI back end is set */
};
void tutor_reply_init(struct tutor_reply *r);
void tutor_reply_release(struct tutor_reply *r);
/* For back ends: set the line (copied), add a goal reached (once) or a word. */
void tutor_reply_set(struct tutor_reply *r, const char *es, const char *en);
void tutor_reply_add_goal(struct tutor_reply *r, int goal);
void tutor_reply_add_word(struct tutor_reply *r, const char *spanish, const char *english);

/*
 * The offline checker: the slips it can be sure of in a learner's turn (a
 * missing ¿ or ¡, an accent-less question word opening a question, words
 * whose accent-less form is no Spanish word, a short list of misspellings
 * and of wrong set phrases).  Returns 1 and fills c when it corrected
 * something, 0 when it has nothing to say.  Release c with
 * tutor_correction_release().
 */
int tutor_check_turn(const char *text, struct tutor_correction *c);
void tutor_correction_release(struct tutor_correction *c);

/* ---- the words a reply may teach: Spanish, its English, by folded form */
struct tutor_gloss {
	char *key; /* folded (lower case, no accents) */
	char *spanish, *english;
};
struct tutor_glossary {
	struct tutor_gloss *g; /* sorted by key, one entry per key */
	int n, alloc;
};
/* Add an entry; the first one of a key wins. */
void tutor_glossary_add(struct tutor_glossary *gl, const char *spanish, const char *english);
/*
 * The course's words the user has not met: the flashcards of the packs
 * (not articles, pronouns, prepositions, conjunctions or determiners) and
 * the glosses of the reading texts, without the cards already in the
 * user's queue and the words marked learning or known.
 */
int tutor_glossary_load(struct store *st, const char *user_id, struct tutor_glossary *gl,
			struct err *e);
void tutor_glossary_release(struct tutor_glossary *gl);

/* ---- a conversation */
struct tutor; /* opaque */

/* One learner turn and the tutor's answer, as an AI back end's context sees them. */
struct tutor_exchange {
	char *learner, *tutor, *tutor_en;
};

/*
 * A back end answers the learner.  The offline back end follows the
 * scenario's script; an OpenAI-compatible chat back end would implement
 * the same table: build its messages from the scenario's instructions
 * and persona, the learner's level and tutor_history(), and fill the
 * reply, and also the correction (setting checked), the goals and the
 * words when the model gives them.  reply() must not change the tutor:
 * the tutor commits the turn only once the reply is complete, so a
 * cancelled or failed turn leaves the conversation as it was.  The
 * opening and closing lines always come from the scenario.
 */
struct tutor_backend {
	const char *name; /* "offline" */
	int scripted;     /* 1: the replies are the scenario's own script */
	int (*reply)(struct tutor_backend *b, const struct tutor *t, const char *turn,
		     const char *folded, struct tutor_reply *r, struct err *e);
	void (*free)(struct tutor_backend *b);
};

/*
 * The offline back end, as the pack format describes it: the turn folded
 * (lower case, accents off, punctuation to spaces); the first branch that
 * has not fired and matches answers (keywords as whole words or phrases,
 * patterns as globs with '*'), each branch at most once; else the
 * fallbacks in turn.
 */
struct tutor_backend *tutor_offline_new(void);

struct ai_client;
struct settings;
/*
 * The AI back end: an OpenAI-compatible chat given the persona and the
 * scenario's instructions, setting and goals, the learner's level and the
 * history window, which answers one JSON object: the tutor's line and its
 * English, a correction of the learner's turn or null, new words and the
 * goals the turn reached.  The reply is checked like a grading reply
 * (types, goal ids, the words corrected must occur in the turn, the new
 * words in the line) and every string sanitised; the correction is given
 * as the whole turn set right, as the offline checker gives it.  When the endpoint fails
 * or the reply is unusable (once more when it was not JSON), the
 * scenario's script answers instead and the reply's note says why.  It
 * borrows c: free the tutor before the client.
 */
struct tutor_backend *tutor_ai_new(struct ai_client *c);
/*
 * The client and the AI back end (when backend is not NULL) for the
 * endpoint the settings and AIDIOMA_AI_* set (ai_config_load); NULL when
 * none is set, or when it cannot be used, and then warning says why (else
 * it is "").  Free the tutor that took the back end, then the client with
 * ai_client_free().
 */
void tutor_ai_open(const struct settings *s, struct ai_client **client,
		   struct tutor_backend **backend, char *warning, size_t size);

struct tutor_options {
	const char *level;      /* the learner's level, for an AI back end; NULL: the scenario's */
	int history_max;        /* turns kept, 1..TUTOR_HISTORY_MAX; 0: TUTOR_HISTORY_DEFAULT */
	const struct tutor_glossary *glossary; /* new words come from here; NULL: none; borrowed */
	struct tutor_backend *backend;         /* NULL: offline; the tutor frees it */
	int (*cancelled)(void *arg); /* asked before a turn is committed; NULL: never */
	void *cancel_arg;
};

/*
 * Start a conversation on a scenario (copied); opening gets the tutor's
 * first line and its new words.  Free with tutor_free(), even after
 * failure when *out is not NULL.
 */
int tutor_start(const struct content *scenario, const struct tutor_options *o, struct tutor **out,
		struct tutor_reply *opening, struct err *e);
/*
 * The learner says text (cleaned and normalised here); r gets the reply,
 * the correction, the new words and the goals this turn reached.
 * ERR_USAGE for an empty turn or an ended conversation; ERR_FAIL with
 * nothing changed when cancelled.  Release r with tutor_reply_release().
 */
int tutor_turn(struct tutor *t, const char *text, struct tutor_reply *r, struct err *e);

struct tutor_summary {
	int turns, corrections, new_words, goals_reached, goals_total;
	double score;          /* percent of the goals reached */
	long long duration_ms; /* from the start to the end (or now) */
};
/* The learner ends: r gets the closing line, s the summary. */
int tutor_end(struct tutor *t, struct tutor_reply *r, struct tutor_summary *s, struct err *e);
void tutor_free(struct tutor *t);

const struct tutor_scenario *tutor_scenario(const struct tutor *t);
const char *tutor_backend_name(const struct tutor *t);
int tutor_scripted(const struct tutor *t);
int tutor_ended(const struct tutor *t);
int tutor_goal_reached(const struct tutor *t, int goal);
int tutor_branch_fired(const struct tutor *t, int branch);
int tutor_next_fallback(const struct tutor *t);
/* The history window: the last turns, at most history_max; 0 is the oldest. */
int tutor_history_count(const struct tutor *t);
const struct tutor_exchange *tutor_history(const struct tutor *t, int i);
void tutor_get_summary(const struct tutor *t, struct tutor_summary *s);

/*
 * Save the conversation as one 'conversation' activity of the user (score:
 * the percent of goals reached; metadata: turns, corrections, new words,
 * goals; what an AI back end cost) and the scenario's progress row, in one
 * transaction.  ERR_USAGE when the learner said nothing.
 */
int tutor_record(struct store *st, const struct user *u, const struct tutor *t, struct err *e);

#endif
