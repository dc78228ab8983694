import DocumentTree

/// v1 ServiceAccount.
public struct ServiceAccount: KubernetesObject, Equatable {
    public var apiVersion: String { "v1" }
    public var kind: String { "ServiceAccount" }
    public var metadata: ObjectMeta
    public var automountServiceAccountToken: Bool?

    public init(metadata: ObjectMeta, automountServiceAccountToken: Bool? = false) {
        self.metadata = metadata
        self.automountServiceAccountToken = automountServiceAccountToken
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("automountServiceAccountToken", automountServiceAccountToken)
        return fields.node
    }
}

/// One rule of a Role or ClusterRole.
public struct PolicyRule: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var apiGroups: [String]
    public var resources: [String]
    public var resourceNames: [String]?
    public var verbs: [String]

    public init(apiGroups: [String], resources: [String], resourceNames: [String]? = nil, verbs: [String]) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.verbs = verbs
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("apiGroups", apiGroups)
        try fields.add("resources", resources)
        try fields.add("resourceNames", resourceNames)
        try fields.add("verbs", verbs)
        return fields.node
    }
}

/// rbac.authorization.k8s.io/v1 Role.
public struct Role: KubernetesObject, Equatable {
    public var apiVersion: String { "rbac.authorization.k8s.io/v1" }
    public var kind: String { "Role" }
    public var metadata: ObjectMeta
    public var rules: [PolicyRule]

    public init(metadata: ObjectMeta, rules: [PolicyRule]) {
        self.metadata = metadata
        self.rules = rules
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("rules", rules)
        return fields.node
    }
}

/// rbac.authorization.k8s.io/v1 ClusterRole.
public struct ClusterRole: KubernetesObject, Equatable {
    public var apiVersion: String { "rbac.authorization.k8s.io/v1" }
    public var kind: String { "ClusterRole" }
    public var isNamespaced: Bool { false }
    public var metadata: ObjectMeta
    public var rules: [PolicyRule]

    public init(metadata: ObjectMeta, rules: [PolicyRule]) {
        self.metadata = metadata
        self.rules = rules
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("rules", rules)
        return fields.node
    }
}

public struct RoleRef: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var apiGroup: String
    public var kind: String
    public var name: String

    /// A reference made from the Role itself, so that it cannot name a missing Role.
    public init(_ role: Role) {
        apiGroup = "rbac.authorization.k8s.io"
        kind = role.kind
        name = role.metadata.name
    }

    public init(_ role: ClusterRole) {
        apiGroup = "rbac.authorization.k8s.io"
        kind = role.kind
        name = role.metadata.name
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("apiGroup", apiGroup)
        try fields.add("kind", kind)
        try fields.add("name", name)
        return fields.node
    }
}

public struct Subject: Equatable, Hashable, Sendable, DocumentRepresentable {
    public var kind: String
    public var name: String
    public var namespace: String?

    /// The ServiceAccount as a subject, made from the account itself.
    public init(_ account: ServiceAccount) {
        kind = account.kind
        name = account.metadata.name
        namespace = account.metadata.namespace
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("kind", kind)
        try fields.add("name", name)
        try fields.add("namespace", namespace)
        return fields.node
    }
}

/// rbac.authorization.k8s.io/v1 RoleBinding.
public struct RoleBinding: KubernetesObject, Equatable {
    public var apiVersion: String { "rbac.authorization.k8s.io/v1" }
    public var kind: String { "RoleBinding" }
    public var metadata: ObjectMeta
    public var roleRef: RoleRef
    public var subjects: [Subject]

    public init(metadata: ObjectMeta, roleRef: RoleRef, subjects: [Subject]) {
        self.metadata = metadata
        self.roleRef = roleRef
        self.subjects = subjects
    }

    public func document() throws -> DocNode {
        var fields = Fields()
        try fields.add("metadata", metadata)
        try fields.add("roleRef", roleRef)
        try fields.add("subjects", subjects)
        return fields.node
    }
}
