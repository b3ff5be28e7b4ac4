/// A city as the directory's queries read it.
struct CityRow: Decodable, Sendable {
    var id: Int
    var geonamesID: Int?
    var name: String
    var countryCode: String
    var admin1: String?
    var latitude: Double
    var longitude: Double
    var population: Int
    var timeZone: String?

    enum CodingKeys: String, CodingKey {
        case id, name, admin1, latitude, longitude, population
        case geonamesID = "geonames_id", countryCode = "country_code", timeZone = "time_zone"
    }

    /// The columns to select, in the order `CodingKeys` names them.
    static let columns = ["id", "geonames_id", "name", "country_code", "admin1", "latitude", "longitude", "population", "time_zone"]
}
