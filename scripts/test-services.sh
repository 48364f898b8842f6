#!/usr/bin/env bash
# Installs and starts the real parts the test suite talks to (PostgreSQL, Xvfb, Mosquitto,
# SoftHSM2, gnome-keyring), one small function per part, and stops what it started.
#
# Usage:
#   scripts/test-services.sh run -- CMD [ARG...]   start the parts, run CMD with their env vars,
#                                                  stop what this run started; exits with CMD's code
#   scripts/test-services.sh up                    start the parts and leave them running; writes
#                                                  .tmp/test-services.env (source it in your shell)
#   scripts/test-services.sh down                  stop what `up` started
#
# Settings (environment):
#   DEPOT_TEST_SERVICES     parts to start (default: "postgres xvfb mosquitto softhsm2 keyring")
#   DEPOT_TEST_PG_PORT      PostgreSQL port on 127.0.0.1 (default 54329)
#   DEPOT_TEST_PG_DATA      cluster directory (default /tmp/depot-test-pg-<uid>-<port>, kept between
#                           runs so a restart is fast; delete it to start from an empty cluster)
#   DEPOT_TEST_KEEP_SERVICES=1   `run` leaves what it started running
#   DEPOT_TEST_NO_APT=1     never call apt-get
#   CI=true                 a part that cannot be installed or started is an error (exit 1);
#                           otherwise it is reported and the tests that need it skip.
# A part whose variable is already set (e.g. DEPOT_TEST_PG_URL pointing at your own server) is
# taken as given and not started.
#
# Exported to the command:
#   DEPOT_TEST_PG_URL         postgresql+psycopg://depot:depot@127.0.0.1:PORT/depot_test (superuser)
#   DEPOT_TEST_XVFB_DISPLAY   :N of a private Xvfb (for screenshot tests only)
#   DEPOT_TEST_MQTT_URL       mqtt://127.0.0.1:PORT of a private Mosquitto broker (anonymous)
#   DEPOT_TEST_PKCS11_MODULE  path of SoftHSM2's PKCS#11 module (tests make their own token dirs)
#   DEPOT_TEST_KEYRING        "secret-service" when CMD runs inside a private D-Bus session with an
#                             unlocked gnome-keyring (default collection "login", password "depot")
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR="$ROOT/.tmp"
LOG="$STATE_DIR/test-services.log"
ENV_FILE="$STATE_DIR/test-services.env"
STOP_FILE="$STATE_DIR/test-services.stop"
SERVICES=${DEPOT_TEST_SERVICES-postgres xvfb mosquitto softhsm2 keyring}

STOP_ACTIONS=()   # commands (already quoted) that undo what this invocation started
ENV_LINES=()      # export lines for .tmp/test-services.env
WRAP=()           # prefix for CMD (the D-Bus session of the keyring part)
REASON=""         # why the last part failed
APT_UPDATED=0

