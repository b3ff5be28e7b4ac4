import Fluent
import Foundation
import SQLKit

/// When an offer's city last said it still stands, and when it was warned that it lapses: offers
/// lapse like needs. Offers posted before count as confirmed now, so none lapses at the upgrade.
struct AddOfferConfirmation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        for column: FieldKey in ["confirmed_at", "lapse_warned_at"] {
            try await database.schema(OfferRecord.schema).field(column, .datetime).update()
        }
        try await database.sql.update(OfferRecord.schema).set("confirmed_at", to: SQLBind(Date())).run()
    }

    func revert(on database: any Database) async throws {
        for column: FieldKey in ["confirmed_at", "lapse_warned_at"] {
            try await database.schema(OfferRecord.schema).deleteField(column).update()
        }
    }
}
