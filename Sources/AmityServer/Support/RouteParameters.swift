import AmityCore
import Vapor

extension Request {
    /// A whole-number route parameter; anything else names a record that does not exist.
    func intParameter(_ name: String, entity: String) throws -> Int {
        let raw = parameters.get(name) ?? ""
        guard let value = Int(raw) else { throw DomainError.notFound(entity: entity, id: raw) }
        return value
    }
}
