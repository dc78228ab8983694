import Environments
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MonitoringModel
import Render
import Platform
import SecureMessenger
import TestSupport
import XCTest

/// The generated rules in the real Prometheus, and alerts through the real Alertmanager with the
/// generated routing (Debian's `prometheus` and `prometheus-alertmanager`, on loopback).
final class RealServersTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var rulesFolder: URL { repository.appendingPathComponent("generated/monitoring/prometheus/rules") }
    var processes: [Process] = []

    override func tearDown() {
        for p in processes where p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
        processes = []
    }

    /// Every rule of every committed rules file loads and evaluates with health `ok`.
    func testEveryGeneratedRuleLoadsAndEvaluatesInPrometheus() throws {
        let dir = try temporaryFolder(self)
        let port = try freePorts(1)[0]
        let ruleFiles = try FileManager.default.contentsOfDirectory(atPath: rulesFolder.path).filter { $0.hasSuffix(".rules.yml") }.sorted()
        XCTAssertEqual(ruleFiles, ["cluster.rules.yml"] + allEnvironments.map { "\($0.name).rules.yml" }.sorted())
        try startPrometheus(port: port, ruleFiles: ruleFiles.map { rulesFolder.appendingPathComponent($0).path },
                            alertmanager: nil, in: dir)
        let expected = (try allEnvironments.map(Monitoring.environmentRules) + [Monitoring.clusterRules(secureMessenger)])
            .reduce(0) { $0 + $1.file.alerts.count + $1.file.recordings.count }
        var rules: [[String: Any]] = []
        try waitFor("every rule evaluated once", timeout: 30) {
            let body = try self.getJSON("http://127.0.0.1:\(port)/api/v1/rules")
            let groups = (body["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
            rules = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
            return rules.count == expected && rules.allSatisfy { ($0["lastEvaluation"] as? String)?.hasPrefix("0001") == false }
        }
        XCTAssertEqual(rules.count, expected)
        for rule in rules {
            XCTAssertEqual(rule["health"] as? String, "ok", "\(rule["name"] ?? "?"): \(rule["lastError"] ?? "")")
        }
    }

    /// The Watchdog (routed on its name) and BackupFailed (critical: no backup was ever reported
    /// to this Prometheus, so `absent()` fires at once) travel Prometheus → Alertmanager with the
    /// generated routes and inhibitions → a stand-in run by this test. Every receiver keeps its
    /// generated kind: each Slack receiver reads its own webhook URL from its own file (pointed at
    /// the stand-in, one path per receiver), the Watchdog's webhook sends the bearer token read from
    /// its file. Alerts posted to Alertmanager's API check the warning route and the WAL inhibition.
    func testAlertsReachTheirReceiversThroughTheGeneratedRouting() throws {
        let dir = try temporaryFolder(self)
        let ports = try freePorts(3)
        let (amPort, promPort, hookPort) = (ports[0], ports[1], ports[2])
        let received = dir.appendingPathComponent("received.jsonl")
        try startWebhook(port: hookPort, output: received, in: dir)

        var config = Alerting.config(secureMessenger)
        let token = "token-\(UInt32.random(in: 0...UInt32.max))"
        config.receivers = try config.receivers.map { receiver in
            var r = receiver
            let hook = "http://127.0.0.1:\(hookPort)/\(receiver.name)"
            r.slack = try r.slack.map { slack in
                var s = slack
                s.apiURLFile = dir.appendingPathComponent("\(receiver.name).url").path
                try hook.write(toFile: s.apiURLFile, atomically: true, encoding: .utf8)
                return s
            }
            r.webhooks = try r.webhooks.map { webhook in
                var w = webhook
                w.url = hook
                if w.credentialsFile != nil {
                    w.credentialsFile = dir.appendingPathComponent("\(receiver.name).token").path
                    try token.write(toFile: w.credentialsFile!, atomically: true, encoding: .utf8)
                }
                return w
            }
            return r
        }
        XCTAssertNil(config.problem)
        let amConfig = dir.appendingPathComponent("alertmanager.yml")
        try YAMLRenderer.render(config.document).write(to: amConfig, atomically: true, encoding: .utf8)
        try start("/usr/bin/prometheus-alertmanager", ["--config.file=\(amConfig.path)", "--storage.path=\(dir.path)/am",
                                                       "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address="])
        try waitFor("Alertmanager ready", timeout: 20) { (try? self.get("http://127.0.0.1:\(amPort)/-/ready")) != nil }

        // WAL uploads failing past the RPO in production (the page inhibits production's warning),
        // and failing briefly in staging (nothing inhibits that one).
        func alert(_ name: String, _ severity: Severity, _ namespace: String) -> [String: Any] {
            ["labels": ["alertname": name, "severity": severity.rawValue, "namespace": namespace]]
        }
        let posted = [alert(Alerts.walArchiveBehindRPOName, .critical, "production"),
                      alert(Alerts.walArchivingFailingName, .warning, "production"),
                      alert(Alerts.walArchivingFailingName, .warning, "staging")]
        let alertsFile = dir.appendingPathComponent("alerts.json")
        try JSONSerialization.data(withJSONObject: posted).write(to: alertsFile)
        let post = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [
            "curl", "-fsS", "-H", "Content-Type: application/json", "--data-binary", "@\(alertsFile.path)",
            "http://127.0.0.1:\(amPort)/api/v2/alerts"])
        XCTAssertEqual(post.status, 0, post.stderr)

        try startPrometheus(port: promPort, ruleFiles: ["production.rules.yml", "cluster.rules.yml"].map { rulesFolder.appendingPathComponent($0).path },
                            alertmanager: "127.0.0.1:\(amPort)", in: dir)

        var deliveries: [Delivery] = []
        func titles(_ path: String) -> [String] {
            deliveries.filter { $0.path == path }.flatMap { slackAttachments($0.payload).compactMap { $0["title"] as? String } }
        }
        // The critical route waits the generated group_wait (30 s) before its first notification.
        try waitFor("Watchdog, BackupFailed, the WAL page and staging's WAL warning delivered", timeout: 90) {
            deliveries = try self.readDeliveries(received)
            return deliveries.contains { $0.path == "/\(Alerting.watchdogReceiver)" }
                && titles("/\(Alerting.pageReceiver)").contains { $0.contains("BackupFailed in production") }
                && titles("/\(Alerting.pageReceiver)").contains { $0.contains("\(Alerts.walArchiveBehindRPOName) in production") }
                && titles("/\(Alerting.ticketReceiver)").contains { $0.contains("\(Alerts.walArchivingFailingName) in staging") }
        }
        let watchdog = try XCTUnwrap(deliveries.first { $0.path == "/\(Alerting.watchdogReceiver)" })
        XCTAssertEqual(watchdog.payload["receiver"] as? String, Alerting.watchdogReceiver)
        XCTAssertEqual(watchdog.payload["status"] as? String, "firing")
        XCTAssertEqual(labels(of: watchdog.payload), [["alertname": "Watchdog", "severity": "none", "cluster": secureMessenger.app]])
        XCTAssertEqual(watchdog.authorization, "Bearer \(token)", "the token read from the Watchdog's credentials file")

        // Each Slack receiver posts with the URL of its own file, to its own channel.
        for (receiver, channel) in [(Alerting.pageReceiver, secureMessenger.operations.pageChannel), (Alerting.ticketReceiver, secureMessenger.operations.ticketChannel)] {
            let posts = deliveries.filter { $0.path == "/\(receiver)" }
            XCTAssertFalse(posts.isEmpty, receiver)
            XCTAssertTrue(posts.allSatisfy { $0.payload["channel"] as? String == channel }, "\(receiver): \(posts.map(\.payload))")
        }
        let page = try XCTUnwrap(deliveries.first { delivery in
            delivery.path == "/\(Alerting.pageReceiver)"
                && slackAttachments(delivery.payload).contains { ($0["title"] as? String)?.contains("BackupFailed") == true }
        })
        XCTAssertTrue(slackText(page.payload).contains("Runbook: \(Runbooks(secureMessenger).url("BackupFailed"))"), slackText(page.payload))
        XCTAssertFalse(titles("/\(Alerting.ticketReceiver)").contains { $0.contains("\(Alerts.walArchivingFailingName) in production") },
                       "WALArchiveBehindRPO inhibits WALArchivingFailing in its namespace: \(titles("/\(Alerting.ticketReceiver)"))")
    }

    // MARK: Helpers

    func labels(of payload: [String: Any]) -> [[String: String]] {
        (payload["alerts"] as? [[String: Any]] ?? []).compactMap { $0["labels"] as? [String: String] }
    }

    func startPrometheus(port: Int, ruleFiles: [String], alertmanager: String?, in dir: URL) throws {
        var yaml = "global:\n  evaluation_interval: 1s\n  external_labels:\n    cluster: \(secureMessenger.app)\n"
        yaml += "rule_files:\n" + ruleFiles.map { "- \($0)\n" }.joined()
        if let alertmanager {
            yaml += "alerting:\n  alertmanagers:\n  - static_configs:\n    - targets: ['\(alertmanager)']\n"
        }
        let config = dir.appendingPathComponent("prometheus-\(port).yml")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        try start("/usr/bin/prometheus", ["--config.file=\(config.path)", "--storage.tsdb.path=\(dir.path)/tsdb-\(port)",
                                          "--web.listen-address=127.0.0.1:\(port)", "--rules.alert.resend-delay=1s"])
        try waitFor("Prometheus ready", timeout: 30) { (try? self.get("http://127.0.0.1:\(port)/-/ready")) != nil }
    }

    /// A webhook receiver: appends `{"path": …, "authorization": …, "payload": …}` per POST to `output`.
    func startWebhook(port: Int, output: URL, in dir: URL) throws {
        let script = """
        import http.server, json, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with open(sys.argv[2], "a") as f:
                    f.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                                        "payload": body}) + "\\n")
                self.send_response(200); self.end_headers()
            def log_message(self, *args): pass
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
        """
        let file = dir.appendingPathComponent("webhook.py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        try start("/usr/bin/env", ["python3", file.path, String(port), output.path])
    }

    /// One POST the stand-in received.
    struct Delivery {
        var path: String
        var authorization: String?
        var payload: [String: Any]
    }

    func readDeliveries(_ file: URL) throws -> [Delivery] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return Delivery(path: object["path"] as? String ?? "", authorization: object["authorization"] as? String,
                            payload: object["payload"] as? [String: Any] ?? [:])
        }
    }

    /// A Slack message's attachments, where Alertmanager puts the title and text.
    func slackAttachments(_ payload: [String: Any]) -> [[String: Any]] { payload["attachments"] as? [[String: Any]] ?? [] }
    func slackText(_ payload: [String: Any]) -> String {
        slackAttachments(payload).compactMap { $0["text"] as? String }.joined(separator: "\n")
    }

    func start(_ executable: String, _ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) || executable == "/usr/bin/env" else {
            throw XCTSkip("\(executable) is not installed: run scripts/install-test-tools.sh")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        processes.append(p)
    }

    func get(_ url: String) throws -> Data {
        final class Box: @unchecked Sendable { var result: Result<Data, Error> = .failure(URLError(.unknown)) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: URL(string: url)!) { data, response, error in
            if let data, (response as? HTTPURLResponse)?.statusCode == 200 { box.result = .success(data) }
            else { box.result = .failure(error ?? URLError(.badServerResponse)) }
            done.signal()
        }.resume()
        done.wait()
        return try box.result.get()
    }

    func getJSON(_ url: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try get(url)) as? [String: Any] ?? [:]
    }

    func waitFor(_ what: String, timeout: TimeInterval, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? condition()) == true { return }
            Thread.sleep(forTimeInterval: 0.25)
        }
        XCTFail("timed out after \(Int(timeout)) s waiting for: \(what)")
        throw XCTSkip("gave up")
    }

    /// Ports the kernel says are free now.
    func freePorts(_ n: Int) throws -> [Int] {
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import socket
            socks = [socket.socket() for _ in range(\(n))]
            for s in socks: s.bind(("127.0.0.1", 0))
            print(" ".join(str(s.getsockname()[1]) for s in socks))
            """])
        return result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
