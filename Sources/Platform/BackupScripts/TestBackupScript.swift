import Components

extension BackupScripts {
    /// `test-backup.sh`: the seed's validation, with figures measured rather than announced.
    static func testBackup(plan: BackupPlan) -> ShellScript {
        ShellScript(
            name: "test-backup.sh",
            summary: [
                "The seed's backup validation: takes a backup with backup.sh, restores it with",
                "restore.sh --into a scratch database, compares every table's row count and content",
                "checksum with the live database, and prints the measured figures against the objectives",
                "as a table. Exit 1 when any check fails. Run it while the database is quiet (staging):",
                "writes during the run make the checksums differ.",
            ],
            usage: "(no arguments)",
            constants: [
                .init("RPO_SECONDS", String(plan.objectives.rpo.value)),
                .init("RTO_SECONDS", String(plan.objectives.rto.value)),
                .init("DUMP_DEADLINE_SECONDS", String(plan.dumpDeadline.value)),
            ],
            inputs: databaseInputs + [pgDatabase] + bucketInputs + [publicKey, privateKeys, privateKeyPassphrases,
                                                                   backupDir, workDir] + metricsInputs,
            sources: [libraryName],
            body: #"""
(($# == 0)) || { echo "usage: $SCRIPT_NAME (no arguments; configured by the environment)" >&2; exit 2; }
here="$(dirname "${BASH_SOURCE[0]}")"
make_work_dir
use_password_file
scratch="${PGDATABASE:0:40}_test_$(date -u +%Y%m%d_%H%M%S)"
drop_scratch() { psql -XAtq -d postgres -c "DROP DATABASE IF EXISTS \"$scratch\"" >/dev/null 2>&1 || true; }
at_exit drop_scratch
rows=()
failed=0
row() {  # measure, value, objective, ok
    rows+=("| $1 | $2 | $3 | $([[ $4 == yes ]] && echo ok || echo FAILED) |")
    [[ $4 == yes ]] || failed=1
}

fingerprint "$PGDATABASE" >"$WORK/live"
t0="$(date +%s.%N)"
bash "$here/backup.sh" || fail "backup.sh failed"
t1="$(date +%s.%N)"
bash "$here/restore.sh" latest --into "$scratch" || fail "restore.sh failed"
t2="$(date +%s.%N)"
fingerprint "$scratch" >"$WORK/restored"

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
below() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x < y) }' && echo yes || echo no; }
backup_s="$(elapsed "$t0" "$t1")"
restore_s="$(elapsed "$t1" "$t2")"
row "backup duration (s)" "$backup_s" "< $DUMP_DEADLINE_SECONDS (job deadline)" "$(below "$backup_s" "$DUMP_DEADLINE_SECONDS")"
row "restore duration (s)" "$restore_s" "< $RTO_SECONDS (RTO)" "$(below "$restore_s" "$RTO_SECONDS")"
row "tables, rows and checksums" "$(wc -l <"$WORK/live") tables, $(awk '{ n += $2 } END { print n + 0 }' "$WORK/live") rows" "equal after restore" \
    "$(diff -q "$WORK/live" "$WORK/restored" >/dev/null && echo yes || echo no)"
age="$(psql -XAtq -d postgres -c "SELECT coalesce(round(extract(epoch FROM now() - last_archived_time)), -1) FROM pg_stat_archiver")"
if ((age < 0)); then
    row "age of the last archived WAL (s)" "none archived" "< $RPO_SECONDS (RPO)" no
else
    row "age of the last archived WAL (s)" "$age" "< $RPO_SECONDS (RPO)" "$(below "$age" "$RPO_SECONDS")"
fi

printf '| measure | value | objective | result |\n| --- | ---: | --- | --- |\n'
printf '%s\n' "${rows[@]}"
if ((failed)); then
    diff "$WORK/live" "$WORK/restored" >&2 || true
    fail "backup validation failed"
fi
"""#)
    }
}
