#!/bin/sh
# legacy.sh: migrate-legacy --from postgres: on the fixture loaded into a real
# PostgreSQL 15: counts, a dry run, the moved rows, pushes into the result,
# and a rollback that gives back the database as it was.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/pglib.sh"
pg_require
pg_start

plan 22
A=$AIDIOMA
FIX="$TESTS_SRCDIR/fixtures/legacy"
C=$(pg_db legacy)
"$PSQL" -X -q -v ON_ERROR_STOP=1 -d legacy -f "$FIX/schema.sql" -f "$FIX/data.sql" > /dev/null ||
	{ echo "Bail out! cannot load the legacy fixture into PostgreSQL"; exit 1; }
dump() { "$PG_BIN/pg_dump" --no-owner -d legacy | grep -v -e '^--' -e '^$' -e '^\\restrict' -e '^\\unrestrict'; }
dump > "$TMPD/before.sql"

"$A" migrate-legacy --from "postgres:$C" --dry-run > "$TMPD/out" 2> "$TMPD/err"
check "dry run: exit 0" [ $? -eq 0 ]
dump > "$TMPD/now.sql"
check "dry run: the database is unchanged" cmp -s "$TMPD/before.sql" "$TMPD/now.sql"

"$A" migrate-legacy --from "postgres:$C" --no-vector --json > "$TMPD/out" 2> "$TMPD/err"
check "migrate: exit 0" [ $? -eq 0 ] || cat "$TMPD/err"
while read -r table rows; do
	got=$(grep -A3 "\"legacy_table\":	\"$table\"" "$TMPD/out" | grep '"migrated"' | tr -dc 0-9)
	if [ "$got" = "$rows" ]; then ok "$table: $rows rows, as counts.txt says"; else not_ok "$table: $rows rows" "migrated: $got" "$(cat "$TMPD/err")"; fi
done < "$FIX/counts.txt"
check "the unified schema holds them" [ "$(q legacy "SELECT (SELECT count(*) FROM aidioma.users) || '|' || (SELECT count(*) FROM aidioma.learning_activities) || '|' || (SELECT count(*) FROM aidioma.ai_cache) || '|' || (SELECT count(*) FROM aidioma.learning_metrics)")" = "5|329|93|297" ]
check "the seven tables are kept in the schema legacy_backup" [ "$(q legacy "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'legacy_backup'")" -eq 7 ]
check "quotes and a newline survive" [ "$(q legacy "SELECT metadata ->> 'answer' FROM aidioma.learning_activities WHERE (metadata -> 'legacy' ->> 'id')::int = 78")" = "$(q legacy "SELECT user_answer FROM legacy_backup.evaluations WHERE id = 78")" ]
check "the never-ended session keeps its null end" [ "$(q legacy "SELECT count(*) FROM aidioma.learning_activities WHERE metadata -> 'session' ->> 'id' = '38' AND metadata -> 'session' -> 'ended_at' = 'null'::jsonb")" -gt 0 ]
check "the dashboard view is filled" [ "$(q legacy "SELECT sum(activities) FROM aidioma.dashboard_stats")" -eq 329 ]
check "hourly roll-ups of activities and the legacy metrics" [ "$(q legacy "SELECT sum(n) FROM aidioma.learning_metrics_hourly")" -gt 297 ]

# the migrated server takes pushes
DB="$TMPD/a.db"
"$A" --db "$DB" --user nuevo eval --content s-b-001 --answer "Buenos días." --record > /dev/null 2>&1 ||
	"$A" --db "$DB" init > /dev/null
"$A" --db "$DB" --user nuevo eval --content s-b-001 --answer "¡Buenos días! ¿Cómo estás hoy?" --record > /dev/null 2>&1
"$A" --db "$DB" sync push --pg "$C" > "$TMPD/out" 2> "$TMPD/err"
check "a classroom pushes into the migrated server" [ $? -eq 0 ]
check "its activities join the legacy ones" [ "$(q legacy "SELECT count(*) FROM aidioma.learning_activities")" -gt 329 ]
"$A" migrate-legacy --from "postgres:$C" --rollback > "$TMPD/out" 2> "$TMPD/err"
check "rollback after new work: refused (exit 2)" [ $? -eq 2 ]
"$A" migrate-legacy --from "postgres:$C" --rollback --force > "$TMPD/out" 2> "$TMPD/err"
check "rollback --force: exit 0" [ $? -eq 0 ] || cat "$TMPD/err"
dump > "$TMPD/now.sql"
if cmp -s "$TMPD/before.sql" "$TMPD/now.sql"; then ok "rollback: pg_dump is as before the migration"
else not_ok "rollback: pg_dump is as before" "$(diff "$TMPD/before.sql" "$TMPD/now.sql" | head -20)"; fi
"$A" migrate-legacy --from "postgres:$C" --rollback > "$TMPD/out" 2> "$TMPD/err"
check "nothing left to roll back: exit 2" [ $? -eq 2 ]
finish
