#!/usr/bin/env bash
# A throwaway PostgreSQL server for glutecoach's tests.
#
#   scripts/postgres.sh start   install PostgreSQL if missing (Debian package), create a cluster
#                               in $GLUTECOACH_PG_DIR, start it on a free port on 127.0.0.1 only,
#                               create the database 'glutecoach' and print its URL
#   scripts/postgres.sh url     print the URL of the running server (exit 1 if none)
#   scripts/postgres.sh stop    stop the server and delete the cluster
#
# Idempotent: 'start' on a running cluster prints its URL; 'stop' with none does nothing.
# GLUTECOACH_PG_DIR defaults to /tmp/glutecoach-postgres-<uid>. The cluster trusts local TCP
# connections and runs with fsync off: it is for tests only and holds nothing worth keeping.
# initdb refuses to run as root, so as root the server runs as the 'postgres' system user
# (created by the Debian package, or here if missing).
set -euo pipefail

DIR="${GLUTECOACH_PG_DIR:-/tmp/glutecoach-postgres-$(id -u)}"
DATA="$DIR/data"
LOG="$DIR/server.log"
URL_FILE="$DIR/url"
DB_USER="glutecoach"
DB_NAME="glutecoach"

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

find_bin() {
    local candidate
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Debian keeps server binaries off PATH; take the newest installed major version.
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$candidate/pg_ctl" && -x "$candidate/initdb" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_postgres() {
    [[ "$(id -u)" == 0 ]] || die "PostgreSQL is not installed and this is not root; install the \
Debian package 'postgresql' (apt-get install postgresql) or set GLUTECOACH_TEST_POSTGRES_URL"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is missing"
    say "installing PostgreSQL from Debian (apt-get install postgresql)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends postgresql >&2 \
        || die "apt-get install postgresql failed"
}

# Run a command as the cluster's owner: 'postgres' (or a user made for it) when we are root.
run_as_owner() {
    if [[ "$(id -u)" != 0 ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$OWNER" -- "$@"
    else
        su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")"
    fi
}

choose_owner() {
    OWNER="$(id -un)"
    if [[ "$(id -u)" == 0 ]]; then
        OWNER=postgres
        if ! id "$OWNER" >/dev/null 2>&1; then
            OWNER=glutecoach-pg
            id "$OWNER" >/dev/null 2>&1 \
                || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER" \
                || die "cannot create a system user to own the cluster"
        fi
    fi
}

free_port() {
    python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

is_running() {
    [[ -f "$DATA/postmaster.pid" && -f "$URL_FILE" ]] || return 1
    local bin
    bin="$(find_bin)" || return 1
    (cd / && run_as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1)
}

start() {
    choose_owner
    if is_running; then
        cat "$URL_FILE"
        return 0
    fi
    local bin port attempt
    bin="$(find_bin)" || { install_postgres; bin="$(find_bin)" || die "no pg_ctl after install"; }
    rm -rf "$DATA" "$URL_FILE"
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    [[ "$(id -u)" != 0 ]] || chown "$OWNER" "$DIR"
    cd /  # the owner may not be allowed into the caller's folder
    run_as_owner "$bin/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 \
        --locale=C --no-sync >"$DIR/initdb.log" 2>&1 \
        || die "initdb failed; see $DIR/initdb.log: $(tail -n 3 "$DIR/initdb.log")"
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        if run_as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1; then
            run_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME" \
                || die "createdb failed"
            echo "postgresql+psycopg://$DB_USER@127.0.0.1:$port/$DB_NAME" >"$URL_FILE"
            cat "$URL_FILE"
            return 0
        fi
        say "start on port $port failed (attempt $attempt); retrying on another port"
    done
    die "the server did not start; see $LOG: $(tail -n 5 "$LOG" 2>/dev/null)"
}

stop() {
    choose_owner
    if [[ -d "$DATA" ]]; then
        local bin
        if bin="$(find_bin)"; then
            (cd / && run_as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w -t 60 stop \
                >/dev/null 2>&1) || true
        fi
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url)
        choose_owner
        is_running || die "no server running in $DIR"
        cat "$URL_FILE"
        ;;
    *) die "usage: $0 start|stop|url" ;;
esac
