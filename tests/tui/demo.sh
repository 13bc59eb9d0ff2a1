#!/bin/sh
# demo.sh: aidioma demo plays to its end under tmux and passes through every
# screen; --keys replays a short script the same way every time.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 12
export AIDIOMA_DATA="$TESTS_SRCDIR/../data"
rm -f "$TMPD/exit"
tm -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env TERM=xterm-256color '$AIDIOMA' demo --speed 8; echo \$? > '$TMPD/exit'; sleep 30"
# collect every screen until the demo ends (a minute at most)
: > "$TMPD/seen"
i=0
while [ $i -lt 600 ] && [ ! -s "$TMPD/exit" ]; do
	tm capture-pane -p -t t >> "$TMPD/seen" 2>/dev/null
	sleep 0.1
	i=$((i + 1))
done
seen() { grep -q -- "$1" "$TMPD/seen"; }
check "the demo ends by itself with status 0" test "$(cat "$TMPD/exit" 2>/dev/null)" = 0
check "Home" seen "¡Hola, Alex!"
check "Practice, a sentence answered with a mistake (ser for estar: the answer key is sure)" \
	seen "close · graded by the answer key"
check "Practice, a hint" seen "Hint 1:"
check "Practice, a right answer" seen "✓ 95  A+"
check "Reading, a gloss" seen "abuelo · noun"
check "Reading, the questions" seen "question 5 of 5"
check "Flashcards" seen "Again"
check "Conversation, goals reached" seen "Goals 5/5"
check "Progress" seen "The last 52 weeks"
check "Settings" seen "accent_helper"

# --keys: a short script, and its effect on the settings file
cat > "$TMPD/k.keys" <<'KEYS'
delay 20
pause 300
key 6
key j 5
key Right
key q
key q
KEYS
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
AIDIOMA_ASSETS="$TMPD/assets" "$AIDIOMA" --db "$TMPD/k.db" --user kim init > /dev/null
"$AIDIOMA" --db "$TMPD/k.db" --user kim eval --content ts-001 --answer "Me llamo Marta." --record > /dev/null
sqlite3 "$TMPD/k.db" "UPDATE users SET preferences = '{\"welcomed\":true}' WHERE login = 'kim'" 2>/dev/null
rm -f "$TMPD/exit"
tm kill-server
SOCK="$TMPD/tmux2.sock"
tm -f /dev/null new-session -d -s t -x 80 -y 24 \
	"env TERM=xterm-256color '$AIDIOMA' --db '$TMPD/k.db' --user kim --keys '$TMPD/k.keys'; echo \$? > '$TMPD/exit'; sleep 30"
exited_with 0 || true
check "--keys plays the script: daily_new raised by one step" \
	grep -q "^daily_new = 25$" "$XDG_CONFIG_HOME/aidioma/config"
finish
