#!/bin/sh
# sync.sh: aidioma sync against a real PostgreSQL 15 started for the test:
# the schema with pgvector (when it can be created) and without, push,
# re-push, a push killed half way, pull, the conflict rule, and the server's
# functions on both kinds of embedding.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pglib.sh"
pg_require
command -v sqlite3 > /dev/null 2>&1 || skip_all "sqlite3 is not installed (apt-get install sqlite3)"
pg_start

plan 66
A=$AIDIOMA
export AIDIOMA_NOW=2026-03-10T18:00:00Z
# skip NAME REASON: a test that cannot run here, reported as skipped
skip() { TEST_N=$((TEST_N + 1)); echo "ok $TEST_N - $1 # SKIP $2"; }

# gen DB TAG USERS N: N activities of USERS learners, written straight into
# the file (the triggers fill the metrics and, once sync is on, the log)
gen() {
	sqlite3 "$1" "
	WITH RECURSIVE u(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM u WHERE i < $3)
	INSERT OR IGNORE INTO users (id, login, display_name, created_at, updated_at)
	SELECT printf('%s-0000-7000-8000-%012d', '$2', i), '$2' || i, '', 1767225600000, 1767225600000 FROM u;
	WITH RECURSIVE a(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM a WHERE i < $4)
	INSERT INTO learning_activities (id, user_id, activity_type, content_id, score, duration_ms,
	    metadata, ai_cached, ai_cost, ai_model, created_at)
	SELECT printf('%s-0000-7000-9000-%012d', '$2', i),
	       printf('%s-0000-7000-8000-%012d', '$2', 1 + i % $3),
	       CASE i % 4 WHEN 0 THEN 'practice' WHEN 1 THEN 'memorize' WHEN 2 THEN 'reading' ELSE 'conversation' END,
	       NULL, CASE WHEN i % 4 = 1 THEN NULL ELSE i % 101 END, 1000 + i % 50000,
	       json_object('rating', 1 + i % 4, 'hints', i % 3, 'note', 'tab	and \\ and ñ'),
	       i % 2, 0.0001 * (i % 7), 'm', 1767225600000 + i * 60000
	FROM a;"
}

# the same figures from SQLite and from PostgreSQL
local_sum() {
	sqlite3 "$1" "SELECT count(*) || '|' || coalesce(sum(duration_ms), 0) || '|' || printf('%.4f', coalesce(sum(score), 0)) FROM learning_activities"
}
pg_sum() {
	q "$1" "SELECT count(*) || '|' || coalesce(sum(duration_ms), 0) || '|' || to_char(coalesce(sum(score), 0), 'FM999999999990.0000') FROM aidioma.learning_activities"
}
local_hourly() { sqlite3 "$1" "SELECT sum(n) || '|' || printf('%.3f', sum(total)) FROM learning_metrics_hourly"; }
pg_hourly() { q "$1" "SELECT sum(n) || '|' || to_char(sum(total), 'FM9999999990.000') FROM aidioma.learning_metrics_hourly"; }
emb_type() {
	q "$1" "SELECT data_type || ':' || udt_name FROM information_schema.columns WHERE table_schema = 'aidioma' AND table_name = 'ai_cache' AND column_name = 'input_embedding'"
}

# ---- the schema: real[] always; pgvector's vector where it can be created
C1=$(pg_db plain)
"$A" sync init --pg "$C1" --no-vector > "$TMPD/out" 2>&1
check "init --no-vector creates the schema" grep -q "schema created from version 0 to 2" "$TMPD/out"
check "--no-vector: embeddings are real[]" [ "$(emb_type plain)" = "ARRAY:_float4" ]
check "the CHECK constraints are there" [ "$(q plain "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'aidioma' AND c.contype = 'c'")" -ge 30 ]
check "and the indexes" [ "$(q plain "SELECT count(*) FROM pg_indexes WHERE schemaname = 'aidioma' AND indexname IN ('idx_activities_user_time', 'idx_progress_user_review', 'idx_metrics_user_metric_time', 'idx_ai_cache_expiry', 'idx_dashboard_stats_user', 'idx_content_metadata')")" -eq 6 ]
check "metadata is JSONB" [ "$(q plain "SELECT data_type FROM information_schema.columns WHERE table_schema = 'aidioma' AND table_name = 'learning_activities' AND column_name = 'metadata'")" = "jsonb" ]
"$A" sync init --pg "$C1" > "$TMPD/out" 2>&1
check "init again: already current, nothing changed" grep -q "schema already current" "$TMPD/out"
check "init again keeps real[] (the type is chosen once)" [ "$(emb_type plain)" = "ARRAY:_float4" ]

