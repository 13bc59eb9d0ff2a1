#!/bin/sh
# legacy.sh: migrate-legacy on a SQLite database of the seven-table design:
# counts against the fixture, a dry run, the moved rows, a refused rollback,
# failures that change nothing, and a rollback that restores every byte.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 > /dev/null 2>&1 || skip_all "sqlite3 is not installed (apt-get install sqlite3)"

plan 32
FIX="$TESTS_SRCDIR/fixtures/legacy"
DB="$TMPD/legacy.db"
A=$AIDIOMA
sqlite3 "$DB" < "$FIX/schema.sql" && sqlite3 "$DB" < "$FIX/data.sql" ||
	{ echo "Bail out! cannot load the legacy fixture"; exit 1; }
sqlite3 "$DB" .dump > "$TMPD/before.sql"
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }

"$A" migrate-legacy --from "sqlite:$DB" --dry-run > "$TMPD/out" 2> "$TMPD/err"
check "dry run: exit 0" [ $? -eq 0 ]
check "dry run: says nothing changed" grep -q "dry run: every row moved and counted" "$TMPD/out"
sqlite3 "$DB" .dump > "$TMPD/now.sql"
check "dry run: the file is unchanged" cmp -s "$TMPD/before.sql" "$TMPD/now.sql"

"$A" migrate-legacy --from "sqlite:$DB" --json > "$TMPD/out" 2> "$TMPD/err"
check "migrate: exit 0" [ $? -eq 0 ]
while read -r table rows; do
	got=$(grep -A3 "\"legacy_table\":	\"$table\"" "$TMPD/out" | grep '"migrated"' | tr -dc 0-9)
	if [ "$got" = "$rows" ]; then ok "$table: $rows rows, as counts.txt says"; else not_ok "$table: $rows rows" "migrated: $got"; fi
done < "$FIX/counts.txt"
check "users moved" [ "$(count users)" -eq 5 ]
check "evaluations are practice activities" [ "$(sqlite3 "$DB" "SELECT count(*) FROM learning_activities WHERE activity_type = 'practice'")" -eq 329 ]
check "quotes, an apostrophe and a newline survive" [ "$(sqlite3 "$DB" "SELECT json_extract(metadata, '$.answer') FROM learning_activities WHERE json_extract(metadata, '$.legacy.id') = 78")" = "$(sqlite3 "$DB" "SELECT user_answer FROM legacy_backup_evaluations WHERE id = 78")" ]
check "an emoji survives" [ "$(sqlite3 "$DB" "SELECT json_extract(metadata, '$.answer') FROM learning_activities WHERE json_extract(metadata, '$.legacy.id') = 99")" = "$(sqlite3 "$DB" "SELECT user_answer FROM legacy_backup_evaluations WHERE id = 99")" ]
check "a NULL feedback stays null" [ "$(sqlite3 "$DB" "SELECT json_type(metadata, '$.feedback') || ai_model FROM learning_activities WHERE json_extract(metadata, '$.legacy.id') = 102")" = "nulloffline-fallback" ]
check "the learner who never practised has no activity" [ "$(sqlite3 "$DB" "SELECT count(*) FROM learning_activities a JOIN users u ON u.id = a.user_id WHERE u.login = 'sam.o'")" -eq 0 ]
check "the old tables are kept as backups" [ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'legacy_backup_%'")" -eq 8 ]
check "the dashboard figures are current" [ "$(sqlite3 "$DB" "SELECT sum(activities) FROM dashboard_stats")" -eq 329 ]
check "the metrics' hourly roll-ups are current" [ "$(sqlite3 "$DB" "SELECT sum(n) FROM learning_metrics_hourly")" = "$(count learning_metrics)" ]
"$A" --db "$DB" --user emily.r stats > "$TMPD/out" 2>&1
check "aidioma reads the migrated file" grep -q "activities: 139 (practice 139" "$TMPD/out"

"$A" --db "$DB" --user emily.r eval --content "$(sqlite3 "$DB" "SELECT id FROM learning_content LIMIT 1")" \
	--answer "Me llamo Lucía y soy de Perú." --record > /dev/null 2>&1
"$A" migrate-legacy --from "sqlite:$DB" --rollback > "$TMPD/out" 2> "$TMPD/err"
check "rollback after new work: refused (exit 2)" [ $? -eq 2 ]
check "rollback after new work: says why" grep -q "1 activity recorded after the migration would be lost" "$TMPD/err"
"$A" migrate-legacy --from "sqlite:$DB" --rollback --force > "$TMPD/out" 2> "$TMPD/err"
check "rollback --force: exit 0" [ $? -eq 0 ]
sqlite3 "$DB" .dump > "$TMPD/now.sql"
if cmp -s "$TMPD/before.sql" "$TMPD/now.sql"; then ok "rollback: the file is as it was, byte for byte in its dump"
else not_ok "rollback: the file is as it was" "$(diff "$TMPD/before.sql" "$TMPD/now.sql" | head -20)"; fi

# failures change nothing
B="$TMPD/bad.db"
cp "$DB" "$B"
sqlite3 "$B" "UPDATE users SET username = printf('%.70c', 'x') WHERE id = 2"
sqlite3 "$B" .dump > "$TMPD/bad-before.sql"
"$A" migrate-legacy --from "sqlite:$B" > "$TMPD/out" 2> "$TMPD/err"
check "a row the unified schema refuses: exit 1" [ $? -eq 1 ]
sqlite3 "$B" .dump > "$TMPD/bad-now.sql"
check "and the file is untouched" cmp -s "$TMPD/bad-before.sql" "$TMPD/bad-now.sql"
# rows of a learner whose account was deleted: the check after the move fails
G="$TMPD/dangling.db"
sqlite3 "$G" < "$FIX/schema.sql" && sqlite3 "$G" < "$FIX/data.sql"
sqlite3 "$G" "DELETE FROM users WHERE id = 4"
sqlite3 "$G" .dump > "$TMPD/g-before.sql"
"$A" migrate-legacy --from "sqlite:$G" > "$TMPD/out" 2> "$TMPD/err"
check "rows that point at nothing: exit 1" [ $? -eq 1 ]
check "and the verification says so" grep -q "aidioma: migrate-legacy: verifying: .* rows point at rows that do not exist" "$TMPD/err"
sqlite3 "$G" .dump > "$TMPD/g-now.sql"
check "and the file is untouched" cmp -s "$TMPD/g-before.sql" "$TMPD/g-now.sql"
"$A" migrate-legacy --from "sqlite:$TMPD/none.db" > "$TMPD/out" 2> "$TMPD/err"
check "a missing file: exit 1 and named" grep -q "legacy database '$TMPD/none.db' does not exist" "$TMPD/err"
"$A" --db "$TMPD/new.db" init --no-packs > /dev/null
"$A" migrate-legacy --from "sqlite:$TMPD/new.db" > "$TMPD/out" 2> "$TMPD/err"
check "an aidioma database is not legacy: exit 2" [ $? -eq 2 ]
finish
