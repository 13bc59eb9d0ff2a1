#!/bin/sh
# bench_tui.sh: the real binary in tmux on a database of many activities:
# time to the first full frame, key to redrawn screen, resident memory.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP}
N=${1:-1000000}
TMUX_BIN=$(command -v tmux) || { echo "bench_tui: tmux is not installed: skipped"; exit 0; }
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/aidioma-bench.XXXXXX")
SOCK="$TMPD/tmux.sock"
trap '"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT
DB="$TMPD/big.db"

echo "building a database of $N activities..."
t0=$(date +%s)
"$BUILD/tests/bench/mkbigdb" "$DB" "$TOP/assets/packs" "$N" || exit 1
echo "  built in $(( $(date +%s) - t0 )) s"

run() { # one start, 40 keys, quit; timings into $TMPD/timing
	rm -f "$TMPD/timing" "$TMPD/done"
	"$TMUX_BIN" -S "$SOCK" -f /dev/null new-session -d -s b -x 80 -y 24 \
		"env TERM=xterm-256color AIDIOMA_TIMING='$TMPD/timing' HOME='$TMPD' XDG_CONFIG_HOME='$TMPD/c' \
		 '$BUILD/aidioma' --db '$DB' --user bench; touch '$TMPD/done'"
	i=0
	while [ $i -lt 100 ] && ! grep -q first_frame "$TMPD/timing" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	for k in $(seq 1 20); do
		"$TMUX_BIN" -S "$SOCK" send-keys -t b j
		sleep 0.02
		"$TMUX_BIN" -S "$SOCK" send-keys -t b k
		sleep 0.02
	done
	"$TMUX_BIN" -S "$SOCK" send-keys -t b q
	i=0
	while [ $i -lt 100 ] && [ ! -e "$TMPD/done" ]; do sleep 0.1; i=$((i + 1)); done
	"$TMUX_BIN" -S "$SOCK" kill-server 2>/dev/null
}

for r in 1 2 3 4 5; do
	run
	grep first_frame "$TMPD/timing" | awk '{print $2}' >> "$TMPD/first"
	grep key_ms "$TMPD/timing" | awk '{print $2}' >> "$TMPD/keys"
	grep max_rss_kb "$TMPD/timing" | awk '{print $2}' >> "$TMPD/rss"
	grep private_kb "$TMPD/timing" | awk '{print $2}' >> "$TMPD/priv"
done
first=$(sort -n "$TMPD/first" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
keyp50=$(sort -n "$TMPD/keys" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
keyp95=$(sort -n "$TMPD/keys" | awk '{a[NR]=$1} END {i=int(NR*0.95); if (i<1) i=1; print a[i]}')
rss=$(sort -n "$TMPD/rss" | tail -1)
priv=$(sort -n "$TMPD/priv" 2>/dev/null | tail -1)
verdict() { awk -v x="$1" -v g="$2" 'BEGIN {print (x < g) ? "met" : "MISSED"}'; }
echo "aidioma TUI benchmarks ($N activities, 80x24, 5 starts, $(wc -l < "$TMPD/keys") keys)"
printf '%-40s %8.2f ms      (goal < 50 ms: %s)\n' "time to the first full frame (median)" "$first" "$(verdict "$first" 50)"
printf '%-40s %8.3f ms p50, %.3f ms p95 (goal < 5 ms: %s)\n' "key to redrawn screen" "$keyp50" "$keyp95" "$(verdict "$keyp95" 5)"
printf '%-40s %8.1f MB      (goal < 10 MB: %s)\n' "resident memory (peak)" "$(echo "$rss" | awk '{print $1/1024}')" "$(verdict "$(echo "$rss" | awk '{print $1/1024}')" 10)"
printf '%-40s %8.1f MB      (the rest is shared library pages)\n' "  of which private to the process" "$(echo "${priv:-0}" | awk '{print $1/1024}')"
