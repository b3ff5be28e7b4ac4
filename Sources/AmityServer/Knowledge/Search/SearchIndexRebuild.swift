import AmityCore
import Fluent
import Foundation
import SQLKit

extension SearchIndex {
    /// Empties the index and fills it again from every published practice and every question, in
    /// batches of `batchSize` (after a change to how `SearchText` cuts terms, or after a bulk load).
    /// Returns how many entries it wrote; `progress` hears the count after each batch.
    func rebuild(batchSize: Int = 500, progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> Int {
        try await db.transaction { db in
            let index = SearchIndex(db: db)
            try await index.clear()
            var written = 0, after = 0
            var cities: [Int: (country: String, size: String)] = [:]
            while true {
                let practices = try await PracticeRecord.query(on: db).filter(\.$status == PracticeStatus.published)
                    .filter(\.$id > after).sort(\.$id).limit(batchSize).all()
                guard let last = practices.last?.id else { break }
                after = last
                let translations = Dictionary(grouping: try await TranslationRecord.query(on: db).filter(\.$practiceID ~~ practices.compactMap(\.id)).all(),
                                              by: \.practiceID)
                let entries = practices.map { Practices.entry($0, translations: translations[$0.id ?? 0] ?? []) }
                try await index.insert(entries, cities: &cities)
                written += entries.count
                progress(written)
            }
            after = 0
            while true {
                let questions = try await QuestionRecord.query(on: db).filter(\.$id > after).sort(\.$id).limit(batchSize).all()
                guard let last = questions.last?.id else { break }
                after = last
                let answers = Dictionary(grouping: try await AnswerRecord.query(on: db).filter(\.$questionID ~~ questions.compactMap(\.id)).all(), by: \.questionID)
                try await index.insert(questions.map { Questions.entry($0, answers: (answers[$0.id ?? 0] ?? []).map(\.body)) }, cities: &cities)
                written += questions.count
                progress(written)
            }
            try await index.log(entryID: 0, added: false)
            return written
        }
    }

    private func clear() async throws {
        if !isPostgres { try await db.sql.raw("DELETE FROM search_terms").run() }
        try await db.sql.raw("DELETE FROM search_entries").run()
    }

    /// Inserts many entries in one statement (two on SQLite), looking cities up once.
    private func insert(_ entries: [Entry], cities: inout [Int: (country: String, size: String)]) async throws {
        guard !entries.isEmpty else { return }
        let missing = Set(entries.map(\.cityID)).subtracting(cities.keys)
        for city in try await City.query(on: db).filter(\.$id ~~ Array(missing)).all() {
            cities[city.id ?? 0] = (city.countryCode, CitySize(population: city.population).rawValue)
        }
        var columns = ["kind", "ref_id", "city_id", "country_code", "city_size", "area", "language", "published_at", "title", "summary", "facet"]
        if isPostgres { columns.append("terms") }
        var insert = db.sql.insert(into: SearchEntryRecord.schema).columns(columns)
        for entry in entries {
            guard let city = cities[entry.cityID] else { throw DomainError.notFound(entity: "city", id: String(entry.cityID)) }
            var values: [any SQLExpression] = [SQLBind(entry.kind.rawValue), SQLBind(entry.refID), SQLBind(entry.cityID), SQLBind(city.country),
                                               SQLBind(city.size), SQLBind(entry.area), SQLBind(entry.language), SQLBind(entry.publishedAt),
                                               SQLBind(entry.title), SQLBind(String(entry.summary.prefix(400))),
                                               SQLBind(entry.facet(country: city.country, size: city.size))]
            if isPostgres {
                values.append(SQLQueryString("CAST(\(bind: entry.document.tsvectorLiteral) AS tsvector)"))
            }
            insert = insert.values(values)
        }
        guard !isPostgres else { return try await insert.run() }
        struct Inserted: Decodable { var id: Int; var kind: String; var ref_id: Int }
        let ids = Dictionary(uniqueKeysWithValues: try await insert.returning("id", "kind", "ref_id").all(decoding: Inserted.self).map { ("\($0.kind):\($0.ref_id)", $0.id) })
        var terms = db.sql.insert(into: "search_terms").columns("rowid", "title", "summary", "tags", "body")
        for entry in entries {
            let columns = entry.document.fts5Columns
            terms = terms.values([SQLBind(ids["\(entry.kind.rawValue):\(entry.refID)"] ?? 0)] + columns.map { SQLBind($0) as any SQLExpression })
        }
        try await terms.run()
    }
}
