#!/bin/sh
# anki.sh: Anki packages in every layout, broken ones, CSV/TSV decks, and export back to Anki.
. "$(dirname "$0")/../lib.sh"

MK="$TESTS_BUILDDIR/tools/mkanki"
command -v sqlite3 > /dev/null 2>&1 || skip_all "sqlite3 is not installed (apt-get install sqlite3)"
"$MK" anki21 basic "$TMPD/probe.apkg" 2> /dev/null
[ $? -eq 77 ] && skip_all "aidioma was built without libzip (apt-get install libzip-dev)"
HAVE_ZSTD=1
"$MK" anki21b basic "$TMPD/probe.apkg" 2> /dev/null
[ $? -eq 77 ] && HAVE_ZSTD=0
export AIDIOMA_NOW=2026-03-10T18:00:00Z
plan 80

q() { sqlite3 "$1" "$2"; }
# dump DB: the decks' cards and the learner's progress, as export prints them
dump() {
	"$AIDIOMA" --db "$1" --user ana export --what content --format csv | grep '^anki-\|^csv-'
	"$AIDIOMA" --db "$1" --user ana export --what progress --format csv
}
# acts DB: the learner's activities without their ids
acts() { "$AIDIOMA" --db "$1" --user ana export --format csv | cut -d, -f2- | sort; }
snap() { sqlite3 "$1" .dump | cksum; }

# ---- every layout reads the same deck the same way
for layout in anki2 anki21 anki21b; do
	if [ "$layout" = anki21b ] && [ "$HAVE_ZSTD" = 0 ]; then
		for n in 1 2; do ok "# SKIP $layout: aidioma was built without libzstd"; done
		continue
	fi
	"$MK" "$layout" all "$TMPD/$layout.apkg" || { echo "Bail out! mkanki $layout failed"; exit 1; }
	mkdir -p "$TMPD/$layout"
	"$AIDIOMA" --db "$TMPD/$layout/a.db" --user ana import "$TMPD/$layout.apkg" > "$TMPD/out" 2>&1
	check "$layout: import exits 0" [ $? -eq 0 ]
	dump "$TMPD/$layout/a.db" > "$TMPD/$layout/dump"
	if [ "$layout" = anki2 ]; then
		check "$layout: 13 cards from 10 notes" \
			[ "$(q "$TMPD/$layout/a.db" "SELECT count(*) FROM learning_content WHERE id LIKE 'anki-%'")" -eq 13 ]
	else
		check "$layout: reads as collection.anki2 does" cmp -s "$TMPD/anki2/dump" "$TMPD/$layout/dump"
	fi
done
grep -q "collection.anki21b, schema 18" "$TMPD/out" 2> /dev/null || [ "$HAVE_ZSTD" = 0 ]
check "the report names the layout" [ $? -eq 0 ]

DB="$TMPD/anki2/a.db"
c() { q "$DB" "SELECT $1 FROM learning_content WHERE json_extract(metadata, '\$.anki.guid') = '$2' $3"; }
check "accents and HTML: markup dropped" [ "$(c primary_text 'Bq7#n1')" = "¿Dónde está la estación?" ]
check "the English side" [ "$(c secondary_text 'Bq7#n1')" = "Where is the station?" ]
check "entities decoded, <br> a line break, &nbsp; a space" \
	[ "$(c primary_text 'Bq7#n2')" = "$(printf 'pan & mantequilla\nla casa grande')" ]
check "numeric entities and &lt; &gt;" [ "$(c primary_text 'Bq7#n3') | $(c secondary_text 'Bq7#n3')" = "el niño ¿qué? | the boy <what?>" ]
check "the deck is the topic" [ "$(c topic 'Bq7#n1')" = "Español::Básico" ]
check "the tags are kept" [ "$(c "json_extract(metadata, '\$.tags')" 'Bq7#n1')" = '["travel","question"]' ]
check "a re-import finds the same id (from the guid)" [ "$(c id 'Bq7#n1')" = "$(c id 'Bq7#n1')" ]
check "reversed: both directions" [ "$(c count\(\*\) 'Rv#1')" -eq 2 ]
check "reversed: the second card asks the English" \
	[ "$(c "json_extract(metadata, '\$.ask')" 'Rv#1' "AND id LIKE '%-r'")" = english ]
