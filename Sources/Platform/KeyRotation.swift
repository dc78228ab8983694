import Components

/// The backup key's rotation procedure (seed section 10.1: every 90 days), written from the model:
/// the period and the retention come from each environment's `BackupPlan`, the Secrets, keys,
/// variables, jobs and bucket folders from `Backups`, and every command is a `ShellCommand`.
///
/// A rotation re-encrypts nothing. Backups are encrypted to one public key; the restore imports a
/// keyring (`Backups.restoreSecret`) and `restore.sh` decrypts each object with whichever key it was
/// encrypted to. The old key leaves the keyring only once the last backup made under it has
/// expired, so the keyring holds at most `BackupPlan.retainedKeys` keys. `scripts/test-backups.sh`
/// (`test_key_rotation`) follows these steps against real PostgreSQL, S3 and GPG.
public enum KeyRotation {
    /// Where the procedure is written in the output tree.
    public static let documentPath = "docs/backup-key-rotation.md"

    /// The procedure's Markdown body for `product`'s `environments` (the generator adds the
    /// title and header).
    public static func markdown(_ product: Product, _ environments: [Environment]) throws -> String {
        let plan = try Backups.plan(.base(of: product))
        let storage = Backups.storageSecret(product), restore = Backups.restoreSecret
        var out = """
            Backups are encrypted to one GPG public key (`\(storage.name)`/`\(Backups.publicKeyKey)`), so a
            backup job can write backups but read none. Restores import a keyring (`\(restore.name)`/\
            `\(Backups.privateKeysKey)`, with one passphrase a line in `\(Backups.passphrasesKey)`), and
            `restore.sh` decrypts each dump, base backup and WAL segment with whichever key of the keyring it
            was encrypted to. The key is rotated every \(plan.keyRotationDays) days. A rotation re-encrypts
            nothing: the previous key stays in the keyring until the last backup made under it expires, \
            \(plan.retentionDays) days (the retention) after the rotation, so the keyring holds at most \
            \(plan.retainedKeys) keys.

            ## Procedure

            On the offline machine that keeps the keys:

            1. Make the new key, with a passphrase of its own: `\(ShellCommand(["gpg", "--quick-gen-key", ShellWord("\(product.title) backups <date>"), "rsa4096", "encr", "never"]).rendered)`.
            2. Export the keyring, the new key first, then every key of the last \(plan.retentionDays) days: \
            `\(ShellCommand(["gpg", "--armor", "--export-secret-keys", .variable("NEW_KEY"), .variable("PREVIOUS_KEY")]).rendered) >private-keys.asc`, \
            their passphrases one a line in `passphrases`, and the new public key alone: \
            `\(ShellCommand(["gpg", "--armor", "--export", .variable("NEW_KEY")]).rendered) >public-key.asc`.
            3. In each environment, in this order (commands below):
               1. the restore Secret gets the keyring, before anything is encrypted to the new key;
               2. the storage Secret gets the new public key. The backup jobs and PostgreSQL's
                  `archive_command` read the key file at each run, and the kubelet updates a mounted
                  Secret in place (about a minute): no restart;
               3. a base backup and a dump are taken at once, so that the newest of each is under the new key;
               4. check that the newest dump is encrypted to the new key (`keyid` in GPG's packet list).
            4. \(plan.retentionDays) days after the rotation, every backup made under the previous key has
               expired: export the keyring again without it, apply the restore Secret again, and delete
               the previous key (`\(ShellCommand(["gpg", "--delete-secret-and-public-keys", .variable("PREVIOUS_KEY")]).rendered)`).

            The commands read each Secret's values from the variables of `secrets/create-<env>.sh`,
            e.g. `\(restore.variableName(Backups.privateKeysKey))="$(cat private-keys.asc)"`, and name the
            jobs after the rotation's date in `ROTATION` (e.g. `20261205`). Change the CI secrets of the
            same names too: the deploy workflows apply them, and would put the previous values back.

            """
        for env in environments {
            guard let namespace = env.namespace else { continue }
            out += "\n## \(env.name)\n\n"
            out += "1. `\(restore.applyCommand(namespace: namespace).rendered)`\n"
            out += "2. `\(storage.applyCommand(namespace: namespace).rendered)`\n"
            out += "3. " + [Backups.baseBackupJob, Backups.dumpJob].map { job in
                "`" + ShellCommand(["kubectl", "-n", ShellWord(namespace), "create", "job", ShellWord("--from=cronjob/\(job)"),
                                    ShellWord("\(job)-rotation-") + .variable("ROTATION")]).rendered + "`"
            }.joined(separator: ", then ") + "\n"
            let bucket = Backups.bucket(product)
            let folder = "s3://\(bucket)/\(namespace)/\(BackupScripts.dumpFolder)/"
            out += "4. `\(ShellCommand(["aws", "s3", "ls", ShellWord(folder)]).rendered)` lists the dumps (their names sort by "
                + "time); with the newest in `NEWEST`, `"
                + ShellCommand(["aws", "s3", "cp", ShellWord(folder) + .variable("NEWEST"), "-"])
                    .piped(into: ShellCommand(["gpg", "--list-packets"])).rendered + "` shows the new key's `keyid`.\n"
        }
        return out
    }
}
