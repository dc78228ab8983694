import Components
import DocumentTree
import Foundation
import KubeModel
import Render
import XCTest

final class WebServiceTests: XCTestCase {
    private let http = ContainerPort(name: "http", 8080)

    private func service(_ scaling: WebService.Scaling = .autoscaled(min: 2, max: 4, metrics: [.utilization("cpu", percent: 70)], behavior: nil)) -> WebService {
        var s = WebService(app: "shop", name: "api", image: Image("registry.example/api", tag: "2.1.0"), ports: [http],
                           resources: ResourceRequirements(requests: ResourceList(cpu: "100m", memory: "128Mi"),
                                                           limits: ResourceList(memory: "256Mi")),
                           scaling: scaling)
        s.liveness = .http("/healthz", port: http, period: 10)
        s.readiness = .http("/ready", port: http, period: 5)
        s.maxUnavailableDuringDisruption = 1
        return s
    }

    private func yaml(_ manifests: [Manifest]) throws -> String {
        try manifests.map { try YAMLRenderer.render($0.document()) }.joined(separator: "---\n")
    }

    /// Golden file: the whole rendering of one service. Set GEN_RECORD_GOLDEN=1 to rewrite it.
    func testRenderingMatchesGoldenFile() throws {
        let s = service()
        let rendered = try yaml([try s.serviceAccount(namespace: "shop"), s.service(namespace: "shop")]
                                + s.workloads(namespace: "shop"))
        try assertGolden(rendered, named: "web-service.yaml")
    }

    func testSelectorsAreWiredByConstruction() throws {
        let s = service()
        let variant = Variant(nameSuffix: "-blue", labels: ["color": "blue"])
        let objects = try s.workloads(namespace: "shop", variant: variant, preview: true).map(\.object)
        let deployment = try XCTUnwrap(objects.compactMap { $0 as? Deployment }.first)
        let podLabels = try XCTUnwrap(deployment.spec.template.metadata.labels)
        let selector = try XCTUnwrap(deployment.spec.selector.matchLabels)
        XCTAssertTrue(selector.isSubset(of: podLabels))

        let hpa = try XCTUnwrap(objects.compactMap { $0 as? HorizontalPodAutoscaler }.first)
        XCTAssertEqual(hpa.spec.scaleTargetRef.name, "api-blue")
        XCTAssertEqual(hpa.spec.scaleTargetRef.kind, "Deployment")
        let pdb = try XCTUnwrap(objects.compactMap { $0 as? PodDisruptionBudget }.first)
        XCTAssertEqual(pdb.spec.selector, deployment.spec.selector)
        let preview = try XCTUnwrap(objects.compactMap { $0 as? Service }.first)
        XCTAssertEqual(preview.metadata.name, "api-preview-blue")
        XCTAssertTrue(preview.spec.selector.isSubset(of: podLabels))

        let publicService = try XCTUnwrap(s.service(namespace: "shop", selecting: variant).object as? Service)
        XCTAssertTrue(publicService.spec.selector.isSubset(of: podLabels))
        XCTAssertEqual(publicService.spec.ports.map(\.targetPort), [.string("http")])
        XCTAssertNil(deployment.spec.replicas, "the HPA owns the replica count")
        XCTAssertEqual(try s.workloads(namespace: nil).count, 3)
        XCTAssertEqual(try service(.fixed(3)).workloads(namespace: nil).compactMap { ($0.object as? Deployment)?.spec.replicas }, [3])
    }

    func testSecureDefaults() throws {
        let deployment = try XCTUnwrap(try service().workloads(namespace: nil).first?.object as? Deployment)
        let pod = deployment.spec.template.spec
        let container = pod.containers[0]
        XCTAssertEqual(pod.securityContext?.runAsNonRoot, true)
        XCTAssertEqual(pod.securityContext?.runAsUser, 10001)
        XCTAssertEqual(pod.automountServiceAccountToken, false)
        XCTAssertEqual(pod.securityContext?.seccompProfile, .runtimeDefault)
        XCTAssertEqual(container.securityContext?.readOnlyRootFilesystem, true)
        XCTAssertEqual(container.securityContext?.allowPrivilegeEscalation, false)
        XCTAssertEqual(container.securityContext?.capabilities?.drop, ["ALL"])
        let writable = service().writablePaths
        XCTAssertEqual(container.volumeMounts?.map(\.mountPath), writable.map(\.path))
        // Each writable folder is bounded, so the container cannot fill the node's disk.
        XCTAssertEqual(pod.volumes?.first?.emptyDir, EmptyDirSource(sizeLimit: writable[0].sizeLimit))
    }

    func testOptingOutNeedsAReasonAndIsRecorded() throws {
        var s = service()
        s.allowing(.readOnlyRootFilesystem, because: "the vendor image writes its cache under /app")
        let deployment = try XCTUnwrap(try s.workloads(namespace: nil).first?.object as? Deployment)
        XCTAssertNil(deployment.spec.template.spec.containers[0].securityContext?.readOnlyRootFilesystem)
        XCTAssertEqual(deployment.metadata.annotations?["gen.policy/ignore-read-only-root-filesystem"],
                       "the vendor image writes its cache under /app")

        var silent = service()
        silent.allowing(.runAsNonRoot, because: "  ")
        XCTAssertThrowsError(try silent.workloads(namespace: nil)) { error in
            XCTAssertEqual(String(describing: error), "api: opting out of run-as-non-root needs a reason")
        }
    }

    func testProbeOnAnUndeclaredPortIsRejected() {
        var s = service()
        s.readiness = .http("/ready", port: ContainerPort(name: "admin", 9090))
        XCTAssertThrowsError(try s.workloads(namespace: nil)) { error in
            XCTAssertTrue(String(describing: error).contains("port \"admin\", which the container does not declare"))
        }
    }
}
