#!/usr/bin/env bash
# test-backups.sh: runs the generated backup scripts (generated/scripts/backup) against real
# components that it starts on loopback and stops on exit: PostgreSQL 16 (run as an unprivileged
# user: it refuses root), an S3 API (moto server) through the aws CLI, GPG keys made for the run,
# a Prometheus Pushgateway and a stand-in Slack webhook (a local HTTP listener).
#
#   scripts/test-backups.sh                 every test, the disaster drill with a small database
#   scripts/test-backups.sh --drill-only    only the drill (DRILL_SIZE_MB, DRILL_SECONDS)
#   scripts/test-backups.sh --only TEST     one test, e.g. test_backup_role
#
# Tests: shellcheck; missing variables; end to end (backup.sh, object, metadata, metrics,
# restore.sh latest into a fresh server and by swap into the live one, checksums equal, scratch
# files 0600, the restore's metrics); test-backup.sh; point-in-time restore (scratch files 0600,
# the restored server's environment free of the restore's secrets, WAL fetched one file at a time
# and never staged, a corrupt segment aborting the recovery); the restore job's hooks (workloads.sh)
# against a stand-in API server authorizing with the generated Role; retention; failures (wrong
# key, truncated object, missing bucket, database unreachable for a dump and for a restore, disk
# full during the dump), each with a clear error, a non-zero exit, a failure metric and the live
# database untouched, and the Slack webhook's URL on no process's command line; the disaster drill (continuous
# writes, SIGKILL, data folder deleted, restore from the bucket alone, rows lost and time to
# serving measured). Prints "N passed, M failed"; exit 1 when a test failed.
#
# Needs what scripts/install-test-tools.sh installs (.tools/pg16, and aws, moto_server and
# the linter in .tools/bin; gpg, prometheus-pushgateway). DRILL_SIZE_MB (default 20) is the size the drill's
# database is filled to before the writes start; DRILL_SECONDS (default 75) how long they run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
TOOLS="$ROOT/.tools"
SCRIPTS="$ROOT/generated/scripts/backup"
# The application database, its owner role and the dumps' name prefix, as the model declares them
# (the generated restore CronJob's environment, lib.sh): no name of the product is written here.
job_env() {  # CRONJOB NAME: the value the generated CronJob sets in its container's environment
    "$TOOLS/backup-venv/bin/python" - "$ROOT/generated/kubernetes/base/shared/cronjob-$1.yaml" "$2" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
print(next(e["value"] for e in job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["env"]
           if e["name"] == sys.argv[2]))
PY
}
pitr_server_options() {  # DIR: the point-in-time Job's server options, its Unix socket in DIR
    local options socket
    options="$(job_env postgres-pitr PG_SERVER_OPTIONS)"
    socket="$(job_env postgres-pitr PGHOST)"
    [[ "$options" == *"unix_socket_directories=$socket "* ]] \
        || { echo "test-backups: the Job's server options do not put its socket in $socket: $options" >&2; return 1; }
    echo "${options//"unix_socket_directories=$socket "/"unix_socket_directories=$1 "}"
}
DATABASE="$(job_env postgres-restore PGDATABASE)"
OWNER="$(job_env postgres-restore PGUSER)"
NAME_PREFIX="$(sed -n "s/^readonly NAME_PREFIX='\(.*\)'$/\1/p" "$SCRIPTS/lib.sh")"
[[ -n "$DATABASE" && -n "$OWNER" && -n "$NAME_PREFIX" ]] || { echo "test-backups: no database, owner or name prefix in generated/ (run gen)" >&2; exit 2; }
PGBIN="$TOOLS/pg16/bin"
export PATH="$PGBIN:$TOOLS/bin:$PATH"
DRILL_SIZE_MB="${DRILL_SIZE_MB:-20}"
DRILL_SECONDS="${DRILL_SECONDS:-75}"
ONLY_DRILL=false
ONLY=""
case "${1:-}" in
    --drill-only) ONLY_DRILL=true ;;
    --only) ONLY="${2:?--only needs a test name}" ;;
esac
for tool in "$PGBIN/postgres" "$TOOLS/bin/aws" "$TOOLS/bin/moto_server" "$TOOLS/bin/shellcheck"; do
    [[ -x "$tool" ]] || { echo "test-backups: $tool missing: run scripts/install-test-tools.sh" >&2; exit 2; }
done
command -v prometheus-pushgateway gpg >/dev/null || { echo "test-backups: gpg or prometheus-pushgateway missing" >&2; exit 2; }

# The unprivileged user PostgreSQL and the scripts run as (root in CI).
if ((EUID == 0)); then
    RUN_AS=gen-backup-test
    id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS"
    as_user() { setpriv --reuid "$RUN_AS" --regid "$RUN_AS" --init-groups -- "$@"; }
else
    RUN_AS="$(id -un)"
    as_user() { "$@"; }
fi

