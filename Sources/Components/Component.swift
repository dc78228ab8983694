import KubeModel

/// A named part of an application (a web service, a data store): what gives its objects their
/// labels, its pods their selector and connections their end.
public protocol Component: Sendable {
    var app: String { get }
    var name: String { get }
}

extension Component {
    /// The labels that select the component's pods (every variant's).
    public var selectorLabels: Labels { StandardLabels.selector(app: app, component: name) }
    /// The labels written on every object of the component.
    var commonLabels: Labels { StandardLabels.common(app: app, component: name) }
    /// The component as one end of a connection.
    public var peer: Peer { .component(name, app: app) }
}

extension Peer {
    /// The pods of the component `name` of `app`, as any `Component` selects them: for naming a
    /// component's end before (or without) building it.
    public static func component(_ name: String, app: String) -> Peer {
        Peer(name, .pods(StandardLabels.selector(app: app, component: name)))
    }
}
