/// A flat world map (equirectangular, 60° S to 85° N) drawn from coastlines, with places as dots
/// and ties as lines; a tie whose shorter way crosses the Pacific is drawn across the map's edge.
public struct WorldMap: Sendable {
    /// Polylines of (longitude, latitude).
    public let coastlines: [[(Double, Double)]]
    /// The sea and the coastlines as SVG, the same under every map: drawn once, when the map is made.
    private let background: String

    public init(coastlines: [[(Double, Double)]]) {
        self.coastlines = coastlines
        var layer = SVGPicture(id: "", width: Self.width, height: Self.height, title: "", summary: "")
        layer.rect(x: 0, y: 0, width: Self.width, height: Self.height, fill: "#eef4f8")
        for line in coastlines { layer.polyline(line.map { Self.point($0.0, $0.1) }, stroke: "#8aa1b1", width: 0.7) }
        background = layer.shapesMarkup
    }

    /// Reads lines of `lon,lat lon,lat …`; `#` starts a comment. Pairs that are not numbers are skipped.
    public init(parsing text: String) {
        self.init(coastlines: text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            line.split(separator: " ").compactMap { pair -> (Double, Double)? in
                let parts = pair.split(separator: ",")
                guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else { return nil }
                return (lon, lat)
            }
        }.filter { $0.count > 1 })
    }

    /// A dot on the map.
    public struct Place: Sendable {
        public var longitude: Double, latitude: Double, label: String, emphasised: Bool
        public init(longitude: Double, latitude: Double, label: String, emphasised: Bool = false) {
            (self.longitude, self.latitude, self.label, self.emphasised) = (longitude, latitude, label, emphasised)
        }
    }

    /// A line between two places, thicker as `weight` grows.
    public struct Link: Sendable {
        public var from: (Double, Double), to: (Double, Double), label: String, weight: Double
        public init(from: (Double, Double), to: (Double, Double), label: String, weight: Double = 1) {
            (self.from, self.to, self.label, self.weight) = (from, to, label, weight)
        }
    }

    static let width = 720.0, height = 290.0, north = 85.0, south = -60.0

    /// Where (longitude, latitude) falls on the picture.
    public static func point(_ lon: Double, _ lat: Double) -> (Double, Double) {
        let clamped = min(north, max(south, lat))
        return ((lon + 180) / 360 * width, (north - clamped) / (north - south) * height)
    }

    public func picture(id: String, title: String, summary: String, places: [Place], links: [Link]) -> SVGPicture {
        var picture = SVGPicture(id: id, width: Self.width, height: Self.height, title: title, summary: summary)
        picture.append(markup: background)
        let heaviest = max(1, links.map(\.weight).max() ?? 1)
        for link in links {
            for part in GraphGeoJSON.line(from: link.from, to: link.to) {
                let a = Self.point(part[0].0, part[0].1), b = Self.point(part[1].0, part[1].1)
                picture.line(x1: a.0, y1: a.1, x2: b.0, y2: b.1, stroke: Chart.palette[1], width: 1 + 3 * link.weight / heaviest, opacity: 0.7, label: link.label)
            }
        }
        for place in places {
            let p = Self.point(place.longitude, place.latitude)
            picture.circle(x: p.0, y: p.1, radius: place.emphasised ? 4.5 : 3, fill: place.emphasised ? Chart.palette[1] : Chart.palette[0], label: place.label)
        }
        return picture
    }
}
