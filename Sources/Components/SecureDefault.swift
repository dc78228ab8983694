import KubeModel

/// The hardening a component applies unless told otherwise. Each has the id of the policy check
/// that enforces it, so an opt-out is recorded as that check's suppression annotation.
public enum SecureDefault: String, CaseIterable, Sendable {
    case runAsNonRoot = "run-as-non-root"
    case readOnlyRootFilesystem = "read-only-root-filesystem"
    case noPrivilegeEscalation = "allow-privilege-escalation"
    case dropAllCapabilities = "drop-all-capabilities"
    case seccompRuntimeDefault = "seccomp-profile"
    case noServiceAccountToken = "no-automount-service-account-token"

}

/// Policy checks a component is allowed to fail, each with the reason kept in the output as the
/// check's suppression annotation. Opting out of a secure default is one such suppression.
public struct Suppressions: Equatable, Sendable {
    public private(set) var reasons: [String: String] = [:]

    public init() {}

    public mutating func allow(_ check: String, because reason: String) {
        reasons[check] = reason
    }

    public func contains(_ d: SecureDefault) -> Bool { reasons[d.rawValue] != nil }

    /// The suppression annotations (`gen.policy/ignore-<check-id>: <reason>`); an empty reason is a
    /// model error.
    func annotations(component: String) throws -> StringMap {
        var map = StringMap()
        for (check, reason) in reasons {
            if reason.allSatisfy(\.isWhitespace) {
                throw ComponentError("\(component): opting out of \(check) needs a reason")
            }
            map["gen.policy/ignore-\(check)"] = reason
        }
        return map
    }
}

/// A component that cannot be built as configured.
public struct ComponentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
