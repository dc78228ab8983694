/// How `secret-in-env` and `secret-in-configmap` recognise secrets by name and by value: one
/// heuristic, so that both report the same names and values and skip the same placeholders.
enum SecretShapes {
    /// Secret words, as runs of name words. `PASS` only counts as the last word (DB_PASS, not PASS_THROUGH).
    static let secretWords: [[String]] = [
        ["PASSWORD"], ["PASSWORDS"], ["PASSWD"], ["SECRET"], ["SECRETS"], ["TOKEN"], ["TOKENS"],
        ["API", "KEY"], ["APIKEY"], ["PRIVATE", "KEY"], ["PRIVATEKEY"], ["ACCESS", "KEY"], ["ACCESSKEY"],
        ["CREDENTIAL"], ["CREDENTIALS"],
    ]

    /// Words that, after the secret word, make the variable describe the secret rather than hold it.
    static let qualifiers: Set<String> = [
        "FILE", "FILES", "PATH", "DIR", "DIRECTORY", "MOUNT", "LOCATION", "URL", "URI", "ENDPOINT", "HOST", "PORT",
        "ADDR", "ADDRESS", "SERVER", "NAME", "NAMES", "ID", "REF", "ENABLED", "ENABLE", "DISABLED", "DISABLE",
        "REQUIRED", "TTL", "EXPIRY", "EXPIRES", "EXPIRATION", "LIFETIME", "DURATION", "TIMEOUT", "INTERVAL",
        "SECONDS", "MINUTES", "HOURS", "DAYS", "MS", "LENGTH", "LEN", "MIN", "MAX", "SIZE", "COUNT", "LIMIT", "HEADER",
        "TYPE", "KIND", "MODE", "POLICY", "ALGORITHM", "ALG", "FORMAT", "PREFIX", "ROTATION", "VERSION", "ISSUER",
        "AUDIENCE", "SCOPE", "SCOPES", "PROVIDER", "SOURCE", "STORE", "BACKEND", "FIELD", "PARAM",
    ]

    /// The name's words, upper case: split on `_`, `-`, `.` and lower-to-upper case changes.
    static func words(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousLower = false
        for ch in name {
            if ch == "_" || ch == "-" || ch == "." {
                if !current.isEmpty { out.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if ch.isUppercase && previousLower {
                out.append(current)
                current = ""
            }
            current.append(ch)
            previousLower = ch.isLowercase || ch.isNumber
        }
        if !current.isEmpty { out.append(current) }
        return out.map { $0.uppercased() }
    }

    /// The secret word the name holds (`PASSWORD`, `API_KEY`), unless a qualifier follows it.
    static func secretWord(inName name: String) -> String? {
        let w = words(name)
        var found: (word: String, end: Int)?
        for start in w.indices {
            for pattern in secretWords where w[start...].starts(with: pattern) {
                found = (pattern.joined(separator: "_"), start + pattern.count)
            }
        }
        if found == nil, w.last == "PASS" { found = ("PASS", w.count) }
        guard let found else { return nil }
        if w[found.end...].contains(where: qualifiers.contains) { return nil }
        return found.word
    }

    /// Values that are not a literal secret even under a secret-looking name.
    static func isNotALiteralSecret(_ raw: String) -> Bool {
        let value = SecuritySupport.trim(raw)
        if value.isEmpty { return true }
        if value.wholeMatch(of: #/\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[A-Za-z_][A-Za-z0-9_.:-]*\}/#) != nil { return true }
        if value.wholeMatch(of: #/(/|\./|\.\./|~/)[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?/#) != nil { return true }
        if value.hasPrefix("file://") { return true }
        if ["true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none"].contains(value.lowercased()) {
            return true
        }
        for prefix in ["vault:", "ref+", "arn:aws:secretsmanager:", "arn:aws:ssm:", "sm://", "secretsmanager:"]
        where value.hasPrefix(prefix) {
            return true
        }
        if value.wholeMatch(of: #/projects/[^/\s]+/secrets/[^\s]+/#) != nil { return true }
        if value.wholeMatch(of: #/[A-Za-z][A-Za-z0-9+.-]*://[^\s]*/#) != nil, inlinePassword(in: value) == nil,
           value.firstMatch(of: #/[?&](token|access_token|api_key|apikey|key|secret|password|sig|signature)=/#.ignoresCase()) == nil {
            return true
        }
        return false
    }

    /// The password of a `scheme://user:password@host` URL, unless it is a `$(VAR)`/`${VAR}` reference.
    static func inlinePassword(in value: String) -> Substring? {
        for match in value.matches(of: #/[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@[^\s]/#) {
            let password = match.output.1
            if password.hasPrefix("$(") || password.hasPrefix("${") { continue }
            return password
        }
        return nil
    }

    /// What kind of credential `value` looks like, whatever the variable's name, or nil.
    static func credentialShape(in value: String) -> String? {
        // Each pattern needs a literal that plain values rarely contain: test it first, since Swift
        // Regex is slow and every env value of every container passes through here.
        if (value.contains("AKIA") || value.contains("ASIA")), value.firstMatch(of: #/(^|[^A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}($|[^A-Z0-9])/#) != nil {
            return "an AWS access key id"
        }
        if value.contains("PRIVATE KEY"), value.firstMatch(of: #/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/#) != nil { return "a PEM private key" }
        if value.contains("gh") || value.contains("github_pat_"), value.firstMatch(of: #/(^|[^A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})($|[^A-Za-z0-9_])/#) != nil {
            return "a GitHub token"
        }
        if value.contains("xox"), value.firstMatch(of: #/(^|[^A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/#) != nil { return "a Slack token" }
        if value.contains("hooks.slack.com"), value.firstMatch(of: #/https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+/#) != nil {
            return "a Slack webhook URL"
        }
        if value.contains("eyJ"), value.firstMatch(of: #/(^|[^A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/#) != nil {
            return "a JSON Web Token"
        }
        if value.contains("://"), value.contains("@"), inlinePassword(in: value) != nil { return "a URL with an inline password" }
        return nil
    }
}
