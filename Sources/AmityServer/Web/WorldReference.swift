import AmityCore
import Foundation
import Vapor

/// The world the pages draw and group by: Natural Earth's coastlines for the server's maps, and
/// each country's UN region and income group, from `Data/reference/` (made once by
/// `scripts/natural-earth.py` and committed).
struct WorldReference: Sendable {
    let map: WorldMap
    let countries: [String: CountryFacts]

    /// Reads both files under `home`; a file missing leaves maps blank or groups unknown, and says so.
    static func load(home: String, logger: Logger) -> WorldReference {
        func read(_ name: String) -> String {
            let path = home + "Data/reference/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                logger.warning("world reference missing", metadata: ["path": .string(path)])
                return ""
            }
            return text
        }
        return WorldReference(map: WorldMap(parsing: read("coastline.txt")), countries: CountryFacts.table(parsing: read("countries.tsv")))
    }
}

extension Application {
    private struct WorldReferenceKey: StorageKey { typealias Value = WorldReference }

    /// Coastlines and country groups; set by `configure`.
    var world: WorldReference {
        get { configured(WorldReferenceKey.self) }
        set { storage[WorldReferenceKey.self] = newValue }
    }
}

extension Request {
    /// A world map of `places` and `links`, titled and described in the reader's language.
    func worldMap(id: String, title: String, places: [WorldMap.Place], links: [WorldMap.Link]) -> String {
        application.world.map.picture(id: id, title: title, summary: t("map_summary", ["cities": String(places.count), "ties": String(links.count)]),
                                      places: places, links: links).document
    }
}
