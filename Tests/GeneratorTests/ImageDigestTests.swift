import Foundation
import Platform
import SecureMessenger
import XCTest
import Yams

/// Every base image of the committed Dockerfiles and every job or service container of the
/// committed workflows runs by digest, except the images CI builds itself (which the model
/// declares: the built services and PostgreSQL's image).
final class ImageDigestTests: XCTestCase {
    /// Images CI builds: they have no digest before CI pushes them.
    private var builtByCI: Set<String> {
        Set(secureMessenger.builtServices.map { "\(secureMessenger.registry)/\($0.service.name)" } + [secureMessenger.postgresRepository])
    }

    private let generated = repositoryRoot.appendingPathComponent("generated")

    /// (file, image reference) of every FROM line that names an image rather than an earlier stage.
    private func dockerfileImages() throws -> [(String, String)] {
        let folder = generated.appendingPathComponent("docker")
        var out: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let path = "docker/\(name)/Dockerfile"
            var stages: Set<String> = []
            for line in try String(contentsOf: generated.appendingPathComponent(path), encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("--") }
                guard words.first?.uppercased() == "FROM", words.count >= 2 else { continue }
                if !stages.contains(words[1]) { out.append((path, words[1])) }
                if words.count >= 4, words[2].uppercased() == "AS" { stages.insert(words[3]) }
            }
        }
        return out
    }

    /// (file, image reference) of every job container and service container.
    private func workflowImages() throws -> [(String, String)] {
        let folder = generated.appendingPathComponent(".github/workflows")
        var out: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let path = ".github/workflows/\(name)"
            let text = try String(contentsOf: generated.appendingPathComponent(path), encoding: .utf8)
            let jobs = ((try Yams.load(yaml: text) as? [String: Any])?["jobs"] as? [String: Any]) ?? [:]
            for job in jobs.values.compactMap({ $0 as? [String: Any] }) {
                var containers = [job["container"]]
                containers += ((job["services"] as? [String: Any]) ?? [:]).values.map { $0 as Any? }
                for container in containers.compactMap({ $0 }) {
                    if let image = container as? String ?? (container as? [String: Any])?["image"] as? String {
                        out.append((path, image))
                    }
                }
            }
        }
        return out
    }

    func testEveryImageRunsByDigestExceptThoseCIBuilds() throws {
        let dockerfiles = try dockerfileImages(), workflows = try workflowImages()
        XCTAssertFalse(dockerfiles.isEmpty, "no FROM line found: the parser no longer matches the Dockerfiles")
        XCTAssertFalse(workflows.isEmpty, "no container found: the parser no longer matches the workflows")
        var unpinned: [String] = []
        for (file, reference) in dockerfiles + workflows where !reference.contains("@sha256:") {
            let repository = String(reference.split(separator: ":", maxSplits: 1)[0])
            if builtByCI.contains(repository) { continue }
            unpinned.append("\(file): \(reference)")
        }
        XCTAssertEqual(unpinned, [], "images by tag only: pin them by digest (verified against a public source)")
    }

    /// A digest is 64 lowercase hex digits after `sha256:`; a typo would pull nothing.
    func testDigestsAreWellFormed() throws {
        for (file, reference) in try dockerfileImages() + workflowImages() where reference.contains("@") {
            let digest = reference.split(separator: "@")[1]
            XCTAssertNotNil(digest.wholeMatch(of: /sha256:[0-9a-f]{64}/), "\(file): \(reference)")
        }
    }
}
