#!/bin/sh
# replay.sh: aidioma srs replay against ts-fsrs's own numbers, SM-2 against its golden file.
# The fsrs-*.out.json fixtures were computed by ts-fsrs (tests/srs/reference.mjs);
# UPDATE_GOLDEN=1 rewrites only the SM-2 golden file from the current output.
. "$(dirname "$0")/../lib.sh"

FIX="$TESTS_SRCDIR/fixtures/srs"
CMP="$TESTS_BUILDDIR/srs/jsoncmp"
[ -x "$CMP" ] || { echo "Bail out! $CMP is missing (make check builds it)"; exit 1; }

# expect STATUS PATTERN NAME INPUT ARGS...: run srs with INPUT on stdin
expect() {
	want=$1 pattern=$2 name=$3 input=$4
	shift 4
	printf '%s' "$input" | "$AIDIOMA" srs "$@" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		not_ok "$name: exit status $want" "got $rc" "$(cat "$TMPD/err")"
	else
		ok "$name: exit status $want"
	fi
	if grep -q -- "$pattern" "$TMPD/err" "$TMPD/out"; then
		ok "$name: says '$pattern'"
	else
		not_ok "$name: says '$pattern'" "$(cat "$TMPD/err" "$TMPD/out")"
	fi
}

set -- "$FIX"/fsrs-*.in.json
plan $(($# * 2 + 2 + 13 * 2))

# FSRS: every field of every review as ts-fsrs computed it
for input in "$@"; do
	name=$(basename "$input" .in.json)
	"$AIDIOMA" srs replay --algo fsrs < "$input" > "$TMPD/out" 2> "$TMPD/err"
	check "$name: exit status 0" [ $? -eq 0 ]
	if "$CMP" "${input%.in.json}.out.json" "$TMPD/out" > "$TMPD/cmp" 2>&1; then
		ok "$name: $(tail -n 1 "$TMPD/cmp") with ts-fsrs"
	else
		not_ok "$name: differs from ts-fsrs" "$(cat "$TMPD/cmp" "$TMPD/err")"
	fi
done

# SM-2: the golden file
"$AIDIOMA" srs replay --algo sm2 < "$FIX/sm2.in.json" > "$TMPD/out" 2> "$TMPD/err"
check "sm2: exit status 0" [ $? -eq 0 ]
[ -n "$UPDATE_GOLDEN" ] && cp "$TMPD/out" "$FIX/sm2.out.json"
if "$CMP" "$FIX/sm2.out.json" "$TMPD/out" > "$TMPD/cmp" 2>&1; then
	ok "sm2: $(tail -n 1 "$TMPD/cmp") with the golden file"
else
	not_ok "sm2: differs from the golden file" "$(cat "$TMPD/cmp" "$TMPD/err")"
fi

# bad input as a whole: exit 2 and the field named
expect 2 "aidioma: srs replay: standard input: not valid JSON (line 2, column 2)" "not JSON" \
	'{"cases": [
]]' replay
expect 2 "aidioma: srs replay: cases: missing, or not an array" "no cases" '{}' replay
expect 2 "aidioma: srs replay: cases\[1\]: must be an object with a \"reviews\" array" \
	"case without reviews" '{"cases": [{"reviews": []}, {"id": 1}]}' replay
expect 2 "aidioma: srs replay: params: must be an array of 21 numbers" "short params" \
	'{"params": [0.4, 0.6], "cases": []}' replay
expect 2 "aidioma: srs replay: desired_retention: must be a number above 0 and at most 1" \
	"retention above 1" '{"desired_retention": 1.5, "cases": []}' replay
expect 2 "aidioma: srs replay: maximum_interval: must be a whole number" "fractional maximum" \
	'{"maximum_interval": 3.5, "cases": []}' replay
expect 2 "aidioma: srs replay: learning_steps\[1\]: '5x' is not a step" "bad step" \
	'{"learning_steps": ["1m", "5x"], "cases": []}' replay
expect 2 "aidioma: srs replay: enable_fuzz: must be true or false" "fuzz not a boolean" \
	'{"enable_fuzz": 1, "cases": []}' replay
expect 2 "aidioma: srs replay: unknown key 'desired_retension'" "misspelt key" \
	'{"desired_retension": 0.9, "cases": []}' replay
expect 2 "aidioma: srs replay: initial_ef: must be a number from 1.3 to 10" "low initial EF" \
	'{"initial_ef": 1.1, "cases": []}' replay --algo sm2
expect 2 "srs replay: --algo must be fsrs or sm2, not 'sm5'" "unknown algorithm" '{}' replay --algo sm5
expect 2 "srs: unknown subcommand 'optimise'" "unknown subcommand" '{}' optimise
expect 0 "usage: aidioma srs replay" "help" '' replay --help
finish
