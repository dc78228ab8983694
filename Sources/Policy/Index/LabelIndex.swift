/// Items (pod-owning objects, Services) by their labels, looked up by selector: a lookup compares
/// the selector only with the items that carry its rarest constraint, not with every item, so
/// that a check that looks up one selector per object stays linear in the number of objects.
/// The generator uses it too, to find the Deployment behind a budget or a route.
public struct LabelIndex<Item: Sendable>: Sendable {
    /// Every item with its labels, in insertion order.
    public private(set) var entries: [(item: Item, labels: PodLabels)] = []
    /// Positions (ascending) of the items whose label `key` is exactly `value`.
    private var exact: [LabelPair: [Int]] = [:]
    /// Positions of the items whose label `key` a controller sets (any value may match a selector).
    private var chosenByController: [String: [Int]] = [:]
    /// Positions of the items that have label `key`, whatever its value.
    private var withKey: [String: [Int]] = [:]

    /// What a lookup found, and how many items it compared with the selector to find it.
    public struct Lookup {
        /// The items the selector matches, in insertion order.
        public var items: [Item]
        /// How many items were compared with the selector.
        public var compared: Int
    }

    public init() {}

    /// Adds `item`, whose (pods') labels are `labels`.
    public mutating func insert(_ item: Item, labels: PodLabels) {
        let position = entries.count
        entries.append((item, labels))
        for (key, value) in labels.values {
            withKey[key, default: []].append(position)
            if case .exactly(let v) = value {
                exact[LabelPair(key: key, value: v), default: []].append(position)
            } else {
                chosenByController[key, default: []].append(position)
            }
        }
    }

    /// How many items carry `pair` exactly: how selective a selector on it is.
    func count(_ pair: LabelPair) -> Int { exact[pair]?.count ?? 0 }

    /// The items `selector` matches, in insertion order.
    public func lookup(_ selector: LabelSelectorView) -> Lookup {
        let positions = candidates(for: selector) ?? Array(entries.indices)
        var items: [Item] = []
        for position in positions where selector.matches(entries[position].labels) { items.append(entries[position].item) }
        return Lookup(items: items, compared: positions.count)
    }

    /// The positions (ascending, distinct) of every item that can match `selector`: those of its
    /// narrowest `key=value`, `key in (…)` or `key` (Exists) constraint, with the items whose
    /// label a controller sets. Nil when no constraint narrows (`{}`, NotIn, DoesNotExist only).
    private func candidates(for selector: LabelSelectorView) -> [Int]? {
        // Sizes first, lists last: merging the list of a common label for every lookup would
        // cost as much as the scan this index replaces.
        var narrowest: (size: Int, lists: [[Int]])?
        func consider(_ lists: [[Int]]) {
            let size = lists.reduce(0) { $0 + $1.count }
            if narrowest.map({ size < $0.size }) ?? true { narrowest = (size, lists) }
        }
        for (key, value) in selector.matchLabels {
            consider([exact[LabelPair(key: key, value: value)] ?? [], chosenByController[key] ?? []])
        }
        for expression in selector.expressions {
            switch expression.op {
            case "In":
                consider(Set(expression.values).map { exact[LabelPair(key: expression.key, value: $0)] ?? [] }
                         + [chosenByController[expression.key] ?? []])
            case "Exists":
                consider([withKey[expression.key] ?? []])
            default:
                continue
            }
        }
        guard let lists = narrowest?.lists else { return nil }
        return lists.count == 1 ? lists[0] : Array(Set(lists.joined())).sorted()
    }
}
