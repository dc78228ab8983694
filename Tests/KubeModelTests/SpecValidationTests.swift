import DocumentTree
import KubeModel
import XCTest

/// Cross-field rules that each kind checks in its spec.
final class SpecValidationTests: XCTestCase {
    private let selector = LabelSelector(matchLabels: appLabels)
    private let meta = ObjectMeta(name: "backend", namespace: "prod")

    // MARK: PodDisruptionBudget

    func testPDBNeedsExactlyOneOfMinAvailableAndMaxUnavailable() throws {
        for spec in [PDBSpec(selector: selector), PDBSpec(minAvailable: 1, maxUnavailable: 1, selector: selector)] {
            let error = invalidValue { try document(PodDisruptionBudget(metadata: meta, spec: spec)) }
            XCTAssertEqual(error?.path.description, "spec")
            XCTAssertTrue(error?.message.contains("exactly one") ?? false)
        }
        let min = try document(PodDisruptionBudget(metadata: meta, spec: PDBSpec(minAvailable: 1, selector: selector)))
        XCTAssertEqual(keys(min["spec"]), ["minAvailable", "selector", "unhealthyPodEvictionPolicy"])
        // A not-ready pod must not hold up node drains unless the model says so.
        XCTAssertEqual(min["spec"]?["unhealthyPodEvictionPolicy"], .string("AlwaysAllow"))
        XCTAssertEqual(min["spec"]?["minAvailable"], .int(1))
        let max = try document(PodDisruptionBudget(metadata: meta, spec: PDBSpec(maxUnavailable: .percent(25), selector: selector)))
        XCTAssertEqual(max["spec"]?["maxUnavailable"], .string("25%"))
        XCTAssertNil(max["spec"]?["minAvailable"])
    }

    // MARK: Service

    func testServiceWithEmptySelectorRejected() {
        let spec = ServiceSpec(selector: [:], ports: [ServicePort(httpPort)])
        let error = invalidValue { try document(Service(metadata: meta, spec: spec)) }
        XCTAssertEqual(error?.path.description, "spec")
        XCTAssertTrue(error?.message.contains("empty selector") ?? false, error?.message ?? "")
    }

    func testServiceWithoutPortsRejected() {
        let error = invalidValue { try document(Service(metadata: meta, spec: ServiceSpec(selector: appLabels, ports: []))) }
        XCTAssertEqual(error?.path.description, "spec")
    }

    func testServicePortTargetsContainerPortByName() throws {
        let doc = try document(Service(metadata: meta, spec: ServiceSpec(selector: appLabels, ports: [ServicePort(httpPort, port: 80)])))
        XCTAssertEqual(keys(doc["spec"]), ["type", "selector", "ports"])
        XCTAssertEqual(doc["spec"]?["ports"], .sequence([.map([
            ("name", .string("http")), ("port", .int(80)), ("targetPort", .string("http")), ("protocol", .string("TCP")),
        ])]))
    }

    // MARK: Ingress

    private func rule(_ host: String) -> IngressRule {
        IngressRule(host: host, paths: [HTTPIngressPath("/", service: "backend", port: ServicePort(httpPort))])
    }

    func testIngressHostWithoutTLSEntryRejected() {
        let spec = IngressSpec(ingressClassName: "nginx",
                               tls: [IngressTLS(hosts: ["app.example.com"], secretName: "app-tls")],
                               rules: [rule("app.example.com"), rule("api.example.com")])
        let error = invalidValue { try document(Ingress(metadata: meta, spec: spec)) }
        XCTAssertEqual(error?.path.description, "spec.rules[1].host")
        XCTAssertTrue(error?.message.contains("api.example.com") ?? false, error?.message ?? "")
    }

