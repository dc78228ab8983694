import Components

extension BackupScripts {
    static let libraryName = "lib.sh"

    /// `lib.sh`: logging, clean-up on exit, a throw-away GPG home, bucket access with verified
    /// uploads, Pushgateway metrics and the Slack notice, shared by every backup script.
    static func library(_ product: Product, plan: BackupPlan) -> ShellScript {
        ShellScript(
            name: libraryName,
            summary: ["Functions shared by the backup scripts; sourced, never run."],
            constants: [
                .init("NAME_PREFIX", namePrefix(product)),
                .init("DUMP_FOLDER", dumpFolder),
                .init("BASE_FOLDER", baseFolder),
                .init("WAL_FOLDER", walFolder),
                .init("INCOMING_FOLDER", incomingFolder),
                .init("GPG_CIPHER", cipher),
                .init("RETENTION_DAYS", String(plan.retentionDays)),
                .init("METRICS_JOB", BackupMetricNames.job),
                .init("METRICS_NAMESPACE_LABEL", BackupMetricNames.namespaceLabel),
                .init("METRICS_KIND_LABEL", BackupMetricNames.kindLabel),
                .init("METRIC_LAST_SUCCESS", BackupMetricNames.lastSuccess),
                .init("METRIC_DURATION", BackupMetricNames.duration),
                .init("METRIC_SIZE", BackupMetricNames.size),
                .init("METRIC_FAILURES", BackupMetricNames.failures),
                .init("METRIC_LAST_FAILURE", BackupMetricNames.lastFailure),
                .init("RESTORE_METRICS_JOB", BackupMetricNames.restoreJob),
                .init("METRIC_RESTORE_DURATION", BackupMetricNames.restoreDuration),
                .init("METRIC_RESTORE_LAST_SUCCESS", BackupMetricNames.restoreLastSuccess),
                .init("METRIC_RESTORE_LAST_FAILURE", BackupMetricNames.restoreLastFailure),
            ],
            body: libraryBody, isLibrary: true)
    }

    private static let libraryBody = #"""
SCRIPT_NAME="$(basename "$0")"
SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd -P)"
# Set by a script to its metrics kind (dump, base, wal): a failure is then counted and notified.
FAILURE_KIND=""
# Functions run on exit, last registered first; they read the script's exit status here.
CLEANUPS=()
EXIT_STATUS=0

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SCRIPT_NAME" "$*" >&2; }
fail() {
    log "ERROR: $*"
    exit 1
}
at_exit() { CLEANUPS+=("$1"); }

on_exit() {
    local status=$? i
    trap - EXIT
    set +e
    EXIT_STATUS=$status
    if ((status != 0)) && [[ -n "$FAILURE_KIND" ]]; then
        record_failure "$FAILURE_KIND"
        # WAL archiving retries every minute: its failures alert through the metric, not Slack.
        [[ "$FAILURE_KIND" == wal ]] || notify_failure "$SCRIPT_NAME failed (exit $status) for ${S3_PREFIX:-?}; see the job's log"
    fi
    for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do "${CLEANUPS[i]}"; done
    exit "$status"
}
trap on_exit EXIT

# A scratch folder removed on exit; decrypted data is written only there.
make_work_dir() {
    WORK="$(mktemp -d "${1:-${TMPDIR:-/tmp}}/.$SCRIPT_NAME.XXXXXX")" || fail "cannot create a scratch folder in ${1:-${TMPDIR:-/tmp}}"
    at_exit remove_work_dir
}
remove_work_dir() { rm -rf "$WORK"; }

