import Platform

/// `docs/disaster-recovery.md`: the seed's §8.4 (the cluster is lost) as a procedure with the
/// exact commands of every environment (`DisasterRecovery`), which the rehearsal runs in order
/// from an empty cluster.
enum DisasterRecoveryDocument {
    static let path = DisasterRecovery.documentPath

    static func markdown(_ environments: [Environment], product: Product) throws -> String {
        var out = Markdown.header(title: "Disaster recovery: a new cluster to serving", product: product)
        out += """
            The seed's procedure (§8.4) for the loss of the whole cluster, with the commands of each
            environment. Run them in order, in a bash shell at the root of the product repository, with
            kubectl and helm as a cluster administrator of the new cluster: first the cluster's steps,
            then each environment's. The `bash` blocks are the procedure (the rehearsal runs them in
            this order from an empty cluster); an `sh` block is an alternative to the step above it.

            **Time.** The seed estimates 20 to 25 minutes for the whole procedure; the objective is the
            RTO (30 minutes). Only the restore is measured: the backup tests' disaster drill (README,
            "Backups", on a 2-core machine) restores from the bucket alone to a serving database in 4.1 to
            12.8 s at 28 MB and in 19.8 to 35.8 s at 1.1 GB (point-in-time, with the WAL of the last
            minutes replayed). The rest (the new cluster, image pulls, the load balancer, DNS and
            certificates) depends on the provider and is not measured here; the commands' timeouts bound
            each wait.

            Where this departs from the seed: the seed applies the whole overlay and then restores, so the
            applications would start (and migrate) on an empty database, the restore would swap it under
            them, and the backup CronJobs would upload a dump of the empty database as the newest backup,
            the one a second restore attempt would take. Here the first pass leaves the applications and
            the scheduled jobs out, the restore runs alone, then the rest follows.


            """
        out += try DisasterRecovery.markdown(environments)
        return out
    }
}
