import DocumentTree

/// A liveness, readiness or startup probe.
public struct Probe: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var httpGet: HTTPGetAction?
    public var tcpSocket: TCPSocketAction?
    public var exec: ExecAction?
    public var initialDelaySeconds: Seconds?
    public var periodSeconds: Seconds?
    public var timeoutSeconds: Seconds?
    public var successThreshold: Int?
    public var failureThreshold: Int?

    /// An HTTP GET on a named port of the same container.
    public static func http(_ path: String, port: ContainerPort, initialDelay: Seconds? = nil,
                            period: Seconds? = nil, timeout: Seconds? = nil, failureThreshold: Int? = nil) -> Probe {
        Probe(httpGet: HTTPGetAction(path: path, port: .string(port.name)),
              initialDelaySeconds: initialDelay, periodSeconds: period, timeoutSeconds: timeout,
              failureThreshold: failureThreshold)
    }

    /// A command run inside the container (`pg_isready`, `redis-cli ping`).
    public static func command(_ command: [String], initialDelay: Seconds? = nil, period: Seconds? = nil,
                               timeout: Seconds? = nil, failureThreshold: Int? = nil) -> Probe {
        Probe(exec: ExecAction(command: command), initialDelaySeconds: initialDelay, periodSeconds: period,
              timeoutSeconds: timeout, failureThreshold: failureThreshold)
    }

    /// The named port this probe targets, if it targets one by name.
    public var portName: String? {
        if case .string(let name)? = httpGet?.port ?? tcpSocket?.port { return name }
        return nil
    }

    public func document() throws -> DocNode {
        let handlers = [httpGet != nil, tcpSocket != nil, exec != nil].filter { $0 }.count
        guard handlers == 1 else {
            throw InvalidValue("a probe needs exactly one of httpGet, tcpSocket or exec (has \(handlers))",
                               at: FieldPath())
        }
        if let path = httpGet?.path, !path.hasPrefix("/") {
            throw InvalidValue("probe path \"\(path)\" must start with '/'", at: FieldPath())
        }
        var fields = Fields()
        try fields.add("httpGet", httpGet)
        try fields.add("tcpSocket", tcpSocket)
        try fields.add("exec", exec)
        try fields.add("initialDelaySeconds", initialDelaySeconds)
        try fields.add("periodSeconds", periodSeconds)
        try fields.add("timeoutSeconds", timeoutSeconds)
        try fields.add("successThreshold", successThreshold)
        try fields.add("failureThreshold", failureThreshold)
        return fields.node
    }

    public init(httpGet: HTTPGetAction? = nil, tcpSocket: TCPSocketAction? = nil, exec: ExecAction? = nil, initialDelaySeconds: Seconds? = nil, periodSeconds: Seconds? = nil, timeoutSeconds: Seconds? = nil, successThreshold: Int? = nil, failureThreshold: Int? = nil) {
        self.httpGet = httpGet
        self.tcpSocket = tcpSocket
        self.exec = exec
        self.initialDelaySeconds = initialDelaySeconds
        self.periodSeconds = periodSeconds
        self.timeoutSeconds = timeoutSeconds
        self.successThreshold = successThreshold
        self.failureThreshold = failureThreshold
    }
}

public struct HTTPGetAction: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var path: String
    public var port: IntOrString
    public var scheme: String?

    public init(path: String, port: IntOrString, scheme: String? = nil) {
        self.path = path
        self.port = port
        self.scheme = scheme
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("path", path)
        try fields.add("port", port)
        try fields.add("scheme", scheme)
        return fields.node
    }
}

public struct TCPSocketAction: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var port: IntOrString

    public init(port: IntOrString) {
        self.port = port
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("port", port)
        return fields.node
    }
}
