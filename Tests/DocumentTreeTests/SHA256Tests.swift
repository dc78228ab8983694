@testable import DocumentTree
import Foundation
import XCTest

final class SHA256Tests: XCTestCase {
    private func hex(_ s: String) -> String { SHA256.hex(Array(s.utf8)) }

    func testFIPSVectors() {
        XCTAssertEqual(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Lengths around the 55/56/64-byte padding boundaries (checked against sha256sum).
    func testPaddingBoundaries() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            1000: "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
        ]
        for (n, digest) in expected {
            XCTAssertEqual(hex(String(repeating: "a", count: n)), digest, "length \(n)")
        }
    }

    func testHashesUTF8Bytes() {
        XCTAssertEqual(hex("é"), "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c")
    }
}

extension SHA256Tests {
    /// Every length from 0 to 300 bytes (each padding case, one to five blocks) and one of 1 MiB,
    /// of pseudo-random bytes, against the system's sha256sum; the String entry point agrees.
    func testAgreesWithSha256sumOnRandomBytes() throws {
        let tool = URL(fileURLWithPath: "/usr/bin/sha256sum")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else { throw XCTSkip("no /usr/bin/sha256sum") }
        var state: UInt64 = 0x9e3779b97f4a7c15
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var inputs: [[UInt8]] = (0...300).map { n in (0..<n).map { _ in next() } }
        inputs.append((0..<(1 << 20)).map { _ in next() })
        var paths: [String] = []
        for (i, bytes) in inputs.enumerated() {
            let file = folder.appendingPathComponent("\(i)")
            try Data(bytes).write(to: file)
            paths.append(file.path)
        }
        let process = Process()
        process.executableURL = tool
        process.arguments = paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = output.split(separator: "\n").map { String($0.prefix(64)) }
        XCTAssertEqual(expected.count, inputs.count)
        for (i, bytes) in inputs.enumerated() where i < expected.count {
            XCTAssertEqual(SHA256.hex(bytes), expected[i], "\(bytes.count) bytes")
        }
        XCTAssertEqual(SHA256.hex("é, \u{1F600} and ASCII"), SHA256.hex(Array("é, \u{1F600} and ASCII".utf8)))
    }
}
