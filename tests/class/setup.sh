#!/bin/sh
# setup.sh: a class on this machine: create and add (group, modes), who may do what,
# assignments, the report, and the Teacher screen watching students work.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"
. "$(dirname "$0")/class-lib.sh"

plan 52
TAB=$(printf '\t')
A="ana$TAG" L="luis$TAG" P="prof$TAG" E="eve$TAG"
make_user "$A" "Ana Prueba"
make_user "$L" "Luis Prueba"
make_user "$P" "Pilar Prueba"
make_user "$E" "Eve Ajena"

# ---- create and add
"$AIDIOMA" class create "$CLASS" --db "$CDB" > "$TMPD/out" 2>&1
check "class create: exit 0" [ $? -eq 0 ]
check "class create: a group of the class's own" sh -c "getent group '$GROUP' > /dev/null"
check "the directory: mode 2770, the group's" \
	[ "$(stat -c '%a %G' "$CDIR/$CLASS")" = "2770 $GROUP" ]
check "the database: mode 660, the group's" [ "$(stat -c '%a %G' "$CDB")" = "660 $GROUP" ]
check "the course is in the class database" grep -q "imported 9 packs" "$TMPD/out"
"$AIDIOMA" class create "$CLASS" --db "$CDB" > /dev/null 2> "$TMPD/err"
check "creating it again is refused" grep -q "already exists" "$TMPD/err"
"$AIDIOMA" --class "$CDB" class add "$A" "$L" > "$TMPD/out" 2>&1
check "class add: two learners" grep -q "$L: learner of the class '$CLASS'" "$TMPD/out"
check "class add: they join the group" sh -c "id -nG '$A' | grep -qw '$GROUP'"
"$AIDIOMA" --class "$CDB" class add "$P" --teacher > /dev/null 2>&1
check "class add --teacher" [ "$(sqlite3 "$CDB" "SELECT m.role FROM class_members m JOIN users u \
	ON u.id = m.user_id WHERE login = '$P'")" = teacher ]
"$AIDIOMA" --class "$CDB" class add "nobody$TAG" > /dev/null 2> "$TMPD/err"
check "class add: an unknown login is refused" grep -q "there is no user 'nobody$TAG'" "$TMPD/err"
check "class add: the full name comes from the account" [ "$(sqlite3 "$CDB" \
	"SELECT display_name FROM users WHERE login = '$A'")" = "Ana Prueba" ]

# ---- students work; the -wal and -shm files are the group's whatever their umask
sqlite3 "$CDB" "SELECT id, primary_text FROM learning_content WHERE content_type = 'sentence' \
	AND topic = 'greetings' AND difficulty = 'beginner' ORDER BY id LIMIT 4" |
	sed "s/|/$TAB/" > "$TMPD/answers"
check "four greetings sentences to answer" [ "$(wc -l < "$TMPD/answers")" -eq 4 ]
head -n 2 "$TMPD/answers" > "$TMPD/ana1"
as "$A" "$BIN" --class "$CDB" eval --batch - --record < "$TMPD/ana1" > "$TMPD/out" 2>&1
check "a learner records answers in the class" grep -q "2 graded and recorded, 0 failed" "$TMPD/out"
printf '%s\trespuesta secreta de luis\n' "$(cut -f1 "$TMPD/answers" | head -n 1)" > "$TMPD/luis1"
as "$L" sh -c "umask 077; \"$BIN\" --class \"$CDB\" eval --batch - --record" < "$TMPD/luis1" \
	> /dev/null 2>&1
as "$L" sh -c "umask 077; (echo 'SELECT count(*) FROM users;'; sleep 2) | sqlite3 '$CDB'" \
	> /dev/null 2>&1 &
sleep 1
check "with a connection open, -wal is 660 and the group's" \
	[ "$(stat -c '%a %G' "$CDB-wal")" = "660 $GROUP" ]
