import Components
import DockerfileModel
import Environments
import KubeModel
import Platform
import SecureMessenger
import WorkflowModel
import XCTest
import Yams

/// The PostgreSQL server as the backups need it, wired by construction: WAL archiving switched on
/// in its container with everything `wal-archive.sh` reads, its `pg_hba.conf` mounted where
/// `hba_file` points, the backup role's job, and one image for the server and every job, which CI
/// builds under the tag the tree deploys. The scripts and the hba file run against a real server
/// in scripts/test-backups.sh.
final class DatabaseServerTests: XCTestCase {
    struct Pod {
        var spec: PodSpec
        var container: Container
        var configMaps: [ConfigMap]

        /// The text of the file at `path`, when a mounted ConfigMap provides it.
        func configFile(_ path: String) -> String? {
            let folder = (path as NSString).deletingLastPathComponent, file = (path as NSString).lastPathComponent
            guard let mount = container.volumeMounts?.first(where: { $0.mountPath == folder }),
                  let volume = spec.volumes?.first(where: { $0.name == mount.name }),
                  let map = configMaps.first(where: { $0.metadata.name == volume.configMap?.name }) else { return nil }
            return map.data[file]
        }

        /// Whether a mounted Secret provides the file at `path`.
        func providesSecretFile(_ path: String) -> Bool {
            let folder = (path as NSString).deletingLastPathComponent, file = (path as NSString).lastPathComponent
            guard let mount = container.volumeMounts?.first(where: { $0.mountPath == folder }),
                  let secret = spec.volumes?.first(where: { $0.name == mount.name })?.secret else { return false }
            return secret.items?.contains { $0.path == file } ?? false
        }

        /// The names of `script`'s required variables that the container does not set, and the
        /// variables naming a file (`…_FILE`) that no mounted Secret provides.
        func unmet(_ script: ShellScript) -> [String] {
            let env = container.env ?? []
            let set = Set(env.map(\.name))
            let missing = script.inputs.filter { $0.defaultValue == nil && !set.contains($0.name) }.map(\.name)
            let files = env.filter { $0.name.hasSuffix("_FILE") }.filter { !providesSecretFile($0.value ?? "") }.map(\.name)
            return missing + files
        }
    }

    var stack: Stack!
    var plan: BackupPlan!

    override func setUpWithError() throws {
        stack = try ProductStack.build(production)
        plan = try Backups.plan(production)
    }

    func pod(_ name: String) throws -> Pod {
        let configMaps = stack.shared.compactMap { $0.object as? ConfigMap }
        if let set = stack.shared.compactMap({ $0.object as? StatefulSet }).first(where: { $0.metadata.name == name }) {
            let spec = set.spec.template.spec
            return Pod(spec: spec, container: try XCTUnwrap(spec.containers.first { $0.name == name }), configMaps: configMaps)
        }
        let job = try XCTUnwrap(stack.shared.compactMap { $0.object as? CronJob }.first { $0.metadata.name == name }, name)
        let spec = job.spec.jobTemplate.spec.template.spec
        return Pod(spec: spec, container: try XCTUnwrap(spec.containers.first), configMaps: configMaps)
    }

    func script(_ name: String) throws -> ShellScript {
        try XCTUnwrap(BackupScripts.all(secureMessenger, plan: plan).first { $0.name == name }, name)
    }

    /// `-c name=value` arguments of the server, by name.
    func serverSettings(_ container: Container) -> [String: String] {
        let args = container.args ?? []
        var settings: [String: String] = [:]
        for (flag, value) in zip(args, args.dropFirst()) where flag == "-c" {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            settings[parts[0]] = parts[1]
        }
        return settings
    }

    func testTheServerArchivesWALWithTheGeneratedScriptAndEverythingItReads() throws {
        let server = try pod("postgres")
        XCTAssertEqual(server.container.args?.first, "postgres", "the image's entrypoint starts the server for `postgres`")
        let settings = serverSettings(server.container)
        for (name, value) in WALArchiving.settings(for: plan) {
            XCTAssertEqual(settings[name], value, name)
        }
        XCTAssertEqual(settings["archive_timeout"], "\(plan.archiveTimeout.value)s", "a fifth of the RPO")
        // archive_command runs a script that the container has, at the path it names.
        let command = try XCTUnwrap(settings["archive_command"]).split(separator: " ").map(String.init)
        XCTAssertEqual(command.first, "bash")
        let archive = try script("wal-archive.sh")
        let mounted = try XCTUnwrap(server.configFile(command[1]), "\(command[1]) is not in a mounted ConfigMap")
        XCTAssertTrue(mounted.hasSuffix(archive.render(header: []).split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(2).joined(separator: "\n")), "the mounted file is the generated wal-archive.sh")
        XCTAssertTrue(server.configFile("\(BackupScripts.mountPath)/lib.sh") != nil, "the library it sources")
        XCTAssertEqual(server.unmet(archive), [], "wal-archive.sh's variables and files in the server's container")
        // It holds the public key, never the private one.
        XCTAssertFalse((server.spec.volumes ?? []).contains { $0.secret?.secretName == Backups.restoreSecret.name })
    }

