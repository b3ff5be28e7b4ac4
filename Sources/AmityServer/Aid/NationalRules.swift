import AmityCore
import Fluent
import Vapor

/// The rules national governments set on what their cities may send, recorded by administrators.
struct NationalRules {
    let request: Request

    func create(_ input: RuleInput) async throws -> RuleDTO {
        var errors: [DomainError.FieldError] = []
        var country: CountryCode?
        do { country = try CountryCode(input.country) } catch let DomainError.invalid(fields) { errors += fields }
        if let item = input.item { do { _ = try Catalogue.item(item) } catch let DomainError.invalid(fields) { errors += fields } }
        if let category = input.category { do { _ = try ItemCategory(parsing: category) } catch let DomainError.invalid(fields) { errors += fields } }
        if (input.item == nil) == (input.category == nil) { errors.append(.init(field: "item", key: "error_rule_scope")) }
        do { _ = try RuleKind(parsing: input.kind) } catch let DomainError.invalid(fields) { errors += fields }
        if let until = input.until, until <= input.from { errors.append(.init(field: "until", key: "error_ends_before_start")) }
        if input.title.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "title", key: "error_required")) }
        var source: String?
        do { source = try input.source.flatMap { try WebAddress.optional($0, field: "source") } } catch let DomainError.invalid(fields) { errors += fields }
        guard errors.isEmpty, let country else { throw DomainError.invalid(errors) }
        let link = source
        let row = try await request.write(.manageNationalRules) { trail, _ in
            let rule = RuleRecord()
            (rule.countryCode, rule.item, rule.category, rule.kind) = (country.rawValue, input.item, input.category, input.kind)
            (rule.from, rule.until, rule.source, rule.title) = (input.from, input.until, link, input.title)
            try await rule.create(on: trail.db)
            try await trail.record("create", "national-rule", id: String(rule.id ?? 0), after: Self.dto(rule))
            return Self.dto(rule)
        }
        return row
    }

    func list() async throws -> [RuleDTO] {
        try await RuleRecord.query(on: request.db).sort(\.$id).all().map(Self.dto)
    }

    static func dto(_ r: RuleRecord) -> RuleDTO {
        RuleDTO(id: r.id ?? 0, country: r.countryCode, item: r.item, category: r.category, kind: r.kind, from: r.from, until: r.until,
                source: r.source, title: r.title)
    }

    /// The rules of `country` in force at `date`, as domain values.
    static func inForce(country: String? = nil, on db: any Database, at date: Date) async throws -> [NationalRule] {
        var query = RuleRecord.query(on: db).filter(\.$from <= date)
        if let country { query = query.filter(\.$countryCode == country) }
        return try await query.all().compactMap { r in
            guard r.until.map({ $0 > date }) ?? true, let code = try? CountryCode(r.countryCode), let kind = RuleKind(rawValue: r.kind) else { return nil }
            return NationalRule(id: r.id ?? 0, country: code, item: r.item, category: r.category.flatMap(ItemCategory.init(rawValue:)),
                                kind: kind, from: r.from, until: r.until, source: r.source, title: r.title)
        }
    }
}
