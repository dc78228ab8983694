@testable import Policy
import TestSupport
import XCTest

/// The hand-written scans of `SecretShapes` against the regular expressions they replaced.
final class SecretShapesTests: XCTestCase {

    private static let pieces = ["://", "@", ":", "/", " ", "\n", "\u{A0}", "$(", "${", "X)", "a", "Z", "1", "+", ".", "-",
                                 "é", "postgres", "user", "pw", "host", "s3"]

    func testInlinePasswordScanAgreesWithTheRegex() {
        var random = SplitMix64(seed: 20261206)
        var found = 0
        for _ in 0..<50_000 {
            func piece() -> String { Self.pieces[random.next(Self.pieces.count)] }
            // Half the strings are URL-shaped (scheme://user:password@host, each part sometimes odd).
            let value = random.next(2) == 0
                ? (0..<random.next(12)).map { _ in piece() }.joined()
                : [piece(), ["s3", "postgres", "1a"][random.next(3)], "://", piece(), ":", piece(), piece(), "@", piece(), piece()]
                    .joined()
            let regex = value.matches(of: #/[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^/\s@]+)@[^\s]/#)
                .contains { !$0.output.1.hasPrefix("$(") && !$0.output.1.hasPrefix("${") }
            XCTAssertEqual(SecretShapes.hasInlinePassword(value), regex, value.debugDescription)
            if regex { found += 1 }
        }
        XCTAssertGreaterThan(found, 500, "the generator must reach URLs with passwords often")
    }

    /// Shapes where a failed attempt hides the start of the next URL, or a reference comes first.
    func testInlinePasswordEdgeCases() {
        let cases: [(String, Bool)] = [
            ("postgres://app:s3cret@db:5432/app", true),
            ("postgres://app:$(DB_PASSWORD)@db/app", false),
            ("x://u:p://a:b@c", true),  // the first URL's password runs into the second's scheme
            ("x://u:${P}@h s3://k:v@h", true),  // a reference first, a literal after it
            ("mailto:a@b https://example.org", false),
            ("1://u:p@h", false),  // a scheme starts with a letter
        ]
        for (value, expected) in cases {
            XCTAssertEqual(SecretShapes.hasInlinePassword(value), expected, value)
        }
    }

    func testContainsFindsBytes() {
        XCTAssertTrue(SecretShapes.contains("key: AKIAXXXX", "AKIA"))
        XCTAssertTrue(SecretShapes.contains("AKIA", "AKIA"))
        XCTAssertFalse(SecretShapes.contains("AKI", "AKIA"))
        XCTAssertFalse(SecretShapes.contains("AKIB AKI", "AKIA"))
        XCTAssertTrue(SecretShapes.contains("été ghp_x"[...], "ghp_"))
    }
}
