/// A bash script generated from the typed model: its constants come from model values, its
/// environment variables are declared with what they mean and checked before anything runs.
///
/// Rendered as: shebang, header comment, summary and usage, the list of environment variables,
/// `set -euo pipefail`, the constants as `readonly` assignments, the sourced libraries, one check
/// that names every missing required variable at once, defaults of the optional ones, then the
/// body. The body is static bash that refers to constants and variables by name, so that every
/// value that differs between models lives in the typed model, not in the template.
public struct ShellScript: Equatable, Sendable {
    /// A value fixed by the model, written as `readonly NAME='value'`.
    public struct Constant: Equatable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// An environment variable the script reads.
    public struct Input: Equatable, Sendable {
        public var name: String
        public var meaning: String
        /// nil: required; otherwise the value used when the variable is unset or empty.
        public var defaultValue: String?
        public init(_ name: String, _ meaning: String, default defaultValue: String? = nil) {
            self.name = name
            self.meaning = meaning
            self.defaultValue = defaultValue
        }
    }

    /// File name, e.g. `backup.sh`.
    public var name: String
    /// What the script does and why, one comment line each.
    public var summary: [String]
    /// `Usage:` line, without the script name.
    public var usage: String?
    public var constants: [Constant]
    public var inputs: [Input]
    /// File names of libraries in the same folder, sourced before the body.
    public var sources: [String]
    public var body: String
    /// A library is sourced, never run: no shebang, no shell options of its own.
    public var isLibrary: Bool

    public init(name: String, summary: [String], usage: String? = nil, constants: [Constant] = [],
                inputs: [Input] = [], sources: [String] = [], body: String, isLibrary: Bool = false) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.constants = constants
        self.inputs = inputs
        self.sources = sources
        self.body = body
        self.isLibrary = isLibrary
    }

    /// The script's text, with `header` (e.g. `FileHeader.lines(command:)`) as its first comment.
    /// Every model value goes through `Shell`: comments through `Shell.comment`, constants and the
    /// script's name through `Shell.quote`.
    public func render(header: [String]) -> String {
        // A library's variables are used by the scripts that source it, which shellcheck cannot see
        // when it checks the library alone.
        var out: [String] = isLibrary ? ["# shellcheck shell=bash disable=SC2034"] : ["#!/usr/bin/env bash"]
        out += header.flatMap(Shell.comment)
        out.append("#")
        out += summary.flatMap(Shell.comment)
        if let usage { out += ["#"] + Shell.comment("Usage: \(name) \(usage)") }
        if !inputs.isEmpty {
            out += ["#", "# Environment:"]
            let width = inputs.map(\.name.count).max()!
            for input in inputs {
                let padded = input.name + String(repeating: " ", count: width - input.name.count)
                let note = input.defaultValue.map { $0.isEmpty ? " (optional)" : " (default: \($0))" } ?? " (required)"
                out += Shell.comment("  \(padded)  \(input.meaning)\(note)")
            }
        }
        if !isLibrary { out += ["", "set -euo pipefail"] }
        if !constants.isEmpty {
            out += ["", "# From the typed model."]
            // Always quoted, bare-safe or not: a constant reads the same whatever its value.
            out += constants.map {
                precondition(Shell.isVariableName($0.name), "\($0.name) is not a bash variable name")
                return "readonly \($0.name)=\(Shell.quote($0.value))"
            }
        }
        for library in sources {
            // Written inside the double quotes of the path: only a name of safe characters may go there.
            precondition(Shell.word(library) == library, "library file name \(library) needs quoting")
            out += ["", "# shellcheck source-path=SCRIPTDIR source=\(library)", "source \"$(dirname \"${BASH_SOURCE[0]}\")/\(library)\""]
        }
        let required = inputs.filter { $0.defaultValue == nil }.map(\.name)
        for input in inputs { precondition(Shell.isVariableName(input.name), "\(input.name) is not a bash variable name") }
        if !required.isEmpty {
            out += [
                "",
                "missing=()",
            ] + (required.count == 1 ? ["# shellcheck disable=SC2043 # one variable: the same check as every script's"] : []) + [
                "for variable in \(required.joined(separator: " ")); do",
                "    [[ -n \"${!variable:-}\" ]] || missing+=(\"$variable\")",
                "done",
                "if ((${#missing[@]} > 0)); then",
                "    echo \(Shell.quote("\(name): ERROR: required environment variables not set:")) \"${missing[*]}\" \"(see the header of $0)\" >&2",
                "    exit 2",
                "fi",
            ]
        }
        // Exported, since the tools the script runs read some of them (PGPORT, TMPDIR). The default
        // is a word of its own: inside `"${NAME:-…}"` an apostrophe would open a quote.
        for input in inputs {
            if let value = input.defaultValue, !value.isEmpty {
                out.append("[[ -n \"${\(input.name):-}\" ]] || \(input.name)=\(Shell.word(value))")
                out.append("export \(input.name)")
            }
        }
        out += ["", body.hasSuffix("\n") ? String(body.dropLast()) : body]
        return out.joined(separator: "\n") + "\n"
    }
}
