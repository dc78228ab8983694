import DockerfileModel
import XCTest

final class DockerfileTests: XCTestCase {
    let base = BaseImage("node", tag: "24-alpine3.22")

    func testRendersStagesInExecFormWithANumericUser() throws {
        let build = Stage("build", from: base, [.workdir("/app"), .run(["npm ci", "&& npm run build"])])
        let runtime = Stage("runtime", comment: "Runtime", from: BaseImage("node", tag: "24-alpine3.22", digest: "sha256:abc"), [
            .env([("A", "x \"y\"")]),
            .copy(from: build, sources: ["/app/dist"], destination: "."),
            .user(1001),
            .healthcheck(intervalSeconds: 30, timeoutSeconds: 5, startPeriodSeconds: 10, retries: 3, command: ["node", "-e", "1"]),
            .cmd(["node", "main.js"]),
        ])
        XCTAssertEqual(try Dockerfile(stages: [build, runtime]).render(header: ["generated"]), """
            # generated

            FROM node:24-alpine3.22 AS build
            WORKDIR /app
            RUN npm ci \\
                && npm run build

            # Runtime
            FROM node:24-alpine3.22@sha256:abc AS runtime
            ENV A="x \\"y\\""
            COPY --from=build /app/dist .
            USER 1001:1001
            HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "1"]
            CMD ["node", "main.js"]

            """)
    }

    func testACopyFromALaterStageIsRefused() {
        let later = Stage("later", from: base, [])
        let first = Stage("first", from: base, [.copy(from: later, sources: ["/x"], destination: "/x"), .user(1001)])
        XCTAssertThrowsError(try Dockerfile(stages: [first, later]).render(header: [])) { error in
            XCTAssertEqual("\(error)", "stage first copies from later, which is not an earlier stage")
        }
    }

    func testTheImageMustEndAsANonRootUser() {
        for instructions: [Instruction] in [[], [.user(0)], [.user(1001), .user(0)]] {
            XCTAssertThrowsError(try Dockerfile(stages: [Stage("runtime", from: base, instructions)]).render(header: [])) {
                XCTAssertEqual("\($0)", "the runtime stage runtime must end as a non-root numeric USER")
            }
        }
    }

    func testDockerIgnoreKeepsOrderAndHeader() {
        XCTAssertEqual(DockerIgnore(["**/node_modules", "apps/web/**", "!apps/web/package.json"]).render(header: ["h"]),
                       "# h\n**/node_modules\napps/web/**\n!apps/web/package.json\n")
    }
}