check "and -shm too" [ "$(stat -c '%a %G' "$CDB-shm")" = "660 $GROUP" ]
wait

# ---- identity
as "$A" "$BIN" --class "$CDB" --user "$L" stats > /dev/null 2> "$TMPD/err"
check "--user with --class: exit 2" [ $? -eq 2 ]
check "--user with --class: refused" grep -q "you are your login user" "$TMPD/err"
as "$A" "$BIN" --db "$CDB" --user "$L" stats > /dev/null 2> "$TMPD/err"
check "--user on a class database opened with --db: exit 2" [ $? -eq 2 ]
as "$A" "$BIN" --class "$CDB" stats > "$TMPD/out" 2>&1
check "in the class you are your login user" grep -q "^user: $A (learner" "$TMPD/out"
as "$A" "$BIN" --class "$CDB" export > "$TMPD/out" 2>&1
check "a learner exports their own answers" grep -q "$(cut -f2 "$TMPD/ana1" | head -n 1)" "$TMPD/out"
check "and never another learner's" sh -c "! grep -q 'secreta' '$TMPD/out'"
as "$E" "$BIN" --class "$CDB" stats > /dev/null 2> "$TMPD/err"
check "someone outside the group cannot open it" grep -q "not in the class's group" "$TMPD/err"
gpasswd -a "$E" "$GROUP" > /dev/null 2>&1
as "$E" "$BIN" --class "$CDB" stats > /dev/null 2> "$TMPD/err"
check "in the group but not in the class: refused" grep -q "'$E' is not a member" "$TMPD/err"
as "$A" "$BIN" --class "$CDB" class report > /dev/null 2> "$TMPD/err"
check "a learner cannot read the report" grep -q "only a teacher of the class" "$TMPD/err"
as "$L" "$BIN" --class "$CDB" class assign --title x --type practice --count 1 > /dev/null \
	2> "$TMPD/err"
check "nor set work" grep -q "only a teacher of the class" "$TMPD/err"
as "$A" "$BIN" --class "$CDB" > /dev/null 2> "$TMPD/err" < /dev/null
check "without a terminal the class says to use ssh -t" grep -q "connect with 'ssh -t'" "$TMPD/err"

# ---- assignments and the report
as "$P" "$BIN" --class "$CDB" class assign --title Saludos --type practice --count 3 \
	--topic greetings --due 2099-01-31 > "$TMPD/out" 2>&1
check "a teacher sets an assignment" grep -q "^assignment .*: Saludos" "$TMPD/out"
as "$P" "$BIN" --class "$CDB" class assign --title x --type practice --count 3 --topic nada \
	> /dev/null 2> "$TMPD/err"
check "an assignment of a topic the course lacks: exit 2" [ $? -eq 2 ]
as "$P" "$BIN" --class "$CDB" class assign --title x --type essay --count 3 > /dev/null 2>&1
check "an unknown type: exit 2" [ $? -eq 2 ]
tail -n 2 "$TMPD/answers" > "$TMPD/ana2"
as "$A" "$BIN" --class "$CDB" eval --batch - --record < "$TMPD/ana2" > /dev/null 2>&1
as "$P" "$BIN" --class "$CDB" class report > "$TMPD/out" 2>&1
check "report: the roster" grep -q "^$A .*Ana Prueba" "$TMPD/out"
check "report: the assignment's progress" grep -q "$A 2/3 · $L 0/3" "$TMPD/out"
check "report: the teachers" grep -q "^teachers: $P" "$TMPD/out"
as "$P" "$BIN" --class "$CDB" class report --json > "$TMPD/out" 2>&1
check "report --json: each learner" grep -q "\"login\":[[:space:]]*\"$L\"" "$TMPD/out"
check "report --json: the progress" grep -q "\"$A\":[[:space:]]*2" "$TMPD/out"
as "$P" "$BIN" --class "$CDB" class report --student "$L" > "$TMPD/out" 2>&1
check "report --student: the student's answers" grep -q "respuesta secreta de luis" "$TMPD/out"

