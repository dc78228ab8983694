import Components

extension BackupScripts {
    /// `backup.sh`: the seed's logical backup, made safe: the dump is checked before it is
    /// encrypted, and it reaches its final name in the bucket only complete and verified.
    static let backup = ShellScript(
        name: "backup.sh",
        summary: [
            "Logical backup of the application database: pg_dump (custom format, gzip 9), checked with",
            "pg_restore --list, encrypted to the backup public key (GPG, AES-256), uploaded with its",
            "checksum, size, PostgreSQL version and time as metadata, kept under the final name only once",
            "verified. Then retention (local and bucket), metrics to the Pushgateway; Slack on failure.",
        ],
        usage: "(no arguments)",
        constants: [.init("DUMP_COMPRESSION", String(dumpCompression))],
        inputs: databaseInputs + [pgDatabase] + bucketInputs + [publicKey, slack, backupDir] + metricsInputs,
        sources: [libraryName],
        body: #"""
begin_backup dump "$@"
name="${NAME_PREFIX}_${STAMP}.dump"
log "dumping $PGDATABASE from $PGHOST:$PGPORT"
# To a file, not a pipe: a failed pg_dump must never reach the bucket as a small valid-looking object.
pg_dump --format=custom --compress="$DUMP_COMPRESSION" --no-password --file="$WORK/$name" \
    || fail "pg_dump of $PGDATABASE failed (see above); nothing was uploaded"
pg_restore --list "$WORK/$name" >"$WORK/toc" || fail "the dump does not read back (pg_restore --list); nothing was uploaded"
tables="$(grep -c ' TABLE DATA ' "$WORK/toc" || true)"
version="$(psql -XAtq -c 'SHOW server_version' | cut -d' ' -f1)"
plain_sha="$(sha256 "$WORK/$name")"

encrypt "$WORK/$name" "$WORK/$name.gpg" || fail "GPG encryption failed; nothing was uploaded"
rm -f "$WORK/$name"
publish "$WORK/$name.gpg" "$S3_PREFIX/$DUMP_FOLDER/$name.gpg" \
    "plain-sha256=$plain_sha,pg-version=$version,created=$STAMP,database=$PGDATABASE,tables=$tables"
mv "$WORK/$name.gpg" "$BACKUP_DIR/$name.gpg"
log "uploaded s3://$(bucket_name)/$S3_PREFIX/$DUMP_FOLDER/$name.gpg ($PUBLISHED_SIZE bytes, $tables tables)"

find "$BACKUP_DIR" -maxdepth 1 -name "${NAME_PREFIX}_*.dump.gpg" -mtime "+$RETENTION_DAYS" -print -delete \
    | sed 's/^/retention: deleted local /' >&2
expire "$DUMP_FOLDER" .dump.gpg
end_backup
"""#)
}
