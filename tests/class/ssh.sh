#!/bin/sh
# ssh.sh: a class over a real sshd on a loopback port, configured as the README says:
# students land in aidioma, practise, and get no shell, no command, no sftp, no
# forwarding; the teacher sees their work.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$SSHD" ] || skip_all "sshd is not installed (apt-get install openssh-server)"
for tool in ssh ssh-keygen sftp; do
	command -v "$tool" > /dev/null 2>&1 || skip_all "$tool is not installed (apt-get install openssh-client)"
done
. "$(dirname "$0")/class-lib.sh"

plan 19
A="ana$TAG" L="luis$TAG" P="prof$TAG"
make_user "$A" "Ana Prueba"
make_user "$L" "Luis Prueba"
make_user "$P" "Pilar Prueba"
"$AIDIOMA" class create "$CLASS" --db "$CDB" > /dev/null &&
	"$AIDIOMA" --class "$CDB" class add "$A" "$L" > /dev/null &&
	"$AIDIOMA" --class "$CDB" class add "$P" --teacher > /dev/null ||
	{ echo "Bail out! the class could not be set up"; exit 1; }

# ---- sshd: its own host key, authorized keys and configuration, on 127.0.0.1
mkdir -p "$CDIR/ssh/keys" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$CDIR/ssh/host_key" || exit 1
ssh-keygen -q -t ed25519 -N '' -f "$TMPD/id" || exit 1
for u in $A $L $P; do cp "$TMPD/id.pub" "$CDIR/ssh/keys/$u"; done
chmod -R go-w "$CDIR/ssh"
chmod 644 "$CDIR"/ssh/keys/*
write_config() { # PORT
	cat > "$CDIR/ssh/sshd_config" <<EOF
Port $1
ListenAddress 127.0.0.1
HostKey $CDIR/ssh/host_key
PidFile $CDIR/sshd.pid
AuthorizedKeysFile $CDIR/ssh/keys/%u
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowGroups $GROUP
Subsystem sftp internal-sftp
LogLevel VERBOSE

Match Group $GROUP
	ForceCommand $BIN --class $CDB
	SetEnv LANG=C.UTF-8
	DisableForwarding yes
	AllowTcpForwarding no
	AllowStreamLocalForwarding no
	AllowAgentForwarding no
	X11Forwarding no
	PermitTunnel no
	PermitUserRC no
	PermitTTY yes
EOF
}
PORT=
for try in 1 2 3 4 5; do
	p=$((20000 + ($$ * 7 + try * 977) % 40000))
	write_config "$p"
	"$SSHD" -t -f "$CDIR/ssh/sshd_config" || { echo "Bail out! sshd rejects its configuration"; exit 1; }
	"$SSHD" -D -e -f "$CDIR/ssh/sshd_config" 2> "$TMPD/sshd.log" &
	i=0
	while [ $i -lt 50 ] && ! grep -q "Server listening" "$TMPD/sshd.log"; do
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q "Server listening" "$TMPD/sshd.log"; then
		PORT=$p
		break
	fi
	kill $! 2> /dev/null
done
[ -n "$PORT" ] || { echo "Bail out! sshd did not start: $(cat "$TMPD/sshd.log")"; exit 1; }
ok "sshd listens on 127.0.0.1:$PORT with the class's Match Group block"

SSH_OPTS="-F /dev/null -i $TMPD/id -p $PORT -o StrictHostKeyChecking=no \
-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes -o ConnectTimeout=5"
# login SESSION USER [COMMAND]: ssh -tt in a tmux session; its status lands in $TMPD/exit.SESSION
login() {
	tm -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
		"ssh -tt $SSH_OPTS $2@127.0.0.1 $3; echo \$? > '$TMPD/exit.$1'; sleep 30"
}
ssh_status() { # SESSION: wait for the ssh in SESSION to end
	i=0
	while [ $i -lt 100 ] && [ ! -s "$TMPD/exit.$1" ]; do sleep 0.1; i=$((i + 1)); done
	cat "$TMPD/exit.$1" 2> /dev/null
}
# practise SESSION ANSWER: open Practice, answer the sentence shown, back to Home
practise() {
	tm send-keys -t "$1" 1
	wait_in "$1" "Translate into Spanish:" || return 1
	tm send-keys -t "$1" -l "$2"
	tm send-keys -t "$1" Enter
	wait_in "$1" "graded by" || return 1
	tm send-keys -t "$1" q
	wait_in "$1" "¡Hola, " || return 1
}

# ---- two students at once land in aidioma and practise
login a "$A"
login l "$L"
check "a student who logs in lands in aidioma" welcome a
check "a second student at the same time" welcome l
check "Ana answers a practice sentence" practise a "Hola, me llamo Ana."
check "Luis too" practise l "Buenos días, señora."
check "Home greets the student by the account's name" grep -q "¡Hola, Luis Prueba!" "$TMPD/screen"
tm send-keys -t a q
check "q leaves aidioma and closes the connection" [ "$(ssh_status a)" = 0 ]

# ---- and nothing else
login c "$A" "/bin/sh -c 'echo sh-ran-\$((6*7))'"
check "asking for a command gets aidioma instead" wait_in c "¡Hola, Ana Prueba!"
check "and the command never runs" sh -c "! grep -q 'sh-ran-42' '$TMPD/screen'"
tm send-keys -t c q
ssh_status c > /dev/null
# shellcheck disable=SC2086
ssh $SSH_OPTS "$A@127.0.0.1" 'echo no-tty-$((6*7))' > "$TMPD/out" 2>&1 < /dev/null
check "without a terminal: no command either" sh -c "! grep -q 'no-tty-42' '$TMPD/out'"
check "just a message to use ssh -t" grep -q "connect with 'ssh -t'" "$TMPD/out"
printf 'ls /\n' > "$TMPD/batch"
# shellcheck disable=SC2086
sftp -b "$TMPD/batch" -F /dev/null -i "$TMPD/id" -P "$PORT" -o StrictHostKeyChecking=no \
	-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes "$A@127.0.0.1" \
	> "$TMPD/out" 2>&1
check "sftp fails" [ $? -ne 0 ]
# shellcheck disable=SC2086
ssh $SSH_OPTS -o ExitOnForwardFailure=yes -N -R 127.0.0.1:0:127.0.0.1:$PORT "$A@127.0.0.1" \
	> "$TMPD/out" 2>&1 < /dev/null
check "remote port forwarding is refused" grep -q "forwarding failed" "$TMPD/out"
# shellcheck disable=SC2086
ssh $SSH_OPTS -W "127.0.0.1:$PORT" "$A@127.0.0.1" > "$TMPD/out" 2>&1 < /dev/null
check "so is a tunnel through the server (-W)" grep -q "stdio forwarding failed" "$TMPD/out"

# ---- the teacher sees their work
login p "$P"
check "the teacher lands in aidioma too" welcome p
tm send-keys -t p 7
check "the Teacher screen lists both students as working now" \
	wait_in p "Ana Prueba .*now .* 1 d"
check "Luis as well" grep -q "Luis Prueba .*now .* 1 d" "$TMPD/screen"
"$AIDIOMA" --class "$CDB" class report > "$TMPD/out" 2>&1
check "class report: each student's practice" \
	sh -c "grep -q '^$A ' '$TMPD/out' && grep -q '^$L ' '$TMPD/out'"
"$AIDIOMA" --class "$CDB" class report --student "$A" > "$TMPD/out" 2>&1
check "class report: Ana's answer" grep -q "Hola, me llamo Ana." "$TMPD/out"
finish
