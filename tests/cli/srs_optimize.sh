#!/bin/sh
# srs_optimize.sh: aidioma srs optimize on a simulated learner's reviews, its refusals, and srs simulate.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 > /dev/null 2>&1 || skip_all "sqlite3 is not installed (it reads the saved weights)"
MK="$TESTS_BUILDDIR/cli/mkreviews"
[ -x "$MK" ] || { echo "Bail out! $MK is missing (make check builds it)"; exit 1; }

DB="$TMPD/reviews.db"
plan 33

# run NAME ARGS...: aidioma with ARGS, output in $TMPD/out and $TMPD/err, status in $rc
run() {
	name=$1
	shift
	"$AIDIOMA" "$@" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
}
# has NAME PATTERN FILE: ok when FILE says PATTERN
has() {
	if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1" "$(cat "$TMPD/out" "$TMPD/err")"; fi
}
# sql QUERY: one value from the database
sql() { sqlite3 "$DB" "$1"; }
# json FILE PATH: one value of a JSON file
json() { sqlite3 :memory: "SELECT json_extract(readfile('$1'), '$2')"; }

# ---- a database with a learner's reviews
run init --db "$DB" init --no-packs
check "init --no-packs: exit status 0" [ "$rc" -eq 0 ]
run import --db "$DB" import "$TESTS_SRCDIR/fixtures/packs/good"
check "import the good packs: exit status 0" [ "$rc" -eq 0 ]
"$MK" "$DB" ana 240 8 5 > "$TMPD/mk" 2>&1
check "mkreviews writes ana's reviews" grep -q "reviews of 1920 cards" "$TMPD/mk"
"$MK" "$DB" poco 1 3 5 > "$TMPD/mk" 2>&1
check "mkreviews writes poco's few reviews" grep -q "reviews of 3 cards" "$TMPD/mk"
reviews=$(sql "SELECT count(*) FROM learning_activities a JOIN users u ON u.id = a.user_id
	WHERE u.login = 'ana' AND a.activity_type = 'memorize' AND a.metadata LIKE '%rating%'")

# ---- optimize
run optimize --db "$DB" --user ana srs optimize
check "optimize: exit status 0" [ "$rc" -eq 0 ]
has "optimize: counts the reviews in the log" "^reviews: $reviews, [0-9]* of them a day or more" "$TMPD/out"
has "optimize: prints the defaults' log loss and RMSE" "^default weights  *0\.[0-9]\{4\}  *0\.[0-9]\{4\}$" "$TMPD/out"
has "optimize: prints the fitted log loss and RMSE" "^fitted weights  *0\.[0-9]\{4\}  *0\.[0-9]\{4\}$" "$TMPD/out"
has "optimize: says where the weights went" "fsrs_weights saved in the user's preferences" "$TMPD/out"
has "optimize: leaves out a review without a rating" "^left out: 1 flashcard activity without a rating$" "$TMPD/out"
check "optimize: nothing on standard error" [ ! -s "$TMPD/err" ]
cp "$TMPD/out" "$TMPD/text"

check "the weights are saved: 21 numbers" \
	[ "$(sql "SELECT count(*) FROM users, json_each(users.preferences, '\$.fsrs_weights')
		WHERE login = 'ana' AND typeof(value) IN ('real', 'integer')")" = 21 ]
check "the saved decay lies within fsrs-rs's bounds" \
	[ "$(sql "SELECT json_extract(preferences, '\$.fsrs_weights[20]') BETWEEN 0.1 AND 0.8
		AND json_extract(preferences, '\$.fsrs_weights[4]') BETWEEN 1 AND 10
		FROM users WHERE login = 'ana'")" = 1 ]
check "the other preferences stay" \
	[ "$(sql "SELECT json_extract(preferences, '\$.theme') FROM users WHERE login = 'ana'")" = dark ]
check "poco's weights are untouched" \
	[ "$(sql "SELECT json_type(preferences, '\$.fsrs_weights') IS NULL FROM users WHERE login = 'poco'")" = 1 ]

run "optimize --json" --db "$DB" --user ana srs optimize --json
check "optimize --json: exit status 0" [ "$rc" -eq 0 ]
check "optimize --json: valid JSON with the user" [ "$(json "$TMPD/out" '$.user')" = ana ]
check "optimize --json: all the reviews counted" [ "$(json "$TMPD/out" '$.reviews')" = "$reviews" ]
check "optimize --json: the fitted log loss beats the defaults'" \
	[ "$(sqlite3 :memory: "SELECT json_extract(readfile('$TMPD/out'), '\$.fitted.log_loss') <
		json_extract(readfile('$TMPD/out'), '\$.default.log_loss') AND
		json_extract(readfile('$TMPD/out'), '\$.fitted.rmse_bins') <
		json_extract(readfile('$TMPD/out'), '\$.default.rmse_bins')")" = 1 ]
check "optimize --json: the weights printed are the weights saved" \
	[ "$(sql "SELECT json(json_extract(readfile('$TMPD/out'), '\$.fsrs_weights')) =
		json(json_extract(preferences, '\$.fsrs_weights')) FROM users WHERE login = 'ana'")" = 1 ]
check "optimize --json: the same numbers as the text" \
	grep -q "^fitted weights  *$(printf '%.4f' "$(json "$TMPD/out" '$.fitted.log_loss')") " "$TMPD/text"

# ---- refusals
run "no reviews" --db "$DB" --user nadie srs optimize
check "a learner without reviews: exit status 1" [ "$rc" -eq 1 ]
has "a learner without reviews: says so and what is needed" \
	"^aidioma: srs optimize: 'nadie': no reviews to fit: at least 64 reviews on 8 cards" "$TMPD/err"
run "few reviews" --db "$DB" --user poco srs optimize
check "a learner with few reviews: exit status 1" [ "$rc" -eq 1 ]
has "a learner with few reviews: counts them" \
	"^aidioma: srs optimize: 'poco': too few reviews to fit: of [0-9]* reviews, [0-9]* come.* at least 64 such reviews on 8 cards" \
	"$TMPD/err"
run "unknown option" --db "$DB" srs optimize --fast
check "optimize --fast: exit status 2" [ "$rc" -eq 2 ]

# ---- simulate: FSRS against SM-2 on the same learner
run "simulate fsrs" srs simulate --days 120 --new-per-day 10 --json
cp "$TMPD/out" "$TMPD/fsrs.json"
run "simulate sm2" srs simulate --days 120 --new-per-day 10 --algo sm2 --json
cp "$TMPD/out" "$TMPD/sm2.json"
check "simulate: FSRS and SM-2 each count 120 days" \
	[ "$(json "$TMPD/fsrs.json" '$.reviews_per_day[119]')" -gt 0 -a \
	  "$(json "$TMPD/sm2.json" '$.reviews_per_day[119]')" -gt 0 ]
check "simulate: both introduce 1200 cards" \
	[ "$(json "$TMPD/fsrs.json" '$.cards_introduced')" = 1200 -a \
	  "$(json "$TMPD/sm2.json" '$.cards_introduced')" = 1200 ]
check "simulate: FSRS at 0.90 keeps the learner near 90%" \
	[ "$(sqlite3 :memory: "SELECT abs(json_extract(readfile('$TMPD/fsrs.json'), '\$.true_retention') - 0.9) < 0.03")" = 1 ]
run "simulate 0.95" srs simulate --days 120 --new-per-day 10 --retention 0.95 --json
check "simulate: a retention of 0.95 costs more reviews than 0.90" \
	[ "$(json "$TMPD/out" '$.total_reviews')" -gt "$(json "$TMPD/fsrs.json" '$.total_reviews')" ]
run "simulate text" srs simulate --days 60 --new-per-day 5 --algo sm2 --seed 3
has "simulate: a table of reviews a day" "^  days 1-7  *[0-9.]*  #" "$TMPD/out"
"$AIDIOMA" srs simulate --days 60 --new-per-day 5 --algo sm2 --seed 3 > "$TMPD/again" 2>&1
check "simulate: the same seed, the same output" cmp -s "$TMPD/out" "$TMPD/again"
run "simulate bad retention" srs simulate --retention 0.5
check "simulate --retention 0.5: exit status 2" [ "$rc" -eq 2 ]
finish
