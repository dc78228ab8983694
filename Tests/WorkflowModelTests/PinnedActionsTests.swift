import WorkflowModel
import XCTest

final class PinnedActionsTests: XCTestCase {
    /// A full commit SHA (40 lowercase hex digits: a short or tag-like ref could move) and a
    /// release tag `v<major>.<minor>.<patch>` for each action, each action listed once.
    func testEveryActionIsPinnedToAFullSHAWithItsReleaseTag() {
        let sha = /^[0-9a-f]{40}$/
        let tag = /^v\d+\.\d+\.\d+$/
        for action in PinnedActions.all {
            XCTAssertNotNil(action.sha.wholeMatch(of: sha), "\(action.action): \(action.sha)")
            XCTAssertNotNil(action.version.wholeMatch(of: tag), "\(action.action): \(action.version)")
            XCTAssertEqual(action.reference, "\(action.action)@\(action.sha)")
        }
        XCTAssertEqual(Set(PinnedActions.all.map(\.action)).count, PinnedActions.all.count, "an action listed twice")
        XCTAssertEqual(Set(PinnedActions.all.map(\.sha)).count, PinnedActions.all.count, "two actions share a SHA")
    }

    func testVersionCommentsGoOnPinnedReferencesOnly() {
        let checkout = PinnedActions.checkout
        let yaml = """
            - uses: \(checkout.reference)
              with:
                note: uses: \(checkout.reference)x
            - uses: actions/other@v1
            """
        XCTAssertEqual(PinnedActions.annotatingVersions(yaml), """
            - uses: \(checkout.reference) # \(checkout.version)
              with:
                note: uses: \(checkout.reference)x
            - uses: actions/other@v1
            """)
    }
}
