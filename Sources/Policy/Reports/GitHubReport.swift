/// `--format github`: workflow commands (`::error file=…,line=…,title=…::message`) that GitHub
/// Actions turns into annotations on the pull request.
public enum GitHubReport {
    public static func render(_ report: PolicyReport) -> String {
        var out = ""
        for f in report.findings {
            let command = switch f.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            var properties: [String] = []
            if let file = f.file { properties.append("file=\(escapeProperty(file))") }
            if let line = f.line { properties.append("line=\(line)") }
            properties.append("title=\(escapeProperty("\(f.check): \(f.object)"))")
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData("\(f.message) Fix: \(f.remediation)"))\n"
        }
        for f in report.suppressed {
            out += "::notice title=\(escapeProperty("suppressed \(f.check): \(f.object)"))::\(escapeData(f.suppressedBecause ?? ""))\n"
        }
        return out
    }

    /// Escapes of the workflow-command format (actions/toolkit `command.ts`).
    static func escapeData(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
