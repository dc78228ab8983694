/// Items that select pods (PodDisruptionBudgets, NetworkPolicies) by their selectors, looked up by
/// a pod's labels: each selector is filed under its rarest `key=value`, so a lookup compares the
/// pod only with the selectors filed under one of its labels and with those that have no
/// `matchLabels` (`{}` selects every pod), not with every selector of the namespace.
struct SelectorIndex<Item: Sendable>: Sendable {
    private var entries: [(item: Item, selector: LabelSelectorView)] = []
    private var byPair: [LabelPair: [Int]] = [:]
    private var byKey: [String: [Int]] = [:]
    private var unfiled: [Int] = []

    /// What a lookup found, and how many selectors it compared with the pod's labels to find it.
    struct Lookup {
        var items: [Item]
        var compared: Int
    }

    /// `rarity` tells how many pods carry a label: the lower, the fewer lookups meet the selector.
    mutating func insert(_ item: Item, selector: LabelSelectorView, rarity: (LabelPair) -> Int) {
        let position = entries.count
        entries.append((item, selector))
        let pairs = selector.matchLabels.map { LabelPair(key: $0.key, value: $0.value) }
        guard let rarest = pairs.min(by: { (rarity($0), $0.key, $0.value) < (rarity($1), $1.key, $1.value) }) else {
            unfiled.append(position)
            return
        }
        byPair[rarest, default: []].append(position)
        byKey[rarest.key, default: []].append(position)
    }

    /// The items whose selector matches pods labelled `labels`, in insertion order.
    func lookup(_ labels: PodLabels) -> Lookup {
        var positions = unfiled
        for (key, value) in labels.values {
            // A selector filed under key=v can match only a pod whose label key allows v.
            if case .exactly(let v) = value {
                positions += byPair[LabelPair(key: key, value: v)] ?? []
            } else {
                positions += byKey[key] ?? []
            }
        }
        // Each selector is filed once and a pod has each key once: no position repeats.
        positions.sort()
        var items: [Item] = []
        for position in positions where entries[position].selector.matches(labels) { items.append(entries[position].item) }
        return Lookup(items: items, compared: positions.count)
    }
}
