import KubeModel

/// The label keys every component writes, declared once.
public enum StandardLabels {
    public static let name = "app.kubernetes.io/name"
    public static let partOf = "app.kubernetes.io/part-of"
    public static let managedBy = "app.kubernetes.io/managed-by"
    /// The seed's runbooks select pods with `-l component=backend`; kept so they work as written.
    public static let component = "component"

    /// Labels that identify a component's pods: what selectors match.
    public static func selector(app: String, component: String) -> Labels {
        [name: component, partOf: app]
    }

    /// Labels written on every object of a component.
    public static func common(app: String, component: String) -> Labels {
        selector(app: app, component: component).merging([self.component: component, managedBy: "gen"])
    }
}

/// A variant of a set of workloads that runs beside another (a blue/green colour): a name suffix
/// and labels added to every name, label and selector, exactly as Kustomize's `nameSuffix` and
/// `labels` (with selectors and templates) transform the same objects.
public struct Variant: Equatable, Hashable, Sendable {
    public var nameSuffix: String
    public var labels: Labels

    public init(nameSuffix: String, labels: Labels) {
        self.nameSuffix = nameSuffix
        self.labels = labels
    }
}
