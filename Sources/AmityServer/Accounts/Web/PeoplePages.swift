import AmityCore
import Fluent
import Vapor

/// The administrators' page of people and their roles, newest accounts first, searchable by
/// address or name, each with a link to what they did.
struct PeoplePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "people", use: people)
    }

    struct PeopleContext: Encodable {
        var chrome: PageChrome
        var q: String
        var people: [Line]
        var next: String?
    }

    struct Line: Content {
        var id: Int
        var name: String
        var email: String
        var joined: String
        var confirmed: Bool
        var deleted: Bool
        var administrator: Bool
        var roles: [String]
    }

    @Sendable func people(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorize(.readAuditLog)
        let q = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingWhitespace()
        let query = Person.query(on: req.db)
        if !q.isEmpty {
            query.group(.or) { $0.filter(\.$email, .custom("LIKE"), "%\(q.lowercased())%").filter(\.$displayName, .custom("LIKE"), "%\(q)%") }
        }
        let t = req.messages, language = req.language
        let page = try await req.pageRequest(shape: [.int]).newestFirst(query) { people in
            let ids = people.compactMap(\.id)
            let roles = try await RoleRequest.query(on: req.db).filter(\.$personID ~~ ids).filter(\.$status == RoleRequestStatus.verified).all()
            let cities = try await req.directory.cityRefs(ids: roles.compactMap(\.cityID))
            return people.map { person in
                Line(id: person.id ?? 0, name: person.displayName, email: person.email, joined: CalendarDay.text(person.createdAt),
                     confirmed: person.emailConfirmedAt != nil, deleted: person.deletedAt != nil, administrator: person.isAdministrator,
                     roles: roles.filter { $0.personID == person.id }.map { role in
                         let target = role.cityID.flatMap { cities[$0].map { CityCard($0, language: language).name } } ?? role.networkID
                             ?? role.programmeID.map { MessageCatalogue.fill(t["role_target_programme"] ?? "{id}", ["id": String($0)]) } ?? "?"
                         return "\(t["role_kind_\(role.role)"] ?? role.role) · \(target)"
                     })
            }
        }
        return try await req.render("Accounts/people", PeopleContext(chrome: PageChrome(request: req, title: t["people_title"] ?? ""), q: q,
                                                                     people: page.items, next: req.nextPageLink(page.nextCursor)))
    }
}
