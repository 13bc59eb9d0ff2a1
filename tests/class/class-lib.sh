# class-lib.sh: Unix accounts, a class database and their removal for the class tests
# (sourced after lib.sh and tmux.sh).
[ "$(id -u)" -eq 0 ] || skip_all "makes Unix accounts and a group, so it runs as root (as CI does)"
for tool in useradd userdel groupdel gpasswd runuser getent stat sqlite3; do
	command -v "$tool" > /dev/null 2>&1 || skip_all "$tool is not installed"
done

TAG=$$
CLASS="t$TAG"
GROUP="aidioma-$CLASS"
# the students' side must be reachable by them: not under $TMPD (mode 0700)
CDIR=$(mktemp -d /tmp/aidioma-class.XXXXXX) || exit 1
chmod 755 "$CDIR"
CDB="$CDIR/$CLASS/class.db"
BIN="$CDIR/aidioma"
cp "$AIDIOMA" "$BIN" && chmod 755 "$BIN"
# its modules beside it, as in the build tree (the students' environment is their own)
cp -r "${AIDIOMA_MODULE_DIR:-$(dirname "$AIDIOMA")/modules}" "$CDIR/modules" && chmod -R a+rX "$CDIR/modules"
MADE_USERS=""

cleanup() {
	for s in "$TMPD"/tmux*.sock; do "$TMUX_BIN" -S "$s" kill-server 2> /dev/null; done
	[ -s "$CDIR/sshd.pid" ] && kill "$(cat "$CDIR/sshd.pid")" 2> /dev/null
	sleep 0.2
	for u in $MADE_USERS; do userdel -r -f "$u" > /dev/null 2>&1; done
	groupdel "$GROUP" > /dev/null 2>&1
	rm -rf "$CDIR" "$TMPD"
}
trap cleanup EXIT

# make_user LOGIN "Full Name": an account with a home, no password, /bin/sh
make_user() {
	useradd -m -p '*' -s /bin/sh -c "$2" "$1" || { echo "Bail out! useradd $1 failed"; exit 1; }
	MADE_USERS="$MADE_USERS $1"
}
# as USER COMMAND...: run as USER with a clean environment of their own
as() {
	_u=$1
	shift
	runuser -u "$_u" -- env -i HOME="$(getent passwd "$_u" | cut -d: -f6)" PATH=/usr/bin:/bin \
		LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color "$@"
}
# wait_in SESSION PATTERN: poll that tmux session's screen (10 s at most)
wait_in() {
	_i=0
	while [ $_i -lt 100 ]; do
		tm capture-pane -p -t "$1" > "$TMPD/screen" 2> /dev/null
		grep -q -- "$2" "$TMPD/screen" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
# welcome SESSION: answer the first run's questions (the name from the account, beginner)
welcome() {
	wait_in "$1" "What should we call you?" || return 1
	tm send-keys -t "$1" Enter
	wait_in "$1" "How much Spanish do you know?" || return 1
	tm send-keys -t "$1" 1
	wait_in "$1" "¡Hola, " || return 1
}
