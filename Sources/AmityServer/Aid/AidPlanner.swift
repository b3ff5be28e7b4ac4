import AmityCore
import Fluent
import Foundation
import NIOConcurrencyHelpers

/// Runs the allocation engine on the database's open offers and needs, partnerships,
/// memberships and national rules in force, now or as they stood on a past day.
struct AidPlanner {
    let database: any Database
    /// The moment planned for: now, or the past day a plan replays.
    let now: Date
    /// Days a need, and an offer, count after their city last confirmed them.
    let needDays: Int, offerDays: Int
    /// Whether `now` is a past day: postings, confirmations, ties and exceptions are then read as
    /// they stood on it (from their dates and the audit trail), not as they stand today.
    let replaying: Bool

    init(database: any Database, now: Date, needDays: Int, offerDays: Int, replaying: Bool = false) {
        (self.database, self.now, self.needDays, self.offerDays, self.replaying) = (database, now, needDays, offerDays, replaying)
    }

    init(database: any Database, now: Date, config: AmityConfig, replaying: Bool = false) {
        self.init(database: database, now: now, needDays: config.needFreshnessDays, offerDays: config.offerFreshnessDays, replaying: replaying)
    }

    /// Which offers and needs a plan covers.
    enum Scope: Sendable {
        /// Every member city's offers and needs.
        case network(String)
        /// One city's offers, against every open need.
        case city(Int)
        /// Everything open (the command line).
        case everything

        /// How plans and plan jobs store it: a kind and an id.
        var stored: (kind: String, id: String) {
            switch self {
            case .network(let id): ("network", id)
            case .city(let id): ("city", String(id))
            case .everything: ("everything", "")
            }
        }

        init?(kind: String, id: String) {
            switch kind {
            case "network": self = .network(id)
            case "city": guard let city = Int(id) else { return nil }; self = .city(city)
            case "everything": self = .everything
            default: return nil
            }
        }
    }

    /// What the engine was given, with the database rows behind it.
    struct Prepared: Sendable {
        var input: AllocationInput
        var offers: [Int: OfferRecord]
        var needs: [Int: AllocationInput.Need]
    }

    func prepare(_ scope: Scope) async throws -> Prepared {
        let (offers, needs) = replaying ? try await postingsThen(scope) : try await postingsNow(scope)
        let cityIDs = Array(Set(offers.map(\.cityID) + needs.map(\.city)))
        let rows = try await Gazetteer(database: database).cities(ids: cityIDs)
        let cities = rows.compactMap { row -> AllocationInput.City? in
            guard let country = try? CountryCode(row.countryCode), let at = try? Coordinate(latitude: row.latitude, longitude: row.longitude) else { return nil }
            return AllocationInput.City(id: row.id, name: row.name, country: country, coordinate: at)
        }
        let countries = Dictionary(cities.map { ($0.id, $0.country) }, uniquingKeysWith: { first, _ in first })
        let inForce = try await NationalRules.inForce(on: database, at: now).filter { Set(countries.values).contains($0.country) }
        // What each offering city may still send under the rules of its country, by the exceptions granted to it.
        var leeway: [Int: [Int: Int64]] = [:]
        for city in Set(offers.map(\.cityID)) {
            let theirs = inForce.filter { $0.country == countries[city] }
            if !theirs.isEmpty {
                leeway[city] = try await NationalRules.leeway(under: theirs, for: city, on: database, asOf: replaying ? now : nil).filter { $0.value > 0 }
            }
        }
        var spent: [Int: [Int: Int64]] = [:]
        let supply = offers.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.map { offer -> AllocationInput.Offer in
            var quantity = offer.quantity - offer.committed
            if let item = try? Catalogue.item(offer.item) {
                let exempting = inForce.filter { $0.country == countries[offer.cityID] && $0.covers(item) && leeway[offer.cityID]?[$0.id] != nil }
                for rule in exempting { quantity = min(quantity, (leeway[offer.cityID]?[rule.id] ?? 0) - (spent[offer.cityID]?[rule.id] ?? 0)) }
                for rule in exempting { spent[offer.cityID, default: [:]][rule.id, default: 0] += quantity }
            }
            return .init(id: offer.id ?? 0, city: offer.cityID, item: offer.item, quantity: max(0, quantity), partnersOnly: offer.partnersOnly)
        }
        return Prepared(
            input: AllocationInput(
                cities: cities,
                offers: supply,
                needs: needs,
                links: try await links(offerCities: Set(offers.map(\.cityID)), needCities: Set(needs.map(\.city))),
                // One rule per country and item: a category rule covers each of its catalogue items.
                rules: inForce.flatMap { rule in
                    rule.items.map { AllocationInput.Rule(id: String(rule.id), country: rule.country, item: $0, description: rule.title,
                                                          exempt: leeway.filter { $0.value[rule.id] != nil }.keys.sorted().nonEmpty) }
                }),
            offers: Dictionary(uniqueKeysWithValues: offers.map { ($0.id ?? 0, $0) }),
            needs: Dictionary(uniqueKeysWithValues: needs.map { ($0.id, $0) }))
    }

