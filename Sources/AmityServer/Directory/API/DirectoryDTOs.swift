import AmityCore
import Vapor

/// A city as the API shows it.
struct CityDTO: Content {
    var id: Int
    var geonamesId: Int?
    var name: String
    /// The name pages show in each language the gazetteer has one for (`zh-Hant`, `zh-Hans`, `ja`, `ko`).
    var names: [String: String]
    var country: String
    var admin1: String?
    var latitude: Double
    var longitude: Double
    var population: Int
    var timeZone: String?
    /// Only in answers to a nearest-city search.
    var distanceKm: Double?

    init(_ row: CityRow, names: [String: String], distanceKm: Double? = nil) {
        id = row.id
        geonamesId = row.geonamesID
        name = row.name
        self.names = names
        country = row.countryCode
        admin1 = row.admin1
        latitude = row.latitude
        longitude = row.longitude
        population = row.population
        timeZone = row.timeZone
        self.distanceKm = distanceKm.map { ($0 * 10).rounded() / 10 }
    }
}

/// One city with every name it is known by.
struct CityDetailDTO: Content {
    var city: CityDTO
    var countryName: String
    /// The first-level division the city is in, when the gazetteer names it.
    var region: RegionDTO?
    var alternateNames: [AlternateName]

    struct AlternateName: Content {
        var name: String
        var language: String?
    }
}

/// A short reference to a city inside another record.
struct CityRefDTO: Content {
    var id: Int
    var name: String
    var names: [String: String]
    var country: String

    init(_ row: CityRow, names: [String: String]) {
        id = row.id
        name = row.name
        self.names = names
        country = row.countryCode
    }
}

/// An ISO 3166-1 country.
struct CountryDTO: Content {
    var code: String
    var iso3: String
    var geonamesId: Int?
    var name: String
    var names: [String: String]

    init(_ country: Country) {
        code = country.id ?? ""
        iso3 = country.iso3
        geonamesId = country.geonamesID
        name = country.nameEnglish
        names = country.translatedNames
    }
}

/// A first-level division of a country (a state, province or prefecture).
struct RegionDTO: Content {
    /// The GeoNames admin1 code, unique within the country.
    var code: String
    var name: String
    var names: [String: String]

    init(_ region: Region) {
        code = region.code
        name = region.nameEnglish
        names = region.translatedNames
    }
}

/// A network of cities.
struct NetworkDTO: Content {
    var id: String
    var name: String
    var shortName: String
    var kind: String
    var founded: Int?
    var website: String?
    var secretariatCity: CityRefDTO?
    var summary: String
    var memberCount: Int
}

/// A city's membership of a network.
struct MembershipDTO: Content {
    var network: NetworkRefDTO
    var city: CityRefDTO
    var role: String
    var since: String?
    var source: String?
    /// False while the membership is the network's claim, not yet confirmed by the city.
    var confirmed: Bool

    struct NetworkRefDTO: Content {
        var id: String
        var name: String
        var shortName: String
    }
}

/// A partnership between two cities with its dated history.
struct PartnershipDTO: Content {
    var id: Int
    var kind: String
    var status: PartnershipStatus
    var signedOn: String?
    var summary: String?
    var cities: [CityRefDTO]
    /// The city whose officer recorded it, until the other city confirms; absent once confirmed.
    var claimedBy: Int?
    var history: [EventDTO]

    struct EventDTO: Content {
        var position: Int
        var kind: String
        var on: String?
        var source: String?
        var note: String?
        var claimedBy: Int?
    }
}
