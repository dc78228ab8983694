import DocumentTree

/// A named port of a container. Declared once (`ContainerPort(name: "http", 3000)`) and referenced
/// by value from probes, Services, Ingresses and NetworkPolicies.
public struct ContainerPort: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var containerPort: Int
    public var `protocol`: PortProtocol

    public init(name: String, _ number: Int, protocol: PortProtocol = .tcp) {
        self.name = name
        self.containerPort = number
        self.protocol = `protocol`
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try check(NameRules.portNameProblem(name), name, what: "port name", at: "name")
        guard (1...65535).contains(containerPort) else {
            throw InvalidValue("port \(containerPort) is outside 1–65535", at: FieldPath())
        }
        try fields.add("name", name)
        try fields.add("containerPort", containerPort)
        try fields.add("protocol", `protocol`)
        return fields.node
    }
}

public enum PortProtocol: String, Sendable, DocumentRepresentable, Hashable { case tcp = "TCP", udp = "UDP", sctp = "SCTP" }

public struct EnvVar: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var value: String?
    public var valueFrom: EnvVarSource?

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, from source: EnvVarSource) {
        self.name = name
        self.valueFrom = source
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("value", value)
        try fields.add("valueFrom", valueFrom)
        return fields.node
    }
}

public struct EnvVarSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var secretKeyRef: KeySelector?
    public var configMapKeyRef: KeySelector?
    public var fieldRef: ObjectFieldSelector?

    public static func secret(_ name: String, key: String) -> EnvVarSource {
        EnvVarSource(secretKeyRef: KeySelector(name: name, key: key))
    }

    public static func configMap(_ name: String, key: String) -> EnvVarSource {
        EnvVarSource(configMapKeyRef: KeySelector(name: name, key: key))
    }

    public static func field(_ path: String) -> EnvVarSource {
        EnvVarSource(fieldRef: ObjectFieldSelector(fieldPath: path))
    }

    public init(secretKeyRef: KeySelector? = nil, configMapKeyRef: KeySelector? = nil, fieldRef: ObjectFieldSelector? = nil) {
        self.secretKeyRef = secretKeyRef
        self.configMapKeyRef = configMapKeyRef
        self.fieldRef = fieldRef
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("secretKeyRef", secretKeyRef)
        try fields.add("configMapKeyRef", configMapKeyRef)
        try fields.add("fieldRef", fieldRef)
        return fields.node
    }
}

public struct KeySelector: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var key: String
    public var optional: Bool?

    public init(name: String, key: String, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("key", key)
        try fields.add("optional", optional)
        return fields.node
    }
}

public struct ObjectFieldSelector: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var fieldPath: String

    public init(fieldPath: String) {
        self.fieldPath = fieldPath
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("fieldPath", fieldPath)
        return fields.node
    }
}

public struct EnvFromSource: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var secretRef: NameReference?
    public var configMapRef: NameReference?

    public static func secret(_ name: String) -> EnvFromSource { EnvFromSource(secretRef: NameReference(name: name)) }
    public static func configMap(_ name: String) -> EnvFromSource { EnvFromSource(configMapRef: NameReference(name: name)) }

    public init(secretRef: NameReference? = nil, configMapRef: NameReference? = nil) {
        self.secretRef = secretRef
        self.configMapRef = configMapRef
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("secretRef", secretRef)
        try fields.add("configMapRef", configMapRef)
        return fields.node
    }
}

public struct NameReference: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public init(name: String) { self.name = name }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        return fields.node
    }
}

/// `requests` or `limits`.
public struct ResourceList: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var cpu: Quantity?
    public var memory: Quantity?
    public var ephemeralStorage: Quantity?

    public init(cpu: Quantity? = nil, memory: Quantity? = nil, ephemeralStorage: Quantity? = nil) {
        self.cpu = cpu
        self.memory = memory
        self.ephemeralStorage = ephemeralStorage
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("cpu", cpu)
        try fields.add("memory", memory)
        try fields.add("ephemeral-storage", ephemeralStorage)
        return fields.node
    }
}

public struct ResourceRequirements: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var requests: ResourceList?
    public var limits: ResourceList?

    public init(requests: ResourceList? = nil, limits: ResourceList? = nil) {
        self.requests = requests
        self.limits = limits
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("requests", requests)
        try fields.add("limits", limits)
        return fields.node
    }
}

public struct Capabilities: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var add: [String]?
    public var drop: [String]?

    public init(add: [String]? = nil, drop: [String]? = nil) {
        self.add = add
        self.drop = drop
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("add", add)
        try fields.add("drop", drop)
        return fields.node
    }
}

