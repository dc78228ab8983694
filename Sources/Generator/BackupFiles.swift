import Output
import Render
import Platform

extension Generator {
    /// `scripts/backup/`: the backup scripts, PostgreSQL's WAL archiving settings and its
    /// `pg_hba.conf`, from the
    /// base environment's plan (the Kustomize base's ConfigMap holds the same scripts; an
    /// environment with other objectives gets its own in its overlay). Shared scope.
    ///
    /// The writer does not set mode bits: the scripts are run as `bash scripts/backup/<name>`,
    /// as the CronJobs and archive_command do.
    static func backupFiles(_ product: Product) throws -> [FilePlan.File] {
        let plan = try Backups.plan(.base(of: product))
        let header = FileHeader.lines(command: product.regenerateCommand())
        var files = BackupScripts.all(product, plan: plan).map { script in
            FilePlan.File(path: "\(ProductRepository.backupScriptsFolder)/\(script.name)", contents: script.render(header: header), scope: "shared")
        }
        files.append(FilePlan.File(
            path: "\(ProductRepository.backupScriptsFolder)/wal-archiving.conf",
            contents: (header + ["PostgreSQL settings for continuous WAL archiving (WALArchiving.settings)."])
                .map { "# \($0)\n" }.joined() + WALArchiving.configuration(for: plan),
            scope: "shared"))
        // The file the PostgreSQL StatefulSet mounts as its hba_file (for servers outside the cluster too).
        files.append(FilePlan.File(path: "\(ProductRepository.backupScriptsFolder)/\(DatabaseAccess.hbaFileName)", contents: DatabaseAccess.hbaFile,
                                   scope: "shared"))
        return files
    }
}
