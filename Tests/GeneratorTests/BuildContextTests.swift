import Components
import KustomizeTree
import Platform
import SecureMessenger
import XCTest

/// What each image's build context holds: the files of a pnpm workspace laid out as the product
/// repository is (`ProductRepository`), passed through the image's generated `.dockerignore` under
/// Docker's rules (`DockerIgnoreRules`). The layout is derived from the model (its services' apps,
/// the folders gen writes) plus an app with no image, which no declaration names.
final class BuildContextTests: XCTestCase {
    /// Why a file of the layout is in a context or not.
    enum Role: Equatable {
        /// The workspace's root files the deps stage copies: in every context.
        case workspace
        /// An app's package.json: in every context (pnpm checks the lockfile against each).
        case manifest
        /// An app's code: in its own image's context only.
        case source(app: String)
        /// Version control, CI, gen's output and package, dependencies, build outputs, logs and
        /// local secrets: in none.
        case excluded
    }

    static let appWithNoImage = ProductRepository.app("an-app-with-no-image")

    /// A repository with every kind of file, each with its role.
    static func layout(_ product: Product) -> [(path: String, role: Role)] {
        let apps = product.builtServices.map { ProductRepository.app($0.service.name) } + [appWithNoImage]
        let local = ["node_modules/dep/package.json", ".next/cache/x", "dist/main.js", "coverage/lcov.info",
                     "npm-debug.log", ".env", ".env.local"]
        return ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"].map { ($0, .workspace) }
            + ([".git/HEAD", ".github/workflows/ci.yml", "\(KustomizeTree.defaultRoot)/base/kustomization.yaml",
                "\(ProductRepository.genPackage)/Package.swift"]
               + product.builtServices.map { Dockerfiles.path($0.service.name) } + local).map { ($0, .excluded) }
            + apps.flatMap { app in
                [("\(app)/package.json", Role.manifest)]
                    + ["src/main.ts", "src/package.json", "README.md"].map { ("\(app)/\($0)", .source(app: app)) }
                    + local.map { ("\(app)/\($0)", .excluded) }
            }
    }

    func testEachContextHoldsItsAppTheWorkspaceManifestsAndNothingElse() throws {
        let product = secureMessenger
        let images = Dictionary(uniqueKeysWithValues: Dockerfiles.images(product).map { ($0.service, $0) })
        let layout = Self.layout(product)
        for (service, _) in product.builtServices {
            let app = ProductRepository.app(service.name)
            let rules = try DockerIgnoreRules(file: try XCTUnwrap(images[service.name]).ignore.render(header: ["generated"]))
            let sent = Set(layout.map(\.path).filter(rules.keeps))
            let expected = Set(layout.filter { [.workspace, .manifest, .source(app: app)].contains($0.role) }.map(\.path))
            XCTAssertEqual(sent.subtracting(expected).sorted(), [], "\(service.name): sent but not needed")
            XCTAssertEqual(expected.subtracting(sent).sorted(), [], "\(service.name): needed but not sent")
        }
    }

    /// An image's patterns do not grow with the number of apps (they did, one pair per other app:
    /// quadratic over the product).
    func testTheIgnoreFileHasAFixedSize() {
        let sizes = Set(Dockerfiles.images(secureMessenger).map(\.ignore.patterns.count)
            + Dockerfiles.images(adding(notifier, calledBy: backend, to: secureMessenger)).map(\.ignore.patterns.count))
        XCTAssertEqual(sizes.count, 2, "\(sizes): PostgreSQL's and every service's")
    }

    /// The emulation against the rules Docker documents, one case per kind of match.
    func testTheRulesAreDockers() throws {
        let cases: [(patterns: [String], path: String, kept: Bool)] = [
            (["*/temp*"], "somedir/temporary.txt", false), (["*/temp*"], "temp", true),
            (["*/*/temp*"], "somedir/subdir/temporary.txt", false), (["temp?"], "tempa", false),
            (["temp?"], "temp", true), (["**/*.go"], "a/b/c.go", false), (["**/*.go"], "c.go", false),
            // The documentation's order example: the last matching line decides.
            (["*.md", "!README*.md", "README-secret.md"], "README.md", true),
            (["*.md", "!README*.md", "README-secret.md"], "README-secret.md", false),
            (["*.md", "!README*.md", "README-secret.md"], "other.md", false),
            // A pattern matching a parent folder matches the files under it.
            (["docs"], "docs/a/b.md", false), (["/docs/"], "docs/a.md", false), (["docs"], "docsx/a.md", true),
            (["dir/**"], "dir/a/b", false), (["dir/**"], "dirx/a", true),
            (["**/node_modules"], "node_modules/x", false), (["**/node_modules"], "a/node_modules/x", false),
            (["**/node_modules"], "a/node_modulesx", true),
            (["a/*/**", "!a/*/keep"], "a/b/keep", true), (["a/*/**", "!a/*/keep"], "a/b/c/keep", false),
            (["a.b"], "aXb", true), (["a[b-d]e"], "ace", false), (["a[b-d]e"], "aae", true),
            (["# comment", "", "  x  "], "x", false), (["**"], "anything/at/all", false),
        ]
        for (patterns, path, kept) in cases {
            XCTAssertEqual(try DockerIgnoreRules(file: patterns.joined(separator: "\n")).keeps(path), kept, "\(patterns) \(path)")
        }
    }
}
