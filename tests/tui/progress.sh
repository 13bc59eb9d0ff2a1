#!/bin/sh
# progress.sh: a week of practice unlocks an achievement in the TUI, and
# Progress shows the calendar, the figures and the achievement, with and
# without colour.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 10
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
export AIDIOMA_ASSETS="$TMPD/assets"
"$AIDIOMA" --db "$DB" init > /dev/null || { echo "Bail out! init failed"; exit 1; }
# six days in a row of practice from the command line
for d in 1 2 3 4 5 6; do
	AIDIOMA_NOW=2026-03-0${d}T10:00:00Z "$AIDIOMA" --db "$DB" --user lucia eval --record \
		--content ts-001 --answer "Me llamo Marta." > /dev/null || echo "# eval failed on day $d"
done
export AIDIOMA_NOW=2026-03-07T10:00:00Z
start 80 24
check "Home, after the first-run questions" skip_welcome
check "Home shows the six-day streak" wait_for "Streak: 6 days"
tm send-keys -t t 1
check "Practice" wait_for "Translate into Spanish:"
if grep -q "My name is Marta." "$TMPD/screen"; then
	answer="Me llamo Marta."
else
	answer="Me gustan las manzanas verdes."
fi
tm send-keys -t t -l "$answer"
tm send-keys -t t Enter
check "the seventh day unlocks an achievement" wait_for "Achievement unlocked: Dedicated Learner"
tm send-keys -t t q 5
check "Progress shows the streak" wait_for "streak 7 days"
check "the calendar counts the active days" grep -q "active on 7 days" "$TMPD/screen"
check "the practice figures" grep -q "Practice      7 sentences · average 100 (A+)" "$TMPD/screen"
check "the achievement" grep -q "✓ Dedicated Learner" "$TMPD/screen"
tm kill-server
SOCK="$TMPD/tmux2.sock"
export NO_COLOR=1
start 120 40
wait_for "¡Hola, " > /dev/null
tm send-keys -t t 5
check "without colour at 120x40 the full list of achievements" wait_for "Spanish Reader       10 texts read"
check "the calendar is drawn in characters" grep -q "Mon ·*░" "$TMPD/screen"
finish
