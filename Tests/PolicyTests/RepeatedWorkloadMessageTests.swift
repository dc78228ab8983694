import Policy
import XCTest

/// A folder that holds several variants of one application (argo-cd's install.yaml,
/// namespace-install.yaml, ha/install.yaml...) holds the same workload once a file: a message that
/// lists the selected workloads names each distinct one once, with how many objects it stands for.
final class RepeatedWorkloadMessageTests: XCTestCase {
    private func deployment(port: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: api
                image: registry.example/api:1.0
                ports: [{name: http, containerPort: \(port)}]
        """
    }

    func testAWorkloadRepeatedInSeveralFilesIsNamedOnceWithItsCount() throws {
        let service = """
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: shop}
            spec:
              selector: {app: api}
              ports: [{port: 80, targetPort: 9090}]
            """
        var objects = try YAMLInput.objects(from: service, file: "service.yaml")
        for (i, port) in [8080, 8080, 8080, 8081].enumerated() {
            objects += try YAMLInput.objects(from: deployment(port: port), file: "variant-\(i).yaml")
        }
        let engine = PolicyEngine(checks: [CheckRegistry.check("service-target-port-undeclared")!])
        let messages = engine.evaluate(objects).findings.map(\.message)
        XCTAssertEqual(messages.count, 1, "\(messages)")
        XCTAssertTrue(messages[0].contains("(Deployment/shop/api declares http=8080 (3 objects); "
            + "Deployment/shop/api declares http=8081)"), messages[0])
    }
}