C2=$(pg_db vec)
"$A" sync init --pg "$C2" > "$TMPD/out" 2>&1
check "init without --no-vector: exit 0" [ $? -eq 0 ]
VECTOR=
if pg_has_vector; then
	VECTOR=1
	check "with pgvector: embeddings are vector" [ "$(emb_type vec)" = "USER-DEFINED:vector" ]
	check "with pgvector: the extension is there" [ "$(q vec "SELECT count(*) FROM pg_extension WHERE extname = 'vector'")" -eq 1 ]
else
	check "without pgvector: embeddings fall back to real[]" [ "$(emb_type vec)" = "ARRAY:_float4" ]
	check "without pgvector: no extension was left half made" [ "$(q vec "SELECT count(*) FROM pg_extension WHERE extname = 'vector'")" -eq 0 ]
fi
NOVEC="pgvector cannot be created on this server (not installed; Debian 12 has no package)"
"$A" --db "$TMPD/x.db" init --no-packs > /dev/null
"$A" --db "$TMPD/x.db" sync status --pg "$C2" > "$TMPD/out" 2>&1
if [ -n "$VECTOR" ]; then
	check "status names the vector type" grep -q "embeddings as pgvector vector" "$TMPD/out"
else
	check "status names the fallback" grep -q "embeddings as real\[\]" "$TMPD/out"
fi
"$A" sync init --pg "host=127.0.0.1 port=1 user=nobody dbname=none connect_timeout=2" > "$TMPD/out" 2> "$TMPD/err"
check "an unreachable server: exit 1" [ $? -eq 1 ]
check "with the reason" grep -q "aidioma: sync: cannot connect to PostgreSQL" "$TMPD/err"
"$A" sync push > "$TMPD/out" 2> "$TMPD/err"
check "no server given: exit 2" [ $? -eq 2 ]
check "and how to give one" grep -q "give --pg CONNINFO or set AIDIOMA_PG" "$TMPD/err"
C3=$(pg_db empty)
"$A" --db "$TMPD/x.db" sync push --pg "$C3" > "$TMPD/out" 2> "$TMPD/err"
check "a server without the schema: exit 2, says to run init" grep -q "run 'aidioma sync init' first" "$TMPD/err"

# ---- push, then push again
DB="$TMPD/a.db"
"$A" --db "$DB" init > /dev/null
for ans in "Me llamo Marta." "Tengo dos hermanos."; do
	"$A" --db "$DB" --user ana eval --content s-b-001 --answer "$ans" --record > /dev/null 2>&1
