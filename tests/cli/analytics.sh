#!/bin/sh
# analytics.sh: the SQLite side of the analytics: the metrics series and its
# roll-ups as answers are recorded, the dashboard figures, the feature store,
# experiments and their comparison, and the slow-query log.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 > /dev/null 2>&1 || skip_all "sqlite3 is not installed (apt-get install sqlite3)"

plan 22
A=$AIDIOMA
DB="$TMPD/a.db"
export AIDIOMA_NOW=2026-03-10T18:00:00Z
"$A" --db "$DB" init > /dev/null
record() { # USER ANSWER
	"$A" --db "$DB" --user "$1" eval --content s-b-002 --answer "$2" --record > /dev/null 2>&1
}

# ---- experiments
"$A" --db "$DB" experiment start "Bad Name" > /dev/null 2> "$TMPD/err"
check "an experiment's name is checked: exit 2" [ $? -eq 2 ]
"$A" --db "$DB" experiment start hints --variants short,long,none > "$TMPD/out" 2>&1
check "experiment start" grep -q "experiment hints running" "$TMPD/out"
for u in ana luis eva marc nora pau; do
	record $u "Tengo dos hermanos."
	record $u "Tengo dos hermano."
done
"$A" --db "$DB" --user ana experiment list > "$TMPD/out"
mine=$(sed -n 's/.* ana is in \([a-z]*\)$/\1/p' "$TMPD/out")
check "each activity records the learner's variant" [ "$(sqlite3 "$DB" "SELECT count(*) FROM learning_activities WHERE json_extract(metadata, '$.experiments.hints') IN ('short', 'long', 'none')")" -eq 12 ]
check "and it is the same variant every time (a stable hash)" [ "$(sqlite3 "$DB" "SELECT group_concat(DISTINCT json_extract(a.metadata, '$.experiments.hints')) FROM learning_activities a JOIN users u ON u.id = a.user_id WHERE u.login = 'ana'")" = "$mine" ]
"$A" --db "$DB" stats --by-variant hints > "$TMPD/out"
check "stats --by-variant: a row per variant" [ "$(grep -c -e '^short ' -e '^long ' -e '^none ' "$TMPD/out")" -eq 3 ]
"$A" --db "$DB" stats --by-variant hints --json > "$TMPD/out"
check "stats --by-variant --json: every learner counted once" [ "$(sqlite3 :memory: "SELECT sum(json_extract(value, '$.users')) || '|' || sum(json_extract(value, '$.activities')) FROM json_each(json_extract(readfile('$TMPD/out'), '$.variants'))")" = "6|12" ]
"$A" --db "$DB" stats --by-variant nope > /dev/null 2> "$TMPD/err"
check "an unknown experiment: says how to start it" grep -q "start it with 'aidioma experiment start nope'" "$TMPD/err"
"$A" --db "$DB" experiment stop hints > /dev/null
record ana "Tengo dos hermanos."
check "after stop, activities carry no variant" [ "$(sqlite3 "$DB" "SELECT count(*) FROM learning_activities WHERE json_extract(metadata, '$.experiments') IS NULL")" -eq 1 ]

# ---- the metrics series, its roll-ups and the dashboard, kept as answers come
check "each answer adds its figures to the series" [ "$(sqlite3 "$DB" "SELECT count(*) FROM learning_metrics WHERE metric = 'accuracy'")" -eq 13 ]
check "the hourly roll-ups are current" [ "$(sqlite3 "$DB" "SELECT sum(n) FROM learning_metrics_hourly")" = "$(sqlite3 "$DB" "SELECT count(*) FROM learning_metrics")" ]
check "and their totals" [ "$(sqlite3 "$DB" "SELECT printf('%.6f', sum(total)) FROM learning_metrics_hourly WHERE metric = 'accuracy'")" = "$(sqlite3 "$DB" "SELECT printf('%.6f', sum(score) / 100.0) FROM learning_activities")" ]
check "the dashboard figures are current" [ "$(sqlite3 "$DB" "SELECT sum(activities) || '|' || printf('%.3f', sum(practice_score_sum)) FROM dashboard_stats")" = "$(sqlite3 "$DB" "SELECT count(*) || '|' || printf('%.3f', sum(score)) FROM learning_activities")" ]

# ---- the feature store
"$A" --db "$DB" --user ana features compute > "$TMPD/out"
check "features compute --user: one learner" grep -q "computed the features of 1 user$" "$TMPD/out"
check "features compute --user: one row" [ "$(sqlite3 "$DB" "SELECT count(*) FROM user_features")" -eq 1 ]
"$A" --db "$DB" features compute > "$TMPD/out"
check "features compute: every learner" [ "$(sqlite3 "$DB" "SELECT count(*) FROM user_features")" = "$(sqlite3 "$DB" "SELECT count(*) FROM users")" ]
check "with the learning-style embedding" [ "$(sqlite3 "$DB" "SELECT min(length(style_embedding)) FROM user_features")" -eq 32 ]
"$A" --db "$DB" --user ana features show --json > "$TMPD/out"
check "features show --json: ana's retries" [ "$(sqlite3 :memory: "SELECT json_extract(readfile('$TMPD/out'), '$[0].user') || '|' || json_extract(readfile('$TMPD/out'), '$[0].retry_rate')")" = "ana|0.667" ]
"$A" --db "$TMPD/none.db" init --no-packs > /dev/null
"$A" --db "$TMPD/none.db" --user zoe features show > /dev/null 2> "$TMPD/err"
check "features show before compute: says what to run" grep -q "run 'aidioma features compute' first" "$TMPD/err"

# ---- the slow-query log
n0=$(sqlite3 "$DB" "SELECT count(*) FROM query_performance")
AIDIOMA_SLOW_MS=60000 "$A" --db "$DB" --user ana stats > /dev/null
check "under the threshold nothing is logged" [ "$(sqlite3 "$DB" "SELECT count(*) FROM query_performance")" -eq "$n0" ]
AIDIOMA_SLOW_MS=0 "$A" --db "$DB" --user ana stats > /dev/null
check "AIDIOMA_SLOW_MS=0: statements are logged with hash, time and rows" [ "$(sqlite3 "$DB" "SELECT count(*) FROM query_performance WHERE length(sql_hash) = 64 AND duration_ms >= 0 AND rows >= 0")" -gt "$n0" ]
"$A" --db "$DB" stats --slow > "$TMPD/out"
check "stats --slow lists them" grep -q "^hash  *times  *max ms" "$TMPD/out"
"$A" --db "$DB" stats --slow --costs > /dev/null 2>&1
check "stats --slow --costs: one at a time (exit 2)" [ $? -eq 2 ]
finish
