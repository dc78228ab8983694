import Foundation
import XCTest

/// The error of type `E` that `body` throws; fails the test when it throws nothing or another error.
public func expectError<E: Error>(_ type: E.Type, _ body: () throws -> Any,
                                  file: StaticString = #filePath, line: UInt = #line) -> E? {
    do {
        let result = try body()
        XCTFail("expected \(E.self), got \(result)", file: file, line: line)
    } catch let error as E {
        return error
    } catch {
        XCTFail("expected \(E.self), got \(error)", file: file, line: line)
    }
    return nil
}

/// A fresh temporary folder, removed when the test ends.
public func temporaryFolder(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gen-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Every file and folder under `base` (hidden ones included): relative path → bytes, folders as
/// `path/` → empty. Two equal snapshots mean a byte-identical tree.
public func snapshot(_ base: URL) throws -> [String: Data] {
    let fm = FileManager.default
    var out: [String: Data] = [:]
    guard fm.fileExists(atPath: base.path), let walker = fm.enumerator(atPath: base.path) else { return out }
    while let relative = walker.nextObject() as? String {
        let full = base.appendingPathComponent(relative)
        var isDir: ObjCBool = false
        _ = fm.fileExists(atPath: full.path, isDirectory: &isDir)
        out[isDir.boolValue ? relative + "/" : relative] = isDir.boolValue ? Data() : try Data(contentsOf: full)
    }
    return out
}

public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program to completion, capturing its output.
public func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// Finds a program on PATH (`make test` puts the project's tools, .tools/bin, first).
public func which(_ name: String) -> URL? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
}
