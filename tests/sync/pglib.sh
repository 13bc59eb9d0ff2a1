# pglib.sh: a private PostgreSQL 15 server for a test (sourced after lib.sh).
# pg_start makes a cluster in a temporary directory on a free port of
# 127.0.0.1 and stops and removes it at exit.  The server refuses to run as
# root, so under root (CI) the cluster belongs to a system user made for
# this run and removed with it.  Without PostgreSQL 15 the test is skipped.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_require() {
	[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
		skip_all "PostgreSQL 15 is not installed ($PG_BIN/initdb; apt-get install postgresql-15)"
	if [ -x "$PG_BIN/psql" ]; then
		PSQL="$PG_BIN/psql"
	elif command -v psql > /dev/null 2>&1; then
		PSQL=psql
	else
		skip_all "psql is not installed (apt-get install postgresql-client-15)"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		for tool in useradd userdel runuser; do
			command -v $tool > /dev/null 2>&1 ||
				skip_all "running as root needs $tool to make the server's user (apt-get install passwd util-linux)"
		done
	fi
}

# as_pg CMD...: run as the cluster's owner
as_pg() {
	if [ -n "${PG_OWNER:-}" ]; then
		runuser -u "$PG_OWNER" -- "$@"
	else
		"$@"
	fi
}

pg_stop() {
	if [ -n "${PGDIR:-}" ] && [ -d "$PGDIR" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop > /dev/null 2>&1
		rm -rf "$PGDIR"
	fi
	if [ -n "${PG_OWNER:-}" ]; then
		userdel "$PG_OWNER" > /dev/null 2>&1
		PG_OWNER=
	fi
}

pg_start() { # [extra server settings...]
	pg_require
	PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/aidioma-pg.XXXXXX")
	trap 'pg_stop; rm -rf "$TMPD"' EXIT
	trap 'exit 1' HUP INT TERM
	if [ "$(id -u)" -eq 0 ]; then
		# a name of this run alone: tests run side by side
		PG_OWNER="aidpg$$"
		useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
			"$PG_OWNER" > /dev/null 2>&1 ||
			{ PG_OWNER=; echo "Bail out! useradd aidpg$$ failed"; exit 1; }
		chown "$PG_OWNER" "$PGDIR"
	fi
	chmod 700 "$PGDIR"
	as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U aidioma -A trust -E UTF8 --locale=C.UTF-8 \
		--no-sync > "$PGDIR/initdb.log" 2>&1 ||
		{ cat "$PGDIR/initdb.log" >&2; echo "Bail out! initdb failed"; exit 1; }
	# tests trade durability for speed; benchmarks (PG_DURABLE=1) keep it
	fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ -n "${PG_DURABLE:-}" ] && fast=""
	tries=0
	while :; do
		PGPORT=$(pg_free_port)
		if as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
			-o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 $fast $*" start \
			> /dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			cat "$PGDIR/server.log" >&2
			echo "Bail out! PostgreSQL did not start"
			exit 1
		fi
	done
	export PGHOST=127.0.0.1 PGPORT PGUSER=aidioma PGDATABASE=postgres PGCLIENTENCODING=UTF8
	unset PGPASSWORD PGSERVICE PGSERVICEFILE PGOPTIONS
	PGCONN="host=127.0.0.1 port=$PGPORT user=aidioma dbname=postgres"
}

# pg_free_port: a port of 127.0.0.1 nobody listens on now
pg_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
		2> /dev/null ||
		awk -v s=$$ 'BEGIN { srand(s + srand()); print 20000 + int(rand() * 40000) }'
}

# pg_db NAME: a fresh database; prints its connection string
pg_db() {
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" \
		-c "CREATE DATABASE \"$1\"" > /dev/null 2>&1 || return 1
	echo "host=127.0.0.1 port=$PGPORT user=aidioma dbname=$1"
}

# q DB SQL: one value (or rows, '|'-separated) from a query
q() {
	"$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# pg_has_vector: pgvector can be created on this server
pg_has_vector() {
	_d=$(pg_db vector_probe) || return 1
	q vector_probe "CREATE EXTENSION vector" > /dev/null 2>&1
	_rc=$?
	q postgres "DROP DATABASE vector_probe" > /dev/null 2>&1
	return $_rc
}
