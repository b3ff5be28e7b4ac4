@testable import AmityCore
import Foundation
import Testing

/// The rules the open stock feeds publish by: Korea's stock buckets and the outlets within a circle.
@Suite struct StockFeedRulesTests {
    @Test func bucketsFollowKoreasBoundaries() {
        let expected: [(Int, StockBucket)] = [(0, .empty), (1, .empty), (2, .few), (29, .few), (30, .some), (99, .some), (100, .plenty), (10_000, .plenty)]
        for (available, bucket) in expected { #expect(StockBucket(available: available) == bucket, "\(available)") }
        #expect(StockBucket(available: 500, selling: false) == .break)
    }

    /// The grid finds exactly what measuring every outlet finds, in the same order, for circles
    /// anywhere: dense cities, across the antimeridian, near the poles, of every radius up to 5 km.
    @Test func theGridFindsWhatMeasuringEveryOutletFinds() throws {
        var generator = SplitMix64(state: 20_200_310)
        let centres: [(Double, Double)] = [(37.5665, 126.978), (25.04, 121.56), (-16.5, 179.99), (-16.5, -179.99), (89.98, 10), (-89.99, -120), (0, 0)]
        for (latitude, longitude) in centres {
            var places: [Coordinate?] = []
            for _ in 0..<3_000 {
                // Within about 8 km of the centre, wrapped at the antimeridian and clamped at the poles.
                let lat = min(90, max(-90, latitude + uniform(&generator, -0.08, 0.08)))
                var lon = longitude + uniform(&generator, -0.12, 0.12)
                if lon > 180 { lon -= 360 } else if lon < -180 { lon += 360 }
                places.append(uniform(&generator, 0, 1) < 0.02 ? nil : try Coordinate(latitude: lat, longitude: lon))
            }
            let index = NearbyOutlets(places)
            for _ in 0..<40 {
                let centre = try Coordinate(latitude: min(90, max(-90, latitude + uniform(&generator, -0.03, 0.03))),
                                            longitude: longitude + uniform(&generator, -0.005, 0.005))
                let metres = uniform(&generator, 1, 5_000)
                let brute = places.enumerated().compactMap { i, place -> NearbyOutlets.Hit? in
                    guard let place else { return nil }
                    let away = centre.distanceKilometres(to: place) * 1000
                    return away <= metres ? NearbyOutlets.Hit(index: i, metres: away) : nil
                }.sorted { ($0.metres, $0.index) < ($1.metres, $1.index) }
                #expect(index.within(metres, of: centre) == brute, "\(centre) within \(metres) m")
            }
            let nearest = index.nearest(5, to: try Coordinate(latitude: latitude, longitude: longitude))
            #expect(nearest.count == 5 && zip(nearest, nearest.dropFirst()).allSatisfy { $0.metres <= $1.metres })
        }
    }
}

private func uniform(_ generator: inout SplitMix64, _ low: Double, _ high: Double) -> Double { Double.random(in: low...high, using: &generator) }
