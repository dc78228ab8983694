import DocumentTree

extension Check {
    static let hostPathVolume = Check.perPod(
        id: "host-path-volume",
        summary: "Pods must not use hostPath volumes.",
        rationale: "A hostPath volume exposes a directory of the node to the pod: writable, it lets the pod plant "
            + "files the node executes (/etc/cron.d, kubelet config, static pod manifests) and take over the node; "
            + "read-only, it still leaks other pods' secrets and logs (/var/lib/kubelet/pods, /var/log). It also "
            + "ties the pod's data to one node, so it is lost when the pod moves.",
        remediation: "Replace volumes[].hostPath with an emptyDir (scratch space), a PersistentVolumeClaim (data), "
            + "a configMap/secret/projected volume (configuration) or a CSI driver.",
        severity: .error
    ) { pod, _, _ in
        (pod.spec["volumes"]?.items ?? []).enumerated().compactMap { i, volume in
            guard let hostPath = volume["hostPath"] else { return nil }
            let name = volume["name"]?.stringValue ?? ""
            let path = hostPath["path"]?.stringValue.map { " \"\($0)\"" } ?? ""
            return Violation("volume \"\(name)\" mounts host path\(path)" + SecuritySupport.mountedBy(name, in: pod),
                             at: pod.specPath / "volumes" / i / "hostPath")
        }
    }
}
