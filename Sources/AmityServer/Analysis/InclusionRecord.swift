import AmityCore
import Fluent
import Vapor

/// What each city did or received, read from the record for `Inclusiveness`: practices it
/// published, aid it received (as the cooperation graph counts it), and the events it hosted or
/// held a place at and the statements its signature stands on.
struct InclusionRecord {
    let request: Request

    func activity() async throws -> [Inclusiveness.CityActivity] {
        var practices: [Int: Int] = [:], aid: [Int: Int] = [:], participation: [Int: Int] = [:]
        for practice in try await PracticeRecord.query(on: request.db).filter(\.$status == .published).all() { practices[practice.cityID, default: 0] += 1 }
        let graph = try await CooperationRecord(db: request.db).graph(at: nil)
        for edge in graph.edges where edge.kind == .aid {
            if let city = Int(edge.target.dropFirst(5)) { aid[city, default: 0] += 1 }
        }
        let registrations = Dictionary(grouping: try await RegistrationRecord.query(on: request.db).all(), by: \.eventID)
        for event in try await EventRecord.query(on: request.db).all() {
            var cities = Set((registrations[event.id ?? 0] ?? []).filter { $0.status.holdsAPlace }.map(\.cityID))
            if let host = event.hostCityID { cities.insert(host) }
            for city in cities { participation[city, default: 0] += 1 }
        }
        // A signature stands when the city's last entry on the statement signs it.
        var standing: [Int: [Int: Bool]] = [:]
        for entry in try await SignatureEntryRecord.query(on: request.db).sort(\.$statementID).sort(\.$position).all() {
            standing[entry.statementID, default: [:]][entry.cityID] = entry.action == SignatureAction.sign.rawValue
        }
        for signers in standing.values { for (city, signed) in signers where signed { participation[city, default: 0] += 1 } }
        let ids = Set(practices.keys).union(aid.keys).union(participation.keys)
        return try await request.gazetteer.cities(ids: Array(ids)).sorted { $0.id < $1.id }.map { city in
            Inclusiveness.CityActivity(city: city.id, country: city.countryCode, population: city.population > 0 ? city.population : nil,
                                       practices: practices[city.id] ?? 0, aid: aid[city.id] ?? 0, participation: participation[city.id] ?? 0)
        }
    }
}