check "a card suspended in Anki stays suspended" [ "$(q "$DB" "SELECT suspended FROM user_progress WHERE content_id = '$(c id 'Rv#2' "AND id LIKE '%-r'")'")" = 1 ]
check "cloze: one card per deletion" [ "$(c count\(\*\) 'Cz#1')" -eq 2 ]
check "cloze 1: the sentence with its gap" [ "$(c "json_extract(metadata, '\$.cloze.text')" 'Cz#1' "AND id LIKE '%-c1'")" = "Voy a la [...] el sábado." ]
check "cloze 1: the answer to type" [ "$(c "json_extract(metadata, '\$.cloze.answer')" 'Cz#1' "AND id LIKE '%-c1'")" = playa ]
check "cloze 2: the hint in the gap, the other deletion filled" [ "$(c "json_extract(metadata, '\$.cloze.text')" 'Cz#1' "AND id LIKE '%-c2'")" = "Voy a la playa el [día]." ]
check "cloze: the full sentence is the Spanish" [ "$(c primary_text 'Cz#1' "AND id LIKE '%-c2'")" = "Voy a la playa el sábado." ]
check "[sound:...] kept in the text" [ "$(c primary_text 'Md#1')" = "el gato [sound:gato.mp3]" ]
f=$(c "json_extract(metadata, '\$.sounds[0].file')" 'Md#1')
check "the sound is stored in media/ beside the database" [ -f "$TMPD/anki2/media/$f" ]
check "the stored media holds the file's bytes" [ "$(cat "$TMPD/anki2/media/$f")" = "ID3 fake audio of a cat" ]

# ---- scheduling: the review log replayed through FSRS, due where Anki left it
n1=$(c id 'Bq7#n1')
p() { q "$DB" "SELECT $1 FROM user_progress WHERE content_id = '$2'"; }
check "the review log becomes memorize activities (7, not the 'set due date')" \
	[ "$(q "$DB" "SELECT count(*) FROM learning_activities WHERE activity_type = 'memorize'")" -eq 7 ]
check "a reviewed card is in review, with its reps and lapses" [ "$(p "state || ' ' || reps || ' ' || lapses" "$n1")" = "2 6 1" ]
check "its FSRS memory state is rebuilt" [ "$(p "stability > 1 AND difficulty BETWEEN 1 AND 10" "$n1")" = 1 ]
check "it is due when Anki had it due" [ "$(p "strftime('%Y-%m-%d', next_review_at / 1000, 'unixepoch')" "$n1")" = 2026-02-18 ]
check "a learning card stays in learning, due in minutes" \
	[ "$(p "state || ' ' || datetime(next_review_at / 1000, 'unixepoch')" "$(c id 'Bq7#n2')")" = "1 2026-03-10 18:00:00" ]
check "a new card is new, and due now" [ "$(p "state || ' ' || (next_review_at <= 1773165600000)" "$(c id 'Bq7#n3')")" = "0 1" ]
"$AIDIOMA" --db "$DB" --user ana stats > "$TMPD/stats" 2>&1
check "the queue continues: stats read the imported cards" grep -q "learning\|due\|card" "$TMPD/stats"

# ---- importing again: nothing doubles
s1=$(q "$DB" "SELECT count(*) FROM learning_content") a1=$(q "$DB" "SELECT count(*) FROM learning_activities")
"$AIDIOMA" --db "$DB" --user ana import "$TMPD/anki2.apkg" > "$TMPD/out" 2>&1
check "re-import: exit 0" [ $? -eq 0 ]
check "re-import: every card unchanged" grep -q "0 new, 0 updated, 13 unchanged" "$TMPD/out"
check "re-import: no new content" [ "$(q "$DB" "SELECT count(*) FROM learning_content")" -eq "$s1" ]
check "re-import: no duplicate activities" [ "$(q "$DB" "SELECT count(*) FROM learning_activities")" -eq "$a1" ]
check "re-import: no new media" grep -q "2 media files (0 new)" "$TMPD/out"

# ---- media names are never paths
"$MK" anki21 media "$TMPD/media.apkg"
mkdir -p "$TMPD/m/db"
"$AIDIOMA" --db "$TMPD/m/db/a.db" --user ana import "$TMPD/media.apkg" > "$TMPD/out" 2>&1
check "hostile media name: import exits 0" [ $? -eq 0 ]
check "hostile media name: nothing written outside media/" [ ! -e "$TMPD/m/evil.mp3" ] && [ ! -e "$TMPD/evil.mp3" ]
check "hostile media name: stored under a safe name" test -f "$(ls "$TMPD"/m/db/media/*-evil.mp3)"
bad=$(ls "$TMPD/m/db/media" | grep -cv '^[0-9a-f]\{16\}-[A-Za-z0-9_][A-Za-z0-9._-]*$')
check "every stored media name is letters, digits and . _ -" [ "$bad" -eq 0 ]

# ---- which field is which: guessed, or said
"$MK" anki21 english "$TMPD/english.apkg"
"$AIDIOMA" import --dry-run "$TMPD/english.apkg" > "$TMPD/out" 2>&1
check "dry run: exit 0" [ $? -eq 0 ]
check "dry run: English front guessed, Spanish back" grep -q "Spanish 'Back', English 'Front' (guessed)" "$TMPD/out"
check "dry run: previews the cards" grep -q "la casa | the house" "$TMPD/out"
check "dry run: no database made" [ ! -e "$TMPD/data/aidioma/aidioma.db" ]
"$AIDIOMA" import --dry-run --spanish Front --english 2 "$TMPD/english.apkg" > "$TMPD/out" 2>&1
check "--spanish/--english override the guess" grep -q "the house | la casa" "$TMPD/out"

# ---- broken packages: a clear error naming the file, the database unchanged
BDB="$TMPD/broken.db"
"$AIDIOMA" --db "$BDB" --user ana import "$TMPD/anki2.apkg" > /dev/null 2>&1
before=$(snap "$BDB")
for spec in "truncated|truncated" "nocollection|has no collection" "notsqlite|not an SQLite database" \
	"notanki|not an Anki collection" "empty|is empty" "unknown|unknown package layout" \
	"newmeta|unknown package layout (meta version 9)" "badzstd|not valid zstd data"; do
	what=${spec%%|*} why=${spec#*|}
	if [ "$what" = badzstd ] && [ "$HAVE_ZSTD" = 0 ]; then
		ok "# SKIP $what: built without libzstd"
		continue
	fi
	"$MK" --broken "$what" "$TMPD/$what.apkg"
	"$AIDIOMA" --db "$BDB" --user ana import "$TMPD/$what.apkg" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "^aidioma: import: .*$TMPD/$what.apkg.*$why" "$TMPD/err" &&
	   [ "$(snap "$BDB")" = "$before" ]; then
		ok "broken ($what): exit 2, '$why', database unchanged"
	else
		not_ok "broken ($what): exit 2, '$why', database unchanged" "rc=$rc" "$(cat "$TMPD/err")"
	fi
done

# ---- notes that share a guid: one card, the later note's text and both histories
"$MK" anki21 shared "$TMPD/shared.apkg"
SDB="$TMPD/shared.db"
"$AIDIOMA" --db "$SDB" --user ana import "$TMPD/shared.apkg" > "$TMPD/out" 2>&1
check "shared guid: the second note updates the first's card" grep -q "2 cards: 1 new, 1 updated" "$TMPD/out"
check "shared guid: the card has the later note's text and state" \
	[ "$(q "$SDB" "SELECT primary_text || ' ' || reps FROM learning_content JOIN user_progress ON content_id = learning_content.id")" = "el río grande 3" ]
check "shared guid: the reviews of both, counted on the dashboard" \
	[ "$(q "$SDB" "SELECT count(*) FROM learning_activities") $(q "$SDB" "SELECT memorize_count FROM dashboard_stats")" = "5 5" ]

# ---- a failure late in a big deck (1,800 reviews, written in parts) leaves the database as it was
"$MK" --notes 1500 anki21 big "$TMPD/big.apkg"
FDB="$TMPD/fail.db"
"$AIDIOMA" --db "$FDB" --user ana import "$TMPD/english.apkg" > /dev/null 2>&1
q "$FDB" "CREATE TRIGGER refuse BEFORE INSERT ON learning_activities
	WHEN (SELECT count(*) FROM learning_activities) >= 1700 BEGIN SELECT RAISE(ABORT, 'refused'); END"
before=$(snap "$FDB")
"$AIDIOMA" --db "$FDB" --user ana import "$TMPD/big.apkg" > "$TMPD/out" 2> "$TMPD/err"
[ $? -eq 2 ] && grep -q "refused" "$TMPD/err"
check "a write refused late: exit 2, the reason named" [ $? -eq 0 ]
check "a write refused late: no card, review or figure left behind" [ "$(snap "$FDB")" = "$before" ]

# ---- CSV and TSV
cat > "$TMPD/viajes.csv" <<'EOF'
#separator:Semicolon
#html:true
#columns:Español;English;Tags
#tags column:3
#deck:Viajes
el <b>tren</b>;the train;transport
"la estación; la parada";"the station &amp; the stop";transport travel
EOF
CDB="$TMPD/csv.db"
"$AIDIOMA" --db "$CDB" --user ana import "$TMPD/viajes.csv" > "$TMPD/out" 2>&1
check "csv with Anki's headers: exit 0" [ $? -eq 0 ]
check "csv: two cards" grep -q "CSV (separator ';'): 2 cards: 2 new" "$TMPD/out"
check "csv: the named column is the Spanish" [ "$(q "$CDB" "SELECT primary_text FROM learning_content WHERE secondary_text = 'the train'")" = "el tren" ]
check "csv: quoted separator, HTML entities" [ "$(q "$CDB" "SELECT primary_text || '|' || secondary_text FROM learning_content WHERE id LIKE 'csv-%' AND topic = 'Viajes' ORDER BY primary_text DESC LIMIT 1")" = "la estación; la parada|the station & the stop" ]
check "csv: #deck: is the topic, the tags column the tags" [ "$(q "$CDB" "SELECT topic || json_extract(metadata, '\$.tags') FROM learning_content WHERE secondary_text = 'the train'")" = 'Viajes["transport"]' ]
"$AIDIOMA" --db "$CDB" --user ana import "$TMPD/viajes.csv" > "$TMPD/out" 2>&1
check "csv: importing again changes nothing" grep -q "0 new, 0 updated, 2 unchanged" "$TMPD/out"
printf 'the house\tla casa\nthe dog\tel perro\nwhere is the station?\t¿dónde está la estación?\n' > "$TMPD/words.tsv"
"$AIDIOMA" --db "$CDB" --user ana import --dry-run "$TMPD/words.tsv" > "$TMPD/out" 2>&1
check "tsv: separator and sides guessed" grep -q "TSV (separator tab, guessed).*3 cards" "$TMPD/out"
check "tsv: preview shows Spanish first" grep -q "la casa | the house" "$TMPD/out"
printf '"hola, amigo",hello friend\n"¿qué tal?","how are you?"\nbuenos días,good morning\n' > "$TMPD/plain.txt"
"$AIDIOMA" --db "$CDB" --user ana import "$TMPD/plain.txt" > "$TMPD/out" 2>&1
check "csv without headers: comma guessed, quotes honoured" [ "$(q "$CDB" "SELECT primary_text FROM learning_content WHERE secondary_text = 'hello friend'")" = "hola, amigo" ]
printf '#guid column:3\n#separator:Comma\ncasa,house,g-1\n' > "$TMPD/g1.csv"
printf '#guid column:3\n#separator:Comma\ncasa,home,g-1\n' > "$TMPD/g2.csv"
"$AIDIOMA" --db "$CDB" --user ana import "$TMPD/g1.csv" > /dev/null 2>&1
"$AIDIOMA" --db "$CDB" --user ana import "$TMPD/g2.csv" > "$TMPD/out" 2>&1
check "csv with a guid column: an edited row updates in place" grep -q "0 new, 1 updated" "$TMPD/out"

# ---- export to Anki, and back
"$AIDIOMA" --db "$DB" --user ana export --format apkg > "$TMPD/out" 2> "$TMPD/err"
check "export apkg without --output: exit 2" [ $? -eq 2 ]
"$AIDIOMA" --db "$DB" --user ana export --format apkg --with-scheduling --output "$TMPD/back.apkg" > "$TMPD/out" 2>&1
check "export apkg with scheduling: exit 0" [ $? -eq 0 ]
check "export: what it wrote" grep -q "10 notes, 13 cards, 7 reviews, 1 media file" "$TMPD/out"
"$AIDIOMA" import --dry-run "$TMPD/back.apkg" > "$TMPD/out" 2>&1
check "the export is an Anki package of the collection.anki21 layout" grep -q "collection.anki21, schema 11" "$TMPD/out"
mkdir -p "$TMPD/rt"
"$AIDIOMA" --db "$TMPD/rt/a.db" --user ana import "$TMPD/back.apkg" > /dev/null 2>&1
check "round trip: import of the export exits 0" [ $? -eq 0 ]
dump "$TMPD/rt/a.db" > "$TMPD/rt/dump"
dump "$DB" > "$TMPD/anki2/dump2"
if diff "$TMPD/anki2/dump2" "$TMPD/rt/dump" > "$TMPD/diff"; then
	ok "round trip: cards and scheduling read back identically"
else
	not_ok "round trip: cards and scheduling read back identically" "$(cat "$TMPD/diff")"
fi
acts "$DB" > "$TMPD/acts1"
acts "$TMPD/rt/a.db" > "$TMPD/acts2"
check "round trip: the review history reads back identically" cmp -s "$TMPD/acts1" "$TMPD/acts2"
check "round trip: the media came along" test -f "$(ls "$TMPD"/rt/media/*-gato.mp3)"
"$AIDIOMA" --db "$DB" --user ana export --format apkg --output "$TMPD/plain.apkg" > /dev/null 2>&1
mkdir -p "$TMPD/rt2"
"$AIDIOMA" --db "$TMPD/rt2/a.db" --user ana import "$TMPD/plain.apkg" > /dev/null 2>&1
check "export without scheduling: every card new, no history" [ "$(q "$TMPD/rt2/a.db" "SELECT count(*) FROM user_progress WHERE state <> 0") $(q "$TMPD/rt2/a.db" "SELECT count(*) FROM learning_activities")" = "0 0" ]
check "import --help names Anki packages" sh -c "'$AIDIOMA' import --help | grep -q apkg"
check "export --help names apkg" sh -c "'$AIDIOMA' export --help | grep -q -- --with-scheduling"
finish
