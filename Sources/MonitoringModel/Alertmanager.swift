import DocumentTree

/// An Alertmanager route: which alerts (by matchers) go to which receiver, grouped how.
public struct Route: Sendable {
    public var receiver: String
    public var matchers: [Matcher]
    public var groupBy: [String]?
    public var groupWait: PromDuration?
    public var groupInterval: PromDuration?
    public var repeatInterval: PromDuration?
    /// Keep matching later sibling routes after this one.
    public var continueMatching: Bool
    public var routes: [Route]

    public init(receiver: String, matchers: [Matcher] = [], groupBy: [String]? = nil, groupWait: PromDuration? = nil,
                groupInterval: PromDuration? = nil, repeatInterval: PromDuration? = nil, continueMatching: Bool = false,
                routes: [Route] = []) {
        self.receiver = receiver
        self.matchers = matchers
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.continueMatching = continueMatching
        self.routes = routes
    }

    var document: DocNode {
        var f: [(String, DocNode)] = [("receiver", .string(receiver))]
        if !matchers.isEmpty { f.append(("matchers", .sequence(matchers.map { .string($0.description) }))) }
        if let groupBy { f.append(("group_by", .sequence(groupBy.map { .string($0) }))) }
        if let groupWait { f.append(("group_wait", .string(groupWait.description))) }
        if let groupInterval { f.append(("group_interval", .string(groupInterval.description))) }
        if let repeatInterval { f.append(("repeat_interval", .string(repeatInterval.description))) }
        if continueMatching { f.append(("continue", .bool(true))) }
        if !routes.isEmpty { f.append(("routes", .sequence(routes.map(\.document)))) }
        return .map(f)
    }

    /// Every receiver this route tree names.
    public var receiverNames: [String] { [receiver] + routes.flatMap(\.receiverNames) }
}

/// Where notifications go.
public struct Receiver: Sendable {
    /// A Slack incoming webhook whose URL is read from a file (a mounted Secret), never written
    /// in the configuration.
    public struct Slack: Sendable {
        public var apiURLFile: String
        public var channel: String
        public var title: String
        public var text: String
        public init(apiURLFile: String, channel: String, title: String, text: String) {
            self.apiURLFile = apiURLFile
            self.channel = channel
            self.title = title
            self.text = text
        }
    }

    /// An HTTP webhook; credentials, when needed, are read from a file.
    public struct Webhook: Sendable {
        public var url: String
        public var credentialsFile: String?
        public init(url: String, credentialsFile: String? = nil) {
            self.url = url
            self.credentialsFile = credentialsFile
        }
    }

    public var name: String
    public var slack: [Slack]
    public var webhooks: [Webhook]
    public var sendResolved: Bool

    public init(_ name: String, slack: [Slack] = [], webhooks: [Webhook] = [], sendResolved: Bool = true) {
        self.name = name
        self.slack = slack
        self.webhooks = webhooks
        self.sendResolved = sendResolved
    }

    var document: DocNode {
        var f: [(String, DocNode)] = [("name", .string(name))]
        if !slack.isEmpty {
            f.append(("slack_configs", .sequence(slack.map {
                .map([
                    ("send_resolved", .bool(sendResolved)),
                    ("api_url_file", .string($0.apiURLFile)),
                    ("channel", .string($0.channel)),
                    ("title", .string($0.title)),
                    ("text", .string($0.text)),
                ])
            })))
        }
        if !webhooks.isEmpty {
            f.append(("webhook_configs", .sequence(webhooks.map { hook in
                var w: [(String, DocNode)] = [("send_resolved", .bool(sendResolved)), ("url", .string(hook.url))]
                if let file = hook.credentialsFile {
                    w.append(("http_config", .map([("authorization", .map([("credentials_file", .string(file))]))])))
                }
                return .map(w)
            })))
        }
        return .map(f)
    }
}

/// Mutes `target` alerts while a `source` alert fires with the same `equal` labels.
public struct InhibitRule: Sendable {
    public var source: [Matcher]
    public var target: [Matcher]
    public var equal: [String]

    public init(source: [Matcher], target: [Matcher], equal: [String]) {
        self.source = source
        self.target = target
        self.equal = equal
    }

    var document: DocNode {
        .map([
            ("source_matchers", .sequence(source.map { .string($0.description) })),
            ("target_matchers", .sequence(target.map { .string($0.description) })),
            ("equal", .sequence(equal.map { .string($0) })),
        ])
    }
}

/// `alertmanager.yml`.
public struct AlertmanagerConfig: Sendable {
    public var resolveTimeout: PromDuration
    public var route: Route
    public var receivers: [Receiver]
    public var inhibitRules: [InhibitRule]

    public init(resolveTimeout: PromDuration, route: Route, receivers: [Receiver], inhibitRules: [InhibitRule]) {
        self.resolveTimeout = resolveTimeout
        self.route = route
        self.receivers = receivers
        self.inhibitRules = inhibitRules
    }

    public var document: DocNode {
        .map([
            ("global", .map([("resolve_timeout", .string(resolveTimeout.description))])),
            ("route", route.document),
            ("inhibit_rules", .sequence(inhibitRules.map(\.document))),
            ("receivers", .sequence(receivers.map(\.document))),
        ])
    }

    /// Why the configuration is inconsistent (a route naming no receiver, an unused receiver), or nil.
    public var problem: String? {
        let declared = Set(receivers.map(\.name))
        let used = Set(route.receiverNames)
        if let missing = used.subtracting(declared).sorted().first { return "route names unknown receiver \(missing)" }
        if let unused = declared.subtracting(used).sorted().first { return "receiver \(unused) is never routed to" }
        // A Slack app's incoming webhook posts to the channel it was created for and ignores
        // `channel`: one URL for two channels sends both to the first.
        let channelsByURL = Dictionary(grouping: receivers.flatMap(\.slack), by: \.apiURLFile).mapValues { Set($0.map(\.channel)) }
        if let (file, channels) = channelsByURL.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            return "Slack channels \(channels.sorted().joined(separator: " and ")) share the webhook \(file); a webhook posts to one channel only"
        }
        return nil
    }
}