T="$(mktemp -d "${TMPDIR:-/tmp}/gen-backups.XXXXXX")"
chmod 755 "$T"
mkdir -m 777 "$T/home"
export HOME="$T/home" TMPDIR="$T/home"
PIDS=()
SERVERS=()
MOUNTS=()
GNUPGHOMES=()
cleanup() {
    local dir pid
    for dir in "${SERVERS[@]}"; do
        [[ ! -f "$dir/postmaster.pid" ]] || as_user pg_ctl -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
    done
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for dir in "${GNUPGHOMES[@]}"; do GNUPGHOME="$dir" gpgconf --kill all 2>/dev/null || true; done
    for dir in "${MOUNTS[@]}"; do umount "$dir" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # seconds, command...
    local limit=$1
    shift
    for _ in $(seq 1 $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "test-backups: timed out waiting for: $*" >&2
    return 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- Components ---------------------------------------------------------------------------

S3_PORT="$(free_port)"
moto_server -H 127.0.0.1 -p "$S3_PORT" >"$T/moto.log" 2>&1 &
PIDS+=($!)
PUSH_PORT="$(free_port)"
prometheus-pushgateway --web.listen-address="127.0.0.1:$PUSH_PORT" --persistence.file="$T/pushgateway.data" >"$T/pushgateway.log" 2>&1 &
PIDS+=($!)
SLACK_PORT="$(free_port)"
SLACK_TOKEN="hook-secret-$RANDOM$RANDOM"
touch "$T/slack.log" "$T/slack-argv.log"
# The stand-in webhook also looks, while the notifying curl waits for its answer, for the URL's
# secret path on any process's command line (readable by every user in /proc), and logs it there.
python3 - "$SLACK_PORT" "$T/slack.log" "$SLACK_TOKEN" "$T/slack-argv.log" >/dev/null 2>&1 <<'PY' &
import glob, http.server, os, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(sys.argv[2], "ab") as f:
            f.write(body + b"\n")
        for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
            try:
                argv = open(cmdline, "rb").read()
            except OSError:
                continue
            if sys.argv[3].encode() in argv and cmdline != f"/proc/{os.getpid()}/cmdline":
                with open(sys.argv[4], "ab") as f:
                    f.write(argv.replace(b"\0", b" ") + b"\n")
        self.send_response(200)
        self.end_headers()
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
PIDS+=($!)
wait_for 20 curl -fsS "http://127.0.0.1:$S3_PORT/moto-api/"
wait_for 20 curl -fsS "http://127.0.0.1:$PUSH_PORT/-/ready"

# Keys: the backup side gets the public key only; restores get the private key (a keyring of one
# here; test_key_rotation gives it two). Each key has a passphrase of its own.
make_key() {  # dir name passphrase
    mkdir -p "$1"
    GNUPGHOMES+=("$1/gnupg")
    mkdir -m 700 "$1/gnupg"
    printf '%s\n' "$3" >"$1/passphrase"
    GNUPGHOME="$1/gnupg" gpg --batch --quiet --pinentry-mode loopback --passphrase "$3" \
        --quick-gen-key "$2 <backup@secure-messenger.test>" rsa3072 encr never 2>/dev/null
    GNUPGHOME="$1/gnupg" gpg --batch --armor --export >"$1/public-key.asc"
    GNUPGHOME="$1/gnupg" gpg --batch --armor --pinentry-mode loopback --passphrase "$3" --export-secret-keys >"$1/private-key.asc"
    GNUPGHOME="$1/gnupg" gpgconf --kill all
    chmod 644 "$1"/*.asc "$1/passphrase"
}
make_key "$T/key" "Secure Messenger backups" "first-$RANDOM"
make_key "$T/next-key" "Secure Messenger backups, rotated" "second-$RANDOM"
make_key "$T/other-key" "Someone else" ""
printf '[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n' >"$T/aws-credentials"
printf 'http://127.0.0.1:%s/%s\n' "$SLACK_PORT" "$SLACK_TOKEN" >"$T/slack-url"
chmod 644 "$T/aws-credentials" "$T/slack-url"

export AWS_SHARED_CREDENTIALS_FILE="$T/aws-credentials" AWS_CONFIG_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export S3_BUCKET=sm-backups S3_PREFIX=test
export BACKUP_PUBLIC_KEY_FILE="$T/key/public-key.asc" BACKUP_PRIVATE_KEYS_FILE="$T/key/private-key.asc"
export BACKUP_PRIVATE_KEY_PASSPHRASES_FILE="$T/key/passphrase"
export PUSHGATEWAY_URL="http://127.0.0.1:$PUSH_PORT" POD_NAMESPACE=test
export SLACK_WEBHOOK_URL_FILE="$T/slack-url" BACKUP_DIR="$T/backups"
mkdir -m 777 "$T/backups"
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE="$DATABASE"
aws s3 mb "s3://$S3_BUCKET" >/dev/null

# start_server DIR PORT: a PostgreSQL 16 cluster archiving WAL with the generated settings; the
# scripts' folder in archive_command is the generated one instead of the pod's /scripts.
start_server() {
    mkdir -p "$1"
    chown "$RUN_AS" "$1"
    as_user initdb -D "$1/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    sed "s#/scripts/#$SCRIPTS/#" "$SCRIPTS/wal-archiving.conf" >>"$1/data/postgresql.conf"
    start_existing "$1" "$2"
}
start_existing() {  # DIR PORT
    SERVERS+=("$1/data")
    as_user pg_ctl -D "$1/data" -l "$1/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $2 -c unix_socket_directories=$1 -c fsync=off" start >/dev/null
}
stop_server() { as_user pg_ctl -D "$1/data" -m fast -w stop >/dev/null; }

seed_messenger() {  # port database messages
    psql -XAtq -p "$1" -d postgres -c "CREATE DATABASE $2"
    psql -XAtq -p "$1" -d "$2" -v ON_ERROR_STOP=1 -v n="$3" <<'SQL'
CREATE TABLE users (id bigserial PRIMARY KEY, handle text NOT NULL UNIQUE, public_key bytea NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE conversations (id bigserial PRIMARY KEY, title text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE conversation_members (conversation_id bigint REFERENCES conversations, user_id bigint REFERENCES users,
                                   PRIMARY KEY (conversation_id, user_id));
CREATE TABLE messages (id bigserial PRIMARY KEY, conversation_id bigint NOT NULL REFERENCES conversations,
                       sender_id bigint NOT NULL REFERENCES users, ciphertext bytea NOT NULL,
                       sent_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX messages_conversation_sent ON messages (conversation_id, sent_at);
CREATE INDEX messages_sender ON messages (sender_id);
INSERT INTO users (handle, public_key) SELECT 'user' || i, decode(md5(i::text) || md5((i * 7)::text), 'hex')
    FROM generate_series(1, 1000) i;
INSERT INTO conversations (title) SELECT 'conversation ' || i FROM generate_series(1, 200) i;
INSERT INTO conversation_members SELECT c, u FROM generate_series(1, 200) c, generate_series(1, 1000, 97) u
    WHERE (c + u) % 3 = 0;
INSERT INTO messages (conversation_id, sender_id, ciphertext, sent_at)
    SELECT 1 + i % 200, 1 + i % 1000, decode(md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text), 'hex'),
           now() - i * interval '1 second'
    FROM generate_series(1, :n) i;
SQL
}

# run_script [VAR=value...] NAME [ARG...]: as the unprivileged user, as in the pods.
run_script() {
    local vars=()
    while [[ "$1" == *=* ]]; do
        vars+=("$1")
        shift
    done
    as_user env "${vars[@]}" bash "$SCRIPTS/$1" "${@:2}"
}
fingerprint() {  # port database: per-table rows and content checksums
    local table
    psql -XAtq -p "$1" -d "$2" -c "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
        WHERE schemaname = 'public' ORDER BY 1" | while read -r table; do
        psql -XAtq -p "$1" -d "$2" -c "SELECT '$table', count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $table t"
    done
}
objects() { aws s3api list-objects-v2 --bucket "$S3_BUCKET" --prefix "$1" --query 'Contents[].Key' --output text | tr '\t' '\n' | grep -v '^None$' || true; }
metadata() { aws s3api head-object --bucket "$S3_BUCKET" --key "$1" --query "Metadata.\"$2\"" --output text; }
pushed() {  # job name [label="value"]: value pushed for the job in namespace test
    curl -fsS "$PUSHGATEWAY_URL/metrics" | awk -v m="$2" -v j="job=\"$1\"" -v k="${3:-}" \
        'index($0, m "{") == 1 && (k == "" || index($0, k)) && index($0, j) && index($0, "namespace=\"test\"") { v = $2 }
         END { printf "%.0f\n", v }'
}
metric() { pushed backup "$1" "kind=\"$2\""; }  # name kind
# The restore's metric names and job, as generated (constants of lib.sh).
lib_constant() { sed -n "s/^readonly $1='\(.*\)'\$/\1/p" "$SCRIPTS/lib.sh"; }
restore_metric() { pushed "$(lib_constant RESTORE_METRICS_JOB)" "$(lib_constant "$1")"; }  # constant name
recent() { awk -v t="$1" -v n="$(date +%s)" 'BEGIN { exit !(t > 0 && n - t < 60) }'; }
# Modes of a restore's scratch files, written by a hook while they exist (TMPDIR is the scripts').
SCRATCH_MODES="find \"\$TMPDIR\"/.restore.sh.* -type f -printf '%m %f\\n'"
all_private() {  # modes-file file-that-must-be-listed
    grep -q " $2\$" "$1" || { echo "$2 not among the scratch files: $(tr '\n' ' ' <"$1")"; return 1; }
    ! grep -v '^600 ' "$1"
}

PASSED=0
FAILED=0
FAILURES=()
check() {  # description, command...
    local what=$1
    shift
    if "$@" >"$T/check.log" 2>&1; then return 0; fi
    echo "    FAILED: $what: $(tail -3 "$T/check.log")" >&2
    CURRENT_OK=false
}
run_test() {
    [[ -z "$ONLY" || "$ONLY" == "$1" ]] || return 0
    CURRENT_OK=true
    local t0
    t0="$(now)"
    echo "--- $1" >&2
    "$1" || { echo "    FAILED: $1 stopped early (exit $?)" >&2; CURRENT_OK=false; }
    if [[ "$CURRENT_OK" == true ]]; then
        PASSED=$((PASSED + 1))
        echo "    ok ($(elapsed "$t0" "$(now)") s)" >&2
    else
        FAILED=$((FAILED + 1))
        FAILURES+=("$1")
    fi
}
contains() { grep -q -- "$2" "$1"; }
equal() { [[ "$1" == "$2" ]] || { echo "expected [$2], got [$1]"; return 1; }; }

# --- The live server of the functional tests ----------------------------------------------

LIVE="$T/live"
LIVE_PORT="$(free_port)"
export PGPORT="$LIVE_PORT"

test_shellcheck() {
    check "shellcheck of the generated scripts" bash -c "cd '$SCRIPTS' && shellcheck --norc -x *.sh"
}

test_missing_variables() {
    local rc=0
    env -i PATH="$PATH" bash "$SCRIPTS/backup.sh" 2>"$T/out" || rc=$?
    check "exit 2 without configuration" equal "$rc" 2
    check "every missing variable named" contains "$T/out" "not set: PGHOST PGUSER PGDATABASE S3_BUCKET S3_PREFIX BACKUP_PUBLIC_KEY_FILE"
}

test_end_to_end() {
    local key size before
    run_script backup.sh 2>"$T/backup.log" || { cat "$T/backup.log" >&2; return 1; }
    key="$(objects "$S3_PREFIX/database/" | tail -1)"
    check "one dump under database/" test -n "$key"
    check "no temporary object left" equal "$(objects "$S3_PREFIX/incoming/")" ""
    aws s3 cp "s3://$S3_BUCKET/$key" "$T/dump.gpg" --only-show-errors
    size="$(stat -c %s "$T/dump.gpg")"
    check "metadata sha256 is the object's" equal "$(metadata "$key" sha256)" "$(sha256sum "$T/dump.gpg" | cut -d' ' -f1)"
    check "metadata size is the object's" equal "$(metadata "$key" size)" "$size"
    check "metadata PostgreSQL version" equal "$(metadata "$key" pg-version)" "$(postgres --version | awk '{ print $3 }')"
    check "metadata timestamp is in the name" contains <(echo "$key") "$(metadata "$key" created)"
    check "encrypted to the public key" contains <(gpg --batch --list-packets "$T/dump.gpg" 2>&1) ":pubkey enc packet:"
    # Decrypted with the private key: AES-256 (cipher 9), and a pg_dump custom archive.
    mkdir -m 700 "$T/decrypt"
    GNUPGHOMES+=("$T/decrypt")
    GNUPGHOME="$T/decrypt" gpg --batch --quiet --import "$BACKUP_PRIVATE_KEYS_FILE" 2>/dev/null
    GNUPGHOME="$T/decrypt" gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$BACKUP_PRIVATE_KEY_PASSPHRASES_FILE" \
        --status-fd 3 -o "$T/dump" --decrypt "$T/dump.gpg" 3>"$T/status" 2>/dev/null
    check "AES-256" contains "$T/status" "DECRYPTION_INFO [0-9] 9"
    check "a pg_dump custom archive" contains <(pg_restore --list "$T/dump") "Format: CUSTOM"
    check "metadata plain-sha256 is the dump's" equal "$(metadata "$key" plain-sha256)" "$(sha256sum "$T/dump" | cut -d' ' -f1)"
    check "pushed: last success is now" awk -v t="$(metric backup_last_success_timestamp_seconds dump)" -v n="$(date +%s)" 'BEGIN { exit !(n - t < 60) }'
    check "pushed: size is the object's" equal "$(metric backup_size_bytes dump)" "$size"
    check "pushed: duration" awk -v d="$(metric backup_duration_seconds dump)" 'BEGIN { exit !(d >= 0 && d < 60) }'
    check "pushed: no failure" equal "$(metric backup_failures_total dump)" 0

    # restore.sh latest into a fresh server: the database does not exist there.
    local fresh="$T/fresh" port
    port="$(free_port)"
    # Its own WAL goes to its own folder: the same segment names as the live server's, other content.
    S3_PREFIX=fresh start_server "$fresh" "$port"
    run_script PGPORT="$port" restore.sh latest 2>"$T/restore.log" || { cat "$T/restore.log" >&2; return 1; }
    check "fresh server: same rows and checksums" equal "$(fingerprint "$port" "$DATABASE")" "$(fingerprint "$LIVE_PORT" "$DATABASE")"
    check "restore pushed: last success is now" recent "$(restore_metric METRIC_RESTORE_LAST_SUCCESS)"
    check "restore pushed: its duration" awk -v d="$(restore_metric METRIC_RESTORE_DURATION)" 'BEGIN { exit !(d >= 0 && d < 60) }'
    stop_server "$fresh"

    # restore.sh latest over the live database: restored beside it, then swapped in.
    before="$(fingerprint "$LIVE_PORT" "$DATABASE")"
    psql -XAtq -d "$DATABASE" -c "DELETE FROM messages WHERE id % 10 = 0" -c "UPDATE users SET handle = handle || '!'"
    touch "$T/hooks" "$T/modes" && chmod 666 "$T/hooks" "$T/modes"
    run_script APP_STOP_COMMAND="echo stop >>'$T/hooks'; $SCRATCH_MODES >'$T/modes'" MIGRATE_COMMAND="echo migrate >>'$T/hooks'" \
        APP_START_COMMAND="echo start >>'$T/hooks'" restore.sh latest 2>"$T/restore.log" \
        || { cat "$T/restore.log" >&2; return 1; }
    check "live database: rows and checksums as at the backup" equal "$(fingerprint "$LIVE_PORT" "$DATABASE")" "$before"
    check "hooks in order" equal "$(tr '\n' ' ' <"$T/hooks")" "stop migrate start "
    check "scratch files, the plaintext dump among them, are 0600" all_private "$T/modes" backup.dump
    check "previous database kept" test -n "$(psql -XAtq -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE '${DATABASE}_before_%'")"
}

test_validation_script() {
    run_script test-backup.sh >"$T/validation.md" 2>"$T/validation.log" || { cat "$T/validation.log" "$T/validation.md" >&2; return 1; }
    cat "$T/validation.md" >&2
    check "table printed, all ok" equal "$(grep -c '| ok |' "$T/validation.md")" 4
    check "scratch database dropped" equal "$(psql -XAtq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE '${DATABASE}_test_%'")" 0
}

archived() {  # segment [port]: the server has archived that segment
    [[ ! "$(psql -XAtq -p "${2:-$PGPORT}" -d postgres -c "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")" < "$1" ]]
}

test_point_in_time() {
    local target dir="$T/pitr" port
    run_script base-backup.sh 2>"$T/base.log" || { cat "$T/base.log" >&2; return 1; }
    check "a base backup" test -n "$(objects "$S3_PREFIX/base/")"
    check "base backup metrics" equal "$(metric backup_size_bytes base)" "$(metadata "$(objects "$S3_PREFIX/base/" | tail -1)" size)"
    psql -XAtq -d "$DATABASE" -c "CREATE TABLE pitr (batch text)" -c "INSERT INTO pitr VALUES ('before')"
    sleep 1.5
    target="$(date -u '+%Y-%m-%d %H:%M:%S.%N+00')"
    sleep 1.5
    psql -XAtq -d "$DATABASE" -c "INSERT INTO pitr VALUES ('after')"
    # Both inserts are in the archive once the segment holding them is.
    wait_for 60 archived "$(psql -XAtq -d postgres -c "SELECT pg_walfile_name(pg_switch_wal())")"
    check "pushed: the last archived WAL is recent" awk -v t="$(metric backup_last_success_timestamp_seconds wal)" -v n="$(date +%s)" 'BEGIN { exit !(n - t < 30) }'
    check "pushed: no WAL archiving failure" equal "$(metric backup_failures_total wal)" 0
    port="$(free_port)"
    mkdir -p "$dir"
    chown "$RUN_AS" "$dir"
    touch "$T/pitr-modes" && chmod 666 "$T/pitr-modes"
    touch "$T/pitr-replayed" && chmod 666 "$T/pitr-replayed"
    run_script PGPORT="$port" PGDATA="$dir/data" PG_SERVER_OPTIONS="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" \
        APP_STOP_COMMAND="$SCRATCH_MODES >'$T/pitr-modes'" MIGRATE_COMMAND="$SCRATCH_MODES >'$T/pitr-replayed'" \
        restore.sh latest --to-time "$target" 2>"$T/pitr.log" || { cat "$T/pitr.log" >&2; return 1; }
    SERVERS+=("$dir/data")
    check "scratch files, the base backup among them, are 0600" all_private "$T/pitr-modes" base.tar.gz
    # WAL on demand: replay fetched segments one at a time (the server's log), and none was staged
    # in the restore's scratch folder, before or after replay.
    check "segments fetched one by one during replay" grep -qE 'wal-fetch.sh: fetched [0-9A-F]{24}$' "$dir/data/restore.log"
    check "no WAL staged in scratch space" bash -c "! grep -qE ' [0-9A-F]{24}(.gpg)?\$' '$T/pitr-modes' '$T/pitr-replayed'"
    # The restored server outlives restore.sh: none of the restore's own settings reach it.
    tr '\0' '\n' <"/proc/$(head -1 "$dir/data/postmaster.pid")/environ" | cut -d= -f1 >"$T/server-env"
    echo "    the restored server's environment: $(tr '\n' ' ' <"$T/server-env")" >&2
    check "the restored server's environment names no key, credential or bucket" \
        bash -c "! grep -E '^(BACKUP_|AWS_|S3_|GNUPGHOME|PGPASSFILE|SLACK_|PUSHGATEWAY_)' '$T/server-env'"
    check "rows committed before the target are back" equal "$(psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT string_agg(batch, ',') FROM pitr")" before
    check "promoted" equal "$(psql -XAtq -p "$port" -d postgres -c "SELECT pg_is_in_recovery()")" f
    stop_server "$dir"

    # A segment that fails its check aborts the recovery: taken for the end of the archive, it
    # would promote a server that silently lacks the WAL after it.
    local last rc=0
    last="$(objects "$S3_PREFIX/wal/" | grep -E '/[0-9A-F]{24}\.gpg$' | tail -1)"
    aws s3 cp "s3://$S3_BUCKET/$last" "s3://$S3_BUCKET/saved/$last" --only-show-errors
    echo corrupt | aws s3 cp - "s3://$S3_BUCKET/$last" --metadata "sha256=$(metadata "$last" sha256)" --only-show-errors
    run_script PGPORT="$port" PGDATA="$dir/aborted" PG_SERVER_OPTIONS="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" \
        restore.sh latest --to-time latest 2>"$T/pitr-abort.log" || rc=$?
    SERVERS+=("$dir/aborted")
    aws s3 cp "s3://$S3_BUCKET/saved/$last" "s3://$S3_BUCKET/$last" --only-show-errors
    aws s3 rm "s3://$S3_BUCKET/saved/$last" --only-show-errors
    echo "    with a corrupt segment: $(tail -1 "$T/pitr-abort.log")" >&2
    check "a corrupt segment fails the restore" test "$rc" -ne 0
    check "the server shut down on the failed fetch" contains "$dir/aborted/restore.log" "shutting down due to startup process failure"
    check "never promoted" bash -c "! grep -q 'selected new timeline ID' '$dir/aborted/restore.log'"
    check "the segment's check is named" contains "$dir/aborted/restore.log" "checksum mismatch: $last"
}

# The cluster's point-in-time restore Job (restore.sh --in-place into the StatefulSet's volume,
# with the Job's own server options from the generated CronJob): the data directory of a stopped
# server is set aside, the archive replayed into it, the Job's server stopped cleanly; the server
# started again on it serves the rows and uploads the new timeline's history, which the Job's
# server (archiving with no command) left marked ready.
test_point_in_time_in_place() {
    local dir="$T/in-place" port options timeline history
    run_script base-backup.sh 2>"$T/base.log" || { cat "$T/base.log" >&2; return 1; }
    psql -XAtq -d "$DATABASE" -c "CREATE TABLE in_place (n int)" -c "INSERT INTO in_place SELECT generate_series(1, 1000)"
    wait_for 60 archived "$(psql -XAtq -d postgres -c "SELECT pg_walfile_name(pg_switch_wal())")"
    port="$(free_port)"
    mkdir -p "$dir"
    chown "$RUN_AS" "$dir"
    # The StatefulSet's data directory, its server stopped: damaged, say.
    as_user initdb -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_user touch "$dir/data/damaged"
    options="$(pitr_server_options "$dir")"
    echo "    the Job's server options, its socket in $dir: $options" >&2
    check "the Job's server listens on its Unix socket only" contains <(echo "$options") "listen_addresses="
    run_script PGPORT="$port" PGHOST="$dir" PGDATA="$dir/data" PG_SERVER_OPTIONS="$options" \
        restore.sh latest --to-time latest --in-place 2>"$T/in-place.log" || { cat "$T/in-place.log" >&2; return 1; }
    check "the previous data directory is set aside, whole" test -n "$(compgen -G "$dir/data.before-*/damaged")"
    check "the Job's server stopped cleanly" test ! -e "$dir/data/postmaster.pid"
    timeline="$(grep -o 'selected new timeline ID: [0-9]*' "$dir/data/restore.log" | grep -o '[0-9]*$')"
    history="$(printf %08X "$timeline").history"
    check "the new timeline's history waits to be archived" test -e "$dir/data/pg_wal/archive_status/$history.ready"
    # The StatefulSet's server, started again on the recovered data.
    SERVERS+=("$dir/data")
    start_existing "$dir" "$port"
    check "the server serves the rows" equal "$(psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT count(*) FROM in_place")" 1000
    check "the server is not in recovery" equal "$(psql -XAtq -p "$port" -d postgres -c "SELECT pg_is_in_recovery()")" f
    check "the server uploads the new timeline's history" wait_for 60 bash -c "aws s3api head-object --bucket '$S3_BUCKET' --key '$S3_PREFIX/wal/$history.gpg' >/dev/null 2>&1"
    stop_server "$dir"
}

test_retention() {
    local old="$S3_PREFIX/database/${NAME_PREFIX}_20200101_000000.dump.gpg"
    aws s3 cp "$T/dump.gpg" "s3://$S3_BUCKET/$old" --only-show-errors
    run_script backup.sh 2>"$T/backup.log" || { cat "$T/backup.log" >&2; return 1; }
    check "a dump older than 30 days is deleted" equal "$(objects "$old")" ""
    check "recent dumps are kept" test "$(objects "$S3_PREFIX/database/" | wc -l)" -ge 2
    check "the deletion is logged" contains "$T/backup.log" "retention: deleting $old"
}

# The server as the cluster runs it: the generated pg_hba.conf as hba_file (no TCP client trusted),
# the owner with a password, the backup role made by roles.sh; then the backup jobs connect as that
# role over TCP with its password, and it can read and replicate but not write.
test_backup_role() {
    local dir="$T/roles" port owner="$T/owner-password" role="$T/backup-password" rc
    port="$(free_port)"
    mkdir -p "$dir"
    chown "$RUN_AS" "$dir"
    printf 'owner-%s\n' "$RANDOM$RANDOM" >"$owner"
    # A colon, a quote and a backslash: what pgpass and psql quoting must both survive.
    printf '%s\n' "b:ck'up\\$RANDOM" >"$role"
    chmod 644 "$owner" "$role"
    as_user initdb -D "$dir/data" -U "$OWNER" --pwfile="$owner" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    sed "s#/scripts/#$SCRIPTS/#" "$SCRIPTS/wal-archiving.conf" >>"$dir/data/postgresql.conf"
    printf "hba_file = '%s'\n" "$SCRIPTS/pg_hba.conf" >>"$dir/data/postgresql.conf"
    S3_PREFIX=roles start_existing "$dir" "$port"
    owner_sql() { PGPASSWORD="$(cat "$owner")" psql -XAtq -h 127.0.0.1 -p "$port" -U "$OWNER" "$@"; }
    as_role() { run_script PGPORT="$port" PGUSER=backup PGPASSWORD_FILE="$role" S3_PREFIX=roles POD_NAMESPACE=roles "$@"; }
    roles() { run_script PGPORT="$port" PGUSER="$OWNER" PGPASSWORD_FILE="$owner" BACKUP_ROLE_PASSWORD_FILE="$role" roles.sh; }
    owner_sql -d postgres -c "CREATE DATABASE $DATABASE"
    owner_sql -d "$DATABASE" -c "CREATE TABLE users (id bigserial PRIMARY KEY, handle text)" \
        -c "INSERT INTO users (handle) SELECT 'u' || i FROM generate_series(1, 100) i"

    rc=0
    PGPASSWORD= psql -w -XAtq -h 127.0.0.1 -p "$port" -U "$OWNER" -d postgres -c 'SELECT 1' >/dev/null 2>&1 || rc=$?
    check "no password, no connection over loopback" test "$rc" -ne 0
    roles 2>"$T/roles.log" || { cat "$T/roles.log" >&2; return 1; }
    check "roles.sh reports the role" contains "$T/roles.log" "role backup: LOGIN REPLICATION, member of pg_read_all_data only"
    check "roles.sh is idempotent" roles
    check "the dump runs as the backup role" as_role backup.sh
    check "the base backup replicates as the backup role" as_role base-backup.sh
    check "its dump is under roles/" test -n "$(objects roles/database/)"
    check "its server archives under roles/" test -n "$(objects roles/wal/)"
    as_role_sql() { PGPASSWORD="$(cat "$role")" psql -XAtq -h 127.0.0.1 -p "$port" -U backup -d "$DATABASE" "$@"; }
    as_role_sql -c "INSERT INTO users (handle) VALUES ('intruder')" 2>"$T/write.log" || true
    check "the backup role cannot write" contains "$T/write.log" "permission denied"
    as_role_sql -c "CREATE TABLE t (i int)" 2>"$T/create.log" || true
    check "the backup role cannot create a table" contains "$T/create.log" "permission denied"
    # Extra privileges are taken back, and a new password replaces the old one.
    owner_sql -d postgres -c "GRANT pg_write_all_data TO backup"
    cp "$role" "$T/old-password"
    printf 'rotated-%s\n' "$RANDOM" >"$role"
    roles 2>"$T/roles.log" || { cat "$T/roles.log" >&2; return 1; }
    check "a grant outside the model is revoked" equal "$(owner_sql -d postgres -c "SELECT pg_has_role('backup', 'pg_write_all_data', 'MEMBER')")" f
    check "the new password works" as_role_sql -c 'SELECT count(*) FROM users'
    rc=0
    PGPASSWORD="$(cat "$T/old-password")" psql -w -XAtq -h 127.0.0.1 -p "$port" -U backup -d "$DATABASE" -c 'SELECT 1' >/dev/null 2>&1 || rc=$?
    check "the old password no longer does" test "$rc" -ne 0
    stop_server "$dir"
}

# The scheduled drill (CronJob postgres-restore-drill): restore.sh latest --drill restores the newest
# dump into a scratch database, checks it, drops it, and pushes its duration; the live database is
# untouched. A drill that fails (wrong key) pushes a failure and leaves no scratch database either.
test_restore_drill() {
    local before t0 rc=0
    [[ -n "$(objects "$S3_PREFIX/database/")" ]] || run_script backup.sh 2>"$T/backup.log" || { cat "$T/backup.log" >&2; return 1; }
    before="$(fingerprint "$LIVE_PORT" "$DATABASE")"
    t0="$(date +%s)"
    run_script restore.sh latest --drill 2>"$T/drill.log" || { cat "$T/drill.log" >&2; return 1; }
    check "the drill says what it restored" contains "$T/drill.log" "drill done in"
    check "no drill database left" equal "$(psql -XAtq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE '%_drill_%'")" 0
    check "live database untouched" equal "$(fingerprint "$LIVE_PORT" "$DATABASE")" "$before"
    check "restore pushed: this drill's success" awk -v t="$(restore_metric METRIC_RESTORE_LAST_SUCCESS)" -v s="$t0" 'BEGIN { exit !(t >= s) }'
    check "restore pushed: its duration" awk -v d="$(restore_metric METRIC_RESTORE_DURATION)" 'BEGIN { exit !(d >= 0 && d < 60) }'
    t0="$(date +%s)"
    run_script BACKUP_PRIVATE_KEYS_FILE="$T/other-key/private-key.asc" restore.sh latest --drill 2>"$T/drill-fail.log" || rc=$?
    check "a failed drill exits non-zero" test "$rc" -ne 0
    check "a failed drill pushes its failure" awk -v t="$(restore_metric METRIC_RESTORE_LAST_FAILURE)" -v s="$t0" 'BEGIN { exit !(t >= s) }'
    check "no drill database left after a failure" equal "$(psql -XAtq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE '%_drill_%'")" 0
    rc=0
    run_script restore.sh latest --drill --into x 2>"$T/drill-usage.log" || rc=$?
    check "--drill with --into is a usage error" equal "$rc" 2
}

