import AmityCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The gazetteer held in memory: a `CityIndex` and the row and display names of every city, read
/// once at start and read again when an import anywhere (another instance, `amity import` beside
/// the server) raises the gazetteer's revision. Until a snapshot is loaded, `Gazetteer` reads the
/// database, which gives the same answers.
final class GazetteerCache: Sendable {
    /// One consistent reading of the gazetteer.
    struct Snapshot: Sendable {
        let revision: Int
        let index: CityIndex
        let cities: [Int: CityRow]
        let displayNames: [Int: [String: String]]
        /// Each city as the API gives it (`CityDTO`), encoded once: most of a city search's time was JSON.
        let json: [Int: ByteBuffer]
        /// Countries by code, with their names in the page languages.
        let countries: [String: PlaceName]
        /// First-level regions by country code and region code.
        let regions: [RegionKey: RegionDTO]
    }

    /// A country's names in the page languages.
    struct PlaceName: Sendable {
        var english: String
        var names: [String: String]
        /// The name a reader of `language` sees.
        func name(in language: Language) -> String { PlaceNames.name(english, names, in: language) }
    }

    /// A region's country code and GeoNames admin1 code.
    struct RegionKey: Hashable, Sendable {
        var country: String
        var code: String
    }

    private let loaded = NIOLockedValueBox<Snapshot?>(nil)

    /// The snapshot, if one is loaded.
    var snapshot: Snapshot? { loaded.withLockedValue { $0 } }

    /// Loads a snapshot when none is loaded or the database's revision has moved on; the revision
    /// is read first, so an import that lands during the load is picked up by the next refresh.
    @discardableResult
    func refresh(database: any Database) async throws -> Bool {
        let revision = try await database.sql.raw("SELECT revision FROM \(ident: AddGazetteerRevision.schema) WHERE id = 1")
            .first()?.decode(column: "revision", as: Int.self) ?? 0
        guard snapshot?.revision != revision else { return false }
        let fresh = try await Self.load(database, revision: revision)
        loaded.withLockedValue { $0 = fresh }
        return true
    }

    /// The worker that keeps the snapshot current while the server runs: it loads at start and
    /// looks at the revision every few seconds.
    static func worker() -> BackgroundWorker {
        BackgroundWorker { app in
            if try await app.gazetteerCache.refresh(database: app.db) { app.publicPages.forgetAll() }
            return .waiting
        }
    }

    private static let namesPerRead = 10_000

    private static func load(_ database: any Database, revision: Int) async throws -> Snapshot {
        let sql = database.sql
        let rows = try await sql.select().columns(CityRow.columns.map { SQLColumn($0) }).from(City.schema).all(decoding: CityRow.self)
        // Read in slices: 360,000 names as database rows at once would cost more than the index.
        var keys: [(cityID: Int, key: String)] = []
        var display: [Int: [String: String]] = [:]
        var after = 0
        while true {
            let slice = try await sql.select().columns("id", "city_id", "key", "language", "name", "preferred").from(CityName.schema)
                .where("id", .greaterThan, SQLBind(after)).orderBy("id").limit(Self.namesPerRead).all()
            for row in slice {
                let cityID = try row.decode(column: "city_id", as: Int.self)
                keys.append((cityID, try row.decode(column: "key", as: String.self)))
                if try row.decode(column: "preferred", as: Bool.self), let language = try row.decode(column: "language", as: String?.self) {
                    display[cityID, default: [:]][language] = try row.decode(column: "name", as: String.self)
                }
            }
            guard slice.count == Self.namesPerRead, let last = slice.last else { break }
            after = try last.decode(column: "id", as: Int.self)
        }
        let index = CityIndex(cities: rows.map {
            CityIndex.City(id: $0.id, population: $0.population, countryCode: $0.countryCode,
                           coordinate: try? Coordinate(latitude: $0.latitude, longitude: $0.longitude))
        }, names: keys)
        let countries = try await Country.query(on: database).all()
        let regions = try await Region.query(on: database).all()
        let encoder = try ContentConfiguration.global.requireEncoder(for: .json)
        var json: [Int: ByteBuffer] = [:]
        for row in rows {
            var buffer = ByteBuffer(), headers = HTTPHeaders()
            try encoder.encode(CityDTO(row, names: display[row.id] ?? [:]), to: &buffer, headers: &headers)
            json[row.id] = buffer
        }
        return Snapshot(
            revision: revision, index: index, cities: Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            displayNames: display, json: json,
            countries: Dictionary(countries.map { ($0.id ?? "", PlaceName(english: $0.nameEnglish, names: $0.translatedNames)) },
                                  uniquingKeysWith: { first, _ in first }),
            regions: Dictionary(regions.map { (RegionKey(country: $0.countryCode, code: $0.code), RegionDTO($0)) },
                                uniquingKeysWith: { first, _ in first }))
    }
}

extension Application {
    private struct GazetteerCacheKey: StorageKey { typealias Value = GazetteerCache }
    private struct GazetteerWorkerKey: StorageKey { typealias Value = BackgroundWorker }

    /// The gazetteer in memory, shared by every request of this instance; set by `configure`.
    var gazetteerCache: GazetteerCache {
        get { configured(GazetteerCacheKey.self) }
        set { storage[GazetteerCacheKey.self] = newValue }
    }

    /// Keeps `gazetteerCache` current (see `GazetteerCache.worker`); set by `configure`.
    var gazetteerWorker: BackgroundWorker {
        get { configured(GazetteerWorkerKey.self) }
        set { storage[GazetteerWorkerKey.self] = newValue }
    }
}

extension Request {
    /// The gazetteer as this request reads it: from memory when loaded.
    var gazetteer: Gazetteer { Gazetteer(database: db, snapshot: application.gazetteerCache.snapshot) }

    /// The directory's read side for this request, reading cities from memory when loaded.
    var directory: CityDirectory { CityDirectory(database: db, snapshot: application.gazetteerCache.snapshot) }
}
