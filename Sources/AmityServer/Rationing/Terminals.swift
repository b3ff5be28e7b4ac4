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

    /// The live terminals the token hashes belong to, with their outlets and programmes, by hash:
    /// the terminals asking at once, grouped (`RationingReads`).
    static func credentials(tokenHashes: Set<String>, on db: any SQLDatabase) async throws -> [String: TerminalCredential] {
        // One plain query: every sale asks it first, so it skips the model layer.
        struct Found: Decodable { var id: Int, outlet_id: Int, programme_id: Int, token_hash: String }
        guard !tokenHashes.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT t.id, t.outlet_id, o.programme_id, t.token_hash FROM \(unsafeRaw: TerminalRecord.schema) t JOIN \(unsafeRaw: OutletRecord.schema) o ON o.id = t.outlet_id
            WHERE t.token_hash IN (\(binds: tokenHashes.sorted())) AND t.revoked_at IS NULL
            """).all(decoding: Found.self)
        return Dictionary(rows.map { ($0.token_hash, TerminalCredential(terminalID: $0.id, outletID: $0.outlet_id, programmeID: $0.programme_id)) },
                          uniquingKeysWith: { first, _ in first })
    }

    static func dto(_ row: TerminalRecord) -> TerminalDTO {
        TerminalDTO(id: row.id ?? 0, outletId: row.outletID, name: row.name, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt)
    }
}