    /// The open offers and needs that count now: confirmed in time, with stock left.
    private func postingsNow(_ scope: Scope) async throws -> ([OfferRecord], [AllocationInput.Need]) {
        let offerQuery = OfferRecord.standing(on: database, at: now, days: offerDays)
        let needQuery = NeedRecord.query(on: database).filter(\.$status == .open)
            .filter(\.$confirmedAt > now.addingTimeInterval(-Double(needDays) * 86_400))
        try await narrow(offers: offerQuery, needs: needQuery, to: scope)
        let offers = try await offerQuery.all().filter { $0.quantity > $0.committed }
        return (offers, try await Self.needs(needQuery))
    }

    /// The needs a query finds, read column by column: a Fluent model decodes each row through
    /// reflection, which took most of the time to read a national plan's 30,000 needs.
    static func needs(_ query: QueryBuilder<NeedRecord>) async throws -> [AllocationInput.Need] {
        let read = NIOLockedValueBox<(needs: [AllocationInput.Need], failure: (any Error)?)>(([], nil))
        try await query.sort(\.$id).run { output in
            let row = output.qualifiedSchema(space: nil, NeedRecord.schema)
            read.withLockedValue { read in
                guard read.failure == nil else { return }
                do {
                    read.needs.append(.init(id: try row.decode("id", as: Int.self), city: try row.decode("city_id", as: Int.self),
                                            item: try row.decode("item", as: String.self), quantity: try row.decode("quantity", as: Int64.self),
                                            urgency: try row.decode("urgency", as: Int.self)))
                } catch {
                    read.failure = error
                }
            }
        }.get()
        return try read.withLockedValue { read in
            if let failure = read.failure { throw failure }
            return read.needs
        }
    }

    /// Narrows both queries to the scope: a network's members' postings, or one city's offers.
    func narrow(offers: QueryBuilder<OfferRecord>, needs: QueryBuilder<NeedRecord>, to scope: Scope) async throws {
        switch scope {
        case .network(let id):
            let members = try await standingMemberships(Membership.standing(on: database).filter(\.$networkID == id)).map(\.cityID)
            offers.filter(\.$cityID ~~ members)
            needs.filter(\.$cityID ~~ members)
        case .city(let id):
            offers.filter(\.$cityID == id)
        case .everything:
            break
        }
    }

    /// Active sister and friendship partnerships, and shared networks, between an offering and a needing city.
    private func links(offerCities: Set<Int>, needCities: Set<Int>) async throws -> [AllocationInput.Link] {
        let all = Array(offerCities.union(needCities))
        guard !offerCities.isEmpty, !needCities.isEmpty else { return [] }
        var links: [AllocationInput.Link] = []
        for p in try await partnerships(among: all) {
            let kind: AllocationInput.Link.Kind? = switch p.kind {
            case PartnershipKind.sisterCity.rawValue: .sisterCity
            case PartnershipKind.friendshipCity.rawValue: .friendshipCity
            default: nil
            }
            if let kind { links.append(.init(cities: [p.cityAID, p.cityBID], kind: kind)) }
        }
        let memberships = try await standingMemberships(Membership.standing(on: database).filter(\.$cityID ~~ all))
        let names = Dictionary(uniqueKeysWithValues: try await Network.query(on: database).all().map { ($0.id ?? "", $0.shortName) })
        for (network, members) in Dictionary(grouping: memberships, by: \.networkID) {
            let cities = Set(members.map(\.cityID))
            for from in cities.intersection(offerCities).sorted() {
                for to in cities.intersection(needCities).sorted() where to != from {
                    links.append(.init(cities: [from, to], kind: .sharedNetwork, network: names[network] ?? network))
                }
            }
        }
        return links
    }
}

extension Array {
    /// nil for an empty array, so an optional list is left out of JSON rather than written empty.
    var nonEmpty: [Element]? { isEmpty ? nil : self }
}
