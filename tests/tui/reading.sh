#!/bin/sh
# reading.sh: Reading in the real binary under tmux: the list, a text with its
# glosses, statuses and English, a card, the questions, the score, resizing,
# and the reading saved as an activity.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

plan 33
mkdir -p "$TMPD/assets"
cp -r "$TESTS_SRCDIR/fixtures/packs/good" "$TMPD/assets/packs"
export AIDIOMA_ASSETS="$TMPD/assets"
start 80 24
check "Home, after the first-run questions" skip_welcome
tm send-keys -t t 2
check "2 opens Reading at the learner's level" wait_for "Level: beginner (yours)"
check "the text is listed with its English title" grep -q "El gato de Pablo — Pablo's cat" "$TMPD/screen"
check "with genre, topic and words, not read yet" \
	grep -q "story · home · beginner · 22 words · not read yet" "$TMPD/screen"
tm send-keys -t t Tab
check "Tab changes the level" wait_for "No texts at this level and topic"
tm send-keys -t t Tab Tab
check "to every level at last" wait_for "Level: every level · Topic: every topic · 1 text"
tm send-keys -t t Tab
check "and back to the learner's level" wait_for "Level: beginner (yours)"
tm send-keys -t t Enter
check "Enter opens the text" wait_for "sentence 1 of 3"
check "the first word is new and has no gloss" grep -q "Pablo  status: new" "$TMPD/screen"
check "no gloss is said so" grep -q "no gloss" "$TMPD/screen"
# down to the second sentence, right twice: "duerme"
tm send-keys -t t j l l
check "moving onto a glossed word shows its gloss" wait_for "dormir · verb · sleeps"
tm send-keys -t t t
check "t shows the English of the sentence" wait_for "The cat sleeps in the window."
tm send-keys -t t a
check "a adds the word to Flashcards" wait_for "Added «duerme» to your flashcards."
check "and makes it a word being learnt" grep -q "duerme  status: learning" "$TMPD/screen"
tm send-keys -t t l 2
check "2 marks a word known" wait_for "en  status: known"
tm send-keys -t t 1
check "1 marks it learning" wait_for "en  status: learning"
tm resize-window -t t -x 60 -y 20
check "too small while reading" wait_for "Terminal too small: Reading a text needs 80x24"
tm resize-window -t t -x 80 -y 24
check "the word survives a resize" wait_for "en  status: learning"
tm send-keys -t t v
check "v shows the full page, a paragraph on one line" \
	wait_for "Pablo tiene un gato negro. El gato duerme en la ventana."
tm send-keys -t t '?'
check "? lists the keys of the text" wait_for "Help: Reading a text"
tm send-keys -t t x Enter
check "Enter at the end asks about the words still new" wait_for "are still new"
tm send-keys -t t n
check "then the questions" wait_for "¿De qué color es el gato?"
tm send-keys -t t 2
check "a right choice" wait_for "✓ Right."
tm send-keys -t t Enter
wait_for "¿Dónde duerme el gato?"
tm send-keys -t t -l "Duerme en la ventana"
tm send-keys -t t Enter
check "a short answer holding an accepted one is right" wait_for "question 2 of 4 · 2 right"
check "the accepted answers are shown" grep -q "Accepted: en la ventana" "$TMPD/screen"
tm send-keys -t t Enter
wait_for "¿Cuándo juegan?"
tm send-keys -t t 1
check "a wrong choice shows the right one" wait_for "The answer: Por la tarde"
tm send-keys -t t Enter
wait_for "¿Dónde juegan?"
tm send-keys -t t -l "en el parque"
tm send-keys -t t Enter
check "a wrong short answer shows the accepted ones" wait_for "✗ Wrong."
tm send-keys -t t Enter
check "the score is the percent right" wait_for "Comprehension: 50% (2 of 4 right)"
tm send-keys -t t Enter
check "back in the list the text is read" wait_for "read 1 time, best 50%"
tm send-keys -t t q
check "q goes back to Home" wait_for "¡Hola, lucia!"
tm send-keys -t t q
exited_with 0 || true
"$AIDIOMA" --db "$DB" --user lucia stats > "$TMPD/stats"
check "the reading was saved as an activity" grep -q "reading 1," "$TMPD/stats"
"$AIDIOMA" --db "$DB" --user lucia export > "$TMPD/export"
check "with its score, words, questions and right answers" grep -q \
	'"activity_type":"reading","content_id":"tt-001","score":50,.*"metadata":{"words":22,"wpm":[0-9.]*,"questions":4,"correct":2}' \
	"$TMPD/export"
"$AIDIOMA" --db "$DB" --user lucia export --what progress --format csv > "$TMPD/progress"
check "and the text's progress: one attempt, best and last 50" grep -q "^tt-001,text,1,50,50," \
	"$TMPD/progress"
finish