done
gen "$DB" aaaaaaaa 7 3000
"$A" --db "$DB" features compute > /dev/null
"$A" --db "$DB" sync status > "$TMPD/out"
check "status before the first push" grep -q "sync is not on yet" "$TMPD/out"
AIDIOMA_PG="$C1" "$A" --db "$DB" sync push > "$TMPD/out" 2> "$TMPD/err"
check "push (AIDIOMA_PG): exit 0" [ $? -eq 0 ]
check "push: reports what it sent" grep -q "pushed .* activities" "$TMPD/out"
check "push: every activity is on the server" [ "$(local_sum "$DB")" = "$(pg_sum plain)" ]
check "push: progress, features and users too" [ "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM user_progress) || (SELECT count(*) FROM user_features) || (SELECT count(*) FROM users)")" = "$(q plain "SELECT (SELECT count(*) FROM aidioma.user_progress)::text || (SELECT count(*) FROM aidioma.user_features) || (SELECT count(*) FROM aidioma.users)")" ]
check "push: the cache with its vectors" [ "$(sqlite3 "$DB" "SELECT count(*) || '|' || count(input_embedding) FROM ai_cache")" = "$(q plain "SELECT count(*) || '|' || count(input_embedding) FROM aidioma.ai_cache")" ]
check "push: text with tabs, backslashes and ñ arrives intact" [ "$(q plain "SELECT metadata ->> 'note' FROM aidioma.learning_activities WHERE id = 'aaaaaaaa-0000-7000-9000-000000000005'")" = "tab	and \\ and ñ" ]
snap() { q plain "SELECT md5(string_agg(t, ',' ORDER BY t)) FROM (SELECT a::text AS t FROM aidioma.learning_activities a UNION ALL SELECT p::text FROM aidioma.user_progress p UNION ALL SELECT f::text FROM aidioma.user_features f UNION ALL SELECT h::text FROM aidioma.learning_metrics_hourly h UNION ALL SELECT c::text FROM aidioma.ai_cache c) x"; }
before=$(snap)
"$A" --db "$DB" sync push --pg "$C1" > "$TMPD/out" 2>&1
check "push again: nothing to push" grep -q "nothing to push" "$TMPD/out"
check "push again: the server is unchanged" [ "$(snap)" = "$before" ]
# the whole log once more, as after a kill between the server's commit and ours
sqlite3 "$DB" "UPDATE sync_state SET value = '0' WHERE key = 'push.seq'; INSERT INTO sync_log (tbl, key) SELECT 'activity', id FROM learning_activities; INSERT INTO sync_log (tbl, key) SELECT 'progress', id FROM user_progress"
"$A" --db "$DB" sync push --pg "$C1" > "$TMPD/out" 2>&1
check "everything sent twice: the server is unchanged" [ "$(snap)" = "$before" ]
"$A" --db "$DB" sync status --json > "$TMPD/out"
check "status: nothing pending" grep -q '"pending_total":	0' "$TMPD/out"
check "the server's hourly roll-ups match the local ones" [ "$(local_hourly "$DB")" = "$(pg_hourly plain)" ]

# new work goes as an increment; an undone flashcard is taken back there too
gen "$DB" bbbbbbbb 3 500
sqlite3 "$DB" "DELETE FROM learning_activities WHERE id = 'aaaaaaaa-0000-7000-9000-000000000010'"
"$A" --db "$DB" sync status > "$TMPD/out"
check "status: the increment is pending" grep -q "pending: 504 changes (3 users, 501 activities" "$TMPD/out"
"$A" --db "$DB" sync push --pg "$C1" --quiet > "$TMPD/out" 2>&1
check "incremental push" grep -q "500 activities, 1 taken back" "$TMPD/out"
check "the server matches again" [ "$(local_sum "$DB")" = "$(pg_sum plain)" ]
check "the roll-ups follow the activity taken back" [ "$(local_hourly "$DB")" = "$(pg_hourly plain)" ]
if command -v script > /dev/null 2>&1; then
	gen "$DB" eeeeeeee 2 300
	script -qec "\"$A\" --db \"$DB\" sync push --pg \"$C1\" --batch 100" /dev/null > "$TMPD/tty" 2>&1
	check "on a terminal: a progress bar" grep -q "pushing \[#*\] 100%  302/302 changes" "$TMPD/tty"
else
	skip "on a terminal: a progress bar" "script is not installed (apt-get install bsdutils)"
fi

# ---- a push killed half way: server committed, mark not yet written
K="$TMPD/k.db"
"$A" --db "$K" init --no-packs > /dev/null
gen "$K" cccccccc 5 2000
AIDIOMA_SYNC_KILL_AFTER=2 "$A" --db "$K" sync push --pg "$C1" --batch 500 > "$TMPD/out" 2>&1
check "the push is killed after two batches" [ "$(q plain "SELECT count(*) FROM aidioma.learning_activities WHERE id LIKE 'cccccccc%'")" -gt 0 ]
check "half of it is there" [ "$(q plain "SELECT count(*) FROM aidioma.learning_activities WHERE id LIKE 'cccccccc%'")" -lt 2000 ]
"$A" --db "$K" sync push --pg "$C1" --batch 500 > "$TMPD/out" 2>&1
check "the next push completes" [ $? -eq 0 ]
check "the batch sent twice is deduplicated" grep -q "had been sent before" "$TMPD/out"
check "nothing lost, nothing twice" [ "$(q plain "SELECT count(*) || '|' || count(DISTINCT id) FROM aidioma.learning_activities WHERE id LIKE 'cccccccc%'")" = "2000|2000" ]
check "the hourly roll-ups count each activity once" [ "$(q plain "SELECT sum(n) FROM aidioma.learning_metrics_hourly h JOIN aidioma.users u ON u.id = h.user_id WHERE u.login LIKE 'cccccccc%'")" = "$(sqlite3 "$K" "SELECT sum(n) FROM learning_metrics_hourly h JOIN users u ON u.id = h.user_id WHERE u.login LIKE 'cccccccc%'")" ]

