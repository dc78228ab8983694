import Components
import Environments
import Foundation
import Generator
import Platform
import SecureMessenger
import TestSupport
import XCTest
import Yams

/// Every image CI builds is scanned and sized before it is pushed (`ImageChecks`), and the size
/// check's script fails exactly over each image's declared budget.
final class ImageChecksTests: XCTestCase {
    private func ci() throws -> [String: [String: Any]] {
        let file = try XCTUnwrap(try Generator.generate(allEnvironments).plan.files.first { $0.path == ".github/workflows/ci.yml" })
        let workflow = try XCTUnwrap(try Yams.load(yaml: file.contents) as? [String: Any])
        return try XCTUnwrap(workflow["jobs"] as? [String: [String: Any]])
    }

    private func steps(_ job: [String: Any]) -> [[String: Any]] { job["steps"] as? [[String: Any]] ?? [] }

    /// In every job that pushes an image: the image is built locally, scanned (HIGH and CRITICAL
    /// fail, the generated ignore file applies) and sized before the push.
    func testEveryPushedImageIsScannedAndSizedFirst() throws {
        let pushing = try ci().filter { _, job in steps(job).contains { ($0["name"] as? String) == "Build and push" } }
        // The built services' matrix job and PostgreSQL's image.
        XCTAssertEqual(pushing.count, 2, "\(pushing.keys.sorted())")
        for (id, job) in pushing {
            let names = steps(job).map { $0["name"] as? String ?? "" }
            let order = try ["Build the image", "Scan the image with Trivy", "Check the image size", "Build and push"].map { name in
                try XCTUnwrap(names.firstIndex(of: name), "\(id): no step \(name)")
            }
            XCTAssertEqual(order, order.sorted(), "\(id): \(names)")
            let scan = try XCTUnwrap(steps(job).first { ($0["name"] as? String) == "Scan the image with Trivy" }?["with"] as? [String: Any])
            XCTAssertEqual(scan["scan-type"] as? String, "image", id)
            XCTAssertEqual(scan["exit-code"] as? String, "1", id)
            XCTAssertEqual(Set((scan["severity"] as? String ?? "").split(separator: ",").map(String.init)), Set(ImageChecks.severities), id)
            XCTAssertEqual(scan["trivyignores"] as? String, ImageChecks.ignoreFile, id)
            let build = try XCTUnwrap(steps(job).first { ($0["name"] as? String) == "Build the image" }?["with"] as? [String: Any])
            XCTAssertEqual(build["push"] as? String, "false", id)
            XCTAssertEqual(build["tags"] as? String, scan["image-ref"] as? String, "\(id): the scan reads what was built")
        }
    }

    /// The size check of the services' job, run with a stand-in `docker` reporting a size: one
    /// byte over a service's budget fails, the budget itself passes.
    func testTheSizeCheckFailsOverEachServicesBudget() throws {
        let job = try XCTUnwrap(try ci().values.first { steps($0).contains { ($0["name"] as? String) == "Check the image size" }
            && $0["strategy"] != nil })
        let step = try XCTUnwrap(steps(job).first { ($0["name"] as? String) == "Check the image size" })
        let script = try XCTUnwrap(step["run"] as? String)
        let dir = try temporaryFolder(self)
        let docker = dir.appendingPathComponent("docker")
        try "#!/bin/bash\nprintf '%s\\n' \"$SIZE\"\n".write(to: docker, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: docker.path)
        XCTAssertFalse(secureMessenger.builtServices.isEmpty)
        for (service, recipe) in secureMessenger.builtServices {
            for (size, expected) in [(recipe.maxSizeMiB * 1_048_576, Int32(0)), (recipe.maxSizeMiB * 1_048_576 + 1, Int32(1))] {
                let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [
                    "-i", "PATH=\(dir.path):/usr/bin:/bin", "SERVICE=\(service.name)", "IMAGE=registry/\(service.name):ci", "SIZE=\(size)",
                    "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script,
                ])
                XCTAssertEqual(result.status, expected, "\(service.name), \(size) bytes: \(result.stdout)")
                if expected == 1 { XCTAssertTrue(result.stdout.contains("over its budget of \(recipe.maxSizeMiB) MiB"), result.stdout) }
            }
        }
    }

    func testAnAcceptedVulnerabilityNeedsAReasonAndAKnownID() throws {
        let ok = try ImageChecks.ignoreFileContents([AcceptedVulnerability("CVE-2026-12345", reason: "not reachable: the\nparser is unused")],
                                                    header: [])
        XCTAssertTrue(ok.hasSuffix("# not reachable: the\n# parser is unused\nCVE-2026-12345\n"), ok)
        let line = #line + 1
        let noReason = AcceptedVulnerability("CVE-2026-12345", reason: " ")
        XCTAssertThrowsError(try ImageChecks.ignoreFileContents([noReason], header: [])) { error in
            XCTAssertTrue("\(error)".contains("has no reason"), "\(error)")
            XCTAssertEqual((error as? ComponentError)?.source?.line, line)
        }
        XCTAssertThrowsError(try ImageChecks.ignoreFileContents([AcceptedVulnerability("CVE-26-1", reason: "r")], header: []))
    }
}
