import Foundation

/// A point on the earth in WGS 84 degrees, validated on creation.
public struct Coordinate: Hashable, Sendable, Codable {
    /// Degrees north, from -90 to 90.
    public let latitude: Double
    /// Degrees east, from -180 to 180.
    public let longitude: Double

    /// Mean earth radius used for great-circle distances.
    public static let earthRadiusKilometres = 6371.0088

    /// Refuses coordinates outside the globe or that are not numbers.
    public init(latitude: Double, longitude: Double) throws {
        var errors: [DomainError.FieldError] = []
        if !latitude.isFinite || !(-90...90).contains(latitude) {
            errors.append(.init(field: "lat", message: "Latitude must be between -90 and 90 degrees."))
        }
        if !longitude.isFinite || !(-180...180).contains(longitude) {
            errors.append(.init(field: "lon", message: "Longitude must be between -180 and 180 degrees."))
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance by the haversine formula.
    public func distanceKilometres(to other: Coordinate) -> Double {
        let φ1 = latitude * .pi / 180, φ2 = other.latitude * .pi / 180
        let Δφ = φ2 - φ1, Δλ = (other.longitude - longitude) * .pi / 180
        let a = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * Coordinate.earthRadiusKilometres * asin(min(1, sqrt(a)))
    }

    /// The latitude and longitude ranges that contain every point within `kilometres`.
    ///
    /// Longitude may wrap past ±180, so it comes back as one or two ranges.
    public func boundingBox(kilometres: Double) -> (latitude: ClosedRange<Double>, longitude: [ClosedRange<Double>]) {
        let Δlat = kilometres / Coordinate.earthRadiusKilometres * 180 / .pi
        let south = latitude - Δlat, north = latitude + Δlat
        if south <= -90 || north >= 90 {
            return (max(-90, south)...min(90, north), [-180...180])
        }
        let Δlon = asin(min(1, sin(Δlat * .pi / 180) / cos(latitude * .pi / 180))) * 180 / .pi
        let west = longitude - Δlon, east = longitude + Δlon
        let lat = south...north
        if west < -180 { return (lat, [(west + 360)...180, -180...east]) }
        if east > 180 { return (lat, [west...180, -180...(east - 360)]) }
        return (lat, [west...east])
    }
}
