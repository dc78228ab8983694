/// Who operates a product and where its operational data goes: the contact certificates are
/// registered with, the Slack channels alerts go to, the bucket backups are written to. Set once
/// in the product's declaration; every artefact that names one of them reads it from here.
public struct Operations: Sendable {
    /// The ACME account's e-mail (cert-manager's ClusterIssuers): where expiry and revocation
    /// notices go.
    public var contactEmail: String
    /// The Slack channel critical alerts page (Alertmanager's page receiver).
    public var pageChannel: String
    /// The Slack channel warnings go to (Alertmanager's ticket receiver).
    public var ticketChannel: String
    /// The S3 bucket of the backups; each environment writes under its namespace's folder.
    public var backupBucket: String

    public init(contactEmail: String, pageChannel: String, ticketChannel: String, backupBucket: String) {
        self.contactEmail = contactEmail
        self.pageChannel = pageChannel
        self.ticketChannel = ticketChannel
        self.backupBucket = backupBucket
    }

    /// The names a product gets when it sets none: each derived from its `app` and `domain`, so
    /// that two products never share a channel or a bucket by default.
    public static func conventional(app: String, domain: String) -> Operations {
        Operations(contactEmail: "devops@\(domain)", pageChannel: "#\(app)-oncall", ticketChannel: "#\(app)-alerts",
                   backupBucket: "\(app)-backups")
    }
}
