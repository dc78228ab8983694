/// The metrics a Prometheus has: what its sources provide and its recording rules record.
/// Checks that a query only selects series that exist, with labels they carry, so that a
/// renamed metric or job cannot leave an alert or a panel measuring nothing.
public struct Catalogue: Sendable {
    public let sources: [any MetricSource]
    public let recorded: [Metric]
    /// Sources by job label: a selector on `job` meets only the sources it names, so checking one
    /// selector per service stays linear in the number of services.
    private let sourcesByJob: [String: [any MetricSource]]
    /// Sources by each series they provide (a histogram's buckets, count and sum included): a
    /// selector without a job meets only the sources of its metric, not every source.
    private let sourcesByMetric: [Metric: [any MetricSource]]

    public init(sources: [any MetricSource], recorded: [Metric]) {
        self.sources = sources
        self.recorded = recorded
        sourcesByJob = Dictionary(grouping: sources, by: \.jobLabel)
        var byMetric: [Metric: [any MetricSource]] = [:]
        for source in sources {
            let series = Set(source.provides.flatMap { $0.kind == .histogram ? [$0, $0.bucket, $0.count, $0.sum] : [$0] })
            for metric in series { byMetric[metric, default: []].append(source) }
        }
        sourcesByMetric = byMetric
    }

    /// What is wrong with the selectors of `expr` (empty when nothing).
    public func problems(in expr: PromQL) -> [String] {
        expr.selectors.flatMap(problems(in:))
    }

    func problems(in selector: Selector) -> [String] {
        let metric = selector.metric
        if metric.kind == .synthetic && metric != .up { return [] }
        if metric.kind == .recorded {
            guard recorded.contains(metric) else { return ["\(metric.name) is recorded by no rule"] }
            return selector.matchers.filter { !metric.labels.contains($0.label) }
                .map { "\(metric.name) has no label \($0.label)" }
        }
        let job = selector.matchers.first { $0.label == "job" }
        // `job=~"a|b"` names its jobs (gen writes no other regular expression on job).
        let named = job.flatMap { $0.op == .matches ? $0.value.split(separator: "|").map(String.init) : nil }
        let candidates: [any MetricSource]
        switch job?.op {
        case .equal?: candidates = (sourcesByJob[job!.value] ?? []).filter { $0.hasSeries(metric) }
        case .matches?: candidates = Array(Set(named ?? [])).flatMap { sourcesByJob[$0] ?? [] }.filter { $0.hasSeries(metric) }
        case .notEqual?, .notMatches?, nil: candidates = sourcesByMetric[metric] ?? []
        }
        guard !candidates.isEmpty else {
            return ["no source provides \(metric.name)" + (job.map { " with \($0)" } ?? "")]
        }
        if let named {
            let providing = Set(candidates.map(\.jobLabel))
            let missing = named.filter { !providing.contains($0) }
            if !missing.isEmpty { return ["job \(missing.joined(separator: ", ")) does not provide \(metric.name)"] }
        }
        return selector.matchers.compactMap { matcher in
            let known = candidates.allSatisfy { metric.labels.contains(matcher.label) || $0.targetLabels.contains(matcher.label) }
            return known ? nil : "\(selector) selects on \(matcher.label), which \(metric.name) does not carry"
        }
    }
}

extension MetricSource {
    /// `metric{job=~"a|b"}` across several sources, each of which must provide the metric.
    public static func select(_ metric: Metric, from sources: [any MetricSource]) -> Selector {
        for source in sources { precondition(source.hasSeries(metric), "job \(source.jobLabel) does not provide \(metric.name)") }
        if sources.count == 1 { return Selector(metric, [Matcher("job", .equal, sources[0].jobLabel)]) }
        return Selector(metric, [Matcher("job", .matches, sources.map(\.jobLabel).joined(separator: "|"))])
    }
}

extension InputSeries {
    /// The `_bucket` (with `+Inf`) and `_count` series of a histogram fed, every interval, with
    /// `observations`: how many requests took how long.
    public static func histogram(_ metric: Metric, _ labels: [(String, String)],
                                 observations: [(seconds: PromNumber, count: PromNumber)], samples: Int) -> [InputSeries] {
        let total = observations.reduce(PromNumber(0)) { $0 + $1.count }
        let bounds = metric.buckets.map { bound in (bound.description, observations.filter { $0.seconds <= bound }) }
        var out = bounds.map { bound, within -> InputSeries in
            InputSeries(metric.bucket, labels + [(Metric.le, bound)],
                        .steps(from: 0, by: within.reduce(PromNumber(0)) { $0 + $1.count }, samples: samples))
        }
        out.append(InputSeries(metric.bucket, labels + [(Metric.le, "+Inf")], .steps(from: 0, by: total, samples: samples)))
        out.append(InputSeries(metric.count, labels, .steps(from: 0, by: total, samples: samples)))
        return out
    }
}
