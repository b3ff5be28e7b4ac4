import AmityCore
import Fluent
import Vapor

/// The rules national governments set on what their cities may send, and the exceptions they
/// granted, recorded and ended by administrators; read by anyone.
struct NationalRules {
    let request: Request
    var db: any Database { request.db }

    func create(_ input: RuleInput) async throws -> RuleDTO {
        var errors: [DomainError.FieldError] = []
        var country: CountryCode?
        do { country = try CountryCode(input.country) } catch let DomainError.invalid(fields) { errors += fields }
        if let item = input.item { do { _ = try Catalogue.item(item) } catch let DomainError.invalid(fields) { errors += fields } }
        if let category = input.category { do { _ = try ItemCategory(parsing: category) } catch let DomainError.invalid(fields) { errors += fields } }
        if (input.item == nil) == (input.category == nil) { errors.append(.init(field: "item", key: "error_rule_scope")) }
        do { _ = try RuleKind(parsing: input.kind) } catch let DomainError.invalid(fields) { errors += fields }
        if let until = input.until, until <= input.from { errors.append(.init(field: "until", key: "error_ends_before_start")) }
        if let error = DomainError.FieldError.length("title", input.title, max: 300) { errors.append(error) }
        var source: String?
        do { source = try input.source.flatMap { try WebAddress.optional($0, field: "source") } } catch let DomainError.invalid(fields) { errors += fields }
        if let country, try await Country.find(country.rawValue, on: db) == nil { errors.append(.init(field: "country", key: "error_no_country", ["code": country.rawValue])) }
        guard errors.isEmpty, let country else { throw DomainError.invalid(errors) }
        let link = source
        let id = try await request.write(.manageNationalRules) { trail, _ in
            let rule = RuleRecord()
            (rule.countryCode, rule.item, rule.category, rule.kind) = (country.rawValue, input.item, input.category, input.kind)
            (rule.from, rule.until, rule.source, rule.title) = (input.from, input.until, link, input.title.trimmingWhitespace())
            try await rule.create(on: trail.db)
            try await trail.record("create", "national-rule", id: String(rule.id ?? 0), after: AuditRow(rule))
            return try rule.requireID()
        }
        return try await rule(id: id)
    }

    /// Ends a rule on `until`: from then on it blocks nothing, and it is listed among past rules.
    func end(ruleID: Int, _ input: RuleEndInput) async throws -> RuleDTO {
        let rule = try await find(ruleID)
        guard input.until > rule.from else { throw DomainError.invalid("until", key: "error_ends_before_start") }
        try await request.write(.manageNationalRules) { trail, _ in
            let row = try await trail.locked(RuleRecord.self, ruleID, entity: "national rule")
            let before = AuditRow(row)
            row.until = input.until
            try await row.save(on: trail.db)
            try await trail.record("end", "national-rule", id: String(ruleID), before: before, after: AuditRow(row))
        }
        return try await self.rule(id: ruleID)
    }

