/// Names of the metrics the Secure Messenger services expose (seed 5.2), declared once.
///
/// Alerts, recording rules, dashboards and the production deploy's error-rate watch refer to
/// these values, never to a metric name typed again.
public enum Telemetry {
    /// Counter of HTTP requests served by the backend and web, labelled with `status`.
    public static let httpRequests = "http_requests_total"
    /// The label of `httpRequests` that holds the HTTP status code.
    public static let httpStatusLabel = "status"
}
