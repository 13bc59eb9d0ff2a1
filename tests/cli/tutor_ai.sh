#!/bin/sh
# tutor_ai.sh: 'aidioma tutor' with an AI endpoint (the scripted server on a
# loopback port): the model plays the persona; an unusable reply falls back
# to the scenario's script; the cost goes with the conversation.
. "$(dirname "$0")/../lib.sh"

FAKE="$TESTS_BUILDDIR/tools/fake_openai"
[ -x "$FAKE" ] || skip_all "the scripted server is not built"
plan 11
DB="$TMPD/tutor.db"
"$TESTS_BUILDDIR/cli/mkfixture" "$DB" "$TESTS_SRCDIR/fixtures/packs/good" || {
	echo "Bail out! mkfixture failed"; exit 1; }
export AIDIOMA_NOW=2026-03-10T18:00:00Z

# a chat completion whose message content is $1 (a JSON string's inside)
reply() {
	printf 'body {"id":"c","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100}}\nend\n' "$1"
}
{
	reply '{\"reply\":\"Muy bien, un café. ¿Algo para comer?\",\"reply_en\":\"Very well, a coffee. Anything to eat?\",\"correction\":{\"original\":\"cafe\",\"corrected\":\"café\",\"explanation\":\"café takes an accent\"},\"new_words\":[{\"spanish\":\"comer\",\"english\":\"to eat\"}],\"goals_reached\":[\"greet\",\"order\"]}'
	reply 'Claro que sí.'
	reply 'Sigue sin ser JSON.'
} > "$TMPD/script"
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

printf 'Hola, quiero un cafe\nLa cuenta, por favor\n/end\n' |
	"$AIDIOMA" --db "$DB" --user ana tutor --scenario tsc-cafe > "$TMPD/out" 2> "$TMPD/err"
check "the conversation runs" [ $? -eq 0 ]
check "the mode says the AI plays the tutor" grep -q "^mode: ai: the scenario's script when the endpoint fails$" "$TMPD/out"
check "the opening is the scenario's" grep -q '^tutor: Buenos días. ¿Qué desea tomar?$' "$TMPD/out"
check "the model's line" grep -q '^tutor: Muy bien, un café. ¿Algo para comer?$' "$TMPD/out"
check "the model's correction, of the whole turn" \
	grep -q '^correction: Hola, quiero un cafe -> Hola, quiero un café$' "$TMPD/out"
check "the goals it reached" grep -q '^goals: 2/3: greet, order$' "$TMPD/out"
check "an unusable reply: the script answers, and says why" sh -c \
	"grep -q '^tutor: Son cuatro euros, por favor.\$' '$TMPD/out' && grep -q '^note: the AI tutor could not answer (the reply is not JSON)' '$TMPD/out'"
check "not JSON is asked once more, then left" test "$(wc -l < "$TMPD/requests")" -eq 3
check "the history reaches the model" sh -c "tail -n 1 '$TMPD/requests' | grep -q 'Hola, quiero un cafe'"
check "it is recorded" grep -q '^recorded: a conversation activity for ana' "$TMPD/out"
"$AIDIOMA" --db "$DB" --user ana stats --costs > "$TMPD/costs"
check "with what the three replies cost" grep -q '^costs: ana: AI spent \$0\.0006 on 1 call,' "$TMPD/costs"
finish
