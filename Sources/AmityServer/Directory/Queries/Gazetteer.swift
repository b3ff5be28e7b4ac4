import AmityCore
import Fluent
import SQLKit

/// Reads cities: by id, by name in any script, by country, and nearest to a point.
struct Gazetteer {
    let database: any Database
    /// The gazetteer in memory, when loaded: it answers the reads below without the database.
    var snapshot: GazetteerCache.Snapshot? = nil
    /// Matching names past which a prefix counts as common (walk cities by size instead of sorting matches).
    var commonPrefixNames = 2_000
    private var sql: any SQLDatabase { database.sql }

    /// The shape of the cursor of a population-ordered city list.
    static let cursorShape: [Cursor.Kind] = [.int, .int]

    /// Cities whose name in any language starts with `name` (folded), in `country`, largest first.
    ///
    /// Once the gazetteer is in memory, `CityIndex` answers. Before, two plans give the same rows:
    /// a rare prefix ("wagga") collects its few matching cities and sorts them; a common one ("s")
    /// walks cities from the largest down and stops at the first page of matches. A bounded count
    /// of matching names picks between them.
    func search(name: String?, country: CountryCode?, page: Paging) async throws -> [CityRow] {
        if let snapshot {
            let key = name.map(SearchKey.of) ?? ""
            if name != nil, key.isEmpty { throw DomainError.invalid("q", "Search for at least one letter or digit.") }
            let cursor = page.cursor.flatMap { cursor in cursor.key[0].int.flatMap { population in cursor.key[1].int.map { (population, $0) } } }
            return snapshot.index.search(prefix: key, countryCode: country?.rawValue, after: cursor, limit: page.limit + 1)
                .compactMap { snapshot.cities[$0] }
        }
        let query = sql.select().columns(CityRow.columns.map { SQLColumn($0) }).from(City.schema)
        if let name {
            let key = SearchKey.of(name)
            guard !key.isEmpty else { throw DomainError.invalid("q", "Search for at least one letter or digit.") }
            let (low, high) = (SQLBind(key), SQLBind(SearchKey.upperBound(ofPrefix: key)))
            let common = try await sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(ident: CityName.schema) WHERE \(ident: "key") >= \(bind: key) AND \(ident: "key") < \(bind: SearchKey.upperBound(ofPrefix: key)) LIMIT \(unsafeRaw: String(commonPrefixNames))) AS matches
                """).first()?.decode(column: "n", as: Int.self) ?? 0 >= commonPrefixNames
            if common {
                query.where(SQLQueryString("""
                    EXISTS (SELECT 1 FROM \(ident: CityName.schema) n WHERE n.city_id = \(ident: City.schema).id AND n.\(ident: "key") >= \(bind: key) AND n.\(ident: "key") < \(bind: SearchKey.upperBound(ofPrefix: key)))
                    """))
            } else {
                query.where("id", .in, SQLSubquery.select {
                    $0.column("city_id").from(CityName.schema).where("key", .greaterThanOrEqual, low).where("key", .lessThan, high)
                })
            }
        }
        if let country { query.where("country_code", .equal, SQLBind(country.rawValue)) }
        if let cursor = page.cursor, let population = cursor.key[0].int, let id = cursor.key[1].int {
            query.where {
                $0.where("population", .lessThan, SQLBind(population))
                    .orWhere {
                        $0.where("population", .equal, SQLBind(population)).where("id", .lessThan, SQLBind(id))
                    }
            }
        }
        // Both keys descending, so an index on (population, id) serves the order read backwards.
        return try await query.orderBy("population", .descending).orderBy("id", .descending)
            .limit(page.limit + 1).all(decoding: CityRow.self)
    }

    /// The cursor key of a city in a population-ordered list.
    static func cursorKey(_ city: CityRow) -> [Cursor.Value] { [.int(city.population), .int(city.id)] }

    /// One city, or `DomainError.notFound`.
    func city(id: Int) async throws -> CityRow {
        guard let row = try await cities(ids: [id]).first else { throw DomainError.notFound(entity: "city", id: String(id)) }
        return row
    }

    /// The cities with these ids, in no particular order.
    func cities(ids: [Int]) async throws -> [CityRow] {
        guard !ids.isEmpty else { return [] }
        if let snapshot { return Set(ids).compactMap { snapshot.cities[$0] } }
        return try await sql.select().columns(CityRow.columns.map { SQLColumn($0) }).from(City.schema)
            .where("id", .in, SQLBind.group(Array(Set(ids)))).all(decoding: CityRow.self)
    }

    /// The `limit` cities nearest to `point`, nearest first, each with its distance in kilometres.
    ///
    /// Scans a bounding box that doubles until it holds enough cities within its radius, so a
    /// point in a crowded region reads a few hundred rows and one in the ocean a few thousand.
    func nearest(to point: Coordinate, limit: Int) async throws -> [(city: CityRow, kilometres: Double)] {
        if let snapshot {
            return snapshot.index.nearest(to: point, limit: limit).compactMap { found in snapshot.cities[found.id].map { ($0, found.kilometres) } }
        }
        var radius = 50.0
        while true {
            let box = point.boundingBox(kilometres: radius)
            let query = sql.select().columns(CityRow.columns.map { SQLColumn($0) }).from(City.schema)
                .where("latitude", .greaterThanOrEqual, SQLBind(box.latitude.lowerBound))
                .where("latitude", .lessThanOrEqual, SQLBind(box.latitude.upperBound))
            if box.longitude != [-180...180] {
                query.where {
                    var group = $0
                    for range in box.longitude {
                        group = group.orWhere {
                            $0.where("longitude", .greaterThanOrEqual, SQLBind(range.lowerBound))
                                .where("longitude", .lessThanOrEqual, SQLBind(range.upperBound))
                        }
                    }
                    return group
                }
            }
            let found = try await query.all(decoding: CityRow.self)
                .compactMap { city -> (city: CityRow, kilometres: Double)? in
                    guard let at = try? Coordinate(latitude: city.latitude, longitude: city.longitude) else { return nil }
                    return (city, point.distanceKilometres(to: at))
                }
                .filter { $0.kilometres <= radius }
            if found.count >= limit || radius >= 20_100 {
                return found.sorted { ($0.kilometres, $0.city.id) < ($1.kilometres, $1.city.id) }.prefix(limit).map { $0 }
            }
            radius *= 2
        }
    }

    /// The names pages show, by city and language (only the preferred ones).
    func displayNames(cityIDs: [Int]) async throws -> [Int: [String: String]] {
        guard !cityIDs.isEmpty else { return [:] }
        if let snapshot {
            return Dictionary(cityIDs.compactMap { id in snapshot.displayNames[id].map { (id, $0) } }, uniquingKeysWith: { first, _ in first })
        }
        let rows = try await sql.select().columns("city_id", "language", "name").from(CityName.schema)
            .where("preferred", .equal, SQLBind(true))
            .where("city_id", .in, SQLBind.group(Array(Set(cityIDs))))
            .all()
        var names: [Int: [String: String]] = [:]
        for row in rows {
            let cityID = try row.decode(column: "city_id", as: Int.self)
            guard let language = try row.decode(column: "language", as: String?.self) else { continue }
            names[cityID, default: [:]][language] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    /// Country names in `language`, by code.
    func countryNames(_ codes: [String], in language: Language) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        if let snapshot {
            return Dictionary(uniqueKeysWithValues: Set(codes).compactMap { code in snapshot.countries[code].map { (code, $0.name(in: language)) } })
        }
        let countries = try await Country.query(on: database).filter(\.$id ~~ Set(codes)).all()
        return Dictionary(uniqueKeysWithValues: countries.map { ($0.id ?? "", $0.name(in: language)) })
    }

    /// The first-level region a city is in, when the gazetteer names it.
    func region(of city: CityRow) async throws -> RegionDTO? {
        guard let code = city.admin1 else { return nil }
        if let snapshot { return snapshot.regions[.init(country: city.countryCode, code: code)] }
        return try await Region.query(on: database).filter(\.$countryCode == city.countryCode).filter(\.$code == code).first().map(RegionDTO.init)
    }

    /// Every other name of a city, with its language where known, in a stable order.
    func alternateNames(cityID: Int) async throws -> [(name: String, language: String?)] {
        try await sql.select().columns("name", "language").from(CityName.schema)
            .where("city_id", .equal, SQLBind(cityID)).orderBy("id").all()
            .map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "language", as: String?.self)) }
    }
}
