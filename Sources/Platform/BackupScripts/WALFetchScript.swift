import Components

extension BackupScripts {
    /// What `wal-fetch.sh` reads: the bucket, and the keyring `restore.sh` imported. `restore.sh`
    /// writes exactly these into the settings file its `restore_command` loads, so that the server
    /// it starts gets them per fetch and never in its own environment.
    static let walFetchInputs = bucketInputs + [
        .init("GNUPGHOME", "the GPG home holding the keyring restore.sh imported"),
        .init("KEYRING", "the folder of the keyring's passphrase files (passphrase.0, passphrase.1…)"),
        .init("PASSPHRASES", "how many passphrase files KEYRING holds", default: "0"),
        workDir,
    ]

    /// `wal-fetch.sh`: the `restore_command` of a point-in-time restore. PostgreSQL asks for one WAL
    /// file at a time, as replay reaches it, so the archive is never staged whole (a day of
    /// segments at one a minute is about 22 GiB).
    static let walFetch = ShellScript(
        name: "wal-fetch.sh",
        summary: [
            "PostgreSQL restore_command of a point-in-time restore (set by restore.sh --to-time): downloads",
            "one archived WAL file, checks the object's checksum, decrypts it with the keyring straight to",
            "the path PostgreSQL gives and checks the plaintext's checksum. Nothing else is kept.",
            "Exit 1: the file is not in the archive (PostgreSQL's sign that the archive ends there).",
            "Exit 255 on any other failure (download, checksum, decryption): PostgreSQL then aborts the",
            "recovery instead of taking the failure for the end of the archive and promoting early.",
        ],
        usage: "%f %p   (restore_command, with the settings below loaded from restore.sh's private file)",
        inputs: walFetchInputs,
        sources: [libraryName],
        body: #"""
(($# == 2)) || { echo "usage: $SCRIPT_NAME FILE PATH (PostgreSQL's %f %p)" >&2; exit 2; }
file=$1
path=$2
make_work_dir
# The same name is asked again after a failure: never keep half a file at PostgreSQL's path.
fetch_one() {
    local key="$S3_PREFIX/$WAL_FOLDER/$file.gpg" expected
    if ! expected="$(s3_metadata "$key" sha256 2>"$WORK/head.log")"; then
        grep -qE 'Not Found|404' "$WORK/head.log" && exit 3
        fail "cannot read $key: $(tr '\n' ' ' <"$WORK/head.log")"
    fi
    s3 s3 cp "s3://$(bucket_name)/$key" "$WORK/object.gpg" || fail "download of $key failed"
    [[ "$(sha256 "$WORK/object.gpg")" == "$expected" ]] || fail "checksum mismatch: $key is corrupt or truncated"
    decrypt "$WORK/object.gpg" "$path"
    [[ "$(sha256 "$path")" == "$(s3_metadata "$key" plain-sha256)" ]] || fail "$key decrypts to other data than was archived"
}
# In a subshell, so that fail's exit ends only the fetch and its status is mapped below (every
# step checks its own outcome: set -e does not apply on the left of ||).
status=0
(fetch_one) || status=$?
case $status in
    0) log "fetched $file" ;;
    3) rm -f "$path"; exit 1 ;;
    *) rm -f "$path"; log "ERROR: $file could not be restored: recovery aborts"; exit 255 ;;
esac
"""#)
}
