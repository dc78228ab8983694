import Components
import Environments
import Generator
import KubeModel
import Platform
import SecureMessenger
import XCTest

/// The backup model: what the objectives derive, the rejection of objectives no schedule meets,
/// the CronJobs' safety settings and the generated scripts. The scripts themselves run against
/// real servers in scripts/test-backups.sh.
final class BackupModelTests: XCTestCase {
    func testTheSeedsObjectivesGiveTheSeedsScheduleAndAOneMinuteArchiveTimeout() throws {
        let plan = try BackupPlan(.seed)
        XCTAssertEqual(plan.dumpSchedule, "*/5 * * * *")
        XCTAssertEqual(plan.archiveTimeout, 60)
        XCTAssertEqual(plan.startingDeadline, 60)
        XCTAssertEqual(plan.dumpDeadline, 240)
        XCTAssertLessThanOrEqual(plan.startingDeadline.value + plan.dumpDeadline.value, plan.dumpPeriod.value,
                                 "a run must end before the next one is due")
        XCTAssertEqual(plan.dumpStaleAfter, 540)
        XCTAssertEqual(plan.walArchiveAgeCritical, 300)
        XCTAssertEqual(plan.walArchiveAgeWarning, 120)
        XCTAssertEqual(plan.retentionDays, 30)
        XCTAssertEqual(WALArchiving.settings(for: plan).first { $0.name == "archive_timeout" }?.value, "60s")
    }

    func testTheScheduleIsTheLongestRegularCronPeriodWithinTheRPO() throws {
        XCTAssertEqual(try BackupPlan(Objectives(rpo: .minutes(7), rto: .minutes(30))).dumpSchedule, "*/6 * * * *")
        XCTAssertEqual(try BackupPlan(Objectives(rpo: .minutes(45), rto: .minutes(30))).dumpSchedule, "*/30 * * * *")
        XCTAssertEqual(try BackupPlan(Objectives(rpo: .hours(2), rto: .hours(4))).dumpSchedule, "0 */2 * * *")
        XCTAssertEqual(try BackupPlan(Objectives(rpo: .hours(30), rto: .hours(4))).dumpSchedule, "0 3 * * *")
    }

