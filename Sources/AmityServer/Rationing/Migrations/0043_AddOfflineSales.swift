import Fluent
import SQLKit

/// Sales made while an outlet was cut off and sent when it came back (I9): each programme's
/// allowance per person, and on each such sale when it arrived, the terminal's sequence number,
/// and what reconciliation found (over the rules, over the allowance, beyond the recorded stock).
struct AddOfflineSales: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgrammeRecord.schema).field("offline_allowance", .int64, .required, .sql(.default(0))).update()
        try await database.schema(SaleRecord.schema).field("received_at", .datetime).update()
        try await database.schema(SaleRecord.schema).field("terminal_sequence", .int64).update()
        try await database.schema(SaleRecord.schema).field("over_grant", .bool, .required, .sql(.default(false))).update()
        try await database.schema(SaleRecord.schema).field("beyond_allowance", .bool, .required, .sql(.default(false))).update()
        try await database.schema(SaleRecord.schema).field("stock_short", .int64, .required, .sql(.default(0))).update()
        try await database.createIndex("ration_sales_terminal_sequence", on: SaleRecord.schema, columns: ["terminal_id", "terminal_sequence"])
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "ration_sales_terminal_sequence").run()
        for field in ["stock_short", "beyond_allowance", "over_grant", "terminal_sequence", "received_at"] as [FieldKey] {
            try await database.schema(SaleRecord.schema).deleteField(field).update()
        }
        try await database.schema(ProgrammeRecord.schema).deleteField("offline_allowance").update()
    }
}
