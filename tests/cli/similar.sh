#!/bin/sh
# similar.sh: 'aidioma eval' recalls the learner's own similar mistakes on the
# same sentence ("similar before:", and "similar" in --json), never another
# learner's or another sentence's; 'aidioma stats --costs' adds up the costs.
. "$(dirname "$0")/../lib.sh"

plan 14
DB="$TMPD/similar.db"
"$AIDIOMA" --db "$DB" import "$TESTS_SRCDIR/fixtures/packs/good" > /dev/null || {
	echo "Bail out! import failed"; exit 1; }
export AIDIOMA_NOW=2026-03-10T18:00:00Z AIDIOMA_AI_URL=
ev() { "$AIDIOMA" --db "$DB" --user "$@"; }

ev ana eval --content ts-002 --answer "Me gusta las manzanas verdes." --record > "$TMPD/1" 2>&1
check "a first mistake recalls nothing" sh -c "! grep -q 'similar before' '$TMPD/1'"
ev ana eval --content ts-002 --answer "Me gusta las manzana verdes." --record > "$TMPD/2" 2>&1
check "the same mistake again recalls the first, with its main error" grep -q \
	'^similar before: Me gusta las manzanas verdes\. (2026-03-10, score [0-9]*, 9[0-9]% alike): inflection: .*gustan' \
	"$TMPD/2"
check "one line for one earlier mistake" test "$(grep -c '^similar before:' "$TMPD/2")" -eq 1

ev ana eval --content ts-002 --answer "Me gusta las manzanas verde." --json > "$TMPD/3" 2>&1
check "--json has a \"similar\" array of both" \
	test "$(grep -o '"activity_id":' "$TMPD/3" | wc -l)" -eq 2
check "each with the answer, score, similarity and main error" grep -q \
	'"similar":\[{"activity_id":"[0-9a-f-]*","answer":"Me gusta las manzanas verdes.","score":[0-9.]*,"similarity":0\.9[0-9]*,"main_error":"inflection: ' \
	"$TMPD/3"
check "the JSON is still one object" sh -c "[ \$(wc -l < '$TMPD/3') -eq 1 ]"

ev ben eval --content ts-002 --answer "Me gusta las manzanas verdes." > "$TMPD/4" 2>&1
check "another learner never sees them" sh -c "! grep -q 'similar before' '$TMPD/4'"
ev ben eval --content ts-002 --answer "Me gusta las manzanas verdes." --json > "$TMPD/5" 2>&1
check "and --json says so with an empty array" grep -q '"similar":\[\]' "$TMPD/5"
ev ana eval --content ts-001 --answer "Me gusta las manzanas verdes." > "$TMPD/6" 2>&1
check "another sentence recalls nothing" sh -c "! grep -q 'similar before' '$TMPD/6'"
ev ana eval --content ts-002 --answer "Me gustan las manzanas verdes." > "$TMPD/7" 2>&1
check "a right answer is no mistake to recall" sh -c "! grep -q 'similar before' '$TMPD/7'"

ev ana stats --costs > "$TMPD/costs" 2>&1
check "stats --costs: the learner's line" grep -q \
	'^costs: ana: AI spent \$0\.0000 on 0 calls, the cache saved \$0\.0000 on 0 answers$' "$TMPD/costs"
check "stats --costs: the class's line" grep -q \
	'^costs: the class (2 users): AI spent \$0\.0000 on 0 calls' "$TMPD/costs"
ev ana stats --costs --json > "$TMPD/costs.json" 2>&1
check "stats --costs --json: the learner and the class" sh -c \
	"grep -q '\"login\":	\"ana\"' '$TMPD/costs.json' && grep -q '\"users\":	2' '$TMPD/costs.json'"
ev ana stats --costs --bogus > /dev/null 2>&1
check "a bad argument is bad usage" [ $? -eq 2 ]
finish
