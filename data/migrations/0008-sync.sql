-- 0008-sync.sql: the metrics series written as activities happen, the change
-- log that 'aidioma sync push' sends from, and experiments.  The tables of the
-- feature store, the metrics and their roll-ups, classes, the slow-query log
-- and sync state come from 0002-analytics.sql; this adds what fills them.

-- Each activity adds its figures to the metrics series (and so, through
-- trg_metrics_rollup, to the hourly roll-ups).  A figure's id is the
-- activity's id and the metric's name, so the same activity never counts
-- twice and an undo can find its figures again.
--   accuracy    the score over 100 (practice, reading, conversation)
--   engagement  minutes spent
--   velocity    items per minute (practice and flashcards)
--   retention   1 when a flashcard was recalled (rating 2 or more), else 0
CREATE TRIGGER trg_activity_metrics AFTER INSERT ON learning_activities BEGIN
    INSERT INTO learning_metrics (id, ts, user_id, metric, value, metadata)
    SELECT NEW.id || ':accuracy', NEW.created_at, NEW.user_id, 'accuracy', NEW.score / 100.0,
           json_object('activity', NEW.activity_type)
    WHERE NEW.score IS NOT NULL
    UNION ALL
    SELECT NEW.id || ':engagement', NEW.created_at, NEW.user_id, 'engagement',
           NEW.duration_ms / 60000.0, json_object('activity', NEW.activity_type)
    WHERE NEW.duration_ms > 0
    UNION ALL
    SELECT NEW.id || ':velocity', NEW.created_at, NEW.user_id, 'velocity',
           60000.0 / NEW.duration_ms, json_object('activity', NEW.activity_type)
    WHERE NEW.duration_ms > 0 AND NEW.activity_type IN ('practice', 'memorize')
    UNION ALL
    SELECT NEW.id || ':retention', NEW.created_at, NEW.user_id, 'retention',
           coalesce(json_extract(NEW.metadata, '$.rating'), 0) >= 2,
           json_object('activity', NEW.activity_type)
    WHERE NEW.activity_type = 'memorize';
END;

CREATE TRIGGER trg_activity_metrics_delete AFTER DELETE ON learning_activities BEGIN
    DELETE FROM learning_metrics WHERE id IN (OLD.id || ':accuracy', OLD.id || ':engagement',
                                              OLD.id || ':velocity', OLD.id || ':retention');
END;

-- A figure taken back leaves its hour's roll-up as if it had never come.
CREATE TRIGGER trg_metrics_unrollup AFTER DELETE ON learning_metrics BEGIN
    UPDATE learning_metrics_hourly SET
        n = n - 1,
        total = total - OLD.value,
        min = coalesce((SELECT min(value) FROM learning_metrics m WHERE m.user_id = OLD.user_id
                        AND m.metric = OLD.metric AND m.ts >= OLD.ts / 3600000 * 3600000
                        AND m.ts < OLD.ts / 3600000 * 3600000 + 3600000), 0),
        max = coalesce((SELECT max(value) FROM learning_metrics m WHERE m.user_id = OLD.user_id
                        AND m.metric = OLD.metric AND m.ts >= OLD.ts / 3600000 * 3600000
                        AND m.ts < OLD.ts / 3600000 * 3600000 + 3600000), 0)
    WHERE user_id = OLD.user_id AND metric = OLD.metric AND hour = OLD.ts / 3600000 * 3600000;
    DELETE FROM learning_metrics_hourly WHERE user_id = OLD.user_id AND metric = OLD.metric
        AND hour = OLD.ts / 3600000 * 3600000 AND n <= 0;
END;

-- Existing activities get their figures once.
INSERT INTO learning_metrics (id, ts, user_id, metric, value, metadata)
SELECT id || ':accuracy', created_at, user_id, 'accuracy', score / 100.0,
       json_object('activity', activity_type)
FROM learning_activities WHERE score IS NOT NULL
UNION ALL
SELECT id || ':engagement', created_at, user_id, 'engagement', duration_ms / 60000.0,
       json_object('activity', activity_type)
FROM learning_activities WHERE duration_ms > 0
UNION ALL
SELECT id || ':velocity', created_at, user_id, 'velocity', 60000.0 / duration_ms,
       json_object('activity', activity_type)
