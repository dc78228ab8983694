import DocumentTree
@testable import Policy
import XCTest

/// The schema table shipped in the binary: whole (every type it names is in it), and what the
/// three schema checks say on their failing fixtures, finding by finding. That the table is what
/// its source gives is `make schema-table` (scripts/kubernetes-schema.py --check).
final class KubernetesSchemaTests: XCTestCase {
    let schema = KubernetesSchema.builtIn

    func testEveryTypeTheTableNamesIsInIt() {
        XCTAssertGreaterThan(schema.kinds.values.map(\.count).reduce(0, +), 100)
        func check(_ type: KubernetesSchema.FieldType, _ context: String) {
            switch type {
            case .object(let name): XCTAssertNotNil(schema.types[name], "\(context) names \(name), not in the table")
            case .list(let inner), .map(let inner): check(inner, context)
            default: break
            }
        }
        for (apiVersion, kinds) in schema.kinds {
            for (kind, type) in kinds { check(.object(type), "\(apiVersion) \(kind)") }
        }
        for (name, fields) in schema.types {
            for (field, type) in fields { check(type, "\(name).\(field)") }
        }
    }

    func findings(_ check: String, _ fixture: String) throws -> [String] {
        let url = CheckFixtureTests.fixtures.appendingPathComponent("\(check)/\(fixture)")
        let objects = try YAMLInput.objects(from: try String(contentsOf: url, encoding: .utf8), file: fixture)
        return PolicyEngine().evaluate(objects).findings.filter { $0.check == check }.map { "\($0.line ?? 0) \($0.message)" }
    }

    func testUnknownKindsSayWhatWasMeant() throws {
        XCTAssertEqual(try findings("unknown-kind", "fail.yaml"),
                       ["3 kind \"Deploymnet\" is not served by apps/v1 (did you mean \"Deployment\"?)"])
        XCTAssertEqual(try findings("unknown-kind", "fail-version.yaml"),
                       ["2 apps/v2 is not a version the apps API group serves (Deployment is served by apps/v1)"])
    }

    func testUnknownFieldsAreNamedOnTheirLineWithTheClosestField() throws {
        XCTAssertEqual(try findings("unknown-field", "fail.yaml"), [
            "9 unknown field \"replica\" in DeploymentSpec (did you mean \"replicas\"?)",
            "19 unknown field \"imagePullpolicy\" in Container (did you mean \"imagePullPolicy\"?)",
            "20 unknown field \"resourses\" in Container (did you mean \"resources\"?)",
        ])
    }

    func testValuesOfTheWrongTypeAreNamed() throws {
        XCTAssertEqual(try findings("field-type", "fail.yaml"), [
            "9 metadata.labels.version must be a string, not the number 1.0",
            "11 spec.replicas must be an integer, not the string \"2\"",
            "18 spec.template.spec.nodeSelector must be a map, not a list",
            "23 spec.template.spec.containers[0].ports[0].containerPort must be an integer, not the string \"8080\"",
        ])
    }

    func testClosestNeedsMostLettersRight() {
        XCTAssertEqual(KubernetesSchema.closest(to: "resoruces", among: ["resources", "restartPolicy"]), "resources")
        XCTAssertEqual(KubernetesSchema.closest(to: "RESOURCES", among: ["resources", "restartPolicy"]), "resources")
        XCTAssertNil(KubernetesSchema.closest(to: "foo", among: ["image", "name"]))
        XCTAssertEqual(KubernetesSchema.editDistance(Array("ab"), Array("ba")), 1)
        XCTAssertEqual(KubernetesSchema.editDistance(Array(""), Array("abc")), 3)
    }
}
