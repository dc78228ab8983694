/// Every check `gen` and `gen lint` run, in the order `gen checks` lists them. Each group lives
/// in its own file under `Checks/`, each check in its own file.
public enum CheckRegistry {
    public static let all: [Check] = schemaChecks + securityChecks + reliabilityChecks + referenceChecks

    public static func check(_ id: String) -> Check? { all.first { $0.id == id } }
}
