import Fluent
import SQLKit

extension Database {
    /// The SQL view of a Fluent database; both of Amity's drivers are SQL databases.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    /// Creates an index portably (SQLite and PostgreSQL alike), as migrations need.
    func createIndex(_ name: String, on table: String, columns: [String], unique: Bool = false) async throws {
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        if unique { builder = builder.unique() }
        try await builder.run()
    }
}
