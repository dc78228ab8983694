#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes a `FilePlan` into the output folder as one atomic change.
///
/// The new tree is assembled in a sibling temporary folder (a copy of the current one, so that
/// hand-written files and other environments' files are kept), then exchanged with the current
/// folder in one `renameat2(RENAME_EXCHANGE)`. A failure at any point before the exchange leaves
/// the current tree byte-identical. Files not listed in `.gen-manifest` are never overwritten,
/// and owned files edited by hand since the last run are not replaced unless `force` is set.
public struct TreeWriter {
    public let outputDirectory: URL
    /// Replace or delete owned files even when they were edited by hand.
    public var force = false
    /// Test hook: throw after writing this many files into the temporary tree.
    public var failAfterFiles: Int?

    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory.standardizedFileURL
    }

    /// What a write changed.
    public struct Summary: Equatable, Sendable {
        public var written: [String]
        public var unchanged: Int
        public var deleted: [String]
    }

    public func write(_ plan: FilePlan) throws -> Summary {
        let fm = FileManager.default
        let parent = outputDirectory.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        // One writer at a time per parent folder: a lock on the folder itself leaves no file behind.
        let lock = open(parent.path, O_RDONLY | O_DIRECTORY)
        guard lock >= 0 else { throw OutputError("cannot open \(parent.path): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            throw OutputError("another gen is writing into \(parent.path); try again when it has finished")
        }
        let state = try TreeState.read(outputDirectory, plan: plan)
        try state.checkOwnership(force: force)
        if state.changed.isEmpty, state.toDelete.isEmpty, state.exists, state.manifest == state.newManifest {
            return Summary(written: [], unchanged: plan.files.count, deleted: [])  // up to date: touch nothing
        }

        let prefix = ".\(outputDirectory.lastPathComponent).gen-tmp-"
        Self.removeAbandonedTemporaryTrees(in: parent, prefix: prefix)
        let temp = parent.appendingPathComponent("\(prefix)\(getpid())")
        try? fm.removeItem(at: temp)
        defer { try? fm.removeItem(at: temp) }
        do {
            if state.exists {
                try fm.copyItem(at: outputDirectory, to: temp)
            } else {
                try fm.createDirectory(at: temp, withIntermediateDirectories: true)
            }
            for path in state.toDelete {
                try fm.removeItem(at: temp.appendingPathComponent(path))
                try Self.removeEmptyParents(of: path, in: temp)
            }
            var count = 0
            for file in state.changed {
                if let limit = failAfterFiles, count >= limit {
                    throw OutputError("injected failure after \(limit) files")
                }
                let url = temp.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
                count += 1
            }
            try Data(state.newManifest.text.utf8).write(to: temp.appendingPathComponent(OwnershipManifest.fileName))
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError("could not assemble the new tree in \(temp.path): \(error.localizedDescription)")
        }
        try Self.swap(temp, outputDirectory, exists: state.exists)
        return Summary(written: state.changed.map(\.path), unchanged: plan.files.count - state.changed.count,
                       deleted: state.toDelete)
    }

    /// Puts `temp` in place of `target`; the old tree ends up at `temp` (removed by the caller).
    private static func swap(_ temp: URL, _ target: URL, exists: Bool) throws {
        if !exists {
            guard rename(temp.path, target.path) == 0 else {
                throw OutputError("could not move the new tree to \(target.path): \(String(cString: strerror(errno)))")
            }
            return
        }
        guard renameExchange(temp.path, target.path) == 0 else {
            throw OutputError("could not swap the new tree into \(target.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes temporary trees left by runs that were killed before they could clean up
    /// (their process no longer exists).
    private static func removeAbandonedTemporaryTrees(in parent: URL, prefix: String) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    private static func removeEmptyParents(of path: String, in root: URL) throws {
        var dir = (path as NSString).deletingLastPathComponent
        let fm = FileManager.default
        while !dir.isEmpty {
            let url = root.appendingPathComponent(dir)
            guard let items = try? fm.contentsOfDirectory(atPath: url.path), items.isEmpty else { return }
            try fm.removeItem(at: url)
            dir = (dir as NSString).deletingLastPathComponent
        }
    }
}

/// `renameat2(…, RENAME_EXCHANGE)`: swaps two paths atomically (Linux ≥ 3.15). Looked up at run
/// time because Glibc's Swift module does not export it.
private func renameExchange(_ a: String, _ b: String) -> Int32 {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "renameat2") else {
        errno = ENOSYS
        return -1
    }
    let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
    let exchange: UInt32 = 1 << 1
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, exchange)
}
