import Fluent
import SQLKit

/// Makes the stock ledger append-only, so the open feeds can publish cuts of it (I6): a
/// delivery's receipt and a sale's reversal become entries with ids of their own, written
/// here for those already made. Programmes get the classes their feeds' columns show, and a count of
/// the changes of their outlets, so a feed knows without reading them whether they changed.
struct AddStockLedger: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgrammeRecord.schema).field("feed_classes", .string).update()
        try await database.schema(ProgrammeRecord.schema).field("outlets_revision", .int64, .required, .sql(.default(0))).update()
        let sql = database.sql
        try await sql.raw("""
            INSERT INTO \(ident: StockMovementRecord.schema) (outlet_id, kind, class, quantity, note, created_by, created_at, confirmed_at, confirmed_by)
            SELECT outlet_id, 'receipt', class, quantity, 'delivery ' || CAST(id AS TEXT), created_by, confirmed_at, confirmed_at, confirmed_by
            FROM \(ident: StockMovementRecord.schema) WHERE kind = 'delivery' AND confirmed_at IS NOT NULL ORDER BY id
            """).run()
        try await sql.raw("""
            INSERT INTO \(ident: StockMovementRecord.schema) (outlet_id, kind, class, quantity, note, created_at, confirmed_at)
            SELECT s.outlet_id, 'return', l.class, l.quantity, 'sale ' || s.client_id, s.reversed_at, s.reversed_at
            FROM \(ident: SaleLineRecord.schema) l JOIN \(ident: SaleRecord.schema) s ON s.id = l.sale_id
            WHERE s.reversed_at IS NOT NULL AND s.allowed = \(bind: true) ORDER BY l.id
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM \(ident: StockMovementRecord.schema) WHERE kind IN ('receipt', 'return')").run()
        try await database.schema(ProgrammeRecord.schema).deleteField("outlets_revision").update()
        try await database.schema(ProgrammeRecord.schema).deleteField("feed_classes").update()
    }
}
