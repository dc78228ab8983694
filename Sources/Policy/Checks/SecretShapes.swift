/// How `secret-in-env` and `secret-in-configmap` recognise secrets by name and by value: one
/// heuristic, so that both report the same names and values and skip the same placeholders.
enum SecretShapes {
    /// Whether `text` holds the bytes of `literal`: a byte scan, where Foundation's `contains` and
    /// Swift Regex were a third of a Secure Messenger `gen` run on its large ConfigMap values (perf).
    static func contains(_ text: some StringProtocol, _ literal: String) -> Bool {
        var needle = literal
        return needle.withUTF8 { n in
            text.utf8.withContiguousStorageIfAvailable { find(n, in: $0) } ?? find(n, in: Array(text.utf8))
        }
    }

    /// `contains` on bytes.
    static func contains(bytes: ArraySlice<UInt8>, _ literal: String) -> Bool {
        var needle = literal
        return needle.withUTF8 { n in bytes.withUnsafeBufferPointer { find(n, in: $0) } }
    }

    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { find(needle, in: $0) }
    }

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
        if value.wholeMatch(of: #/[A-Za-z][A-Za-z0-9+.-]*://[^\s]*/#) != nil, !hasInlinePassword(value),
           value.firstMatch(of: #/[?&](token|access_token|api_key|apikey|key|secret|password|sig|signature)=/#.ignoresCase()) == nil {
            return true
        }
        return false
    }

    /// Whether `value` holds a `scheme://user:password@host` URL whose password is not a
    /// `$(VAR)`/`${VAR}` reference: what `[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@[^\s]`
    /// finds, scanned by hand (that Swift Regex was 14 % of a Secure Messenger `gen` run).
    /// Each part is a maximal run ended by a character it excludes, so no backtracking is needed;
    /// after a reference the search goes on past it, as `matches(of:)` does.
    static func hasInlinePassword(_ value: String) -> Bool {
        let s = Array(value.unicodeScalars)
        func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace || c == "\r" || c == "\n" }
        func isSchemeCharacter(_ c: Unicode.Scalar) -> Bool {
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "+" || c == "." || c == "-")
        }
        var i = 0
        while i + 2 < s.count {
            guard s[i] == ":", s[i + 1] == "/", s[i + 2] == "/" else { i += 1; continue }
            // A scheme: a run of scheme characters before `://` that holds a letter.
            var start = i
            var letter = false
            while start > 0, isSchemeCharacter(s[start - 1]) {
                start -= 1
                if s[start].properties.isAlphabetic { letter = true }
            }
            var j = i + 3
            guard letter else { i += 1; continue }
            while j < s.count, s[j] != "/", s[j] != ":", s[j] != "@", !isSpace(s[j]) { j += 1 }
            guard j < s.count, s[j] == ":" else { i += 1; continue }
            let password = j + 1
            j = password
            while j < s.count, s[j] != "/", s[j] != "@", !isSpace(s[j]) { j += 1 }
            guard j > password, j + 1 < s.count, s[j] == "@", !isSpace(s[j + 1]) else { i += 1; continue }
            let reference = s[password] == "$" && password + 1 < j && (s[password + 1] == "(" || s[password + 1] == "{")
            if !reference { return true }
            i = j + 2
        }
        return false
    }

    /// What kind of credential `value` looks like, whatever the variable's name, or nil.
    static func credentialShape(in value: String) -> String? {
        // Each pattern needs a literal that plain values rarely contain: test it first, since Swift
        // Regex is slow and every env value of every container passes through here.
        if contains(value, "AKIA") || contains(value, "ASIA"), value.firstMatch(of: #/(^|[^A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}($|[^A-Z0-9])/#) != nil {
            return "an AWS access key id"
        }
        if contains(value, "PRIVATE KEY"), value.firstMatch(of: #/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/#) != nil { return "a PEM private key" }
        if ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"].contains(where: { contains(value, $0) }), value.firstMatch(of: #/(^|[^A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})($|[^A-Za-z0-9_])/#) != nil {
            return "a GitHub token"
        }
        if contains(value, "xox"), value.firstMatch(of: #/(^|[^A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/#) != nil { return "a Slack token" }
        if contains(value, "hooks.slack.com"), value.firstMatch(of: #/https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+/#) != nil {
            return "a Slack webhook URL"
        }
        if contains(value, "eyJ"), value.firstMatch(of: #/(^|[^A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/#) != nil {
            return "a JSON Web Token"
        }
        if contains(value, "://"), contains(value, "@"), hasInlinePassword(value) { return "a URL with an inline password" }
        return nil
    }
}
