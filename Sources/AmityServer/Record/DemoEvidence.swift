import AmityCore
import Fluent
import Foundation

/// The demo's evidence (`Data/demo/evidence.json`): its sources, which record rests on which
/// (and whether stated, inferred or illustrative), and the facts the sources give without pairs
/// of cities. Records that cite an address of their own (memberships, partnership events,
/// practices, events' materials) are tied to the source with that address, added if unknown.
struct DemoEvidence: Decodable {
    struct Source: Decodable {
        var key: String, kind: String, title: String
        var publisher: String?, url: String?, published: String?, accessed: String?, note: String?
    }

    /// One record (named by what identifies it in the demo) and the source it rests on.
    struct Link: Decodable {
        var network: String?, membership: [WireKey]?, partnership: [Int]?, pledge: [Int]?, rule: String?, campaign: String?
        var event: String?, statement: String?, resolution: String?, assembly: String?, call: String?, practice: String?
        var source: String
        var supports: String?
        var standing: String?
        var note: String?
    }

    /// A network's slug or a city's id, as a membership names them.
    enum WireKey: Decodable {
        case text(String), number(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
        var text: String? { if case .text(let value) = self { value } else { nil } }
        var number: Int? { if case .number(let value) = self { value } else { nil } }
    }

    struct Fact: Decodable {
        var key: String, text: String
        var value: Int64?, unit: String?
        var countries: [String]
        var city: Int?
        var on: String?
        var source: String
    }

    var sources: [Source]
    var records: [Link]
    var facts: [Fact]

    static func load(path: String) throws -> DemoEvidence {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid("file", "Cannot read the demo evidence at \(path).")
        }
        return try JSONDecoder().decode(DemoEvidence.self, from: data)
    }

    /// Writes the sources, the links and the facts in one transaction; a record the file names
    /// that the demo does not hold is an error, so the evidence cannot drift from the data.
    func load(into database: any Database) async throws {
        try await database.transaction { db in
            var ids: [String: Int] = [:], byAddress: [String: Int] = [:]
            for source in sources {
                let row = SourceRecord()
                (row.key, row.kind, row.title, row.publisher, row.url) = (source.key, source.kind, source.title, source.publisher, source.url)
                (row.publishedOn, row.accessedOn, row.note) = (source.published, source.accessed, source.note)
                try await row.create(on: db)
                ids[source.key] = try row.requireID()
                if let url = source.url { byAddress[Evidence.address(url)] = byAddress[Evidence.address(url)] ?? ids[source.key] }
            }
            var linked = Set<String>()
            func link(_ entity: String, _ id: String, source: Int, supports: String? = nil, standing: String = "stated", note: String? = nil) async throws {
                guard linked.insert("\(entity)/\(id)/\(source)").inserted else { return }
                let row = RecordSourceRecord()
                (row.entity, row.entityID, row.sourceID, row.supports, row.standing, row.note) = (entity, id, source, supports, standing, note)
                try await row.create(on: db)
            }
            for record in records {
                guard let source = ids[record.source] else { throw DomainError.invalid("source", "No source '\(record.source)' in the demo evidence.") }
                let (entity, id) = try await Self.resolve(record, on: db)
                try await link(entity, id, source: source, supports: record.supports, standing: record.standing ?? "stated", note: record.note)
            }
            // Records that cite an address: tied to that source, which is added if the file lacks it.
            func source(for url: String) async throws -> Int {
                if let id = byAddress[Evidence.address(url)] { return id }
                let row = SourceRecord()
                (row.key, row.kind, row.title, row.url, row.note) = ("web-" + Secret.hash(url).prefix(12), "web", url, url, "Access date not recorded.")
                try await row.create(on: db)
                byAddress[Evidence.address(url)] = try row.requireID()
                return try row.requireID()
            }
            for membership in try await Membership.query(on: db).filter(\.$source != nil).all() {
                try await link("memberships", String(try membership.requireID()), source: try await source(for: membership.source ?? ""))
            }
            for event in try await PartnershipEventRecord.query(on: db).filter(\.$source != nil).sort(\.$position).all() {
                try await link("partnerships", String(event.partnershipID), source: try await source(for: event.source ?? ""),
                               supports: event.on.map { "\(event.kind) (\($0))" } ?? event.kind)
            }
            for practice in try await PracticeRecord.query(on: db).filter(\.$sourceURL != nil).all() {
                try await link("practices", String(try practice.requireID()), source: try await source(for: practice.sourceURL ?? ""))
            }
            for rule in try await RuleRecord.query(on: db).filter(\.$source != nil).all() {
                try await link("rules", String(try rule.requireID()), source: try await source(for: rule.source ?? ""))
            }
            for fact in facts {
                guard let source = ids[fact.source] else { throw DomainError.invalid("source", "No source '\(fact.source)' in the demo evidence.") }
                let row = SourcedFactRecord()
                (row.key, row.text, row.value, row.unit, row.countries) = (fact.key, fact.text, fact.value, fact.unit, fact.countries.joined(separator: ","))
                (row.cityID, row.on, row.sourceID) = (fact.city, fact.on, source)
                try await row.create(on: db)
                try await link("facts", String(try row.requireID()), source: source, supports: fact.text)
            }
        }
    }

