import ConcurrentWork
import XCTest

/// `concurrentMap` gives what `map` gives: the results in order and,
/// when several pieces of work fail, the first one's error, whichever thread finished first.
final class ConcurrentMapTests: XCTestCase {
    struct Failed: Error, Equatable { var index: Int }

    /// Work whose cost falls with the index, so that later elements tend to finish first.
    func work(_ i: Int, of count: Int) -> Int {
        var x = UInt64(i)
        for _ in 0..<((count - i) * 20) { x = x &* 6364136223846793005 &+ 1442695040888963407 }
        return i &* 31 &+ Int(truncatingIfNeeded: x & 1)
    }

    func testResultsComeInTheCollectionsOrder() throws {
        let items = Array(0..<400)
        for _ in 0..<5 {
            XCTAssertEqual(items.concurrentMap { work($0, of: items.count) }, items.map { work($0, of: items.count) })
        }
        XCTAssertEqual([Int]().concurrentMap { $0 }, [])
        XCTAssertEqual([7].concurrentMap { $0 * 2 }, [14])
    }

    func testTheFirstFailingElementsErrorIsThrown() {
        let items = Array(0..<450)
        for _ in 0..<5 {
            XCTAssertThrowsError(try items.concurrentMap { i -> Int in
                // 400 is cheap and finishes long before 17, which is the one `map` would throw.
                if i == 17 || i == 400 { _ = work(i, of: items.count); throw Failed(index: i) }
                return i
            }) { XCTAssertEqual($0 as? Failed, Failed(index: 17)) }
        }
    }
}
