import Components
import Foundation
import KubeModel
import WorkflowModel

/// What CI checks on every image it builds, before pushing it: Trivy's image scan (its OS
/// packages and the app's dependencies) failing on HIGH and CRITICAL vulnerabilities that have a
/// fix, and a size budget. An image that fails either is never pushed, so no deploy can run it.
public enum ImageChecks {
    /// Severities that fail the scan.
    public static let severities = ["CRITICAL", "HIGH"]
    /// The seed's budget for a final image (section 2: "~150MB (< 500MB)"), in MiB.
    public static let defaultBudgetMiB = 500
    /// Trivy's ignore file at the repository root (generated: one ID per line, the reason above it).
    public static let ignoreFile = ".trivyignore"

    /// The ignore file: each accepted vulnerability with its reason as a comment. An entry without
    /// a reason, or whose ID is not a CVE or GitHub advisory, is a model error at its declaration.
    public static func ignoreFileContents(_ accepted: [AcceptedVulnerability], header: [String]) throws -> String {
        var out = header.map { "# \($0)\n" }.joined()
        out += "# Vulnerabilities CI's image scan accepts, each with its reason (Product.acceptedVulnerabilities).\n"
        for entry in accepted {
            if entry.reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ComponentError("accepted vulnerability \(entry.id) has no reason", source: entry.source)
            }
            if entry.id.wholeMatch(of: /CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}/) == nil {
                throw ComponentError("accepted vulnerability \"\(entry.id)\" is neither CVE-YYYY-N nor GHSA-xxxx-xxxx-xxxx", source: entry.source)
            }
            out += Shell.comment(entry.reason).joined(separator: "\n") + "\n\(entry.id)\n"
        }
        return out
    }

    /// The scan and the size check of the image CI has just built and loaded as `image`, whose
    /// budget is `budgetMiB` (a number, or a shell expansion of one reading `env`).
    static func steps(image: Value, budgetMiB: String, env: [(String, Value)] = []) -> [Step] {
        [
            .trivyImageScan(image: image, severities: severities, ignoreFile: ignoreFile),
            Step("Check the image size", env: [("IMAGE", image)] + env, run: """
                budget=\(budgetMiB)
                size=$(docker image inspect --format '{{.Size}}' "$IMAGE")
                echo "$IMAGE: $((size / 1048576)) MiB (budget $budget MiB)"
                if [ "$size" -gt $((budget * 1048576)) ]; then
                  echo "::error::$IMAGE is $((size / 1048576)) MiB, over its budget of $budget MiB"
                  exit 1
                fi
                """),
        ]
    }
}

/// A vulnerability CI's image scan accepts (Trivy's ignore file), and why: written where the
/// product declares it, so that an error names that line.
public struct AcceptedVulnerability: Sendable {
    /// `CVE-2026-12345` or `GHSA-xxxx-xxxx-xxxx`.
    public var id: String
    /// Why it does not apply or cannot be fixed yet: required.
    public var reason: String
    public var source: SourceLocation

    public init(_ id: String, reason: String, fileID: StaticString = #fileID, line: UInt = #line) {
        self.id = id
        self.reason = reason
        self.source = SourceLocation(fileID: fileID, line: line)
    }
}
