-- 0004-undo.sql: an activity can be taken back (the flashcard undo): its
-- figures go with it.  And new items come in frequency order.

CREATE TRIGGER trg_dashboard_activity_delete AFTER DELETE ON learning_activities BEGIN
    UPDATE dashboard_stats SET
        activities = activities - 1,
        practice_count = practice_count - (OLD.activity_type = 'practice'),
        practice_scored = practice_scored - (OLD.activity_type = 'practice' AND OLD.score IS NOT NULL),
        practice_score_sum = practice_score_sum -
            (CASE WHEN OLD.activity_type = 'practice' THEN coalesce(OLD.score, 0) ELSE 0 END),
        reading_count = reading_count - (OLD.activity_type = 'reading'),
        memorize_count = memorize_count - (OLD.activity_type = 'memorize'),
        conversation_count = conversation_count - (OLD.activity_type = 'conversation'),
        duration_ms = duration_ms - OLD.duration_ms,
        ai_cost = ai_cost - OLD.ai_cost,
        xp = xp - (CASE OLD.activity_type
            WHEN 'practice' THEN 5 + CAST(coalesce(OLD.score, 0) / 10 AS INTEGER)
            WHEN 'reading' THEN 15
            WHEN 'memorize' THEN 2
            ELSE 20 END),
        last_activity_at = (SELECT max(created_at) FROM learning_activities
                            WHERE user_id = OLD.user_id)
    WHERE user_id = OLD.user_id;
END;
