#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An exclusive `flock` on the output folder itself, held by the run that writes it.
///
/// The lock is on the folder, not on its parent, so runs writing different outputs in one folder
/// never wait for each other, and it leaves no lock file behind. A run swaps a new folder in
/// place of the locked one, so a run that obtains the lock checks that the folder it locked is
/// still the output and starts again otherwise; the writer locks its new tree before the swap, so
/// the output stays locked until the writer is finished. The kernel drops a `flock` when its
/// process exits, so a killed run, reaped or not (a zombie), never holds it.
struct OutputLock: ~Copyable {
    private let descriptor: Int32
    /// Whether acquiring the lock created the (empty) output folder.
    let createdFolder: Bool

    /// Waits for the lock up to `timeout` seconds, telling `log` once whom it waits for, then
    /// throws naming the output and the holder's pid.
    init(_ output: URL, timeout: Double, log: (String) -> Void) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var announced = false
        var created = false
        while true {
            if mkdir(output.path, 0o777) == 0 {
                created = true
            } else if errno != EEXIST {
                throw OutputError("cannot create \(output.path): \(String(cString: strerror(errno)))")
            }
            let fd = open(output.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                if errno == ENOENT { continue }  // removed by the run that created it: create it again
                throw OutputError("cannot open \(output.path): \(String(cString: strerror(errno)))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                if Self.isCurrent(fd, output) {
                    descriptor = fd
                    createdFolder = created
                    return
                }
                close(fd)  // the holder swapped a new tree in: lock that one
                continue
            }
            let holder = Self.holder(of: fd).map { "pid \($0)" } ?? "pid unknown"
            close(fd)
            if Date() >= deadline {
                throw OutputError("another gen (\(holder)) is still writing \(output.path) after \(Int(timeout)) s; "
                    + "wait for it to finish (or stop it), then run gen again")
            }
            if !announced {
                log("gen: another gen (\(holder)) is writing \(output.path); waiting up to \(Int(timeout)) s\n")
                announced = true
            }
            usleep(100_000)
        }
    }

    /// Locks `folder` (the writer's new tree) with the same lock, before it becomes the output.
    static func lockNewTree(_ folder: URL) throws -> OutputLock {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            if fd >= 0 { close(fd) }
            throw OutputError("cannot lock the new tree \(folder.path): \(String(cString: strerror(errno)))")
        }
        return OutputLock(descriptor: fd)
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        createdFolder = false
    }

    deinit { close(descriptor) }

    private static func isCurrent(_ fd: Int32, _ output: URL) -> Bool {
        var locked = stat(), current = stat()
        return fstat(fd, &locked) == 0 && lstat(output.path, &current) == 0
            && locked.st_dev == current.st_dev && locked.st_ino == current.st_ino
    }

    /// The pid that holds a `flock` on the folder `fd` refers to, read from `/proc/locks`
    /// (`1: FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF`, device numbers in hex).
    private static func holder(of fd: Int32) -> Int32? {
        var info = stat()
        guard fstat(fd, &info) == 0, let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else {
            return nil
        }
        let dev = UInt64(info.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        let id = String(format: "%02llx:%02llx:%llu", major, minor, UInt64(info.st_ino))
        for line in locks.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == id else { continue }
            return Int32(fields[4])
        }
        return nil
    }
}
