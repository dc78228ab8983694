import DocumentTree
import KubeModel
import XCTest

final class ProbeTests: XCTestCase {
    private func withLiveness(_ probe: Probe) -> Deployment {
        var c = container()
        c.livenessProbe = probe
        return deployment(container: c)
    }

    func testHTTPProbeTargetsNamedPort() throws {
        let probe = Probe.http("/healthz", port: httpPort, initialDelay: 5, period: 10)
        XCTAssertEqual(probe.portName, "http")
        let node = try probe.document()
        XCTAssertEqual(keys(node), ["httpGet", "initialDelaySeconds", "periodSeconds"])
        XCTAssertEqual(node["httpGet"], .map([("path", .string("/healthz")), ("port", .string("http"))]))
        XCTAssertEqual(node["initialDelaySeconds"], .int(5))
    }

    func testCommandProbe() throws {
        let node = try Probe.command(["pg_isready"], failureThreshold: 3).document()
        XCTAssertEqual(node["exec"], .map([("command", .sequence([.string("pg_isready")]))]))
        XCTAssertEqual(node["failureThreshold"], .int(3))
        XCTAssertNil(Probe.command(["true"]).portName)
    }

    func testTwoHandlersRejected() {
        var probe = Probe.http("/healthz", port: httpPort)
        probe.exec = Probe.command(["true"]).exec
        let error = invalidValue { try document(withLiveness(probe)) }
        XCTAssertEqual(error?.path.description, "spec.template.spec.containers[0].livenessProbe")
        XCTAssertTrue(error?.message.contains("exactly one") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("has 2") ?? false, error?.message ?? "")
    }

    func testNoHandlerRejected() {
        var probe = Probe.command(["true"])
        probe.exec = nil
        let error = invalidValue { try probe.document() }
        XCTAssertTrue(error?.message.contains("has 0") ?? false, error?.message ?? "")
    }

    func testRelativeHTTPPathRejected() {
        let error = invalidValue { try Probe.http("healthz", port: httpPort).document() }
        XCTAssertTrue(error?.message.contains("must start with '/'") ?? false, error?.message ?? "")
    }

    func testNegativeSecondsRejectedWithPath() {
        let error = invalidValue { try document(withLiveness(Probe.http("/h", port: httpPort, period: Seconds(-1)))) }
        XCTAssertEqual(error?.path.description, "spec.template.spec.containers[0].livenessProbe.periodSeconds")
    }
}
