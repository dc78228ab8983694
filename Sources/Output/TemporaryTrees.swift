#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The writer's temporary trees beside the output folder: `.<output>.gen-tmp-<pid>`, the new tree
/// while it is assembled and the old one after the swap.
///
/// Only the run holding the output's `OutputLock` creates one, so the run holding the lock knows
/// every other one is debris of a run that died (killed after the swap, say) whether or not that
/// process still exists: a pid may be reused, and a dead run not yet reaped by its parent still
/// answers `kill(pid, 0)`.
struct TemporaryTrees {
    let parent: URL
    let prefix: String

    init(output: URL) {
        parent = output.deletingLastPathComponent()
        prefix = ".\(output.lastPathComponent).gen-tmp-"
    }

    /// This run's temporary tree.
    var own: URL { parent.appendingPathComponent("\(prefix)\(getpid())") }

    /// Removes every temporary tree of this output; call only while holding its lock.
    func removeAll() throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            try Self.remove(parent.appendingPathComponent(name))
        }
    }

    /// Removes `url` and everything below it without following symbolic links, first making
    /// folders writable where needed: a tree copied from a read-only one is read-only too, and a
    /// user who is not root cannot delete the files of a folder without write permission.
    static func remove(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if info.st_mode & 0o700 != 0o700 { chmod(url.path, (info.st_mode & 0o7777) | 0o700) }
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                try remove(url.appendingPathComponent(name))
            }
            guard rmdir(url.path) == 0 else { throw removalError(url) }
        } else {
            guard unlink(url.path) == 0 else { throw removalError(url) }
        }
    }

    private static func removalError(_ url: URL) -> OutputError {
        OutputError("cannot remove \(url.path): \(String(cString: strerror(errno)))")
    }
}
