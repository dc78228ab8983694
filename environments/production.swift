import Platform
import SecureMessenger

/// Production: blue/green, the seed's larger sizes. Which colour serves and the release each
/// colour runs are recorded data, `generated/deploy-state/production.json`, changed with
/// `swift run gen state production` (the deploy workflow records each switch that way).
public let production = Environment.named("production") { env in
    env[backend].replicas = 5
    env[web].replicas = 3
    env.rollout = .blueGreen
    // The data tier runs by digest: a re-pushed tag cannot swap the database server under us.
    env.imageDigests = DataTier.digests
}
