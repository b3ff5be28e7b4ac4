import AmityCore
import Fluent
import Foundation

/// The paper's networks, memberships and partnerships, loaded from `Data/demo/directory.json`.
struct DemoDirectory: Decodable {
    struct MembershipEntry: Decodable {
        var network: String
        var cities: [Int]
        var role: String
        var since: String?
        var source: String?
    }

    struct PartnershipEntry: Decodable {
        var cities: [Int]
        var kind: String
        var summary: String?
        var history: [PartnershipEvent]
    }

    var networks: [NetworkInput]
    var memberships: [MembershipEntry]
    var partnerships: [PartnershipEntry]

    static func load(path: String) throws -> DemoDirectory {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid("file", "Cannot read the demo directory at \(path).")
        }
        return try JSONDecoder().decode(DemoDirectory.self, from: data)
    }

    /// Writes everything in one transaction, checking each rule the API would check.
    func load(into database: any Database) async throws {
        try await database.transaction { db in
            for entry in networks {
                let network = Network()
                network.id = entry.id ?? ""
                network.name = entry.name
                network.shortName = entry.shortName
                network.kind = try NetworkKind(parsing: entry.kind, field: "networks.\(entry.id ?? "").kind").rawValue
                network.founded = entry.founded
                network.website = entry.website
                network.secretariatCityID = entry.secretariatCityId
                network.summary = entry.summary
                try await network.create(on: db)
            }
            for entry in memberships {
                let role = try MembershipRole(parsing: entry.role)
                let since = try entry.since.map { try PartialDate($0, field: "since").description }
                for cityID in entry.cities {
                    let membership = Membership()
                    membership.networkID = entry.network
                    membership.cityID = cityID
                    membership.role = role.rawValue
                    membership.since = since
                    membership.source = entry.source
                    membership.confirmedAt = Date()
                    try await membership.create(on: db)
                }
            }
            for entry in partnerships {
                try await PartnershipRecorder(database: db).record(
                    cities: entry.cities, kind: try PartnershipKind(parsing: entry.kind), summary: entry.summary, history: entry.history)
            }
        }
    }
}
