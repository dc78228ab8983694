import DocumentTree

/// `--format json`: `{"findings":[…],"suppressed":[…]}`, one entry per finding with the check,
/// severity, object, file, line, field path, message and remediation (and the reason when
/// suppressed).
public enum JSONReport {
    public static func document(_ report: PolicyReport) -> DocNode {
        .map([
            ("findings", .sequence(report.findings.map(entry))),
            ("suppressed", .sequence(report.suppressed.map(entry))),
        ])
    }

    static func entry(_ f: Finding) -> DocNode {
        var fields: [(String, DocNode)] = [
            ("check", .string(f.check)),
            ("severity", .string(f.severity.rawValue)),
            ("object", .string(f.object)),
            ("file", f.file.map(DocNode.string) ?? .null),
            ("line", f.line.map(DocNode.int) ?? .null),
            ("path", .string(f.path.description)),
            ("message", .string(f.message)),
            ("remediation", .string(f.remediation)),
        ]
        if let reason = f.suppressedBecause { fields.append(("reason", .string(reason))) }
        return .map(fields)
    }
}
