@testable import AmityServer
import Fluent
import Foundation
import SQLKit
import Testing

/// The sales ledger partitioned by month on PostgreSQL (Benchmarks/README.md): sales land in their
/// month's partition, and a client's sale id stays unique across partitions through its own table.
@Suite struct RationingPartitionTests {
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "partitions are PostgreSQL's"))
    func aSaleIDIsUniqueAcrossMonthPartitions() async throws {
        try await withAmity(seeded: false) { app async throws in
            let sql = app.db.sql
            try await sql.raw("CREATE TABLE ration_sale_ids (programme_id bigint NOT NULL, client_id text NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (programme_id, client_id))").run()
            try await sql.raw("CREATE TABLE ration_sales_by_month (id bigserial, programme_id bigint NOT NULL, client_id text NOT NULL, at timestamptz NOT NULL, total bigint NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)").run()
            try await sql.raw("CREATE TABLE ration_sales_2020_04 PARTITION OF ration_sales_by_month FOR VALUES FROM ('2020-04-01T00:00:00Z') TO ('2020-05-01T00:00:00Z')").run()
            try await sql.raw("CREATE TABLE ration_sales_2020_05 PARTITION OF ration_sales_by_month FOR VALUES FROM ('2020-05-01T00:00:00Z') TO ('2020-06-01T00:00:00Z')").run()
            // A unique constraint without the partition key is what PostgreSQL refuses, and why the ids have their own table.
            await #expect(throws: (any Error).self) {
                try await sql.raw("ALTER TABLE ration_sales_by_month ADD CONSTRAINT client UNIQUE (programme_id, client_id)").run()
            }
            func sell(_ id: String, at: String) async throws {
                try await sql.raw("INSERT INTO ration_sale_ids VALUES (1, \(bind: id), \(unsafeRaw: "'\(at)'"))").run()
                try await sql.raw("INSERT INTO ration_sales_by_month (programme_id, client_id, at, total) VALUES (1, \(bind: id), \(unsafeRaw: "'\(at)'"), 10)").run()
            }
            try await app.db.transaction { db in
                try await db.sql.raw("INSERT INTO ration_sale_ids VALUES (1, 's-1', '2020-04-30T23:59:00Z')").run()
                try await db.sql.raw("INSERT INTO ration_sales_by_month (programme_id, client_id, at, total) VALUES (1, 's-1', '2020-04-30T23:59:00Z', 10)").run()
            }
            try await sell("s-2", at: "2020-05-01T00:01:00Z")
            // The retry of s-1 two minutes later would go to May's partition: its id row refuses it.
            await #expect(throws: (any Error).self) { try await sell("s-1", at: "2020-05-01T00:01:00Z") }
            struct Count: Decodable { var n: Int }
            let april = try await sql.raw("SELECT count(*)::int AS n FROM ration_sales_2020_04").first(decoding: Count.self)?.n
            let may = try await sql.raw("SELECT count(*)::int AS n FROM ration_sales_2020_05").first(decoding: Count.self)?.n
            #expect(april == 1 && may == 1)
            // The first answer is found from the id straight in its partition.
            let found = try await sql.raw("""
                SELECT count(*)::int AS n FROM ration_sale_ids i JOIN ration_sales_by_month s
                ON s.programme_id = i.programme_id AND s.client_id = i.client_id AND s.at = i.at WHERE i.client_id = 's-1'
                """).first(decoding: Count.self)?.n
            #expect(found == 1)
        }
    }
}