    func testTheServerReadsTheGeneratedHBAFile() throws {
        let server = try pod("postgres")
        let path = try XCTUnwrap(serverSettings(server.container)["hba_file"])
        XCTAssertEqual(server.configFile(path), DatabaseAccess.hbaFile)
        let lines = DatabaseAccess.hbaFile.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(lines.first { $0.contains("replication") }, "host replication \(Backups.role) all scram-sha-256",
                       "only the backup role replicates, with a password")
        XCTAssertFalse(lines.contains { $0.hasPrefix("host") && $0.hasSuffix("trust") }, "no TCP client is trusted")
    }

    func testTheRolesJobSetsTheRoleTheBackupJobsConnectAsWithTheirPassword() throws {
        let roles = try pod(Backups.rolesJob)
        XCTAssertEqual(roles.unmet(try script("roles.sh")), [])
        XCTAssertEqual(roles.container.command, ["bash", "\(BackupScripts.mountPath)/roles.sh"])
        let job = try XCTUnwrap(stack.shared.compactMap { $0.object as? CronJob }.first { $0.metadata.name == Backups.rolesJob })
        XCTAssertEqual(job.spec.suspend, true, "run by the deploys, never on a schedule")
        func env(_ pod: Pod, _ name: String) -> String? { pod.container.env?.first { $0.name == name }?.value }
        XCTAssertEqual(env(roles, "PGUSER"), Environment.base.product.database, "the owner creates the role")
        for name in [Backups.dumpJob, Backups.baseBackupJob] {
            let backup = try pod(name)
            XCTAssertEqual(env(backup, "PGUSER"), DatabaseAccess.backupRole.name, name)
            XCTAssertEqual(backup.unmet(try script(name == Backups.dumpJob ? "backup.sh" : "base-backup.sh")), [], name)
            // The password the job connects with is the one the roles job sets: the same Secret key.
            let connectsWith = try XCTUnwrap(env(backup, "PGPASSWORD_FILE"))
            let sets = try XCTUnwrap(env(roles, "BACKUP_ROLE_PASSWORD_FILE"))
            let key = { (pod: Pod, path: String) -> [String] in
                let mount = pod.container.volumeMounts?.first { $0.mountPath == (path as NSString).deletingLastPathComponent }
                let secret = pod.spec.volumes?.first { $0.name == mount?.name }?.secret
                return [secret?.secretName ?? "?", (path as NSString).lastPathComponent]
            }
            XCTAssertEqual(key(backup, connectsWith), key(roles, sets), name)
        }
    }

    /// The point-in-time restore writes into the server's own data: the claim the StatefulSet's
    /// pod 0 gets from its volume claim template, mounted where the server mounts it, PGDATA the
    /// server's, as the server's user; its own server on a Unix socket with archiving held (no
    /// command), every input restore.sh requires set, and suspended, run once, within the RTO.
    func testThePointInTimeRestoreWritesIntoTheServersOwnDataAsItsUser() throws {
        let set = try XCTUnwrap(stack.shared.compactMap { $0.object as? StatefulSet }.first { $0.metadata.name == "postgres" })
        let server = try pod("postgres")
        let template = try XCTUnwrap(set.spec.volumeClaimTemplates?.first)
        let serverMount = try XCTUnwrap(server.container.volumeMounts?.first { $0.name == template.metadata.name })
        let restore = try pod(Backups.pointInTimeJobName)
        let claimVolume = try XCTUnwrap(restore.spec.volumes?.first { $0.persistentVolumeClaim != nil })
        XCTAssertEqual(claimVolume.persistentVolumeClaim?.claimName, "\(template.metadata.name)-\(set.metadata.name)-0",
                       "the claim of the StatefulSet's pod 0 (the volume claim template's name, then the pod's)")
        XCTAssertEqual(restore.container.volumeMounts?.first { $0.name == claimVolume.name }?.mountPath, serverMount.mountPath)
        func env(_ pod: Pod, _ name: String) -> String? { pod.container.env?.first { $0.name == name }?.value }
        XCTAssertEqual(env(restore, "PGDATA"), env(server, "PGDATA"))
        XCTAssertNotNil(env(restore, "PGDATA"))
        XCTAssertEqual(restore.spec.securityContext?.runAsUser, server.spec.securityContext?.runAsUser)
        XCTAssertEqual(restore.unmet(try script("restore.sh")), [])
        XCTAssertEqual(restore.container.command, ["bash", "\(BackupScripts.mountPath)/restore.sh", "latest",
                                                   "--to-time", "$(\(Backups.recoveryTargetVariable))", "--in-place"])
        let options = try XCTUnwrap(env(restore, "PG_SERVER_OPTIONS"))
        XCTAssertTrue(options.hasPrefix("-c listen_addresses= "), options)
        XCTAssertTrue(options.contains(" -c archive_mode=on ") && options.contains(" -c archive_command= "), options)
        let job = try XCTUnwrap(stack.shared.compactMap { $0.object as? CronJob }.first { $0.metadata.name == Backups.pointInTimeJobName })
        XCTAssertEqual(job.spec.suspend, true)
        XCTAssertEqual(job.spec.jobTemplate.spec.backoffLimit, 0)
        XCTAssertEqual(job.spec.jobTemplate.spec.activeDeadlineSeconds, plan.objectives.rto)
    }

