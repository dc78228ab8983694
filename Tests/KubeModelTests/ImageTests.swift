import DocumentTree
import KubeModel
import XCTest

final class ImageTests: XCTestCase {
    private let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)

    func testDescription() {
        XCTAssertEqual(Image("nginx").description, "nginx")
        XCTAssertEqual(Image("ghcr.io/acme/web", tag: "1.2.3").description, "ghcr.io/acme/web:1.2.3")
        XCTAssertEqual(Image("ghcr.io/acme/web", tag: "1.2.3", digest: digest).description,
                       "ghcr.io/acme/web:1.2.3@\(digest)")
        XCTAssertEqual(Image("ghcr.io/acme/web", digest: digest).description, "ghcr.io/acme/web@\(digest)")
    }

    func testValidImages() {
        XCTAssertNil(Image("ghcr.io/acme/web", tag: "v1.2.3-rc_1").problem)
        XCTAssertNil(Image("registry:5000/acme/web", tag: "latest", digest: digest).problem)
    }

    func testUppercaseRepositoryRejected() throws {
        let problem = try XCTUnwrap(Image("ghcr.io/Acme/web", tag: "1").problem)
        XCTAssertTrue(problem.contains("lowercase"), problem)
        XCTAssertNotNil(Image("", tag: "1").problem)
        XCTAssertNotNil(Image("acme/ web").problem)
    }

    func testBadTagsRejected() {
        XCTAssertNotNil(Image("web", tag: "").problem)
        XCTAssertNotNil(Image("web", tag: ".hidden").problem)
        XCTAssertNotNil(Image("web", tag: "-dash").problem)
        XCTAssertNotNil(Image("web", tag: "a/b").problem)
        XCTAssertNotNil(Image("web", tag: String(repeating: "t", count: 129)).problem)
        XCTAssertNil(Image("web", tag: String(repeating: "t", count: 128)).problem)
    }

    func testBadDigestsRejected() throws {
        XCTAssertNotNil(Image("web", digest: "sha256:abc").problem, "too short")
        XCTAssertNotNil(Image("web", digest: digest.uppercased().replacingOccurrences(of: "SHA256", with: "sha256")).problem,
                        "uppercase hex")
        XCTAssertNotNil(Image("web", digest: "sha512:" + String(repeating: "a", count: 64)).problem)
        XCTAssertNotNil(Image("web", digest: "sha256:" + String(repeating: "g", count: 64)).problem)
        let problem = try XCTUnwrap(Image("web", digest: "sha256:abc").problem)
        XCTAssertTrue(problem.contains("64 lowercase hex"), problem)
    }

    func testEncodingInvalidImageReportsContainerImagePath() {
        let error = invalidValue { try document(deployment(container: container(image: Image("Backend", tag: "1")))) }
        XCTAssertEqual(error?.path.description, "spec.template.spec.containers[0].image")
        XCTAssertTrue(error?.message.contains("invalid image reference") ?? false)
    }

    func testEncodesAsSingleString() throws {
        XCTAssertEqual(try Image("web", tag: "1.0").document(), .string("web:1.0"))
    }
}
