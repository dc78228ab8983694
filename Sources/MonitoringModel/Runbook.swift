/// What a person paged by an alert needs: what it means, what to look at first, what to do.
/// Rendered to `docs/runbooks/<Alert>.md`, which the alert's `runbook_url` points to.
public struct Runbook: Sendable {
    public var meaning: String
    /// How and why the alert differs from the seed's, if it does.
    public var differsFromSeed: String?
    public var firstChecks: [String]
    public var procedure: [String]

    public init(meaning: String, differsFromSeed: String? = nil, firstChecks: [String], procedure: [String]) {
        self.meaning = meaning
        self.differsFromSeed = differsFromSeed
        self.firstChecks = firstChecks
        self.procedure = procedure
    }

    /// The Markdown page of `alert`, headed by `header` lines (the generated-file notice), with
    /// `queryNote` under the query (how deployments adapt it) and `appendix` (Markdown sections)
    /// after the procedure.
    public static func markdown(_ alert: Alert, header: [String], queryNote: String? = nil, appendix: String? = nil) -> String {
        let rule = alert.rule
        let book = alert.runbook
        var out = header.map { "<!-- \($0) -->\n" }.joined()
        out += "# \(rule.name)\n\n"
        out += "**Severity:** \(rule.severity.rawValue)"
        if let hold = rule.holdFor, hold.seconds > 0 { out += " · **fires after:** \(hold)" }
        out += "\n\n\(rule.summary.documented)\n\n"
        out += "## What it means\n\n\(book.meaning)\n\n"
        out += "## Query\n\n```promql\n\(rule.expr)\n```\n\n" + (queryNote.map { "\($0)\n\n" } ?? "")
        if let differs = book.differsFromSeed {
            out += "## Where it differs from the seed\n\n\(differs)\n\n"
        }
        out += "## First checks\n\n" + book.firstChecks.enumerated().map { "\($0.offset + 1). \($0.element)\n" }.joined()
        out += "\n## Procedure\n\n" + book.procedure.enumerated().map { "\($0.offset + 1). \($0.element)\n" }.joined()
        if let appendix { out += "\n" + appendix }
        return out
    }
}
