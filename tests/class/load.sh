#!/bin/bash
# load.sh: 30 students at once on one class database, each recording 200 answers
# ('aidioma eval --batch --record'): nothing lost, never "database is locked", and the
# latency of each answer (grading, the write, the wait for the lock) measured here.
. "$(dirname "$0")/../lib.sh"
[ -n "$EPOCHREALTIME" ] || skip_all "needs bash 5 (\$EPOCHREALTIME)"
command -v sqlite3 > /dev/null 2>&1 || skip_all "sqlite3 is not installed (apt-get install sqlite3)"

PROCS=30 EACH=200
# under AddressSanitizer, filling each allocation with a pattern doubles the time
# of a load that is here to measure the database
case $(ldd "$AIDIOMA" 2> /dev/null) in
*libasan*) export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_malloc_fill_size=0" ;;
esac
plan 9
DB="$TMPD/class/load.db"
# a class of the current user's own group, so that no root is needed
"$AIDIOMA" class create load --db "$DB" --group "$(id -gn)" > "$TMPD/out" 2>&1 &&
	"$AIDIOMA" --class "$DB" class add "$(id -un)" >> "$TMPD/out" 2>&1
check "a class database for the load" [ $? -eq 0 ]

# 200 sentences: nine in ten answered as the course has them (the answer key),
# one in ten a little short (the offline evaluator, which also fills the shared cache)
sqlite3 -separator "$(printf '\t')" "$DB" "SELECT id, CASE WHEN rowid % 10 = 0 \
	THEN substr(primary_text, 1, length(primary_text) - 4) ELSE primary_text END \
	FROM learning_content WHERE content_type = 'sentence' ORDER BY id LIMIT $EACH" \
	> "$TMPD/answers"

# student P: one process recording EACH answers; each result line is timed as it
# arrives, so a line's latency is the time since the one before
student() {
	local p=$1 prev now n=0
	prev=$EPOCHREALTIME
	"$AIDIOMA" --class "$DB" eval --batch "$TMPD/answers" --record 2> "$TMPD/err.$p" |
		while IFS= read -r line; do
			now=$EPOCHREALTIME
			case $line in
			*", recorded")
				n=$((n + 1))
				# the first answer also waits for the program to start
				if [ $n -eq 1 ]; then echo "start $now $prev"; else echo "call $now $prev"; fi
				;;
			esac
			prev=$now
		done > "$TMPD/lat.$p"
	echo "${PIPESTATUS[0]}" > "$TMPD/rc.$p"
}
t0=$EPOCHREALTIME
for p in $(seq 1 $PROCS); do student "$p" & done
wait
t1=$EPOCHREALTIME

check "all $PROCS processes succeed" [ "$(cat "$TMPD"/rc.* | sort -u)" = 0 ]
if cat "$TMPD"/err.* | grep -q .; then
	not_ok "no errors, no \"database is locked\"" "$(cat "$TMPD"/err.* | sort | uniq -c | head)"
else
	ok "no errors, no \"database is locked\""
fi
total=$((PROCS * EACH))
count() { sqlite3 "$DB" "$1"; }
check "all $total activities are there" [ "$(count "SELECT count(*) FROM learning_activities")" = $total ]
check "the dashboard's count agrees" [ "$(count "SELECT activities FROM dashboard_stats")" = $total ]
check "so does the day's" [ "$(count "SELECT sum(activities) FROM daily_activity")" = $total ]
check "each sentence's progress counts every attempt" \
	[ "$(count "SELECT count(*) || ' ' || sum(attempts) FROM user_progress")" = "$EACH $total" ]
check "the database is intact" [ "$(count "PRAGMA integrity_check")" = ok ]

cat "$TMPD"/lat.* | awk '$1 == "call" { printf "%.3f\n", ($2 - $3) * 1000 }' | sort -n \
	> "$TMPD/calls"
start_ms=$(awk '$1 == "start" { s += ($2 - $3) * 1000; k++ } END { printf "%.0f", s / k }' \
	"$TMPD"/lat.*)
pct() { awk -v q="$1" '{ a[NR] = $1 } END { i = int(NR * q + 0.5); if (i < 1) i = 1; printf "%.0f", a[i] }' \
	"$TMPD/calls"; }
p99=$(pct 0.99)
awk -v t0="$t0" -v t1="$t1" -v n=$total -v k=$PROCS 'BEGIN {
	printf "# %d answers by %d processes in %.1f s: %.0f a second\n", n, k, t1 - t0, n / (t1 - t0) }'
echo "# latency of an answer (grading, the write, the wait for the lock), $(wc -l < "$TMPD/calls") measured:"
echo "#   p50 $(pct 0.50) ms, p95 $(pct 0.95) ms, p99 $p99 ms, max $(pct 1) ms"
echo "# the first answer of each process, start-up included: $start_ms ms on average"
check "the 99th percentile ($p99 ms) is far below the 15 s lock timeout" [ "$p99" -lt 5000 ]
finish
