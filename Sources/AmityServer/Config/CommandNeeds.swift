/// What a command line needs of the database before its command runs: help and the offline
/// commands need none, `migrate` shows what it will run before it runs it, the rest need the
/// schema up to date (and `serve` its first data).
public enum CommandNeeds: Equatable, Sendable {
    case nothing
    case connection
    case migratedDatabase

    /// Whether the command line starts the server (`serve`, or no command at all).
    public static func serves(_ arguments: [String]) -> Bool {
        let words = arguments.dropFirst()
        return (words.first { !$0.hasPrefix("-") } ?? "serve") == "serve" && !words.contains("--help") && !words.contains("-h")
    }

    public init(arguments: [String]) {
        let words = arguments.dropFirst()
        let command = words.first { !$0.hasPrefix("-") } ?? "serve"
        if words.contains("--help") || words.contains("-h") {
            self = .nothing
        } else if command == "migrate" || command == "export" {
            self = .connection
        } else if command == "import", let source = words.drop(while: { $0 != "import" }).dropFirst().first(where: { !$0.hasPrefix("-") }), source != "gazetteer" {
            // A whole instance goes into an empty database: migrated by the command, never seeded.
            self = .connection
        } else if command == "verify-statement" || command == "routes"
                    || (command == "allocate" && words.contains { ["--dimacs", "--input"].contains($0) || $0.hasPrefix("--dimacs=") || $0.hasPrefix("--input=") }) {
            self = .nothing
        } else {
            self = .migratedDatabase
        }
    }
}
