import ConcurrentWork
import Foundation

/// The output folder as it is on disk, compared with a plan: what would change, what would be
/// deleted, and which files the plan may not touch.
struct TreeState {
    let exists: Bool
    let manifest: OwnershipManifest
    /// Planned files whose bytes differ from disk (or that are missing).
    let changed: [FilePlan.File]
    /// Owned files of the plan's scopes that the plan no longer has.
    let toDelete: [String]
    /// Current contents of every planned or deleted path that exists on disk (not through a
    /// symbolic link).
    let onDisk: [String: String]
    /// Symbolic links on planned or deleted paths (relative path → destination), sorted by path:
    /// gen never writes through them.
    let links: [(path: String, destination: String)]
    let newManifest: OwnershipManifest

    static func read(_ root: URL, plan: FilePlan) throws -> TreeState {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: root.path, isDirectory: &isDir)
        if exists && !isDir.boolValue { throw OutputError("\(root.path) exists and is not a folder") }
        let manifestURL = root.appendingPathComponent(OwnershipManifest.fileName)
        var manifest = OwnershipManifest()
        if let text = try? String(contentsOf: manifestURL, encoding: .utf8) {
            manifest = try OwnershipManifest(parsing: text, source: manifestURL.path)
        }
        /// A path's current contents, or the symbolic link on its way; nil when it does not exist.
        enum Found { case contents(String), link(String, destination: String) }
        func load(_ path: String) throws -> Found? {
            if let found = SymbolicLinks.firstLink(on: path, under: root) { return .link(found.link, destination: found.destination) }
            let url = root.appendingPathComponent(path)
            guard fm.fileExists(atPath: url.path) else { return nil }
            guard let data = fm.contents(atPath: url.path) else { throw OutputError("cannot read \(url.path)") }
            return .contents(String(decoding: data, as: UTF8.self))
        }
        let planned = Set(plan.files.map(\.path))
        let toDelete = manifest.entries.filter { plan.scopes.contains($0.value.scope) && !planned.contains($0.key) }
            .map(\.key).sorted()
        // Read on every core at once (each file on its own), gathered in order.
        let paths = plan.files.map(\.path) + toDelete
        var onDisk: [String: String] = [:]
        var links: [String: String] = [:]
        for (path, found) in zip(paths, try paths.concurrentMap(load)) {
            switch found {
            case .contents(let text)?: onDisk[path] = text
            case .link(let link, let destination)?: links[link] = destination
            case nil: break
            }
        }

        var newManifest = manifest
        for path in toDelete { newManifest.entries[path] = nil }
        let hashes = try plan.files.concurrentMap { OwnershipManifest.hash($0.contents) }
        for (file, hash) in zip(plan.files, hashes) {
            newManifest.entries[file.path] = .init(sha256: hash, scope: file.scope)
        }
        return TreeState(exists: exists, manifest: manifest,
                         changed: plan.files.filter { onDisk[$0.path] != $0.contents },
                         toDelete: toDelete.filter { onDisk[$0] != nil }, onDisk: onDisk,
                         links: links.keys.sorted().map { ($0, links[$0]!) }, newManifest: newManifest)
    }

    /// Refuses to write through symbolic links (unless `force`), to overwrite files gen did not
    /// write, or owned files edited by hand.
    func checkOwnership(force: Bool) throws {
        if !force, let link = links.first {
            throw OutputError("refusing to write through \(link.path): it is a symbolic link (to \(link.destination)), "
                + "and gen writes only inside the output folder. Remove the link, or run with --force to replace "
                + "the link itself (its destination is left alone).")
        }
        // Even a file whose bytes already match is refused: adopting it would let a later run delete it.
        for path in onDisk.keys.sorted() where manifest.entries[path] == nil {
            throw OutputError("refusing to overwrite \(path): gen did not generate it (it is not in "
                + "\(OwnershipManifest.fileName)). Move or delete it, then run gen again.")
        }
        for file in changed {
            guard let current = onDisk[file.path], let entry = manifest.entries[file.path] else { continue }
            if !force && entry.sha256 != OwnershipManifest.hash(current) {
                throw OutputError("refusing to overwrite \(file.path): it was edited by hand since gen wrote it. "
                    + "Put the change in the model (Sources/ or environments/), or run with --force to discard it.")
            }
        }
        for path in toDelete where !force {
            if let current = onDisk[path], manifest.entries[path]?.sha256 != OwnershipManifest.hash(current) {
                throw OutputError("refusing to delete \(path): it was edited by hand since gen wrote it. "
                    + "Run with --force to discard it.")
            }
        }
    }
}
