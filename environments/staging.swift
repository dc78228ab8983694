import Platform
import SecureMessenger

/// Staging: deployed on every push to `develop`; rolling updates, the seed's smaller sizes.
public let staging = Environment.named("staging") { env in
    env.release = "1.1.0-rc.1"
    env.domain = "staging.secure-messenger.app"
    env[backend].replicas = 3
    env[web].replicas = 2
}
