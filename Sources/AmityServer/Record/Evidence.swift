import AmityCore
import Fluent
import Foundation
import Vapor

/// The sources of the record: which sources a record rests on, what each source supports, and
/// the facts held only as sourced statements.
struct Evidence {
    let db: any Database

    /// The collections whose records can cite sources, as the API names them, and their tables.
    static let tables: [String: String] = [
        "networks": Network.schema, "memberships": Membership.schema, "partnerships": Partnership.schema, "pledges": PledgeRecord.schema,
        "rules": RuleRecord.schema, "campaigns": CampaignRecord.schema, "events": EventRecord.schema, "statements": StatementRecord.schema,
        "resolutions": ResolutionRecord.schema, "assemblies": AssemblyRecord.schema, "calls": CallRecord.schema,
        "practices": PracticeRecord.schema, "facts": SourcedFactRecord.schema,
    ]

    /// An address compared as readers mean it: scheme, `www.` and a trailing slash do not count.
    static func address(_ url: String) -> String {
        var text = url.lowercased()
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    func sources(page: Paging) async throws -> CursorPage<SourceDTO> {
        try await page.oldestFirst(SourceRecord.query(on: db)) { rows in rows.map(SourceDTO.init) }
    }

    func source(id: Int) async throws -> SourceDetailDTO {
        guard let source = try await SourceRecord.find(id, on: db) else { throw DomainError.notFound(entity: "source", id: String(id)) }
        let links = try await RecordSourceRecord.query(on: db).filter(\.$sourceID == id).sort(\.$entity).sort(\.$id).all()
        return SourceDetailDTO(source: SourceDTO(source), records: links.map { link in
            .init(entity: link.entity, id: link.entityID, record: Self.path(link.entity, link.entityID), supports: link.supports, standing: link.standing, note: link.note)
        })
    }

    /// The sources of one record; an unknown collection is a 400 naming `entity`, a record that
    /// does not exist a 404.
    func record(entity: String, id: String) async throws -> RecordEvidenceDTO {
        guard let table = Self.tables[entity] else {
            throw DomainError.invalid("entity", "'\(entity)' holds no sourced records; the collections are \(Self.tables.keys.sorted().joined(separator: ", ")).")
        }
        // Networks are keyed by their slug, every other collection by a whole number.
        let key: any Encodable & Sendable = entity == "networks" ? id : (Int64(id) as (any Encodable & Sendable)?) ?? Int64.min
        guard try await db.sql.raw("SELECT 1 AS one FROM \(ident: table) WHERE id = \(bind: key)").first() != nil else {
            throw DomainError.notFound(entity: String(entity.dropLast()), id: id)
        }
        let links = try await RecordSourceRecord.query(on: db).filter(\.$entity == entity).filter(\.$entityID == id).sort(\.$id).all()
        let sources = Dictionary(uniqueKeysWithValues: try await SourceRecord.query(on: db).filter(\.$id ~~ Set(links.map(\.sourceID))).all().map { ($0.id ?? 0, $0) })
        return RecordEvidenceDTO(entity: entity, id: id, record: Self.path(entity, id), sources: links.compactMap { link in
            sources[link.sourceID].map { .init(source: SourceDTO($0), supports: link.supports, standing: link.standing, note: link.note) }
        })
    }

    func facts(page: Paging) async throws -> CursorPage<SourcedFactDTO> {
        try await page.oldestFirst(SourcedFactRecord.query(on: db)) { rows in
            let sources = Dictionary(uniqueKeysWithValues: try await SourceRecord.query(on: db).filter(\.$id ~~ Set(rows.map(\.sourceID))).all().map { ($0.id ?? 0, $0) })
            return rows.compactMap { fact in
                sources[fact.sourceID].map { source in
                    SourcedFactDTO(id: fact.id ?? 0, key: fact.key, text: fact.text, value: fact.value, unit: fact.unit,
                                   countries: fact.countries.split(separator: ",").map(String.init), cityId: fact.cityID, on: fact.on, source: SourceDTO(source))
                }
            }
        }
    }

    /// Where a record is read in the API.
    static func path(_ entity: String, _ id: String) -> String {
        switch entity {
        case "memberships", "facts": "/api/v1/evidence/\(entity)/\(id)"
        default: "/api/v1/\(entity)/\(id)"
        }
    }
}

/// A source as the API gives it.
struct SourceDTO: Content {
    var id: Int
    var key: String
    /// news, official, slides, video, interview, paper, dataset or web.
    var kind: String
    var title: String
    var publisher: String?
    var url: String?
    var publishedOn: String?
    /// When it was read; absent where nobody recorded it.
    var accessedOn: String?
    var note: String?

    init(_ row: SourceRecord) {
        (id, key, kind, title, publisher, url) = (row.id ?? 0, row.key, row.kind, row.title, row.publisher, row.url)
        (publishedOn, accessedOn, note) = (row.publishedOn, row.accessedOn, row.note)
    }
}

/// A source and what it supports of one record.
struct CitedSourceDTO: Content {
    var source: SourceDTO
    var supports: String?
    /// stated, inferred or illustrative.
    var standing: String
    var note: String?
}

struct RecordEvidenceDTO: Content {
    var entity: String
    var id: String
    var record: String
    var sources: [CitedSourceDTO]
}

struct SourceDetailDTO: Content {
    struct Cited: Content {
        var entity: String
        var id: String
        var record: String
        var supports: String?
        var standing: String
        var note: String?
    }
    var source: SourceDTO
    var records: [Cited]
}

struct SourcedFactDTO: Content {
    var id: Int
    var key: String
    var text: String
    var value: Int64?
    var unit: String?
    var countries: [String]
    var cityId: Int?
    var on: String?
    var source: SourceDTO
}