# and killed from outside at any moment
R="$TMPD/r.db"
"$A" --db "$R" init --no-packs > /dev/null
gen "$R" dddddddd 5 6000
"$A" --db "$R" sync push --pg "$C1" --batch 300 --quiet > /dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
"$A" --db "$R" sync push --pg "$C1" --batch 300 > /dev/null 2>&1
check "after a kill -9 and another push: every row once" [ "$(q plain "SELECT count(*) || '|' || count(DISTINCT id) FROM aidioma.learning_activities WHERE id LIKE 'dddddddd%'")" = "6000|6000" ]

# ---- conflicts on progress rows: the later updated_at wins
B="$TMPD/b.db"
cp "$DB" "$B"
pid=$(sqlite3 "$DB" "SELECT id FROM user_progress LIMIT 1")
sqlite3 "$DB" "UPDATE user_progress SET attempts = 7, updated_at = updated_at + 5000 WHERE id = '$pid'"
sqlite3 "$B" "UPDATE user_progress SET attempts = 9, updated_at = updated_at + 9000 WHERE id = '$pid'"
"$A" --db "$B" sync push --pg "$C1" > /dev/null 2>&1
"$A" --db "$DB" sync push --pg "$C1" > /dev/null 2>&1
check "conflict: the later row wins whatever the order of pushes" [ "$(q plain "SELECT attempts FROM aidioma.user_progress WHERE id = '$pid'")" -eq 9 ]
sqlite3 "$DB" "UPDATE user_progress SET attempts = 11, reps = reps + 1, updated_at = updated_at + 4000 WHERE id = '$pid'"
"$A" --db "$DB" sync push --pg "$C1" > /dev/null 2>&1
check "conflict: a tie on time goes to the row with more reviews" [ "$(q plain "SELECT attempts FROM aidioma.user_progress WHERE id = '$pid'")" -eq 11 ]

# ---- a class database: its class, members and assignments go up
CL="$TMPD/class.db"
"$A" --db "$CL" init --no-packs > /dev/null
"$A" --db "$CL" --user profe stats > /dev/null
"$A" --db "$CL" --user lucia stats > /dev/null
sqlite3 "$CL" "INSERT INTO classes (id, name, created_at) VALUES ('11111111-0000-4000-8000-000000000001', 'Spanish 1A', 1767225600000);
	INSERT INTO class_members (class_id, user_id, role, joined_at) SELECT '11111111-0000-4000-8000-000000000001', id, CASE login WHEN 'profe' THEN 'teacher' ELSE 'learner' END, 1767225600000 FROM users;
	INSERT INTO assignments (id, class_id, title, activity_type, target_count, created_by, created_at) SELECT '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', 'Ten flashcards', 'memorize', 10, id, 1767225600000 FROM users WHERE login = 'profe'"
"$A" --db "$CL" sync push --pg "$C1" > "$TMPD/out" 2>&1
check "a class database pushes its class, members and assignment" grep -q "2 users, 1 class, 2 class members, 1 assignment" "$TMPD/out"
check "the server knows the class and who is in it" [ "$(q plain "SELECT c.name || '|' || count(*) FROM aidioma.classes c JOIN aidioma.class_members m ON m.class_id = c.id GROUP BY c.name")" = "Spanish 1A|2" ]

