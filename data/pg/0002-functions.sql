-- 0002-functions.sql: the server's analytics: similar cached responses by
-- embedding, user feature computation, the dashboard statistics view with a
-- concurrent refresh, and hourly metric roll-ups (date_trunc).
-- Lines between '-- @IF vector', '-- @ELSE' and '-- @END' are kept for the
-- embedding type in use.

-- @IF vector
CREATE FUNCTION embedding_similarity(a vector, b vector) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN vector_dims(a) <> vector_dims(b) THEN NULL
                WHEN vector_norm(a) = 0 OR vector_norm(b) = 0 THEN 0
                ELSE 1 - (a <=> b) END
$$;
-- @ELSE
CREATE FUNCTION embedding_similarity(a real[], b real[]) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN array_length(a, 1) IS DISTINCT FROM array_length(b, 1) THEN NULL
                WHEN na = 0 OR nb = 0 THEN 0
                ELSE dot / sqrt(na * nb) END
    FROM (SELECT sum(x::double precision * y) AS dot, sum(x::double precision * x) AS na,
                 sum(y::double precision * y) AS nb
          FROM unnest(a, b) AS t (x, y)) s
$$;
-- @END

-- The cached responses whose input is most like query: cosine similarity at
-- least threshold, the most similar first, at most max_results of them;
-- only_task, only_model (the embedding's) and only_content narrow the search
-- (vectors of different models are never comparable).
CREATE FUNCTION similar_cached_responses(query @EMBEDDING@,
                                         threshold double precision DEFAULT 0.85,
                                         max_results integer DEFAULT 5,
                                         only_task text DEFAULT NULL,
                                         only_model text DEFAULT NULL,
                                         only_content text DEFAULT NULL)
RETURNS TABLE (cache_key text, task text, response jsonb, model text, similarity double precision)
LANGUAGE sql STABLE AS $$
    SELECT c.cache_key, c.task, c.response, c.model, s.sim
    FROM ai_cache c
    CROSS JOIN LATERAL (SELECT embedding_similarity(c.input_embedding, query) AS sim) s
    WHERE c.input_embedding IS NOT NULL
      AND (only_task IS NULL OR c.task = only_task)
      AND (only_model IS NULL OR c.embedding_model = only_model)
      AND (only_content IS NULL OR c.content_id = only_content)
      AND (c.expires_at IS NULL OR c.expires_at > now())
      AND s.sim >= threshold
    ORDER BY s.sim DESC, c.cache_key
    LIMIT greatest(max_results, 0)
$$;

-- The figures each activity gives, as SQLite's trg_activity_metrics writes them.
CREATE FUNCTION activity_metric_values(activity_type text, score double precision,
                                       duration_ms bigint, metadata jsonb)
RETURNS TABLE (metric text, value double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT m.metric, m.value FROM (VALUES
        ('accuracy', CASE WHEN score IS NOT NULL THEN score / 100.0 END),
        ('engagement', CASE WHEN duration_ms > 0 THEN duration_ms / 60000.0 END),
        ('velocity', CASE WHEN duration_ms > 0 AND activity_type IN ('practice', 'memorize')
                          THEN 60000.0 / duration_ms END),
        ('retention', CASE WHEN activity_type = 'memorize' THEN
                          CASE WHEN jsonb_typeof(metadata -> 'rating') = 'number'
                                    AND (metadata ->> 'rating')::numeric >= 2 THEN 1.0 ELSE 0.0 END
                      END)
    ) AS m (metric, value)
    WHERE m.value IS NOT NULL
$$;

-- Hourly roll-ups kept current as rows arrive (one statement at a time, so
-- a COPY of 50,000 activities costs one aggregate, not 50,000 upserts).
CREATE FUNCTION rollup_new_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO learning_metrics_hourly AS h (hour, user_id, metric, n, total, min, max)
    SELECT date_trunc('hour', a.created_at, 'UTC'), a.user_id, v.metric, count(*), sum(v.value),
           min(v.value), max(v.value)
    FROM new_rows a
    CROSS JOIN LATERAL activity_metric_values(a.activity_type, a.score, a.duration_ms, a.metadata) v
    GROUP BY 1, 2, 3
    ON CONFLICT (user_id, metric, hour) DO UPDATE SET
        n = h.n + excluded.n, total = h.total + excluded.total,
        min = least(h.min, excluded.min), max = greatest(h.max, excluded.max);
    RETURN NULL;
END $$;
CREATE TRIGGER trg_activities_rollup AFTER INSERT ON learning_activities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_new_activities();

-- Activities taken back (an undo pushed from a classroom): the hours they
-- were in are counted again from what is left.
CREATE FUNCTION rollup_deleted_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM learning_metrics_hourly h
    USING (SELECT DISTINCT user_id, date_trunc('hour', created_at, 'UTC') AS hour FROM old_rows) r
    WHERE h.user_id = r.user_id AND h.hour = r.hour;
    INSERT INTO learning_metrics_hourly (hour, user_id, metric, n, total, min, max)
    SELECT f.hour, f.user_id, f.metric, count(*), sum(f.value), min(f.value), max(f.value)
    FROM (SELECT r.hour, r.user_id, v.metric, v.value
          FROM (SELECT DISTINCT user_id, date_trunc('hour', created_at, 'UTC') AS hour
                FROM old_rows) r
          JOIN learning_activities a ON a.user_id = r.user_id AND a.created_at >= r.hour
               AND a.created_at < r.hour + interval '1 hour'
          CROSS JOIN LATERAL activity_metric_values(a.activity_type, a.score, a.duration_ms,
                                                    a.metadata) v
          UNION ALL
          SELECT r.hour, r.user_id, m.metric, m.value
          FROM (SELECT DISTINCT user_id, date_trunc('hour', created_at, 'UTC') AS hour
                FROM old_rows) r
          JOIN learning_metrics m ON m.user_id = r.user_id AND m.ts >= r.hour
               AND m.ts < r.hour + interval '1 hour') f
    GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;
CREATE TRIGGER trg_activities_unrollup AFTER DELETE ON learning_activities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_deleted_activities();

CREATE FUNCTION rollup_new_metrics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO learning_metrics_hourly AS h (hour, user_id, metric, n, total, min, max)
    SELECT date_trunc('hour', m.ts, 'UTC'), m.user_id, m.metric, count(*), sum(m.value),
           min(m.value), max(m.value)
    FROM new_rows m GROUP BY 1, 2, 3
    ON CONFLICT (user_id, metric, hour) DO UPDATE SET
        n = h.n + excluded.n, total = h.total + excluded.total,
        min = least(h.min, excluded.min), max = greatest(h.max, excluded.max);
    RETURN NULL;
END $$;
CREATE TRIGGER trg_metrics_rollup AFTER INSERT ON learning_metrics
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_new_metrics();

-- Recompute the roll-ups of the hours from p_from on (after deletions, or to
-- check the incremental ones); returns the number of hourly rows written.
CREATE FUNCTION rollup_metrics_hourly(p_from timestamptz DEFAULT '-infinity',
                                      p_to timestamptz DEFAULT 'infinity')
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := CASE WHEN isfinite(p_from) THEN date_trunc('hour', p_from, 'UTC') ELSE p_from END;
    written bigint;
BEGIN
    DELETE FROM learning_metrics_hourly WHERE hour >= t0 AND hour < p_to;
    INSERT INTO learning_metrics_hourly (hour, user_id, metric, n, total, min, max)
    SELECT date_trunc('hour', ts, 'UTC'), user_id, metric, count(*), sum(value), min(value), max(value)
    FROM (SELECT a.created_at AS ts, a.user_id, v.metric, v.value
          FROM learning_activities a
          CROSS JOIN LATERAL activity_metric_values(a.activity_type, a.score, a.duration_ms,
                                                    a.metadata) v
          WHERE a.created_at >= t0 AND a.created_at < p_to
          UNION ALL
          SELECT ts, user_id, metric, value FROM learning_metrics
          WHERE ts >= t0 AND ts < p_to) f
    GROUP BY 1, 2, 3;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END $$;

-- Dashboard statistics, one row per learner, read without touching the
-- stream; refresh_dashboard_stats() rebuilds it without blocking readers.
CREATE MATERIALIZED VIEW dashboard_stats AS
SELECT user_id,
       count(*) AS activities,
       count(*) FILTER (WHERE activity_type = 'practice') AS practice_count,
       count(score) FILTER (WHERE activity_type = 'practice') AS practice_scored,
       coalesce(sum(score) FILTER (WHERE activity_type = 'practice'), 0) AS practice_score_sum,
       avg(score) FILTER (WHERE activity_type = 'practice') AS practice_average,
       count(*) FILTER (WHERE activity_type = 'reading') AS reading_count,
       count(*) FILTER (WHERE activity_type = 'memorize') AS memorize_count,
       count(*) FILTER (WHERE activity_type = 'conversation') AS conversation_count,
       sum(duration_ms) AS duration_ms,
       sum(ai_cost) AS ai_cost,
       sum(CASE activity_type
               WHEN 'practice' THEN 5 + floor(coalesce(score, 0) / 10)
               WHEN 'reading' THEN 15
               WHEN 'memorize' THEN 2
               ELSE 20 END)::bigint AS xp,
       min(created_at) AS first_activity_at,
       max(created_at) AS last_activity_at
FROM learning_activities
GROUP BY user_id;
CREATE UNIQUE INDEX idx_dashboard_stats_user ON dashboard_stats (user_id);

CREATE FUNCTION refresh_dashboard_stats() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_stats;
    SELECT count(*) INTO n FROM dashboard_stats;
    RETURN n;
END $$;

-- A learner's features from the activity stream, as 'aidioma features
-- compute' makes them in SQLite (src/store/features.c), saved and returned.
CREATE FUNCTION compute_user_features(p_user_id text) RETURNS user_features
LANGUAGE plpgsql AS $$
DECLARE
    r user_features;
    n_sessions bigint;
    weeks double precision;
    n double precision;
    practice double precision;
    shares double precision[];
    hinted double precision;
    distinct_practice double precision;
    unfinished double precision;
    sx double precision; sy double precision; sxy double precision; sxx double precision;
    m double precision;
    span double precision;
    den double precision;
BEGIN
    r.user_id := p_user_id;
    WITH a AS (SELECT created_at AS t, duration_ms AS d,
                      lag(created_at) OVER (ORDER BY created_at) AS prev
               FROM learning_activities WHERE user_id = p_user_id),
         s AS (SELECT d, t, sum(CASE WHEN prev IS NULL OR t - prev > interval '30 minutes'
                                     THEN 1 ELSE 0 END)
                                OVER (ORDER BY t ROWS UNBOUNDED PRECEDING) AS sid FROM a),
         g AS (SELECT sum(d) AS d, min(t) AS t0, max(t) AS t1 FROM s GROUP BY sid)
    SELECT count(*), coalesce(avg(d), 0),
           coalesce(extract(epoch FROM max(t1) - min(t0)) / 604800.0, 0)
    INTO n_sessions, r.avg_session_ms, weeks FROM g;
    r.sessions_per_week := n_sessions / greatest(weeks, 1);

    SELECT count(*), coalesce(avg(score), 0),
           ARRAY[count(*) FILTER (WHERE activity_type = 'practice'),
                 count(*) FILTER (WHERE activity_type = 'reading'),
                 count(*) FILTER (WHERE activity_type = 'memorize'),
                 count(*) FILTER (WHERE activity_type = 'conversation')]::double precision[],
           count(*) FILTER (WHERE activity_type = 'practice' AND jsonb_typeof(metadata -> 'hints') = 'number'
                            AND (metadata ->> 'hints')::numeric > 0),
           count(DISTINCT content_id) FILTER (WHERE activity_type = 'practice'),
           count(*) FILTER (WHERE (activity_type = 'conversation' AND metadata -> 'ended' IN ('false'::jsonb, '0'::jsonb))
                            OR (activity_type IN ('practice', 'reading') AND score IS NULL))
    INTO n, r.accuracy, shares, hinted, distinct_practice, unfinished
    FROM learning_activities WHERE user_id = p_user_id;
    practice := shares[1];
    r.hint_rate := CASE WHEN practice > 0 THEN least(1, hinted / practice) ELSE 0 END;
    r.retry_rate := CASE WHEN practice > 0 THEN greatest(0, least(1, (practice - distinct_practice) / practice)) ELSE 0 END;
    r.completion_rate := CASE WHEN n > 0 THEN greatest(0, least(1, 1 - unfinished / n)) ELSE 0 END;

    WITH p AS (SELECT created_at AS t, score AS y FROM learning_activities
               WHERE user_id = p_user_id AND activity_type = 'practice' AND score IS NOT NULL),
         q AS (SELECT extract(epoch FROM t - (SELECT min(t) FROM p)) / 604800.0 AS x, y FROM p)
    SELECT count(*), coalesce(sum(x), 0), coalesce(sum(y), 0), coalesce(sum(x * y), 0),
           coalesce(sum(x * x), 0), coalesce(max(x), 0)
    INTO m, sx, sy, sxy, sxx, span FROM q;
    den := m * sxx - sx * sx;
    r.improvement_rate := CASE WHEN m >= 2 AND span >= 1.0 / 7 AND den > 1e-9
                               THEN (m * sxy - sx * sy) / den ELSE 0 END;

    SELECT coalesce(jsonb_agg(jsonb_build_object('tag', tag, 'average', round(avg_score::numeric, 1),
                                                 'attempts', attempts)
                              ORDER BY avg_score, attempts DESC, tag), '[]'::jsonb)
    INTO r.struggle_areas
    FROM (SELECT g.tag, avg(a.score) AS avg_score, count(*) AS attempts
          FROM learning_activities a
          JOIN learning_content c ON c.id = a.content_id
          CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.metadata -> 'grammar') = 'array'
                                                            THEN c.metadata -> 'grammar' ELSE '[]'::jsonb END) AS g (tag)
          WHERE a.user_id = p_user_id AND a.activity_type = 'practice' AND a.score IS NOT NULL
          GROUP BY g.tag HAVING count(*) >= 2 AND avg(a.score) < 80
          ORDER BY avg(a.score), count(*) DESC, g.tag LIMIT 5) w;

    SELECT coalesce(jsonb_agg(topic ORDER BY cnt DESC, topic), '[]'::jsonb) INTO r.preferred_topics
    FROM (SELECT c.topic, count(*) AS cnt FROM learning_activities a
          JOIN learning_content c ON c.id = a.content_id
          WHERE a.user_id = p_user_id AND c.topic <> ''
          GROUP BY c.topic ORDER BY count(*) DESC, c.topic LIMIT 3) t;

    SELECT coalesce(
             (SELECT h FROM (SELECT extract(hour FROM created_at)::int AS h, avg(score) AS s
                             FROM learning_activities WHERE user_id = p_user_id AND score IS NOT NULL
                             GROUP BY 1 HAVING count(*) >= 3) x ORDER BY s DESC, h LIMIT 1),
             (SELECT h FROM (SELECT extract(hour FROM created_at)::int AS h, count(*) AS c
                             FROM learning_activities WHERE user_id = p_user_id GROUP BY 1) y
              ORDER BY c DESC, h LIMIT 1))
    INTO r.best_hour;

    r.style_embedding := (ARRAY[
        CASE WHEN n > 0 THEN shares[1] / n ELSE 0 END, CASE WHEN n > 0 THEN shares[2] / n ELSE 0 END,
        CASE WHEN n > 0 THEN shares[3] / n ELSE 0 END, CASE WHEN n > 0 THEN shares[4] / n ELSE 0 END,
        r.hint_rate, r.accuracy / 100, least(1, r.avg_session_ms / 3600000.0), r.retry_rate
    ]::real[])::@EMBEDDING@;
    r.computed_at := now();

    INSERT INTO user_features AS f VALUES (r.*)
    ON CONFLICT (user_id) DO UPDATE SET
        avg_session_ms = excluded.avg_session_ms, sessions_per_week = excluded.sessions_per_week,
        accuracy = excluded.accuracy, improvement_rate = excluded.improvement_rate,
        struggle_areas = excluded.struggle_areas, hint_rate = excluded.hint_rate,
        retry_rate = excluded.retry_rate, completion_rate = excluded.completion_rate,
        preferred_topics = excluded.preferred_topics, best_hour = excluded.best_hour,
        style_embedding = excluded.style_embedding, computed_at = excluded.computed_at
    RETURNING * INTO r;
    RETURN r;
END $$;

CREATE FUNCTION compute_all_user_features() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    u text;
    n bigint := 0;
BEGIN
    FOR u IN SELECT id FROM users ORDER BY id LOOP
        PERFORM compute_user_features(u);
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;
