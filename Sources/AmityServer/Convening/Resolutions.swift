import AmityCore
import Fluent
import Vapor

/// Council resolutions with an international reach, recorded by their city and endorsed by others.
struct Resolutions {
    let request: Request
    var db: any Database { request.db }

    func record(_ input: ResolutionInput) async throws -> ResolutionDTO {
        var errors: [DomainError.FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines), body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 300) { errors.append(error) }
        if let error = DomainError.FieldError.length("body", body, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("summary", input.summary, max: 5_000) {
            errors.append(error)
        }
        var adopted: Date?
        do { adopted = try CalendarDay.parse(input.adoptedOn, field: "adoptedOn") } catch let DomainError.invalid(fields) { errors += fields }
        if let adopted, adopted > request.application.clock.now() { errors.append(.init(field: "adoptedOn", key: "error_adopted_future")) }
        let link = input.link?.trimmingWhitespace().nilIfEmpty
        if let link, !(link.hasPrefix("https://") || link.hasPrefix("http://")) || link.count > 500 {
            errors.append(.init(field: "link", key: "error_https"))
        }
        let tags = (input.tags ?? []).map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty }
        if tags.count > 20 || tags.contains(where: { $0.count > 40 }) { errors.append(.init(field: "tags", key: "error_tags")) }
        if try await City.find(input.cityId, on: db) == nil { errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(input.cityId)])) }
        guard errors.isEmpty, let adopted else { throw DomainError.invalid(errors) }
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, actor in
            let row = ResolutionRecord()
            (row.cityID, row.body, row.title, row.adoptedOn, row.summary) = (input.cityId, body, title, adopted, input.summary)
            (row.link, row.tags, row.createdBy, row.createdAt) = (link, tags.joined(separator: "\n"), actor.personID, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("create", "resolution", id: String(row.id ?? 0), cityID: input.cityId, after: ["title": title, "body": body])
            try await trail.publish(LiveItem(kind: .resolution, title: title, summary: String(input.summary.prefix(300)),
                                             link: "/resolutions/\(row.id ?? 0)", cityID: input.cityId))
            return try row.requireID()
        }
        return try await resolution(id: id)
    }

    func endorse(id: Int, cityID: Int) async throws -> ResolutionDTO {
        let resolution = try await find(id)
        guard cityID != resolution.cityID else { throw DomainError.invalid("cityId", key: "error_own_resolution") }
        guard try await City.find(cityID, on: db) != nil else { throw DomainError.invalid("cityId", key: "error_no_city", ["id": String(cityID)]) }
        try await request.write(.actForCity(cityID: cityID)) { trail, actor in
            guard try await EndorsementRecord.query(on: trail.db).filter(\.$resolutionID == id).filter(\.$cityID == cityID).first() == nil else {
                throw DomainError.conflict("This city has already endorsed the resolution.")
            }
            let row = EndorsementRecord()
            (row.resolutionID, row.cityID, row.personID, row.at) = (id, cityID, actor.personID, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("endorse", "resolution", id: String(id), cityID: cityID)
            try await trail.publish(LiveItem(kind: .resolution, title: .fact(Fact("live_resolution_endorsed", ["city": .city(cityID), "title": .text(resolution.title)])),
                                             summary: .written(resolution.body),
                                             link: "/resolutions/\(id)", cityID: cityID, topics: [.city(resolution.cityID)]))
        }
        return try await self.resolution(id: id)
    }

    /// Resolutions, the most recently recorded first.
    func list(page: Paging) async throws -> CursorPage<ResolutionDTO> {
        try await page.newestFirst(ResolutionRecord.query(on: db)) { try await dtos($0) }
    }

    func resolution(id: Int) async throws -> ResolutionDTO { try await dtos([try await find(id)])[0] }

    func find(_ id: Int) async throws -> ResolutionRecord {
        guard let row = try await ResolutionRecord.find(id, on: db) else { throw DomainError.notFound(entity: "resolution", id: String(id)) }
        return row
    }

    private func dtos(_ rows: [ResolutionRecord]) async throws -> [ResolutionDTO] {
        let endorsements = Dictionary(grouping: try await EndorsementRecord.query(on: db).filter(\.$resolutionID ~~ rows.compactMap(\.id)).sort(\.$id).all(),
                                      by: \.resolutionID)
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.map(\.cityID) + endorsements.values.flatMap { $0.map(\.cityID) })
        return rows.compactMap { r in
            cities[r.cityID].map { city in
                ResolutionDTO(id: r.id ?? 0, city: city, body: r.body, title: r.title, adoptedOn: String(AtomFeed.timestamp(r.adoptedOn).prefix(10)),
                              summary: r.summary, link: r.link, tags: r.tags.split(separator: "\n").map(String.init),
                              endorsements: (endorsements[r.id ?? 0] ?? []).compactMap { e in cities[e.cityID].map { EndorsementDTO(city: $0, at: e.at) } },
                              createdAt: r.createdAt)
            }
        }
    }
}
