import AmityCore
import Vapor

/// The audit log's filter as the API and the administrators' page take it in the query string:
/// `entity`, `entityId`, `person`, `action`, `city`, `from` and `until` (days, YYYY-MM-DD, until inclusive).
struct AuditFilterQuery: Content {
    var entity: String?
    var entityId: String?
    var person: String?
    var action: String?
    var city: String?
    var from: String?
    var until: String?
}

extension Request {
    /// The audit filter this request asks for; a bad day or number is a 400 naming the parameter.
    func auditFilter() throws -> AuditLog.Filter {
        let q = try query.decode(AuditFilterQuery.self)
        func number(_ text: String?, _ field: String) throws -> Int? {
            guard let text = text?.trimmingWhitespace().nilIfEmpty else { return nil }
            guard let value = Int(text) else { throw DomainError.invalid(field, "Give \(field) as a whole number (an id).") }
            return value
        }
        return AuditLog.Filter(
            entity: q.entity?.nilIfEmpty, entityID: q.entityId?.nilIfEmpty, personID: try number(q.person, "person"),
            action: q.action?.nilIfEmpty, cityID: try number(q.city, "city"),
            from: try q.from?.nilIfEmpty.map { try CalendarDay.parse($0, field: "from") },
            until: try q.until?.nilIfEmpty.map { try CalendarDay.parse($0, field: "until").addingTimeInterval(86_400) })
    }
}
