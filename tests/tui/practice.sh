#!/bin/sh
# practice.sh: Practice in the real binary under tmux: a hint, the accent
# helper, a right answer graded and saved, resizing, and back to Home.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 17
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
# a fixed clock and id sequence: the same learner meets the same sentences
export AIDIOMA_ASSETS="$TMPD/assets" AIDIOMA_NOW=2026-03-10T18:00:00Z AIDIOMA_SEED=7
start 80 24
check "Home, after the first-run questions" skip_welcome
tm send-keys -t t Enter
check "Practice asks for a translation" wait_for "Translate into Spanish:"
check "the first sentence of this learner today" grep -q "I like green apples." "$TMPD/screen"
answer="Me gustan las manzanas verdes."
tm send-keys -t t Tab
check "Tab shows the first hint" wait_for "Hint 1:"
check "the next hint's cost is shown" wait_for "Tab hint 2 (-10)"
# the accent helper, typed through the terminal
tm send-keys -t t -l "?Que' tal, sen~or? pingu:ino a''"
check "the accent helper types ¿ é ñ ü" wait_for "¿Qué tal, señor? pingüino a'"
tm send-keys -t t C-u
check "Ctrl-U clears the line" wait_gone "pingüino"
tm resize-window -t t -x 50 -y 12
check "too small while typing" wait_for "Terminal too small"
tm resize-window -t t -x 80 -y 24
check "the hint survives a resize" wait_for "Hint 1:"
tm send-keys -t t -l "$answer"
tm send-keys -t t Enter
check "a right answer with one hint: 95, A+" wait_for "✓ 95  A+"
check "graded by the answer key" grep -q "correct · graded by the answer key" "$TMPD/screen"
# the next sentence, answered wrong
tm send-keys -t t Enter
check "Enter brings the next sentence" wait_for "sentence 2 of 10"
tm send-keys -t t -l "Yo llamo a Marta."
tm send-keys -t t Enter
check "a wrong answer is graded offline, as an estimate" wait_for "offline evaluator (estimate)"
check "its word diff and errors are shown" sh -c "grep -q 'Yo' '$TMPD/screen' && grep -q '• ' '$TMPD/screen'"
check "with the corrected sentence" grep -q "Corrected:  .*llamo Marta." "$TMPD/screen"
tm send-keys -t t q
check "q goes back to Home" wait_for "¡Hola, lucia!"
tm send-keys -t t q
exited_with 0 || true
"$AIDIOMA" --db "$DB" --user lucia stats > "$TMPD/stats"
check "both answers were saved as practice" grep -q "activities: 2 (practice 2" "$TMPD/stats"
finish
