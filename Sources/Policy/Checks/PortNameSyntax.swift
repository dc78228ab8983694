import DocumentTree

extension Check {
    static let portNameSyntax = Check(
        id: "port-name-syntax",
        summary: "Port names (container ports, named targetPorts and probe ports) must be valid IANA service names.",
        rationale: "The API server refuses a container port name, or a named targetPort or probe port, that is not an "
            + "IANA_SVC_NAME: at most 15 characters of lower-case letters, digits and '-', at least one letter, no "
            + "leading, trailing or doubled '-'. `http_api`, `metrics-endpoint-v2` (19 characters) or `HTTP` fail "
            + "the apply, often only in the pipeline that deploys them.",
        remediation: "Rename the port to at most 15 lower-case letters, digits and single '-' (`http-api`, `metrics`), "
            + "and use the same name wherever a Service or probe refers to it.",
        severity: .error, kinds: PodTemplateView.workloadKinds.union(["Service"])
    ) { object, _ in
        var names: [(name: String, path: FieldPath, what: String)] = []
        if object.kind == "Service" {
            for (i, port) in (object.document["spec"]?["ports"]?.items ?? []).enumerated() {
                // A targetPort written as digits is a number, not a name.
                if let target = port["targetPort"]?.stringValue, Int(target) == nil {
                    names.append((target, FieldPath("spec", "ports", .index(i), "targetPort"), "targetPort"))
                }
            }
        } else if let pod = PodTemplateView(object) {
            for container in pod.containers(includingInit: true) {
                let who = SecuritySupport.label(container)
                for (i, port) in (container["ports"]?.items ?? []).enumerated() {
                    if let name = port["name"]?.stringValue {
                        names.append((name, container.path / "ports" / i / "name", "\(who): port name"))
                    }
                }
                for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                    for handler in ["httpGet", "tcpSocket"] {
                        if let name = container[probe]?[handler]?["port"]?.stringValue, Int(name) == nil {
                            names.append((name, container.path / probe / handler / "port", "\(who): \(probe) port"))
                        }
                    }
                }
            }
        }
        return names.compactMap { name, path, what in
            PortNameRules.problem(name).map { Violation("\(what) \"\(name)\" \($0)", at: path) }
        }
    }
}

/// IANA_SVC_NAME, as k8s.io/apimachinery's IsValidPortName checks it (RFC 6335 section 5.1).
enum PortNameRules {
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > 15 { return "is longer than 15 characters (\(name.count))" }
        if !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            return "holds characters other than lower-case letters, digits and '-'"
        }
        if !name.contains(where: \.isLetter) { return "has no letter" }
        if name.hasPrefix("-") || name.hasSuffix("-") { return "starts or ends with '-'" }
        if name.contains("--") { return "holds '--'" }
        return nil
    }
}
