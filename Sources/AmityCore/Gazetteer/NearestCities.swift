import Foundation

/// A k-d tree over cities as points on the unit sphere in three dimensions: nearest neighbours
/// by straight-line (chord) distance are nearest by great-circle distance too, with no special
/// case at the poles or the antimeridian.
struct NearestCities: Sendable {
    private struct Point: Sendable {
        var xyz: SIMD3<Double>
        var coordinate: Coordinate
        var rank: Int32
        var id: Int
    }

    /// Points in tree order: the node of range `lo..<hi` is at `(lo + hi) / 2`, splitting on `axes` there.
    private let points: [Point]
    private let axes: [UInt8]

    init(_ cities: [(rank: Int32, id: Int, coordinate: Coordinate)]) {
        var points = cities.map { Point(xyz: Self.unitVector($0.coordinate), coordinate: $0.coordinate, rank: $0.rank, id: $0.id) }
        var axes = [UInt8](repeating: 0, count: points.count)
        Self.build(&points, &axes, 0, points.count)
        self.points = points
        self.axes = axes
    }

    /// The `limit` nearest cities to `point`, nearest first, ties by id.
    func nearest(to point: Coordinate, limit: Int) -> [(rank: Int32, kilometres: Double)] {
        guard limit > 0 else { return [] }
        var best = Nearest(capacity: limit)
        search(Self.unitVector(point), point, 0, points.count, &best)
        return best.found.map { ($0.rank, $0.kilometres) }
    }

    private func search(_ q: SIMD3<Double>, _ point: Coordinate, _ lo: Int, _ hi: Int, _ best: inout Nearest) {
        guard lo < hi else { return }
        let mid = (lo + hi) / 2, node = points[mid], axis = Int(axes[mid])
        best.offer(rank: node.rank, id: node.id, kilometres: point.distanceKilometres(to: node.coordinate))
        let difference = q[axis] - node.xyz[axis]
        let (near, far) = difference < 0 ? ((lo, mid), (mid + 1, hi)) : ((mid + 1, hi), (lo, mid))
        search(q, point, near.0, near.1, &best)
        // Every point across the plane is at least |difference| away in a straight line.
        let bound = 2 * Coordinate.earthRadiusKilometres * asin(min(1, abs(difference) / 2))
        if best.accepts(bound) { search(q, point, far.0, far.1, &best) }
    }

    private static func build(_ points: inout [Point], _ axes: inout [UInt8], _ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        var low = SIMD3<Double>(repeating: .infinity), high = SIMD3<Double>(repeating: -.infinity)
        for index in lo..<hi {
            low = pointwiseMin(low, points[index].xyz)
            high = pointwiseMax(high, points[index].xyz)
        }
        let spread = high - low
        let axis = spread.x >= spread.y && spread.x >= spread.z ? 0 : (spread.y >= spread.z ? 1 : 2)
        points[lo..<hi].sort { $0.xyz[axis] < $1.xyz[axis] }
        let mid = (lo + hi) / 2
        axes[mid] = UInt8(axis)
        build(&points, &axes, lo, mid)
        build(&points, &axes, mid + 1, hi)
    }

    private static func unitVector(_ c: Coordinate) -> SIMD3<Double> {
        let φ = c.latitude * .pi / 180, λ = c.longitude * .pi / 180
        return SIMD3(cos(φ) * cos(λ), cos(φ) * sin(λ), sin(φ))
    }
}

/// The `capacity` nearest candidates offered, nearest first, ties by id.
private struct Nearest {
    struct Candidate { var rank: Int32; var id: Int; var kilometres: Double }
    let capacity: Int
    private(set) var found: [Candidate] = []

    init(capacity: Int) { self.capacity = capacity }

    /// Whether a point `kilometres` away could still be among the nearest (with a hair of slack,
    /// as the haversine and chord distances round differently).
    func accepts(_ kilometres: Double) -> Bool {
        found.count < capacity || kilometres <= found[found.count - 1].kilometres + 1e-6
    }

    mutating func offer(rank: Int32, id: Int, kilometres: Double) {
        let candidate = Candidate(rank: rank, id: id, kilometres: kilometres)
        func before(_ a: Candidate, _ b: Candidate) -> Bool { (a.kilometres, a.id) < (b.kilometres, b.id) }
        if found.count == capacity, let last = found.last, !before(candidate, last) { return }
        let index = found.firstIndex { before(candidate, $0) } ?? found.count
        found.insert(candidate, at: index)
        if found.count > capacity { found.removeLast() }
    }
}
