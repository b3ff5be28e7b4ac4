/// One line of a gazetteer file (see `scripts/gazetteer/build_gazetteer.py` for the format).
public enum GazetteerRecord: Equatable, Sendable {
    case country(Country)
    case region(Region)
    case city(City)
    case name(Name)

    /// A country: ISO codes, GeoNames id and its name in the page languages.
    public struct Country: Equatable, Sendable {
        public var code: CountryCode
        public var iso3: String
        public var geonamesID: Int?
        public var names: [Language: String]
    }

    /// A first-level division of a country (GeoNames admin1), named in the page languages.
    public struct Region: Equatable, Sendable {
        public var country: CountryCode
        public var code: String
        public var names: [Language: String]
    }

    /// A populated place.
    public struct City: Equatable, Sendable {
        public var id: Int
        public var geonamesID: Int?
        public var name: String
        public var country: CountryCode
        public var admin1: String?
        public var coordinate: Coordinate
        public var population: Int
        public var timeZone: String?
    }

    /// Another name of a city, with its language when the script tells it.
    public struct Name: Equatable, Sendable {
        public var cityID: Int
        public var language: String?
        public var name: String
        /// The name pages show for `language`.
        public var preferred: Bool
    }

    /// Parses one line; comments and blank lines give nil. Errors name the line.
    public static func parse(_ line: Substring, lineNumber: Int) throws -> GazetteerRecord? {
        if line.isEmpty || line.hasPrefix("#") { return nil }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let at = "line \(lineNumber)"
        func int(_ index: Int, _ what: String) throws -> Int {
            guard let value = Int(fields[index]) else { throw DomainError.invalid(at, "\(what) '\(fields[index])' is not a whole number.") }
            return value
        }
        func optional(_ index: Int) -> String? { fields[index].isEmpty ? nil : fields[index] }
        func expect(_ counts: Int...) throws {
            guard counts.contains(fields.count) else {
                let expected = counts.map(String.init).joined(separator: " or ")
                throw DomainError.invalid(at, "A \(fields[0]) record has \(expected) tab-separated fields, this line has \(fields.count).")
            }
        }
        /// English and then the other page languages, in the order the format lists them; empty means unknown.
        func names(from index: Int) -> [Language: String] {
            let order: [Language] = [.english, .traditionalChinese, .simplifiedChinese, .japanese, .korean]
            var names: [Language: String] = [:]
            for (offset, language) in order.enumerated() where index + offset < fields.count && !fields[index + offset].isEmpty {
                names[language] = fields[index + offset]
            }
            return names
        }
        switch fields[0] {
        case "country":
            // Version 1 files name countries in English and Chinese only.
            try expect(7, 9)
            return .country(Country(code: try CountryCode(fields[1], field: at), iso3: fields[2], geonamesID: Int(fields[3]), names: names(from: 4)))
        case "region":
            try expect(8)
            guard !fields[2].isEmpty, !fields[3].isEmpty else { throw DomainError.invalid(at, "A region needs its code and its English name.") }
            return .region(Region(country: try CountryCode(fields[1], field: at), code: fields[2], names: names(from: 3)))
        case "city":
            try expect(10)
            guard let latitude = Double(fields[6]), let longitude = Double(fields[7]) else {
                throw DomainError.invalid(at, "Latitude and longitude must be decimal degrees.")
            }
            let coordinate: Coordinate
            do { coordinate = try Coordinate(latitude: latitude, longitude: longitude) } catch {
                throw DomainError.invalid(at, "(\(latitude), \(longitude)) is not a point on the globe.")
            }
            guard !fields[3].isEmpty else { throw DomainError.invalid(at, "A city needs a name.") }
            return .city(City(
                id: try int(1, "The id"), geonamesID: optional(2).flatMap { Int($0) }, name: fields[3],
                country: try CountryCode(fields[4], field: at), admin1: optional(5), coordinate: coordinate,
                population: try int(8, "The population"), timeZone: optional(9)))
        case "name":
            try expect(5)
            guard !fields[3].isEmpty else { throw DomainError.invalid(at, "A name record needs the name.") }
            return .name(Name(cityID: try int(1, "The city id"), language: optional(2), name: fields[3], preferred: fields[4] == "1"))
        default:
            throw DomainError.invalid(at, "Unknown record kind '\(fields[0])'; expected country, region, city or name.")
        }
    }
}
