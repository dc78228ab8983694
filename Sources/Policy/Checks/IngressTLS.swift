import DocumentTree

extension Check {
    static let ingressTLS = Check(
        id: "ingress-tls",
        summary: "An Ingress must terminate TLS for every host it routes (spec.tls[].hosts covers each rule host).",
        rationale: "Without a TLS entry the controller serves the host over plain HTTP (credentials and cookies in "
            + "clear text), or with its default self-signed certificate, which clients reject. A rule host missing "
            + "from every spec.tls[].hosts gets the same fate even when other hosts are covered.",
        remediation: "Add spec.tls with secretName and hosts listing every spec.rules[].host (a wildcard *.example.com "
            + "covers exactly one label, e.g. api.example.com).",
        severity: .error, kinds: ["Ingress"]
    ) { object, _ in
        guard let spec = object.document["spec"] else { return [] }
        let rules = spec["rules"]?.items ?? []
        let tls = spec["tls"]?.items ?? []
        if tls.isEmpty {
            let hosts = rules.compactMap { $0["host"]?.stringValue }
            let what = hosts.isEmpty ? "its routes are" : "\(hosts.joined(separator: ", ")) \(hosts.count == 1 ? "is" : "are")"
            return [Violation("has no spec.tls: \(what) served without TLS", at: FieldPath("spec", "tls"))]
        }
        let covered = tls.flatMap { $0["hosts"]?.items.compactMap(\.stringValue) ?? [] }
        let certificates = CertificateHosts(covered)
        var out: [Violation] = []
        for (i, rule) in rules.enumerated() {
            // A rule without host matches any host: which certificate it gets is the controller's default.
            guard let host = rule["host"]?.stringValue, !host.isEmpty else { continue }
            if certificates.cover(host) { continue }
            out.append(Violation("host \"\(host)\" is not in any spec.tls[].hosts (\(covered.isEmpty ? "none" : covered.joined(separator: ", ")))",
                                 at: FieldPath("spec", "rules", .index(i), "host")))
        }
        return out
    }
}

/// The hosts of an Ingress's certificates (`api.example.com`, `*.example.com`), looked up by name:
/// one Ingress routing every service's host was a comparison of each rule with each certificate.
private struct CertificateHosts {
    /// Every host as written, lowercased: each covers itself.
    private let exact: Set<String>
    /// `.example.com` for each `*.example.com`.
    private let wildcardSuffixes: Set<Substring>

    init(_ hosts: [String]) {
        let lowercased = hosts.map { $0.lowercased() }
        exact = Set(lowercased)
        wildcardSuffixes = Set(lowercased.filter { $0.hasPrefix("*.") }.map { $0.dropFirst() })
    }

    /// Whether a certificate covers `host`; a wildcard matches exactly one leftmost label, as in TLS.
    func cover(_ host: String) -> Bool {
        let host = host.lowercased()
        if exact.contains(host) { return true }
        guard !host.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
        return wildcardSuffixes.contains(host[dot...])
    }
}
