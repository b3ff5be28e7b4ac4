import Vapor

/// Everything Amity reads from its environment and flags, parsed once, with defaults that need no set-up.
public struct AmityConfig: Sendable {
    /// Where the data lives.
    public enum Database: Sendable, Equatable {
        /// An SQLite file (created on first start, WAL mode).
        case sqliteFile(String)
        /// A private in-memory SQLite database (tests).
        case sqliteMemory
        /// PostgreSQL at a URL; `schema`, when set, isolates one test's tables.
        case postgres(url: String, schema: String?)
    }

    /// What to load into an empty database on start.
    public enum Seed: Sendable, Equatable {
        /// Nothing: the directory stays empty until `amity import`.
        case none
        /// The gazetteer file at the path, then the demo directory.
        case gazetteerAndDemo(gazetteer: String)
    }

    public var database: Database
    public var seed: Seed
    /// The folder holding `Data/`, `Resources/` and `Public/`.
    public var workingDirectory: String
    /// Cookies only over HTTPS: on behind TLS (`AMITY_SECURE_COOKIES=1`), off for http://127.0.0.1.
    public var secureCookies: Bool
    /// bcrypt's cost; 12 in service, lower only in tests.
    public var passwordCost: Int
    /// Days a need counts before its city must reconfirm it (`AMITY_NEED_DAYS`).
    public var needFreshnessDays: Int = 14

    public init(database: Database, seed: Seed, workingDirectory: String, secureCookies: Bool = false, passwordCost: Int = 12,
                needFreshnessDays: Int = 14) {
        self.database = database
        self.seed = seed
        self.workingDirectory = workingDirectory
        self.secureCookies = secureCookies
        self.passwordCost = passwordCost
        self.needFreshnessDays = needFreshnessDays
    }

    /// Reads `DATABASE_URL` and removes Amity's own `--database PATH` from `arguments`, so that
    /// Vapor's commands see only their own flags. A `--database` flag wins over the variable.
    public static func fromProcess(environment: [String: String], arguments: inout [String], workingDirectory: String) throws -> AmityConfig {
        var database: Database?
        if let index = arguments.firstIndex(where: { $0 == "--database" || $0.hasPrefix("--database=") }) {
            let value: String
            if arguments[index].hasPrefix("--database=") {
                value = String(arguments[index].dropFirst("--database=".count))
                arguments.remove(at: index)
            } else {
                guard index + 1 < arguments.count else { throw FlagError.missingValue }
                value = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
            }
            database = Self.database(from: value)
        } else if let url = environment["DATABASE_URL"], !url.isEmpty {
            database = Self.database(from: url)
        }
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        let gazetteer = environment["AMITY_GAZETTEER"] ?? workingDirectory + "Data/gazetteer.tsv.gz"
        return AmityConfig(
            database: database ?? .sqliteFile(workingDirectory + "amity.sqlite"),
            seed: command == "serve" ? .gazetteerAndDemo(gazetteer: gazetteer) : .none,
            workingDirectory: workingDirectory,
            secureCookies: ["1", "true", "yes"].contains(environment["AMITY_SECURE_COOKIES"]?.lowercased() ?? ""),
            needFreshnessDays: environment["AMITY_NEED_DAYS"].flatMap(Int.init).map { max(1, $0) } ?? 14)
    }

    /// A `postgres://` or `postgresql://` URL means PostgreSQL; anything else is an SQLite path.
    static func database(from value: String) -> Database {
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            return .postgres(url: value, schema: nil)
        }
        if value == ":memory:" { return .sqliteMemory }
        return .sqliteFile(value.hasPrefix("sqlite://") ? String(value.dropFirst("sqlite://".count)) : value)
    }

    enum FlagError: Error, CustomStringConvertible {
        case missingValue
        var description: String { "--database needs a value: an SQLite file path or a postgres:// URL." }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AmityConfig }

    /// The configuration this application was started with.
    public var amity: AmityConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:_:) sets the configuration first") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}
