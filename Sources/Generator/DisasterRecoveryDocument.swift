import SecureMessenger

/// `docs/disaster-recovery.md`: the seed's §8.4 (the cluster is lost) as a procedure with the
/// exact commands of every environment (`DisasterRecovery`), which the rehearsal runs in order
/// from an empty cluster.
enum DisasterRecoveryDocument {
    static let path = "docs/disaster-recovery.md"

    static func markdown(_ environments: [Environment]) throws -> String {
        var out = Markdown.header(title: "Disaster recovery: a new cluster to serving")
        out += """
            The seed's procedure (§8.4) for the loss of the whole cluster, with the commands of each
            environment. Run them in order, in a bash shell at the root of the product repository, with
            kubectl as a cluster administrator of the new cluster. The seed estimates 20 to 25 minutes;
            the objective is the RTO. The restore itself is measured by the backup drill (README,
            "Backups").

            Where this departs from the seed: the seed applies the whole overlay and then restores, so the
            applications would start (and migrate) on an empty database, the restore would swap it under
            them, and the backup CronJobs would upload a dump of the empty database as the newest backup,
            the one a second restore attempt would take. Here the first pass leaves the applications and
            the scheduled backups out, the restore runs alone, then the rest follows.


            """
        out += try DisasterRecovery.markdown(environments)
        return out
    }
}
