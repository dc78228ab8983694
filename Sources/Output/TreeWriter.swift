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
/// owned files edited by hand since the last run are not replaced unless `force` is set, and no
/// symbolic link on a written path is followed. One run at a time writes a given output folder
/// (`OutputLock`), and every run removes the temporary trees of runs that died (`TemporaryTrees`).
public struct TreeWriter: Sendable {
    public let outputDirectory: URL
    /// Replace or delete owned files even when they were edited by hand, and replace symbolic
    /// links on written paths by what gen generates (never writing through them).
    public var force = false
    /// How long to wait for another run writing the same output folder, in seconds.
    public var lockTimeout: Double = 60
    /// Where the writer says that it waits for another run (standard error by default).
    public var log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
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
        if SymbolicLinks.isLink(outputDirectory) {
            throw OutputError("refusing to write \(outputDirectory.path): it is a symbolic link; pass --output the "
                + "folder it points to")
        }
        if MountPoint.contains(outputDirectory) { throw MountPoint.error(outputDirectory) }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: outputDirectory.path, isDirectory: &isDir), !isDir.boolValue {
            throw OutputError("\(outputDirectory.path) exists and is not a folder")
        }
        let lock = try OutputLock(outputDirectory, timeout: lockTimeout, log: log)
        do {
            return try write(plan, holding: lock)
        } catch {
            if lock.createdFolder { rmdir(outputDirectory.path) }  // leave no empty folder behind
            throw error
        }
    }

    private func write(_ plan: FilePlan, holding lock: borrowing OutputLock) throws -> Summary {
        let fm = FileManager.default
        let temporary = TemporaryTrees(output: outputDirectory)
        try temporary.removeAll()  // every run, also an up-to-date one, removes dead runs' trees
        let state = try TreeState.read(outputDirectory, plan: plan)
        try state.checkOwnership(force: force)
        if state.changed.isEmpty, state.toDelete.isEmpty, state.manifest == state.newManifest {
            if lock.createdFolder { rmdir(outputDirectory.path) }  // an empty plan writes no folder
            return Summary(written: [], unchanged: plan.files.count, deleted: [])  // up to date: touch nothing
        }

        let temp = temporary.own
        defer { try? TemporaryTrees.remove(temp) }
        do {
            try fm.copyItem(at: outputDirectory, to: temp)
            for link in state.links { try TemporaryTrees.remove(temp.appendingPathComponent(link.path)) }
            for path in state.toDelete {
                try fm.removeItem(at: temp.appendingPathComponent(path))
                try Self.removeEmptyParents(of: path, in: temp)
            }
            var count = 0
            // Each folder is made once: making it for every file stats every part of its path
            // (six stats a file, most failing, in strace).
            var folders = Set<String>()
            for file in state.changed {
                if let limit = failAfterFiles, count >= limit {
                    throw OutputError("injected failure after \(limit) files")
                }
                let url = temp.appendingPathComponent(file.path)
                let folder = url.deletingLastPathComponent()
                if folders.insert(folder.path).inserted {
                    try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                }
                try Durability.write(file.contents.utf8, to: url.path)
                count += 1
            }
            try Durability.write(state.newManifest.text.utf8, to: temp.appendingPathComponent(OwnershipManifest.fileName).path)
            // The whole new tree (written and copied files) reaches the disk before it becomes the output.
            try Durability.syncFilesystem(of: temp)
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError("could not assemble the new tree in \(temp.path): \(error.localizedDescription)")
        }
        // The new tree is locked before it becomes the output, so that no other run starts on it
        // while this one removes the old tree.
        let newTreeLock = try OutputLock.lockNewTree(temp)
        try Self.swap(temp, outputDirectory)
        // The swap itself, on disk. The new tree is in place either way: a failed flush only leaves
        // the rename to the kernel's own writeback.
        try? Durability.syncFolder(outputDirectory.deletingLastPathComponent())
        try? TemporaryTrees.remove(temp)  // the old tree; should this fail, the next run removes it
        _ = consume newTreeLock
        return Summary(written: state.changed.map(\.path), unchanged: plan.files.count - state.changed.count,
                       deleted: state.toDelete)
    }

    /// Puts `temp` in place of `target`; the old tree ends up at `temp`.
    private static func swap(_ temp: URL, _ target: URL) throws {
        guard renameExchange(temp.path, target.path) == 0 else {
            if errno == EBUSY || errno == EXDEV { throw MountPoint.error(target) }
            throw OutputError("could not swap the new tree into \(target.path): \(String(cString: strerror(errno)))")
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