log() { printf '[services] %s\n' "$*" >&2; }
is_ci() { case "${CI:-}" in 1 | [Tt]rue | TRUE | [Yy]es) return 0 ;; esac; return 1; }
is_root() { [ "$(id -u)" = 0 ]; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# export VAR=VALUE for CMD and remember it for the env file.
set_env() {
    export "$1=$2"
    ENV_LINES+=("export $1=$(printf '%q' "$2")")
}

# Remember how to undo a start: the arguments form one command run at the end.
on_stop() {
    local q
    q=$(printf '%q ' "$@")
    STOP_ACTIONS+=("$q")
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local p
    for p in $(seq "$1" $(($1 + 200))); do
        port_open "$p" || { echo "$p"; return 0; }
    done
    return 1
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}

gone() { ! kill -0 "$1" 2>/dev/null || grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null; }

kill_pid() {
    kill "$1" 2>/dev/null || return 0
    wait_for 10 gone "$1" || kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null # reap it if it is our child
    return 0
}

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ensure_pkgs PKG...: install the Debian packages that are missing (only as root, with apt-get).
ensure_pkgs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: the binary checks decide
    local missing=() p
    for p in "$@"; do have_pkg "$p" || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! is_root || ! command -v apt-get >/dev/null 2>&1 || [ "${DEPOT_TEST_NO_APT:-}" = 1 ]; then
        REASON="missing Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})"
        return 1
    fi
    local apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    if [ "$APT_UPDATED" = 0 ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq </dev/null >>"$LOG" 2>&1 ||
            { REASON="apt-get update failed (see $LOG)"; return 1; }
        APT_UPDATED=1
    fi
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends \
        "${missing[@]}" </dev/null >>"$LOG" 2>&1 ||
        { REASON="apt-get install ${missing[*]} failed (see $LOG)"; return 1; }
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: a private cluster on 127.0.0.1, run as an unprivileged user (initdb refuses root).

PG_USER=depot
PG_PASSWORD=depot
PG_DB=depot_test

pg_bindir() {
    local d
    if [ -n "${DEPOT_TEST_PG_BINDIR:-}" ]; then echo "$DEPOT_TEST_PG_BINDIR"; return 0; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    return 1
}

# as_user USER CMD...: run CMD as USER ("" = as ourselves), from / so it never needs our cwd.
as_user() {
    local u=$1
    shift
    if [ -z "$u" ]; then (cd / && "$@"); else (cd / && runuser -u "$u" -- "$@"); fi
}

# Runs that use the cluster register in DATA.users/ (a pid, or "up"); the last one out stops it.
# DATA.lock serialises start, reuse and stop between concurrent runs.
pg_release() { # pg_release BINDIR DATA OSUSER HOLDER
    local fd h
    exec {fd}>"$2.lock"
    flock -w 120 "$fd"
    rm -f "$2.users/$4"
    for h in "$2.users"/*; do
        [ -e "$h" ] || continue
        case "${h##*/}" in *[!0-9]*) ;; *) gone "${h##*/}" && rm -f "$h" ;; esac
    done
    if [ -z "$(ls -A "$2.users" 2>/dev/null)" ]; then
        as_user "$3" "$1/pg_ctl" -D "$2" -m fast -w -t 60 stop >>"$LOG" 2>&1
    fi
    exec {fd}>&-
}

pg_psql() { PGPASSWORD=$PG_PASSWORD "$PG_PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 "$@"; }

# part_NAME_pkgs prints the Debian packages part NAME needs; part_NAME_up starts it.
part_postgres_pkgs() { [ -n "${DEPOT_TEST_PG_URL:-}" ] || pg_bindir >/dev/null || echo postgresql; }

part_postgres_up() {
    [ -n "${DEPOT_TEST_PG_URL:-}" ] && { log "postgres: using DEPOT_TEST_PG_URL as given"; return 0; }
    PG_BIN=$(pg_bindir) || { ensure_pkgs postgresql && PG_BIN=$(pg_bindir); } ||
        { REASON=${REASON:-"no initdb found (install PostgreSQL, e.g. apt-get install postgresql)"}; return 1; }
    PG_PSQL="$PG_BIN/psql"
    [ -x "$PG_PSQL" ] || PG_PSQL=$(command -v psql) || { REASON="psql not found beside $PG_BIN/initdb nor on PATH"; return 1; }
    PG_PORT=${DEPOT_TEST_PG_PORT:-54329}
    PG_DATA=${DEPOT_TEST_PG_DATA:-${TMPDIR:-/tmp}/depot-test-pg-$(id -u)-$PG_PORT}
    local os_user=""
    if is_root; then
        os_user=postgres
        if ! id "$os_user" >/dev/null 2>&1; then
            os_user=depot-pg
            id "$os_user" >/dev/null 2>&1 ||
                useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user" >>"$LOG" 2>&1 ||
                { REASON="could not create user $os_user to run PostgreSQL"; return 1; }
        fi
    fi

    local rc
    mkdir -p "$PG_DATA.users"
    exec {PG_LOCK_FD}>"$PG_DATA.lock"
    flock -w 120 "$PG_LOCK_FD" || { REASON="another run held $PG_DATA.lock for 2 minutes"; return 1; }
    pg_up_locked "$os_user"
    rc=$?
    exec {PG_LOCK_FD}>&-
    return $rc
}

pg_up_locked() {
    local os_user=$1 version
    version=$("$PG_BIN/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
    if [ -f "$PG_DATA/PG_VERSION" ] && [ "$(cat "$PG_DATA/PG_VERSION")" != "$version" ]; then
        log "postgres: $PG_DATA is from PostgreSQL $(cat "$PG_DATA/PG_VERSION"), not $version: recreating"
        as_user "$os_user" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >>"$LOG" 2>&1
        rm -rf "$PG_DATA"
    fi
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        rm -rf "$PG_DATA" && mkdir -p "$PG_DATA" && chmod 700 "$PG_DATA" || { REASON="cannot create $PG_DATA"; return 1; }
        local pwfile="$PG_DATA.pw"
        printf '%s\n' "$PG_PASSWORD" >"$pwfile"
        [ -n "$os_user" ] && chown "$os_user" "$PG_DATA" "$pwfile"
        as_user "$os_user" "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync >>"$LOG" 2>&1
        local rc=$?
        rm -f "$pwfile"
        [ $rc -eq 0 ] || { REASON="initdb failed (see $LOG)"; rm -rf "$PG_DATA"; return 1; }
        # A throwaway test cluster: durability off, enough connections for parallel workers.
        cat >>"$PG_DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi

    local started=0 ready=0 pid
    if as_user "$os_user" "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)
        wait_for 30 eval '"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || gone "$pid"'
        if ! gone "$pid" && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
            log "postgres: reusing the cluster already running in $PG_DATA"
            ready=1
        else # a postmaster.pid whose server is dead (or hung): clear it and start afresh
            log "postgres: the cluster in $PG_DATA does not answer: restarting it"
            as_user "$os_user" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -t 10 stop >>"$LOG" 2>&1
            [ -n "$pid" ] && ! gone "$pid" && kill -9 "$pid" 2>/dev/null
            rm -f "$PG_DATA/postmaster.pid"
        fi
    fi
    if [ $ready = 0 ]; then
        port_open "$PG_PORT" &&
            { REASON="port $PG_PORT is taken by another program (set DEPOT_TEST_PG_PORT)"; return 1; }
        as_user "$os_user" setsid "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
            </dev/null >>"$LOG" 2>&1 {PG_LOCK_FD}>&- || { REASON="pg_ctl start failed (see $PG_DATA/server.log)"; return 1; }
        started=1
        rm -f "$PG_DATA.users"/* # holders of an earlier server that is gone
    fi
    if [ "${DEPOT_TEST_KEEP_SERVICES:-}" != 1 ]; then
        local holder=$$
        [ "$MODE" = up ] && holder=up
        touch "$PG_DATA.users/$holder"
        on_stop pg_release "$PG_BIN" "$PG_DATA" "$os_user" "$holder"
    fi

    if [ -z "$(pg_psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" ]; then
        pg_psql -d postgres -c "CREATE DATABASE $PG_DB" >>"$LOG" 2>&1 ||
            { REASON="could not create database $PG_DB (see $LOG)"; return 1; }
    fi
    if [ $started = 1 ]; then
        # Databases left by killed runs of the storage_url fixture (no run uses this server yet).
        local db
        for db in $(pg_psql -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'depot\_t\_%'"); do
            pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >>"$LOG" 2>&1
        done
    fi
    set_env DEPOT_TEST_PG_URL "postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
    log "postgres: 127.0.0.1:$PG_PORT, database $PG_DB, data $PG_DATA"
}

# ---------------------------------------------------------------------------------------------
# Xvfb: a private X display for screenshot tests (the Qt unit tests use the offscreen platform).

# What Qt's xcb platform plugin loads, and fonts for Latin and Chinese text.
part_xvfb_pkgs() {
    [ -n "${DEPOT_TEST_XVFB_DISPLAY:-}" ] ||
        echo xvfb libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
            libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 \
            libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-wqy-microhei
}

part_xvfb_up() {
    [ -n "${DEPOT_TEST_XVFB_DISPLAY:-}" ] && { log "xvfb: using DEPOT_TEST_XVFB_DISPLAY as given"; return 0; }
    # shellcheck disable=SC2046 # one word per package
    if ! ensure_pkgs $(part_xvfb_pkgs); then
        is_root && return 1
        log "xvfb: $REASON: screenshots may lack fonts or fail to open a window"
    fi
    command -v Xvfb >/dev/null 2>&1 || { REASON="Xvfb not found (apt-get install xvfb)"; return 1; }
    local out pid n
    out=$(mktemp)
    # -displayfd: Xvfb picks a free display itself and writes its number once it accepts clients.
    setsid Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp -noreset 3>"$out" </dev/null >>"$LOG" 2>&1 &
    pid=$!
    wait_for 30 eval '[ -s "$out" ] || gone "$pid"'
    n=$(tr -dc '0-9' <"$out")
    rm -f "$out"
    if [ -z "$n" ] || gone "$pid"; then
        kill_pid "$pid"
        REASON="Xvfb did not start (see $LOG)"
        return 1
    fi
    [ "${DEPOT_TEST_KEEP_SERVICES:-}" = 1 ] || on_stop kill_pid "$pid"
    set_env DEPOT_TEST_XVFB_DISPLAY ":$n"
    log "xvfb: display :$n (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# Mosquitto: a private MQTT broker on loopback, anonymous, no persistence.

part_mosquitto_pkgs() { [ -n "${DEPOT_TEST_MQTT_URL:-}" ] || echo mosquitto; }

part_mosquitto_up() {
    [ -n "${DEPOT_TEST_MQTT_URL:-}" ] && { log "mosquitto: using DEPOT_TEST_MQTT_URL as given"; return 0; }
    ensure_pkgs mosquitto || return 1
    local bin
    bin=$(PATH="$PATH:/usr/sbin" command -v mosquitto) || { REASON="mosquitto not found (apt-get install mosquitto)"; return 1; }
    local port conf pid
    port=$(free_port "${DEPOT_TEST_MQTT_PORT:-18830}") || { REASON="no free port for mosquitto"; return 1; }
    conf=$(mktemp --suffix=.conf)
    chmod 644 "$conf"
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n' "$port" >"$conf"
    setsid "$bin" -c "$conf" </dev/null >>"$LOG" 2>&1 &
    pid=$!
    wait_for 15 eval 'port_open "$port" || gone "$pid"'
    if gone "$pid" || ! port_open "$port"; then
        kill_pid "$pid"
        rm -f "$conf"
        REASON="mosquitto did not start on port $port (see $LOG)"
        return 1
    fi
    [ "${DEPOT_TEST_KEEP_SERVICES:-}" = 1 ] || { on_stop kill_pid "$pid"; on_stop rm -f "$conf"; }
    set_env DEPOT_TEST_MQTT_URL "mqtt://127.0.0.1:$port"
    log "mosquitto: 127.0.0.1:$port (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# SoftHSM2: nothing runs; the tests point SOFTHSM2_CONF at token dirs of their own.

part_softhsm2_pkgs() { [ -n "${DEPOT_TEST_PKCS11_MODULE:-}" ] || echo softhsm2; }

part_softhsm2_up() {
    [ -n "${DEPOT_TEST_PKCS11_MODULE:-}" ] && { log "softhsm2: using DEPOT_TEST_PKCS11_MODULE as given"; return 0; }
    ensure_pkgs softhsm2 || return 1
    local m
    for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so \
        /usr/local/lib/softhsm/libsofthsm2.so /opt/homebrew/lib/softhsm/libsofthsm2.so; do
        if [ -f "$m" ]; then
            set_env DEPOT_TEST_PKCS11_MODULE "$m"
            log "softhsm2: $m"
            return 0
        fi
    done
    REASON="libsofthsm2.so not found (apt-get install softhsm2)"
    return 1
}

# ---------------------------------------------------------------------------------------------
# gnome-keyring: CMD runs inside a private D-Bus session with an unlocked Secret Service.

part_keyring_pkgs() { [ -n "${DEPOT_TEST_KEYRING:-}" ] || [ "$MODE" != run ] || echo gnome-keyring dbus; }

part_keyring_up() {
    [ -n "${DEPOT_TEST_KEYRING:-}" ] && { log "keyring: using DEPOT_TEST_KEYRING as given"; return 0; }
    [ "$MODE" = run ] || { log "keyring: skipped (only 'run' can wrap a command in a D-Bus session)"; return 0; }
    ensure_pkgs gnome-keyring dbus || return 1
    command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1 ||
        { REASON="dbus-run-session or gnome-keyring-daemon not found (apt-get install dbus gnome-keyring)"; return 1; }
    WRAP=(dbus-run-session -- bash "$ROOT/scripts/test-services.sh" _in-dbus-session --)
    log "keyring: gnome-keyring in a private D-Bus session"
}

# Inside dbus-run-session: start an unlocked keyring in a throwaway data dir, then run CMD.
in_dbus_session() {
    local data rc
    data=$(mktemp -d)
    mkdir -p "$data/keyrings"
    # --unlock creates the "login" collection with this password if it is missing.
    eval "$(printf 'depot' | XDG_DATA_HOME="$data" XDG_RUNTIME_DIR="$data" gnome-keyring-daemon --daemonize --unlock \
        --components=secrets 2>>"$LOG")" || { log "keyring: gnome-keyring-daemon failed (see $LOG)"; exit 1; }
    export GNOME_KEYRING_CONTROL
    export DEPOT_TEST_KEYRING=secret-service
    "$@"
    rc=$?
    rm -rf "$data"
    exit $rc
}

# ---------------------------------------------------------------------------------------------

run_stop_actions() {
    local i
    for ((i = ${#STOP_ACTIONS[@]} - 1; i >= 0; i--)); do eval "${STOP_ACTIONS[i]}"; done
    STOP_ACTIONS=()
}

start_all() {
    mkdir -p "$STATE_DIR"
    local p t missing=() pkgs=()
    for p in $SERVICES; do
        declare -F "part_${p}_up" >/dev/null || { log "unknown part '$p' in DEPOT_TEST_SERVICES"; return 1; }
        # shellcheck disable=SC2207 # one word per package
        pkgs+=($("part_${p}_pkgs"))
    done
    # One apt-get run for every part (a part whose install fails then retries on its own).
    is_root && [ ${#pkgs[@]} -gt 0 ] && ensure_pkgs "${pkgs[@]}"
    for p in $SERVICES; do
        t=$(now)
        REASON=""
        if "part_${p}_up"; then
            log "$p ready in $(elapsed "$t")"
        else
            missing+=("$p")
            if is_ci; then
                log "ERROR: $p unavailable: $REASON"
            else
                log "WARNING: $p unavailable, the tests that need it will skip: $REASON"
            fi
        fi
    done
    if [ ${#missing[@]} -gt 0 ] && is_ci; then
        [ -s "$LOG" ] && { log "last lines of $LOG:"; tail -n 30 "$LOG" >&2; }
        log "ERROR: CI=$CI and these parts are missing: ${missing[*]}"
        return 1
    fi
}

MODE=${1:-}
case "$MODE" in
run)
    shift
    [ "${1:-}" = -- ] && shift
    [ $# -gt 0 ] || { echo "usage: $0 run -- CMD [ARG...]" >&2; exit 2; }
    trap run_stop_actions EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_all || exit 1
    "${WRAP[@]}" "$@"
    exit $?
    ;;
up)
    trap run_stop_actions EXIT # undo a half-done start
    start_all || exit 1
    [ -f "$STOP_FILE" ] && log "note: $STOP_FILE exists; run 'down' to stop what an earlier 'up' started"
    printf '%s\n' "${STOP_ACTIONS[@]}" >>"$STOP_FILE"
    STOP_ACTIONS=()
    printf '%s\n' "${ENV_LINES[@]}" >"$ENV_FILE"
    log "wrote $ENV_FILE: run 'source $ENV_FILE' (keyring is only available through 'run')"
    ;;
down)
    if [ -f "$STOP_FILE" ]; then
        mapfile -t STOP_ACTIONS <"$STOP_FILE"
        run_stop_actions
        rm -f "$STOP_FILE" "$ENV_FILE"
    fi
    ;;
_in-dbus-session)
    shift
    [ "${1:-}" = -- ] && shift
    in_dbus_session "$@"
    ;;
*)
    sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