FROM learning_activities WHERE duration_ms > 0 AND activity_type IN ('practice', 'memorize')
UNION ALL
SELECT id || ':retention', created_at, user_id, 'retention',
       coalesce(json_extract(metadata, '$.rating'), 0) >= 2, json_object('activity', activity_type)
FROM learning_activities WHERE activity_type = 'memorize';

-- The change log: one entry per row made, changed or taken back, in order.
-- It is written only once sync is on (sync_state 'sync.enabled'), so a
-- learner who never syncs pays nothing; turning sync on fills it with every
-- row there is.  'sync push' sends the entries above its high-water mark
-- (sync_state 'push.seq') and then forgets those below it: the entry at
-- the mark stays, so the next number is always above the mark.
CREATE TABLE sync_log (
    seq  INTEGER PRIMARY KEY,
    tbl  TEXT NOT NULL CHECK (tbl IN ('user', 'activity', 'progress', 'features', 'cache', 'metric',
                                      'class', 'member', 'assignment')),
    key  TEXT NOT NULL,
    op   TEXT NOT NULL DEFAULT 'put' CHECK (op IN ('put', 'delete'))
);

CREATE TRIGGER trg_sync_user_insert AFTER INSERT ON users
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('user', NEW.id);
END;
CREATE TRIGGER trg_sync_user_update AFTER UPDATE ON users
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('user', NEW.id);
END;
CREATE TRIGGER trg_sync_activity_insert AFTER INSERT ON learning_activities
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('activity', NEW.id);
END;
CREATE TRIGGER trg_sync_activity_delete AFTER DELETE ON learning_activities
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key, op) VALUES ('activity', OLD.id, 'delete');
END;
CREATE TRIGGER trg_sync_progress_insert AFTER INSERT ON user_progress
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('progress', NEW.id);
END;
CREATE TRIGGER trg_sync_progress_update AFTER UPDATE ON user_progress
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('progress', NEW.id);
END;
CREATE TRIGGER trg_sync_progress_delete AFTER DELETE ON user_progress
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key, op) VALUES ('progress', OLD.id, 'delete');
END;
CREATE TRIGGER trg_sync_features_insert AFTER INSERT ON user_features
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('features', NEW.user_id);
END;
CREATE TRIGGER trg_sync_features_update AFTER UPDATE ON user_features
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('features', NEW.user_id);
END;
CREATE TRIGGER trg_sync_cache_insert AFTER INSERT ON ai_cache
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('cache', NEW.cache_key);
END;
CREATE TRIGGER trg_sync_cache_update AFTER UPDATE ON ai_cache
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('cache', NEW.cache_key);
END;
-- Figures made from activities are not sent: the server makes its own from
-- the activities.  Other series (the legacy analytics) are.
CREATE TRIGGER trg_sync_metric_insert AFTER INSERT ON learning_metrics
WHEN instr(NEW.id, ':') = 0 AND EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled')
BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('metric', NEW.id);
END;

-- The class of a class database, its members (key: class id '|' user id)
-- and its assignments, so that the server knows every classroom.
CREATE TRIGGER trg_sync_class_insert AFTER INSERT ON classes
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('class', NEW.id);
END;
CREATE TRIGGER trg_sync_class_update AFTER UPDATE ON classes
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('class', NEW.id);
END;
CREATE TRIGGER trg_sync_member_insert AFTER INSERT ON class_members
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('member', NEW.class_id || '|' || NEW.user_id);
END;
CREATE TRIGGER trg_sync_member_update AFTER UPDATE ON class_members
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('member', NEW.class_id || '|' || NEW.user_id);
END;
CREATE TRIGGER trg_sync_assignment_insert AFTER INSERT ON assignments
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('assignment', NEW.id);
END;
CREATE TRIGGER trg_sync_assignment_update AFTER UPDATE ON assignments
WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'sync.enabled') BEGIN
    INSERT INTO sync_log (tbl, key) VALUES ('assignment', NEW.id);
END;

-- Experiments: a running experiment tags every new activity with the
-- learner's variant (metadata.experiments.NAME), a stable hash of the user
-- and the experiment's name.
CREATE TABLE experiments (
    name       TEXT PRIMARY KEY
               CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z0-9_-]*'),
    variants   TEXT NOT NULL DEFAULT '["control","treatment"]'
               CHECK (json_valid(variants) AND json_array_length(variants) BETWEEN 2 AND 16),
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
);

CREATE INDEX idx_query_performance_time ON query_performance (created_at DESC);
