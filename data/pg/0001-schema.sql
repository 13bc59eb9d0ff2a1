-- 0001-schema.sql: the unified schema in PostgreSQL, in the schema 'aidioma':
-- the tables of data/migrations with JSONB for JSON, timestamptz for times
-- and @EMBEDDING@ for embeddings (pgvector's vector when the extension could
-- be created, else real[]).  Ids are the text ids made on the machines.

CREATE TABLE users (
    id            text PRIMARY KEY,
    login         text NOT NULL CHECK (length(login) BETWEEN 1 AND 64),
    display_name  text NOT NULL DEFAULT '',
    role          text NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'teacher')),
    level         text NOT NULL DEFAULT 'beginner'
                  CHECK (level IN ('beginner', 'intermediate', 'advanced')),
    preferences   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- a login is unique on one classroom server, not across all of them
CREATE INDEX idx_users_login ON users (login);

CREATE TABLE content_packs (
    id             text PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('sentence', 'text', 'flashcard', 'scenario')),
    title          text NOT NULL,
    format_version integer NOT NULL,
    source         text NOT NULL,
    sha256         text NOT NULL,
    item_count     integer NOT NULL CHECK (item_count >= 0),
    imported_at    timestamptz NOT NULL
);

CREATE TABLE learning_content (
    id             text PRIMARY KEY,
    content_type   text NOT NULL CHECK (content_type IN ('sentence', 'text', 'flashcard', 'scenario')),
    difficulty     text NOT NULL CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
    topic          text NOT NULL DEFAULT '',
    primary_text   text NOT NULL,
    secondary_text text NOT NULL DEFAULT '',
    metadata       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    pack_id        text REFERENCES content_packs (id) ON DELETE SET NULL,
    usage_count    bigint NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    success_rate   double precision CHECK (success_rate IS NULL OR success_rate BETWEEN 0 AND 1),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_content_type_difficulty ON learning_content (content_type, difficulty);
CREATE INDEX idx_content_updated ON learning_content (updated_at, id);
CREATE INDEX idx_content_metadata ON learning_content USING gin (metadata jsonb_path_ops);

-- Activities and progress name content the server may not hold (a
-- classroom's own packs): no foreign key to learning_content.
CREATE TABLE learning_activities (
    id            text PRIMARY KEY,
    user_id       text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_type text NOT NULL
                  CHECK (activity_type IN ('practice', 'reading', 'memorize', 'conversation')),
    content_id    text,
    score         double precision CHECK (score IS NULL OR score BETWEEN 0 AND 100),
    duration_ms   bigint NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    metadata      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    ai_cached     boolean NOT NULL DEFAULT false,
    ai_cost       double precision NOT NULL DEFAULT 0 CHECK (ai_cost >= 0),
    ai_model      text,
    created_at    timestamptz NOT NULL
);
CREATE INDEX idx_activities_user_time ON learning_activities (user_id, created_at DESC);
CREATE INDEX idx_activities_content ON learning_activities (content_id);

CREATE TABLE user_progress (
    id              text NOT NULL UNIQUE,
    user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content_id      text NOT NULL,
    content_type    text NOT NULL
                    CHECK (content_type IN ('sentence', 'text', 'flashcard', 'scenario')),
    attempts        bigint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    best_score      double precision CHECK (best_score IS NULL OR best_score BETWEEN 0 AND 100),
    last_score      double precision CHECK (last_score IS NULL OR last_score BETWEEN 0 AND 100),
    last_attempt_at timestamptz,
    mastery_level   integer NOT NULL DEFAULT 0 CHECK (mastery_level BETWEEN 0 AND 5),
    next_review_at  timestamptz,
    interval_days   double precision NOT NULL DEFAULT 0 CHECK (interval_days >= 0),
    easiness        double precision NOT NULL DEFAULT 2.5 CHECK (easiness >= 1.3),
    repetitions     bigint NOT NULL DEFAULT 0 CHECK (repetitions >= 0),
    stability       double precision NOT NULL DEFAULT 0 CHECK (stability >= 0),
    difficulty      double precision NOT NULL DEFAULT 0 CHECK (difficulty >= 0 AND difficulty <= 10),
    state           integer NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
    step            integer NOT NULL DEFAULT 0 CHECK (step >= 0),
    reps            bigint NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses          bigint NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    suspended       boolean NOT NULL DEFAULT false,
    metadata        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, content_id)
);
CREATE INDEX idx_progress_user_review ON user_progress (user_id, next_review_at);
CREATE INDEX idx_progress_user_type_mastery ON user_progress (user_id, content_type, mastery_level);

CREATE TABLE ai_cache (
    id                 text PRIMARY KEY,
    cache_key          text NOT NULL UNIQUE,
    task               text NOT NULL,
    response           jsonb NOT NULL,
    model              text NOT NULL DEFAULT '',
    cost               double precision NOT NULL DEFAULT 0 CHECK (cost >= 0),
    source             text NOT NULL DEFAULT 'ai' CHECK (source IN ('ai', 'offline')),
    input_embedding    @EMBEDDING@,
    response_embedding @EMBEDDING@,
    hit_count          bigint NOT NULL DEFAULT 0 CHECK (hit_count >= 0),
    last_accessed_at   timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz,
    -- what the semantic layer searches by (SQLite's 0007-embeddings.sql)
    content_id         text,
    input_text         text,
    embedding_model    text
);
CREATE INDEX idx_ai_cache_expiry ON ai_cache (expires_at);
CREATE INDEX idx_ai_cache_access ON ai_cache (last_accessed_at);
CREATE INDEX idx_ai_cache_content ON ai_cache (content_id, embedding_model);

CREATE TABLE user_features (
    user_id           text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    avg_session_ms    double precision NOT NULL DEFAULT 0,
    sessions_per_week double precision NOT NULL DEFAULT 0,
    accuracy          double precision NOT NULL DEFAULT 0 CHECK (accuracy BETWEEN 0 AND 100),
    improvement_rate  double precision NOT NULL DEFAULT 0,
    struggle_areas    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(struggle_areas) = 'array'),
    hint_rate         double precision NOT NULL DEFAULT 0 CHECK (hint_rate BETWEEN 0 AND 1),
    retry_rate        double precision NOT NULL DEFAULT 0 CHECK (retry_rate BETWEEN 0 AND 1),
    completion_rate   double precision NOT NULL DEFAULT 0 CHECK (completion_rate BETWEEN 0 AND 1),
    preferred_topics  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(preferred_topics) = 'array'),
    best_hour         integer CHECK (best_hour IS NULL OR best_hour BETWEEN 0 AND 23),
    style_embedding   @EMBEDDING@,
    computed_at       timestamptz NOT NULL
);

