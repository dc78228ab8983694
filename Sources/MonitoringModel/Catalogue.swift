/// The metrics a Prometheus has: what its sources provide and its recording rules record.
/// Checks that a query only selects series that exist, with labels they carry, so that a
/// renamed metric or job cannot leave an alert or a panel measuring nothing.
public struct Catalogue: Sendable {
    public var sources: [any MetricSource]
    public var recorded: [Metric]

    public init(sources: [any MetricSource], recorded: [Metric]) {
        self.sources = sources
        self.recorded = recorded
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
        let candidates = sources.filter { source in
            guard source.hasSeries(metric) else { return false }
            guard let job else { return true }
            switch job.op {
            case .equal: return source.jobLabel == job.value
            case .matches: return job.value.split(separator: "|").contains { $0 == source.jobLabel }
            case .notEqual, .notMatches: return true
            }
        }
        guard !candidates.isEmpty else {
            return ["no source provides \(metric.name)" + (job.map { " with \($0)" } ?? "")]
        }
        if let job, job.op == .matches {
            let missing = job.value.split(separator: "|").filter { name in !candidates.contains { $0.jobLabel == name } }
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
