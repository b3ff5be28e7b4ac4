import AmityCore
import Fluent
import PostgresKit
import SQLKit
import Vapor

/// Outlet terminals: tokens that sell at one outlet, capped per outlet so a storm of sign-ins at
/// opening (Korea, 2020-03-11) cannot come from a thousand terminals of one post office.
struct Terminals {
    let db: any Database

    func issue(_ input: CreateTerminalRequest, outlet: OutletRecord, cap: Int, by personID: Int?, now: Date) async throws -> CreatedTerminalDTO {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("name", name, max: 100) { throw DomainError.invalid([error]) }
        let outletID = try outlet.requireID()
        if db.sql.dialect.name == "postgresql" {
            // Two managers issuing the last terminal at once take turns on the outlet row.
            try await db.sql.raw("SELECT id FROM \(ident: OutletRecord.schema) WHERE id = \(bind: outletID) FOR UPDATE").run()
        }
        let live = try await TerminalRecord.query(on: db).filter(\.$outletID == outletID).filter(\.$revokedAt == nil).count()
        guard live < cap else { throw DomainError.conflict("This outlet already has \(cap) terminal\(cap == 1 ? "" : "s"), the programme's limit; revoke one first.") }
        let secret = Secret.token(prefix: TerminalCredential.prefix)
        let row = TerminalRecord()
        (row.outletID, row.name, row.tokenHash, row.prefix) = (outletID, name, Secret.hash(secret), String(secret.prefix(TerminalCredential.prefix.count + 6)))
        (row.createdBy, row.createdAt) = (personID, now)
        try await row.create(on: db)
        return CreatedTerminalDTO(token: secret, terminal: Self.dto(row))
    }

    func revoke(_ id: Int, outletID: Int, now: Date) async throws -> TerminalDTO {
        guard let row = try await TerminalRecord.find(id, on: db), row.outletID == outletID else { throw DomainError.notFound(entity: "terminal", id: String(id)) }
        if row.revokedAt == nil {
            row.revokedAt = now
            try await row.save(on: db)
        }
        return Self.dto(row)
    }

    /// Which of terminals `ids` are live, inside a write's transaction: on PostgreSQL they are held
    /// shared, so a revocation waits for the write, and a write after it sees it.
    static func live(_ ids: Set<Int>, on db: any SQLDatabase) async throws -> Set<Int> {
        guard !ids.isEmpty else { return [] }
        struct Row: Decodable { var id: Int }
        var query: SQLQueryString = "SELECT id FROM \(unsafeRaw: TerminalRecord.schema) WHERE id IN (\(binds: ids.sorted())) AND revoked_at IS NULL ORDER BY id"
        if db.dialect.name == "postgresql" { query += " FOR SHARE" }
        return Set(try await db.raw(query).all(decoding: Row.self).map(\.id))
    }

    /// Throws `TerminalCredential.refused` unless `seller` is a person or a live terminal, inside a write's transaction.
    static func requireLive(_ seller: Sales.Seller, on db: any SQLDatabase) async throws {
        guard let id = seller.terminalID else { return }
        guard try await live([id], on: db).contains(id) else { throw TerminalCredential.refused }
    }

    /// The live terminals the token hashes belong to, with their outlets and programmes, by hash:
    /// the terminals asking at once, grouped (`RationingReads`).
    static func credentials(tokenHashes: Set<String>, on connection: HotConnection) async throws -> [String: TerminalCredential] {
        guard !tokenHashes.isEmpty else { return [:] }
        let rows: [Credential]
        switch connection {
        case .postgres(let postgres): rows = try await postgres.all(Credentials(tokenHashes: tokenHashes.sorted()))
        case .sql(let db):
            rows = try await db.raw("""
                SELECT t.id, t.outlet_id, o.programme_id, t.token_hash FROM \(unsafeRaw: TerminalRecord.schema) t JOIN \(unsafeRaw: OutletRecord.schema) o ON o.id = t.outlet_id
                WHERE t.token_hash IN (\(binds: tokenHashes.sorted())) AND t.revoked_at IS NULL
                """).all(reading: Credential.self)
        }
        return Dictionary(rows.map { ($0.tokenHash, $0.credential) }, uniquingKeysWith: { first, _ in first })
    }

    /// A live terminal's credential under its token hash. One plain query: every sale asks it first
    /// (or its cache does), so it skips the model layer.
    private struct Credential: ColumnRow {
        var tokenHash: String, credential: TerminalCredential

        init(columns row: any SQLRow) throws {
            tokenHash = try row.decode(column: "token_hash", as: String.self)
            credential = TerminalCredential(terminalID: try row.decode(column: "id", as: Int.self), outletID: try row.decode(column: "outlet_id", as: Int.self),
                                            programmeID: try row.decode(column: "programme_id", as: Int.self))
        }
    }

    /// `credentials` on PostgreSQL.
    private struct Credentials: HotStatement {
        typealias Row = Credential
        static let name = "amity_terminal_credentials"
        static let sql = """
            SELECT t.id, t.outlet_id, o.programme_id, t.token_hash FROM \(TerminalRecord.schema) t JOIN \(OutletRecord.schema) o ON o.id = t.outlet_id \
            WHERE t.token_hash = ANY($1::text[]) AND t.revoked_at IS NULL
            """
        var tokenHashes: [String]

        func makeBindings() -> PostgresBindings { PostgresBindings(tokenHashes) }
    }

    static func dto(_ row: TerminalRecord) -> TerminalDTO {
        TerminalDTO(id: row.id ?? 0, outletId: row.outletID, name: row.name, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt)
    }
}
