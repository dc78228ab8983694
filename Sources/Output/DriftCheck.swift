import Foundation

/// Compares a plan with the output folder without writing anything: the `gen --check` of CI.
public enum DriftCheck {
    /// A unified diff of every difference (empty when the tree is up to date); throws when the
    /// folder does not exist rather than listing every file as added.
    public static func diff(_ plan: FilePlan, against root: URL) throws -> String {
        let state = try TreeState.read(root.standardizedFileURL, plan: plan)
        guard state.exists else {
            throw OutputError("\(root.path) does not exist: there is no tree to compare with. Check the folder "
                + "(gen looks for generated/ in the package root), or run gen without --check to create it.")
        }
        var out = ""
        for file in state.changed {
            out += UnifiedDiff.render(old: state.onDisk[file.path], new: file.contents, path: file.path)
        }
        for path in state.toDelete {
            out += UnifiedDiff.render(old: state.onDisk[path], new: nil, path: path)
        }
        if out.isEmpty {
            let manifestURL = root.appendingPathComponent(OwnershipManifest.fileName)
            let current = try? String(contentsOf: manifestURL, encoding: .utf8)
            if current != state.newManifest.text {
                out += UnifiedDiff.render(old: current, new: state.newManifest.text, path: OwnershipManifest.fileName)
            }
        }
        return out
    }
}

/// Line diff in unified format (`---`/`+++`, `@@` hunks with 3 lines of context).
public enum UnifiedDiff {
    public static func render(old: String?, new: String?, path: String) -> String {
        let a = lines(old), b = lines(new)
        let ops = editScript(a, b)
        var out = "--- \(old == nil ? "/dev/null" : "a/\(path)")\n+++ \(new == nil ? "/dev/null" : "b/\(path)")\n"
        let context = 3
        var i = 0
        while i < ops.count {
            guard ops[i].kind != .same else { i += 1; continue }
            var start = i
            while start > 0 && ops[start - 1].kind == .same && i - start < context { start -= 1 }
            var end = i
            var sameRun = 0
            while end < ops.count {
                if ops[end].kind == .same {
                    if sameRun == 2 * context { break }
                    sameRun += 1
                } else {
                    sameRun = 0
                }
                end += 1
            }
            end -= max(0, sameRun - context)
            let hunk = ops[start..<end]
            let oldStart = hunk.first?.oldLine ?? 0, newStart = hunk.first?.newLine ?? 0
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for op in hunk {
                switch op.kind {
                case .same: out += " \(op.text)\n"
                case .delete: out += "-\(op.text)\n"
                case .insert: out += "+\(op.text)\n"
                }
            }
            i = end
        }
        return out
    }

    private static func lines(_ s: String?) -> [String] {
        guard let s, !s.isEmpty else { return [] }
        var parts = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    struct Op {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: String
        var oldLine: Int
        var newLine: Int
    }

    /// Longest-common-subsequence edit script (the files are small: a few hundred lines).
    static func editScript(_ a: [String], _ b: [String]) -> [Op] {
        let n = a.count, m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.append(Op(kind: .same, text: a[i], oldLine: i, newLine: j)); i += 1; j += 1
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.append(Op(kind: .delete, text: a[i], oldLine: i, newLine: j)); i += 1
            } else {
                ops.append(Op(kind: .insert, text: b[j], oldLine: i, newLine: j)); j += 1
            }
        }
        return ops
    }
}
