import DocumentTree

/// A policy check: a small value with an id, its docs, a default severity, its parameters, the
/// kinds it applies to, and the function that finds violations. One check per file under
/// `Checks/`, registered in `CheckRegistry.all`.
public struct Check: Sendable {
    public var id: String
    public var summary: String
    public var rationale: String
    public var remediation: String
    public var severity: Severity
    /// Kinds it looks at; empty means every kind.
    public var kinds: Set<String>
    public var parameters: [Parameter]
    public var evaluate: @Sendable (PolicyObject, PolicyContext) -> [Violation]
    /// For a check that reads what the schema finds in an object: its violation for one problem.
    /// `PolicyEngine` walks each object against the schema once for all such checks.
    private(set) var fromSchema: (@Sendable (SchemaProblem) -> Violation?)?

    public init(id: String, summary: String, rationale: String, remediation: String, severity: Severity,
                kinds: Set<String> = [], parameters: [Parameter] = [],
                evaluate: @escaping @Sendable (PolicyObject, PolicyContext) -> [Violation]) {
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.severity = severity
        self.kinds = kinds
        self.parameters = parameters
        self.evaluate = evaluate
        self.fromSchema = nil
    }

    /// A check made of the schema's problems (`SchemaProblem`) of the kind `violation` keeps.
    init(id: String, summary: String, rationale: String, remediation: String, severity: Severity,
         violation: @escaping @Sendable (SchemaProblem) -> Violation?) {
        self.init(id: id, summary: summary, rationale: rationale, remediation: remediation, severity: severity) { object, context in
            context.schema.problems(in: object).compactMap(violation)
        }
        fromSchema = violation
    }

    /// The check's documentation, as `gen explain ID` prints it.
    public var documentation: String {
        var text = "\(id) (\(severity.rawValue))\n\n\(summary)\n\nWhy: \(rationale)\n\nFix: \(remediation)\n"
        text += "\nApplies to: \(kinds.isEmpty ? "every kind" : kinds.sorted().joined(separator: ", "))\n"
        if !parameters.isEmpty {
            text += "\nParameters:\n" + parameters.map { "  \($0.name) = \($0.defaultValue): \($0.help)\n" }.joined()
        }
        text += "\nSuppress with a reason: in Swift `.allowing(\"\(id)\", because: \"…\")`; in YAML the annotation\n"
        text += "  gen.policy/ignore-\(id): \"<reason>\"\n"
        return text
    }
}

/// A named, documented parameter of a check.
public struct Parameter: Sendable {
    public var name: String
    public var defaultValue: String
    public var help: String
    public init(_ name: String, default defaultValue: String, help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// One problem a check found in one object: the field and what is wrong with it.
public struct Violation: Sendable, Equatable {
    public var path: FieldPath
    public var message: String
    public init(_ message: String, at path: FieldPath) {
        self.message = message
        self.path = path
    }
}

/// Parameters of a run, shared by every check that reads them.
public struct PolicySettings: Sendable {
    /// Kubernetes version the objects must run on (`deprecated-api-version`).
    public var targetKubernetesVersion: KubernetesVersion
    /// Namespaces that hold production workloads (`hpa-min-replicas-production`).
    public var productionNamespaces: Set<String>
    /// Fewest replicas an HPA may scale a production workload down to.
    public var productionMinReplicas: Int
    /// Version of the Pod Security admission rules (`pod-security-restricted`), as a namespace's
    /// `pod-security.kubernetes.io/enforce-version` label pins them. Defaults to the newest released
    /// Kubernetes minor whose rules the check implements.
    public var podSecurityVersion: KubernetesVersion

    public init(targetKubernetesVersion: KubernetesVersion = KubernetesVersion(1, 31),
                productionNamespaces: Set<String> = ["production", "prod"], productionMinReplicas: Int = 2,
                podSecurityVersion: KubernetesVersion = KubernetesVersion(1, 37)) {
        self.targetKubernetesVersion = targetKubernetesVersion
        self.productionNamespaces = productionNamespaces
        self.productionMinReplicas = productionMinReplicas
        self.podSecurityVersion = podSecurityVersion
    }
}

/// A Kubernetes minor version (`1.31`).
public struct KubernetesVersion: Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.31` or `v1.31.2`.
    public init?(_ text: String) {
        let parts = text.drop { $0 == "v" }.split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major, minor)
    }

    public static func < (a: KubernetesVersion, b: KubernetesVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    public var description: String { "\(major).\(minor)" }
}
