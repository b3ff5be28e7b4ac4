import AmityCore
import CompressNIO
import Fluent
import SQLKit
import Vapor

/// Loads a gazetteer file into the directory; running it again updates rows instead of duplicating them.
struct GazetteerImport {
    /// What one run loaded.
    struct Summary: Sendable {
        var countries = 0
        var regions = 0
        var cities = 0
        var names = 0
    }

    let database: any Database
    /// How many cities go to the database in one statement batch.
    var batchSize = 1_000

    /// Reads `path` (gzip when it ends in .gz), validates every line, then writes it all in one transaction.
    ///
    /// `progress` receives the fraction done, from 0 to 1, after each batch.
    func run(path: String, progress: @escaping @Sendable (Double) -> Void = { _ in }) async throws -> Summary {
        let text = try Self.read(path: path)
        return try await run(text: text, progress: progress)
    }

    /// Loads gazetteer text already in memory.
    func run(text: String, progress: @escaping @Sendable (Double) -> Void = { _ in }) async throws -> Summary {
        var countries: [GazetteerRecord.Country] = []
        var regions: [GazetteerRecord.Region] = []
        var cities: [(city: GazetteerRecord.City, names: [GazetteerRecord.Name])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            switch try GazetteerRecord.parse(line, lineNumber: index + 1) {
            case .country(let country): countries.append(country)
            case .region(let region): regions.append(region)
            case .city(let city): cities.append((city, []))
            case .name(let name):
                guard let last = cities.indices.last, cities[last].city.id == name.cityID else {
                    throw DomainError.invalid("line \(index + 1)", "A name must follow its city (city \(name.cityID)).")
                }
                cities[last].names.append(name)
            case nil: continue
            }
        }
        let known = Set(countries.map(\.code))
        if let stray = cities.first(where: { !known.contains($0.city.country) }) {
            throw DomainError.invalid("city \(stray.city.id)", "Its country \(stray.city.country) is not in the file.")
        }
        let batches = stride(from: 0, to: cities.count, by: batchSize).map { cities[$0..<min($0 + batchSize, cities.count)] }
        if let stray = regions.first(where: { !known.contains($0.country) }) {
            throw DomainError.invalid("region \(stray.country.rawValue)-\(stray.code)", "Its country is not in the file.")
        }
        let (loadedCountries, loadedRegions) = (countries, regions)
        return try await database.transaction { db in
            var summary = Summary()
            summary.countries = try await Self.upsert(loadedCountries, on: db.sql)
            summary.regions = try await Self.upsert(loadedRegions, on: db.sql)
            for (index, batch) in batches.enumerated() {
                summary.names += try await Self.upsert(batch, on: db.sql)
                summary.cities += batch.count
                progress(Double(index + 1) / Double(max(batches.count, 1)))
            }
            try await db.sql.raw("UPDATE \(ident: AddGazetteerRevision.schema) SET revision = revision + 1").run()
            return summary
        }
    }

    static func read(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid("file", "Cannot read \(path).")
        }
        var buffer = ByteBuffer(data: data)
        if path.hasSuffix(".gz") {
            do { buffer = try buffer.decompress(with: .gzip()) } catch {
                throw DomainError.invalid("file", "\(path) is not a valid gzip file.")
            }
        }
        return String(decoding: buffer.readableBytesView, as: UTF8.self)
    }

    private static func upsert(_ countries: [GazetteerRecord.Country], on sql: any SQLDatabase) async throws -> Int {
        guard !countries.isEmpty else { return 0 }
        let insert = sql.insert(into: Country.schema)
            .columns(["code", "iso3", "geonames_id", "name_en"] + Self.nameColumns)
        for c in countries {
            insert.values([SQLBind(c.code.rawValue), SQLBind(c.iso3), SQLBind(c.geonamesID), SQLBind(c.names[.english] ?? c.code.rawValue)]
                          + PlaceNames.columnOrder.map { SQLBind(c.names[$0]) })
        }
        try await insert.onConflict(with: ["code"]) {
            (["iso3", "geonames_id", "name_en"] + Self.nameColumns).reduce($0) { $0.set(excludedValueOf: $1) }
        }.run()
        return countries.count
    }

    /// The columns of the names after English, in `PlaceNames.columnOrder`.
    private static let nameColumns = ["name_zh_hant", "name_zh_hans", "name_ja", "name_ko"]

    private static func upsert(_ regions: [GazetteerRecord.Region], on sql: any SQLDatabase) async throws -> Int {
        // Under SQLite's limit on bound parameters per statement (eight per row).
        for chunk in stride(from: 0, to: regions.count, by: 500) {
            let insert = sql.insert(into: Region.schema).columns(["id", "country_code", "code", "name_en"] + Self.nameColumns)
            for r in regions[chunk..<min(chunk + 500, regions.count)] {
                insert.values([SQLBind(UUID()), SQLBind(r.country.rawValue), SQLBind(r.code), SQLBind(r.names[.english] ?? r.code)]
                              + PlaceNames.columnOrder.map { SQLBind(r.names[$0]) })
            }
            try await insert.onConflict(with: ["country_code", "code"]) {
                (["name_en"] + Self.nameColumns).reduce($0) { $0.set(excludedValueOf: $1) }
            }.run()
        }
        return regions.count
    }

    /// Upserts a batch of cities and replaces their names; returns how many names it wrote.
    private static func upsert(_ batch: ArraySlice<(city: GazetteerRecord.City, names: [GazetteerRecord.Name])>, on sql: any SQLDatabase) async throws -> Int {
        let insert = sql.insert(into: City.schema)
            .columns("id", "geonames_id", "name", "country_code", "admin1", "latitude", "longitude", "population", "time_zone")
        for (c, _) in batch {
            insert.values(SQLBind(c.id), SQLBind(c.geonamesID), SQLBind(c.name), SQLBind(c.country.rawValue), SQLBind(c.admin1),
                          SQLBind(c.coordinate.latitude), SQLBind(c.coordinate.longitude), SQLBind(c.population), SQLBind(c.timeZone))
        }
        try await insert.onConflict(with: ["id"]) {
            $0.set(excludedValueOf: "geonames_id").set(excludedValueOf: "name").set(excludedValueOf: "country_code")
                .set(excludedValueOf: "admin1").set(excludedValueOf: "latitude").set(excludedValueOf: "longitude")
                .set(excludedValueOf: "population").set(excludedValueOf: "time_zone")
        }.run()
        try await sql.delete(from: CityName.schema).where("city_id", .in, SQLBind.group(batch.map(\.city.id))).run()

        var rows: [[any SQLExpression]] = []
        for (city, names) in batch {
            rows.append([SQLBind(city.id), SQLBind(String?.none), SQLBind(city.name), SQLBind(SearchKey.of(city.name)), SQLBind(false)])
            for name in names {
                let key = SearchKey.of(name.name)
                guard !key.isEmpty else { continue }
                rows.append([SQLBind(city.id), SQLBind(name.language), SQLBind(name.name), SQLBind(key), SQLBind(name.preferred)])
            }
        }
        // Stay well under SQLite's and PostgreSQL's limits on bound parameters per statement.
        for chunk in stride(from: 0, to: rows.count, by: 2_000) {
            let insert = sql.insert(into: CityName.schema).columns("city_id", "language", "name", "key", "preferred")
            for row in rows[chunk..<min(chunk + 2_000, rows.count)] { insert.values(row) }
            try await insert.run()
        }
        return rows.count
    }
}
