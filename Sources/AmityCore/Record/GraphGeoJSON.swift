import Foundation

/// A `CooperationGraph` on the map as GeoJSON (RFC 7946): cities as points, ties between two
/// cities as lines. A line whose shorter way crosses the antimeridian is split there into a
/// MultiLineString, as RFC 7946 §3.1.9 asks, so Pacific ties do not run the long way round.
/// Networks have no place, so their ties (memberships, answered calls) are left to the other formats.
public enum GraphGeoJSON {
    /// The FeatureCollection, as JSON text with sorted keys.
    public static func document(_ graph: CooperationGraph) throws -> String {
        let places = Dictionary(graph.nodes.compactMap { node -> (String, (Double, Double))? in
            guard let lat = node.latitude, let lon = node.longitude else { return nil }
            return (node.id, (lon, lat))
        }, uniquingKeysWith: { a, _ in a })
        var features: [[String: Any]] = []
        for node in graph.nodes {
            guard let (lon, lat) = places[node.id] else { continue }
            var properties: [String: Any] = ["id": node.id, "kind": node.kind.rawValue, "name": node.name]
            properties["country"] = node.country
            properties["population"] = node.population
            features.append(["type": "Feature", "id": node.id, "geometry": ["type": "Point", "coordinates": [lon, lat]], "properties": properties])
        }
        for edge in graph.edges {
            guard let from = places[edge.source], let to = places[edge.target] else { continue }
            let parts = line(from: from, to: to).map { $0.map { [$0.0, $0.1] } }
            let geometry: [String: Any] = parts.count == 1
                ? ["type": "LineString", "coordinates": parts[0]]
                : ["type": "MultiLineString", "coordinates": parts]
            var properties: [String: Any] = ["id": edge.id, "kind": edge.kind.rawValue, "source": edge.source, "target": edge.target,
                                             "directed": edge.kind.isDirected, "record": edge.record]
            properties["start"] = edge.start?.description
            properties["end"] = edge.end?.description
            properties["status"] = edge.status
            properties["subtype"] = edge.subtype
            properties["quantity"] = edge.quantity
            properties["unit"] = edge.unit
            properties["label"] = edge.label
            properties["evidence"] = edge.evidence
            features.append(["type": "Feature", "id": edge.id, "geometry": geometry, "properties": properties])
        }
        let collection: [String: Any] = ["type": "FeatureCollection", "features": features]
        let data = try JSONSerialization.data(withJSONObject: collection, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The line from one (lon, lat) to another, in one part, or in two meeting at ±180° when the
    /// shorter way crosses the antimeridian; the crossing's latitude is interpolated along the
    /// straight line in longitude and latitude, as a flat map draws it.
    public static func line(from a: (Double, Double), to b: (Double, Double)) -> [[(Double, Double)]] {
        let delta = b.0 - a.0
        guard abs(delta) > 180 else { return [[a, b]] }
        // Going east from a (delta < -180) reaches +180 first; going west (delta > 180) reaches -180.
        let eastward = delta < 0
        let edge = eastward ? 180.0 : -180.0
        let unwrappedB = eastward ? b.0 + 360 : b.0 - 360
        let fraction = (edge - a.0) / (unwrappedB - a.0)
        // Six decimals (about 0.1 m) is as precise as the cities' own coordinates need.
        let latitude = ((a.1 + (b.1 - a.1) * fraction) * 1e6).rounded() / 1e6
        return [[a, (edge, latitude)], [(-edge, latitude), b]]
    }
}