# libpq reads a password from a file only in its pgpass format, and ignores one that its group may
# read, as Secret volumes with an fsGroup are: write a private pgpass from the Secret's file, which
# holds the password alone (the same value the roles job sets).
use_password_file() {
    [[ -n "${PGPASSWORD_FILE:-}" ]] || return 0
    local password
    password="$(cat "$PGPASSWORD_FILE")" || fail "cannot read the password file $PGPASSWORD_FILE"
    password=${password//\\/\\\\}
    (umask 077 && printf '*:*:*:*:%s\n' "${password//:/\\:}" >"$WORK/pgpass")
    export PGPASSFILE="$WORK/pgpass"
}

# A GPG home of its own: no key outlives the run, and the agent it may start is stopped on exit.
gpg_start() {
    GNUPGHOME="$WORK/gnupg"
    export GNUPGHOME
    mkdir -m 700 "$GNUPGHOME"
    at_exit gpg_stop
}
gpg_stop() { [[ -z "$(ls "$GNUPGHOME"/S.* 2>/dev/null)" ]] || gpgconf --kill all; }

# encrypt IN OUT [COMPRESSION]: to the public key only, so that whoever runs a backup cannot read
# any backup, and a stolen bucket credential exposes ciphertext only.
encrypt() {
    gpg --batch --yes --quiet --no-tty --recipient-file "$BACKUP_PUBLIC_KEY_FILE" --cipher-algo "$GPG_CIPHER" \
        --compress-algo "${3:-none}" --output "$2" --encrypt "$1"
}

# The keyring: the current private key and every earlier one whose backups are still retained
# (a rotation re-encrypts nothing), each passphrase in a private file of its own. A key that
# decrypts nothing is harmless; a missing one makes its backups unreadable.
PASSPHRASES=${PASSPHRASES:-0}
# The folder of the passphrase files: this run's scratch folder, or the restore's that started the
# server whose restore_command (wal-fetch.sh) decrypts with the same keyring.
KEYRING=${KEYRING:-}
gpg_import_private_keys() {
    local passphrase
    KEYRING=$WORK
    gpg --batch --quiet --import "$BACKUP_PRIVATE_KEYS_FILE" 2>"$WORK/gpg-import.log" \
        || fail "cannot import the private keys $BACKUP_PRIVATE_KEYS_FILE: $(tail -1 "$WORK/gpg-import.log")"
    if [[ -n "${BACKUP_PRIVATE_KEY_PASSPHRASES_FILE:-}" ]]; then
        while IFS= read -r passphrase || [[ -n "$passphrase" ]]; do
            (umask 077 && printf '%s\n' "$passphrase" >"$KEYRING/passphrase.$PASSPHRASES")
            PASSPHRASES=$((PASSPHRASES + 1))
        done <"$BACKUP_PRIVATE_KEY_PASSPHRASES_FILE"
    fi
    log "keyring: $(gpg --batch --with-colons --list-secret-keys 2>/dev/null | grep -c '^sec:') private keys, $PASSPHRASES passphrases"
}
# decrypt IN OUT: with whichever key of the keyring the data was encrypted to. GPG picks the key;
# each passphrase is tried in turn (keys made at different rotations have their own), the one
# that worked last first: a run mostly reads data of one key. Fails on a key the keyring lacks
# and on any change to the data (GPG's integrity check).
LAST_PASSPHRASE=0
decrypt() {
    local tries=$((PASSPHRASES > 0 ? PASSPHRASES : 1)) try i
    local -a passphrase
    for ((try = 0; try < tries; try++)); do
        i=$(((LAST_PASSPHRASE + try) % tries))
        passphrase=()
        ((PASSPHRASES == 0)) || passphrase=(--passphrase-file "$KEYRING/passphrase.$i")
        if gpg --batch --yes --quiet --no-tty --pinentry-mode loopback "${passphrase[@]}" --output "$2" --decrypt "$1" \
            2>"$WORK/gpg.log"; then
            LAST_PASSPHRASE=$i
            return 0
        fi
    done
    fail "cannot decrypt $(basename "$1") with any key of the keyring: $(grep -v '^gpg: encrypted with' "$WORK/gpg.log" | tail -2 | tr '\n' ' ')"
}

# begin_backup KIND ARG...: what backup.sh and base-backup.sh do first: refuse arguments, count a
# failure from here on, make a scratch folder in BACKUP_DIR, a private pgpass and GPG home,
# check the bucket, and take the backup's timestamp (STAMP).
begin_backup() {
    local kind=$1
    shift
    (($# == 0)) || { echo "usage: $SCRIPT_NAME (no arguments; configured by the environment)" >&2; exit 2; }
    FAILURE_KIND=$kind
    STARTED="$(date +%s)"
    mkdir -p "$BACKUP_DIR" || fail "cannot create $BACKUP_DIR"
    make_work_dir "$BACKUP_DIR"
    use_password_file
    gpg_start
    check_bucket
    STAMP="$(date -u +%Y%m%d_%H%M%S)"
}
# end_backup: the success metrics of the published object.
end_backup() {
    record_success "$FAILURE_KIND" "$(($(date +%s) - STARTED))" "$PUBLISHED_SIZE"
    log "done in $(($(date +%s) - STARTED)) s"
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }
bucket_name() {
    local b="${S3_BUCKET#s3://}"
    printf '%s' "${b%%/*}"
}
# aws, without progress output for the high-level `aws s3` commands.
s3() {
    if [[ "$1" == s3 ]]; then aws "$@" --only-show-errors; else aws "$@"; fi
}

# Fails early, before any work, when the bucket cannot be reached.
check_bucket() {
    s3 s3api head-bucket --bucket "$(bucket_name)" >/dev/null 2>"$WORK/head-bucket.log" \
        || fail "bucket $(bucket_name) is not reachable: $(tr '\n' ' ' <"$WORK/head-bucket.log")"
}

# Keys under FOLDER (relative to S3_PREFIX), one a line, sorted (names sort by time).
s3_list() {
    s3 s3api list-objects-v2 --bucket "$(bucket_name)" --prefix "$S3_PREFIX/$1/" --query 'Contents[].Key' \
        --output text | tr '\t' '\n' | grep -v '^None$' | sort || true
}

s3_metadata() { s3 s3api head-object --bucket "$(bucket_name)" --key "$1" --query "Metadata.\"$2\"" --output text; }

# publish FILE KEY METADATA: uploads to a temporary key, copies it to KEY, checks KEY's size and
# checksum, then deletes the temporary key. A failure at any step leaves nothing under KEY.
PUBLISH_TEMP=""
publish() {
    local file=$1 key=$2 metadata=$3 size sha
    size="$(stat -c %s "$file")"
    sha="$(sha256 "$file")"
    PUBLISH_TEMP="$S3_PREFIX/$INCOMING_FOLDER/$(basename "$key").$$"
    at_exit remove_publish_temp
    metadata="sha256=$sha,size=$size,$metadata"
    s3 s3 cp "$file" "s3://$(bucket_name)/$PUBLISH_TEMP" --sse AES256 --metadata "$metadata" \
        || fail "upload of $(basename "$key") to bucket $(bucket_name) failed"
    # Metadata given again: a multipart copy (objects over 8 MB) does not carry it over by itself.
    s3 s3 cp "s3://$(bucket_name)/$PUBLISH_TEMP" "s3://$(bucket_name)/$key" --sse AES256 \
        --metadata "$metadata" --metadata-directive REPLACE || fail "copy of the uploaded object to $key failed"
    [[ "$(s3_metadata "$key" sha256)" == "$sha" ]] || { s3 s3 rm "s3://$(bucket_name)/$key"; fail "$key does not carry the checksum uploaded; removed"; }
    PUBLISHED_SIZE=$size
}
remove_publish_temp() { [[ -z "$PUBLISH_TEMP" ]] || s3 s3 rm "s3://$(bucket_name)/$PUBLISH_TEMP" >/dev/null 2>&1 || true; }

# expire FOLDER SUFFIX: deletes objects of FOLDER whose name's timestamp is older than the
# retention period (key names, not LastModified, which a copy resets).
expire() {
    local cutoff key stamp
    cutoff="$(date -u -d "-$RETENTION_DAYS days" +%Y%m%d_%H%M%S)"
    while read -r key; do
        [[ -n "$key" ]] || continue
        stamp="${key##*/"${NAME_PREFIX}"_}"
        stamp="${stamp%"$2"}"
        [[ "$stamp" =~ ^[0-9]{8}_[0-9]{6}$ ]] || continue
        if [[ "$stamp" < "$cutoff" ]]; then
            log "retention: deleting $key (older than $RETENTION_DAYS days)"
            s3 s3 rm "s3://$(bucket_name)/$key"
        fi
    done < <(s3_list "$1")
}

# Metrics, grouped by job, namespace and kind. POST replaces only the series pushed, so a success
# keeps the failure counter and a failure keeps the last success. push_metrics JOB [KIND] < text
push_metrics() {
    if [[ -z "${PUSHGATEWAY_URL:-}" ]]; then
        log "PUSHGATEWAY_URL not set: metrics not pushed"
        return 0
    fi
    local group="job/$1"
    [[ -z "${POD_NAMESPACE:-}" ]] || group+="/$METRICS_NAMESPACE_LABEL/$POD_NAMESPACE"
    [[ -z "${2:-}" ]] || group+="/$METRICS_KIND_LABEL/$2"
    curl -fsS --max-time 10 --data-binary @- "$PUSHGATEWAY_URL/metrics/$group" \
        || log "WARNING: could not push metrics to $PUSHGATEWAY_URL"
}
record_success() {
    push_metrics "$METRICS_JOB" "$1" <<EOF
# TYPE $METRIC_LAST_SUCCESS gauge
$METRIC_LAST_SUCCESS $(date +%s)
# TYPE $METRIC_DURATION gauge
$METRIC_DURATION $2
# TYPE $METRIC_SIZE gauge
$METRIC_SIZE $3
EOF
}
record_failure() {
    [[ -n "${PUSHGATEWAY_URL:-}" ]] || return 0
    local count
    count="$(curl -fsS --max-time 10 "$PUSHGATEWAY_URL/metrics" 2>/dev/null \
        | awk -v m="$METRIC_FAILURES" -v j="job=\"$METRICS_JOB\"" -v k="$METRICS_KIND_LABEL=\"$1\"" \
            -v ns="$METRICS_NAMESPACE_LABEL=\"${POD_NAMESPACE:-}\"" \
            'index($0, m "{") == 1 && index($0, j) && index($0, k) && (ns ~ /""$/ || index($0, ns)) { n = $2 }
             END { print n + 1 }')"
    push_metrics "$METRICS_JOB" "$1" <<EOF
# TYPE $METRIC_FAILURES counter
$METRIC_FAILURES ${count:-1}
# TYPE $METRIC_LAST_FAILURE gauge
$METRIC_LAST_FAILURE $(date +%s)
EOF
}

notify_failure() {
    [[ -n "${SLACK_WEBHOOK_URL_FILE:-}" ]] || return 0
    local text=${1//\\/\\\\} url
    url="$(cat "$SLACK_WEBHOOK_URL_FILE")" || { log "WARNING: cannot read $SLACK_WEBHOOK_URL_FILE"; return 0; }
    # The URL is the webhook's secret: given to curl as a config file on its standard input (printf
    # is a builtin), never as an argument, which any process can read in /proc while curl runs.
    url=${url//\\/\\\\}
    printf 'url = "%s"\n' "${url//\"/\\\"}" | curl -K - -fsS --max-time 10 -H 'Content-Type: application/json' \
        --data "{\"text\": \"${text//\"/\\\"}\"}" >/dev/null || log "WARNING: Slack notification failed"
}

# Optional command from the environment (kubectl scale, migrations): run through bash, logged.
run_hook() {
    local name=$1
    if [[ -z "${!name:-}" ]]; then
        log "$name not set: skipped"
        return 0
    fi
    log "$name: ${!name}"
    bash -c "${!name}" || fail "$name failed"
}

# Per-table row count and content checksum of database $1, one "table rows checksum" line per
# table. The checksum adds 60 bits of each row's MD5: independent of row order, constant memory.
fingerprint() {
    local table
    psql -XAtq -d "$1" -c "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1" | while read -r table; do
        psql -XAtq -F ' ' -d "$1" -c "SELECT '$table', count(*),
            coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0) FROM $table t"
    done
}
"""#
}
