import Foundation
import Output
import XCTest

final class TreeWriterTests: OutputTestCase {
    private lazy var basePlan = FilePlan(files: [
        file("prod/deployment.yaml", "kind: Deployment\n"),
        file("shared/namespace.yaml", "kind: Namespace\n", scope: "shared"),
        file("prod/service.yaml", "kind: Service\n"),
    ], scopes: ["prod", "shared"])

    func testWritesPlanAndManifestIntoNewFolder() throws {
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.path))
        let summary = try writer.write(basePlan)
        XCTAssertEqual(summary.written, ["prod/deployment.yaml", "prod/service.yaml", "shared/namespace.yaml"])
        XCTAssertEqual(summary.unchanged, 0)
        XCTAssertEqual(summary.deleted, [])
        XCTAssertEqual(try read("prod/deployment.yaml"), "kind: Deployment\n")
        XCTAssertEqual(try read("shared/namespace.yaml"), "kind: Namespace\n")
        let entries = try manifest().entries
        XCTAssertEqual(Set(entries.keys), ["prod/deployment.yaml", "prod/service.yaml", "shared/namespace.yaml"])
        XCTAssertEqual(entries["shared/namespace.yaml"]?.scope, "shared")
        XCTAssertEqual(entries["prod/service.yaml"]?.scope, "prod")
        XCTAssertEqual(entries["prod/service.yaml"]?.sha256, OwnershipManifest.hash("kind: Service\n"))
        XCTAssertEqual(Set(try snapshot().keys), [".gen-manifest", "prod/", "shared/", "prod/deployment.yaml",
                                                  "prod/service.yaml", "shared/namespace.yaml"])
        XCTAssertEqual(try parentListing(), ["out"], "temporary tree left behind")
    }

    func testSecondWriteOfSamePlanWritesNothing() throws {
        _ = try writer.write(basePlan)
        let before = try snapshot()
        let summary = try writer.write(basePlan)
        XCTAssertEqual(summary.written, [])
        XCTAssertEqual(summary.unchanged, 3)
        XCTAssertEqual(summary.deleted, [])
        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(try parentListing(), ["out"])
    }

    func testUpToDateTreeIsNotReplaced() throws {
        _ = try writer.write(basePlan)
        let inode = { try FileManager.default.attributesOfItem(atPath: self.root.path)[.systemFileNumber] as? NSNumber }
        let before = try inode()
        XCTAssertNotNil(before)
        XCTAssertEqual(try writer.write(basePlan).written, [])
        XCTAssertEqual(try inode(), before, "the output folder was swapped although nothing changed")

        var files = basePlan.files
        files[0].contents = "changed\n"
        _ = try writer.write(FilePlan(files: files, scopes: basePlan.scopes))
        XCTAssertNotEqual(try inode(), before, "a real change goes through the folder exchange")
    }

    func testChangedFileIsRewrittenAndOnlyItIsReported() throws {
        _ = try writer.write(basePlan)
        var files = basePlan.files
        files[0].contents = "kind: Deployment\nreplicas: 3\n"
        let summary = try writer.write(FilePlan(files: files, scopes: basePlan.scopes))
        XCTAssertEqual(summary.written, ["prod/deployment.yaml"])
        XCTAssertEqual(summary.unchanged, 2)
        XCTAssertEqual(try read("prod/deployment.yaml"), "kind: Deployment\nreplicas: 3\n")
        XCTAssertEqual(try manifest().entries["prod/deployment.yaml"]?.sha256,
                       OwnershipManifest.hash("kind: Deployment\nreplicas: 3\n"))
    }

    func testRemovedFileDeletedOnlyWithinPlanScopes() throws {
        _ = try writer.write(FilePlan(files: [
            file("prod/a.yaml", "a\n"), file("prod/b.yaml", "b\n"),
            file("staging/c.yaml", "c\n", scope: "staging"), file("shared/d.yaml", "d\n", scope: "shared"),
        ], scopes: ["prod", "staging", "shared"]))

        // A prod-only run that no longer has prod/b.yaml: staging and shared files are not its business.
        let summary = try writer.write(FilePlan(files: [file("prod/a.yaml", "a\n")], scopes: ["prod"]))
        XCTAssertEqual(summary.deleted, ["prod/b.yaml"])
        XCTAssertFalse(exists("prod/b.yaml"))
        XCTAssertEqual(try read("prod/a.yaml"), "a\n")
        XCTAssertEqual(try read("staging/c.yaml"), "c\n")
        XCTAssertEqual(try read("shared/d.yaml"), "d\n")
        XCTAssertEqual(Set(try manifest().entries.keys), ["prod/a.yaml", "staging/c.yaml", "shared/d.yaml"])

        // A staging run with nothing left deletes its file and the folder it leaves empty.
        let staging = try writer.write(FilePlan(files: [], scopes: ["staging"]))
        XCTAssertEqual(staging.deleted, ["staging/c.yaml"])
        XCTAssertFalse(exists("staging"))
        XCTAssertEqual(try read("shared/d.yaml"), "d\n")
        XCTAssertEqual(Set(try manifest().entries.keys), ["prod/a.yaml", "shared/d.yaml"])
    }

    func testFileOfAnotherScopeIsNotDeletedEvenIfPlanOmitsIt() throws {
        _ = try writer.write(basePlan)
        let summary = try writer.write(FilePlan(files: [], scopes: ["prod"]))
        XCTAssertEqual(summary.deleted, ["prod/deployment.yaml", "prod/service.yaml"])
        XCTAssertEqual(try read("shared/namespace.yaml"), "kind: Namespace\n")
        XCTAssertFalse(exists("prod"))
    }

    func testHandWrittenFilesSurviveEveryWrite() throws {
        try put("README.md", "# Hand written\n")
        try put("prod/notes.txt", "keep me\n")
        try put("prod/.hidden", "dot\n")
        let handWritten = try snapshot()

        _ = try writer.write(basePlan)
        _ = try writer.write(FilePlan(files: [file("prod/service.yaml", "v2\n")], scopes: ["prod", "shared"]))
        _ = try writer.write(FilePlan(files: [], scopes: ["prod", "shared", "staging"]))

        let after = try snapshot()
        for (path, bytes) in handWritten {
            XCTAssertEqual(after[path], bytes, "\(path) changed or disappeared")
        }
        XCTAssertEqual(try manifest().entries, [:])
        XCTAssertFalse(exists("prod/service.yaml"))
        XCTAssertFalse(exists("shared"))
    }

    func testRefusesToOverwriteHandWrittenFileAndLeavesTreeUntouched() throws {
        _ = try writer.write(FilePlan(files: [file("prod/service.yaml", "kind: Service\n")], scopes: ["prod"]))
        try put("prod/deployment.yaml", "my own deployment\n")
        let before = try snapshot()

        let error = outputError { try writer.write(basePlan) }
        XCTAssertTrue(error?.description.contains("prod/deployment.yaml") ?? false, error?.description ?? "")
        XCTAssertTrue(error?.description.contains("did not generate") ?? false, error?.description ?? "")
        XCTAssertEqual(try snapshot(), before)
        XCTAssertEqual(try parentListing(), ["out"])

        var forced = writer
        forced.force = true
        XCTAssertNotNil(outputError { try forced.write(basePlan) }, "force must not take over files gen never wrote")
        XCTAssertEqual(try snapshot(), before)
    }

    func testRefusesHandEditedOwnedFileUnlessForced() throws {
        _ = try writer.write(basePlan)
        try put("prod/service.yaml", "kind: Service\n# tweaked by hand\n")
        let before = try snapshot()

        let error = outputError { try writer.write(basePlan) }
        XCTAssertTrue(error?.description.contains("prod/service.yaml") ?? false, error?.description ?? "")
        XCTAssertTrue(error?.description.contains("edited by hand") ?? false, error?.description ?? "")
        XCTAssertEqual(try snapshot(), before)

        var forced = writer
        forced.force = true
        let summary = try forced.write(basePlan)
        XCTAssertEqual(summary.written, ["prod/service.yaml"])
        XCTAssertEqual(try read("prod/service.yaml"), "kind: Service\n")
        XCTAssertEqual(try writer.write(basePlan).written, [], "manifest should match again after the forced write")
    }

    func testRefusesToDeleteHandEditedOwnedFileUnlessForced() throws {
        _ = try writer.write(basePlan)
        try put("prod/service.yaml", "edited\n")
        let before = try snapshot()
        let withoutService = FilePlan(files: basePlan.files.filter { $0.path != "prod/service.yaml" }, scopes: basePlan.scopes)

        let error = outputError { try writer.write(withoutService) }
        XCTAssertTrue(error?.description.contains("refusing to delete prod/service.yaml") ?? false, error?.description ?? "")
        XCTAssertEqual(try snapshot(), before)

        var forced = writer
        forced.force = true
        XCTAssertEqual(try forced.write(withoutService).deleted, ["prod/service.yaml"])
        XCTAssertFalse(exists("prod/service.yaml"))
    }

    func testOwnedFileDeletedByHandIsRewrittenAndNotReportedDeleted() throws {
        _ = try writer.write(basePlan)
        try FileManager.default.removeItem(at: root.appendingPathComponent("prod/service.yaml"))
        let summary = try writer.write(basePlan)
        XCTAssertEqual(summary.written, ["prod/service.yaml"])
        XCTAssertEqual(try read("prod/service.yaml"), "kind: Service\n")
    }

    func testRefusesWhenOutputPathIsAFile() throws {
        try Data("x".utf8).write(to: root)
        let error = outputError { try writer.write(basePlan) }
        XCTAssertTrue(error?.description.contains("is not a folder") ?? false, error?.description ?? "")
        XCTAssertEqual(try Data(contentsOf: root), Data("x".utf8))
    }
}
