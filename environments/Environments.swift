import Platform
import SecureMessenger

/// Every environment `gen` knows, in the order it generates them.
public let allEnvironments: [Environment] = [staging, production]
