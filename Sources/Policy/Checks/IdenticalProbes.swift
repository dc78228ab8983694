import DocumentTree

extension Check {
    static let identicalProbes = Check.perContainer(
        id: "identical-probes",
        summary: "A container's liveness and readiness probes should not be the same.",
        rationale: "Readiness answers \"send me traffic?\", liveness \"restart me?\". With the same probe, an "
            + "overloaded or dependency-starved container that should only leave the Service for a while is "
            + "restarted as well, which adds load and turns a slowdown into a cascade of restarts.",
        remediation: "Give the liveness probe a cheaper check that only fails when the process is stuck (or a higher "
            + "failureThreshold), and keep dependency checks in the readiness probe.",
        severity: .warning, includingInit: false
    ) { container, _, _ in
        guard let liveness = container["livenessProbe"], let readiness = container["readinessProbe"],
              liveness == readiness
        else { return [] }
        return [Violation("livenessProbe and readinessProbe of container \"\(container.name)\" are identical: when it "
            + "is not ready it is also restarted", at: container.path / "livenessProbe")]
    }
}
