#!/bin/sh
# home.sh: the real binary in a private tmux server: Home, help, resize, quit.
. "$(dirname "$0")/../lib.sh"

. "$(dirname "$0")/tmux.sh"

plan 12
start 80 24
check "first run: Home greets the learner" wait_for "¡Hola, lucia!"
check "Home shows the menu" wait_for "Conversation"
check "the bundled course was imported" grep -q "Course: [1-9][0-9]* sentences" "$TMPD/screen"
tm send-keys -t t '?'
check "? opens the help overlay" wait_for "Help: Home"
tm send-keys -t t x
check "any key closes the help" wait_gone "Help: Home"
tm send-keys -t t j j Enter
check "Enter on a menu item answers" wait_for "Flashcards is not available"
tm resize-window -t t -x 50 -y 12
check "a small terminal gets a notice" wait_for "Terminal too small"
tm resize-window -t t -x 120 -y 40
check "resizing back redraws Home" wait_for "¡Hola, lucia!"
tm send-keys -t t q
check "q on Home quits with status 0" exited_with 0
tm kill-server
SOCK="$TMPD/tmux2.sock" # a fresh server for the second start

start 80 24
check "second start: Home again" wait_for "¡Hola, lucia!"
tm send-keys -t t C-c
check "Ctrl-C quits cleanly with status 0" exited_with 0
tm capture-pane -p -t t > "$TMPD/screen"
check "the terminal is restored after quitting" wait_gone "¡Hola"
finish
