import DocumentTree

extension Check {
    static let imagePullPolicy = Check.perContainer(
        id: "image-pull-policy",
        summary: "imagePullPolicy must not be Never, nor unset or IfNotPresent with a mutable tag (latest or none).",
        rationale: "Never starts only on nodes that happen to have the image, so pods fail with ErrImageNeverPull "
            + "after a reschedule onto a fresh node. With IfNotPresent a mutable tag is pulled once per node and "
            + "kept: nodes run different builds under the same name. Leaving the policy unset does not help: the "
            + "API server fixes the default when the object is created (Always only if the tag is latest then) and "
            + "keeps it when the image changes later, so a workload first created with a pinned tag stays "
            + "IfNotPresent after switching to latest.",
        remediation: "Pin the image (a version tag or a digest) and use imagePullPolicy: IfNotPresent; if the tag "
            + "must stay mutable, set imagePullPolicy: Always. Never only for images preloaded on every node.",
        severity: .warning
    ) { container, _, _ in
        let path = container.path / "imagePullPolicy"
        let policy = container["imagePullPolicy"]?.stringValue
        let who = Reliability.describe(container)
        if policy == "Never" {
            return [Violation("\(who) has imagePullPolicy Never: it starts only on nodes that already hold the image", at: path)]
        }
        guard policy == nil || policy == "IfNotPresent", let reference = container["image"]?.stringValue,
              Reliability.isMutable(Reliability.image(reference))
        else { return [] }
        let setting = policy == nil ? "no imagePullPolicy" : "imagePullPolicy IfNotPresent"
        return [Violation("\(who) has \(setting) with the mutable image \"\(reference)\": nodes may keep a stale "
                          + "image; pin the image or set imagePullPolicy: Always", at: path)]
    }
}