# ---- pull: content, and the assignments of the class
q plain "INSERT INTO aidioma.learning_content (id, content_type, difficulty, topic, primary_text, secondary_text, metadata) VALUES
	('srv-1', 'sentence', 'beginner', 'food', 'Me gusta el pan.', 'I like bread.', '{\"accepted\": [\"Me gusta el pan.\"], \"hints\": [\"gustar\", \"Me gusta ...\", \"Me gusta el ...\"], \"grammar\": [\"gustar\"]}'),
	('srv-2', 'flashcard', 'beginner', 'food', 'el pan', 'bread', '{}');
	INSERT INTO aidioma.assignments (id, class_id, title, activity_type, topic, target_count, due_at)
	VALUES ('33333333-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', '20 sentences on food', 'practice', 'food', 20, '2026-03-20T12:00:00Z');
	INSERT INTO aidioma.classes (id, name) VALUES ('44444444-0000-4000-8000-000000000001', 'Other school');
	INSERT INTO aidioma.assignments (id, class_id, title, activity_type, target_count)
	VALUES ('44444444-0000-4000-8000-000000000002', '44444444-0000-4000-8000-000000000001', 'Not ours', 'reading', 3)" > /dev/null
"$A" --db "$CL" sync pull --pg "$C1" > "$TMPD/out" 2>&1
check "pull: exit 0" [ $? -eq 0 ]
check "pull: the new content and the class's new assignment" grep -q "pulled content: 2 new, 0 updated, 0 unchanged; 1 assignment set or changed" "$TMPD/out"
check "pull: the content is usable here" [ "$(sqlite3 "$CL" "SELECT json_extract(metadata, '$.hints[1]') FROM learning_content WHERE id = 'srv-1'")" = "Me gusta ..." ]
check "pull: the assignment's due date" [ "$(sqlite3 "$CL" "SELECT due_at FROM assignments WHERE id = '33333333-0000-4000-8000-000000000001'")" = "1774008000000" ]
check "pull: another class's work stays there" [ "$(sqlite3 "$CL" "SELECT count(*) FROM assignments")" -eq 2 ]
"$A" --db "$CL" sync pull --pg "$C1" > "$TMPD/out" 2>&1
check "pull again: nothing new" grep -q "pulled content: 0 new, 0 updated, .* unchanged; 0 assignments" "$TMPD/out"
q plain "UPDATE aidioma.learning_content SET secondary_text = 'I love bread.' WHERE id = 'srv-1';
	UPDATE aidioma.assignments SET closed_at = '2026-03-09T10:00:00Z' WHERE id = '33333333-0000-4000-8000-000000000001'" > /dev/null
"$A" --db "$CL" sync pull --pg "$C1" > "$TMPD/out" 2>&1
check "pull after changes there: one updated, one closed" grep -q "pulled content: 0 new, 1 updated, .*; 1 assignment set or changed" "$TMPD/out"
check "the assignment is closed here" [ "$(sqlite3 "$CL" "SELECT closed_at FROM assignments WHERE id = '33333333-0000-4000-8000-000000000001'")" = "1773050400000" ]
sqlite3 "$CL" "UPDATE assignments SET closed_at = 1767312000000 WHERE id = '22222222-0000-4000-8000-000000000001'"
"$A" --db "$CL" sync push --pg "$C1" > /dev/null 2>&1
check "an assignment closed in the classroom is closed on the server" [ "$(q plain "SELECT to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM aidioma.assignments WHERE id = '22222222-0000-4000-8000-000000000001'")" = "2026-01-02" ]

