import DocumentTree

/// `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it — one rule per check with
/// its help text, one result per finding with a physical location, suppressed findings marked
/// as suppressed in source with their justification.
public enum SARIFReport {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// `toolURL` is the tool's home page (SARIF's `informationUri`), given by the command that runs it.
    public static func document(_ report: PolicyReport, checks: [Check], toolVersion: String, toolURL: String) -> DocNode {
        let rules = checks.map(rule) + engineRules
        let ids = checks.map(\.id) + engineRules.map { $0["id"]?.stringValue ?? "" }
        let all = report.findings + report.suppressed
        return .map([
            ("$schema", .string(schema)),
            ("version", .string("2.1.0")),
            ("runs", .sequence([.map([
                ("tool", .map([("driver", .map([
                    ("name", .string("gen")),
                    ("version", .string(toolVersion)),
                    ("informationUri", .string(toolURL)),
                    ("rules", .sequence(rules)),
                ]))])),
                ("results", .sequence(all.map { result($0, ruleIndex: ids.firstIndex(of: $0.check)) })),
            ])])),
        ])
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    static func rule(_ check: Check) -> DocNode {
        .map([
            ("id", .string(check.id)),
            ("name", .string(check.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())),
            ("shortDescription", .map([("text", .string(check.summary))])),
            ("fullDescription", .map([("text", .string(check.rationale))])),
            ("help", .map([
                ("text", .string("\(check.rationale)\n\nFix: \(check.remediation)")),
                ("markdown", .string("\(check.rationale)\n\n**Fix:** \(check.remediation)\n\nSuppress with a reason: "
                    + "`gen.policy/ignore-\(check.id): \"<reason>\"`")),
            ])),
            ("defaultConfiguration", .map([("level", .string(level(check.severity)))])),
        ])
    }

    /// Findings of the engine itself: suppressions without a reason or check, unreadable input.
    static let engineRules: [DocNode] = [
        .map([
            ("id", .string("suppression-reason")),
            ("name", .string("SuppressionReason")),
            ("shortDescription", .map([("text", .string("A suppression must name a check and give a reason."))])),
            ("help", .map([("text", .string("Write gen.policy/ignore-<check-id>: \"<why the check does not apply>\"."))])),
            ("defaultConfiguration", .map([("level", .string("error"))])),
        ]),
        .map([
            ("id", .string(PolicyEngine.unreadableInput)),
            ("name", .string("UnreadableInput")),
            ("shortDescription", .map([("text", .string("A file could not be read or is not valid YAML: nothing in it was checked."))])),
            ("help", .map([("text", .string("Fix the file at the line given, or lint what it renders to (helm template, kubectl kustomize)."))])),
            ("defaultConfiguration", .map([("level", .string("error"))])),
        ]),
    ]

    /// A path as a URI reference: every byte but unreserved characters and `/` percent-encoded
    /// (`<stdin>` becomes `%3Cstdin%3E`, a space `%20`).
    static func uriReference(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func result(_ f: Finding, ruleIndex: Int?) -> DocNode {
        var physical: [(String, DocNode)] = [("artifactLocation", .map([("uri", .string(uriReference(f.file ?? "stdin")))]))]
        if let line = f.line { physical.append(("region", .map([("startLine", .int(line))]))) }
        var fields: [(String, DocNode)] = [
            ("ruleId", .string(f.check)),
            ("level", .string(level(f.severity))),
            ("message", .map([("text", .string("\(f.object): \(f.message)" + (f.path.components.isEmpty ? "" : " (\(f.path))")))])),
            ("locations", .sequence([.map([
                ("physicalLocation", .map(physical)),
                ("logicalLocations", .sequence([.map([("fullyQualifiedName", .string(f.object)), ("kind", .string("object"))])])),
            ])])),
        ]
        // Every finding's check is a rule of the run; the index is only a shortcut to it.
        if let ruleIndex { fields.insert(("ruleIndex", .int(ruleIndex)), at: 1) }
        if let reason = f.suppressedBecause {
            fields.append(("suppressions", .sequence([.map([("kind", .string("inSource")), ("justification", .string(reason))])])))
        }
        return .map(fields)
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
