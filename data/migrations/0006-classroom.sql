-- 0006-classroom.sql: a class on a shared server: the Unix group that guards
-- its database, when each member was last seen, and assignments a teacher
-- can close before their due date.

ALTER TABLE classes ADD COLUMN unix_group TEXT NOT NULL DEFAULT '';
ALTER TABLE class_members ADD COLUMN last_seen_at INTEGER;
ALTER TABLE assignments ADD COLUMN closed_at INTEGER;
CREATE INDEX idx_class_members_user ON class_members (user_id);
