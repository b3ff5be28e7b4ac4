import AmityCore
import Fluent
import Vapor

/// An audit entry as administrators (all) and city pages (their own records) read it.
struct AuditEntryDTO: Content {
    var id: Int
    var at: Date
    var person: RoleRequestDTO.PersonRefDTO?
    var action: String
    var entity: String
    var entityId: String
    var before: String?
    var after: String?
    var requestId: String?
}

/// Reads the audit trail, newest first.
struct AuditLog {
    let database: any Database
    static let cursorShape: [Cursor.Kind] = [.int]

    /// What administrators narrow the whole log to; every part is optional.
    struct Filter: Sendable {
        var entity: String?
        var entityID: String?
        var personID: Int?
        var action: String?
        var cityID: Int?
        /// From this instant (inclusive) to that one (exclusive).
        var from: Date?
        var until: Date?
    }

    /// Every entry, or those the filter keeps.
    func entries(_ filter: Filter = Filter(), page: Paging) async throws -> CursorPage<AuditEntryDTO> {
        let query = AuditEntry.query(on: database)
        if let entity = filter.entity { query.filter(\.$entity == entity) }
        if let entityID = filter.entityID { query.filter(\.$entityID == entityID) }
        if let personID = filter.personID { query.filter(\.$personID == personID) }
        if let action = filter.action { query.filter(\.$action == action) }
        if let cityID = filter.cityID { query.filter(\.$cityID == cityID) }
        if let from = filter.from { query.filter(\.$at >= from) }
        if let until = filter.until { query.filter(\.$at < until) }
        return try await run(query, page: page)
    }

    /// The entities whose changes a city's public history shows: records that are public anyway.
    /// Everything else stays out: drafts under review, requests to act for the city, votes cast
    /// while a vote is open, event registrations (the host's to see).
    static let publicCityEntities = ["city-profile", "membership", "partnership"]

    /// The history of a city's own records: its profile, its memberships and its partnerships;
    /// what changed, when and by whom, without the rows' contents (administrators read those).
    func entries(cityID: Int, page: Paging) async throws -> CursorPage<AuditEntryDTO> {
        _ = try await Gazetteer(database: database).city(id: cityID)
        let partnerships = try await Partnership.query(on: database)
            .group(.or) { $0.filter(\.$cityAID == cityID).filter(\.$cityBID == cityID) }.all(\.$id).compactMap { $0 }.map(String.init)
        let query = AuditEntry.query(on: database).filter(\.$entity ~~ Self.publicCityEntities).group(.or) { or in
            or.filter(\.$cityID == cityID)
            if !partnerships.isEmpty { or.group(.and) { $0.filter(\.$entity == "partnership").filter(\.$entityID ~~ partnerships) } }
        }
        return try await run(query, page: page, contents: false)
    }

    private func run(_ query: QueryBuilder<AuditEntry>, page: Paging, contents: Bool = true) async throws -> CursorPage<AuditEntryDTO> {
        return try await page.newestFirst(query) { kept in
            let people = try await Person.query(on: database).filter(\.$id ~~ Set(kept.compactMap(\.personID))).all()
            let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id ?? 0, $0.displayName) })
            return kept.map { e in
                AuditEntryDTO(id: e.id ?? 0, at: e.at, person: e.personID.map { .init(id: $0, displayName: names[$0] ?? "?") },
                              action: e.action, entity: e.entity, entityId: e.entityID, before: contents ? e.before : nil,
                              after: contents ? e.after : nil, requestId: contents ? e.requestID : nil)
            }
        }
    }
}
