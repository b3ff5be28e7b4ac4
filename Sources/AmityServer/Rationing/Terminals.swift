import AmityCore
import Fluent
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
        try await changed(outletID: outletID)
        return CreatedTerminalDTO(token: secret, terminal: Self.dto(row))
    }

    func revoke(_ id: Int, outletID: Int, now: Date) async throws -> TerminalDTO {
        guard let row = try await TerminalRecord.find(id, on: db), row.outletID == outletID else { throw DomainError.notFound(entity: "terminal", id: String(id)) }
        if row.revokedAt == nil {
            row.revokedAt = now
            try await row.save(on: db)
            try await changed(outletID: outletID)
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

    /// Counts every terminal issued or revoked, in every programme: unchanged, so is every roster (`TerminalRoster`).
    static func revision(on db: any Database) async throws -> Int {
        try await db.sql.raw("SELECT CAST(COALESCE(SUM(terminals_revision), 0) AS BIGINT) AS revision FROM \(ident: ProgrammeRecord.schema)")
            .first()?.decode(column: "revision", as: Int.self) ?? 0
    }

    /// Every live terminal's credential, by its token hash. One plain query past the model layer:
    /// 50,000 terminals at once.
    static func roster(on db: any Database) async throws -> [String: TerminalCredential] {
        let rows = try await db.sql.raw("""
            SELECT t.id, t.outlet_id, o.programme_id, t.token_hash FROM \(ident: TerminalRecord.schema) t
            JOIN \(ident: OutletRecord.schema) o ON o.id = t.outlet_id WHERE t.revoked_at IS NULL
            """).all(reading: Credential.self)
        return Dictionary(rows.map { ($0.tokenHash, $0.credential) }, uniquingKeysWith: { first, _ in first })
    }

    /// Counts a terminal issued or revoked at `outletID`, in the same transaction, for every instance's roster.
    private func changed(outletID: Int) async throws {
        try await db.sql.raw("""
            UPDATE \(ident: ProgrammeRecord.schema) SET terminals_revision = terminals_revision + 1
            WHERE id = (SELECT programme_id FROM \(ident: OutletRecord.schema) WHERE id = \(bind: outletID))
            """).run()
    }

    /// A live terminal's credential under its token hash.
    private struct Credential: ColumnRow {
        var tokenHash: String, credential: TerminalCredential

        init(columns row: any SQLRow) throws {
            tokenHash = try row.decode(column: "token_hash", as: String.self)
            credential = TerminalCredential(terminalID: try row.decode(column: "id", as: Int.self), outletID: try row.decode(column: "outlet_id", as: Int.self),
                                            programmeID: try row.decode(column: "programme_id", as: Int.self))
        }
    }

    static func dto(_ row: TerminalRecord) -> TerminalDTO {
        TerminalDTO(id: row.id ?? 0, outletId: row.outletID, name: row.name, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt)
    }
}
