import Components

/// Every Secret a product's pods read, declared once (seed section 10.1): the product's own
/// (`Product.secrets`), then those every product has. `gen` fails when a pod
/// reads a Secret or key missing here, and writes `docs/secrets.md` and the per-environment
/// `kubectl create secret` script from this list.
///
/// The seed keeps `database-url` and `redis-url` in `app-secrets`: URLs that hold the host as
/// well as the password, so renaming a Service breaks the app while the Secret looks fine. Here
/// the host and port come from the connection (a ConfigMap) and only the passwords are secret.
public enum Secrets {
    /// 256 random bits, hex: URL-safe, so it can sit in a composed connection URL.
    public static let randomHex = "openssl rand -hex 32"

    static func catalogue(_ product: Product) -> SecretCatalogue {
        SecretCatalogue(product.secrets + [
            SecretDeclaration(DataTier.postgresCredentials, keys: [(DataTier.passwordKey, randomHex)],
                              purpose: "PostgreSQL owner's password (the server, its exporter, the services that connect to it)"),
            SecretDeclaration(DataTier.redisCredentials, keys: [(DataTier.passwordKey, randomHex)],
                              purpose: "Redis password (the server, its exporter, the services that connect to it)"),
            SecretDeclaration(product.tlsSecret, keys: [("tls.crt", "issued by cert-manager"),
                                                                     ("tls.key", "issued by cert-manager")],
                              purpose: "the Ingress's TLS certificate for both hosts",
                              provider: .controller("cert-manager")),
        ] + Backups.secrets(product))
    }

    /// The cluster's own Secrets, in the monitoring namespace: no environment's pod reads them.
    public static func cluster(_ product: Product) -> SecretCatalogue { SecretCatalogue(Alerting.secrets(product)) }
}
