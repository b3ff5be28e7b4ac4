import AmityCore
import Fluent
import SQLKit

extension AuditTrail {
    /// Reads a row for change, holding it until the transaction ends, so two requests acting on
    /// one row (the same pledge cancelled twice, the last seat, a plan line answered twice) take
    /// turns and the second sees what the first did. PostgreSQL locks the row; on SQLite the
    /// transaction already holds the database's write lock from its first statement.
    func locked<M: Model>(_ type: M.Type, _ id: Int, entity: String) async throws -> M where M.IDValue == Int {
        if db.sql.dialect.name == "postgresql" {
            try await db.sql.raw("SELECT id FROM \(ident: M.schema) WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let row = try await M.find(id, on: db) else { throw DomainError.notFound(entity: entity, id: String(id)) }
        return row
    }
}
