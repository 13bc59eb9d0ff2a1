-- 0005-content-order.sql: new items come most frequent first; this index
-- lets the queue walk them in that order and stop after the few it needs.

CREATE INDEX idx_content_type_difficulty_band ON learning_content
    (content_type, difficulty, coalesce(json_extract(metadata, '$.band'), 9), id);
