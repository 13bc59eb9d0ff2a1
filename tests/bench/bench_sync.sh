#!/bin/sh
# bench_sync.sh: the sync benchmarks (bench_sync) against a private PostgreSQL 15
# started here with its default durability; skipped when PostgreSQL is absent.
# Arguments: the number of activities (1000000) and the row-by-row sample (100000).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP}
AIDIOMA=$BUILD/aidioma
TESTS_SRCDIR=$TOP/tests
export AIDIOMA TESTS_SRCDIR
. "$TOP/tests/lib.sh"
skip_all() { echo "bench_sync: $1: skipped"; exit 0; }
. "$TOP/tests/sync/pglib.sh"
N=${1:-1000000}
SAMPLE=${2:-100000}
B="$BUILD/tests/bench/bench_sync"
PG_DURABLE=1 pg_start -c shared_buffers=256MB -c max_wal_size=4GB
C=$(pg_db bench) || exit 1
DB="$TMPD/bench.db"
"$B" build "$DB" "$N" || exit 1
# one INSERT per row on a sample, then the server emptied for the COPY
set -- $("$B" insert "$DB" "$C" "$SAMPLE")
[ $# -eq 2 ] || { echo "bench_sync: the row-by-row push failed"; exit 1; }
q bench "TRUNCATE aidioma.learning_activities, aidioma.learning_metrics_hourly" > /dev/null
"$B" copy "$DB" "$C" "$1" "$2" || exit 1
"$B" increment "$DB" "$C" || exit 1
