#!/bin/sh
# flashcards.sh: Flashcards in the real binary under tmux: the front, the
# answer with each button's interval, every grade, undo, and typed answers.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 14
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
export AIDIOMA_ASSETS="$TMPD/assets"
start 80 24
check "Home, after the first-run questions" skip_welcome
tm send-keys -t t 3
check "the most frequent new card comes first" wait_for "dormir"
check "with its part of speech" grep -q "verb" "$TMPD/screen"
check "the counters" grep -q "New 3" "$TMPD/screen"
tm send-keys -t t Space
check "Space shows the answer" wait_for "to sleep"
check "each button shows its interval" grep -q "1 Again" "$TMPD/screen"
check "the steps of a new card: 1m for Again, 10m for Good" \
	sh -c "grep -A1 '1 Again' '$TMPD/screen' | grep -q '1m' && grep -A1 '3 Good' '$TMPD/screen' | grep -q '10m'"
tm send-keys -t t 3
check "Good moves on to the next card" wait_for "New 2"
tm send-keys -t t u
check "u undoes it" wait_for "Undone."
check "and the card is back" wait_for "dormir"
tm send-keys -t t Space 1
wait_for "New 2" > /dev/null
tm send-keys -t t Space 2
wait_for "New 1" > /dev/null
tm send-keys -t t Space 4
check "after Again, Hard and Easy the queue is done for now" wait_for "No more cards for now"
tm resize-window -t t -x 100 -y 30
check "and still after a resize" wait_for "No more cards for now"
tm send-keys -t t q q
exited_with 0 || true
"$AIDIOMA" --db "$DB" --user lucia stats > "$TMPD/stats"
check "three reviews are saved (the undone one is not)" grep -q "flashcards 3" "$TMPD/stats"

# typed answers: the English shown, the Spanish typed, accents checked
mkdir -p "$XDG_CONFIG_HOME/aidioma"
printf 'typed_answers = true\ndaily_new = 50\n' > "$XDG_CONFIG_HOME/aidioma/config"
tm kill-server
SOCK="$TMPD/tmux2.sock"
AIDIOMA_NOW=2030-01-01T10:00:00Z
export AIDIOMA_NOW
start 80 24
wait_for "¡Hola, " > /dev/null
tm send-keys -t t 3
wait_for "Type the Spanish:" > /dev/null
if grep -q "  cat" "$TMPD/screen"; then word="gato"
elif grep -q "window" "$TMPD/screen"; then word="ventana"
else word="dormir"; fi
tm send-keys -t t -l "$word"
tm send-keys -t t Enter
check "a typed answer is checked" wait_for "✓ right"
finish
