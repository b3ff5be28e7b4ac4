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
        /// The gazetteer file at the path, and no account: production.
        case gazetteer(String)
        /// The gazetteer, then the demo directory, data and accounts: development, or `--demo`.
        case gazetteerAndDemo(gazetteer: String)
    }

    public var database: Database
    public var seed: Seed
    /// The folder holding `Data/`, `Resources/` and `Public/` (see `AmityHome`).
    public var home: String
    /// Cookies only over HTTPS: on in production, off for http://127.0.0.1 in development
    /// (`AMITY_SECURE_COOKIES` overrides either).
    public var secureCookies: Bool
    /// Whether demo accounts get the README's password; a production instance started with
    /// `--demo` gives them a random one instead, printed once.
    public var publishedDemoPassword: Bool
    /// bcrypt's cost; 12 in service, lower only in tests.
    public var passwordCost: Int
    /// Days a need counts before its city must reconfirm it (`AMITY_NEED_DAYS`).
    public var needFreshnessDays: Int = 14
    /// Days an offer counts before its city must reconfirm it (`AMITY_OFFER_DAYS`).
    public var offerFreshnessDays: Int = 14
    /// Where the instance's Ed25519 signing key lives (`AMITY_SIGNING_KEY`); nil keeps it in memory (tests).
    public var signingKeyPath: String?
    /// Where the key that turns rationing document numbers into HMACs lives (`AMITY_DOCUMENT_KEY`);
    /// nil keeps a key for this process alone (tests).
    public var documentKeyPath: String?
    /// The proxies whose `X-Forwarded-For` names the client (`AMITY_TRUSTED_PROXIES`, comma-separated addresses).
    public var trustedProxies: Set<String>
    /// Live event streams one instance serves at once (`AMITY_MAX_STREAMS`); eight at most from one address.
    public var maximumStreams: Int = 500
    /// Password checks (sign-ins, sign-ups) run at once (`AMITY_SIGN_IN_SLOTS`): all cores but one, at least one.
    public var signInSlots: Int = max(1, System.coreCount - 1)
    /// Sign-ins and sign-ups that may wait for a slot (`AMITY_SIGN_IN_QUEUE`); past it, 429 at once.
    /// Sixteen a slot: at a quarter of a second a bcrypt check, the last waits about four seconds.
    public var signInQueue: Int = 16 * max(1, System.coreCount - 1)
    /// The part of a slot's time password checks may take, in processor time (`AMITY_SIGN_IN_SHARE`,
    /// percent; all of it unless said). At 25, while attempts queue a slot starts about one check a
    /// second at bcrypt's production cost; one alone starts at once. Checks at the idle priority
    /// still slow the sales beside them, but on the benchmark's machine a quarter did not measurably
    /// lower the sales' p99 (Benchmarks/README.md, the sign-in storm), so the default keeps the throughput.
    public var signInShare: Double = 1
    /// The bearer token Prometheus sends for `/metrics` (`AMITY_METRICS_TOKEN`); nil: loopback only.
    public var metricsToken: String?
    /// The site's own address for absolute links in feeds, calendars and mail (`AMITY_PUBLIC_URL`), never the request's `Host`.
    public var publicURL: String
    /// Where mail is written, one file a message, while no mail server is configured (`AMITY_MAIL_DIR`).
    public var mailFolder: String
    /// The mail server (`AMITY_SMTP_URL`, `AMITY_SMTP_CA`); nil writes mail to `mailFolder`.
    public var smtp: SMTPSettings?
    /// Who mail comes from (`AMITY_MAIL_FROM`); by default `Amity <amity@` the public address's host `>`.
    public var mailSender: String
    /// How long a request may take before it is given up with a 503 (`AMITY_REQUEST_DEADLINE`, seconds).
    public var requestDeadline: Duration = .seconds(30)
    /// Whether pages read their templates afresh on every render (`AMITY_LIVE_TEMPLATES=1`), for
    /// working on them; otherwise each is parsed once, in development as in production.
    public var liveTemplates = false

    public init(database: Database, seed: Seed, home: String, secureCookies: Bool = false, publishedDemoPassword: Bool = true,
                passwordCost: Int = 12, needFreshnessDays: Int = 14, offerFreshnessDays: Int = 14, signingKeyPath: String? = nil,
                trustedProxies: Set<String> = [], publicURL: String = "http://127.0.0.1:8080", maximumStreams: Int = 500,
                metricsToken: String? = nil, mailFolder: String? = nil, smtp: SMTPSettings? = nil, mailSender: String? = nil,
                requestDeadline: Duration = .seconds(30)) {
        self.database = database
        self.seed = seed
        self.home = home
        self.secureCookies = secureCookies
        self.publishedDemoPassword = publishedDemoPassword
        self.passwordCost = passwordCost
        self.needFreshnessDays = needFreshnessDays
        self.offerFreshnessDays = offerFreshnessDays
        self.signingKeyPath = signingKeyPath
        self.trustedProxies = trustedProxies
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.maximumStreams = maximumStreams
        self.metricsToken = metricsToken
        self.mailFolder = mailFolder ?? (home.hasSuffix("/") ? home : home + "/") + "mail"
        self.smtp = smtp
        self.mailSender = mailSender ?? "Amity <amity@\(URL(string: self.publicURL)?.host ?? "localhost")>"
        self.requestDeadline = requestDeadline
    }

    /// Reads `DATABASE_URL` and the `AMITY_*` variables, and removes Amity's own flags
    /// (`--database PATH`, `--demo`) from `arguments`, so that Vapor's commands see only theirs.
    /// A `--database` flag wins over the variable. Demo data load in development, or with `--demo`.
    public static func fromProcess(environment: [String: String], arguments: inout [String], workingDirectory: String,
                                   home: String, production: Bool) throws -> AmityConfig {
        var database: Database?
        if let value = try take(option: "--database", from: &arguments) {
            database = Self.database(from: value)
        } else if let url = environment["DATABASE_URL"], !url.isEmpty {
            database = Self.database(from: url)
        }
        let demo = take(flag: "--demo", from: &arguments)
        var words = arguments
        for name in ["--env", "-e"] { _ = try? take(option: name, from: &words) }
        let command = words.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        let gazetteer = environment["AMITY_GAZETTEER"] ?? home + "Data/gazetteer.tsv.gz"
        var seed = Seed.none
        if command == "serve" { seed = demo || !production ? .gazetteerAndDemo(gazetteer: gazetteer) : .gazetteer(gazetteer) }
        let secure = environment["AMITY_SECURE_COOKIES"].map { ["1", "true", "yes"].contains($0.lowercased()) } ?? production
        var config = AmityConfig(
            database: database ?? .sqliteFile(workingDirectory + "amity.sqlite"),
            seed: seed, home: home, secureCookies: secure, publishedDemoPassword: !production,
            needFreshnessDays: environment["AMITY_NEED_DAYS"].flatMap(Int.init).map { min(max(1, $0), 365) } ?? 14,
            offerFreshnessDays: environment["AMITY_OFFER_DAYS"].flatMap(Int.init).map { min(max(1, $0), 365) } ?? 14,
            signingKeyPath: environment["AMITY_SIGNING_KEY"]?.nilIfEmpty ?? workingDirectory + "amity-signing.key",
            trustedProxies: Set((environment["AMITY_TRUSTED_PROXIES"] ?? "").split(separator: ",")
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }),
            publicURL: environment["AMITY_PUBLIC_URL"]?.nilIfEmpty ?? "http://127.0.0.1:8080",
            maximumStreams: environment["AMITY_MAX_STREAMS"].flatMap(Int.init).map { max(1, $0) } ?? 500,
            metricsToken: environment["AMITY_METRICS_TOKEN"]?.nilIfEmpty,
            mailFolder: environment["AMITY_MAIL_DIR"]?.nilIfEmpty ?? workingDirectory + "mail",
            smtp: try environment["AMITY_SMTP_URL"]?.nilIfEmpty.map { try SMTPSettings(url: $0, trustedCertificates: environment["AMITY_SMTP_CA"]?.nilIfEmpty) },
            mailSender: environment["AMITY_MAIL_FROM"]?.nilIfEmpty,
            requestDeadline: .seconds(environment["AMITY_REQUEST_DEADLINE"].flatMap(Int.init).map { min(max(1, $0), 600) } ?? 30))
        config.documentKeyPath = environment["AMITY_DOCUMENT_KEY"]?.nilIfEmpty ?? workingDirectory + "amity-document.key"
        if let slots = environment["AMITY_SIGN_IN_SLOTS"].flatMap(Int.init) { config.signInSlots = min(max(1, slots), 256) }
        if let queue = environment["AMITY_SIGN_IN_QUEUE"].flatMap(Int.init) { config.signInQueue = min(max(0, queue), 100_000) }
        if let share = environment["AMITY_SIGN_IN_SHARE"].flatMap(Int.init) { config.signInShare = Double(min(max(1, share), 100)) / 100 }
        config.liveTemplates = environment["AMITY_LIVE_TEMPLATES"].map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false
        return config
    }

    /// Removes `name VALUE` or `name=VALUE` from `arguments`, returning the value.
    static func take(option name: String, from arguments: inout [String]) throws -> String? {
        guard let index = arguments.firstIndex(where: { $0 == name || $0.hasPrefix(name + "=") }) else { return nil }
        if arguments[index].hasPrefix(name + "=") {
            defer { arguments.remove(at: index) }
            return String(arguments[index].dropFirst(name.count + 1))
        }
        guard index + 1 < arguments.count else { throw FlagError.missingValue(name) }
        defer { arguments.removeSubrange(index...(index + 1)) }
        return arguments[index + 1]
    }

    /// Removes every `name` from `arguments`, saying whether there was one.
    static func take(flag name: String, from arguments: inout [String]) -> Bool {
        let before = arguments.count
        arguments.removeAll { $0 == name }
        return arguments.count != before
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
        case missingValue(String)
        var description: String {
            switch self {
            case .missingValue(let name): "\(name) needs a value: an SQLite file path or a postgres:// URL."
            }
        }
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