    /// The collection and id of the record a link names.
    static func resolve(_ link: Link, on db: any Database) async throws -> (String, String) {
        func found<T>(_ value: T?, _ what: String) throws -> T {
            guard let value else { throw DomainError.invalid("records", "The demo holds no \(what).") }
            return value
        }
        if let network = link.network { return ("networks", try found(try await Network.find(network, on: db)?.id, "network \(network)")) }
        if let pair = link.membership, let network = pair.first?.text, let city = pair.last?.number {
            let row = try await Membership.query(on: db).filter(\.$networkID == network).filter(\.$cityID == city).first()
            return ("memberships", String(try found(row?.id, "membership of \(city) in \(network)")))
        }
        if let pair = link.partnership, pair.count == 2 {
            let row = try await Partnership.query(on: db).filter(\.$cityAID == min(pair[0], pair[1])).filter(\.$cityBID == max(pair[0], pair[1])).first()
            return ("partnerships", String(try found(row?.id, "partnership \(pair)")))
        }
        if let pair = link.pledge, pair.count == 2 {
            let row = try await PledgeRecord.query(on: db).filter(\.$donorCityID == pair[0]).filter(\.$recipientCityID == pair[1]).sort(\.$id).first()
            return ("pledges", String(try found(row?.id, "pledge \(pair)")))
        }
        func titled<M: Model>(_ type: M.Type, _ key: KeyPath<M, FieldProperty<M, String>>, _ prefix: String, _ entity: String) async throws -> (String, String) where M.IDValue == Int {
            let rows = try await M.query(on: db).all()
            let row = rows.first { $0[keyPath: key].wrappedValue == prefix } ?? rows.first { $0[keyPath: key].wrappedValue.hasPrefix(prefix) }
            return (entity, String(try found(row?.id, "\(entity) '\(prefix)'")))
        }
        if let title = link.rule { return try await titled(RuleRecord.self, \.$title, title, "rules") }
        if let title = link.campaign { return try await titled(CampaignRecord.self, \.$title, title, "campaigns") }
        if let title = link.event { return try await titled(EventRecord.self, \.$title, title, "events") }
        if let title = link.statement { return try await titled(StatementRecord.self, \.$title, title, "statements") }
        if let title = link.resolution { return try await titled(ResolutionRecord.self, \.$title, title, "resolutions") }
        if let name = link.assembly { return try await titled(AssemblyRecord.self, \.$name, name, "assemblies") }
        if let title = link.call { return try await titled(CallRecord.self, \.$title, title, "calls") }
        if let title = link.practice { return try await titled(PracticeRecord.self, \.$title, title, "practices") }
        throw DomainError.invalid("records", "A record of the demo evidence names nothing Amity holds.")
    }
}
