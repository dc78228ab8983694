import ArgumentParser
import Policy

/// `gen checks`: every check with its severity and summary.
struct ListChecks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checks", abstract: "List the policy checks.")

    func run() {
        let width = CheckRegistry.all.map(\.id.count).max() ?? 0
        for check in CheckRegistry.all {
            let id = check.id + String(repeating: " ", count: width - check.id.count)
            let severity = check.severity.rawValue + String(repeating: " ", count: 7 - check.severity.rawValue.count)
            print("\(id)  \(severity)  \(check.summary)")
        }
        print("\n\(CheckRegistry.all.count) checks; `gen explain ID` prints one check's documentation.")
    }
}

/// `gen explain ID`: one check's documentation.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the documentation of a policy check.")

    @Argument(help: "A check id, as `gen checks` lists them.")
    var id: String

    func validate() throws {
        if CheckRegistry.check(id) == nil {
            throw ValidationError("no check \"\(id)\"; `gen checks` lists them")
        }
    }

    func run() {
        print(CheckRegistry.check(id)!.documentation, terminator: "")
    }
}