    /// A managed database has no volume here: no point-in-time Job, and the disaster-recovery
    /// page's alternative runs restore.sh from a machine.
    func testAnExternalDatabaseHasNoPointInTimeJob() throws {
        let managed = Environment.named("managed") { env in
            env.postgres = .external(host: "db.example.com", cidrs: ["10.20.0.0/16"])
        }
        let names = try ProductStack.build(managed).shared.compactMap { $0.object as? CronJob }.map(\.metadata.name)
        XCTAssertFalse(names.contains(Backups.pointInTimeJobName))
        XCTAssertTrue(names.contains(Backups.restoreJobName))
        let alternative = try XCTUnwrap(try DisasterRecovery.steps(managed).compactMap(\.alternative).first)
        XCTAssertEqual(alternative.commands, ["bash scripts/backup/restore.sh latest --to-time \"$TARGET_TIME\""])
        let inCluster = try XCTUnwrap(try DisasterRecovery.steps(production).compactMap(\.alternative).first)
        XCTAssertTrue(inCluster.commands.contains { $0.contains("create job --from=cronjob/\(Backups.pointInTimeJobName)") })
    }

    /// Every line of the workflow's `run:` scripts, in order.
    func scriptLines(_ workflow: Workflow) -> [String] {
        workflow.jobs.flatMap(\.steps).flatMap { step -> [String] in
            guard case .run(let script) = step.body else { return [] }
            return script.split(separator: "\n").map(String.init)
        }
    }

    func testEveryDeployRunsTheRolesJobOnceThePostgreSQLServerIsReady() throws {
        for env in [staging, production] {
            let lines = scriptLines(try Pipelines.deploy(env))
            let rollout = try XCTUnwrap(lines.firstIndex { $0.contains("rollout status statefulset/postgres") }, env.name)
            let roles = try XCTUnwrap(lines.firstIndex { $0.contains("create job --from=cronjob/\(Backups.rolesJob)") }, env.name)
            XCTAssertLessThan(rollout, roles, env.name)
            XCTAssertTrue(lines[roles + 1].contains("wait --for=condition=complete"), "the deploy waits for the role: \(env.name)")
        }
    }

    func testTheServerAndEveryJobRunOneImageThatCIBuildsUnderTheTagTheTreeDeploys() throws {
        let expected = "\(secureMessenger.postgresRepository):\(PostgresImage.tag)"
        for name in ["postgres", Backups.dumpJob, Backups.baseBackupJob, Backups.restoreJobName, Backups.rolesJob] {
            XCTAssertEqual(try pod(name).container.image.description, expected, name)
        }
        // CI's job, as committed (gen --check keeps the file current).
        let ci = try String(contentsOf: repositoryRoot.appendingPathComponent("generated/.github/workflows/ci.yml"), encoding: .utf8)
        let jobs = try XCTUnwrap((try Yams.load(yaml: ci) as? [String: Any])?["jobs"] as? [String: Any])
        let steps = try XCTUnwrap((jobs["postgres-image"] as? [String: Any])?["steps"] as? [[String: Any]])
        let build = try XCTUnwrap(steps.last)
        let inputs = try XCTUnwrap(build["with"] as? [String: Any])
        XCTAssertEqual(inputs["tags"] as? String, expected)
        XCTAssertEqual(inputs["file"] as? String, "docker/\(PostgresImage.name)/Dockerfile")
        XCTAssertEqual(build["if"] as? String, "steps.pushed.outputs.pushed == 'false'", "pushed only when the tag is absent")
        XCTAssertTrue(scriptLines(try Pipelines.deploy(production)).contains("docker buildx imagetools inspect \(expected) > /dev/null"),
                      "the production deploy checks that it exists")
    }

    func testTheImageTagFollowsTheDockerfile() throws {
        try PostgresImage.dockerfile.validate()
        let text = PostgresImage.dockerfile.text(header: [])
        XCTAssertTrue(text.contains("FROM \(DataTier.postgresImage.repository):\(DataTier.postgresImage.tag)@\(DataTier.postgresImage.digest) "),
                      "the official image, by digest")
        XCTAssertTrue(text.contains("\nUSER \(PostgresImage.userID):\(PostgresImage.userID)\n"))
        XCTAssertEqual(PostgresImage.tag, PostgresImage.tag(of: PostgresImage.dockerfile))
        XCTAssertTrue(PostgresImage.tag.wholeMatch(of: /16\.10-[0-9a-f]{10}/) != nil, PostgresImage.tag)
        var changed = PostgresImage.dockerfile
        changed.stages[0].instructions.insert(.env([("LANG", "C.UTF-8")]), at: 0)
        XCTAssertNotEqual(PostgresImage.tag(of: changed), PostgresImage.tag, "a changed Dockerfile is a new tag")
    }
}
