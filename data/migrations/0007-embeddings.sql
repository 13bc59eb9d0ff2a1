-- 0007-embeddings.sql: the semantic layer (SPEC 4.2): every recorded answer
-- as a vector, and what the AI cache needs to search its entries by sentence.
-- Vectors are float32, little-endian, dim of them; model names what made them
-- (vectors of different models are never compared).

CREATE TABLE answer_embeddings (
    activity_id TEXT PRIMARY KEY REFERENCES learning_activities(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    content_id  TEXT NOT NULL,
    model       TEXT NOT NULL,
    dim         INTEGER NOT NULL CHECK (dim BETWEEN 1 AND 16384),
    vector      BLOB NOT NULL CHECK (length(vector) = 4 * dim),
    created_at  INTEGER NOT NULL
);
-- a learner's answers to a sentence, newest first, without a sort
CREATE INDEX idx_answer_embeddings_user_content
    ON answer_embeddings (user_id, content_id, model, created_at);

ALTER TABLE ai_cache ADD COLUMN content_id TEXT;
ALTER TABLE ai_cache ADD COLUMN input_text TEXT;
ALTER TABLE ai_cache ADD COLUMN embedding_model TEXT;
-- a sentence's graded answers, the most recently used first, without a sort
CREATE INDEX idx_ai_cache_content ON ai_cache (content_id, embedding_model, last_accessed_at);
