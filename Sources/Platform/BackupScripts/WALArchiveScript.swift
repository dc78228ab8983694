import Components

extension BackupScripts {
    /// `wal-archive.sh`: PostgreSQL's `archive_command`, run by the server for each finished WAL
    /// segment (and timeline history file).
    static let walArchive = ShellScript(
        name: "wal-archive.sh",
        summary: [
            "PostgreSQL archive_command: encrypts one WAL segment to the backup public key and stores it",
            "in the bucket, so that committed transactions leave the server within archive_timeout.",
            "Exit 0 only once the object is stored: PostgreSQL keeps the segment and retries otherwise.",
            "A segment already archived with the same content is a success (a retry after a crash);",
            "with other content it is an error, never an overwrite. One PUT (atomic) with If-None-Match.",
            "Each stored segment pushes the time of the last archived WAL, which is the data a lost",
            "server would lose now: the RPO as it stands.",
        ],
        usage: "%p %f   (archive_command = 'bash /scripts/wal-archive.sh %p %f')",
        inputs: bucketInputs + [publicKey, slack, workDir] + metricsInputs,
        sources: [libraryName],
        body: #"""
(($# == 2)) || { echo "usage: $SCRIPT_NAME PATH FILE (PostgreSQL's %p %f)" >&2; exit 2; }
path=$1
file=$2
FAILURE_KIND=wal
started="$(date +%s)"
[[ -f "$path" ]] || fail "no WAL file at $path"
make_work_dir
gpg_start
key="$S3_PREFIX/$WAL_FOLDER/$file.gpg"
plain_sha="$(sha256 "$path")"
encrypt "$path" "$WORK/$file.gpg" zlib || fail "GPG encryption of $file failed"
if ! s3 s3api put-object --bucket "$(bucket_name)" --key "$key" --body "$WORK/$file.gpg" --if-none-match '*' \
    --server-side-encryption AES256 --metadata "plain-sha256=$plain_sha,sha256=$(sha256 "$WORK/$file.gpg")" \
    >/dev/null 2>"$WORK/put.log"; then
    grep -q PreconditionFailed "$WORK/put.log" || fail "archiving $file failed: $(tr '\n' ' ' <"$WORK/put.log")"
    [[ "$(s3_metadata "$key" plain-sha256)" == "$plain_sha" ]] || fail "$key already exists with other content; not overwritten"
fi
record_success wal "$(($(date +%s) - started))" "$(stat -c %s "$WORK/$file.gpg")"
"""#)
}
