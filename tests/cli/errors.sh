#!/bin/sh
# errors.sh: exit statuses, error messages, and bad input that changes nothing.
. "$(dirname "$0")/../lib.sh"

plan 33
DB="$TMPD/e.db"
PACKS="$TESTS_SRCDIR/fixtures/packs"

# expect STATUS PATTERN NAME -- ARGS: run aidioma, check its status and stderr
expect() {
	want=$1 pattern=$2 name=$3
	shift 4
	"$AIDIOMA" "$@" > "$TMPD/out" 2> "$TMPD/err"
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

expect 2 "aidioma: unknown command 'frobnicate'" "unknown command" -- frobnicate
expect 2 "aidioma: unknown option '--frob'" "unknown option" -- --frob
expect 2 "aidioma: --db needs a value" "option without value" -- --db
expect 1 "run 'aidioma init' to create it" "missing database" -- --db "$TMPD/none.db" stats
expect 2 "export: --format must be json or csv, not 'xml'" "bad format" -- --db "$DB" export --format xml
expect 2 "import: no pack files given" "import without files" -- --db "$DB" import
expect 0 "usage: aidioma" "help" -- --help
expect 0 "desired_retention" "help lists the settings" -- --help
expect 0 "usage: aidioma \[--db PATH\] import" "command help" -- import --help
expect 0 "imported 0 packs\|database" "init without packs" -- --db "$DB" init --no-packs

# a bad pack among good ones: exit 2, the file and line named, nothing imported
expect 2 "two-hints.json:16:16: items\[0\].hints: must have exactly 3 elements" "bad pack" -- \
	--db "$DB" import "$PACKS/good/sentences.json" "$PACKS/bad/two-hints.json"
"$AIDIOMA" --db "$DB" stats > "$TMPD/stats" 2>&1
check "bad pack: nothing imported" grep -q "content: 0 sentences, 0 texts" "$TMPD/stats"
expect 1 "cannot open '$TMPD/missing.json'" "missing pack file" -- --db "$DB" import "$TMPD/missing.json"
expect 0 "imported 4 packs: 8 new, 0 updated, 0 unchanged" "good packs" -- --db "$DB" import "$PACKS/good"
expect 0 "imported 4 packs: 0 new, 0 updated, 8 unchanged" "import again" -- --db "$DB" import "$PACKS/good"

# a database from a newer aidioma is refused, not damaged
cp "$DB" "$TMPD/newer.db"
if command -v sqlite3 > /dev/null 2>&1; then
	sqlite3 "$TMPD/newer.db" "PRAGMA user_version = 42"
	expect 2 "newer than this aidioma knows" "newer database" -- --db "$TMPD/newer.db" stats
else
	ok "newer database: exit status 2 # SKIP sqlite3 not installed"
	ok "newer database: says 'newer' # SKIP sqlite3 not installed"
fi

# a bad setting is reported once and its default used
mkdir -p "$XDG_CONFIG_HOME/aidioma"
printf 'daily_new = lots\ntheme = dark\n' > "$XDG_CONFIG_HOME/aidioma/config"
expect 0 "config:1: daily_new: 'lots' is not a whole number: default 20 used" "bad setting" -- --db "$DB" stats
finish
