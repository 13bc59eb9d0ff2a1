#!/bin/sh
# golden.sh: the subcommands' output on a fixture database, against golden files.
# UPDATE_GOLDEN=1 rewrites the golden files from the current output.
. "$(dirname "$0")/../lib.sh"

GOLDEN="$TESTS_SRCDIR/cli/golden"
DB="$TMPD/fixture.db"
"$TESTS_BUILDDIR/cli/mkfixture" "$DB" "$TESTS_SRCDIR/fixtures/packs/good" || { echo "Bail out! mkfixture failed"; exit 1; }
export AIDIOMA_NOW=2026-03-10T18:00:00Z

set -- \
	"stats.txt|--db $DB --user ana stats" \
	"stats.json|--db $DB --user ana stats --json" \
	"export-activities.csv|--db $DB --user ana export --format csv" \
	"export-activities.json|--db $DB --user ana export" \
	"export-progress.csv|--db $DB --user ana export --format csv --what progress" \
	"export-progress.json|--db $DB --user ana export --what progress" \
	"export-content.csv|--db $DB export --what content --format csv" \
	"stats-other.txt|--db $DB --user otro stats" \
	"import-dry-run.txt|import --dry-run $TESTS_SRCDIR/fixtures/packs/good" \
	"version.txt|--version"
plan $(($# * 2))
for spec in "$@"; do
	name=${spec%%|*}
	args=${spec#*|}
	# shellcheck disable=SC2086
	(cd "$TESTS_SRCDIR/.." && "$AIDIOMA" $args) > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	check "$name: exit status 0" [ "$rc" -eq 0 ]
	sed -e "s|$TESTS_SRCDIR/|TESTS/|g" -e "s|$DB|DB|g" "$TMPD/out" > "$TMPD/out.norm"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$TMPD/out.norm" "$GOLDEN/$name"
	fi
	if diff -u "$GOLDEN/$name" "$TMPD/out.norm" > "$TMPD/diff"; then
		ok "$name: output matches the golden file"
	else
		not_ok "$name: output differs from the golden file" "$(cat "$TMPD/diff" "$TMPD/err")"
	fi
done
finish
