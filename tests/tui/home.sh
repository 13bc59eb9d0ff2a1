#!/bin/sh
# home.sh: the real binary in a private tmux server: Home, help, resize, quit.
. "$(dirname "$0")/../lib.sh"

. "$(dirname "$0")/tmux.sh"

plan 17
start 80 24
check "first run: Welcome asks the learner's name" wait_for "What should we call you?"
tm send-keys -t t C-u
tm send-keys -t t -l "Lucía Pérez"
tm send-keys -t t Enter
check "then the level" wait_for "Hola, Lucía Pérez. How much Spanish do you know?"
tm send-keys -t t 4
check "4 starts the placement quiz" wait_for "Question 1 of 6"
# answers: soy, gustan, fui, vivía, haga, aprendería
for a in 1 2 3 2 3 2; do
	tm send-keys -t t "$a"
	wait_for "Enter continue" || break
	tm send-keys -t t Enter
done
check "the quiz suggests a level" wait_for "You answered 6 of 6. We suggest: advanced."
tm send-keys -t t Enter
check "first run: Home greets the learner by name" wait_for "¡Hola, Lucía Pérez!"
check "Home shows the menu" wait_for "Conversation"
check "the bundled course was imported" grep -q "Course: [1-9][0-9]* sentences" "$TMPD/screen"
tm send-keys -t t '?'
check "? opens the help overlay" wait_for "Help: Home"
tm send-keys -t t x
check "any key closes the help" wait_gone "Help: Home"
tm send-keys -t t j j Enter
check "Enter opens the selected item" wait_for "Space to show the answer"
tm send-keys -t t q
wait_for "¡Hola, " > /dev/null
tm resize-window -t t -x 50 -y 12
check "a small terminal gets a notice" wait_for "Terminal too small"
tm resize-window -t t -x 120 -y 40
check "resizing back redraws Home" wait_for "¡Hola, Lucía Pérez!"
tm send-keys -t t q
check "q on Home quits with status 0" exited_with 0
"$AIDIOMA" --db "$DB" --user lucia stats > "$TMPD/stats"
check "the placed level is saved" grep -q "user: lucia (learner, advanced)" "$TMPD/stats"
tm kill-server
SOCK="$TMPD/tmux2.sock" # a fresh server for the second start

start 80 24
check "second start: Home again, no questions" wait_for "¡Hola, Lucía Pérez!"
tm send-keys -t t C-c
check "Ctrl-C quits cleanly with status 0" exited_with 0
tm capture-pane -p -t t > "$TMPD/screen"
check "the terminal is restored after quitting" wait_gone "¡Hola"
finish
