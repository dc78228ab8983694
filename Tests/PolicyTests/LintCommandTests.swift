import Foundation
import Policy
import TestSupport
import XCTest

/// `gen lint` as a user runs it: the built executable on temporary files, checking exit codes
/// (0 clean, 1 findings at or above --fail-on, 2 unreadable input), standard input, kustomize
/// folders, suppressions and the four report formats.
final class LintCommandTests: XCTestCase {
    // MARK: - Running gen

    /// The `gen` executable built beside the test bundle (as in GeneratorTests/Support.swift).
    var genExecutable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("gen").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("gen")
    }

    var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder(self)
        // Missing gen fails (as in GeneratorTests) rather than skips: a skip would hide the suite.
        _ = try XCTUnwrap(FileManager.default.isExecutableFile(atPath: genExecutable.path) ? genExecutable : nil,
                          "no gen executable beside the tests at \(genExecutable.path) (swift build --build-tests builds it)")
    }

    /// Runs `gen ARGUMENTS` in the temporary folder, with `stdin` as standard input (empty by
    /// default), or the file `stdinFile` (a device such as /dev/zero) when given, and `path` as
    /// PATH when given (the tests' own otherwise).
    func gen(_ arguments: [String], stdin: String = "", stdinFile: URL? = nil, path: String? = nil,
             file: StaticString = #filePath, line: UInt = #line) throws -> GenRun
    {
        let input = folder.appendingPathComponent(".stdin-\(UUID().uuidString)")
        try Data(stdin.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = genExecutable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let path { process.environment = ProcessInfo.processInfo.environment.merging(["PATH": path]) { $1 } }
        process.standardInput = try FileHandle(forReadingFrom: stdinFile ?? input)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes at once: a report bigger than a pipe buffer must not block gen.
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.done { usleep(1000) }
        let result = GenRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                   stderr: String(decoding: errData.get(), as: UTF8.self))
        XCTAssertEqual(process.terminationReason, .exit, "gen \(arguments) was killed: \(result.stderr)", file: file, line: line)
        return result
    }

    /// Writes `text` to `name` in the temporary folder (creating folders) and returns `name`.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return name
    }

    /// The JSON report of `gen lint --format json ARGUMENTS`, checked for the documented shape.
    func jsonReport(_ arguments: [String], stdin: String = "", path: String? = nil, file: StaticString = #filePath,
                    line: UInt = #line) throws
        -> (status: Int32, findings: [[String: Any]], suppressed: [[String: Any]])
    {
        let result = try gen(["lint", "--format", "json"] + arguments, stdin: stdin, path: path, file: file, line: line)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let root = try XCTUnwrap(object as? [String: Any], "not a JSON object: \(result.stdout) \(result.stderr)",
                                 file: file, line: line)
        XCTAssertEqual(Set(root.keys), ["findings", "suppressed"], file: file, line: line)
        let findings = try XCTUnwrap(root["findings"] as? [[String: Any]], file: file, line: line)
        let suppressed = try XCTUnwrap(root["suppressed"] as? [[String: Any]], file: file, line: line)
        let keys: Set = ["check", "severity", "object", "file", "line", "path", "message", "remediation"]
        for entry in findings {
            XCTAssertEqual(Set(entry.keys), keys, "\(entry)", file: file, line: line)
        }
        for entry in suppressed {
            XCTAssertEqual(Set(entry.keys), keys.union(["reason"]), "\(entry)", file: file, line: line)
        }
        for entry in findings + suppressed {
            for key in ["check", "severity", "object", "path", "message", "remediation"] {
                XCTAssertNotNil(entry[key] as? String, "\(key) in \(entry)", file: file, line: line)
            }
            XCTAssertTrue(["error", "warning", "info"].contains(entry["severity"] as? String), "\(entry)", file: file, line: line)
            XCTAssertTrue(entry["line"] is Int || entry["line"] is NSNull, "\(entry)", file: file, line: line)
        }
        return (result.status, findings, suppressed)
    }

    /// The check ids `gen checks` lists, one per line before the blank line and the count.
    func listedChecks() throws -> [String] {
        let result = try gen(["checks"])
        XCTAssertEqual(result.status, 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let rows = lines.prefix { !$0.isEmpty }
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(rows.count) checks") }, result.stdout)
        return rows.map { String($0.split(separator: " ")[0]) }
    }

    // MARK: - Inputs

    /// A Deployment that breaks run-as-non-root (an error-severity check) at line 14.
    static let rootDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
              - name: api
                image: registry.example/api:1.0
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}

        """

    /// An object no check has anything to say about.
    static let configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
          labels: {app: api}
        data:
          LOG_LEVEL: info

        """

    /// A ConfigMap whose suppression names no real check: a warning from the engine itself.
    static let warningOnly = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: warned
          namespace: shop
          annotations:
            gen.policy/ignore-no-such-check: "kept from an older version"

        """

    // MARK: - Exit codes

    func testCleanInputExitsZero() throws {
        try write("ok.yaml", Self.configMap)
        let text = try gen(["lint", "ok.yaml"])
        XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
        XCTAssertEqual(text.stderr, "")
        XCTAssertTrue(text.stdout.hasSuffix("0 errors, 0 warnings, 0 info, 0 suppressed\n"), text.stdout)
        let json = try jsonReport(["ok.yaml"])
        XCTAssertEqual(json.status, 0)
        XCTAssertEqual(json.findings.count, 0)
        // No objects at all (a scalar, an empty file) is clean too, not an error.
        try write("empty.yaml", "")
        try write("scalar.yaml", "just text\n")
        XCTAssertEqual(try gen(["lint", "empty.yaml", "scalar.yaml"]).status, 0)
    }

    func testAnErrorFindingExitsOneWithTheFileAndLine() throws {
        try write("root.yaml", Self.rootDeployment)
        let result = try gen(["lint", "root.yaml"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("run-as-non-root  root.yaml:14"), result.stdout)
        let json = try jsonReport(["root.yaml"])
        XCTAssertEqual(json.status, 1)
        let finding = try XCTUnwrap(json.findings.first { $0["check"] as? String == "run-as-non-root" })
        XCTAssertEqual(finding["severity"] as? String, "error")
        XCTAssertEqual(finding["object"] as? String, "Deployment/shop/api")
        XCTAssertEqual(finding["file"] as? String, "root.yaml")
        XCTAssertEqual(finding["line"] as? Int, 14)
        XCTAssertEqual(finding["path"] as? String, "spec.template.spec.containers[0].securityContext.runAsNonRoot")
    }

    func testFailOnNoneExitsZeroAndStillReportsFindings() throws {
        try write("root.yaml", Self.rootDeployment)
        let json = try jsonReport(["--fail-on", "none", "root.yaml"])
        XCTAssertEqual(json.status, 0)
        XCTAssertTrue(json.findings.contains { $0["check"] as? String == "run-as-non-root" })
        let text = try gen(["lint", "--fail-on", "none", "root.yaml"])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("run-as-non-root"))
    }

    func testFailOnWarningCountsWarningsAndAboveOnly() throws {
        try write("warned.yaml", Self.warningOnly)
        let json = try jsonReport(["warned.yaml"])
        XCTAssertEqual(json.findings.map { $0["severity"] as? String }, ["warning"])
        XCTAssertEqual(json.findings.first?["check"] as? String, "suppression-reason")
        XCTAssertEqual(json.findings.first?["line"] as? Int, 7)
        let expected: [(String?, Int32)] = [(nil, 0), ("error", 0), ("warning", 1), ("info", 1), ("none", 0)]
        for (threshold, status) in expected {
            let arguments = ["lint"] + (threshold.map { ["--fail-on", $0] } ?? []) + ["warned.yaml"]
            XCTAssertEqual(try gen(arguments).status, status, "\(arguments)")
        }
        // Errors fail at every threshold but none.
        try write("root.yaml", Self.rootDeployment)
        for threshold in ["error", "warning", "info"] {
            XCTAssertEqual(try gen(["lint", "--fail-on", threshold, "root.yaml"]).status, 1, threshold)
        }
    }

    func testUnreadableInputExitsTwo() throws {
        let missing = try gen(["lint", "missing.yaml"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("missing.yaml"), missing.stderr)
        try Data([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: folder.appendingPathComponent("latin.yaml"))
        let binary = try gen(["lint", "latin.yaml"])
        XCTAssertEqual(binary.status, 2)
        XCTAssertTrue(binary.stderr.contains("latin.yaml"), binary.stderr)
        // Bad options are usage errors, also 2.
        XCTAssertEqual(try gen(["lint", "--format", "xml", "x.yaml"]).status, 2)
        XCTAssertEqual(try gen(["lint", "--fail-on", "sometimes", "x.yaml"]).status, 2)
        XCTAssertEqual(try gen(["lint"]).status, 2)
    }

    func testYAMLSyntaxErrorExitsTwoWithFileAndLineOnStandardError() throws {
        try write("fine.yaml", Self.configMap)
        try write("broken.yaml", Self.configMap + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"unterminated\n")
        let result = try gen(["lint", "fine.yaml", "broken.yaml"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stdout.contains("unreadable-input  broken.yaml:14"), result.stdout)
        // The quote opens on line 13; libyaml finds the problem at the end of the stream (line 14).
        XCTAssertTrue(result.stderr.hasPrefix("error: broken.yaml:14: invalid YAML: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("from line 13"), result.stderr)
        // Tabs, duplicate keys and an unclosed flow sequence: each on its own line.
        let cases: [(String, String)] = [
            ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n", "tabs.yaml:4:"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n", "dup.yaml:4:"),
            ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: [1, 2\n", "flow.yaml:5:"),
        ]
        for (text, location) in cases {
            let name = String(location.prefix { $0 != ":" })
            try write(name, text)
            let result = try gen(["lint", "--format", "json", name])
            XCTAssertEqual(result.status, 2, name)
            XCTAssertTrue(result.stderr.hasPrefix("error: \(location) "), result.stderr)
            XCTAssertFalse(result.stderr.contains("apiVersion"), "the error quotes the input: \(result.stderr)")
        }
    }

    /// A whole repository holds files that are not Kubernetes YAML (Helm templates, duplicate
    /// keys): each is a finding at its line, and every other file is still linted.
    func testUnreadableFilesAreFindingsAndTheRestOfTheFolderIsLinted() throws {
        try write("repo/chart/templates/svc.yaml",
                  "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels:\n    {{- include \"labels\" . | nindent 4 }}\n")
        try write("repo/dup.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n")
        try write("repo/root.yaml", Self.rootDeployment)
        try Data([0x61, 0x3A, 0x20, 0xFF, 0x0A]).write(to: folder.appendingPathComponent("repo/latin.yaml"))
        for failOn in ["error", "none"] {
            let json = try jsonReport(["--fail-on", failOn, "repo", "missing.yaml"])
            XCTAssertEqual(json.status, 2, "unreadable input exits 2 whatever --fail-on says (\(failOn))")
            let unreadable = json.findings.filter { $0["check"] as? String == "unreadable-input" }
            XCTAssertEqual(unreadable.map { "\($0["file"] as? String ?? ""):\($0["line"] as? Int ?? 0)" },
                           ["missing.yaml:0", "repo/chart/templates/svc.yaml:6", "repo/dup.yaml:4", "repo/latin.yaml:1"])
            XCTAssertEqual(Set(unreadable.map { $0["severity"] as? String }), ["error"])
            XCTAssertTrue(json.findings.contains { $0["check"] as? String == "run-as-non-root" && $0["file"] as? String == "repo/root.yaml" },
                          "the readable file is linted: \(json.findings)")
        }
        let text = try gen(["lint", "repo"])
        XCTAssertEqual(text.status, 2)
        XCTAssertTrue(text.stderr.contains("error: repo/dup.yaml:4: invalid YAML: duplicate key \"name\""), text.stderr)
        XCTAssertTrue(text.stdout.contains("run-as-non-root"), text.stdout)
    }

    /// Input is read in chunks up to the limit: an endless standard input is refused in bounded
    /// memory, not read whole first (it used to die with SIGILL at about 1 GB).
    func testEndlessStandardInputIsRefusedInBoundedMemory() throws {
        let start = Date()
        let result = try gen(["lint", "-"], stdinFile: URL(fileURLWithPath: "/dev/zero"))
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "error: <stdin>:1: a document larger than 32 MiB\n")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        // The largest resident size of any child this test process has waited for, in KiB.
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        XCTAssertLessThan(usage.ru_maxrss, 256 << 10, "gen held more than 256 MiB reading /dev/zero")
    }

    func testHostileInputIsRefusedQuicklyWithExitTwo() throws {
        // 9 levels of 9 aliases each: 9^9 nodes once expanded.
        var bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            bomb += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        try write("bomb.yaml", bomb)
        try write("deep.yaml", String(repeating: "[", count: 100_000))
        for name in ["bomb.yaml", "deep.yaml"] {
            let start = Date()
            let result = try gen(["lint", name])
            XCTAssertEqual(result.status, 2, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: \(name):"), result.stderr)
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, name)
        }
    }

    // MARK: - Standard input and folders

    func testStandardInputIsReadAsStdin() throws {
        let json = try jsonReport(["-"], stdin: Self.rootDeployment)
        XCTAssertEqual(json.status, 1)
        let finding = try XCTUnwrap(json.findings.first { $0["check"] as? String == "run-as-non-root" })
        XCTAssertEqual(finding["file"] as? String, "<stdin>")
        XCTAssertEqual(finding["line"] as? Int, 14)
        // Mixed with a file; a syntax error on stdin names <stdin> and the line.
        try write("ok.yaml", Self.configMap)
        XCTAssertEqual(try gen(["lint", "ok.yaml", "-"], stdin: Self.configMap).status, 0)
        let broken = try gen(["lint", "-"], stdin: "a: 1\nb: [\n")
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.hasPrefix("error: <stdin>:3: "), broken.stderr)
        // Empty standard input is no objects, not an error.
        XCTAssertEqual(try gen(["lint", "-"]).status, 0)
    }

    /// Editors on Windows save UTF-8 with a byte order mark; it must not matter on standard
    /// input (where gen keeps the bytes as they are) any more than in a file.
    func testAByteOrderMarkIsIgnoredOnStandardInputAndInFiles() throws {
        let withBOM = "\u{FEFF}" + Self.rootDeployment
        try write("bom.yaml", withBOM)
        for (arguments, stdin) in [(["bom.yaml"], ""), (["-"], withBOM)] {
            let json = try jsonReport(arguments, stdin: stdin)
            XCTAssertEqual(json.status, 1, "\(arguments)")
            XCTAssertEqual(json.findings.first { $0["check"] as? String == "run-as-non-root" }?["line"] as? Int, 14)
        }
    }

    func testWithoutKubectlAFolderSkipsKustomizationFilesAndTheirPatches() throws {
        // The base holds the real objects; the overlay's patches are fragments that would fail
        // checks if they were linted as objects. Both spellings of a kustomization: with
        // apiVersion/kind, and without (kustomize does not require them). Without kubectl on
        // PATH, the fallback of LintKustomizeTests: these kustomizations do not even build (the
        // patches name no namespace), which the raw reading cannot tell.
        let noTools = folder.appendingPathComponent("empty-path").path
        try FileManager.default.createDirectory(atPath: noTools, withIntermediateDirectories: true)
        let patch = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers:
                  - name: api
                    image: registry.example/api:2.0

            """
        try write("app/base/deployment.yaml", Self.rootDeployment)
        try write("app/base/kustomization.yaml", "resources:\n- deployment.yaml\n")
        try write("app/overlay/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [../base]
            patches:
            - path: patches/image.yaml
            - patch: |-
                - op: replace
                  path: /spec/replicas
                  value: 3
              target: {kind: Deployment}
            patchesStrategicMerge:
            - ./legacy.yaml

            """)
        try write("app/overlay/patches/image.yaml", patch)
        try write("app/overlay/legacy.yaml", patch)
        try write("app/bare/kustomization.yml", "resources: [../base]\npatches:\n- path: ../overlay/../bare/p.yaml\n")
        try write("app/bare/p.yaml", patch)
        try write("app/.hidden/ignored.yaml", patch)
        try write("app/notes.txt", "not yaml")

        let json = try jsonReport(["app"], path: noTools)
        let files = Set(json.findings.compactMap { $0["file"] as? String })
        XCTAssertEqual(files, ["app/base/deployment.yaml"], "\(json.findings)")
        XCTAssertEqual(json.status, 1)
        // A patch that is given directly, without its kustomization, is linted like any file.
        let alone = try jsonReport(["app/overlay/patches/image.yaml"], path: noTools)
        XCTAssertEqual(Set(alone.findings.compactMap { $0["file"] as? String }), ["app/overlay/patches/image.yaml"])
        // A trailing slash or ./ prefix on the folder changes nothing.
        for spelling in ["app/", "./app"] {
            let again = try jsonReport([spelling], path: noTools)
            XCTAssertEqual(again.findings.count, json.findings.count, spelling)
            XCTAssertFalse(again.findings.contains { ($0["file"] as? String)?.contains("patch") == true }, spelling)
        }
    }

    // MARK: - Suppressions

    func testASuppressionWithAReasonMovesTheFindingToSuppressed() throws {
        let suppressed = Self.rootDeployment.replacingOccurrences(of: "  namespace: shop\n", with: """
              namespace: shop
              annotations:
                gen.policy/ignore-run-as-non-root: "the image needs root until ticket 42 lands"

            """)
        try write("suppressed.yaml", suppressed)
        let json = try jsonReport(["suppressed.yaml"])
        XCTAssertFalse(json.findings.contains { $0["check"] as? String == "run-as-non-root" }, "\(json.findings)")
        let entry = try XCTUnwrap(json.suppressed.first { $0["check"] as? String == "run-as-non-root" })
        XCTAssertEqual(entry["reason"] as? String, "the image needs root until ticket 42 lands")
        XCTAssertEqual(entry["file"] as? String, "suppressed.yaml")
        XCTAssertEqual(json.status, json.findings.contains { $0["severity"] as? String == "error" } ? 1 : 0)
        // The text report lists it, so that nothing disappears silently.
        let text = try gen(["lint", "suppressed.yaml"])
        XCTAssertTrue(text.stdout.contains("run-as-non-root on Deployment/shop/api: the image needs root"), text.stdout)
    }

    func testASuppressionWithAnEmptyReasonIsAnError() throws {
        for reason in ["\"\"", "\"   \""] {
            let text = Self.rootDeployment.replacingOccurrences(of: "  namespace: shop\n", with: """
                  namespace: shop
                  annotations:
                    gen.policy/ignore-run-as-non-root: \(reason)

                """)
            try write("empty-reason.yaml", text)
            let json = try jsonReport(["empty-reason.yaml"])
            XCTAssertEqual(json.status, 1)
            let problem = try XCTUnwrap(json.findings.first { $0["check"] as? String == "suppression-reason" }, reason)
            XCTAssertEqual(problem["severity"] as? String, "error")
            XCTAssertEqual(problem["line"] as? Int, 7)
            XCTAssertEqual(problem["path"] as? String, "metadata.annotations.gen.policy/ignore-run-as-non-root")
            // And the finding it meant to hide is still reported.
            XCTAssertTrue(json.findings.contains { $0["check"] as? String == "run-as-non-root" }, reason)
            XCTAssertEqual(json.suppressed.count, 0)
        }
    }

    // MARK: - Formats

    func testSARIFHasOneRulePerCheckAndLocatedResults() throws {
        let checks = try listedChecks()
        XCTAssertFalse(checks.isEmpty)
        try write("root.yaml", Self.rootDeployment)
        // The same Deployment, renamed, with a suppression: one line longer, the container on line 15.
        try write("suppressed.yaml", Self.rootDeployment.replacingOccurrences(
            of: "metadata:\n  name: api\n", with: "metadata:\n  name: quiet\n  annotations: {gen.policy/ignore-run-as-non-root: legacy}\n"))
        let result = try gen(["lint", "--format", "sarif", "root.yaml", "suppressed.yaml"])
        XCTAssertEqual(result.status, 1)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(root["version"] as? String, "2.1.0")
        XCTAssertEqual((root["$schema"] as? String)?.contains("sarif-2.1.0"), true)
        let run = try XCTUnwrap((root["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "gen")
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        // One rule per `gen checks` line, in that order, plus the engine's own suppression rule.
        XCTAssertEqual(ruleIDs, checks + ["suppression-reason", "unreadable-input"])
        for rule in rules {
            XCTAssertNotNil((rule["shortDescription"] as? [String: Any])?["text"] as? String, "\(rule)")
            XCTAssertNotNil((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String, "\(rule)")
        }
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertFalse(results.isEmpty)
        for entry in results {
            let ruleID = try XCTUnwrap(entry["ruleId"] as? String)
            let index = try XCTUnwrap(entry["ruleIndex"] as? Int)
            XCTAssertEqual(ruleIDs.indices.contains(index) ? ruleIDs[index] : nil, ruleID)
            XCTAssertTrue(["error", "warning", "note"].contains(entry["level"] as? String))
            let location = try XCTUnwrap((entry["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String
            XCTAssertTrue(["root.yaml", "suppressed.yaml"].contains(uri), "\(location)")
            let startLine = try XCTUnwrap((location["region"] as? [String: Any])?["startLine"] as? Int, "\(entry)")
            XCTAssertGreaterThan(startLine, 0)
            if ruleID == "run-as-non-root" { XCTAssertEqual(startLine, uri == "root.yaml" ? 14 : 15, "\(entry)") }
        }
        let quiet = results.filter { (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            .flatMap { ($0["artifactLocation"] as? [String: Any])?["uri"] as? String } == "suppressed.yaml" }
        let suppression = quiet.first { $0["ruleId"] as? String == "run-as-non-root" }?["suppressions"] as? [[String: Any]]
        XCTAssertEqual(suppression?.first?["justification"] as? String, "legacy")
        XCTAssertEqual(suppression?.first?["kind"] as? String, "inSource")
    }

    func testGitHubFormatPrintsWorkflowCommands() throws {
        try write("root.yaml", Self.rootDeployment)
        try write("warned.yaml", Self.warningOnly)
        let result = try gen(["lint", "--format", "github", "--fail-on", "warning", "root.yaml", "warned.yaml"])
        XCTAssertEqual(result.status, 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertFalse(lines.isEmpty)
        for line in lines {
            XCTAssertTrue(line.hasPrefix("::error file=") || line.hasPrefix("::warning file=") || line.hasPrefix("::notice "),
                          line)
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("::error file=root.yaml,line=14,title=run-as-non-root%3A Deployment/shop/api::") },
                      result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("::warning file=warned.yaml,line=7,title=suppression-reason") }, result.stdout)
        // A message with a newline stays on one line (escaped as %0A).
        XCTAssertEqual(lines.count, result.stdout.filter { $0 == "\n" }.count)
    }

    func testTextFormatGroupsByObjectAndCounts() throws {
        try write("root.yaml", Self.rootDeployment)
        let result = try gen(["lint", "--format", "text", "root.yaml"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("Deployment/shop/api\n"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        XCTAssertTrue(result.stdout.range(of: #"\n\d+ errors, \d+ warnings, \d+ info, 0 suppressed\n$"#, options: .regularExpression) != nil,
                      result.stdout)
    }

    /// Noise seen on real repositories: the fix of a check printed once per object however many
    /// containers it finds, no empty namespace in `Kind//name`, a numeric name shown as written.
    func testTextFormatSaysEachFixOnceAndNamesObjectsAsWritten() throws {
        try write("two.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: !!int 1234
            spec:
              containers:
              - {name: a, image: registry.example/a:1.0}
              - {name: b, image: registry.example/b:1.0}

            """)
        let result = try gen(["lint", "--format", "text", "two.yaml"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("Pod/1234\n"), result.stdout)
        XCTAssertFalse(result.stdout.contains("//"), result.stdout)
        let restricted = try XCTUnwrap(PolicyEngine().checks.first { $0.id == "pod-security-restricted" })
        let findings = result.stdout.components(separatedBy: "pod-security-restricted  two.yaml").count - 1
        XCTAssertGreaterThan(findings, 2, "one per container and pod-level field: \(result.stdout)")
        XCTAssertEqual(result.stdout.components(separatedBy: "fix: \(restricted.remediation)").count - 1, 1, result.stdout)
    }
}

/// What one run of gen printed and how it exited.
struct GenRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Bytes handed from the stderr reader thread to the test.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    var done: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
}
