import DocumentTree

extension Check {
    static let startupProbe = Check.perContainer(
        id: "startup-probe",
        summary: "A slow-starting container must use a startupProbe, not a long liveness initialDelaySeconds.",
        rationale: "initialDelaySeconds only postpones the first liveness check, and a container that hangs "
            + "before that delay is not detected until it has passed, on every restart; meanwhile a start that "
            + "takes longer than the delay is killed and restarted in a loop. A startupProbe holds the liveness "
            + "probe back only until the process has started, however long that takes, then hands over to a "
            + "liveness probe that can react within seconds.",
        remediation: "Add startupProbe (same handler as the liveness probe, periodSeconds × failureThreshold ≥ "
            + "the worst start time) and lower livenessProbe.initialDelaySeconds to 0 or a few seconds.",
        severity: .warning,
        parameters: [Parameter("slowStartSeconds", default: String(slowStartSeconds),
                               help: "livenessProbe.initialDelaySeconds from which a container counts as a slow starter")]
    ) { container, _, _ in
        let delayPath = container.path / "livenessProbe" / "initialDelaySeconds"
        guard let delay = container["livenessProbe"]?["initialDelaySeconds"]?.intValue, delay >= slowStartSeconds,
              container["startupProbe"] == nil
        else { return [] }
        return [Violation("\(Reliability.describe(container)) delays its liveness probe by \(delay)s without a "
                          + "startupProbe: add startupProbe and lower initialDelaySeconds", at: delayPath)]
    }
}

/// `slowStartSeconds`: the liveness delay from which a container needs a startup probe.
private let slowStartSeconds = 30
