#!/bin/sh
# home.sh: the real binary in a private tmux server: Home, help, resize, quit.
. "$(dirname "$0")/../lib.sh"

TMUX_BIN=${TMUX_BIN:-$(command -v tmux)}
[ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ] || skip_all "tmux is not installed (apt-get install tmux)"
SOCK="$TMPD/tmux1.sock"
DB="$TMPD/tui.db"
tm() { "$TMUX_BIN" -S "$SOCK" "$@"; }
trap 'for s in "$TMPD"/tmux*.sock; do "$TMUX_BIN" -S "$s" kill-server 2>/dev/null; done; rm -rf "$TMPD"' EXIT

# wait_for PATTERN: poll the screen until PATTERN shows (10 s at most)
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t t > "$TMPD/screen" 2>/dev/null
		grep -q -- "$1" "$TMPD/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# wait_gone PATTERN: poll until PATTERN is no longer on the screen
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t t > "$TMPD/screen" 2>/dev/null
		grep -q -- "$1" "$TMPD/screen" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
start() {
	rm -f "$TMPD/exit"
	tm -f /dev/null new-session -d -s t -x "$1" -y "$2" \
		"env TERM=xterm-256color '$AIDIOMA' --db '$DB' --user lucia; echo \$? > '$TMPD/exit'; sleep 30"
}
exited_with() {
	i=0
	while [ $i -lt 100 ] && [ ! -s "$TMPD/exit" ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMPD/exit" ] && [ "$(cat "$TMPD/exit")" = "$1" ]
}

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
