import AmityCore
import Fluent
import Vapor

/// Questions to a network or to everyone, answered by officers for their cities; the asker marks
/// the answer that helped. Questions and answers are searchable like practices.
struct Questions {
    let request: Request
    var db: any Database { request.db }

    func ask(_ input: QuestionInput) async throws -> QuestionDTO {
        var errors: [DomainError.FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("body", input.body, max: 10_000, required: false) { errors.append(error) }
        do { _ = try LanguageCode(input.language, field: "language") } catch let DomainError.invalid(fields) { errors += fields }
        if let network = input.networkId?.nilIfEmpty {
            if try await Membership.standing(on: db).filter(\.$networkID == network).filter(\.$cityID == input.cityId).first() == nil {
                errors.append(.init(field: "networkId", key: "error_ask_own_networks"))
            }
        }
        if try await City.find(input.cityId, on: db) == nil { errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(input.cityId)])) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, actor in
            let row = QuestionRecord()
            (row.cityID, row.personID, row.networkID, row.title) = (input.cityId, actor.personID, input.networkId?.nilIfEmpty, title)
            (row.body, row.language, row.createdAt) = (input.body, input.language.lowercased(), trail.now)
            try await row.create(on: trail.db)
            try await trail.record("ask", "question", id: String(row.id ?? 0), cityID: row.cityID, after: ["title": title, "network": row.networkID ?? ""])
            try await Self.index(row, on: trail.db)
            try await trail.publish(LiveItem(kind: .question, title: title, summary: String(input.body.prefix(300)), link: "/questions/\(row.id ?? 0)",
                                             cityID: row.cityID, topics: row.networkID.map { [.network($0)] } ?? []))
            return try row.requireID()
        }
        return try await question(id: id)
    }

    func answer(questionID: Int, _ input: AnswerInput) async throws -> QuestionDTO {
        let question = try await find(questionID)
        let body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("body", body, max: 10_000) { throw DomainError.invalid([error]) }
        if let network = question.networkID,
           try await Membership.standing(on: db).filter(\.$networkID == network).filter(\.$cityID == input.cityId).first() == nil {
            throw DomainError.invalid("cityId", "This question is for the cities of \(network).")
        }
        try await request.write(.actForCity(cityID: input.cityId)) { trail, actor in
            let row = AnswerRecord()
            (row.questionID, row.cityID, row.personID, row.body, row.createdAt) = (questionID, input.cityId, actor.personID, body, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("answer", "question", id: String(questionID), cityID: input.cityId, after: ["answer": String(row.id ?? 0)])
            try await Self.index(question, on: trail.db)
            let city = try await City.find(input.cityId, on: trail.db)?.name ?? "A city"
            try await trail.publish(LiveItem(kind: .answer, title: .fact(Fact("live_answer", ["city": .city(input.cityId), "title": .text(question.title)])),
                                             summary: .written(String(body.prefix(300))),
                                             link: "/questions/\(questionID)#answer-\(row.id ?? 0)", cityID: input.cityId,
                                             topics: [.city(question.cityID)] + (question.networkID.map { [.network($0)] } ?? [])))
            try await trail.notify(Notice(kind: .answer, values: ["city": city, "title": question.title],
                                          link: "/questions/\(questionID)#answer-\(row.id ?? 0)"), to: Audience(people: [question.personID]))
        }
        return try await self.question(id: questionID)
    }

    func markHelpful(questionID: Int, answerID: Int) async throws -> QuestionDTO {
        let question = try await find(questionID)
        try await request.write(.markHelpfulAnswer(askedBy: question.personID)) { trail, _ in
            guard let answer = try await AnswerRecord.find(answerID, on: trail.db), answer.questionID == questionID else {
                throw DomainError.notFound(entity: "answer", id: String(answerID))
            }
            guard let row = try await QuestionRecord.find(questionID, on: trail.db) else { throw DomainError.notFound(entity: "question", id: String(questionID)) }
            let before = row.helpfulAnswerID.map(String.init) ?? ""
            row.helpfulAnswerID = answerID
            try await row.save(on: trail.db)
            try await trail.record("mark-helpful", "question", id: String(questionID), cityID: row.cityID, before: ["helpful": before],
                                   after: ["helpful": String(answerID)])
        }
        return try await self.question(id: questionID)
    }

    /// Indexes a question with all its answers, so a search finds it by what was answered too.
    static func index(_ row: QuestionRecord, on db: any Database) async throws {
        let answers = try await AnswerRecord.query(on: db).filter(\.$questionID == row.id ?? 0).all(\.$body)
        try await SearchIndex(db: db).put(entry(row, answers: answers))
    }

    static func entry(_ row: QuestionRecord, answers: [String]) -> SearchIndex.Entry {
        SearchIndex.Entry(kind: .question, refID: row.id ?? 0, cityID: row.cityID, area: "", language: row.language, publishedAt: row.createdAt,
                          title: row.title, summary: row.body,
                          document: SearchDocument(title: row.title, summary: row.body, tags: [], body: answers.joined(separator: "\n")))
    }

    func list(networkID: String?, page: Paging) async throws -> CursorPage<QuestionDTO> {
        let query = QuestionRecord.query(on: db)
        if let networkID { query.filter(\.$networkID == networkID) }
        return try await page.newestFirst(query, items: dtos)
    }

    func question(id: Int) async throws -> QuestionDTO { try await dtos([try await find(id)])[0] }

    func find(_ id: Int) async throws -> QuestionRecord {
        guard let row = try await QuestionRecord.find(id, on: db) else { throw DomainError.notFound(entity: "question", id: String(id)) }
        return row
    }

    func dtos(_ rows: [QuestionRecord]) async throws -> [QuestionDTO] {
        let answers = Dictionary(grouping: try await AnswerRecord.query(on: db).filter(\.$questionID ~~ rows.compactMap(\.id)).sort(\.$id).all(), by: \.questionID)
        let cityIDs = rows.map(\.cityID) + answers.values.flatMap { $0.map(\.cityID) }
        let cities = try await CityDirectory(database: db).cityRefs(ids: cityIDs)
        let personIDs = rows.map(\.personID) + answers.values.flatMap { $0.map(\.personID) }
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ personIDs).all().map { ($0.id ?? 0, $0.displayName) })
        let networks = Dictionary(uniqueKeysWithValues: try await Network.query(on: db).filter(\.$id ~~ rows.compactMap(\.networkID)).all().map { ($0.id ?? "", $0.shortName) })
        return rows.compactMap { q in
            guard let city = cities[q.cityID] else { return nil }
            return QuestionDTO(
                id: q.id ?? 0, city: city, askedBy: people[q.personID] ?? "", network: q.networkID.map { NetworkRefDTO(id: $0, name: networks[$0] ?? $0) },
                title: q.title, body: q.body, language: q.language, helpfulAnswerId: q.helpfulAnswerID,
                answers: (answers[q.id ?? 0] ?? []).compactMap { a in
                    cities[a.cityID].map { AnswerDTO(id: a.id ?? 0, city: $0, by: people[a.personID] ?? "", body: a.body, bodyHtml: SafeMarkdown.html(a.body),
                                                     helpful: a.id == q.helpfulAnswerID, createdAt: a.createdAt) }
                },
                createdAt: q.createdAt)
        }
    }
}
