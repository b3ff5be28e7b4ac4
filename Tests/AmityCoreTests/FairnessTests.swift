@testable import AmityCore
import Foundation
import Testing

/// The fairness report's arithmetic: standardized differences, and cells too small to show.
@Suite struct FairnessTests {
    @Test func aBalancedPopulationIsWithinTheTarget() {
        let rows = Fairness.rows(dimension: "district", registered: ["North": 500, "South": 500], buyers: ["North": 101, "South": 99])
        #expect(rows.map(\.category) == ["North", "South"])
        #expect(rows.allSatisfy { $0.balanced == true && !$0.suppressed })
        #expect(abs(rows[0].difference! - 0.01) < 0.001)
    }

    /// Seniors are 20 % of those registered but 5 % of buyers: d = (0.05 − 0.2) / √((0.0475 + 0.16) / 2) ≈ −0.466.
    @Test func anUnderservedGroupStandsOut() {
        let rows = Fairness.rows(dimension: "ageBand", registered: ["18–39": 800, "65+": 200], buyers: ["18–39": 190, "65+": 10])
        let seniors = rows.first { $0.category == "65+" }!
        #expect(abs(seniors.difference! - (-0.15 / ((0.0475 + 0.16) / 2).squareRoot())) < 1e-9)
        #expect(seniors.balanced == false && seniors.registeredShare == 0.2 && seniors.buyerShare == 0.05)
    }

    @Test func cellsUnderTenPeopleAreSuppressed() {
        let rows = Fairness.rows(dimension: "document", registered: ["nhi": 990, "arc": 9, "passport": 40], buyers: ["nhi": 300, "passport": 3])
        #expect(rows.first { $0.category == "arc" }?.suppressed == true && rows.first { $0.category == "arc" }?.registered == nil)
        #expect(rows.first { $0.category == "passport" }?.suppressed == true, "3 buyers would point at them")
        #expect(rows.first { $0.category == "nhi" }?.registered == 990)
        // A group with nobody buying is shown: zero names no one.
        #expect(Fairness.rows(dimension: "d", registered: ["a": 50, "b": 50], buyers: ["a": 20]).first { $0.category == "b" }?.buyers == 0)
    }

    @Test func ageBands() {
        #expect(Fairness.ageBand(born: 2008, in: 2020) == "0–12" && Fairness.ageBand(born: 2007, in: 2020) == "13–17")
        #expect(Fairness.ageBand(born: 2002, in: 2020) == "18–39" && Fairness.ageBand(born: 1955, in: 2020) == "65+")
    }
}
