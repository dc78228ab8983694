/// One `key=value` label: what the label indexes are keyed by.
struct LabelPair: Hashable, Sendable {
    var key: String
    var value: String
}
