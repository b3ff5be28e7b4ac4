import AmityCore
import Fluent
import Foundation
import Vapor

/// The paper's practices, Metropolis' call and a question to CityNet, from `Data/demo/knowledge.json`.
struct DemoKnowledge: Decodable {
    struct Practice: Decodable {
        var key: String, city: Int, area: String, language: String, published: String, started: String?, valid: String?, call: String?
        var title: String, summary: String, body: String, tags: [String], sdg: [String], source: String?, contact: String?
        var translations: [Translation]?
    }
    struct Translation: Decodable { var language: String, origin: String, reviewer: String?, title: String, summary: String, body: String }
    struct Call: Decodable { var key: String, network: String, status: String, created: String, deadline: String, title: String, description: String, areas: [String] }
    struct Question: Decodable { var city: Int, asker: String, network: String?, asked: String, language: String, title: String, body: String }

    var practices: [Practice]
    var calls: [Call]
    var questions: [Question]

    static func load(path: String) throws -> DemoKnowledge {
        try JSONDecoder().decode(DemoKnowledge.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Loads everything as published, indexed and announced, in one transaction.
    func load(into database: any Database) async throws {
        try await database.transaction { db in
            let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).all().map { ($0.email, $0.id ?? 0) })
            let author = people["admin@amity.example"] ?? 0
            var callIDs: [String: Int] = [:]
            for call in calls {
                let row = CallRecord()
                (row.networkID, row.title, row.description, row.areas) = (call.network, call.title, call.description, call.areas.joined(separator: "\n"))
                (row.deadline, row.status, row.createdAt) = (try CalendarDay.parse(call.deadline, field: "deadline"), try CallStatus(parsing: call.status), try CalendarDay.parse(call.created, field: "created"))
                row.closedAt = row.status == .closed ? row.deadline : nil
                try await row.create(on: db)
                callIDs[call.key] = try row.requireID()
            }
            for p in practices {
                let published = try CalendarDay.parse(p.published, field: "published")
                let trail = AuditTrail(db: db, personID: nil, requestID: nil, now: published)
                let row = PracticeRecord()
                (row.cityID, row.title, row.summary, row.body, row.area) = (p.city, p.title, p.summary, p.body, try PolicyArea(parsing: p.area).rawValue)
                (row.tags, row.sdgTargets, row.language, row.sourceURL) = (p.tags.joined(separator: "\n"), p.sdg.joined(separator: "\n"), p.language, p.source)
                (row.startedOn, row.validUntil) = (try p.started.map { try CalendarDay.parse($0, field: "started") }, try p.valid.map { try CalendarDay.parse($0, field: "valid") })
                (row.contactPersonID, row.publishedAt, row.status) = (p.contact.flatMap { people[$0] }, published, PracticeStatus.published)
                (row.callID, row.callSelected, row.createdBy, row.createdAt, row.updatedAt) = (p.call.flatMap { callIDs[$0] }, p.call != nil, author, published, published)
                try await row.create(on: db)
                for t in p.translations ?? [] {
                    let translation = TranslationRecord()
                    (translation.practiceID, translation.language, translation.title, translation.summary) = (try row.requireID(), t.language, t.title, t.summary)
                    (translation.body, translation.origin, translation.personID, translation.updatedAt) = (t.body, t.origin, t.reviewer.flatMap { people[$0] }, published)
                    try await translation.create(on: db)
                }
                try await Practices.index(row, on: db)
                try await trail.publish(LiveItem(kind: .practice, title: row.title, summary: row.summary, link: "/practices/\(row.id ?? 0)",
                                                 cityID: row.cityID, topics: [.area(try PolicyArea(parsing: row.area))]))
            }
            for q in questions {
                let row = QuestionRecord()
                (row.cityID, row.personID, row.networkID, row.title, row.body) = (q.city, people[q.asker] ?? author, q.network, q.title, q.body)
                (row.language, row.createdAt) = (q.language, try CalendarDay.parse(q.asked, field: "asked"))
                try await row.create(on: db)
                try await Questions.index(row, on: db)
                try await AuditTrail(db: db, personID: nil, requestID: nil, now: row.createdAt).publish(
                    LiveItem(kind: .question, title: row.title, summary: row.body, link: "/questions/\(row.id ?? 0)", cityID: row.cityID,
                             topics: row.networkID.map { [.network($0)] } ?? []))
            }
        }
    }
}
