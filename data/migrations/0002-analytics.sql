-- 0002-analytics.sql: the feature store, the metrics series and its hourly
-- roll-ups, dashboard statistics kept current by triggers, achievements,
-- classes and assignments, the slow-query log and sync state.

CREATE TABLE user_features (
    user_id            TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    avg_session_ms     REAL NOT NULL DEFAULT 0,
    sessions_per_week  REAL NOT NULL DEFAULT 0,
    accuracy           REAL NOT NULL DEFAULT 0 CHECK (accuracy BETWEEN 0 AND 100),
    improvement_rate   REAL NOT NULL DEFAULT 0,
    struggle_areas     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(struggle_areas)),
    hint_rate          REAL NOT NULL DEFAULT 0 CHECK (hint_rate BETWEEN 0 AND 1),
    retry_rate         REAL NOT NULL DEFAULT 0 CHECK (retry_rate BETWEEN 0 AND 1),
    completion_rate    REAL NOT NULL DEFAULT 0 CHECK (completion_rate BETWEEN 0 AND 1),
    preferred_topics   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(preferred_topics)),
    best_hour          INTEGER CHECK (best_hour IS NULL OR best_hour BETWEEN 0 AND 23),
    style_embedding    BLOB,
    computed_at        INTEGER NOT NULL
);

CREATE TABLE learning_metrics (
    id          TEXT PRIMARY KEY,
    ts          INTEGER NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    metric      TEXT NOT NULL CHECK (metric IN ('accuracy', 'velocity', 'retention', 'engagement')),
    value       REAL NOT NULL,
    metadata    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata))
);
CREATE INDEX idx_metrics_user_metric_time ON learning_metrics (user_id, metric, ts DESC);

CREATE TABLE learning_metrics_hourly (
    hour     INTEGER NOT NULL,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    metric   TEXT NOT NULL,
    n        INTEGER NOT NULL,
    total    REAL NOT NULL,
    min      REAL NOT NULL,
    max      REAL NOT NULL,
    PRIMARY KEY (user_id, metric, hour)
) WITHOUT ROWID;

CREATE TRIGGER trg_metrics_rollup AFTER INSERT ON learning_metrics BEGIN
    INSERT INTO learning_metrics_hourly (hour, user_id, metric, n, total, min, max)
    VALUES (NEW.ts / 3600000 * 3600000, NEW.user_id, NEW.metric, 1, NEW.value, NEW.value, NEW.value)
    ON CONFLICT (user_id, metric, hour) DO UPDATE SET
        n = n + 1, total = total + excluded.total,
        min = MIN(min, excluded.min), max = MAX(max, excluded.max);
END;

CREATE TABLE dashboard_stats (
    user_id            TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    activities         INTEGER NOT NULL DEFAULT 0,
    practice_count     INTEGER NOT NULL DEFAULT 0,
    practice_scored    INTEGER NOT NULL DEFAULT 0,
    practice_score_sum REAL NOT NULL DEFAULT 0,
    reading_count      INTEGER NOT NULL DEFAULT 0,
    memorize_count     INTEGER NOT NULL DEFAULT 0,
    conversation_count INTEGER NOT NULL DEFAULT 0,
    duration_ms        INTEGER NOT NULL DEFAULT 0,
    ai_cost            REAL NOT NULL DEFAULT 0,
    xp                 INTEGER NOT NULL DEFAULT 0,
    first_activity_at  INTEGER,
    last_activity_at   INTEGER
);

CREATE TRIGGER trg_dashboard_activity AFTER INSERT ON learning_activities BEGIN
    INSERT INTO dashboard_stats (user_id) VALUES (NEW.user_id) ON CONFLICT (user_id) DO NOTHING;
    UPDATE dashboard_stats SET
        activities = activities + 1,
        practice_count = practice_count + (NEW.activity_type = 'practice'),
        practice_scored = practice_scored + (NEW.activity_type = 'practice' AND NEW.score IS NOT NULL),
        practice_score_sum = practice_score_sum +
            (CASE WHEN NEW.activity_type = 'practice' THEN coalesce(NEW.score, 0) ELSE 0 END),
        reading_count = reading_count + (NEW.activity_type = 'reading'),
        memorize_count = memorize_count + (NEW.activity_type = 'memorize'),
        conversation_count = conversation_count + (NEW.activity_type = 'conversation'),
        duration_ms = duration_ms + NEW.duration_ms,
        ai_cost = ai_cost + NEW.ai_cost,
        xp = xp + (CASE NEW.activity_type
            WHEN 'practice' THEN 5 + CAST(coalesce(NEW.score, 0) / 10 AS INTEGER)
            WHEN 'reading' THEN 15
            WHEN 'memorize' THEN 2
            ELSE 20 END),
        first_activity_at = MIN(coalesce(first_activity_at, NEW.created_at), NEW.created_at),
        last_activity_at = MAX(coalesce(last_activity_at, NEW.created_at), NEW.created_at)
    WHERE user_id = NEW.user_id;
END;

CREATE TABLE daily_activity (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day         INTEGER NOT NULL, -- days since the epoch in the learner's time zone
    activities  INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

CREATE TABLE achievements (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    achievement TEXT NOT NULL,
    earned_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, achievement)
) WITHOUT ROWID;

CREATE TABLE classes (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE class_members (
    class_id  TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'teacher')),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (class_id, user_id)
) WITHOUT ROWID;

CREATE TABLE assignments (
    id            TEXT PRIMARY KEY,
    class_id      TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    activity_type TEXT NOT NULL
                  CHECK (activity_type IN ('practice', 'reading', 'memorize', 'conversation')),
    topic         TEXT,
    difficulty    TEXT CHECK (difficulty IS NULL OR difficulty IN ('beginner', 'intermediate', 'advanced')),
    target_count  INTEGER NOT NULL CHECK (target_count > 0),
    due_at        INTEGER,
    created_by    TEXT REFERENCES users(id) ON DELETE SET NULL,
    metadata      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    created_at    INTEGER NOT NULL
);
CREATE INDEX idx_assignments_class_due ON assignments (class_id, due_at);

CREATE TABLE query_performance (
    id          INTEGER PRIMARY KEY,
    sql_hash    TEXT NOT NULL,
    sql_text    TEXT NOT NULL,
    duration_ms REAL NOT NULL CHECK (duration_ms >= 0),
    rows        INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE sync_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Databases upgraded from version 1 already hold activities: count them once.
INSERT INTO dashboard_stats (user_id, activities, practice_count, practice_scored,
        practice_score_sum, reading_count, memorize_count, conversation_count,
        duration_ms, ai_cost, xp, first_activity_at, last_activity_at)
SELECT user_id, count(*), sum(activity_type = 'practice'),
       sum(activity_type = 'practice' AND score IS NOT NULL),
       total(CASE WHEN activity_type = 'practice' THEN score END),
       sum(activity_type = 'reading'), sum(activity_type = 'memorize'),
       sum(activity_type = 'conversation'), sum(duration_ms), total(ai_cost),
       sum(CASE activity_type
           WHEN 'practice' THEN 5 + CAST(coalesce(score, 0) / 10 AS INTEGER)
           WHEN 'reading' THEN 15
           WHEN 'memorize' THEN 2
           ELSE 20 END),
       min(created_at), max(created_at)
FROM learning_activities GROUP BY user_id;

INSERT INTO daily_activity (user_id, day, activities, duration_ms)
SELECT user_id,
       CAST(julianday(date(created_at / 1000, 'unixepoch', 'localtime')) - 2440587.5 AS INTEGER),
       count(*), sum(duration_ms)
FROM learning_activities GROUP BY 1, 2;
