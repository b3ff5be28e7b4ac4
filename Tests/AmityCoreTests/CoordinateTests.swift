@testable import AmityCore
import Testing

@Suite struct CoordinateTests {
    @Test func refusesPointsOffTheGlobe() {
        #expect(throws: DomainError.self) { try Coordinate(latitude: 91, longitude: 0) }
        #expect(throws: DomainError.self) { try Coordinate(latitude: 0, longitude: -180.5) }
        #expect(throws: DomainError.self) { try Coordinate(latitude: .nan, longitude: 0) }
        do {
            _ = try Coordinate(latitude: 100, longitude: 200)
            Issue.record("expected an error")
        } catch let DomainError.invalid(fields) {
            #expect(fields.map(\.field) == ["lat", "lon"])
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func greatCircleDistance() throws {
        let taipei = try Coordinate(latitude: 25.0478, longitude: 121.5319)
        let taichung = try Coordinate(latitude: 24.1469, longitude: 120.6839)
        #expect(abs(taipei.distanceKilometres(to: taichung) - 131.7) < 1)
        let london = try Coordinate(latitude: 51.5074, longitude: -0.1278)
        let paris = try Coordinate(latitude: 48.8566, longitude: 2.3522)
        #expect(abs(london.distanceKilometres(to: paris) - 343.5) < 1)
        #expect(taipei.distanceKilometres(to: taipei) == 0)
    }

    @Test func boundingBoxWrapsAtTheAntimeridian() throws {
        let suva = try Coordinate(latitude: -18.14, longitude: 178.44)
        let box = suva.boundingBox(kilometres: 500)
        #expect(box.longitude.count == 2)
        #expect(box.longitude.contains { $0.contains(-179.5) })
        #expect(box.longitude.contains { $0.contains(179.5) })
        let pole = try Coordinate(latitude: 89.9, longitude: 0).boundingBox(kilometres: 100)
        #expect(pole.longitude == [-180...180])
    }

    @Test func boundingBoxContainsEveryPointWithinTheRadius() throws {
        var generator = SplitMix64(state: 2020) // seeded, so a failure can be replayed
        for _ in 0..<2_000 {
            let centre = try Coordinate(latitude: .random(in: -80...80, using: &generator), longitude: .random(in: -180...180, using: &generator))
            let other = try Coordinate(latitude: min(90, max(-90, centre.latitude + .random(in: -5...5, using: &generator))),
                                       longitude: .random(in: -180...180, using: &generator))
            let distance = centre.distanceKilometres(to: other)
            let box = centre.boundingBox(kilometres: distance + 0.001)
            #expect(box.latitude.contains(other.latitude))
            #expect(box.longitude.contains { $0.contains(other.longitude) })
        }
    }
}
