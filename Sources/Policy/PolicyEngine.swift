import DocumentTree

/// Runs checks over a set of objects. The same engine serves `gen` (objects rendered from the
/// typed model, located by Swift source line) and `gen lint` (objects read from YAML, located by
/// file and line).
public struct PolicyEngine: Sendable {
    public var checks: [Check] { didSet { applicable = Applicable(checks) } }
    public var settings: PolicySettings
    private var applicable: Applicable

    public init(checks: [Check] = CheckRegistry.all, settings: PolicySettings = PolicySettings()) {
        self.checks = checks
        self.settings = settings
        applicable = Applicable(checks)
    }

    /// The indexes of the checks that apply to each kind, in the checks' order: one lookup per
    /// object instead of one set lookup per check and object (callgrind: 140 000 string hashes
    /// for 100 services).
    private struct Applicable: Sendable {
        let byKind: [String: [Int]]
        /// For a kind no check names: the checks of every kind.
        let anyKind: [Int]

        init(_ checks: [Check]) {
            anyKind = checks.indices.filter { checks[$0].kinds.isEmpty }
            byKind = Dictionary(uniqueKeysWithValues: Set(checks.flatMap(\.kinds)).map { kind in
                (kind, checks.indices.filter { checks[$0].kinds.isEmpty || checks[$0].kinds.contains(kind) })
            })
        }

        func callAsFunction(_ kind: String) -> [Int] { byKind[kind] ?? anyKind }
    }

    /// The annotation that suppresses `check` on an object; its value is the reason.
    public static func suppressionKey(_ check: String) -> String { "\(suppressionPrefix)\(check)" }
    static let suppressionPrefix = "gen.policy/ignore-"

    /// The check id of an input that could not be read or parsed (not a registered check: nothing
    /// in the file was evaluated, so it cannot be suppressed either).
    public static let unreadableInput = "unreadable-input"

    /// Evaluates `objects` as one input; each of `unreadable` becomes an error finding located at its
    /// file and line.
    public func evaluate(_ objects: [PolicyObject], unreadable: [YAMLInput.InputError] = []) -> PolicyReport {
        evaluate(inputSets: [objects], unreadable: unreadable)
    }

    /// Evaluates several inputs that are applied separately (the builds of several overlays): each
    /// object meets the others of its own set only in cross-object checks. CustomResourceDefinitions
    /// are cluster-wide, so the schema holds those of every set.
    public func evaluate(inputSets: [[PolicyObject]], unreadable: [YAMLInput.InputError] = []) -> PolicyReport {
        let schema = KubernetesSchema.builtIn.adding(definitionsIn: inputSets.flatMap { $0 })
        var report = PolicyReport(findings: findings(unreadable: unreadable), suppressed: [])
        for objects in inputSets {
            let context = PolicyContext(objects: objects, settings: settings, schema: schema)
            for object in objects { evaluate(object, in: context, into: &report) }
        }
        return report.sorted()
    }

    /// Each of `unreadable` as an error finding located at its file and line.
    public func findings(unreadable: [YAMLInput.InputError]) -> [Finding] {
        unreadable.map { problem in
            Finding(check: Self.unreadableInput, severity: .error, object: problem.file, file: problem.file,
                    line: problem.line, path: FieldPath(), message: problem.message,
                    remediation: "Fix the file, or lint what it renders to (a Helm template is not YAML until "
                        + "`helm template` renders it); the other files were linted.")
        }
    }

    /// Adds the findings of every check on `object` to `report` (unsorted: `PolicyReport.sorted()`
    /// once at the end); `context` holds the other objects of its input.
    public func evaluate(_ object: PolicyObject, in context: PolicyContext, into report: inout PolicyReport) {
        let annotations = object.annotations
        report.findings += suppressionProblems(object, annotations: annotations)
        // One walk against the schema serves every check made of its problems.
        var schemaProblems: [SchemaProblem]?
        for check in applicable(object.kind).lazy.map({ checks[$0] }) {
            let violations: [Violation]
            if let fromSchema = check.fromSchema {
                if schemaProblems == nil { schemaProblems = context.schema.problems(in: object) }
                violations = schemaProblems!.compactMap(fromSchema)
            } else {
                violations = check.evaluate(object, context)
            }
            for violation in violations {
                var finding = locate(object, violation, check: check.id, severity: check.severity,
                                     remediation: check.remediation)
                if let reason = annotations[Self.suppressionKey(check.id)], !reason.allSatisfy(\.isWhitespace) {
                    finding.suppressedBecause = reason
                    report.suppressed.append(finding)
                } else {
                    report.findings.append(finding)
                }
            }
        }
    }

    /// A suppression needs a reason and must name a real check: nothing disappears silently.
    private func suppressionProblems(_ object: PolicyObject, annotations: [String: String]) -> [Finding] {
        var out: [Finding] = []
        for (key, reason) in annotations.sorted(by: { $0.key < $1.key }) where key.hasPrefix(Self.suppressionPrefix) {
            let id = String(key.dropFirst(Self.suppressionPrefix.count))
            let path = FieldPath("metadata", "annotations", .key(key))
            if reason.allSatisfy(\.isWhitespace) {
                out.append(locate(object, Violation("suppression of \(id) has no reason", at: path),
                                  check: "suppression-reason", severity: .error,
                                  remediation: "Say why the check does not apply: \(key): \"<reason>\"."))
            } else if !checks.contains(where: { $0.id == id }) {
                // In gen's own model an unknown id is a typo that would hide nothing: stop the run.
                let severity: Severity = if case .model = object.origin { .error } else { .warning }
                out.append(locate(object, Violation("suppression names an unknown check \"\(id)\"", at: path),
                                  check: "suppression-reason", severity: severity,
                                  remediation: "Use an id from `gen checks`, or remove the annotation."))
            }
        }
        return out
    }

    private func locate(_ object: PolicyObject, _ violation: Violation, check: String, severity: Severity,
                        remediation: String) -> Finding {
        var file: String?
        var line: Int?
        switch object.origin {
        case .model(let source, _):
            file = source.file
            line = source.line
        case .file(let path, let lines):
            file = path
            line = lines.line(of: violation.path)
        }
        return Finding(check: check, severity: severity, object: object.reference, file: file, line: line,
                       path: violation.path, message: violation.message, remediation: remediation)
    }

    /// By file, line, object, check and field; the keys are computed once, not per comparison.
    static func sorted(_ findings: [Finding]) -> [Finding] {
        // Files are ranked once, so that most comparisons are of two integers (file, line); the
        // strings are compared only on the same line. Indexes are sorted, not the findings:
        // moving them was most of the sort's cost (perf). Equal keys keep the input order.
        let files = Set(findings.map { $0.file ?? "" }).sorted()
        let rank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        let lines = findings.map { (rank[$0.file ?? ""]!, $0.line ?? 0) }
        let paths = findings.map(\.path.description)
        let order = findings.indices.sorted { a, b in
            if lines[a] != lines[b] { return lines[a] < lines[b] }
            let x = (findings[a].object, findings[a].check, paths[a]), y = (findings[b].object, findings[b].check, paths[b])
            return x < y || (x == y && a < b)
        }
        return order.map { findings[$0] }
    }
}
