#!/bin/sh
# eval_ai.sh: aidioma eval against a scripted OpenAI-compatible server on a
# loopback port: graded by the AI once, then by the cache, costed, cached once.
. "$(dirname "$0")/../lib.sh"

FAKE="$TESTS_BUILDDIR/tools/fake_openai"
[ -x "$FAKE" ] || skip_all "the scripted server is not built"
plan 11
DB="$TMPD/ai.db"
"$AIDIOMA" --db "$DB" import "$TESTS_SRCDIR/fixtures/packs/good" > /dev/null || {
	echo "Bail out! import failed"; exit 1; }
cat > "$TMPD/script" <<'EOF'
# one grading; the server leaves after it
body {"id":"c1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"{\"errors\":[{\"category\":\"inflection\",\"severity\":\"medium\",\"learner_text\":\"gusta\",\"correction\":\"gustan\",\"explanation\":\"gustar agrees with the plural manzanas\"}],\"corrected\":\"Me gustan las manzanas verdes.\"}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":80,"total_tokens":980}}
end
EOF
"$FAKE" "$TMPD/script" "$TMPD/requests" > "$TMPD/port" &
fake=$!
trap 'kill $fake 2>/dev/null; rm -rf "$TMPD"' EXIT
i=0
while [ $i -lt 50 ] && [ ! -s "$TMPD/port" ]; do sleep 0.1; i=$((i + 1)); done
export AIDIOMA_AI_URL="http://127.0.0.1:$(cat "$TMPD/port")/v1" AIDIOMA_AI_MODEL=gpt-4o-mini \
	AIDIOMA_AI_PROFILE=openai
unset AIDIOMA_API_KEY OPENAI_API_KEY
# the price table of the source tree: a build elsewhere (distcheck) has none beside the program
export AIDIOMA_PRICES="$TESTS_SRCDIR/../data/prices.json"

# gusta for gustan and los for las: two slips the answer key leaves to the AI
"$AIDIOMA" --db "$DB" --user ana eval --content ts-002 --answer "Me gusta los manzanas verdes." \
	--json --record > "$TMPD/first" 2> "$TMPD/err"
check "the first grading comes from the AI" grep -q '"source":"ai"' "$TMPD/first"
check "its error is the model's, scored by the rubric" \
	grep -q '"category":"inflection","severity":"medium","learner_text":"gusta"' "$TMPD/first"
check "it costs what the usage says" sh -c "! grep -q '\"cost\":0,' '$TMPD/first'"
check "the model was asked once" test "$(wc -l < "$TMPD/requests")" -eq 1
check "the request asked for a JSON schema" grep -q 'json_schema' "$TMPD/requests"

# the same answer from another learner, spaces aside: the cache, not the model
"$AIDIOMA" --db "$DB" --user ben eval --content ts-002 --answer "Me gusta  los manzanas verdes." \
	--json --hints 1 > "$TMPD/second" 2> "$TMPD/err2"
check "the same answer is graded from the cache" grep -q '"source":"cache"' "$TMPD/second"
check "with the learner's own hint cost" grep -q '"hint_cost":5' "$TMPD/second"
check "and no new request" test "$(wc -l < "$TMPD/requests")" -eq 1
"$AIDIOMA" --db "$DB" cache stats > "$TMPD/stats"
check "cache stats count one entry and one hit" sh -c "grep -q 'entries: 1 (1 AI grades' '$TMPD/stats' && grep -q 'hits: 1' '$TMPD/stats'"

# without its HTTP module the program says which file is missing, and grades offline
mkdir "$TMPD/nomodules"
AIDIOMA_MODULE_DIR="$TMPD/nomodules" "$AIDIOMA" --db "$DB" --user ana eval --content ts-002 \
	--answer "Me gusta la manzana verde." --json > "$TMPD/third" 2> "$TMPD/err3"
check "a missing module is named, with the fix" grep -q \
	"grading offline: cannot load '$TMPD/nomodules/http.so': no such file: reinstall aidioma (make install), or set AIDIOMA_MODULE_DIR" \
	"$TMPD/err3"
check "and the answer is graded offline" grep -q '"source":"offline"' "$TMPD/third"
finish
