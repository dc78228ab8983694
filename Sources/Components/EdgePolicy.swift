import KubeModel

/// What the edge (ingress-nginx) enforces for a product (seed section 10.3): TLS only, rate
/// limits, CORS restricted to the product's own origins, HSTS, and WebSocket timeouts. Typed
/// values, rendered to the controller's annotations in one place.
public struct EdgePolicy: Sendable {
    /// Per client IP: steady requests per second, how far a burst may exceed it, and how many
    /// connections (WebSockets included) one address may hold open.
    public struct RateLimit: Sendable {
        public var requestsPerSecond: Int
        public var burstMultiplier: Int
        public var connections: Int
        public init(requestsPerSecond: Int, burstMultiplier: Int, connections: Int) {
            self.requestsPerSecond = requestsPerSecond
            self.burstMultiplier = burstMultiplier
            self.connections = connections
        }
    }

    /// Strict-Transport-Security: browsers refuse plain HTTP (so `ws://`) to the hosts for `maxAge`.
    public struct HSTS: Sendable {
        public var maxAge: Seconds
        public var includeSubdomains: Bool
        public var preload: Bool
        public init(maxAge: Seconds, includeSubdomains: Bool, preload: Bool) {
            self.maxAge = maxAge
            self.includeSubdomains = includeSubdomains
            self.preload = preload
        }
    }

    /// How the controller learns each client's address, which the per-address rate limits key on.
    /// Behind a cloud load balancer the controller otherwise sees the balancer's (or a node's)
    /// address, and one limit is shared by every client.
    public enum ClientAddress: Sendable, Equatable {
        /// A layer-4 balancer (AWS NLB, GCP and Azure load balancers, MetalLB) passes the client's
        /// packets through: the controller's Service sets `externalTrafficPolicy: Local`, so that
        /// no node forwards (and source-NATs) them to another node. Nothing is trusted.
        case direct
        /// A balancer that opens its own connections and sends the PROXY protocol header (AWS
        /// classic ELB, or NLB with proxy protocol v2 on): the controller reads it. The balancer
        /// must be set to send it (its annotation on the controller's Service), or no request is served.
        case proxyProtocol
        /// An HTTP balancer (AWS ALB, GCP HTTP(S) LB) that sets X-Forwarded-For: trusted only from
        /// these ranges, the balancer's, else any client could pick the address it is limited as.
        case forwardedHeaders(trustedRanges: [String])
    }

    public var rateLimit: RateLimit?
    /// Where client addresses come from (`.direct` unless the environment's balancer says otherwise).
    public var clientAddress: ClientAddress = .direct
    /// Origins allowed to call the API from a browser (`https://…`, never `*`).
    public var corsOrigins: [String] = []
    public var hsts: HSTS?
    /// How long an idle proxied connection (a WebSocket) stays open.
    public var idleTimeout: Seconds

    public init(rateLimit: RateLimit?, corsOrigins: [String], hsts: HSTS?, idleTimeout: Seconds) {
        self.rateLimit = rateLimit
        self.corsOrigins = corsOrigins
        self.hsts = hsts
        self.idleTimeout = idleTimeout
    }

    private static let prefix = "nginx.ingress.kubernetes.io/"
    /// ingress-nginx's annotation prefix.
    public static let annotationPrefix = prefix
    /// Every IPv4 and IPv6 address, for a path no client may reach (`denylist-source-range`).
    public static let everyAddress = ["0.0.0.0/0", "::/0"]

    /// The Ingress annotations. Plain HTTP is redirected (308) before it reaches a service: a
    /// WebSocket client does not follow redirects, so `ws://` fails and only `wss://` connects.
    public func ingressAnnotations() throws -> StringMap {
        var a: StringMap = [
            Self.prefix + "ssl-redirect": "true",
            Self.prefix + "force-ssl-redirect": "true",
            Self.prefix + "proxy-read-timeout": String(idleTimeout.value),
            Self.prefix + "proxy-send-timeout": String(idleTimeout.value),
        ]
        if let rateLimit {
            a[Self.prefix + "limit-rps"] = String(rateLimit.requestsPerSecond)
            a[Self.prefix + "limit-burst-multiplier"] = String(rateLimit.burstMultiplier)
            a[Self.prefix + "limit-connections"] = String(rateLimit.connections)
        }
        if !corsOrigins.isEmpty {
            for origin in corsOrigins where !origin.hasPrefix("https://") || origin.contains("*") {
                throw ComponentError("edge: CORS origin \"\(origin)\" must be one https:// origin, without wildcards")
            }
            a[Self.prefix + "enable-cors"] = "true"
            a[Self.prefix + "cors-allow-origin"] = corsOrigins.joined(separator: ", ")
            a[Self.prefix + "cors-allow-methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
            a[Self.prefix + "cors-allow-headers"] = "Authorization, Content-Type, X-Requested-With"
            a[Self.prefix + "cors-allow-credentials"] = "true"
            a[Self.prefix + "cors-max-age"] = "600"
        }
        return a
    }

    /// Cookie affinity for a route whose clients keep state on one pod (WebSocket reconnects,
    /// long polling): ingress-nginx balances to pod endpoints itself, so the Service's ClientIP
    /// affinity never applies behind it. The cookie lasts `maxAge` (the Service's affinity
    /// timeout), is sent over HTTPS only and never to another site, and a client whose pod is gone
    /// gets a new one (`change-on-failure`). ingress-nginx reads these per Ingress: a sticky route
    /// gets an Ingress of its own.
    public static func stickyAnnotations(cookie: String, maxAge: Seconds) -> StringMap {
        [prefix + "affinity": "cookie",
         prefix + "affinity-mode": "balanced",
         prefix + "session-cookie-name": cookie,
         prefix + "session-cookie-max-age": String(maxAge.value),
         prefix + "session-cookie-secure": "true",
         prefix + "session-cookie-samesite": "Strict",
         prefix + "session-cookie-change-on-failure": "true"]
    }

    /// The controller Service's `externalTrafficPolicy` the client-address choice needs (the
    /// chart's `controller.service.externalTrafficPolicy`): `Local` when packets come straight
    /// from clients, nil when the balancer's own connections are expected.
    public var externalTrafficPolicy: String? { clientAddress == .direct ? "Local" : nil }

    /// ingress-nginx sets HSTS for the whole controller, not per Ingress (a per-Ingress header
    /// would need a configuration snippet, which the controller disables by default since a
    /// snippet can read every Secret it can): these are the `controller.config` entries of its
    /// Helm values, generated from the same policy.
    public func controllerConfig() throws -> StringMap {
        var c: StringMap = ["allow-snippet-annotations": "false"]
        switch clientAddress {
        case .direct: break
        case .proxyProtocol: c["use-proxy-protocol"] = "true"
        case .forwardedHeaders(let ranges):
            guard !ranges.isEmpty, !ranges.contains(where: { $0.hasSuffix("/0") }) else {
                throw ComponentError("edge: X-Forwarded-For trusted from \(ranges.isEmpty ? "no range" : ranges.joined(separator: ", ")): "
                    + "name the load balancer's ranges, or any client chooses the address its rate limit counts")
            }
            c["use-forwarded-headers"] = "true"
            c["proxy-real-ip-cidr"] = ranges.joined(separator: ",")
        }
        if let hsts {
            c["hsts"] = "true"
            c["hsts-max-age"] = String(hsts.maxAge.value)
            c["hsts-include-subdomains"] = hsts.includeSubdomains ? "true" : "false"
            c["hsts-preload"] = hsts.preload ? "true" : "false"
        } else {
            c["hsts"] = "false"
        }
        return c
    }
}
