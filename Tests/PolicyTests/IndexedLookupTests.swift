@testable import Policy
import XCTest

/// Cross-object lookups go through PolicyContext's indexes: each finds what a scan of every
/// object finds, comparing only the objects that can match. Counting comparisons (not timing)
/// catches a return to scanning every object for every object, which made gen quadratic in the
/// number of services.
final class IndexedLookupTests: XCTestCase {
    private let services = 60

    /// `services` bundles in one namespace sharing most labels (part-of, tier), each told apart by
    /// its name; a default-deny NetworkPolicy; a StatefulSet selected through a label its
    /// controller sets; a PDB and a Service selecting with `In` and `Exists`.
    private func input() throws -> [PolicyObject] {
        var yaml = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: shop}
            spec:
              selector: {matchLabels: {app: db}}
              template: {metadata: {labels: {app: db, tier: data}}, spec: {containers: [{name: db, image: db}]}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db-0, namespace: shop}
            spec: {selector: {statefulset.kubernetes.io/pod-name: db-0}}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: some, namespace: shop}
            spec: {selector: {matchExpressions: [{key: app, operator: In, values: [svc-1, svc-2, db]}, {key: tier, operator: Exists}]}}

            """
        for i in 0..<services {
            let labels = "{app: svc-\(i), part-of: shop, tier: web}"
            let selector = "{app: svc-\(i), part-of: shop}"
            yaml += """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: svc-\(i), namespace: shop}
                spec:
                  selector: {matchLabels: \(selector)}
                  template: {metadata: {labels: \(labels)}, spec: {containers: [{name: app, image: app}]}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: svc-\(i), namespace: shop, labels: \(labels)}
                spec: {selector: \(selector)}
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: svc-\(i), namespace: shop}
                spec: {minAvailable: 1, selector: {matchLabels: \(selector)}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: svc-\(i), namespace: shop}
                spec: {podSelector: {matchLabels: \(selector)}}

                """
        }
        return try YAMLInput.objects(from: yaml, file: "bundles.yaml")
    }

    private func selector(of object: PolicyObject) -> LabelSelectorView {
        switch object.kind {
        case "Service": LabelSelectorView(labels: object.document["spec"]?["selector"]?.stringMap ?? [:])
        case "NetworkPolicy": LabelSelectorView(selector: object.document["spec"]?["podSelector"] ?? .mapping([]))
        default: LabelSelectorView(selector: object.document["spec"]?["selector"] ?? .mapping([]))
        }
    }

    func testSelectorsAreComparedOnlyWithTheWorkloadsThatCanMatch() throws {
        let objects = try input()
        let context = PolicyContext(objects: objects, settings: PolicySettings())
        let workloads = objects.filter { PodTemplateView($0) != nil }
        XCTAssertEqual(workloads.count, services + 1)
        for object in objects where ["Service", "PodDisruptionBudget"].contains(object.kind) {
            let view = selector(of: object)
            // What a scan of every workload finds: the expectation.
            let scanned = workloads.filter { view.matches(PodLabels(PodTemplateView($0)!, of: $0)) }.map(\.reference)
            XCTAssertFalse(scanned.isEmpty, "\(object.reference) selects nothing: the input is wrong")
            let lookup = context.lookUpWorkloads(selectedBy: view, namespace: object.namespace)
            XCTAssertEqual(lookup.items.map(\.reference), scanned, object.reference)
            XCTAssertEqual(lookup.compared, scanned.count, "\(object.reference) was compared with workloads it cannot select")
        }
    }

    func testPodsAreComparedOnlyWithTheSelectorsFiledUnderTheirLabels() throws {
        let objects = try input()
        let context = PolicyContext(objects: objects, settings: PolicySettings())
        let budgets = objects.filter { $0.kind == "PodDisruptionBudget" }
        let policies = objects.filter { $0.kind == "NetworkPolicy" }
        let unfiled = policies.filter { selector(of: $0).matchLabels.isEmpty }.count
            + budgets.filter { selector(of: $0).matchLabels.isEmpty }.count
        for workload in objects {
            guard let labels = PodTemplateView(workload)?.labels else { continue }
            let budgetScan = budgets.filter { selector(of: $0).matches(labels) }.map(\.reference)
            let policyScan = policies.filter { selector(of: $0).matches(labels) }.map(\.reference)
            let budgetLookup = context.lookUpDisruptionBudgets(selecting: labels, namespace: workload.namespace)
            let policyLookup = context.lookUpNetworkPolicies(selecting: labels, namespace: workload.namespace)
            XCTAssertEqual(budgetLookup.items.map(\.reference), budgetScan, workload.reference)
            XCTAssertEqual(policyLookup.items.map(\.reference), policyScan, workload.reference)
            // Each pod meets its own selectors and those without matchLabels ({} or In/Exists only).
            XCTAssertLessThanOrEqual(budgetLookup.compared + policyLookup.compared, budgetScan.count + policyScan.count + unfiled,
                                     "\(workload.reference) was compared with selectors filed under other labels")
        }
    }
}
