import AmityCore
import Fluent
import Vapor

/// A person with the badges of their verified roles.
enum People {
    static func dto(_ person: Person, includeEmail: Bool, on db: any Database) async throws -> PersonDTO {
        let roles = try await RoleRequest.query(on: db).filter(\.$personID == person.id ?? 0)
            .filter(\.$status == RoleRequestStatus.verified).sort(\.$id).all()
        return PersonDTO(
            id: person.id ?? 0, displayName: person.displayName, email: includeEmail ? person.email : nil,
            isAdministrator: person.isAdministrator,
            roles: roles.map { .init(role: $0.role, cityId: $0.cityID, networkId: $0.networkID, programmeId: $0.programmeID, title: $0.title) })
    }
}
