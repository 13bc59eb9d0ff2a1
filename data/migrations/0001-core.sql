-- 0001-core.sql: users, content, the activity stream, progress and the AI cache.
-- Times are milliseconds since the Unix epoch (UTC); ids made locally are UUIDs.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'teacher')),
    level         TEXT NOT NULL DEFAULT 'beginner'
                  CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    preferences   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(preferences)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE content_packs (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('sentence', 'text', 'flashcard', 'scenario')),
    title         TEXT NOT NULL,
    format_version INTEGER NOT NULL,
    source        TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    item_count    INTEGER NOT NULL CHECK (item_count >= 0),
    imported_at   INTEGER NOT NULL
);

CREATE TABLE learning_content (
    id             TEXT PRIMARY KEY,
    content_type   TEXT NOT NULL CHECK (content_type IN ('sentence', 'text', 'flashcard', 'scenario')),
    difficulty     TEXT NOT NULL CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
    topic          TEXT NOT NULL DEFAULT '',
    primary_text   TEXT NOT NULL,
    secondary_text TEXT NOT NULL DEFAULT '',
    metadata       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    pack_id        TEXT REFERENCES content_packs(id) ON DELETE SET NULL,
    usage_count    INTEGER NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    success_rate   REAL CHECK (success_rate IS NULL OR success_rate BETWEEN 0 AND 1),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX idx_content_type_difficulty ON learning_content (content_type, difficulty);

CREATE TABLE learning_activities (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    activity_type TEXT NOT NULL
                  CHECK (activity_type IN ('practice', 'reading', 'memorize', 'conversation')),
    content_id    TEXT REFERENCES learning_content(id) ON DELETE SET NULL,
    score         REAL CHECK (score IS NULL OR score BETWEEN 0 AND 100),
    duration_ms   INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    metadata      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    ai_cached     INTEGER NOT NULL DEFAULT 0 CHECK (ai_cached IN (0, 1)),
    ai_cost       REAL NOT NULL DEFAULT 0 CHECK (ai_cost >= 0),
    ai_model      TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX idx_activities_user_time ON learning_activities (user_id, created_at DESC);
CREATE INDEX idx_activities_content ON learning_activities (content_id);

CREATE TABLE user_progress (
    id             TEXT NOT NULL UNIQUE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    content_id     TEXT NOT NULL REFERENCES learning_content(id) ON DELETE CASCADE,
    content_type   TEXT NOT NULL
                   CHECK (content_type IN ('sentence', 'text', 'flashcard', 'scenario')),
    attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    best_score     REAL CHECK (best_score IS NULL OR best_score BETWEEN 0 AND 100),
    last_score     REAL CHECK (last_score IS NULL OR last_score BETWEEN 0 AND 100),
    last_attempt_at INTEGER,
    mastery_level  INTEGER NOT NULL DEFAULT 0 CHECK (mastery_level BETWEEN 0 AND 5),
    next_review_at INTEGER,
    interval_days  REAL NOT NULL DEFAULT 0 CHECK (interval_days >= 0),
    easiness       REAL NOT NULL DEFAULT 2.5 CHECK (easiness >= 1.3),
    repetitions    INTEGER NOT NULL DEFAULT 0 CHECK (repetitions >= 0),
    stability      REAL NOT NULL DEFAULT 0 CHECK (stability >= 0),
    difficulty     REAL NOT NULL DEFAULT 0 CHECK (difficulty >= 0 AND difficulty <= 10),
    state          INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
    step           INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
    reps           INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses         INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    suspended      INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    metadata       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (user_id, content_id)
) WITHOUT ROWID;
CREATE INDEX idx_progress_user_review ON user_progress (user_id, next_review_at);
CREATE INDEX idx_progress_user_type_mastery ON user_progress (user_id, content_type, mastery_level);

CREATE TABLE ai_cache (
    id                 TEXT PRIMARY KEY,
    cache_key          TEXT NOT NULL UNIQUE,
    task               TEXT NOT NULL,
    response           TEXT NOT NULL CHECK (json_valid(response)),
    model              TEXT NOT NULL DEFAULT '',
    cost               REAL NOT NULL DEFAULT 0 CHECK (cost >= 0),
    source             TEXT NOT NULL DEFAULT 'ai' CHECK (source IN ('ai', 'offline')),
    input_embedding    BLOB,
    response_embedding BLOB,
    hit_count          INTEGER NOT NULL DEFAULT 0 CHECK (hit_count >= 0),
    last_accessed_at   INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER
);
CREATE INDEX idx_ai_cache_expiry ON ai_cache (expires_at);
CREATE INDEX idx_ai_cache_access ON ai_cache (last_accessed_at);
