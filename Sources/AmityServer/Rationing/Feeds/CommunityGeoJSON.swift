import AmityCore
import NIOCore

/// The stock on the map in the format Taiwan's community mask map published in 2020 (`points.json`)
/// and the Swift and JavaScript apps of the time decoded: a FeatureCollection of Points
/// `[longitude, latitude]` whose properties are `id, name, phone, address, mask_adult, mask_child,
/// updated, available, note, custom_note, website, county, town, cunli, service_periods`.
/// An outlet without a place is left out (those apps read every feature's coordinates); the CSVs hold it.
enum CommunityGeoJSON {
    static func document(_ snapshot: StockSnapshot) -> [UInt8] {
        let adult = snapshot.classes.first, child = snapshot.classes.dropFirst().first
        let time = snapshot.localTime
        var json = JSONOutput(ByteBuffer())
        json.object { json in
            json.key("type"); json.value("FeatureCollection")
            json.key("features")
            json.array(snapshot.outlets.filter { $0.place != nil }) { json, outlet in
                let place = outlet.place!
                let (county, town) = district(of: outlet.address)
                json.object { json in
                    json.key("type"); json.value("Feature")
                    json.key("properties")
                    json.object { json in
                        json.key("id"); json.value(outlet.code)
                        json.key("name"); json.value(outlet.name)
                        json.key("phone"); json.value(outlet.phone)
                        json.key("address"); json.value(outlet.address)
                        json.key("mask_adult"); json.value(adult.map(outlet.available) ?? 0)
                        json.key("mask_child"); json.value(child.map(outlet.available) ?? 0)
                        json.key("updated"); json.value(time)
                        // The opening hours in the NHI's words, as in 2020; empty when the outlet has not said.
                        json.key("available"); json.value(outlet.periods?.taiwanWords ?? "")
                        json.key("note"); json.value(outlet.note)
                        json.key("custom_note"); json.value("")
                        json.key("website"); json.value("")
                        json.key("county"); json.value(county)
                        json.key("town"); json.value(town)
                        json.key("cunli"); json.value("")
                        json.key("service_periods"); json.value(outlet.periods?.code ?? "")
                    }
                    json.key("geometry")
                    json.object { json in
                        json.key("type"); json.value("Point")
                        json.key("coordinates"); json.array([place.longitude, place.latitude]) { json, number in json.value(number) }
                    }
                }
            }
        }
        return json.writtenBytes
    }

    /// The county (縣/市) and town (區/鎮/鄉/市) that open a Taiwanese address, or empty strings:
    /// `臺北市大安區…` → (臺北市, 大安區).
    static func district(of address: String) -> (county: String, town: String) {
        let characters = Array(address)
        guard characters.count > 3, characters[2] == "市" || characters[2] == "縣" else { return ("", "") }
        let county = String(characters[0..<3])
        let rest = characters[3...]
        guard let end = rest.prefix(4).firstIndex(where: { "區鎮鄉市".contains($0) }), end > 3 else { return (county, "") }
        return (county, String(characters[3...end]))
    }
}
