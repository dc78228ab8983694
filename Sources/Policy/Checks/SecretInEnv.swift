import DocumentTree

extension Check {
    static let secretInEnv = Check.perContainer(
        id: "secret-in-env",
        summary: "Environment variables must not hold literal secrets: use valueFrom.secretKeyRef (or a mounted Secret).",
        rationale: "A literal env value is stored in the manifest, in Git, in the API object (readable by anyone "
            + "with get on the workload, not only on Secrets), in `kubectl describe` output and in every "
            + "ReplicaSet revision, and it never rotates. Reported when the NAME says secret (PASSWORD, PASSWD, "
            + "PASS at the end, SECRET, TOKEN, API_KEY/APIKEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL, matched as whole "
            + "words split on _, -, . and camelCase) and the value is a literal, or when the VALUE has the shape of "
            + "a credential whatever the name (AWS access key id, PEM private key, GitHub or Slack token, Slack "
            + "webhook, JWT, URL with user:password@). To avoid false alarms, names whose secret word is followed by "
            + "a qualifier (PASSWORD_FILE, TOKEN_URL, SECRET_NAME, TOKEN_TTL, ACCESS_KEY_ID, ...) and values that "
            + "are empty, $(VAR)/${VAR} references, absolute paths, booleans, secret-manager references (vault:, "
            + "ref+, arn:aws:secretsmanager:, projects/*/secrets/) or URLs without a password are not reported; "
            + "findings never repeat the value.",
        remediation: "Store the value in a Secret and reference it with env[].valueFrom.secretKeyRef (or envFrom "
            + "secretRef, or a secret volume and a *_FILE variable); then rotate the exposed credential.",
        severity: .error
    ) { container, _, _ in
        (container["env"]?.items ?? []).enumerated().compactMap { i, env in
            guard env["valueFrom"] == nil, let value = env["value"]?.stringValue else { return nil }
            let name = env["name"]?.stringValue ?? ""
            let at = container.path / "env" / i / "value"
            let who = SecuritySupport.label(container)
            if let shape = SecretShapes.credentialShape(in: value) {
                return Violation("\(who): env \(name) holds what looks like \(shape); the value is not repeated here",
                                 at: at)
            }
            if let word = SecretShapes.secretWord(inName: name), !SecretShapes.isNotALiteralSecret(value) {
                return Violation("\(who): env \(name) has a literal value, and its name says it holds a secret (\(word))",
                                 at: at)
            }
            return nil
        }
    }
}