CREATE TABLE learning_metrics (
    id        text PRIMARY KEY,
    ts        timestamptz NOT NULL,
    user_id   text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    metric    text NOT NULL CHECK (metric IN ('accuracy', 'velocity', 'retention', 'engagement')),
    value     double precision NOT NULL,
    metadata  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_metrics_user_metric_time ON learning_metrics (user_id, metric, ts DESC);

-- Hourly roll-ups of the metrics: of learning_metrics and of the figures
-- each activity gives (the same four as in SQLite's 0008-sync.sql).
CREATE TABLE learning_metrics_hourly (
    hour     timestamptz NOT NULL,
    user_id  text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    metric   text NOT NULL,
    n        bigint NOT NULL,
    total    double precision NOT NULL,
    min      double precision NOT NULL,
    max      double precision NOT NULL,
    PRIMARY KEY (user_id, metric, hour)
);
CREATE INDEX idx_metrics_hourly_hour ON learning_metrics_hourly (hour);

CREATE TABLE achievements (
    user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    achievement text NOT NULL,
    earned_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, achievement)
);

-- Classes come from the classroom servers (a name is unique on one of them,
-- not across all); assignments come from them too, or are set here.
CREATE TABLE classes (
    id         text PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE class_members (
    class_id  text NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id   text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      text NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'teacher')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX idx_class_members_user ON class_members (user_id);

CREATE TABLE assignments (
    id            text PRIMARY KEY,
    class_id      text NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    title         text NOT NULL,
    activity_type text NOT NULL
                  CHECK (activity_type IN ('practice', 'reading', 'memorize', 'conversation')),
    topic         text,
    difficulty    text CHECK (difficulty IS NULL OR difficulty IN ('beginner', 'intermediate', 'advanced')),
    target_count  integer NOT NULL CHECK (target_count > 0),
    due_at        timestamptz,
    created_by    text REFERENCES users (id) ON DELETE SET NULL,
    metadata      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    closed_at     timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_assignments_class_due ON assignments (class_id, due_at);
CREATE INDEX idx_assignments_updated ON assignments (updated_at, id);

-- The server's own id: a machine that finds another id than the one it
-- last pushed to sends everything again (the server was moved or rebuilt).
CREATE TABLE server_identity (
    id         text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO server_identity DEFAULT VALUES;

-- What each machine pushed (for 'aidioma sync status' on the server side).
CREATE TABLE sync_pushes (
    machine_id text NOT NULL,
    last_seq   bigint NOT NULL,
    rows       bigint NOT NULL,
    pushed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (machine_id, last_seq)
);

-- Pulls bring down what changed: updated_at moves with every change.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER trg_content_touch BEFORE UPDATE ON learning_content
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_classes_touch BEFORE UPDATE ON classes
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER trg_assignments_touch BEFORE UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
