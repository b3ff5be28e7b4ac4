import Vapor

struct ResolutionDTO: Content {
    var id: Int
    var city: CityRefDTO
    var body: String
    var title: String
    var adoptedOn: String
    var summary: String
    var link: String?
    var tags: [String]
    var endorsements: [EndorsementDTO]
    var createdAt: Date
}

struct EndorsementDTO: Content {
    var city: CityRefDTO
    var at: Date
}

struct ResolutionInput: Content {
    var cityId: Int
    var body: String
    var title: String
    /// The day the council adopted it, YYYY-MM-DD.
    var adoptedOn: String
    var summary: String
    var link: String?
    var tags: [String]?
}

struct EndorseInput: Content {
    var cityId: Int
}
