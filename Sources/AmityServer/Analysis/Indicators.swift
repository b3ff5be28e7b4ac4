import AmityCore
import Fluent
import Foundation
import Vapor

/// Indicator values cities report, and their comparison with peers by distance to target.
struct Indicators {
    let request: Request

    /// Which cities a city is compared with.
    enum Peers: String, CaseIterable {
        /// Every city reporting the indicator.
        case all
        /// Cities of the same size band (`CitySize`).
        case size
        /// Cities of the same UN region.
        case region
        /// The members of a network (`network=` names it).
        case network
    }

    /// Lower-case letters, digits, dots and hyphens, up to 64, starting with a letter or digit.
    static func isCode(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }

    func report(cityID: Int, _ input: IndicatorInput) async throws -> IndicatorValueDTO {
        _ = try await request.gazetteer.city(id: cityID)
        var errors: [DomainError.FieldError] = []
        let code = input.indicator.trimmingWhitespace().lowercased()
        if !Self.isCode(code) {
            errors.append(.init(field: "indicator", message: "'\(input.indicator)' is not an indicator code: lower-case letters, digits, dots and hyphens, up to 64."))
        }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines), unit = input.unit.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = input.source.trimmingCharacters(in: .whitespacesAndNewlines)
        for (field, text, max) in [("name", name, 200), ("unit", unit, 60), ("source", source, 500)] {
            if let error = DomainError.FieldError.length(field, text, max: max) { errors.append(error) }
        }
        if source.lowercased().hasPrefix("http") {
            do { _ = try WebAddress.optional(source, field: "source") } catch let DomainError.invalid(fields) { errors += fields }
        }
        if DistanceToTarget.Direction(rawValue: input.better) == nil {
            errors.append(.init(field: "better", message: "'\(input.better)' is neither 'higher' nor 'lower'."))
        } else if Self.isCode(code), let other = try await IndicatorValueRecord.query(on: request.db).filter(\.$indicator == code).filter(\.$better != input.better).first() {
            // Values are compared only if all agree which way is better.
            errors.append(.init(field: "better", message: "Cities reporting '\(code)' say \(other.better) is better."))
        }
        for (field, number, required) in [("value", input.value, true), ("target", input.target, true), ("baseline", input.baseline, false)] {
            if let number, !number.isFinite { errors.append(.init(field: field, message: "A finite number is needed.")) }
            else if number == nil, required { errors.append(.init(field: field, message: "A number is needed.")) }
        }
        var dates: [String: String] = [:]
        for (field, text) in [("measuredOn", Optional(input.measuredOn)), ("baselineOn", input.baselineOn), ("targetBy", input.targetBy)] {
            guard let text = text?.trimmingWhitespace(), !text.isEmpty else {
                if field == "measuredOn" { errors.append(.init(field: field, message: "The date the value describes is needed.")) }
                continue
            }
            do { dates[field] = try PartialDate(text, field: field).description } catch let DomainError.invalid(fields) { errors += fields }
        }
        guard errors.isEmpty, let value = input.value, let target = input.target, let measuredOn = dates["measuredOn"] else { throw DomainError.invalid(errors) }
        let (baselineOn, targetBy) = (dates["baselineOn"], dates["targetBy"])
        return try await request.write(.actForCity(cityID: cityID)) { trail, _ in
            let record = IndicatorValueRecord()
            (record.cityID, record.indicator, record.name, record.unit, record.better) = (cityID, code, name, unit, input.better)
            (record.value, record.measuredOn, record.baseline, record.baselineOn) = (value, measuredOn, input.baseline, baselineOn)
            (record.target, record.targetBy, record.source, record.reportedAt) = (target, targetBy, source, trail.now)
            try await record.create(on: trail.db)
            let dto = IndicatorValueDTO(record)
            try await trail.record("create", "indicator-value", id: String(dto.id), cityID: cityID, before: Optional<IndicatorValueDTO>.none, after: dto)
            return dto
        }
    }

    /// Each indicator's latest value for a city (by the date it describes, then by when it was reported).
    func latest(cityID: Int) async throws -> [IndicatorValueDTO] {
        _ = try await request.gazetteer.city(id: cityID)
        let values = try await IndicatorValueRecord.query(on: request.db).filter(\.$cityID == cityID).all()
        return Self.latest(values).sorted { $0.indicator < $1.indicator }.map(IndicatorValueDTO.init)
    }

    func compare(indicator code: String, cityID: Int?, peers: Peers, network: String?) async throws -> IndicatorComparisonDTO {
        var errors: [DomainError.FieldError] = []
        if peers != .all, cityID == nil, peers != .network { errors.append(.init(field: "city", message: "Comparing by \(peers.rawValue) needs the city compared (city=).")) }
        if peers == .network, network == nil { errors.append(.init(field: "network", message: "Comparing with a network's members needs the network (network=).")) }
        if let network, try await Network.find(network, on: request.db) == nil { errors.append(.init(field: "network", message: "'\(network)' is not a network Amity knows.")) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let values = Self.latest(try await IndicatorValueRecord.query(on: request.db).filter(\.$indicator == code).all())
        guard let first = values.first else { throw DomainError.notFound(entity: "indicator", id: code) }
        var cities = Dictionary(uniqueKeysWithValues: try await request.gazetteer.cities(ids: values.map(\.cityID)).map { ($0.id, $0) })
        if let cityID, cities[cityID] == nil { cities[cityID] = try await request.gazetteer.city(id: cityID) }
        let focus = cityID.flatMap { cities[$0] }
        let world = request.application.world
        var compared = values
        switch peers {
        case .all: break
        case .size:
            let band = focus.map { CitySize(population: $0.population) }
            compared = values.filter { cities[$0.cityID].map { CitySize(population: $0.population) } == band }
        case .region:
            let region = focus.flatMap { world.countries[$0.countryCode]?.region }
            compared = values.filter { cities[$0.cityID].flatMap { world.countries[$0.countryCode]?.region } == region }
        case .network:
            let members = Set(try await Membership.standing(on: request.db).filter(\.$networkID == network ?? "").all().map(\.cityID))
            compared = values.filter { members.contains($0.cityID) }
        }
        // Every report of a code agrees which way is better (`report` refuses the other way).
        let better = DistanceToTarget.Direction(rawValue: first.better) ?? .higher
        let scores = DistanceToTarget.scores(compared.map { .init(value: $0.value, target: $0.target) }, better: better)
        let worst = better == .higher ? compared.map(\.value).min() : compared.map(\.value).max()
        let rows = zip(compared, scores).map { record, score in
            IndicatorComparisonDTO.Row(cityId: record.cityID, city: cities[record.cityID]?.name ?? String(record.cityID), country: cities[record.cityID]?.countryCode ?? "",
                                       value: record.value, measuredOn: record.measuredOn, target: record.target, score: score, distance: 100 - score, source: record.source)
        }.sorted { ($1.score, $0.city) < ($0.score, $1.city) }
        return IndicatorComparisonDTO(indicator: code, name: first.name, unit: first.unit, better: better.rawValue, peers: peers.rawValue, network: network,
                                      cityId: cityID, worst: worst, rows: rows)
    }

    static func latest(_ values: [IndicatorValueRecord]) -> [IndicatorValueRecord] {
        Dictionary(grouping: values) { "\($0.cityID) \($0.indicator)" }.values.compactMap { group in
            group.max { ($0.measuredOn, $0.reportedAt ?? .distantPast, $0.id ?? 0) < ($1.measuredOn, $1.reportedAt ?? .distantPast, $1.id ?? 0) }
        }.sorted { ($0.indicator, $0.cityID) < ($1.indicator, $1.cityID) }
    }
}
