import Components
import KubeModel
import Render
import XCTest

final class DataStoreTests: XCTestCase {
    static let port = ContainerPort(name: "db", 5432)
    static let metrics = ContainerPort(name: "metrics", 9187)

    static func store() -> DataStore {
        var server = ContainerTemplate(name: "db", image: Image("postgres", tag: "16.10-alpine"), ports: [port],
                                       resources: ResourceRequirements(requests: ResourceList(cpu: "100m", memory: "256Mi"),
                                                                       limits: ResourceList(memory: "512Mi")))
        server.secretFiles = [SecretFile(secret: "db-credentials", key: "password", directory: "/run/secrets/db")]
        server.readiness = .command(["pg_isready"], period: 5)
        server.writablePaths = [WritableDirectory("/var/run/postgresql", sizeLimit: "16Mi")]
        var exporter = ContainerTemplate(name: "exporter", image: Image("exporter", tag: "v1"), ports: [metrics],
                                         resources: ResourceRequirements(limits: ResourceList(memory: "64Mi")))
        exporter.readiness = .http("/", port: metrics)
        var s = DataStore(app: "shop", name: "db", server: server, dataPath: "/var/lib/postgresql/data",
                          storage: "10Gi", userID: 70)
        s.sidecars = [exporter]
        s.storageClass = "fast"
        s.priorityClassName = "data"
        return s
    }

    /// Golden file: StatefulSet, headless Service and ServiceAccount. GEN_RECORD_GOLDEN=1 rewrites it.
    func testRenderingMatchesGoldenFile() throws {
        let rendered = try Self.store().objects(namespace: "shop").map { try YAMLRenderer.render($0.document()) }
            .joined(separator: "---\n")
        try assertGolden(rendered, named: "data-store.yaml")
    }

    func testHeadlessServiceListsEveryPortAndSelectsThePod() throws {
        let objects = try Self.store().objects(namespace: "shop").map(\.object)
        let service = try XCTUnwrap(objects.compactMap { $0 as? Service }.first)
        let set = try XCTUnwrap(objects.compactMap { $0 as? StatefulSet }.first)
        XCTAssertEqual(service.spec.clusterIP, "None")
        XCTAssertEqual(service.spec.ports.map(\.name), ["db", "metrics"])
        XCTAssertTrue(service.spec.selector.isSubset(of: set.spec.template.metadata.labels ?? [:]))
        XCTAssertEqual(set.spec.serviceName, service.metadata.name)
        XCTAssertEqual(set.spec.volumeClaimTemplates?.first?.spec.storageClassName, "fast")
        // The Secret is a read-only file, group-readable for the non-root user through fsGroup.
        let volume = try XCTUnwrap(set.spec.template.spec.volumes?.first { $0.secret != nil })
        XCTAssertEqual(volume.secret?.defaultMode, 0o440)
        XCTAssertEqual(set.spec.template.spec.securityContext?.fsGroup, 70)
    }

    func testAProbeOnAnUndeclaredPortIsAnError() {
        var s = Self.store()
        s.server.liveness = .http("/", port: ContainerPort(name: "nope", 1))
        XCTAssertThrowsError(try s.objects(namespace: "shop")) { error in
            XCTAssertTrue("\(error)".contains("port \"nope\""), "\(error)")
        }
    }
}
