import Environments
import Foundation
import Generator
import Platform
import SecureMessenger
import TestSupport
import XCTest
import Yams

/// A service whose build inlines configuration (`NodeImage.buildArguments`) is built once per
/// environment with that environment's values, and each environment runs its own build. CI's
/// resolve step runs here with real bash, once per value of its matrix, as GitHub runs it.
final class ImageBuildsTests: XCTestCase {
    var images: [String: Any] = [:]

    override func setUpWithError() throws {
        let file = try XCTUnwrap(try Generator.generate(allEnvironments).plan.files.first { $0.path == ".github/workflows/ci.yml" })
        let jobs = try XCTUnwrap((try Yams.load(yaml: file.contents) as? [String: Any])?["jobs"] as? [String: Any])
        images = try XCTUnwrap(jobs["images"] as? [String: Any])
    }

    /// The outputs the resolve step writes for `build` (`BUILD`), and its exit status.
    func resolve(_ build: String) throws -> (status: Int32, outputs: [String: String]) {
        let steps = try XCTUnwrap(images["steps"] as? [[String: Any]])
        let step = try XCTUnwrap(steps.first { $0["name"] as? String == "Resolve the build" })
        XCTAssertEqual(Set((step["env"] as? [String: Any] ?? [:]).keys), ["BUILD"])
        let output = try temporaryFolder(self).appendingPathComponent("output")
        XCTAssertTrue(FileManager.default.createFile(atPath: output.path, contents: nil))
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [
            "-i", "PATH=/usr/bin:/bin", "BUILD=\(build)", "GITHUB_OUTPUT=\(output.path)",
            "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", try XCTUnwrap(step["run"] as? String),
        ])
        // GitHub's format: name=value, or name<<DELIMITER, lines, DELIMITER.
        var outputs: [String: String] = [:]
        var lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst(), !line.isEmpty {
            if let heredoc = line.firstRange(of: "<<") {
                let delimiter = line[heredoc.upperBound...]
                var value: [Substring] = []
                while let next = lines.popFirst(), next != delimiter { value.append(next) }
                outputs[String(line[..<heredoc.lowerBound])] = value.joined(separator: "\n")
            } else {
                let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                outputs[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
        }
        return (result.status, outputs)
    }

    /// Every image an environment runs is one CI builds, and with that environment's values: the
    /// build whose tags end like the environment's tag passes, as `--build-arg`, each build
    /// argument's value in that environment's configuration.
    func testEachEnvironmentRunsABuildWithItsOwnConfiguration() throws {
        let matrix = try XCTUnwrap((images["strategy"] as? [String: Any])?["matrix"] as? [String: Any])
        let builds = try XCTUnwrap(matrix["build"] as? [String])
        var resolved: [(service: String, suffix: String, args: String)] = []
        for build in builds {
            let (status, outputs) = try resolve(build)
            XCTAssertEqual(status, 0, build)
            resolved.append((try XCTUnwrap(outputs["service"]), try XCTUnwrap(outputs["suffix"]), try XCTUnwrap(outputs["args"])))
        }
        var inlined = 0
        for env in allEnvironments where env.namespace != nil {
            for (service, recipe) in env.product.builtServices {
                let tag = try XCTUnwrap(ProductStack.image(service, env, colour: nil).tag)
                let candidates = resolved.filter { $0.service == service.name && tag.hasSuffix($0.suffix) }
                let build = try XCTUnwrap(candidates.max { $0.suffix.count < $1.suffix.count }, "\(env.name): nothing builds \(service.name):\(tag)")
                let config = ProductStack.workload(service, env).config
                let expected = recipe.buildArguments.map { "\($0)=\(config[$0] ?? "?")" }
                XCTAssertEqual(build.args.split(separator: "\n").map(String.init), expected, "\(env.name) › \(service.name)")
                inlined += expected.count
            }
        }
        XCTAssertGreaterThan(inlined, 0, "the product inlines no configuration: this test checks nothing")
        XCTAssertNotEqual(try resolve("no-such-build").status, 0)
    }

    /// The builder stage declares each build argument, before the build that reads it (an `ARG`
    /// is in the environment of the later `RUN`s of its stage only:
    /// https://docs.docker.com/reference/dockerfile/#arg).
    func testTheBuilderStageDeclaresEachBuildArgumentBeforeTheBuild() throws {
        let files = try Generator.generate(allEnvironments).plan.files
        for (service, recipe) in secureMessenger.builtServices {
            let text = try XCTUnwrap(files.first { $0.path == Dockerfiles.path(service.name) }?.contents)
            let lines = text.split(separator: "\n").map(String.init)
            let builder = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("FROM ") && $0.hasSuffix(" AS builder") })
            let next = lines[(builder + 1)...].firstIndex { $0.hasPrefix("FROM ") } ?? lines.endIndex
            let build = try XCTUnwrap(lines[builder..<next].firstIndex { $0.contains("pnpm --filter ./") && $0.contains(" build") })
            let declared = lines[builder..<build].filter { $0.hasPrefix("ARG ") }.map { String($0.dropFirst(4)) }
            XCTAssertEqual(declared, recipe.buildArguments, service.name)
        }
    }

    /// A build argument the configuration does not set fails generation, naming the environment,
    /// the service and its declaration.
    func testABuildArgumentTheConfigurationLacksIsAnError() throws {
        var product = secureMessenger
        let index = try XCTUnwrap(product.services.firstIndex { if case .built = $0.image { true } else { false } })
        guard case .built(var recipe) = product.services[index].image else { return XCTFail() }
        recipe.buildArguments.append("NEXT_PUBLIC_UNSET")
        product.services[index].image = .built(recipe)
        let service = product.services[index]
        XCTAssertThrowsError(try Generator.generate(environments(of: product))) { error in
            let env = allEnvironments.first { $0.namespace != nil }!
            XCTAssertEqual(String(describing: error),
                           "\(env.name) › \(service.name) › image.buildArguments: NEXT_PUBLIC_UNSET is a build argument, "
                           + "and the service's configuration in \(env.name) does not set it\n  declared at \(service.source)")
        }
    }
}
