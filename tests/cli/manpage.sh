#!/bin/sh
# manpage.sh: the manual page describes every command 'aidioma --help' lists.
. "$(dirname "$0")/../lib.sh"

MAN="$TESTS_SRCDIR/../data/aidioma.1"
"$AIDIOMA" --help > "$TMPD/help"
# the commands: the first word of each indented line between "commands:" and the settings
sed -n '/^commands:/,/^settings/p' "$TMPD/help" | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' > "$TMPD/commands"
n=$(wc -l < "$TMPD/commands")
plan $((n + 1))
if [ "$n" -ge 10 ]; then
	ok "--help lists the commands ($n)"
else
	not_ok "--help lists the commands" "found $n" "$(cat "$TMPD/help")"
fi
while read -r c; do
	# groff writes a hyphen as \-
	pat=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
	if grep -q "^\.B $pat\( \|\$\)" "$MAN"; then
		ok "the manual page has '$c'"
	else
		not_ok "the manual page has '$c'" "no '.B $c' entry in data/aidioma.1"
	fi
done < "$TMPD/commands"
finish
