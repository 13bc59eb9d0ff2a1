#!/bin/sh
# conversation.sh: Conversation in the real binary under tmux: pick a scenario,
# a short offline conversation that ticks goals, a correction shown and
# hidden, a new word added to Flashcards, resizing, the end and its summary.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 27
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
# a few words of the café, so the tutor has new words to teach
cat > "$TMPD/assets/packs/cafe-words.json" <<'EOF'
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
     "example": {"es": "Son cuatro euros.", "en": "That's four euros."}}
  ]
}
EOF
export AIDIOMA_ASSETS="$TMPD/assets" AIDIOMA_NOW=2026-03-10T18:00:00Z
start 80 24
check "Home, after the first-run questions" skip_welcome
tm send-keys -t t 4
check "Conversation lists the scenarios, the learner's level first" wait_for "Pick a scenario · beginner first"
check "a scenario with its English title, level, tutor and goals" \
	grep -q "En la cafetería *At the café *beginner *Luis, Valencia.* 3 goals" "$TMPD/screen"
check "it says it runs the offline script" grep -q "offline: scripted conversation" "$TMPD/screen"
tm send-keys -t t Enter
check "the tutor opens" wait_for "Luis: Buenos días. ¿Qué desea tomar?"
check "the goals panel, none reached" grep -q "Goals 0/3" "$TMPD/screen"

tm send-keys -t t -l "Hola, buenos dias"
tm send-keys -t t Enter
check "the tutor answers from the script" wait_for "Luis: Buenos días. ¿Qué le pongo?"
check "a goal ticks" grep -q "\[x\] Greet the waiter" "$TMPD/screen"
check "the turn's correction shows" grep -q "✎ Hola, buenos días" "$TMPD/screen"
tm send-keys -t t F3
check "F3 hides the corrections" wait_gone "✎ Hola"
tm send-keys -t t F3
check "F3 shows them again" wait_for "✎ Hola, buenos días"

tm send-keys -t t -l "Un cafe"
tm send-keys -t t Enter
check "the reply brings a new word" wait_for "+ comer — to eat"
check "a second goal" grep -q "Goals 2/3" "$TMPD/screen"
tm send-keys -t t F4
check "F4 adds it to Flashcards" wait_for "Added to your flashcards: comer."
check "the word is marked added" grep -q "✓ comer — to eat" "$TMPD/screen"
tm send-keys -t t F2
check "F2 shows the English of the tutor's last line" wait_for "Very well, a coffee. Anything to eat?"

# letters are text here: q types a q; the accent helper as in Practice
tm send-keys -t t -l "q"
check "q is text while typing" wait_for "> q"
tm send-keys -t t C-u
tm send-keys -t t -l "?Cua'nto es la cuenta?"
check "the accent helper types ¿ and á" wait_for "> ¿Cuánto es la cuenta?"
tm resize-window -t t -x 60 -y 20
check "too small under 80x24" wait_for "Terminal too small"
tm resize-window -t t -x 80 -y 24
check "the conversation survives a resize" wait_for "> ¿Cuánto es la cuenta?"
tm send-keys -t t Enter
check "the last goal" wait_for "Goals 3/3"
tm send-keys -t t F1
check "F1 lists the keys" wait_for "F10, Ctrl-D"
tm send-keys -t t Escape
tm send-keys -t t C-d
check "Ctrl-D ends with the closing line" wait_for "Luis: Gracias a usted. ¡Que tenga un buen día!"
# the summary is drawn after the closing line: wait for its last line
summary_shown() {
	wait_for "Goals:        3 of 3" &&
		grep -q "Turns:        3" "$TMPD/screen" &&
		grep -q "Corrections:  2" "$TMPD/screen" &&
		grep -q "New words:    2 (1 added to Flashcards)" "$TMPD/screen" &&
		grep -q "Goals:        3 of 3 (100%)" "$TMPD/screen"
}
check "the summary: turns, corrections, new words, goals" summary_shown
tm send-keys -t t q
check "q goes back to Home" wait_for "¡Hola, "
tm send-keys -t t q
exited_with 0 || true
"$AIDIOMA" --db "$DB" --user lucia export --format csv > "$TMPD/acts"
check "the conversation was saved" grep -q ",conversation,tsc-cafe,100," "$TMPD/acts"
"$AIDIOMA" --db "$DB" --user lucia export --format csv --what progress > "$TMPD/progress"
check "the word is a card in the learner's queue" grep -q "own-.*flashcard" "$TMPD/progress"
finish
