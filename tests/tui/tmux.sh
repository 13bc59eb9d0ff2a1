# tmux.sh: drive the real binary in a private tmux server (sourced after lib.sh).
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
# start COLS ROWS [ARGS]: aidioma in a new session t; its exit status lands in $TMPD/exit
start() {
	cols=$1 rows=$2
	shift 2
	rm -f "$TMPD/exit"
	tm -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		"env TERM=xterm-256color '$AIDIOMA' --db '$DB' --user lucia $*; echo \$? > '$TMPD/exit'; sleep 30"
}
exited_with() {
	i=0
	while [ $i -lt 100 ] && [ ! -s "$TMPD/exit" ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMPD/exit" ] && [ "$(cat "$TMPD/exit")" = "$1" ]
}
# skip_welcome: answer the first run's questions (name as it is, beginner)
skip_welcome() {
	wait_for "What should we call you?" || return 1
	tm send-keys -t t Enter
	wait_for "How much Spanish do you know?" || return 1
	tm send-keys -t t 1
	wait_for "¡Hola, " || return 1
}