    func testIngressWithEveryHostCoveredIsAccepted() throws {
        let spec = IngressSpec(ingressClassName: "nginx",
                               tls: [IngressTLS(hosts: ["app.example.com", "api.example.com"], secretName: "tls")],
                               rules: [rule("app.example.com"), rule("api.example.com")])
        let doc = try document(Ingress(metadata: meta, spec: spec))
        XCTAssertEqual(keys(doc["spec"]), ["ingressClassName", "tls", "rules"])
        XCTAssertEqual(doc["spec"]?["rules"].flatMap { node -> DocNode? in
            guard case .sequence(let items) = node else { return nil }
            return items.first?["http"]?["paths"]
        }, .sequence([.map([
            ("path", .string("/")), ("pathType", .string("Prefix")),
            ("backend", .map([("service", .map([("name", .string("backend")), ("port", .map([("name", .string("http"))]))]))])),
        ])]))
    }

    func testIngressBadHostRejected() {
        let spec = IngressSpec(ingressClassName: nil, tls: nil, rules: [rule("Bad_Host.example.com")])
        let error = invalidValue { try document(Ingress(metadata: meta, spec: spec)) }
        XCTAssertEqual(error?.path.description, "spec.rules[0].host")
        XCTAssertTrue(error?.message.contains("\"Bad_Host.example.com\" is not a valid host name") ?? false,
                      error?.message ?? "")
    }

    // MARK: HorizontalPodAutoscaler

    private func hpa(min: Int, max: Int) -> HorizontalPodAutoscaler {
        HorizontalPodAutoscaler(metadata: meta, spec: HPASpec(
            scaleTargetRef: CrossVersionObjectReference(deployment(container: container())),
            minReplicas: min, maxReplicas: max, metrics: [.utilization("cpu", percent: 70)]))
    }

    func testHPAMinAboveMaxRejected() {
        let error = invalidValue { try document(hpa(min: 5, max: 3)) }
        XCTAssertEqual(error?.path.description, "spec.minReplicas")
        XCTAssertTrue(error?.message.contains("minReplicas 5") ?? false, error?.message ?? "")
    }

    func testHPAMinZeroRejectedAndEqualAccepted() throws {
        XCTAssertEqual(invalidValue { try document(hpa(min: 0, max: 3)) }?.path.description, "spec.minReplicas")
        let doc = try document(hpa(min: 3, max: 3))
        XCTAssertEqual(doc["spec"]?["scaleTargetRef"],
                       .map([("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")), ("name", .string("backend"))]))
    }

    // MARK: CronJob

    private func cronJob(_ schedule: String) -> CronJob {
        CronJob(metadata: meta, spec: CronJobSpec(schedule: schedule, jobTemplate: JobTemplateSpec(spec: JobSpec(
            template: PodTemplateSpec(metadata: TemplateMeta(), spec: PodSpec(containers: [container()]))))))
    }

    func testCronJobScheduleWithFourFieldsRejected() {
        let error = invalidValue { try document(cronJob("*/5 * * *")) }
        XCTAssertEqual(error?.path.description, "spec.schedule")
        XCTAssertTrue(error?.message.contains("5 fields") ?? false, error?.message ?? "")
        XCTAssertNotNil(invalidValue { try document(cronJob("0 0 * * * *")) })
    }

    func testCronJobValidSchedules() throws {
        XCTAssertEqual(try document(cronJob("*/5 * * * *"))["spec"]?["schedule"], .string("*/5 * * * *"))
        XCTAssertEqual(try document(cronJob("@daily"))["spec"]?["schedule"], .string("@daily"))
    }

    // MARK: Volumes and ports

    func testVolumeNeedsExactlyOneSource() {
        var d = deployment(container: container())
        d.spec.template.spec.volumes = [Volume(name: "tmp", emptyDir: EmptyDirSource(sizeLimit: "64Mi"))]
        XCTAssertNoThrow(try document(d))
        d.spec.template.spec.volumes?.append(Volume(name: "none"))
        XCTAssertEqual(invalidValue { try document(d) }?.path.description, "spec.template.spec.volumes[1]")
    }

    func testContainerPortOutOfRangeRejected() {
        var c = container()
        c.ports = [httpPort, ContainerPort(name: "metrics", 70000)]
        XCTAssertEqual(invalidValue { try document(deployment(container: c)) }?.path.description,
                       "spec.template.spec.containers[0].ports[1]")
    }
}
