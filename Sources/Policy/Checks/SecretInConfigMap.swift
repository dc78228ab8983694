import DocumentTree

extension Check {
    static let secretInConfigMap = Check(
        id: "secret-in-configmap",
        summary: "ConfigMaps must not hold secrets: keys named like a secret with a literal value, private keys, tokens.",
        rationale: "A ConfigMap is readable by anyone with get on ConfigMaps (often every developer and every "
            + "controller of the namespace), is printed by `kubectl describe`, and is not encrypted at rest where "
            + "Secrets are. Reported, with the heuristic of secret-in-env and never repeating the value: a data key "
            + "whose name says secret (password, token, secret, api_key, private_key, credential, ... unless a "
            + "qualifier such as _file, _url, _name or _ttl follows) with a literal value; any value that has the "
            + "shape of a credential (PEM private key, AWS access key id, GitHub or Slack token, Slack webhook, JWT, "
            + "URL with user:password@); and, inside a config file held by the ConfigMap, a `name: value` or "
            + "`name = value` line (YAML, JSON, INI, properties, dotenv) whose name says secret. Placeholders are "
            + "not reported: empty values, ${VAR}, $(VAR), {{ template }}, <placeholder>, %(var)s, $__file{path}, paths, booleans, "
            + "secret-manager references, empty lists and maps, and lines that open a nested block.",
        remediation: "Move the value to a Secret (mounted as a file, or referenced with secretKeyRef) and keep only its "
            + "name or path in the ConfigMap; then rotate the exposed credential.",
        severity: .error, kinds: ["ConfigMap"]
    ) { object, _ in
        (object.document["data"]?.fields ?? []).compactMap { field in
            guard let value = field.value.stringValue else { return nil }
            let at = FieldPath("data") / field.key
            let key = "data key \"\(field.key)\""
            if let shape = SecretShapes.credentialShape(in: value) {
                return Violation("\(key) holds what looks like \(shape); the value is not repeated here", at: at)
            }
            if !value.contains("\n") {
                guard let word = SecretShapes.secretWord(inName: field.key), !SecretShapes.isNotALiteralSecret(value)
                else { return nil }
                return Violation("\(key) has a literal value, and its name says it holds a secret (\(word))", at: at)
            }
            guard let found = ConfigFileSecrets.firstAssignment(in: value) else { return nil }
            return Violation("\(key), line \(found.line) of its value: \(found.name) is set to a literal value, and its "
                + "name says it holds a secret (\(found.word)); the value is not repeated here", at: at)
        }
    }
}

/// Secrets set inside a config file that a ConfigMap holds (`db.password=…`, `"token": "…"`).
enum ConfigFileSecrets {
    /// The first line of `text` that assigns a literal to a secret-looking name, 1-based. Lines
    /// end at each line feed (a CRLF line keeps its carriage return, which the pattern's trailing
    /// blanks take).
    static func firstAssignment(in text: String) -> (line: Int, name: String, word: String)? {
        // Most config files name no secret, and most lines of those that do name none: skip them
        // before the regex with a search for the words every secret name holds, on ASCII-lowered
        // bytes (names are ASCII, so no line that can match is skipped).
        let bytes = Array(text.utf8)
        let lower = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        func hinted(_ range: Range<Int>) -> Bool { secretHints.contains { SecretShapes.contains(bytes: lower[range], $0) } }
        guard hinted(0..<lower.count) else { return nil }
        var start = 0, number = 1
        while true {
            let end = lower[start...].firstIndex(of: UInt8(ascii: "\n")) ?? lower.count
            if hinted(start..<end), let (name, value) = assignment(Substring(String(decoding: bytes[start..<end], as: UTF8.self))),
               let word = SecretShapes.secretWord(inName: name), !isPlaceholder(value), !SecretShapes.isNotALiteralSecret(value) {
                return (number, name, word)
            }
            if end == lower.count { return nil }
            (start, number) = (end + 1, number + 1)
        }
    }

    /// What every secret word holds, in lower case (`PASS`, `API_KEY`, `CREDENTIALS`…).
    private static let secretHints = ["pass", "secret", "token", "key", "credential"]

    /// One assignment line. Compiled once: a regex literal inside the function is parsed again on
    /// every call (7 % of a 300-service `gen` run went to parsing this one, under perf).
    nonisolated(unsafe) private static let assignmentLine = #/\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*/#

    /// `name: value`, `name = value`, `"name": "value",` or `export NAME=value`, the value unquoted
    /// and without a trailing comment; nil for any other line.
    static func assignment(_ line: Substring) -> (name: String, value: String)? {
        guard let match = line.wholeMatch(of: assignmentLine) else { return nil }
        var value = String(match.output.2)
        if let quote = value.first, quote == "\"" || quote == "'" {
            guard let end = value.dropFirst().firstIndex(of: quote) else { return nil }
            value = String(value[value.index(after: value.startIndex)..<end])
        } else if let comment = value.range(of: " #") ?? value.range(of: " ;") {
            value = String(value[..<comment.lowerBound])
        }
        return (String(match.output.1), value)
    }

    /// Values that stand for a secret set elsewhere, or lines that open a block rather than set a value.
    static func isPlaceholder(_ value: String) -> Bool {
        let v = SecuritySupport.trim(value)
        if v.isEmpty || ["null", "~", "|", ">", "|-", ">-", "{", "[", "{}", "[]"].contains(v) || v.hasPrefix("#") { return true }
        // Templates and references: Helm/Go, shell, Python, and Grafana's $__file{…}/$__env{…}.
        if ["{{", "${", "$(", "%(", "$__"].contains(where: v.contains) { return true }
        if v.hasPrefix("<"), v.hasSuffix(">") { return true }
        if v.allSatisfy({ $0 == "*" || $0 == "x" || $0 == "X" }) { return true }
        return false
    }
}
