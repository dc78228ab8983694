/// `--format text` (the default): findings grouped by object, with the file and line, the field,
/// the message and the fix; suppressions counted and listed. Coloured when `color` is set.
public enum TextReport {
    public static func render(_ report: PolicyReport, color: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func tag(_ severity: Severity) -> String {
            let word = severity.rawValue.padding(toLength: 7)
            switch severity {
            case .error: return paint(word, "31;1")
            case .warning: return paint(word, "33")
            case .info: return paint(word, "36")
            }
        }
        var out = ""
        var lastObject: String?
        // A check's fix is the same for every finding it makes on one object (pod-security-restricted
        // finds one per container): print it once.
        var fixed = Set<[String]>()
        for f in report.findings {
            if f.object != lastObject {
                if lastObject != nil { out += "\n" }
                out += paint(f.object, "1") + "\n"
                lastObject = f.object
            }
            let location = [f.file, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
            out += "  \(tag(f.severity)) \(f.check)  \(location)\n"
            if !f.path.components.isEmpty { out += "          \(f.path)\n" }
            out += "          \(f.message)\n"
            if fixed.insert([f.object, f.check]).inserted { out += "          " + paint("fix: \(f.remediation)", "2") + "\n" }
        }
        if !report.suppressed.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "suppressed:\n"
            for f in report.suppressed {
                out += "  \(f.check) on \(f.object): \(f.suppressedBecause ?? "")\n"
            }
        }
        let count = { (s: Severity) in report.findings.filter { $0.severity == s }.count }
        out += (out.isEmpty ? "" : "\n")
            + "\(count(.error)) errors, \(count(.warning)) warnings, \(count(.info)) info, \(report.suppressed.count) suppressed\n"
        return out
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