# ---- the screens: the Teacher screen live, the learner's Home
start_as() { # SESSION USER
	tm -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
		"runuser -u '$2' -- env -i HOME=/home/$2 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color \
		'$BIN' --class '$CDB'; sleep 30"
}
start_as p "$P"
check "the teacher's first run" welcome p
check "Home lists the open assignments for a teacher" wait_in p "1 open: progress in Teacher"
tm send-keys -t p 7
check "Teacher opens from Home" wait_in p "Teacher · $CLASS · 2 learners"
check "the roster shows each student's work" wait_in p "Ana Prueba .* 2/3"
check "the class's weakest grammar" grep -q "Weakest grammar (class, 30 days): " "$TMPD/screen"
head -n 1 "$TMPD/answers" | as "$L" "$BIN" --class "$CDB" eval --batch - --record > /dev/null 2>&1
check "the screen follows a student's work by itself" wait_in p "Luis Prueba .*now .* 1/3"
tm send-keys -t p Down Enter
check "Enter shows one student's work" wait_in p "› Luis Prueba ($L)"
check "with their answers" grep -q "respuesta secreta de luis" "$TMPD/screen"
tm send-keys -t p q
tm send-keys -t p a
wait_in p "a new assignment" || true
tm send-keys -t p -l "Lectura"
tm send-keys -t p Tab Right Tab C-u
tm send-keys -t p -l "1"
tm send-keys -t p Enter
check "a new assignment from the Teacher screen" wait_in p "Lectura · 1 reading"
start_as s "$A"
welcome s > /dev/null
check "the learner's Home shows the open assignments and progress" \
	wait_in s "\[ \] Saludos: 2/3 practice · greetings"
check "and the one just set" grep -q "Lectura: 0/1 reading" "$TMPD/screen"
# the form leaves the assignments selected, the earliest due first
tm send-keys -t p x
check "x asks before closing" wait_in p "Press x again to close 'Saludos'"
tm send-keys -t p x
check "x x closes an assignment" wait_in p "Closed."
# ---- the AI endpoint is the class's: a member's own ai_url is not used
FAKE="$TESTS_BUILDDIR/tools/fake_openai"
cat > "$CDIR/script" <<'EOF'
body {"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"{\"errors\":[],\"corrected\":\"Hola.\"}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":80,"total_tokens":980}}
end
EOF
"$FAKE" "$CDIR/script" "$CDIR/requests" > "$CDIR/port" &
fake=$!
i=0
while [ $i -lt 50 ] && [ ! -s "$CDIR/port" ]; do sleep 0.1; i=$((i + 1)); done
URL="http://127.0.0.1:$(cat "$CDIR/port")/v1"
HOMEA=$(getent passwd "$A" | cut -d: -f6)
as "$A" sh -c "mkdir -p '$HOMEA/.config/aidioma' &&
	printf 'ai_url = %s\nai_model = mine\n' '$URL' > '$HOMEA/.config/aidioma/config'"
ID3=$(sed -n 3p "$TMPD/answers" | cut -f1)
as "$A" "$BIN" --class "$CDB" eval --content "$ID3" --answer "una respuesta nueva" --json \
	> "$TMPD/out" 2>&1
check "a learner's own ai_url is not used in the class" grep -q '"source":"offline"' "$TMPD/out"
check "and the endpoint was never asked" [ ! -s "$CDIR/requests" ]
as "$A" env AIDIOMA_AI_URL="$URL" AIDIOMA_AI_MODEL=m "$BIN" --class "$CDB" eval \
	--content "$ID3" --answer "otra respuesta nueva" --json > "$TMPD/out" 2>&1
check "the endpoint sshd gives the class grades" grep -q '"source":"ai"' "$TMPD/out"
check "with one request" [ "$(wc -l < "$CDIR/requests")" -eq 1 ]
kill $fake 2> /dev/null
finish