# ---- the server's functions
fill_cache() { # DB OPEN CLOSE: four entries, vectors written OPEN...CLOSE
	q "$1" "INSERT INTO aidioma.ai_cache (id, cache_key, task, response, model, input_embedding, embedding_model, last_accessed_at, created_at) VALUES
	('c1', 'k1', 'grade', '{\"score\": 90}', 'm', '${2}1,0,0$3', 'e', now(), now()),
	('c2', 'k2', 'grade', '{\"score\": 80}', 'm', '${2}0.9,0.1,0$3', 'e', now(), now()),
	('c3', 'k3', 'grade', '{\"score\": 70}', 'm', '${2}0.6,0.8,0$3', 'e', now(), now()),
	('c4', 'k4', 'chat', '{\"score\": 60}', 'm', '${2}1,0.01,0$3', 'f', now(), now())" > /dev/null
}
similar() { # DB QUERY ARGS: the keys found, most similar first
	q "$1" "SELECT string_agg(cache_key, ',' ORDER BY similarity DESC) FROM aidioma.similar_cached_responses($2, $3)"
}
fill_cache plain '{' '}'
check "similar cached responses (real[]): threshold and order" [ "$(similar plain "'{1,0,0}'::real[]" "0.85, 5")" = "k1,k4,k2" ]
check "similar cached responses (real[]): the limit" [ "$(similar plain "'{1,0,0}'::real[]" "0.5, 2")" = "k1,k4" ]
check "similar cached responses (real[]): one task, one model" [ "$(similar plain "'{1,0,0}'::real[]" "0.5, 5, 'grade', 'e'")" = "k1,k2,k3" ]
if [ -n "$VECTOR" ]; then
	fill_cache vec '[' ']'
	check "similar cached responses (vector): threshold and order" [ "$(similar vec "'[1,0,0]'::vector" "0.85, 5")" = "k1,k4,k2" ]
	check "similar cached responses (vector): the limit" [ "$(similar vec "'[1,0,0]'::vector" "0.5, 2")" = "k1,k4" ]
else
	skip "similar cached responses (vector): threshold and order" "$NOVEC"
	skip "similar cached responses (vector): the limit" "$NOVEC"
fi
"$A" sync refresh --pg "$C1" > "$TMPD/out" 2>&1
check "refresh: dashboard, roll-ups and features" grep -q "refreshed the dashboard" "$TMPD/out"
check "the dashboard view matches the stream" [ "$(q plain "SELECT sum(activities) FROM aidioma.dashboard_stats")" = "$(q plain "SELECT count(*) FROM aidioma.learning_activities")" ]
check "it refreshes concurrently (a unique index, readers not blocked)" [ "$(q plain "SELECT aidioma.refresh_dashboard_stats() = (SELECT count(DISTINCT user_id) FROM aidioma.learning_activities)")" = "t" ]
check "hourly roll-ups recomputed with date_trunc equal the incremental ones" [ "$(q plain "SELECT sum(n) FROM aidioma.learning_metrics_hourly")" = "$(q plain "SELECT sum(n) FROM (SELECT count(*) AS n FROM aidioma.learning_activities a, aidioma.activity_metric_values(a.activity_type, a.score, a.duration_ms, a.metadata) GROUP BY date_trunc('hour', a.created_at, 'UTC')) x")" ]
uid=$(sqlite3 "$DB" "SELECT id FROM users WHERE login = 'aaaaaaaa3'")
"$A" --db "$DB" --user aaaaaaaa3 features compute > /dev/null
check "the server computes a learner's features as SQLite does" [ "$(q plain "SELECT round(accuracy::numeric, 3) || '|' || round(hint_rate::numeric, 3) || '|' || round(retry_rate::numeric, 3) || '|' || round(completion_rate::numeric, 3) || '|' || coalesce(best_hour, -1) FROM aidioma.compute_user_features('$uid')")" = "$(sqlite3 "$DB" "SELECT printf('%.3f|%.3f|%.3f|%.3f|%d', accuracy, hint_rate, retry_rate, completion_rate, coalesce(best_hour, -1)) FROM user_features WHERE user_id = '$uid'")" ]
check "and its style embedding (real[])" [ "$(q plain "SELECT array_length(style_embedding, 1) FROM aidioma.user_features WHERE user_id = '$uid'")" -eq 8 ]
if [ -n "$VECTOR" ]; then
	"$A" --db "$DB" sync push --pg "$C2" > /dev/null 2>&1
	check "features on a vector server" [ "$(q vec "SELECT vector_dims(style_embedding) FROM aidioma.compute_user_features('$uid')")" -eq 8 ]
	check "the cache's vectors pushed as vector" [ "$(sqlite3 "$DB" "SELECT count(input_embedding) || '|' || coalesce(max(length(input_embedding) / 4), 0) FROM ai_cache")" = "$(q vec "SELECT count(input_embedding) || '|' || coalesce(max(vector_dims(input_embedding)), 0) FROM aidioma.ai_cache WHERE cache_key NOT LIKE 'k_'")" ]
else
	skip "features on a vector server" "$NOVEC"
	skip "the cache's vectors pushed as vector" "$NOVEC"
fi
finish