    func testAnRPOUnderAMinuteIsRejectedWithItsModelPath() {
        let broken = Environment.named("production") { env in env.objectives = Objectives(rpo: 30, rto: .minutes(30)) }
        XCTAssertThrowsError(try Generator.generate([broken])) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.hasPrefix("production › backups › objectives.rpo: RPO of 30 s is shorter than one minute"), text)
            XCTAssertTrue(text.contains("declared at environments/production.swift"), text)
        }
    }

    /// The restore stops every Deployment that runs (both colours in production), and its Role
    /// names exactly those: all taken from the built stack.
    func testTheRestoreJobStopsEveryDeploymentAndMayScaleNothingElse() throws {
        let stack = try ProductStack.build(production)
        let deployments = Set(stack.deployed.compactMap { ($0.object as? Deployment)?.metadata.name })
        XCTAssertEqual(deployments.count, production.product.services.count * max(1, production.colours.count))
        let restore = try XCTUnwrap(stack.shared.compactMap { $0.object as? CronJob }.first { $0.metadata.name == Backups.restoreJobName })
        let pod = restore.spec.jobTemplate.spec.template.spec
        let env = try XCTUnwrap(pod.containers.first?.env)
        let stopped = try XCTUnwrap(env.first { $0.name == BackupScripts.appDeployments.name }?.value)
        XCTAssertEqual(Set(stopped.split(separator: " ").map(String.init)), deployments)
        XCTAssertNotEqual(pod.automountServiceAccountToken, false, "the restore calls the API")
        let role = try XCTUnwrap(stack.bootstrap.compactMap { $0.object as? Role }.first { $0.metadata.name == Backups.restoreJobName })
        XCTAssertEqual(role.rules.map(\.verbs), BackupScripts.workloadsRequests.map(\.verbs))
        for rule in role.rules { XCTAssertEqual(Set(rule.resourceNames ?? []), deployments) }
        // Every other job keeps no token.
        for job in stack.shared.compactMap({ $0.object as? CronJob }) where job.metadata.name != Backups.restoreJobName {
            XCTAssertEqual(job.spec.jobTemplate.spec.template.spec.automountServiceAccountToken, false, job.metadata.name)
        }
    }

    func testTheDumpCronJobIsSafeByConstruction() throws {
        let manifests = try Backups.manifests(production, deployments: [])
        let cronJob = try XCTUnwrap(manifests.compactMap { $0.object as? CronJob }.first { $0.metadata.name == Backups.dumpJob })
        let spec = cronJob.spec
        XCTAssertEqual(spec.concurrencyPolicy, "Forbid")
        XCTAssertEqual(spec.startingDeadlineSeconds, 60)
        XCTAssertEqual(spec.jobTemplate.spec.activeDeadlineSeconds, 240)
        XCTAssertEqual(spec.jobTemplate.spec.backoffLimit, 1)
        XCTAssertNotNil(spec.successfulJobsHistoryLimit)
        let pod = spec.jobTemplate.spec.template.spec
        XCTAssertEqual(pod.serviceAccountName, Backups.dumpJob)
        XCTAssertEqual(pod.automountServiceAccountToken, false)
        XCTAssertEqual(pod.securityContext?.runAsNonRoot, true)
        let container = try XCTUnwrap(pod.containers.first)
        XCTAssertEqual(container.securityContext?.readOnlyRootFilesystem, true)
        XCTAssertEqual(container.command, ["bash", "/scripts/backup.sh"])
        // Credentials are files from Secrets, never environment values.
        XCTAssertTrue((container.env ?? []).allSatisfy { $0.valueFrom?.secretKeyRef == nil })
        let secrets = Set((pod.volumes ?? []).compactMap { $0.secret?.secretName })
        XCTAssertEqual(secrets, [Backups.storageSecretName, Backups.jobSecret.name])
        XCTAssertFalse(secrets.contains(Backups.restoreSecret.name), "a backup job never holds the private key")
        XCTAssertEqual(container.env?.first { $0.name == "S3_PREFIX" }?.valueFrom, .field("metadata.namespace"))
    }

    func testTheConfigMapHoldsTheGeneratedScripts() throws {
        let plan = try Backups.plan(.base)
        let configMap = try XCTUnwrap(try Backups.manifests(.base, deployments: []).compactMap { $0.object as? ConfigMap }.first)
        for script in BackupScripts.all(secureMessenger, plan: plan) {
            let file = try String(contentsOf: repositoryRoot.appendingPathComponent("generated/scripts/backup/\(script.name)"),
                                  encoding: .utf8)
            let inMap = try XCTUnwrap(configMap.data[script.name], script.name)
            // The same script below the first line and gen's header (two lines in the file, one in the map).
            XCTAssertEqual(file.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3),
                           inMap.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2), script.name)
        }
    }

    func testAScriptChecksEveryRequiredVariableUpFrontAndQuotesItsConstants() {
        let script = ShellScript(
            name: "x.sh", summary: ["Example."], constants: [.init("GREETING", "it's")],
            inputs: [.init("A", "first"), .init("B", "second", default: "2"), .init("C", "third")], body: "echo \"$A\"")
        let text = script.render(header: ["Generated."])
        XCTAssertTrue(text.hasPrefix("#!/usr/bin/env bash\n# Generated.\n"))
        XCTAssertTrue(text.contains("readonly GREETING='it'\\''s'\n"))
        XCTAssertTrue(text.contains("for variable in A C; do"))
        XCTAssertTrue(text.contains("[[ -n \"${B:-}\" ]] || B=2\nexport B\n"))
        XCTAssertTrue(text.contains("set -euo pipefail"))
    }

    /// The keyring holds the current key and every key that was current within the retention:
    /// a key retired `retentionDays` ago encrypted the oldest backup kept.
    func testTheKeyringRetainsEveryKeyOfTheRetentionPeriod() throws {
        XCTAssertEqual(try BackupPlan(.seed).retainedKeys, 2, "90-day rotation, 30-day retention: current and previous")
        XCTAssertEqual(try BackupPlan(.seed, retentionDays: 30, keyRotationDays: 20).retainedKeys, 3)
        XCTAssertEqual(try BackupPlan(.seed, retentionDays: 30, keyRotationDays: 30).retainedKeys, 2)
        XCTAssertEqual(try BackupPlan(.seed, retentionDays: 31, keyRotationDays: 30).retainedKeys, 3)
        XCTAssertThrowsError(try BackupPlan(.seed, keyRotationDays: 0))
    }

    /// The restore job gives restore.sh every variable it requires, and mounts every key of the
    /// restore Secret: the keyring and its passphrases, not a single key.
    func testTheRestoreJobGetsEveryRequiredInputAndTheWholeKeyring() throws {
        let plan = try Backups.plan(production)
        let restore = try XCTUnwrap(BackupScripts.all(secureMessenger, plan: plan).first { $0.name == "restore.sh" })
        for name in Backups.restoringJobs {
            let cronJob = try XCTUnwrap(try Backups.manifests(production, deployments: []).compactMap { $0.object as? CronJob }
                .first { $0.metadata.name == name })
            let pod = cronJob.spec.jobTemplate.spec.template.spec
            let env = Set((pod.containers.first?.env ?? []).map(\.name))
            for input in restore.inputs where input.defaultValue == nil {
                XCTAssertTrue(env.contains(input.name), "restore.sh requires \(input.name), which \(name) does not set")
            }
            let mounted = (pod.volumes ?? []).first { $0.secret?.secretName == Backups.restoreSecret.name }?.secret?.items ?? []
            XCTAssertEqual(Set(mounted.map(\.key)), Set(Backups.restoreSecret.keys.map(\.key)), name)
            for input in restore.inputs where input.name.hasPrefix("BACKUP_PRIVATE_KEY") {
                XCTAssertTrue(env.contains(input.name), "\(name) does not point restore.sh at \(input.name)")
            }
        }
    }

    /// The drill runs by itself on the plan's schedule, restores the latest dump in drill mode
    /// (never by swap), within the RTO, and is not retried; the manual restore stays suspended.
    func testTheRestoreDrillIsScheduledAndNeverSwaps() throws {
        let plan = try Backups.plan(production)
        let jobs = try Backups.manifests(production, deployments: []).compactMap { $0.object as? CronJob }
        let drill = try XCTUnwrap(jobs.first { $0.metadata.name == Backups.restoreDrillJob })
        XCTAssertEqual(drill.spec.suspend ?? false, false)
        XCTAssertEqual(drill.spec.schedule, plan.restoreDrillSchedule)
        XCTAssertEqual(drill.spec.schedule, "47 4 * * *")
        XCTAssertEqual(drill.spec.jobTemplate.spec.activeDeadlineSeconds, plan.objectives.rto)
        XCTAssertEqual(drill.spec.jobTemplate.spec.backoffLimit, 0)
        XCTAssertEqual(drill.spec.jobTemplate.spec.template.spec.containers.first?.command,
                       ["bash", "\(BackupScripts.mountPath)/restore.sh", "latest", "--drill"])
        let manual = try XCTUnwrap(jobs.first { $0.metadata.name == Backups.restoreJobName })
        XCTAssertEqual(manual.spec.suspend, true)
    }
}
