/// Outlets by place, for "which outlets are within m metres of here" asked thousands of times a
/// second (Korea's `storesByGeo`, the outlet finder): a grid of cells a few kilometres wide, so a
/// question measures the distance only to the outlets of the cells its circle touches.
public struct NearbyOutlets: Sendable {
    /// An outlet found, by its position in the list the index was built from.
    public struct Hit: Sendable, Equatable {
        public let index: Int
        public let metres: Double
    }

    /// Degrees of latitude and longitude a cell spans: about 5.5 km north to south.
    static let cell = 0.05
    private let places: [Coordinate?]
    private let cells: [Int64: [Int32]]

    /// Indexes `places`; an outlet without a place is never near anything.
    public init(_ places: [Coordinate?]) {
        var cells: [Int64: [Int32]] = [:]
        for (index, place) in places.enumerated() {
            guard let place else { continue }
            cells[Self.key(Self.row(place.latitude), Self.column(place.longitude)), default: []].append(Int32(index))
        }
        (self.places, self.cells) = (places, cells)
    }

    /// The outlets within `metres` of `centre`, nearest first (ties by position, so answers are stable).
    public func within(_ metres: Double, of centre: Coordinate) -> [Hit] {
        let box = centre.boundingBox(kilometres: metres / 1000)
        var hits: [Hit] = []
        // Spans meet at the antimeridian, where the last column wraps onto the first: each cell once.
        var visited: Set<Int64> = []
        for row in Self.row(box.latitude.lowerBound)...Self.row(box.latitude.upperBound) {
            for span in box.longitude {
                let columns = Self.column(span.lowerBound)...min(Self.column(span.upperBound), Self.column(span.lowerBound) + Self.columnCount - 1)
                for column in columns {
                    let key = Self.key(row, column)
                    guard visited.insert(key).inserted else { continue }
                    for index in cells[key] ?? [] {
                        guard let place = places[Int(index)] else { continue }
                        let metresAway = centre.distanceKilometres(to: place) * 1000
                        if metresAway <= metres { hits.append(Hit(index: Int(index), metres: metresAway)) }
                    }
                }
            }
        }
        hits.sort { ($0.metres, $0.index) < ($1.metres, $1.index) }
        return hits
    }

    /// The `count` outlets nearest `centre`, however far: the finder's "nearest first" from a typed place.
    public func nearest(_ count: Int, to centre: Coordinate) -> [Hit] {
        var hits = places.enumerated().compactMap { index, place in
            place.map { Hit(index: index, metres: centre.distanceKilometres(to: $0) * 1000) }
        }
        hits.sort { ($0.metres, $0.index) < ($1.metres, $1.index) }
        return Array(hits.prefix(max(0, count)))
    }

    private static let columnCount = Int((360 / cell).rounded(.up))
    private static func row(_ latitude: Double) -> Int { Int((latitude / cell).rounded(.down)) }
    /// Columns wrap at the antimeridian, so a circle across it finds both sides.
    private static func column(_ longitude: Double) -> Int { Int(((longitude + 180) / cell).rounded(.down)) }
    private static func key(_ row: Int, _ column: Int) -> Int64 {
        let wrapped = ((column % columnCount) + columnCount) % columnCount
        return Int64(row) << 32 | Int64(wrapped)
    }
}
