import Fluent
import Foundation
import SQLKit

/// When an officer of the city (or an administrator) confirmed a membership. A secretariat's
/// addition is a claim until then, and a claim grants the network nothing over the city.
struct AddMembershipConfirmation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Membership.schema).field("confirmed_at", .datetime).update()
        // Memberships recorded before this rule came from the gazetteer's editors and the demo data.
        try await database.sql.update(Membership.schema).set("confirmed_at", to: SQLBind(Date())).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Membership.schema).deleteField("confirmed_at").update()
    }
}