    /// Records leave for one city of the rule's country to send `quantity` despite it.
    func grant(ruleID: Int, _ input: RuleExceptionInput) async throws -> RuleDTO {
        let rule = try await find(ruleID)
        var errors: [DomainError.FieldError] = []
        if !AidBounds.quantity.contains(input.quantity) { errors.append(AidBounds.quantityError()) }
        if let city = try await City.find(input.cityId, on: db) {
            if city.countryCode != rule.countryCode { errors.append(.init(field: "cityId", key: "error_exception_country", ["country": rule.countryCode])) }
        } else {
            errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(input.cityId)]))
        }
        if let error = DomainError.FieldError.length("grantedBy", input.grantedBy ?? "", max: 300, required: false) { errors.append(error) }
        if let error = DomainError.FieldError.length("note", input.note ?? "", max: 2_000, required: false) { errors.append(error) }
        if let on = input.grantedOn, on > request.application.clock.now() { errors.append(.init(field: "grantedOn", key: "error_not_future")) }
        var source: String?
        do { source = try input.source.flatMap { try WebAddress.optional($0, field: "source") } } catch let DomainError.invalid(fields) { errors += fields }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let link = source
        try await request.write(.manageNationalRules) { trail, _ in
            let exception = RuleExceptionRecord()
            (exception.ruleID, exception.cityID, exception.quantity) = (ruleID, input.cityId, input.quantity)
            (exception.grantedBy, exception.grantedOn) = (input.grantedBy?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, input.grantedOn)
            (exception.source, exception.note, exception.createdAt) = (link, input.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, trail.now)
            try await exception.create(on: trail.db)
            try await trail.record("grant", "rule-exception", id: String(exception.id ?? 0), cityID: input.cityId, after: AuditRow(exception))
        }
        return try await self.rule(id: ruleID)
    }

    // MARK: Reading

    /// Every rule, those in force first, each with its exceptions and how much of each was used.
    func list() async throws -> [RuleDTO] {
        try await dtos(try await RuleRecord.query(on: db).sort(\.$id).all()).sorted { ($0.inForce ? 0 : 1, $0.id) < ($1.inForce ? 0 : 1, $1.id) }
    }

    func rule(id: Int) async throws -> RuleDTO { try await dtos([try await find(id)])[0] }

    func find(_ id: Int) async throws -> RuleRecord {
        guard let rule = try await RuleRecord.find(id, on: db) else { throw DomainError.notFound(entity: "national rule", id: String(id)) }
        return rule
    }

    private func dtos(_ rows: [RuleRecord]) async throws -> [RuleDTO] {
        let now = request.application.clock.now()
        let exceptions = try await RuleExceptionRecord.query(on: db).filter(\.$ruleID ~~ rows.compactMap(\.id)).sort(\.$id).all()
        let cities = try await CityDirectory(database: db).cityRefs(ids: exceptions.map(\.cityID))
        var dtos: [RuleDTO] = []
        for row in rows {
            var granted: [RuleExceptionDTO] = []
            if let rule = Self.domain(row) {
                for (city, held) in Dictionary(grouping: exceptions.filter { $0.ruleID == row.id }, by: \.cityID).sorted(by: { $0.key < $1.key }) {
                    // What the city sent under the rule is charged to its exceptions in the order they were granted.
                    var used = try await Self.sent(under: rule, by: city, on: db)
                    for e in held {
                        guard let ref = cities[city] else { continue }
                        let charged = min(used, e.quantity)
                        used -= charged
                        granted.append(RuleExceptionDTO(id: e.id ?? 0, city: ref, quantity: e.quantity, used: charged, grantedBy: e.grantedBy,
                                                        grantedOn: e.grantedOn, source: e.source, note: e.note))
                    }
                }
            }
            dtos.append(RuleDTO(id: row.id ?? 0, country: row.countryCode, item: row.item, category: row.category, kind: row.kind, from: row.from,
                                until: row.until, source: row.source, title: row.title,
                                inForce: row.from <= now && (row.until.map { $0 > now } ?? true), exceptions: granted.sorted { $0.id < $1.id }))
        }
        return dtos
    }

    // MARK: The rules as the engine and the pledge check see them

    static func domain(_ r: RuleRecord) -> NationalRule? {
        guard let code = try? CountryCode(r.countryCode), let kind = RuleKind(rawValue: r.kind) else { return nil }
        return NationalRule(id: r.id ?? 0, country: code, item: r.item, category: r.category.flatMap(ItemCategory.init(rawValue:)),
                            kind: kind, from: r.from, until: r.until, source: r.source, title: r.title)
    }

    /// The rules of `country` in force at `date`, as domain values.
    static func inForce(country: String? = nil, on db: any Database, at date: Date) async throws -> [NationalRule] {
        var query = RuleRecord.query(on: db).filter(\.$from <= date)
        if let country { query = query.filter(\.$countryCode == country) }
        return try await query.all().compactMap(domain).filter { $0.isInForce(on: date) }
    }

    /// How much more `city` may still send under each of `rules` by the exceptions granted to it
    /// (rules without one for the city are left out). Called inside a write, the exceptions are
    /// locked first, so two pledges at once cannot both spend the last of one. As of a past day,
    /// only exceptions granted by then (or on a day not known) and pledges made by then count.
    static func leeway(under rules: [NationalRule], for city: Int, on db: any Database, asOf day: Date? = nil) async throws -> [Int: Int64] {
        guard !rules.isEmpty else { return [:] }
        let held = try await RuleExceptionRecord.query(on: db).filter(\.$ruleID ~~ rules.map(\.id)).filter(\.$cityID == city).all()
            .filter { exception in day.map { day in exception.grantedOn.map { $0 <= day } ?? true } ?? true }
        if db.sql.dialect.name == "postgresql", !held.isEmpty {
            try await db.sql.raw("SELECT id FROM \(ident: RuleExceptionRecord.schema) WHERE id IN (\(binds: held.compactMap(\.id))) FOR UPDATE").run()
        }
        var left: [Int: Int64] = [:]
        for rule in rules {
            let granted = held.filter { $0.ruleID == rule.id }.map(\.quantity).saturatingSum
            guard granted > 0 else { continue }
            left[rule.id] = max(0, granted - (try await sent(under: rule, by: city, on: db, asOf: day)))
        }
        return left
    }

    /// What `city` pledged, not cancelled, of the rule's items while it was in force.
    static func sent(under rule: NationalRule, by city: Int, on db: any Database, asOf day: Date? = nil) async throws -> Int64 {
        var query = PledgeRecord.query(on: db).filter(\.$donorCityID == city).filter(\.$item ~~ rule.items)
            .filter(\.$status != PledgeStatus.cancelled).filter(\.$createdAt >= rule.from)
        if let until = rule.until { query = query.filter(\.$createdAt < until) }
        if let day { query = query.filter(\.$createdAt <= day) }
        // Summed here: the database's SUM comes back as NUMERIC on PostgreSQL.
        return try await query.all(\.$quantity).saturatingSum
    }
}

extension Array where Element == Int64 {
    /// The sum, held at Int64.max rather than trapping: more than that is "more than any exception".
    var saturatingSum: Int64 { reduce(0) { let (sum, overflow) = $0.addingReportingOverflow($1); return overflow ? .max : sum } }
}

extension AuditRow {
    init(_ rule: RuleRecord) {
        fields = ["country": rule.countryCode, "item": rule.item ?? "", "category": rule.category ?? "", "kind": rule.kind, "title": rule.title,
                  "from": "\(rule.from.timeIntervalSince1970)", "until": rule.until.map { "\($0.timeIntervalSince1970)" } ?? "", "source": rule.source ?? ""]
    }

    init(_ exception: RuleExceptionRecord) {
        fields = ["rule": "\(exception.ruleID)", "city": "\(exception.cityID)", "quantity": "\(exception.quantity)",
                  "grantedBy": exception.grantedBy ?? "", "grantedOn": exception.grantedOn.map { "\($0.timeIntervalSince1970)" } ?? "",
                  "source": exception.source ?? "", "note": exception.note ?? ""]
    }
}
