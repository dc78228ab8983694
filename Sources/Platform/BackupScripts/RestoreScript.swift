import Components

extension BackupScripts {
    /// `restore.sh`: the seed's restore, reordered so that a bad key or a corrupt object never
    /// leaves the service without its data: everything is checked before the live database is
    /// touched, and the live database is swapped out, never dropped.
    static func restore(plan: BackupPlan) -> ShellScript {
        ShellScript(
            name: "restore.sh",
            summary: [
                "Restores a backup from the bucket. Nothing live is touched until the object's checksum, its",
                "decryption and its readability (pg_restore --list, tar -t) have been checked.",
                "",
                "Logical (default): restores a dump into a new database, checks it, stops the application",
                "(APP_STOP_COMMAND), swaps it in with two renames in one transaction (the old database is kept",
                "as <db>_before_<time>), checks row counts and checksums, runs MIGRATE_COMMAND and",
                "APP_START_COMMAND. --into DB only restores into the new database DB (no swap, no hooks).",
                "--drill restores into a scratch database, checks it and drops it: the scheduled restore drill,",
                "whose pushed duration is the measured recovery time.",
                "",
                "Point in time (--to-time T, or --to-time latest for everything archived): restores the newest",
                "base backup taken before T into the empty data directory PGDATA, starts the server on PGPORT",
                "to replay the archived WAL up to T, each file fetched when replay needs it (wal-fetch.sh as",
                "restore_command: the archive is never staged), and waits for its promotion (at most the RTO).",
                "--in-place restores into the database server's own data directory (its StatefulSet scaled to",
                "zero first): a non-empty PGDATA is set aside as PGDATA.before-<time> (kept, never deleted) once",
                "the backup is checked, and the server is stopped cleanly after promotion, for the StatefulSet",
                "to start on the recovered data (the hooks are then the caller's: it starts the applications).",
                "",
                "Scratch files are private (umask 077). Every run pushes its outcome to the Pushgateway:",
                "the duration and time of a success, or the time of a failure.",
            ],
            usage: "latest|NAME [--to-time TIME|latest] [--into DATABASE|--drill|--in-place]",
            constants: [.init("RESTORE_TIMEOUT", String(plan.objectives.rto.value)),
                        .init("WAL_FETCH_SETTINGS", walFetchInputs.map(\.name).joined(separator: " "))],
            inputs: databaseInputs + [pgDatabase] + bucketInputs + [
                privateKeys, privateKeyPassphrases, workDir,
                .init("PGDATA", "empty data directory a point-in-time restore writes (--to-time only)", default: ""),
                .init("PG_SERVER_OPTIONS", "extra postgres options for the restored server (--to-time only)", default: ""),
                .init("APP_STOP_COMMAND", "stops the application, e.g. kubectl scale --replicas=0", default: ""),
                .init("MIGRATE_COMMAND", "runs the schema migrations after the restore", default: ""),
                .init("APP_START_COMMAND", "starts the application again (also when the restore fails after stopping it)",
                      default: ""),
                slack,
            ] + metricsInputs,
            sources: [libraryName],
            body: restoreBody)
    }

