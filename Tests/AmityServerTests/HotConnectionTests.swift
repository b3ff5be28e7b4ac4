@testable import AmityServer
import Fluent
import Foundation
import SQLKit
import Testing

/// The hottest statements on PostgreSQL (`HotConnection`): prepared once on a connection of their
/// own pool and planned once for any values, whatever the length of the lists they are given.
@Suite struct HotConnectionTests {
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "prepared statements and their plans are PostgreSQL's"))
    func aHotStatementIsPlannedOnceForListsOfAnyLength() async throws {
        try await withAmity { app async throws in
            let made = try await RationingFixture.make(app)
            let key = try app.documentKey.programmeKey(RationingFixture.documents[0], programmeID: made.programme, field: "document")
            struct Plans: Decodable { var name: String; var generic_plans: Int; var custom_plans: Int }
            let plans = try await app.hotDatabase.withHotConnection { connection in
                // Short lists and long: PostgreSQL's own choice plans each short one anew.
                for absent in [0, 1, 2, 12, 0, 1, 2, 30] {
                    let keys = Set([key] + (0..<absent).map { "absent-\($0)" })
                    let found = try await RegisteredPeople.find(keys: keys, programmeID: made.programme, on: connection)
                    #expect(found.map(\.documentKey) == [key])
                }
                return try await connection.database.raw("""
                    SELECT name, generic_plans::int AS generic_plans, custom_plans::int AS custom_plans FROM pg_prepared_statements
                    """).all(decoding: Plans.self)
            }
            let find = try #require(plans.first { $0.name == "amity_people_find" })
            #expect(find.custom_plans == 0 && find.generic_plans == 8)
            // The app's other queries keep PostgreSQL's usual choice: their pool is not the hot one.
            let usual = try await app.db.sql.raw("SHOW plan_cache_mode").all().first?.decode(column: "plan_cache_mode", as: String.self)
            #expect(usual == "auto")
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil, "plans are PostgreSQL's"))
    func aHotStatementPlannedOnAnEmptyLedgerStillReadsByIndex() async throws {
        try await withAmity { app async throws in
            _ = try await RationingFixture.make(app)
            // A programme's first day: the ledger empty, and PostgreSQL's statistics saying so.
            try await app.db.sql.raw("VACUUM (ANALYZE) ration_sale_lines, ration_sales").run()
            let plans = try await app.hotDatabase.withHotConnection { connection in
                let history = try await SaleHistory.purchases(of: [1, 2], since: .distantPast, now: Date(), on: connection)
                #expect(history.isEmpty)
                // The plan this connection keeps for the statement, whatever the ledger grows to.
                return try await connection.database.raw("""
                    EXPLAIN EXECUTE amity_sale_history('{1,2}'::bigint[], now())
                    """).all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
            }
            #expect(plans.contains { $0.contains("Index") }, "\(plans)")
            #expect(!plans.contains { $0.contains("Seq Scan") }, "\(plans)")
            // The app's own queries keep PostgreSQL's usual choices.
            let usual = try await app.db.sql.raw("SHOW enable_seqscan").all().first?.decode(column: "enable_seqscan", as: String.self)
            #expect(usual == "on")
        }
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil, "plans are PostgreSQL's"))
    func everyHotLookUpProbesItsIndexByEveryKeyWhateverTheTablesHeldWhenPlanned() async throws {
        try await withAmity { app async throws in
            let made = try await RationingFixture.make(app)
            // A programme's first day: the people few, the ledger empty, and the statistics saying so. A
            // plan made now is kept for the connection's life: one that reads a key from the rows it
            // found instead of looking it up in the index scans the whole programme once the ledger grows.
            try await app.db.sql.raw("VACUUM (ANALYZE) ration_people, ration_sale_lines, ration_sales").run()
            let key = try app.documentKey.programmeKey(RationingFixture.documents[0], programmeID: made.programme, field: "document")
            let plans = try await app.hotDatabase.withHotConnection { connection in
                _ = try await Sales.kept([(made.programme, "first")], on: connection)
                _ = try await RegisteredPeople.find(keys: [key], programmeID: made.programme, on: connection)
                _ = try await SaleHistory.people(keys: [key], programmeID: made.programme, since: .distantPast, on: connection)
                _ = try await SaleHistory.purchases(of: [1], since: .distantPast, now: Date(), on: connection)
                var plans: [String: String] = [:]
                for (name, arguments) in [("amity_sale_kept", "'{\(made.programme)}'::bigint[], '{first}'::text[]"),
                                          ("amity_people_find", "\(made.programme), '{\(key)}'::text[]"),
                                          ("amity_entitlement_people", "\(made.programme), '{\(key)}'::text[], now()"),
                                          ("amity_sale_history", "'{1,2}'::bigint[], now()")] {
                    plans[name] = try await connection.database.raw("EXPLAIN EXECUTE \(unsafeRaw: name)(\(unsafeRaw: arguments))").all()
                        .map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
                }
                return plans
            }
            func probes(_ name: String, by column: String) -> Bool {
                plans[name]?.split(separator: "\n").contains { $0.contains("Index Cond") && $0.contains(column) } == true
            }
            #expect(probes("amity_sale_kept", by: "client_id"), "\(plans["amity_sale_kept"] ?? "")")
            #expect(probes("amity_people_find", by: "document_key"), "\(plans["amity_people_find"] ?? "")")
            #expect(probes("amity_entitlement_people", by: "document_key") && probes("amity_entitlement_people", by: "person_id"),
                    "\(plans["amity_entitlement_people"] ?? "")")
            #expect(probes("amity_sale_history", by: "person_id"), "\(plans["amity_sale_history"] ?? "")")
            for (name, plan) in plans { #expect(!plan.contains("Seq Scan") && !plan.contains("Hash"), "\(name): \(plan)") }
        }
    }
}
