import MonitoringModel

/// Where a product's runbooks are published: every alert's `runbook_url` is this base and the
/// alert's name. The pages are generated into `generated/docs/runbooks/<Alert>.md` of the
/// product's repository (`Product.repository`), read on its main branch.
public struct Runbooks: Sendable {
    /// Folder of the runbook pages in `generated/`.
    public static let folder = "docs/runbooks"
    public let base: String
    /// A query against the product's database, as its owner.
    let checkDatabase: String

    public init(_ product: Product) {
        base = "\(product.repository)/blob/\(ProductRepository.mainBranch)/generated/\(Runbooks.folder)"
        checkDatabase = "`kubectl exec -n <namespace> \(DataTier.postgresName)-0 -c \(DataTier.postgresName) -- psql -U \(product.database) -d \(product.database) -c 'SELECT 1'`."
    }

    public func url(_ alert: String) -> String { "\(base)/\(alert).md" }

    /// The seed's procedures (section 8), shared by the runbooks that need them.
    /// Where a page sends the reader for the environment's own commands (`RunbookCommands`); a
    /// page whose text contains it gets that section.
    public static let seeCommands = "with the commands for its environment under \"\(RunbookCommands.heading)\" below"
    static let rollback = "Bad release: roll back " + seeCommands + "."
    static let restart = "restart the pods with a rolling update, " + seeCommands + "."
    static let checkPods = "`kubectl get pods -n <namespace> -l component=<job>` and `kubectl describe pod` on any that is not Ready."
    static let checkLogs = "`kubectl logs -n <namespace> -l component=<job> --tail=100` for stack traces."
    static let triggerBackup = "Run a backup now: `kubectl create job -n <namespace> --from=cronjob/postgres-backup manual-backup-$(date +%s)` and follow it with `kubectl logs -n <namespace> -l component=postgres-backup -f`."
}
