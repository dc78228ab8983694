import SecureMessenger

/// Production: blue/green, the seed's larger sizes. `rollout` names the colour that serves traffic.
public let production = Environment.named("production") { env in
    env.release = "1.0.0"
    env[backend].replicas = 5
    env[web].replicas = 3
    env.rollout = .blueGreen(active: .blue)
    // The data tier runs by digest: a re-pushed tag cannot swap the database server under us.
    env.imageDigests = DataTier.digests
}
