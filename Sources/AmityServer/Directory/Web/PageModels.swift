import AmityCore
import Vapor

/// A city as a page shows it: in the reader's language, with the English name beside it.
struct CityCard: Encodable {
    var id: Int
    var name: String
    /// The gazetteer name when the page shows another, so both scripts are there to read.
    var otherName: String?
    var country: String
    var population: String?
    var distance: String?

    init(_ city: CityRefDTO, language: Language, countryName: String? = nil) {
        id = city.id
        name = city.names[language.rawValue] ?? city.name
        otherName = name == city.name ? nil : city.name
        country = countryName ?? city.country
    }

    init(_ city: CityDTO, language: Language, countryName: String? = nil) {
        self.init(CityRefDTO(id: city.id, name: city.name, names: city.names, country: city.country), language: language, countryName: countryName)
        population = city.population > 0 ? city.population.formatted(.number.grouping(.automatic)) : nil
        distance = city.distanceKm.map { "\(Int($0.rounded())) km" }
    }
}

/// A partnership as a page lists it: the other city, the kind and status in words, the history.
struct PartnershipCard: Encodable {
    var id: Int
    var cities: [CityCard]
    var partner: CityCard?
    var kind: String
    var status: String
    var statusClass: String
    var signedOn: String?
    var summary: String?
    var history: [Event]
    /// The city that recorded this partnership, until the other confirms it.
    var claimedBy: String?
    var canConfirm = false

    struct Event: Encodable {
        var position: Int
        var what: String
        var on: String
        var note: String?
        var source: String?
        var claimedBy: String?
        var canConfirm = false
    }

    init(_ p: PartnershipDTO, from cityID: Int? = nil, language: Language, t: [String: String]) {
        id = p.id
        cities = p.cities.map { CityCard($0, language: language) }
        partner = cityID.flatMap { id in p.cities.first { $0.id != id } }.map { CityCard($0, language: language) }
        kind = t["kind_\(p.kind)"] ?? p.kind
        status = t["status_\(p.status.rawValue)"] ?? p.status.rawValue
        statusClass = p.status.rawValue
        signedOn = p.signedOn
        summary = p.summary
        let names = Dictionary(uniqueKeysWithValues: p.cities.map { ($0.id, $0.names[language.rawValue] ?? $0.name) })
        claimedBy = p.claimedBy.flatMap { names[$0] }
        history = p.history.map {
            Event(position: $0.position, what: t["event_\($0.kind)"] ?? $0.kind, on: $0.on ?? (t["date_unknown"] ?? "?"), note: $0.note,
                  source: $0.source, claimedBy: $0.claimedBy.flatMap { names[$0] })
        }
    }

    /// Marks which claims this reader may confirm (an officer of the other city).
    mutating func allowConfirming(_ dto: PartnershipDTO, request: Request) async throws {
        let cities = dto.cities.map(\.id)
        if let claimant = dto.claimedBy { canConfirm = try await request.can(.confirmClaim(claimedBy: claimant, cityIDs: cities)) }
        for (index, event) in dto.history.enumerated() {
            if let claimant = event.claimedBy {
                history[index].canConfirm = try await request.can(.confirmClaim(claimedBy: claimant, cityIDs: cities))
            }
        }
    }
}

extension CityRefDTO {
    init(id: Int, name: String, names: [String: String], country: String) {
        self.id = id
        self.name = name
        self.names = names
        self.country = country
    }
}
