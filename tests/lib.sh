# lib.sh: TAP helpers and paths for the shell tests (sourced, not run).
: "${AIDIOMA:?run through make check, or set AIDIOMA to the aidioma binary}"
: "${TESTS_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TESTS_BUILDDIR:=$TESTS_SRCDIR}"

TEST_N=0
TEST_FAILED=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/aidioma-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT
export TZ=UTC LC_ALL=C.UTF-8 HOME="$TMPD/home" XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data"
unset AIDIOMA_DB
# The slow-query log records what a loaded machine happens to run slowly,
# even after a rollback; the checks that compare a database byte for byte
# must not see it.  Its own tests set the threshold they need.
AIDIOMA_SLOW_MS=600000
export AIDIOMA_SLOW_MS
mkdir -p "$HOME"

plan() { echo "1..$1"; }
ok() { TEST_N=$((TEST_N + 1)); echo "ok $TEST_N - $1"; }
not_ok() {
	TEST_N=$((TEST_N + 1)); TEST_FAILED=$((TEST_FAILED + 1))
	echo "not ok $TEST_N - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/# /'
	return 0
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
# check NAME COMMAND...: ok when the command succeeds
check() { _check_name=$1; shift; if "$@"; then ok "$_check_name"; else not_ok "$_check_name"; fi; }
finish() { [ "$TEST_FAILED" -eq 0 ]; exit $?; }
