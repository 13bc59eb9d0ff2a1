-- 0003-words.sql: the learner's status for each Spanish word met in Reading
-- (new, learning, known, as in LingQ), by its lower-case form.

CREATE TABLE user_words (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    word       TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 64),
    status     INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2), -- 0 new, 1 learning, 2 known
    seen_count INTEGER NOT NULL DEFAULT 0 CHECK (seen_count >= 0),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, word)
) WITHOUT ROWID;
CREATE INDEX idx_user_words_status ON user_words (user_id, status);
