import AmityCore
import Fluent
import SQLKit

/// Which of a city's own records exist, read in one query, so that a city page reads only the
/// sections it will show: most of the gazetteer's 34,000 cities have none of them.
struct CityRecords: Sendable {
    var memberships: Bool
    var partnerships: Bool
    var profile: Bool
    var history: Bool
    var officers: Bool

    static func of(cityID: Int, on database: any Database) async throws -> CityRecords {
        let id = SQLBind(cityID)
        let row = try await database.sql.raw("""
            SELECT
              EXISTS (SELECT 1 FROM \(ident: Membership.schema) WHERE city_id = \(id)) AS memberships,
              EXISTS (SELECT 1 FROM \(ident: Partnership.schema) WHERE city_a_id = \(id) OR city_b_id = \(id)) AS partnerships,
              EXISTS (SELECT 1 FROM \(ident: CityProfile.schema) WHERE city_id = \(id)) AS profile,
              EXISTS (SELECT 1 FROM \(ident: AuditEntry.schema) WHERE city_id = \(id)) AS history,
              EXISTS (SELECT 1 FROM \(ident: RoleRequest.schema) WHERE city_id = \(id) AND status = \(bind: RoleRequestStatus.verified.rawValue)) AS officers
            """).first()
        func flag(_ column: String) throws -> Bool { try row?.decode(column: column, as: Bool.self) ?? true }
        // A partnership's history may be recorded against the partnership alone: read it when there is one.
        let partnerships = try flag("partnerships")
        return CityRecords(memberships: try flag("memberships"), partnerships: partnerships, profile: try flag("profile"),
                           history: try flag("history") || partnerships, officers: try flag("officers"))
    }
}
