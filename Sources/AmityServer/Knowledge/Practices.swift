import AmityCore
import Fluent
import Vapor

/// Practices: written by a city's officers, moderated by its networks' secretariats, published
/// to the library and the live feed, kept fresh or retired by their city.
struct Practices {
    let request: Request
    var db: any Database { request.db }

    // MARK: Writing

    func create(_ input: PracticeInput) async throws -> PracticeDTO {
        let fields = try await validate(input)
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, actor in
            let row = PracticeRecord()
            fields.apply(to: row)
            // The officer who writes it is its contact unless another is named.
            row.contactPersonID = fields.contact ?? (actor.officerOf.contains(input.cityId) ? actor.personID : nil)
            (row.cityID, row.status, row.callSelected) = (input.cityId, PracticeStatus.draft, false)
            (row.createdBy, row.createdAt, row.updatedAt) = (actor.personID, trail.now, trail.now)
            if input.submit == true { row.status = try PracticeWorkflow.next(after: .draft, .submit) }
            try await row.create(on: trail.db)
            try await trail.record("create", "practice", id: String(row.id ?? 0), cityID: row.cityID, after: AuditRow(row))
            return try row.requireID()
        }
        return try await practice(id: id)
    }

    /// New text for a draft or a returned practice; published ones change by translation or retirement.
    func update(id: Int, _ input: PracticeInput) async throws -> PracticeDTO {
        let current = try await find(id)
        guard input.cityId == current.cityID else { throw DomainError.invalid("cityId", "A practice stays with the city that wrote it.") }
        let fields = try await validate(input)
        try await request.write(.actForCity(cityID: current.cityID)) { trail, _ in
            guard let row = try await PracticeRecord.find(id, on: trail.db) else { throw DomainError.notFound(entity: "practice", id: String(id)) }
            guard [PracticeStatus.draft, PracticeStatus.returned].contains(row.status) else {
                throw DomainError.conflict("Only a draft or a returned practice can be edited; this one is \(row.status).")
            }
            let before = AuditRow(row)
            fields.apply(to: row)
            row.updatedAt = trail.now
            if input.submit == true {
                row.status = try PracticeWorkflow.next(after: row.status, .submit)
                row.reason = nil
            }
            try await row.save(on: trail.db)
            try await trail.record("update", "practice", id: String(id), cityID: row.cityID, before: before, after: AuditRow(row))
        }
        return try await practice(id: id)
    }

    /// Submits, publishes, returns, confirms or retires, by whoever's step it is.
    func step(_ step: PracticeStep, id: Int, _ input: PracticeStepInput) async throws -> PracticeDTO {
        let current = try await find(id)
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if step.needsReason, reason.isEmpty || reason.count > 1_000 {
            throw DomainError.invalid("reason", key: "error_reason_return")
        }
        let action: Action = step.byCity ? .actForCity(cityID: current.cityID) : .moderatePractice(networksOfCity: try await moderatingNetworks(current))
        let now = request.application.clock.now()
        if step == .confirm, let until = input.validUntil, until <= now {
            throw DomainError.invalid("validUntil", key: "error_future")
        }
        try await request.write(action) { trail, _ in
            guard let row = try await PracticeRecord.find(id, on: trail.db) else { throw DomainError.notFound(entity: "practice", id: String(id)) }
            let before = AuditRow(row)
            row.status = try PracticeWorkflow.next(after: row.status, step)
            row.updatedAt = trail.now
            switch step {
            case .submit: row.reason = nil
            case .return, .retire: row.reason = reason
            case .publish: row.publishedAt = row.publishedAt ?? trail.now
            case .confirm: (row.confirmedAt, row.validUntil) = (trail.now, input.validUntil ?? trail.now.addingTimeInterval(180 * 86_400))
            }
            try await row.save(on: trail.db)
            try await trail.record(step.rawValue, "practice", id: String(id), cityID: row.cityID, before: before, after: AuditRow(row))
            switch step {
            case .publish:
                try await Self.index(row, on: trail.db)
                try await trail.publish(LiveItem(kind: .practice, title: row.title, summary: row.summary, link: "/practices/\(id)",
                                                 cityID: row.cityID, topics: [.area(try PolicyArea(parsing: row.area))]))
            case .retire: try await SearchIndex(db: trail.db).remove(.practice, id)
            default: break
            }
        }
        return try await practice(id: id)
    }

    /// What translating this practice needs: its city's officer, or a secretariat of one of its networks.
    func translationAction(id: Int) async throws -> Action {
        let current = try await find(id)
        return .translatePractice(cityID: current.cityID, networksOfCity: try await moderatingNetworks(current))
    }

    /// Adds or replaces the translation into one language.
    func translate(id: Int, _ input: TranslationInput) async throws -> PracticeDTO {
        let current = try await find(id)
        var errors: [DomainError.FieldError] = []
        var language: LanguageCode?
        do { language = try LanguageCode(input.language, field: "language") } catch let DomainError.invalid(fields) { errors += fields }
        if language?.rawValue == current.language { errors.append(.init(field: "language", key: "error_same_language")) }
        do { _ = try TranslationOrigin(parsing: input.origin) } catch let DomainError.invalid(fields) { errors += fields }
        errors += Self.textErrors(title: input.title, summary: input.summary, body: input.body)
        guard errors.isEmpty, let language else { throw DomainError.invalid(errors) }
        let networks = try await moderatingNetworks(current)
        try await request.write(.translatePractice(cityID: current.cityID, networksOfCity: networks)) { trail, actor in
            let row = try await TranslationRecord.query(on: trail.db).filter(\.$practiceID == id).filter(\.$language == language.rawValue).first()
                ?? TranslationRecord()
            let before = row.id == nil ? nil : AuditRow(row)
            (row.practiceID, row.language, row.title, row.summary) = (id, language.rawValue, input.title, input.summary)
            (row.body, row.origin, row.personID, row.updatedAt) = (input.body, input.origin, actor.personID, trail.now)
            try await row.save(on: trail.db)
            try await trail.record("translate", "practice", id: String(id), cityID: current.cityID, before: before, after: AuditRow(row))
            if let practice = try await PracticeRecord.find(id, on: trail.db), practice.status == PracticeStatus.published {
                try await Self.index(practice, on: trail.db)
            }
        }
        return try await practice(id: id)
    }

    /// Puts a published practice, with every translation, in the search index.
    static func index(_ row: PracticeRecord, on db: any Database) async throws {
        let translations = try await TranslationRecord.query(on: db).filter(\.$practiceID == row.id ?? 0).all()
        try await SearchIndex(db: db).put(entry(row, translations: translations))
    }

    /// What the index holds of a practice: its original title and summary to show, and its text
    /// in every language to search.
    static func entry(_ row: PracticeRecord, translations: [TranslationRecord]) -> SearchIndex.Entry {
        let document = SearchDocument(
            title: ([row.title] + translations.map(\.title)).joined(separator: " "),
            summary: ([row.summary] + translations.map(\.summary)).joined(separator: " "),
            tags: row.tagList + row.sdgList.map { "sdg \($0)" },
            body: ([row.body] + translations.map(\.body)).joined(separator: "\n"))
        return SearchIndex.Entry(kind: .practice, refID: row.id ?? 0, cityID: row.cityID, area: row.area, language: row.language,
                                 publishedAt: row.publishedAt ?? row.updatedAt, title: row.title, summary: row.summary, document: document)
    }

    // MARK: Reading

    /// A practice as `request`'s reader may see it: published and retired ones are public, the
    /// rest only to their city and its moderators.
    func practice(id: Int) async throws -> PracticeDTO {
        let row = try await find(id)
        guard try await mayRead(row) else { throw DomainError.notFound(entity: "practice", id: String(id)) }
        return try await dtos([row])[0]
    }

    func mayRead(_ row: PracticeRecord) async throws -> Bool {
        if [PracticeStatus.published, PracticeStatus.retired].contains(row.status) { return true }
        if try await request.can(.actForCity(cityID: row.cityID)) { return true }
        return try await request.can(.moderatePractice(networksOfCity: try await moderatingNetworks(row)))
    }

    /// Practices waiting for a moderator this reader may be (administrators see every one), in
    /// the order they were first written.
    /// The practices published last, the newest first.
    func newest(limit: Int) async throws -> [PracticeDTO] {
        try await dtos(try await PracticeRecord.query(on: db).filter(\.$status == .published)
            .sort(\.$publishedAt, .descending).sort(\.$id, .descending).limit(limit).all())
    }

    func moderationQueue(page: Paging) async throws -> CursorPage<PracticeDTO> {
        guard let actor = try await request.actor() else { return CursorPage(items: []) }
        var query = PracticeRecord.query(on: db).filter(\.$status == PracticeStatus.submitted)
        if !actor.isAdministrator {
            let cities = try await Membership.standing(on: db).filter(\.$networkID ~~ Array(actor.secretariatOf)).all(\.$cityID)
            query = query.filter(\.$cityID ~~ cities)
        }
        return try await page.oldestFirst(query) { try await dtos($0) }
    }

    func find(_ id: Int) async throws -> PracticeRecord {
        guard let row = try await PracticeRecord.find(id, on: db) else { throw DomainError.notFound(entity: "practice", id: String(id)) }
        return row
    }

    /// The networks whose secretariats moderate this practice: its city's, and its call's.
    func moderatingNetworks(_ row: PracticeRecord) async throws -> Set<String> {
        var networks = Set(try await Membership.standing(on: db).filter(\.$cityID == row.cityID).all(\.$networkID))
        if let call = row.callID, let network = try await CallRecord.find(call, on: db)?.networkID { networks.insert(network) }
        return networks
    }

    func dtos(_ rows: [PracticeRecord]) async throws -> [PracticeDTO] {
        let ids = rows.compactMap(\.id)
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.map(\.cityID))
        let translations = Dictionary(grouping: try await TranslationRecord.query(on: db).filter(\.$practiceID ~~ ids).sort(\.$language).all(), by: \.practiceID)
        let peopleIDs = Set(rows.compactMap(\.contactPersonID) + translations.values.flatMap { $0.compactMap(\.personID) })
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ Array(peopleIDs)).all().map { ($0.id ?? 0, $0.displayName) })
        let now = request.application.clock.now()
        return rows.compactMap { r in
            guard let city = cities[r.cityID] else { return nil }
            return PracticeDTO(
                id: r.id ?? 0, city: city, title: r.title, summary: r.summary, body: r.body, bodyHtml: SafeMarkdown.html(r.body), area: r.area,
                tags: r.tagList, sdgTargets: r.sdgList, language: r.language,
                contact: r.contactPersonID.flatMap { id in people[id].map { .init(id: id, name: $0) } }, sourceUrl: r.sourceURL,
                startedOn: r.startedOn, publishedAt: r.publishedAt, validUntil: r.validUntil, confirmedAt: r.confirmedAt, status: r.status,
                reason: r.reason, freshness: PracticeFreshness.of(validUntil: r.validUntil, now: now).rawValue, callId: r.callID,
                callSelected: r.callSelected,
                translations: (translations[r.id ?? 0] ?? []).map {
                    TranslationDTO(language: $0.language, title: $0.title, summary: $0.summary, body: $0.body, bodyHtml: SafeMarkdown.html($0.body),
                                   origin: $0.origin, by: $0.personID.flatMap { people[$0] }, updatedAt: $0.updatedAt)
                },
                createdAt: r.createdAt, updatedAt: r.updatedAt)
        }
    }

    // MARK: Rules

    /// The checked fields of a practice, ready to store.
    struct Fields {
        var title: String, summary: String, body: String, area: PolicyArea, tags: [String], sdg: [String], language: LanguageCode
        var contact: Int?, source: String?, startedOn: Date?, validUntil: Date?, callID: Int?

        func apply(to row: PracticeRecord) {
            (row.title, row.summary, row.body, row.area) = (title, summary, body, area.rawValue)
            (row.tags, row.sdgTargets, row.language, row.contactPersonID) = (tags.joined(separator: "\n"), sdg.joined(separator: "\n"), language.rawValue, contact)
            (row.sourceURL, row.startedOn, row.validUntil, row.callID) = (source, startedOn, validUntil, callID)
        }
    }

    func validate(_ input: PracticeInput) async throws -> Fields {
        var errors = Self.textErrors(title: input.title, summary: input.summary, body: input.body)
        var area: PolicyArea?, language: LanguageCode?
        do { area = try PolicyArea(parsing: input.area) } catch let DomainError.invalid(fields) { errors += fields }
        do { language = try LanguageCode(input.language, field: "language") } catch let DomainError.invalid(fields) { errors += fields }
        let tags = Array(Set((input.tags ?? []).map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty })).sorted()
        if tags.count > 20 || tags.contains(where: { $0.count > 40 || $0.contains("\n") }) {
            errors.append(.init(field: "tags", key: "error_tags"))
        }
        let sdg = (input.sdgTargets ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if let bad = sdg.first(where: { !Self.isSDGTarget($0) }) {
            errors.append(.init(field: "sdgTargets", key: "error_sdg", ["text": bad]))
        }
        let source = input.sourceUrl?.trimmingWhitespace().nilIfEmpty
        if let source, !(source.hasPrefix("https://") || source.hasPrefix("http://")) || source.count > 500 || URL(string: source) == nil {
            errors.append(.init(field: "sourceUrl", key: "error_https"))
        }
        if let start = input.startedOn, let end = input.validUntil, end <= start {
            errors.append(.init(field: "validUntil", key: "error_ends_before_start"))
        }
        if let contact = input.contactPersonId, try await !isVerifiedOfficer(contact, of: input.cityId) {
            errors.append(.init(field: "contactPersonId", key: "error_contact"))
        }
        if let callID = input.callId { errors += try await callErrors(callID, cityID: input.cityId) }
        if try await City.find(input.cityId, on: db) == nil { errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(input.cityId)])) }
        guard errors.isEmpty, let area, let language else { throw DomainError.invalid(errors) }
        return Fields(title: input.title.trimmingCharacters(in: .whitespacesAndNewlines), summary: input.summary.trimmingCharacters(in: .whitespacesAndNewlines),
                      body: input.body, area: area, tags: tags, sdg: sdg, language: language, contact: input.contactPersonId, source: source,
                      startedOn: input.startedOn, validUntil: input.validUntil, callID: input.callId)
    }

    static func textErrors(title: String, summary: String, body: String) -> [DomainError.FieldError] {
        var errors: [DomainError.FieldError] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines), summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("summary", summary, max: 1_000) { errors.append(error) }
        if let error = DomainError.FieldError.length("body", body, max: 40_000) {
            errors.append(error)
        }
        return errors
    }

    static func isSDGTarget(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let goal = Int(parts[0]), (1...17).contains(goal), (1...2).contains(parts[1].count) else { return false }
        return parts[1].allSatisfy { $0.isNumber || ("a"..."z").contains($0) }
    }

    private func isVerifiedOfficer(_ personID: Int, of cityID: Int) async throws -> Bool {
        try await RoleRequest.query(on: db).filter(\.$personID == personID).filter(\.$cityID == cityID)
            .filter(\.$role == RoleKind.officer.rawValue).filter(\.$status == RoleRequestStatus.verified).first() != nil
    }

    private func callErrors(_ callID: Int, cityID: Int) async throws -> [DomainError.FieldError] {
        guard let call = try await CallRecord.find(callID, on: db) else { return [.init(field: "callId", key: "error_no_call", ["id": String(callID)])] }
        if call.status != .open || call.deadline < request.application.clock.now() {
            return [.init(field: "callId", key: "error_call_closed", ["title": call.title])]
        }
        if try await Membership.standing(on: db).filter(\.$networkID == call.networkID).filter(\.$cityID == cityID).first() == nil {
            return [.init(field: "callId", key: "error_call_members", ["network": call.networkID])]
        }
        return []
    }
}
