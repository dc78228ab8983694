import KubeModel

/// A file a container reads a Secret's key from (`/run/secrets/postgres/password`), so the value
/// never sits in the environment, where crash dumps and `/proc/<pid>/environ` expose it.
public struct SecretFile: Equatable, Hashable, Sendable {
    public var secret: String
    public var key: String
    /// The folder the Secret's key appears in, as a file named after the key.
    public var directory: String

    public init(secret: String, key: String, directory: String) {
        self.secret = secret
        self.key = key
        self.directory = directory
    }

    /// The file's full path, for settings such as `POSTGRES_PASSWORD_FILE`.
    public var path: String { "\(directory)/\(key)" }
}

/// A ConfigMap mounted read-only as files in a folder (scripts, configuration).
public struct ConfigFiles: Equatable, Sendable {
    public var configMap: String
    public var mountPath: String
    /// Mode of the files: 0o444 for configuration, 0o555 for scripts.
    public var mode: Int

    public init(configMap: String, mountPath: String, mode: Int = 0o444) {
        self.configMap = configMap
        self.mountPath = mountPath
        self.mode = mode
    }
}

/// One container of a component's pod: what it runs and what it needs, without the security
/// context, which `Hardening` adds to every container the same way.
public struct ContainerTemplate: Sendable {
    public var name: String
    public var image: Image
    public var ports: [ContainerPort]
    public var command: [String]?
    public var args: [String]?
    public var env: [EnvVar] = []
    public var envFrom: [EnvFromSource] = []
    public var secretFiles: [SecretFile] = []
    /// ConfigMaps mounted as read-only files.
    public var configFiles: [ConfigFiles] = []
    public var resources: ResourceRequirements
    public var liveness: Probe?
    public var readiness: Probe?
    public var startup: Probe?
    /// Writable directories, each backed by its own size-limited `emptyDir` (the root filesystem
    /// is read-only).
    public var writablePaths: [WritableDirectory] = []

    public init(name: String, image: Image, ports: [ContainerPort], resources: ResourceRequirements) {
        self.name = name
        self.image = image
        self.ports = ports
        self.resources = resources
    }

    /// The container and the volumes it needs (writable folders, Secret files), named after it.
    func build(hardening: Hardening, mounts extra: [VolumeMount] = []) throws -> (Container, [Volume]) {
        for probe in [liveness, readiness, startup].compactMap({ $0 }) {
            if let port = probe.portName, !ports.contains(where: { $0.name == port }) {
                throw ComponentError("a probe targets port \"\(port)\", which the container does not declare", path: [name])
            }
        }
        var volumes: [Volume] = []
        var mounts = extra
        for (i, dir) in writablePaths.enumerated() {
            let volume = Volume(name: "\(name)-writable-\(i)", emptyDir: EmptyDirSource(sizeLimit: dir.sizeLimit))
            volumes.append(volume)
            mounts.append(VolumeMount(name: volume.name, mountPath: dir.path))
        }
        for (i, files) in configFiles.enumerated() {
            let volume = Volume(name: "\(name)-files-\(i)",
                                configMap: ConfigMapVolumeSource(name: files.configMap, defaultMode: files.mode))
            volumes.append(volume)
            mounts.append(VolumeMount(name: volume.name, mountPath: files.mountPath, readOnly: true))
        }
        for file in secretFiles {
            let volume = "\(name)-\(file.secret)"
            if !volumes.contains(where: { $0.name == volume }) {
                // 0440: readable by the pod's group (fsGroup), which is how a non-root user reads it.
                volumes.append(Volume(name: volume, secret: SecretVolumeSource(
                    secretName: file.secret, items: secretFiles.filter { $0.secret == file.secret }
                        .map { KeyToPath(key: $0.key, path: $0.key) }, defaultMode: 0o440)))
                mounts.append(VolumeMount(name: volume, mountPath: file.directory, readOnly: true))
            }
        }
        var c = Container(name: name, image: image)
        c.imagePullPolicy = .ifNotPresent
        c.command = command
        c.args = args
        c.ports = ports.isEmpty ? nil : ports
        c.env = env.isEmpty ? nil : env
        c.envFrom = envFrom.isEmpty ? nil : envFrom
        c.resources = resources
        c.volumeMounts = mounts.isEmpty ? nil : mounts
        c.livenessProbe = liveness
        c.readinessProbe = readiness
        c.startupProbe = startup
        c.securityContext = hardening.container
        return (c, volumes)
    }
}