public struct SeccompProfile: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var type: String
    public var localhostProfile: String?

    public static let runtimeDefault = SeccompProfile(type: "RuntimeDefault")

    public init(type: String, localhostProfile: String? = nil) {
        self.type = type
        self.localhostProfile = localhostProfile
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("type", type)
        try fields.add("localhostProfile", localhostProfile)
        return fields.node
    }
}

/// A container's `securityContext`.
public struct SecurityContext: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var runAsNonRoot: Bool?
    public var runAsUser: Int?
    public var runAsGroup: Int?
    public var readOnlyRootFilesystem: Bool?
    public var allowPrivilegeEscalation: Bool?
    public var privileged: Bool?
    public var capabilities: Capabilities?
    public var seccompProfile: SeccompProfile?

    public init(runAsNonRoot: Bool? = nil, runAsUser: Int? = nil, runAsGroup: Int? = nil,
                readOnlyRootFilesystem: Bool? = nil, allowPrivilegeEscalation: Bool? = nil,
                privileged: Bool? = nil, capabilities: Capabilities? = nil, seccompProfile: SeccompProfile? = nil) {
        self.runAsNonRoot = runAsNonRoot
        self.runAsUser = runAsUser
        self.runAsGroup = runAsGroup
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.allowPrivilegeEscalation = allowPrivilegeEscalation
        self.privileged = privileged
        self.capabilities = capabilities
        self.seccompProfile = seccompProfile
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("runAsNonRoot", runAsNonRoot)
        try fields.add("runAsUser", runAsUser)
        try fields.add("runAsGroup", runAsGroup)
        try fields.add("readOnlyRootFilesystem", readOnlyRootFilesystem)
        try fields.add("allowPrivilegeEscalation", allowPrivilegeEscalation)
        try fields.add("privileged", privileged)
        try fields.add("capabilities", capabilities)
        try fields.add("seccompProfile", seccompProfile)
        return fields.node
    }
}

public struct VolumeMount: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var mountPath: String
    public var subPath: String?
    public var readOnly: Bool?

    public init(name: String, mountPath: String, subPath: String? = nil, readOnly: Bool? = nil) {
        self.name = name
        self.mountPath = mountPath
        self.subPath = subPath
        self.readOnly = readOnly
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("mountPath", mountPath)
        try fields.add("subPath", subPath)
        try fields.add("readOnly", readOnly)
        return fields.node
    }
}

public enum PullPolicy: String, Sendable, DocumentRepresentable, Hashable {
    case always = "Always", ifNotPresent = "IfNotPresent", never = "Never"
}

public struct Container: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var name: String
    public var image: Image
    public var imagePullPolicy: PullPolicy?
    public var command: [String]?
    public var args: [String]?
    public var workingDir: String?
    public var ports: [ContainerPort]?
    public var env: [EnvVar]?
    public var envFrom: [EnvFromSource]?
    public var resources: ResourceRequirements?
    public var volumeMounts: [VolumeMount]?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    public var lifecycle: Lifecycle?
    public var securityContext: SecurityContext?

    public init(name: String, image: Image) {
        self.name = name
        self.image = image
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("name", name)
        try fields.add("image", image)
        try fields.add("imagePullPolicy", imagePullPolicy)
        try fields.add("command", command)
        try fields.add("args", args)
        try fields.add("workingDir", workingDir)
        try fields.add("ports", ports)
        try fields.add("env", env)
        try fields.add("envFrom", envFrom)
        try fields.add("resources", resources)
        try fields.add("volumeMounts", volumeMounts)
        try fields.add("livenessProbe", livenessProbe)
        try fields.add("readinessProbe", readinessProbe)
        try fields.add("startupProbe", startupProbe)
        try fields.add("lifecycle", lifecycle)
        try fields.add("securityContext", securityContext)
        return fields.node
    }
}

public struct Lifecycle: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var preStop: LifecycleHandler?
    public var postStart: LifecycleHandler?

    public init(preStop: LifecycleHandler? = nil, postStart: LifecycleHandler? = nil) {
        self.preStop = preStop
        self.postStart = postStart
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("preStop", preStop)
        try fields.add("postStart", postStart)
        return fields.node
    }
}

public struct LifecycleHandler: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var exec: ExecAction?
    public var sleep: SleepAction?

    public static func exec(_ command: [String]) -> LifecycleHandler { LifecycleHandler(exec: ExecAction(command: command)) }
    public static func sleep(_ seconds: Seconds) -> LifecycleHandler { LifecycleHandler(sleep: SleepAction(seconds: seconds)) }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("exec", exec)
        try fields.add("sleep", sleep)
        return fields.node
    }
}

public struct SleepAction: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var seconds: Seconds

    public init(seconds: Seconds) {
        self.seconds = seconds
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("seconds", seconds)
        return fields.node
    }
}

public struct ExecAction: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var command: [String]

    public init(command: [String]) {
        self.command = command
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("command", command)
        return fields.node
    }
}
