import Components
import MonitoringModel

/// Alertmanager's routing for a product: pages to its on-call Slack channel, warnings to its
/// team's channel (`Product.operations`), the Watchdog to the dead man's switch, and the database outage muting the
/// errors it causes.
public enum Alerting {
    /// Where the Prometheus Operator mounts each Secret named in the Alertmanager's `spec.secrets`
    /// (`/etc/alertmanager/secrets/<secret>`; prometheus-operator's pkg/alertmanager/statefulset.go).
    static let secretsDirectory = "/etc/alertmanager/secrets"
    /// The Secret of a Slack receiver's webhook URL, and its key.
    public static func slackSecret(_ receiver: String) -> String { "alertmanager-\(receiver)" }
    static let slackURLKey = "url"
    /// A Slack incoming-webhook URL is a secret, and posts only to the channel its Slack app was
    /// created for: each Slack receiver has its own, read from its own mounted Secret, never from the config.
    public static func slackURLFile(_ receiver: String) -> String { "\(secretsDirectory)/\(slackSecret(receiver))/\(slackURLKey)" }
    /// The dead man's switch that expects the Watchdog every few minutes and pages when it stops.
    /// Alertmanager 0.25 cannot read a webhook URL from a file, so the URL carries no secret and
    /// the switch authenticates a bearer token read from a file. An assumption about the
    /// monitoring stack, declared once.
    /// The ping path is the product's `app`: one switch watches every product's Alertmanager.
    public static func deadMansSwitchURL(_ product: Product) -> String {
        "http://deadmans-switch.\(Scraping.monitoringNamespace).svc:8080/ping/\(product.app)"
    }
    public static let deadMansSwitchSecret = "deadmans-switch"
    static let deadMansSwitchTokenKey = "token"
    public static let deadMansSwitchTokenFile = "\(secretsDirectory)/\(deadMansSwitchSecret)/\(deadMansSwitchTokenKey)"

    /// The Secrets Alertmanager reads (in the monitoring namespace; the operator mounts each one
    /// named in `alertmanagerSpec.secrets`). No pod of an environment reads them, so they are the
    /// cluster's, created by `secrets/create-cluster.sh`.
    public static func secrets(_ product: Product) -> [SecretDeclaration] {
        [(pageReceiver, product.operations.pageChannel), (ticketReceiver, product.operations.ticketChannel)].map { receiver, channel in
            SecretDeclaration(slackSecret(receiver), keys: [(slackURLKey, "the incoming-webhook URL of a Slack app created for \(channel)")],
                              purpose: "Alertmanager's \(receiver) receiver posts to \(channel)")
        } + [SecretDeclaration(deadMansSwitchSecret, keys: [(deadMansSwitchTokenKey, "the bearer token the dead man's switch expects")],
                               purpose: "Alertmanager's Watchdog heartbeat authenticates to the dead man's switch")]
    }

    public static let pageReceiver = "slack-oncall"
    public static let ticketReceiver = "slack-team"
    public static let watchdogReceiver = "watchdog"

    /// Alerts whose usual cause, when PostgreSQL is down, is the database itself.
    static func causedByDatabaseDown(_ product: Product) -> [String] {
        ["ApplicationDown", "HighErrorRate", "HighResponseTime", "DatabaseConnectionPoolExhausted", "BackupFailed",
         "BackupDurationHigh"] + SLOs.all(product).flatMap { slo in ["", "Slow"].map { SLOs.alertName(slo, suffix: $0) } }
    }

    static func severity(_ s: Severity) -> Matcher { Matcher(Severity.label, .equal, s.rawValue) }

    public static func config(_ product: Product) -> AlertmanagerConfig {
        let slackTitle = "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} in {{ .CommonLabels.namespace }}"
        let slackText = "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}"
        return AlertmanagerConfig(
            resolveTimeout: .minutes(5),
            route: Route(
                receiver: ticketReceiver, groupBy: ["alertname", "namespace"],
                groupWait: .seconds(30), groupInterval: .minutes(5), repeatInterval: .hours(4),
                routes: [
                    // The heartbeat goes out at once and often: the switch pages when it misses a few.
                    Route(receiver: watchdogReceiver, matchers: [Matcher("alertname", .equal, Alerts.watchdogName)],
                          groupWait: .seconds(0), groupInterval: .minutes(1), repeatInterval: .minutes(1)),
                    Route(receiver: pageReceiver, matchers: [severity(.critical)], repeatInterval: .hours(1)),
                    Route(receiver: ticketReceiver, matchers: [severity(.warning)]),
                ]),
            receivers: [
                Receiver(pageReceiver, slack: [Receiver.Slack(apiURLFile: slackURLFile(pageReceiver), channel: product.operations.pageChannel,
                                                              title: slackTitle, text: slackText)]),
                Receiver(ticketReceiver, slack: [Receiver.Slack(apiURLFile: slackURLFile(ticketReceiver), channel: product.operations.ticketChannel,
                                                                title: slackTitle, text: slackText)]),
                Receiver(watchdogReceiver, webhooks: [Receiver.Webhook(url: deadMansSwitchURL(product), credentialsFile: deadMansSwitchTokenFile)],
                         sendResolved: false),
            ],
            inhibitRules: [
                InhibitRule(source: [Matcher("alertname", .equal, "DatabaseDown")],
                            target: [Matcher("alertname", .matches, causedByDatabaseDown(product).joined(separator: "|"))],
                            equal: ["namespace"]),
                // Both WAL alerts read the same failing uploads: once the archive is behind the RPO,
                // the page says everything the warning did.
                InhibitRule(source: [Matcher("alertname", .equal, Alerts.walArchiveBehindRPOName)],
                            target: [Matcher("alertname", .equal, Alerts.walArchivingFailingName)], equal: ["namespace"]),
                // An SLO's page makes its ticket redundant.
                InhibitRule(source: [severity(.critical), Matcher("slo", .matches, ".+")],
                            target: [severity(.warning), Matcher("slo", .matches, ".+")], equal: ["namespace", "slo"]),
            ])
    }
}
