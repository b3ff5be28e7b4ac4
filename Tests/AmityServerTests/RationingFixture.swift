@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Vapor
import VaporTesting

/// A rationing programme of Taichung's, in force since 2020, with outlets stocked and people
/// registered: what the rationing tests and the authorization matrix sell against.
enum RationingFixture {
    struct Made: Sendable {
        var programme: Int
        var outlet: Int
        var otherOutlet: Int
        var path: String { "/api/v1/rationing/programmes/\(programme)" }
    }

    static let documents = ["A123456784", "A223456781", "B123456786", "C123456780", "D123456785", "E123456782", "F123456787", "G123456783"]

    /// A policy of `max` masks per rolling 7 days, adult or child, no day gate, up to 3 other cards a
    /// visit, at the counter and by pre-order; what is left may be donated.
    static func policy(max: Int = 2, from: CivilDay = CivilDay(year: 2020, month: 1, day: 1), version: Int = 1) -> RationPolicy {
        RationPolicy(
            version: version, effectiveFrom: LocalDateTime(day: from), timeZone: "Asia/Taipei", currency: "TWD", classes: ["adult", "child"],
            eligibility: Eligibility(documents: ["nhi", "arc"], channels: ["counter", "preorder"]),
            quotas: [Quota(id: "masks", window: .rolling(7), limits: [Limit(pools: [Pool("masks", classes: ["adult", "child"], max: max)])])],
            proxy: ProxyRule(cards: [.init(max: 3)], relationships: [.init(requires: .anyone)]),
            prices: [Price("adult", unit: Amount(5)), Price("child", unit: Amount(5))], donation: true
        )
    }

    static func make(_ app: Application, max: Int = 2, stock: Int = 100, policies: [RationPolicy]? = nil, people: Int = 8,
                     owner: ProgrammeOwner = .city(Demo.taichungID)) async throws -> Made {
        let now = app.clock.now()
        let programme = try await ProgrammeHistory.load(name: "Taichung masks", owner: owner, note: "Test programme.",
                                                        policies: policies ?? [policy(max: max)], on: app.db, now: now)
        let programmeID = try programme.requireID()
        var outlets: [Int] = []
        for code in ["0100000001", "0100000002"] {
            let input = CreateOutletRequest(code: code, name: "Pharmacy \(code)", address: "Taichung", phone: nil, latitude: nil, longitude: nil,
                                            kind: nil, test: false, note: nil)
            let (row, _) = try await Outlets(db: app.db).save(input, programmeID: programmeID, now: now)
            let outletID = try row.requireID()
            for name in ["adult", "child"] where stock > 0 {
                let delivery = try await StockMovements(db: app.db).deliver(StockMovementRequest(class: name, quantity: stock), outlet: row,
                                                                            classes: ["adult", "child"], by: nil, now: now)
                _ = try await StockMovements(db: app.db).confirm(delivery.id, outletID: outletID, by: "test", now: now)
            }
            outlets.append(outletID)
        }
        for (index, document) in documents.prefix(people).enumerated() {
            _ = try await RegisteredPeople(db: app.db, key: app.documentKey).register(
                RegisterPersonRequest(document: document, documentType: "nhi", birth: index == 2 ? "2012-03-09" : "1980-01-0\(index + 1)",
                                      household: index < 3 ? "H1" : nil, district: "Taichung"),
                programmeID: programmeID, now: now)
        }
        return Made(programme: programmeID, outlet: outlets[0], otherOutlet: outlets[1])
    }

    /// A sale's JSON: each card a document with its lines.
    static func sale(_ id: String, outlet: Int?, cards: [(String, [(String, Int)])], holder: String? = nil) -> String {
        let cardJSON = cards.map { document, lines in
            #"{"document":"\#(document)","lines":[\#(lines.map { #"{"class":"\#($0.0)","quantity":\#($0.1)}"# }.joined(separator: ","))]}"#
        }.joined(separator: ",")
        let outletJSON = outlet.map { #""outletId":\#($0),"# } ?? ""
        let holderJSON = holder.map { #""holder":"\#($0)","# } ?? ""
        return #"{"saleId":"\#(id)",\#(outletJSON)\#(holderJSON)"cards":[\#(cardJSON)]}"#
    }

    /// A terminal of `outlet`, issued by the administrator; returns its token.
    static func terminal(_ app: Application, _ made: Made, outlet: Int? = nil) async throws -> String {
        let admin = try await app.credentials(Demo.admin)
        let response = try await app.api(.POST, "\(made.path)/outlets/\(outlet ?? made.outlet)/terminals", as: admin, json: #"{"name":"Counter 1"}"#)
        return try response.json(CreatedTerminalDTO.self).token
    }

    static func onHand(_ app: Application, outlet: Int, _ name: String = "adult") async throws -> Int {
        try await StockRecord.query(on: app.db).filter(\.$outletID == outlet).filter(\.$class == name).first()?.onHand ?? 0
    }
}

extension Application {
    /// An API call with an outlet terminal's token.
    @discardableResult
    func terminalCall(_ method: HTTPMethod, _ path: String, token: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = [:]
        headers.bearerAuthorization = .init(token: token)
        if json != nil { headers.contentType = .json }
        var captured: TestingHTTPResponse?
        try await testing().test(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) }) { captured = $0 }
        return captured!
    }
}
