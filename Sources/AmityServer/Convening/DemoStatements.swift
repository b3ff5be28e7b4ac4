import AmityCore
import Fluent
import Foundation

/// The four mayors' letter against austerity and C40's recovery principles, from `Data/demo/statements.json`,
/// with their signatures chained as if signed through Amity (entered by the demo administrator).
struct DemoStatements: Decodable {
    struct Statement: Decodable {
        var hostNetwork: String, title: String, text: String, opened: String, closes: String
        var signatures: [Signature]
    }
    struct Signature: Decodable { var city: Int, signer: String, title: String }

    var statements: [Statement]

    static func load(path: String) throws -> DemoStatements {
        try JSONDecoder().decode(DemoStatements.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `catalogue` words the live entries' English text beside their facts.
    func load(into database: any Database, catalogue: MessageCatalogue) async throws {
        try await database.transaction { db in
            guard let admin = try await Person.query(on: db).filter(\.$isAdministrator == true).sort(\.$id).first()?.requireID() else { return }
            for s in statements {
                let opened = try CalendarDay.parse(s.opened, field: "opened")
                let row = StatementRecord()
                (row.title, row.text, row.version, row.status, row.hostNetworkID) = (s.title, s.text, 1, .open, s.hostNetwork)
                (row.opensAt, row.closesAt, row.createdBy, row.createdAt) = (opened, try CalendarDay.parse(s.closes, field: "closes"), admin, opened)
                row.textHash = SignatureChain.textHash(version: 1, title: s.title, text: s.text)
                try await row.create(on: db)
                var previous: ChainEntry?
                for signature in s.signatures {
                    guard let city = try await City.find(signature.city, on: db) else { continue }
                    let entry = SignatureChain.append(action: .sign, cityId: signature.city, city: city.name, signer: signature.signer, title: signature.title,
                                                      at: opened, after: previous, textHash: row.textHash ?? "")
                    let record = SignatureEntryRecord()
                    (record.statementID, record.position, record.action, record.cityID, record.cityName) = (try row.requireID(), entry.position, "sign", entry.cityId, entry.city)
                    (record.signerName, record.signerTitle, record.personID, record.at) = (entry.signer, entry.title, admin, entry.at)
                    (record.previousHash, record.hash) = (entry.previousHash, entry.hash)
                    try await record.create(on: db)
                    previous = entry
                }
                try await AuditTrail(db: db, personID: nil, requestID: nil, now: opened, catalogue: catalogue).publish(
                    LiveItem(kind: .statement, title: .written(s.title), summary: .fact(Fact("live_statement_signatures", ["count": .number(Int64(s.signatures.count))])), link: "/statements/\(row.id ?? 0)",
                             topics: [.network(s.hostNetwork)]))
            }
        }
    }
}
