import DocumentTree

/// A Grafana dashboard for file provisioning or the sidecar: typed panels whose queries are
/// `PromQL` built from catalogue metrics.
public struct Dashboard: Sendable {
    public var uid: String
    public var title: String
    public var tags: [String]
    public var refresh: String
    public var timeFrom: String
    public var panels: [Panel]

    public init(uid: String, title: String, tags: [String], refresh: String = "30s", timeFrom: String = "now-6h",
                panels: [Panel]) {
        self.uid = uid
        self.title = title
        self.tags = tags
        self.refresh = refresh
        self.timeFrom = timeFrom
        self.panels = panels
    }

    /// The Prometheus data source is a dashboard variable, so the same JSON works in any Grafana.
    static let datasource = DocNode.map([("type", .string("prometheus")), ("uid", .string("${datasource}"))])

    public var document: DocNode {
        .map([
            ("uid", .string(uid)),
            ("title", .string(title)),
            ("tags", .sequence(tags.map { .string($0) })),
            ("timezone", .string("utc")),
            ("editable", .bool(false)),
            ("schemaVersion", .int(39)),
            ("version", .int(1)),
            ("refresh", .string(refresh)),
            ("time", .map([("from", .string(timeFrom)), ("to", .string("now"))])),
            ("templating", .map([("list", .sequence([.map([
                ("name", .string("datasource")),
                ("label", .string("Data source")),
                ("type", .string("datasource")),
                ("query", .string("prometheus")),
            ])]))])),
            ("panels", .sequence(panels.map(\.document))),
        ])
    }

    /// Why the dashboard is malformed (duplicate panel ids, overlapping panels), or nil.
    public var problem: String? {
        var ids = Set<Int>()
        for p in panels where !ids.insert(p.id).inserted { return "panel id \(p.id) is used twice" }
        for (i, a) in panels.enumerated() {
            if a.grid.x < 0 || a.grid.x + a.grid.w > 24 { return "panel \(a.id) is outside the 24-column grid" }
            for b in panels[(i + 1)...] where a.grid.overlaps(b.grid) { return "panels \(a.id) and \(b.id) overlap" }
        }
        return nil
    }
}

/// Position and size on Grafana's 24-column grid.
public struct GridPos: Hashable, Sendable {
    public var x, y, w, h: Int
    public init(x: Int, y: Int, w: Int, h: Int) {
        self.x = x
        self.y = y
        self.w = w
        self.h = h
    }
    func overlaps(_ o: GridPos) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
}

/// A colour band: from `value` upward (the first step has no value: from minus infinity).
public struct ThresholdStep: Hashable, Sendable {
    public var color: String
    public var value: PromNumber?
    public init(_ color: String, from value: PromNumber?) {
        self.color = color
        self.value = value
    }
}

/// One query of a panel.
public struct PanelTarget: Sendable {
    public var expr: PromQL
    public var legend: String?
    /// One value per series at the dashboard's end time (tables), rather than a range.
    public var instant: Bool
    public init(_ expr: PromQL, legend: String? = nil, instant: Bool = false) {
        self.expr = expr
        self.legend = legend
        self.instant = instant
    }
}

public struct Panel: Sendable {
    public enum Kind: String, Sendable { case timeseries, stat, gauge, table }

    public var id: Int
    public var title: String
    public var kind: Kind
    public var grid: GridPos
    public var targets: [PanelTarget]
    /// Grafana unit id (`reqps`, `percentunit`, `s`, `bytes`, `dateTimeFromNow`).
    public var unit: String?
    public var thresholds: [ThresholdStep]
    public var min: PromNumber?
    public var max: PromNumber?
    public var description: String?

    public init(id: Int, title: String, kind: Kind, grid: GridPos, targets: [PanelTarget], unit: String? = nil,
                thresholds: [ThresholdStep] = [], min: PromNumber? = nil, max: PromNumber? = nil, description: String? = nil) {
        self.id = id
        self.title = title
        self.kind = kind
        self.grid = grid
        self.targets = targets
        self.unit = unit
        self.thresholds = thresholds
        self.min = min
        self.max = max
        self.description = description
    }

    var document: DocNode {
        var defaults: [(String, DocNode)] = []
        if let unit { defaults.append(("unit", .string(unit))) }
        if let min { defaults.append(("min", .number(min.description))) }
        if let max { defaults.append(("max", .number(max.description))) }
        if !thresholds.isEmpty {
            defaults.append(("thresholds", .map([
                ("mode", .string("absolute")),
                ("steps", .sequence(thresholds.map {
                    .map([("color", .string($0.color)), ("value", $0.value.map { .number($0.description) } ?? .null)])
                })),
            ])))
            if kind == .timeseries {
                defaults.append(("custom", .map([("thresholdsStyle", .map([("mode", .string("line"))]))])))
            }
        }
        var f: [(String, DocNode)] = [
            ("id", .int(id)),
            ("type", .string(kind.rawValue)),
            ("title", .string(title)),
        ]
        if let description { f.append(("description", .string(description))) }
        f += [
            ("gridPos", .map([("h", .int(grid.h)), ("w", .int(grid.w)), ("x", .int(grid.x)), ("y", .int(grid.y))])),
            ("datasource", Dashboard.datasource),
            ("targets", .sequence(targets.enumerated().map { i, t in
                var tf: [(String, DocNode)] = [
                    ("refId", .string(String(UnicodeScalar(UInt8(65 + i))))),
                    ("datasource", Dashboard.datasource),
                    ("expr", .string(t.expr.description)),
                ]
                if let legend = t.legend { tf.append(("legendFormat", .string(legend))) }
                if t.instant {
                    tf.append(("instant", .bool(true)))
                    tf.append(("range", .bool(false)))
                    tf.append(("format", .string("table")))
                }
                return .map(tf)
            })),
            ("fieldConfig", .map([("defaults", .map(defaults)), ("overrides", .sequence([]))])),
        ]
        return .map(f)
    }
}
