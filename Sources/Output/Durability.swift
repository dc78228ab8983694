#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writing a tree's files without an fsync each, then making the whole tree durable at once.
///
/// Foundation's `Data.write(to:)` fsyncs every file it writes: 140 fsyncs for the Secure Messenger
/// tree, and most of the write time for a tree of a thousand services. What the atomic swap needs
/// is that the new tree (written files and copied ones alike) is on disk before the rename makes
/// it the output, and that the rename itself is on disk after it: one `syncfs(2)` of the tree's
/// filesystem before the swap, one fsync of the parent folder after it.
enum Durability {
    /// Creates or truncates the file at `path` (mode 0644 before the umask) and writes `bytes`,
    /// without flushing it to disk.
    static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw SystemCallError("could not create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let data = Array(bytes)
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallError("could not write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Flushes every file of the filesystem that holds `folder` (`syncfs(2)`, Linux ≥ 2.6.39).
    static func syncFilesystem(of folder: URL) throws {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("could not open \(folder.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard syncFilesystem(fd) == 0 else { throw SystemCallError("could not flush \(folder.path): \(String(cString: strerror(errno)))") }
    }

    /// `syncfs(2)`, looked up at run time because Glibc's Swift module does not export it.
    private static func syncFilesystem(_ fd: Int32) -> Int32 {
        typealias SyncFS = @convention(c) (Int32) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "syncfs") else {
            errno = ENOSYS
            return -1
        }
        return unsafeBitCast(symbol, to: SyncFS.self)(fd)
    }

    /// Makes a rename inside `folder` durable (fsync of the folder itself).
    static func syncFolder(_ folder: URL) throws {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("could not open \(folder.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemCallError("could not flush \(folder.path): \(String(cString: strerror(errno)))") }
    }
}

/// A failed system call, with the path and the reason (`strerror`): `TreeWriter` says what it
/// was doing around it.
struct SystemCallError: LocalizedError {
    var message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}