# The restore job in the cluster: restore.sh with its CronJob's hooks (workloads.sh) against a
# stand-in Kubernetes API that authorizes each request with the generated Role of the restore job
# (production's: two colours) and serves the scale subresource. The Deployments and the Role are
# read from the generated tree, never listed here.
start_api() {  # state-file role-file port token
    "$TOOLS/backup-venv/bin/python" - "$@" >"$T/api.log" 2>&1 <<'PY' &
import http.server, json, re, sys, yaml
state_file, role_file, port, token = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rules = yaml.safe_load(open(role_file))["rules"]
class API(http.server.BaseHTTPRequestHandler):
    def handle_one(self, verb):
        m = re.fullmatch(r"/apis/apps/v1/namespaces/test/deployments/([^/]+)(/scale)?", self.path)
        if self.headers.get("Authorization") != f"Bearer {token}" or not m:
            return self.reply(401 if m else 404, {})
        name, resource = m.group(1), "deployments" + (m.group(2) or "")
        allowed = any("apps" in r["apiGroups"] and resource in r["resources"] and verb in r["verbs"]
                      and name in r.get("resourceNames", [name]) for r in rules)
        with open(state_file + ".requests", "a") as f:
            f.write(f"{resource} {verb} {'allowed' if allowed else 'DENIED'}\n")
        if not allowed:
            return self.reply(403, {"kind": "Status", "reason": "Forbidden"})
        deployments = json.load(open(state_file))
        if name not in deployments:
            return self.reply(404, {"kind": "Status", "reason": "NotFound"})
        if verb == "patch":
            assert self.headers["Content-Type"] == "application/merge-patch+json"
            deployments[name] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["spec"]["replicas"]
            json.dump(deployments, open(state_file, "w"))
        n = deployments[name]
        # Zero counts are omitted, as the API server omits them.
        spec, status = ({"replicas": n}, {"replicas": n, "readyReplicas": n}) if n else ({}, {})
        self.reply(200, {"kind": "Scale" if m.group(2) else "Deployment", "spec": spec, "status": status})
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self): self.handle_one("get")
    def do_PATCH(self): self.handle_one("patch")
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", port), API).serve_forever()
PY
    PIDS+=($!)
}
generated_env() {  # NAME: the value production's restore CronJob (as kustomize builds it) gives the variable
    [[ -s "$T/production.yaml" ]] || kubectl kustomize "$ROOT/generated/kubernetes/overlays/production" >"$T/production.yaml"
    "$TOOLS/backup-venv/bin/python" -c 'import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d["kind"] == "CronJob" and d["metadata"]["name"] == "postgres-restore":
        for e in d["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0].get("env", []):
            if e["name"] == sys.argv[2]: print(e["value"])' "$T/production.yaml" "$1"
}
test_restore_in_cluster() {
    local api_port deployments before rc=0 first counts stop start
    api_port="$(free_port)"
    deployments="$(generated_env APP_DEPLOYMENTS)"
    stop="$(generated_env APP_STOP_COMMAND)"
    start="$(generated_env APP_START_COMMAND)"
    read -r first _ <<<"$deployments"
    check "the restore job stops and starts the applications" test -n "$stop" -a -n "$start" -a -n "$first"
    # Two Deployments run 5 and 2, the others are idle at 0 but the last, which is not deployed (404).
    "$TOOLS/backup-venv/bin/python" -c 'import json, sys; d = sys.argv[2:-1]; json.dump({n: [5, 2][i] if i < 2 else 0 for i, n in enumerate(d)}, open(sys.argv[1], "w"))' \
        "$T/deployments.json" $deployments
    mkdir -p "$T/account"
    echo "token-$RANDOM" >"$T/account/token"
    echo test >"$T/account/namespace"
    : >"$T/account/ca.crt"
    start_api "$T/deployments.json" "$ROOT/generated/kubernetes/bootstrap/production/role-postgres-restore.yaml" "$api_port" "$(cat "$T/account/token")"
    wait_for 20 curl -s "http://127.0.0.1:$api_port/"
    chmod -R a+rX "$T/account" && chmod a+rw "$T/deployments.json"
    counts="$(cat "$T/deployments.json")"
    [[ -n "$(objects "$S3_PREFIX/database/")" ]] || run_script backup.sh 2>"$T/backup.log" || { cat "$T/backup.log" >&2; return 1; }
    before="$(fingerprint "$LIVE_PORT" "$DATABASE")"
    psql -XAtq -d "$DATABASE" -c "DELETE FROM messages WHERE id % 7 = 0"
    local cluster=(APP_DEPLOYMENTS="$deployments" APP_STOP_COMMAND="${stop//\/scripts\//$SCRIPTS/}"
                   APP_START_COMMAND="${start//\/scripts\//$SCRIPTS/}" KUBE_API="http://127.0.0.1:$api_port"
                   KUBE_ACCOUNT_DIR="$T/account" WORKLOADS_STATE="$T/home/workloads.replicas")
    run_script "${cluster[@]}" MIGRATE_COMMAND="cp '$T/deployments.json' '$T/home/during.json'" \
        restore.sh latest 2>"$T/incluster.log" || { cat "$T/incluster.log" >&2; return 1; }
    check "every Deployment at zero while the database was swapped" \
        "$TOOLS/backup-venv/bin/python" -c 'import json, sys; d, e = (json.load(open(f)) for f in sys.argv[1:]); sys.exit(any(d.values()) or d.keys() != e.keys())' \
            "$T/home/during.json" "$T/deployments.json"
    check "each Deployment back to its recorded count" equal "$(cat "$T/deployments.json")" "$counts"
    check "the one not deployed is skipped" contains "$T/incluster.log" "not deployed"
    check "live database restored" equal "$(fingerprint "$LIVE_PORT" "$DATABASE")" "$before"
    # Exactly the Role: every request allowed, and every rule of the Role used.
    check "no request denied by the Role" bash -c "! grep -q DENIED '$T/deployments.json.requests'"
    check "the requests are exactly the Role's rules" equal \
        "$(cut -d' ' -f1,2 "$T/deployments.json.requests" | sort -u | tr '\n' ' ')" \
        "$("$TOOLS/backup-venv/bin/python" -c 'import sys, yaml
print(" ".join(sorted(f"{res} {v}" for r in yaml.safe_load(open(sys.argv[1]))["rules"] for res in r["resources"] for v in r["verbs"])), end=" ")' \
            "$ROOT/generated/kubernetes/bootstrap/production/role-postgres-restore.yaml")"

    # A restore failing after the stop starts the applications again, and notifies Slack.
    local notices
    notices="$(wc -l <"$T/slack.log")"
    run_script "${cluster[@]}" MIGRATE_COMMAND=false restore.sh latest 2>"$T/incluster-fail.log" || rc=$?
    check "a failed migration fails the restore" test "$rc" -ne 0
    check "the applications run again after the failure" equal "$(cat "$T/deployments.json")" "$counts"
    check "Slack notified of the failed restore" test "$(wc -l <"$T/slack.log")" -gt "$notices"
}

# Key rotation as docs/backup-key-rotation.md gives it: a server and its backups under key A; the
# restore keyring becomes B then A (each with its passphrase, B's first); the public key file is
# replaced by B's under the running server, as the kubelet updates a mounted Secret; backups under
# B. Then, within retention, a dump of each key restores by name, and a point-in-time restore from
# A's base backup replays WAL of both keys. A single key (restore.sh before the keyring) cannot.
key_ids() { gpg --batch --with-colons --import-options show-only --import "$1" 2>/dev/null | awk -F: '$1 == "pub" || $1 == "sub" { print $5 }'; }
encrypted_to() {  # key: the key id the object's session key is encrypted to
    local home
    home="$(mktemp -d "$T/list.XXXXXX")"
    aws s3 cp "s3://$S3_BUCKET/$1" "$home/object" --only-show-errors
    GNUPGHOME="$home" gpg --batch --list-packets "$home/object" 2>/dev/null | sed -n 's/^:pubkey enc packet:.* keyid \([0-9A-F]*\).*/\1/p'
}
test_key_rotation() {
    local dir="$T/rotation" port keyring="$T/keyring" dump_a dump_b wal_b pitr="$T/rotation-pitr" pitr_port rc segment t0
    t0="$(now)"
    port="$(free_port)"
    mkdir -p "$dir" "$keyring"
    cp "$T/key/public-key.asc" "$dir/public-key.asc"
    chmod 644 "$dir/public-key.asc"
    BACKUP_PUBLIC_KEY_FILE="$dir/public-key.asc" S3_PREFIX=rotation start_server "$dir" "$port"
    rotation() { run_script PGPORT="$port" S3_PREFIX=rotation POD_NAMESPACE=rotation BACKUP_PUBLIC_KEY_FILE="$dir/public-key.asc" "$@"; }
    sql() { psql -XAtq -p "$port" -v ON_ERROR_STOP=1 "$@"; }
    archive_now() {  # key: a row of that key's era, then its segment archived (a switch needs a write)
        sql -d "$DATABASE" -c "INSERT INTO era (key) VALUES ('$1')"
        segment="$(sql -d postgres -c "SELECT pg_walfile_name(pg_switch_wal())")"
        wait_for 60 archived "$segment" "$port"
    }
    sql -d postgres -c "CREATE DATABASE $DATABASE"
    sql -d "$DATABASE" -c "CREATE TABLE era (id serial PRIMARY KEY, key text)" -c "INSERT INTO era (key) VALUES ('a')"
    rotation base-backup.sh 2>"$T/rotation.log" && rotation backup.sh 2>>"$T/rotation.log" || { cat "$T/rotation.log" >&2; return 1; }
    dump_a="$(objects rotation/database/ | tail -1)"

    # The rotation, in the procedure's order: the keyring first, then the public key.
    cat "$T/next-key/private-key.asc" "$T/key/private-key.asc" >"$keyring/private-keys.asc"
    cat "$T/next-key/passphrase" "$T/key/passphrase" >"$keyring/passphrases"
    chmod 644 "$keyring"/*
    archive_now a
    cp "$T/next-key/public-key.asc" "$dir/public-key.asc"
    archive_now b
    wal_b="rotation/wal/$segment.gpg"
    rotation backup.sh 2>"$T/rotation.log" || { cat "$T/rotation.log" >&2; return 1; }
    dump_b="$(objects rotation/database/ | tail -1)"
    check "the dump before the rotation is encrypted to key A" contains <(key_ids "$T/key/public-key.asc") "$(encrypted_to "$dump_a")"
    check "the dump after the rotation is encrypted to key B" contains <(key_ids "$T/next-key/public-key.asc") "$(encrypted_to "$dump_b")"
    check "WAL archived after the rotation is encrypted to key B" contains <(key_ids "$T/next-key/public-key.asc") "$(encrypted_to "$wal_b")"

    echo "    backups under both keys: $(elapsed "$t0" "$(now)") s" >&2
    t0="$(now)"
    with_keyring() { rotation BACKUP_PRIVATE_KEYS_FILE="$keyring/private-keys.asc" BACKUP_PRIVATE_KEY_PASSPHRASES_FILE="$keyring/passphrases" "$@"; }
    with_keyring restore.sh "$dump_a" --into era_a 2>"$T/rotation-a.log" || { cat "$T/rotation-a.log" >&2; return 1; }
    check "key A's dump restores with the keyring" equal "$(sql -d era_a -c "SELECT string_agg(key, ',' ORDER BY id) FROM era")" a
    check "the restore names the keyring" contains "$T/rotation-a.log" "keyring: 2 private keys, 2 passphrases"
    with_keyring restore.sh latest --into era_b 2>"$T/rotation-b.log" || { cat "$T/rotation-b.log" >&2; return 1; }
    check "key B's dump restores with the keyring" equal "$(sql -d era_b -c "SELECT string_agg(key, ',' ORDER BY id) FROM era")" a,a,b
    rc=0
    rotation BACKUP_PRIVATE_KEYS_FILE="$T/next-key/private-key.asc" BACKUP_PRIVATE_KEY_PASSPHRASES_FILE="$T/next-key/passphrase" \
        restore.sh "$dump_a" --into era_single 2>"$T/rotation-single.log" || rc=$?
    check "key B alone cannot restore key A's dump" test "$rc" -ne 0
    check "and says so" contains "$T/rotation-single.log" "cannot decrypt"

    echo "    three logical restores: $(elapsed "$t0" "$(now)") s" >&2
    # Point in time: A's base backup (the only one) and the WAL of both keys.
    t0="$(now)"
    pitr_port="$(free_port)"
    mkdir -p "$pitr"
    chown "$RUN_AS" "$pitr"
    with_keyring PGPORT="$pitr_port" PGDATA="$pitr/data" \
        PG_SERVER_OPTIONS="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$pitr" \
        restore.sh latest --to-time latest 2>"$T/rotation-pitr.log" || { cat "$T/rotation-pitr.log" >&2; return 1; }
    SERVERS+=("$pitr/data")
    echo "    point-in-time restore: $(elapsed "$t0" "$(now)") s" >&2
    check "point in time across the rotation: rows of both keys back" \
        equal "$(psql -XAtq -p "$pitr_port" -d "$DATABASE" -c "SELECT string_agg(key, ',' ORDER BY id) FROM era")" a,a,b
    stop_server "$pitr"
    stop_server "$dir"
}

# expect_failure LOG MESSAGE KIND command...: non-zero exit, MESSAGE in the log, KIND's failure
# counter up by one, the live database unchanged, no new object under database/.
expect_failure() {
    local log=$1 message=$2 kind=$3 rc=0 failures before dumps notices
    shift 3
    failures="$(metric backup_failures_total "$kind")"
    notices="$(wc -l <"$T/slack.log")"
    before="$(fingerprint "$LIVE_PORT" "$DATABASE")"
    dumps="$(objects "$S3_PREFIX/database/")"
    "$@" 2>"$log" || rc=$?
    check "non-zero exit" test "$rc" -ne 0
    check "clear error: $message" contains "$log" "$message"
    if [[ "$kind" != none ]]; then
        check "failure counted" equal "$(metric backup_failures_total "$kind")" "$((failures + 1))"
        check "Slack notified" equal "$(wc -l <"$T/slack.log")" "$((notices + 1))"
    fi
    check "live database untouched" equal "$(fingerprint "$LIVE_PORT" "$DATABASE")" "$before"
    check "no new object under the final names" equal "$(objects "$S3_PREFIX/database/")" "$dumps"
    check "no temporary object left" equal "$(objects "$S3_PREFIX/incoming/")" ""
    check "no half-restored database left" equal "$(psql -XAtq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname LIKE '%restore%'")" 0
}

test_failure_wrong_key() {
    expect_failure "$T/f.log" "cannot decrypt" none \
        run_script BACKUP_PRIVATE_KEYS_FILE="$T/other-key/private-key.asc" restore.sh latest
}

test_failure_truncated_object() {
    local key truncated
    key="$(objects "$S3_PREFIX/database/" | tail -1)"
    [[ -n "$key" ]] || { echo "    no dump to truncate" >&2; return 1; }
    truncated="$(dirname "$key")/${NAME_PREFIX}_21000101_000000.dump.gpg"
    aws s3 cp "s3://$S3_BUCKET/$key" "$T/whole.gpg" --only-show-errors
    head -c $(($(stat -c %s "$T/whole.gpg") / 2)) "$T/whole.gpg" >"$T/half.gpg"
    aws s3api put-object --bucket "$S3_BUCKET" --key "$truncated" --body "$T/half.gpg" \
        --metadata "sha256=$(metadata "$key" sha256),plain-sha256=$(metadata "$key" plain-sha256)" >/dev/null
    expect_failure "$T/f.log" "checksum mismatch" none run_script restore.sh latest
    aws s3 rm "s3://$S3_BUCKET/$truncated" --only-show-errors
}

test_failure_missing_bucket() {
    expect_failure "$T/f.log" "bucket no-such-bucket is not reachable" dump run_script S3_BUCKET=no-such-bucket backup.sh
    check "the notice names the script" contains "$T/slack.log" "backup.sh failed"
    check "the webhook's URL on no command line while notifying" equal "$(cat "$T/slack-argv.log")" ""
}

test_failure_database_unreachable() {
    local closed
    closed="$(free_port)"
    expect_failure "$T/f.log" "pg_dump of $DATABASE failed" dump run_script PGPORT="$closed" backup.sh
}

# A logical restore checks its target first: exit 2 with a line of its own, before any download.
test_failure_restore_database_unreachable() {
    local closed rc=0 t0 failed_at
    closed="$(free_port)"
    # A dump to restore, so that only the database can be what stops the run.
    [[ -n "$(objects "$S3_PREFIX/database/")" ]] || run_script backup.sh 2>"$T/backup.log" || { cat "$T/backup.log" >&2; return 1; }
    t0="$(now)"
    run_script PGPORT="$closed" restore.sh latest 2>"$T/f.log" || rc=$?
    echo "    failed in $(elapsed "$t0" "$(now)") s" >&2
    check "exit 2" equal "$rc" 2
    check "a message of its own" contains "$T/f.log" "127.0.0.1:$closed does not answer; nothing was downloaded"
    check "nothing downloaded" bash -c "! grep -q downloading '$T/f.log'"
    failed_at="$(restore_metric METRIC_RESTORE_LAST_FAILURE)"
    check "restore pushed: last failure is now" recent "$failed_at"
}

test_failure_disk_full() {
    local small="$T/small"
    mkdir -p "$small"
    # A 256 kB file system: the dump (about 2 MB) cannot fit. Mounting needs root, as in CI.
    ((EUID == 0)) || { echo "    needs root to mount a tmpfs" >&2; return 1; }
    mount -t tmpfs -o size=256k,mode=1777 tmpfs "$small" || return 1
    MOUNTS+=("$small")
    expect_failure "$T/f.log" "No space left on device" dump run_script BACKUP_DIR="$small" backup.sh
    check "nothing left on the full disk" equal "$(find "$small" -mindepth 1 | wc -l)" 0
}

# --- The disaster drill -------------------------------------------------------------------

# Fill a database to DRILL_SIZE_MB, take a base backup, write continuously (one committed insert at
# a time, each acknowledged id and time logged), SIGKILL the server after DRILL_SECONDS, delete its
# data folder, restore from the bucket alone, and compare what was acknowledged with what is back.
test_disaster_drill() {
    local dir="$T/drill" port pid sid t_kill t_start t_serving committed restored missing first_lost lost_window size
    port="$(free_port)"
    export S3_PREFIX=drill   # the server archives there too
    start_server "$dir" "$port"
    psql -XAtq -p "$port" -d postgres -c "CREATE DATABASE $DATABASE"
    psql -XAtq -p "$port" -d "$DATABASE" -v ON_ERROR_STOP=1 \
        -c "CREATE TABLE filler (id bigserial PRIMARY KEY, payload text NOT NULL)" \
        -c "INSERT INTO filler (payload) SELECT repeat(md5(i::text), 6) FROM generate_series(1, $((DRILL_SIZE_MB * 4300))) i" \
        -c "CREATE TABLE drill (id bigserial PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())"
    size="$(psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT pg_database_size('$DATABASE')")"
    echo "    database: $((size / 1048576)) MB" >&2
    run_script PGPORT="$port" base-backup.sh 2>"$T/drill-base.log" || { cat "$T/drill-base.log" >&2; return 1; }

    # The writer: an id is logged only after its COMMIT was acknowledged.
    (while psql -XAtq -p "$port" -d "$DATABASE" -c "INSERT INTO drill DEFAULT VALUES RETURNING id, extract(epoch FROM written_at)" \
        >>"$T/committed" 2>/dev/null; do :; done) &
    local writer=$!
    sleep "$DRILL_SECONDS"
    # pg_ctl starts the postmaster in a session of its own: SIGKILL all of it at once, archiver and
    # its uploads included, as a lost node would.
    pid="$(head -1 "$dir/data/postmaster.pid")"
    sid="$(ps -o sid= -p "$pid" | tr -d ' ')"
    [[ "$sid" == "$pid" ]] || { echo "    the postmaster does not lead its own session" >&2; return 1; }
    t_kill="$(now)"
    pkill -KILL -s "$sid"
    wait "$writer" || true
    rm -rf "$dir/data"
    committed="$(wc -l <"$T/committed")"

    # The cluster's point-in-time restore, as docs/disaster-recovery.md runs it: a new volume,
    # initialised by the StatefulSet's first start (the data tier is up before the restore), restored
    # in place by the Job's command with the Job's generated server options, then the server started
    # on it as the StatefulSet starts it. Serving: that server answers.
    as_user initdb -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    local options
    options="$(pitr_server_options "$dir")"
    t_start="$(now)"
    run_script PGPORT="$port" PGHOST="$dir" PGDATA="$dir/data" PG_SERVER_OPTIONS="$options" \
        restore.sh latest --to-time latest --in-place 2>"$T/drill-restore.log" || { cat "$T/drill-restore.log" >&2; return 1; }
    start_existing "$dir" "$port"
    t_serving="$(now)"
    psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT id FROM drill ORDER BY id" >"$T/restored"
    restored="$(wc -l <"$T/restored")"
    cut -d'|' -f1 "$T/committed" | sort -n >"$T/committed-ids"
    missing="$(comm -23 <(sort "$T/committed-ids") <(sort "$T/restored") | wc -l)"
    # The data-loss window: from the first acknowledged row that is missing to the kill.
    first_lost="$(awk -F'|' -v n="$restored" 'NR == n + 1 { print $2 }' "$T/committed")"
    lost_window="$(elapsed "${first_lost:-$t_kill}" "$t_kill")"
    DRILL_RESULT="| $((size / 1048576)) MB | $DRILL_SECONDS s | $committed | $missing | $lost_window s | $(elapsed "$t_start" "$t_serving") s |"
    echo "    | database | writes for | rows acknowledged | acknowledged but lost | data-loss window (RPO) | restore to serving (RTO) |" >&2
    echo "    | --- | --- | ---: | ---: | ---: | ---: |" >&2
    echo "    $DRILL_RESULT" >&2
    check "every restored row was acknowledged" equal "$(comm -13 <(sort "$T/committed-ids") <(sort "$T/restored") | wc -l)" 0
    check "the lost rows are the last ones only" equal "$(head -n "$restored" "$T/committed-ids" | diff -q - "$T/restored" >/dev/null && echo yes)" yes
    check "data-loss window within the RPO (300 s)" awk -v w="$lost_window" 'BEGIN { exit !(w <= 300) }'
    check "restore within the RTO (1800 s)" awk -v r="$(elapsed "$t_start" "$t_serving")" 'BEGIN { exit !(r <= 1800) }'
    check "the filler table is whole" equal "$(psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT count(*) FROM filler")" "$((DRILL_SIZE_MB * 4300))"

    # The logical path of the disaster-recovery procedure at the same size (`restore.sh latest`,
    # the restore Job's command): a dump of the restored database, then its restore into a new
    # database and the swap. Rows are counted before and after (a checksum of every row would
    # cost more than the restore at 1 GB).
    local t_dump t_logical t_swapped rows
    rows="$(psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT (SELECT count(*) FROM filler) || '/' || (SELECT count(*) FROM drill)")"
    t_dump="$(now)"
    run_script PGPORT="$port" backup.sh 2>"$T/drill-dump.log" || { cat "$T/drill-dump.log" >&2; return 1; }
    t_logical="$(now)"
    run_script PGPORT="$port" restore.sh latest 2>"$T/drill-logical.log" || { cat "$T/drill-logical.log" >&2; return 1; }
    t_swapped="$(now)"
    check "the logical restore brings every row back" equal \
        "$(psql -XAtq -p "$port" -d "$DATABASE" -c "SELECT (SELECT count(*) FROM filler) || '/' || (SELECT count(*) FROM drill)")" "$rows"
    check "logical restore within the RTO (1800 s)" awk -v r="$(elapsed "$t_logical" "$t_swapped")" 'BEGIN { exit !(r <= 1800) }'
    DRILL_LOGICAL="| $((size / 1048576)) MB | $(elapsed "$t_dump" "$t_logical") s | $(elapsed "$t_logical" "$t_swapped") s |"
    echo "    | database | dump (backup.sh) | logical restore to serving (restore.sh latest) |" >&2
    echo "    | --- | ---: | ---: |" >&2
    echo "    $DRILL_LOGICAL" >&2
    stop_server "$dir"
}

T_ALL="$(now)"
if [[ "$ONLY_DRILL" == false ]]; then
    start_server "$LIVE" "$LIVE_PORT"
    seed_messenger "$LIVE_PORT" "$DATABASE" 30000
    run_test test_shellcheck
    run_test test_missing_variables
    run_test test_end_to_end
    run_test test_point_in_time
    run_test test_point_in_time_in_place
    run_test test_validation_script
    run_test test_restore_drill
    run_test test_restore_in_cluster
    run_test test_retention
    run_test test_backup_role
    run_test test_key_rotation
    run_test test_failure_wrong_key
    run_test test_failure_truncated_object
    run_test test_failure_missing_bucket
    run_test test_failure_database_unreachable
    run_test test_failure_restore_database_unreachable
    run_test test_failure_disk_full
fi
run_test test_disaster_drill
echo "backup tests: $(elapsed "$T_ALL" "$(now)") s; PostgreSQL $(postgres --version | awk '{ print $3 }'), moto, $(aws --version 2>&1 | cut -d' ' -f1), $(gpg --version | head -1)" >&2
[[ -z "${DRILL_RESULT:-}" ]] || echo "drill: $DRILL_RESULT"
[[ -z "${DRILL_LOGICAL:-}" ]] || echo "drill, logical: $DRILL_LOGICAL"
((FAILED == 0)) || echo "failed: ${FAILURES[*]}" >&2
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
