import DocumentTree
import KubeModel
import XCTest

final class ManifestTests: XCTestCase {
    func testDocumentPutsApiVersionKindMetadataFirst() throws {
        let doc = try document(deployment(container: container()))
        XCTAssertEqual(keys(doc), ["apiVersion", "kind", "metadata", "spec"])
        XCTAssertEqual(doc["apiVersion"], .string("apps/v1"))
        XCTAssertEqual(doc["kind"], .string("Deployment"))
        XCTAssertEqual(keys(doc["metadata"]), ["name", "namespace", "labels"])
        XCTAssertEqual(keys(doc["spec"]), ["replicas", "selector", "template"])
    }

    func testBodyFieldsFollowInDeclarationOrder() throws {
        let doc = try document(ConfigMap(metadata: ObjectMeta(name: "cfg"), immutable: true, data: ["b": "2", "a": "1"]))
        XCTAssertEqual(keys(doc), ["apiVersion", "kind", "metadata", "immutable", "data"])
        XCTAssertEqual(keys(doc["data"]), ["a", "b"])
    }

    func testBadNameRejected() {
        let error = invalidValue { try document(deployment(name: "Backend_1", container: container())) }
        XCTAssertEqual(error?.path.description, "metadata.name")
        XCTAssertTrue(error?.message.contains("\"Backend_1\" is not a valid Deployment name") ?? false, error?.message ?? "")
    }

    func testDNSLabelKindsRefuseDottedNames() throws {
        XCTAssertNoThrow(try document(ConfigMap(metadata: ObjectMeta(name: "app.v1"), data: [:])))
        let spec = ServiceSpec(selector: appLabels, ports: [ServicePort(httpPort)])
        let error = invalidValue { try document(Service(metadata: ObjectMeta(name: "app.v1"), spec: spec)) }
        XCTAssertEqual(error?.path.description, "metadata.name")
    }

    func testNamespaceOnClusterScopedKindRejected() {
        let ns = invalidValue { try document(Namespace(metadata: ObjectMeta(name: "prod", namespace: "default"))) }
        XCTAssertEqual(ns?.path.description, "metadata.namespace")
        XCTAssertTrue(ns?.message.contains("cluster-scoped") ?? false)
        let role = invalidValue { try document(ClusterRole(metadata: ObjectMeta(name: "reader", namespace: "prod"), rules: [])) }
        XCTAssertEqual(role?.path.description, "metadata.namespace")
        XCTAssertNoThrow(try document(Namespace(metadata: ObjectMeta(name: "prod"))))
    }

    func testIDAndOrdering() {
        let id = manifest(deployment(container: container())).id
        XCTAssertEqual(id, ObjectID(kind: "Deployment", namespace: "prod", name: "backend"))
        XCTAssertEqual(id.description, "Deployment/backend")
        XCTAssertLessThan(ObjectID(kind: "A", namespace: nil, name: "z"), ObjectID(kind: "B", namespace: nil, name: "a"))
        XCTAssertLessThan(ObjectID(kind: "A", namespace: "a", name: "z"), ObjectID(kind: "A", namespace: "b", name: "a"))
    }

    // MARK: CustomResource

    private func certificate(body: [DocNode.Field], namespace: String? = "prod", namespaced: Bool = true) -> CustomResource {
        CustomResource(apiVersion: "cert-manager.io/v1", kind: "Certificate",
                       metadata: ObjectMeta(name: "app-tls", namespace: namespace), namespaced: namespaced, body: body)
    }

    func testCustomResourceBodyFollowsMetadataInOrder() throws {
        let doc = try document(certificate(body: [
            DocNode.Field("spec", .map([("secretName", .string("app-tls")), ("dnsNames", .sequence([.string("a.example.com")]))])),
            DocNode.Field("extra", .int(1)),
        ]))
        XCTAssertEqual(keys(doc), ["apiVersion", "kind", "metadata", "spec", "extra"])
        XCTAssertEqual(doc["apiVersion"], .string("cert-manager.io/v1"))
        XCTAssertEqual(keys(doc["spec"]), ["secretName", "dnsNames"])
    }

    func testCustomResourceBodyCannotOverrideIdentity() {
        for key in ["apiVersion", "kind", "metadata"] {
            let error = invalidValue { try document(certificate(body: [DocNode.Field(key, .string("x"))])) }
            XCTAssertTrue(error?.message.contains("\(key) is set by CustomResource itself") ?? false,
                          error?.message ?? "no error for \(key)")
        }
    }

    func testClusterScopedCustomResourceRefusesNamespace() {
        let error = invalidValue { try document(certificate(body: [], namespaced: false)) }
        XCTAssertEqual(error?.path.description, "metadata.namespace")
        XCTAssertNoThrow(try document(certificate(body: [], namespace: nil, namespaced: false)))
    }
}
