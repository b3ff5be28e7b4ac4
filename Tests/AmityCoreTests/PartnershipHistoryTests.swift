@testable import AmityCore
import Testing

@Suite struct PartnershipHistoryTests {
    func event(_ kind: PartnershipEventKind, _ on: String?) throws -> PartnershipEvent {
        PartnershipEvent(kind: kind, on: try on.map { try PartialDate($0) })
    }

    @Test func waggaWaggaAndKunmingAreActiveAgain() throws {
        let history = [try event(.signed, "1988"), try event(.severed, "2020-04-14"), try event(.restored, "2020-04-22")]
        #expect(try PartnershipHistory.status(of: history) == .active)
        #expect(try PartnershipHistory.status(of: Array(history.prefix(2))) == .severed)
    }

    @Test func aSigningWithoutADateIsAllowed() throws {
        #expect(try PartnershipHistory.status(of: [try event(.signed, nil)]) == .active)
        #expect(try PartnershipHistory.status(of: [try event(.signed, nil), try event(.suspended, "2020-03")]) == .suspended)
    }

    @Test func refusesImpossibleSteps() throws {
        let cases: [[PartnershipEvent]] = [
            [],
            [try event(.severed, "2020-01-01")],
            [try event(.signed, "2000"), try event(.signed, "2001")],
            [try event(.signed, "2000"), try event(.restored, "2001")],
            [try event(.signed, "2000"), try event(.severed, "2001"), try event(.suspended, "2002")],
            [try event(.signed, "2000"), try event(.severed, nil)],
            [try event(.signed, "2010"), try event(.suspended, "2005")],
        ]
        for history in cases {
            #expect(throws: DomainError.self, "\(history.map(\.kind))") { try PartnershipHistory.status(of: history) }
        }
    }

    @Test func theErrorNamesTheEvent() throws {
        do {
            _ = try PartnershipHistory.status(of: [try event(.signed, "2000"), try event(.restored, "2001")])
        } catch let DomainError.invalid(fields) {
            #expect(fields.first?.field == "history[1]")
            #expect(fields.first?.message.contains("active partnership cannot be restored") == true)
        }
    }

    @Test func kindsAndStatusesParseOnlyTheirWireForms() throws {
        #expect(try PartnershipKind(parsing: "sister-city") == .sisterCity)
        #expect(throws: DomainError.self) { try PartnershipKind(parsing: "twin") }
        #expect(throws: DomainError.self) { try PartnershipStatus(parsing: "ACTIVE") }
        #expect(throws: DomainError.self) { try MembershipRole(parsing: "boss") }
        #expect(throws: DomainError.self) { try NetworkKind(parsing: "local") }
    }
}
