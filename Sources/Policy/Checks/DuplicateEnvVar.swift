import DocumentTree

extension Check {
    static let duplicateEnvVar = Check.perContainer(
        id: "duplicate-env-var",
        summary: "A container must not set the same environment variable twice in env.",
        rationale: "When env lists a name twice the last entry wins, without an error (only a warning from a recent "
            + "API server): the first value, often the one a reviewer reads, is silently ignored, and a strategic "
            + "merge patch that targets the name changes one entry unpredictably.",
        remediation: "Keep one entry per name in env; remove or rename the others.",
        severity: .warning
    ) { container, _, _ in
        var seen: [String: Int] = [:]
        var out: [Violation] = []
        for (i, entry) in (container["env"]?.items ?? []).enumerated() {
            guard let name = entry["name"]?.stringValue else { continue }
            if let first = seen[name] {
                out.append(Violation("env \"\(name)\" of container \"\(container.name)\" is set again (first at env[\(first)]): "
                    + "this later value wins", at: container.path / "env" / i / "name"))
            } else {
                seen[name] = i
            }
        }
        return out
    }
}
