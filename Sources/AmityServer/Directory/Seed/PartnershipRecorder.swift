import AmityCore
import Fluent

/// Stores a partnership and its history after `PartnershipHistory` has accepted it.
struct PartnershipRecorder {
    let database: any Database

    @discardableResult
    func record(cities: [Int], kind: PartnershipKind, summary: String?, history: [PartnershipEvent], claimedBy: Int? = nil) async throws -> Partnership {
        guard cities.count == 2, cities[0] != cities[1] else {
            throw DomainError.invalid("cities", key: "error_two_cities")
        }
        let status = try PartnershipHistory.status(of: history)
        let partnership = Partnership()
        partnership.cityAID = min(cities[0], cities[1])
        partnership.cityBID = max(cities[0], cities[1])
        partnership.kind = kind.rawValue
        partnership.signedOn = history.first(where: { $0.kind == .signed })?.on?.description
        partnership.status = status
        partnership.summary = summary
        partnership.claimedByCityID = claimedBy
        try await partnership.create(on: database)
        for (position, event) in history.enumerated() {
            let record = PartnershipEventRecord()
            record.partnershipID = try partnership.requireID()
            record.position = position
            record.kind = event.kind.rawValue
            record.on = event.on?.description
            record.source = event.source
            record.note = event.note
            record.claimedByCityID = claimedBy
            try await record.create(on: database)
        }
        return partnership
    }
}
