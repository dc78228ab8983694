import MonitoringModel

/// The metrics a product's Node.js services expose on their HTTP port (seed 5.2), declared once.
///
/// Alerts, recording rules, dashboards, promtool tests and the production deploy's error-rate
/// watch refer to these values, never to a metric name typed again. `Telemetry.httpRequests.name`
/// (or `"\(Telemetry.httpRequests)"`) is the bare name for places that need text.
public enum Telemetry {
    /// The label of `httpRequests` that holds the HTTP status code.
    public static let httpStatusLabel = "status"
    /// The request's route template (`/messages/:id`), not its path: paths would explode the series count.
    public static let httpRouteLabel = "route"
    public static let httpMethodLabel = "method"

    /// Counter of HTTP requests served, labelled with `status`.
    public static let httpRequests = Metric.counter(
        "http_requests_total", help: "HTTP requests served, by method, route and status code.",
        labels: [httpMethodLabel, httpRouteLabel, httpStatusLabel])

    /// The latency objective's threshold (500 ms) must be a bucket bound, or the SLI cannot be
    /// computed exactly: it is one of these.
    public static let httpRequestDuration = Metric.histogram(
        "http_request_duration_seconds", help: "Time to serve an HTTP request, by method, route and status code.",
        labels: [httpMethodLabel, httpRouteLabel, httpStatusLabel],
        buckets: ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5"])

    public static let websocketConnections = Metric.gauge(
        "websocket_connections_active", help: "Open WebSocket connections on this pod.")
    public static let messagesSent = Metric.counter("messages_sent_total", help: "Messages accepted from senders.")
    public static let messagesReceived = Metric.counter("messages_received_total", help: "Messages delivered to recipients.")

    /// Node.js process metrics (prom-client's default metrics), on every service.
    public static let processCPU = Metric.counter("process_cpu_seconds_total", help: "CPU time used by the process.")
    public static let processMemory = Metric.gauge("process_resident_memory_bytes", help: "Resident memory of the process.")

    /// What an HTTP service exposes: requests, latency, process.
    public static let httpMetrics = [httpRequests, httpRequestDuration, processCPU, processMemory]
    /// What a messaging API exposes: an HTTP service's metrics, its WebSocket gateway and message counters.
    public static let messagingMetrics = httpMetrics + [websocketConnections, messagesSent, messagesReceived]
}
