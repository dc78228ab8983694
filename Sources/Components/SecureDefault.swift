import KubeModel

/// The hardening a component applies unless told otherwise. Each has the id of the policy check
/// that enforces it, so an opt-out is recorded as that check's suppression annotation.
public enum SecureDefault: String, CaseIterable, Sendable {
    case runAsNonRoot = "run-as-non-root"
    case readOnlyRootFilesystem = "read-only-root-filesystem"
    case noPrivilegeEscalation = "no-privilege-escalation"
    case dropAllCapabilities = "drop-all-capabilities"
    case seccompRuntimeDefault = "seccomp-profile"
    case noServiceAccountToken = "no-automount-service-account-token"

    /// The annotation that records an opt-out and its reason (`gen.policy/ignore-<check-id>`).
    public var annotationKey: String { "gen.policy/ignore-\(rawValue)" }
}

/// Opt-outs of secure defaults, each with the reason kept in the output.
public struct SecurityOptOuts: Equatable, Sendable {
    public private(set) var reasons: [SecureDefault: String] = [:]

    public init() {}

    public mutating func allow(_ exception: SecureDefault, because reason: String) {
        reasons[exception] = reason
    }

    public func contains(_ d: SecureDefault) -> Bool { reasons[d] != nil }

    /// The suppression annotations, sorted; an empty reason is a model error.
    func annotations(component: String) throws -> StringMap {
        var map = StringMap()
        for (d, reason) in reasons.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if reason.allSatisfy(\.isWhitespace) {
                throw ComponentError("\(component): opting out of \(d.rawValue) needs a reason")
            }
            map[d.annotationKey] = reason
        }
        return map
    }
}

/// A component that cannot be built as configured.
public struct ComponentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
