import SQLKit

/// A row of a hot read, taken column by column. `Decodable` rows go through SQLKit's row decoder
/// (a keyed container and witness look-ups per column): 6% of a sale's CPU and 3% of an
/// entitlement question's on PostgreSQL. The columns decode the same way either way.
protocol ColumnRow {
    init(columns row: any SQLRow) throws
}

extension SQLQueryFetcher {
    /// Every row of the query, each read as `type`.
    func all<Row: ColumnRow>(reading type: Row.Type) async throws -> [Row] {
        try await all().map { try Row(columns: $0) }
    }
}
