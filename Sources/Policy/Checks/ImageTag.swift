import DocumentTree

extension Check {
    static let imageTag = Check.perContainer(
        id: "image-tag",
        summary: "Images must name a version: a tag other than latest, or a digest.",
        rationale: "An image without a tag means `latest`, and `latest` is whatever was pushed last: two pods of "
            + "the same Deployment can run different code, a node restart or reschedule silently upgrades a pod, "
            + "and a rollback re-applies the same manifest and gets the same broken image.",
        remediation: "Set image to an immutable version: registry/app:1.4.2, or better registry/app@sha256:… "
            + "(a digest, optionally after the tag).",
        severity: .error
    ) { container, _, _ in
        guard let reference = container["image"]?.stringValue else { return [] }
        let image = Reliability.image(reference)
        guard Reliability.isMutable(image) else { return [] }
        let problem = image.tag == nil ? "has no tag or digest (it means latest)" : "uses the tag latest"
        return [Violation("\(Reliability.describe(container)) image \"\(reference)\" \(problem)", at: container.path / "image")]
    }
}
