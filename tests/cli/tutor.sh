#!/bin/sh
# tutor.sh: 'aidioma tutor' holds a scripted conversation on stdin and stdout,
# against a golden file, and saves it as a conversation activity.
# UPDATE_GOLDEN=1 rewrites the golden file from the current output.
. "$(dirname "$0")/../lib.sh"

GOLDEN="$TESTS_SRCDIR/cli/golden/tutor-cafe.txt"
DB="$TMPD/fixture.db"
"$TESTS_BUILDDIR/cli/mkfixture" "$DB" "$TESTS_SRCDIR/fixtures/packs/good" || { echo "Bail out! mkfixture failed"; exit 1; }
export AIDIOMA_NOW=2026-03-10T18:00:00Z

# a few words of the café, so the tutor has new words to teach
cat > "$TMPD/cafe-words.json" <<'EOF'
{
  "format": "aidioma-pack",
  "version": 1,
  "kind": "flashcard",
  "id": "test-cafe-words",
  "title": "Words of the café",
  "items": [
    {"id": "tcw-comer", "difficulty": "beginner", "topic": "food", "spanish": "comer",
     "english": "to eat", "pos": "verb", "band": 1,
     "example": {"es": "¿Quiere algo para comer?", "en": "Would you like something to eat?"}},
    {"id": "tcw-cuatro", "difficulty": "beginner", "topic": "shopping", "spanish": "cuatro",
     "english": "four", "pos": "numeral", "band": 1,
     "example": {"es": "Son cuatro euros.", "en": "That's four euros."}},
    {"id": "tcw-tarjeta", "difficulty": "beginner", "topic": "shopping", "spanish": "tarjeta",
     "english": "card", "pos": "noun", "gender": "f", "band": 2,
     "example": {"es": "Pago con tarjeta.", "en": "I'm paying by card."}},
    {"id": "tcw-le", "difficulty": "beginner", "topic": "food", "spanish": "le",
     "english": "(to) him; (to) her; (to) you", "pos": "pronoun", "band": 1,
     "example": {"es": "¿Qué le pongo?", "en": "What can I get you?"}}
  ]
}
EOF

plan 16
"$AIDIOMA" --db "$DB" import "$TMPD/cafe-words.json" > /dev/null 2> "$TMPD/err"
check "a pack of words imports" [ $? -eq 0 ]

# the conversation: a slip in almost every turn, a branch that fired
# already, a goal reached by a phrase, and /end
cat > "$TMPD/turns" <<'EOF'
Hola, buenos dias

Quiero un cafe con leche
Una tostada, por favor.
Hola otra vez
Cuanto es la cuenta?
Puedo pagar con tarjeta?
Muchas gracias!
/end
this line comes after the end and is never read
EOF
"$AIDIOMA" --db "$DB" --user bea tutor --scenario tsc-cafe < "$TMPD/turns" > "$TMPD/out" 2> "$TMPD/err"
check "tutor: exit status 0" [ $? -eq 0 ]
if [ -n "$UPDATE_GOLDEN" ]; then
	cp "$TMPD/out" "$GOLDEN"
fi
if diff -u "$GOLDEN" "$TMPD/out" > "$TMPD/diff"; then
	ok "tutor: output matches the golden file"
else
	not_ok "tutor: output differs from the golden file" "$(cat "$TMPD/diff" "$TMPD/err")"
fi
check "tutor: nothing on stderr" [ ! -s "$TMPD/err" ]

# the activity it saved
"$AIDIOMA" --db "$DB" --user bea stats > "$TMPD/stats"
check "stats: one conversation for bea" grep -q "^activities: 1 (practice 0, reading 0, flashcards 0, conversation 1)$" "$TMPD/stats"
check "stats: the scenario in progress" grep -q "^items due now: 0 of 1 in progress$" "$TMPD/stats"
"$AIDIOMA" --db "$DB" --user bea export --format csv > "$TMPD/acts"
check "the activity: conversation, tsc-cafe, score 100" grep -q ",conversation,tsc-cafe,100,0," "$TMPD/acts"
check "the activity: turns, corrections, new words, goals" \
	grep -q '"turns"":7,""corrections"":5,""new_words"":2,""goals"":\[""greet"",""order"",""pay""\],""goals_total"":3' "$TMPD/acts"

# one JSON object per line; the end of input ends it too; --no-record saves nothing
printf 'hola\n¿Me trae la cuenta?\n' | "$AIDIOMA" --db "$DB" --user bea tutor --scenario tsc-cafe --json --no-record > "$TMPD/json"
check "--json: exit status 0" [ $? -eq 0 ]
check "--json: opening, two turns, closing" [ "$(wc -l < "$TMPD/json")" -eq 4 ]
check "--json: a turn with its branch's goal" \
	grep -q '^{"type":"turn","turn":2,"reply":"Son cuatro euros, por favor.",.*"goals_reached":\["pay"\],"goals":\["greet","pay"\],"goals_total":3,"learner":"¿Me trae la cuenta?","correction":null}$' "$TMPD/json"
check "--json: the summary, not saved" \
	grep -q '"summary":{"turns":2,"corrections":0,"new_words":1,"goals_reached":2,"goals_total":3,"score":66.7,"duration_ms":0},"recorded":false}$' "$TMPD/json"
"$AIDIOMA" --db "$DB" --user bea stats > "$TMPD/stats"
check "--no-record: still one conversation" grep -q "conversation 1)$" "$TMPD/stats"

# scripts find the scenarios, and mistakes are told plainly
"$AIDIOMA" --db "$DB" tutor --list > "$TMPD/list"
check "--list names the scenario" grep -q "^tsc-cafe  *beginner  *En la cafetería (At the café) · Luis, Valencia, Spain · 3 goals$" "$TMPD/list"
"$AIDIOMA" --db "$DB" tutor --scenario ts-001 < /dev/null > /dev/null 2> "$TMPD/err"
check "a sentence is no scenario: exit status 2" [ $? -eq 2 ]
"$AIDIOMA" --db "$DB" tutor < /dev/null > /dev/null 2> "$TMPD/err"
check "no scenario given: exit status 2 and a hint" grep -q "give --scenario ID" "$TMPD/err"
finish
