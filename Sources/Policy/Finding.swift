import DocumentTree

/// A violation located in the user's terms: the object, the file and line to change, the field.
public struct Finding: Sendable, Equatable {
    public var check: String
    public var severity: Severity
    /// `Kind/namespace/name`.
    public var object: String
    /// A repository-relative Swift file for the typed model, the YAML file for `gen lint`.
    public var file: String?
    public var line: Int?
    public var path: FieldPath
    public var message: String
    public var remediation: String
    /// Set when an annotation suppresses the finding.
    public var suppressedBecause: String?

    public init(check: String, severity: Severity, object: String, file: String?, line: Int?, path: FieldPath,
                message: String, remediation: String, suppressedBecause: String? = nil) {
        self.check = check
        self.severity = severity
        self.object = object
        self.file = file
        self.line = line
        self.path = path
        self.message = message
        self.remediation = remediation
        self.suppressedBecause = suppressedBecause
    }
}

/// Everything one evaluation found.
public struct PolicyReport: Sendable {
    /// Findings that count, sorted by file, line, object and check.
    public var findings: [Finding]
    /// Findings suppressed with a reason: always reported, never silent.
    public var suppressed: [Finding]

    public init(findings: [Finding], suppressed: [Finding]) {
        self.findings = findings
        self.suppressed = suppressed
    }

    /// The same findings sorted by file, line, object, check and field, as reports list them.
    public func sorted() -> PolicyReport {
        PolicyReport(findings: PolicyEngine.sorted(findings), suppressed: PolicyEngine.sorted(suppressed))
    }

    /// Whether some input could not be read or parsed (`gen lint` then exits 2 after reporting).
    public var hasUnreadableInput: Bool { findings.contains { $0.check == PolicyEngine.unreadableInput } }

    /// Whether any finding is at or above `threshold` (nil: never fail).
    public func fails(at threshold: Severity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }
}