    private static let restoreBody = #"""
usage() {
    echo "usage: $SCRIPT_NAME latest|NAME [--to-time TIME|latest] [--into DATABASE|--drill|--in-place]" >&2
    exit 2
}
(($# >= 1)) || usage
target=$1
shift
to_time=""
into=""
drill=false
in_place=false
while (($# > 0)); do
    case $1 in
        --to-time) (($# >= 2)) || usage; to_time=$2; shift 2 ;;
        --into) (($# >= 2)) || usage; into=$2; shift 2 ;;
        --drill) drill=true; shift ;;
        --in-place) in_place=true; shift ;;
        *) usage ;;
    esac
done
[[ -z "$to_time" || ( -z "$into" && "$drill" == false ) ]] \
    || { echo "$SCRIPT_NAME: --into and --drill apply to logical restores, not to --to-time" >&2; exit 2; }
[[ "$in_place" == false || -n "$to_time" ]] || { echo "$SCRIPT_NAME: --in-place applies to --to-time restores" >&2; exit 2; }
[[ "$drill" == false || -z "$into" ]] || { echo "$SCRIPT_NAME: --drill chooses its own scratch database; no --into" >&2; exit 2; }
if [[ -n "$to_time" && "$to_time" != latest ]]; then
    to_stamp="$(date -u -d "$to_time" +%Y%m%d_%H%M%S)" || { echo "$SCRIPT_NAME: cannot read the time \"$to_time\"" >&2; exit 2; }
fi
started="$(date +%s)"
stamp="$(date -u +%Y%m%d_%H%M%S)"
# The plaintext dump, base backup and WAL are as secret as the database: no file of this run is
# readable by anyone but its user, whatever the caller's umask.
umask 077
at_exit record_restore
make_work_dir
use_password_file
gpg_start
gpg_import_private_keys
check_bucket

# resolve FOLDER SUFFIX: the key of NAME, or of the newest backup (taken before --to-time).
resolve() {
    local key
    if [[ "$target" != latest ]]; then
        printf '%s/%s/%s' "$S3_PREFIX" "$1" "${target##*/}"
        return
    fi
    key="$(s3_list "$1" | grep -E "/${NAME_PREFIX}_[0-9]{8}_[0-9]{6}${2//./\\.}\$" \
        | awk -v limit="${to_stamp:-99999999_999999}" -v p="${NAME_PREFIX}_" \
            '{ s = substr($0, index($0, p) + length(p), 15) } s <= limit' | tail -1)"
    [[ -n "$key" ]] || fail "no backup in s3://$(bucket_name)/$S3_PREFIX/$1/${to_stamp:+ taken before $to_time}"
    printf '%s' "$key"
}

# fetch KEY OUT: download, check the object's checksum, decrypt, check the plaintext's checksum.
fetch() {
    local expected
    expected="$(s3_metadata "$1" sha256 2>"$WORK/head.log")" \
        || fail "no backup $1 in bucket $(bucket_name): $(tr '\n' ' ' <"$WORK/head.log")"
    log "downloading $1"
    s3 s3 cp "s3://$(bucket_name)/$1" "$WORK/object.gpg" || fail "download of $1 failed"
    [[ "$(sha256 "$WORK/object.gpg")" == "$expected" ]] \
        || fail "checksum mismatch: $1 is corrupt or truncated (its sha256 is not the $expected recorded at upload)"
    decrypt "$WORK/object.gpg" "$2"
    rm -f "$WORK/object.gpg"
    [[ "$(sha256 "$2")" == "$(s3_metadata "$1" plain-sha256)" ]] || fail "$1 decrypts to data other than what was backed up"
}

# The outcome of the run (a usage error, before this is registered, is not a restore): the
# Recovery Time Estimate panel reads the duration of the last success.
record_restore() {
    if ((EXIT_STATUS == 0)); then
        push_metrics "$RESTORE_METRICS_JOB" <<EOF
# TYPE $METRIC_RESTORE_DURATION gauge
$METRIC_RESTORE_DURATION $(($(date +%s) - started))
# TYPE $METRIC_RESTORE_LAST_SUCCESS gauge
$METRIC_RESTORE_LAST_SUCCESS $(date +%s)
EOF
    else
        push_metrics "$RESTORE_METRICS_JOB" <<EOF
# TYPE $METRIC_RESTORE_LAST_FAILURE gauge
$METRIC_RESTORE_LAST_FAILURE $(date +%s)
EOF
        notify_failure "$SCRIPT_NAME $target failed (exit $EXIT_STATUS) for ${S3_PREFIX:-?}; see the job's log"
    fi
}

sql() { psql -XAtq -v ON_ERROR_STOP=1 "$@"; }
# A logical restore needs the server: say so in seconds, before a download and decryption that
# take as long as the backup is large.
check_database() {
    sql -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK/connect.log" && return 0
    log "ERROR: the database server ${PGHOST}:${PGPORT:-5432} does not answer; nothing was downloaded: $(tr '\n' ' ' <"$WORK/connect.log")"
    exit 2
}
db_exists() { [[ "$(sql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]; }

restore_logical() {
    local key db=$PGDATABASE new old
    check_database
    key="$(resolve "$DUMP_FOLDER" .dump.gpg)"
    fetch "$key" "$WORK/backup.dump"
    pg_restore --list "$WORK/backup.dump" >"$WORK/toc" || fail "$key is not a readable pg_dump archive; nothing was touched"
    log "$key: $(grep -c ' TABLE DATA ' "$WORK/toc" || true) tables, archive checked"

    [[ "$drill" == false ]] || into="${db:0:40}_drill_$stamp"
    new="${into:-${db:0:40}_restore_$stamp}"
    old="${db:0:40}_before_$stamp"
    ! db_exists "$new" || fail "database $new already exists; choose another name"
    sql -d postgres -c "CREATE DATABASE \"$new\" TEMPLATE template0"
    RESTORING_INTO=$new
    at_exit drop_unfinished
    pg_restore --exit-on-error --single-transaction --no-owner --dbname="$new" "$WORK/backup.dump" \
        || fail "pg_restore into $new failed (see above); $db was not touched"
    fingerprint "$new" >"$WORK/restored"
    log "restored into $new: $(wc -l <"$WORK/restored") tables"
    if [[ "$drill" == true ]]; then
        # RESTORING_INTO stays set: the scratch database is dropped on exit, whatever happens.
        log "drill done in $(($(date +%s) - started)) s: $key restored into $into and checked; dropped on exit"
        return
    fi
    if [[ -n "$into" ]]; then
        RESTORING_INTO=""
        log "done in $(($(date +%s) - started)) s: $into holds $key (no swap: --into)"
        return
    fi

    stop_applications
    if db_exists "$db"; then
        # No new sessions, end the current ones, then both renames at once.
        sql -d postgres -c "ALTER DATABASE \"$db\" ALLOW_CONNECTIONS false"
        REOPEN=$db
        at_exit reopen_on_failure
        for _ in $(seq 1 30); do
            sql -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()" >/dev/null
            sql -d postgres -c "BEGIN; ALTER DATABASE \"$db\" RENAME TO \"$old\"; ALTER DATABASE \"$new\" RENAME TO \"$db\"; COMMIT" \
                2>"$WORK/swap.log" && break
            sleep 1
        done
        db_exists "$old" || fail "could not swap databases: $(tr '\n' ' ' <"$WORK/swap.log")"
        REOPEN=""
        log "swapped: $db is the restored database; the previous one is kept as $old (dropdb $old when satisfied)"
    else
        sql -d postgres -c "ALTER DATABASE \"$new\" RENAME TO \"$db\""
        log "$db did not exist: the restored database takes its name"
    fi
    RESTORING_INTO=""
    fingerprint "$db" | diff - "$WORK/restored" >/dev/null || fail "$db differs from the restored data after the swap"
    run_hook MIGRATE_COMMAND
    run_hook APP_START_COMMAND
    sql -d "$db" -c 'SELECT 1' >/dev/null || fail "$db does not answer after the restore"
    log "done in $(($(date +%s) - started)) s: $db restored from $key, row counts and checksums verified"
}
# A restore that fails after stopping the applications starts them again (after the live
# database was reopened, cleanups running last-registered first): a failed restore leaves the
# service as it found it, not down.
stop_applications() {
    at_exit start_on_failure
    run_hook APP_STOP_COMMAND
}
start_on_failure() {
    ((EXIT_STATUS != 0)) || return 0
    log "the restore failed: starting the applications again"
    run_hook APP_START_COMMAND || true
}
RESTORING_INTO=""
drop_unfinished() { [[ -z "$RESTORING_INTO" ]] || sql -d postgres -c "DROP DATABASE IF EXISTS \"$RESTORING_INTO\"" || true; }
REOPEN=""
reopen_on_failure() { [[ -z "$REOPEN" ]] || sql -d postgres -c "ALTER DATABASE \"$REOPEN\" ALLOW_CONNECTIONS true" || true; }

restore_point_in_time() {
    local key wal_start recovered
    [[ -n "${PGDATA:-}" ]] || fail "--to-time needs PGDATA, the empty data directory to restore into"
    [[ "$in_place" == true || ! -e "$PGDATA" || -z "$(ls -A "$PGDATA")" ]] \
        || fail "PGDATA $PGDATA is not empty: a restore never overwrites a data directory; move it aside first (or --in-place)"
    [[ "$in_place" == false || ! -e "$PGDATA.before-$stamp" ]] || fail "$PGDATA.before-$stamp exists already"
    # restore_command names these paths inside double quotes, run by sh -c: plain characters only.
    [[ "$WORK$SCRIPT_DIR" =~ ^[A-Za-z0-9/._+-]+$ ]] || fail "TMPDIR and the scripts' folder must be plain paths: $WORK $SCRIPT_DIR"
    key="$(resolve "$BASE_FOLDER" .base.tar.gz.gpg)"
    wal_start="$(s3_metadata "$key" wal-start)"
    fetch "$key" "$WORK/base.tar.gz"
    tar -tzf "$WORK/base.tar.gz" >/dev/null || fail "$key is not a readable tar archive; nothing was touched"
    # The WAL is fetched as replay needs it (wal-fetch.sh); the first segment must be there.
    s3_metadata "$S3_PREFIX/$WAL_FOLDER/$wal_start.gpg" sha256 >/dev/null 2>&1 \
        || fail "the archive lacks $wal_start, the first WAL segment $key needs; nothing was touched"
    log "$key checked; WAL from $wal_start on is fetched segment by segment during replay"
    # wal-fetch.sh's settings, for the server's restore_command only: the server itself is started
    # without them. A private file of this run, removed with it.
    local setting
    for setting in $WAL_FETCH_SETTINGS $(compgen -v AWS_); do
        [[ -z "${!setting:-}" ]] || printf "export %s='%s'\n" "$setting" "${!setting//\'/\'\\\'\'}"
    done >"$WORK/wal-fetch.env"

    stop_applications
    if [[ -e "$PGDATA" && -n "$(ls -A "$PGDATA")" ]]; then
        # A rename on the same volume: instant, and the damaged data stays for inspection.
        mv "$PGDATA" "$PGDATA.before-$stamp" || fail "could not set $PGDATA aside"
        log "the previous data directory is kept as $PGDATA.before-$stamp (delete it once the restore is accepted)"
    fi
    mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
    tar -xzf "$WORK/base.tar.gz" -C "$PGDATA" || fail "could not unpack into $PGDATA"
    rm -f "$WORK/base.tar.gz"
    cat >>"$PGDATA/postgresql.auto.conf" <<EOF
# restore.sh $target --to-time $to_time ($stamp): archive recovery, reset after promotion.
restore_command = '. "$WORK/wal-fetch.env" && exec bash "$SCRIPT_DIR/wal-fetch.sh" "%f" "%p"'
recovery_target_action = 'promote'
EOF
    [[ "$to_time" == latest ]] || echo "recovery_target_time = '$to_time'" >>"$PGDATA/postgresql.auto.conf"
    touch "$PGDATA/recovery.signal"
    log "replaying WAL${to_stamp:+ up to $to_time}"
    # The server outlives this script: it gets PATH and nothing else of the restore's environment,
    # which names the private keys, their passphrases and the credentials; restore_command loads
    # what it needs for each file.
    env -i PATH="$PATH" pg_ctl --pgdata="$PGDATA" --log="$PGDATA/restore.log" --wait --timeout="$RESTORE_TIMEOUT" \
        --options="-p $PGPORT ${PG_SERVER_OPTIONS:-}" start >/dev/null \
        || fail "the restored server did not start: $(tail -3 "$PGDATA/restore.log" | tr '\n' ' ')"
    until [[ "$(sql -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" == f ]]; do
        pg_ctl --pgdata="$PGDATA" status >/dev/null || fail "the server stopped during recovery: $(tail -3 "$PGDATA/restore.log" | tr '\n' ' ')"
        (($(date +%s) - started < RESTORE_TIMEOUT)) || fail "recovery did not end within the RTO ($RESTORE_TIMEOUT s)"
        sleep 0.5
    done
    recovered="$(sql -d postgres -c 'SELECT pg_last_xact_replay_timestamp()')"
    sql -d postgres -c 'ALTER SYSTEM RESET restore_command' -c 'ALTER SYSTEM RESET recovery_target_action' \
        -c 'ALTER SYSTEM RESET recovery_target_time' -c 'SELECT pg_reload_conf()' >/dev/null
    if [[ "$in_place" == true ]]; then
        sql -d "$PGDATABASE" -c 'SELECT 1' >/dev/null || fail "$PGDATABASE does not answer after the restore"
        # A clean shutdown (a checkpoint): the StatefulSet's server starts without any recovery.
        pg_ctl --pgdata="$PGDATA" --mode=fast --wait --timeout="$RESTORE_TIMEOUT" stop >/dev/null \
            || fail "the restored server did not stop cleanly"
        log "done in $(($(date +%s) - started)) s: $PGDATA recovered (last transaction replayed at $recovered) and stopped; start the database server on it"
        return 0
    fi
    run_hook MIGRATE_COMMAND
    run_hook APP_START_COMMAND
    sql -d "$PGDATABASE" -c 'SELECT 1' >/dev/null || fail "$PGDATABASE does not answer after the restore"
    log "done in $(($(date +%s) - started)) s: serving on port $PGPORT, last transaction replayed at $recovered"
}

if [[ -n "$to_time" ]]; then restore_point_in_time; else restore_logical; fi
"""#
}
