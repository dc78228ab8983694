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
                throw ComponentError("opting out of \(check) needs a reason", path: [component])
            }
            map["gen.policy/ignore-\(check)"] = reason
        }
        return map
    }
}

/// A component that cannot be built as configured: what is wrong, the model path to it
/// (environment › component › …) and the Swift lines to fix.
public struct ComponentError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// Where in the model, outermost first (`production`, `notifier`).
    public var path: [String]
    /// The line that declared the offending value.
    public var source: SourceLocation?
    /// The environment-file line that set it, when an environment did.
    public var setAt: SourceLocation?

    public init(_ message: String, path: [String] = [], source: SourceLocation? = nil, setAt: SourceLocation? = nil) {
        self.message = message
        self.path = path
        self.source = source
        self.setAt = setAt
    }

    /// This error inside `outer` (an environment, a component), keeping the innermost location.
    public func within(_ outer: [String], source: SourceLocation? = nil, setAt: SourceLocation? = nil) -> ComponentError {
        ComponentError(message, path: outer + path, source: self.source ?? source, setAt: self.setAt ?? setAt)
    }

    public var description: String {
        var text = (path.isEmpty ? "" : path.joined(separator: " › ") + ": ") + message
        if let setAt { text += "\n  set at \(setAt)" }
        if let source { text += "\n  declared at \(source)" }
        return text
    }
}
