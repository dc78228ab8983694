import Components

extension BackupScripts {
    /// `base-backup.sh`: the physical backup that point-in-time recovery starts from.
    static let baseBackup = ShellScript(
        name: "base-backup.sh",
        summary: [
            "Physical base backup of the whole cluster (pg_basebackup, tar, gzip), the starting point of",
            "point-in-time recovery: restore.sh replays the archived WAL on top of it. WAL is not included",
            "(-X none): wal-archive.sh archives it continuously. Encrypted, verified and published like",
            "backup.sh's dumps; then base backups past the retention period are deleted, with the WAL",
            "segments older than the oldest base backup kept.",
        ],
        usage: "(no arguments)",
        inputs: databaseInputs + bucketInputs + [publicKey, slack, backupDir] + metricsInputs,
        sources: [libraryName],
        body: #"""
begin_backup base "$@"
name="${NAME_PREFIX}_${STAMP}.base.tar.gz"
log "base backup of $PGHOST:$PGPORT"
pg_basebackup --pgdata=- --format=tar --wal-method=none --checkpoint=fast --compress=gzip:1 --no-password \
    >"$WORK/$name" || fail "pg_basebackup failed (see above); nothing was uploaded"
# backup_label comes first in the archive; it names the first WAL segment the backup needs.
wal_start="$({ tar -xzOf "$WORK/$name" --occurrence=1 backup_label || true; } | sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]*\))$/\1/p')"
[[ -n "$wal_start" ]] || fail "the base backup has no readable backup_label; nothing was uploaded"
tar -tzf "$WORK/$name" >/dev/null || fail "the base backup does not read back (tar -t); nothing was uploaded"
version="$(psql -XAtq -d postgres -c 'SHOW server_version' | cut -d' ' -f1)"
plain_sha="$(sha256 "$WORK/$name")"

encrypt "$WORK/$name" "$WORK/$name.gpg" || fail "GPG encryption failed; nothing was uploaded"
rm -f "$WORK/$name"
publish "$WORK/$name.gpg" "$S3_PREFIX/$BASE_FOLDER/$name.gpg" \
    "plain-sha256=$plain_sha,pg-version=$version,created=$STAMP,wal-start=$wal_start"
log "uploaded s3://$(bucket_name)/$S3_PREFIX/$BASE_FOLDER/$name.gpg ($PUBLISHED_SIZE bytes, WAL from $wal_start)"

expire "$BASE_FOLDER" .base.tar.gz.gpg
# WAL older than the oldest base backup kept can never be replayed: delete it. Segment names
# compare by their last 16 hex digits (log and segment number) across timelines; history files stay.
oldest="$(s3_list "$BASE_FOLDER" | head -1)"
keep_from="$(s3_metadata "$oldest" wal-start)"
while read -r key; do
    segment="$(basename "$key" .gpg)"
    [[ "$segment" =~ ^[0-9A-F]{24}$ && "${segment:8}" < "${keep_from:8}" ]] || continue
    log "retention: deleting $key (before the oldest base backup)"
    s3 s3 rm "s3://$(bucket_name)/$key"
done < <(s3_list "$WAL_FOLDER")
end_backup
"""#)
}
