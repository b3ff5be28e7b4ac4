@testable import AmityCore
import Foundation
import Testing

/// The pre-order lottery (TW-16): exactly the cap, the same winners from the same published seed,
/// and a check that catches a seed swapped after opening or a winners list edited.
@Suite struct PublicLotteryTests {
    static func tickets(_ count: Int) -> [String] { (0..<count).map { String(format: "T%09d", $0) } }

    /// eMask round 1 at a thousandth of its size: 2,400 registrants for 2,330 places.
    @Test("TW-16") func picksExactlyTheCapReproduciblyFromTheSeed() {
        let seed = PublicLottery.freshSeed(), tickets = Self.tickets(2_400)
        let winners = PublicLottery(seed: seed, cap: 2_330).winners(of: tickets)
        #expect(winners.count == 2_330 && Set(winners).count == 2_330 && Set(winners).isSubset(of: tickets))
        #expect(PublicLottery(seed: seed, cap: 2_330).winners(of: tickets) == winners)
        // The order of the entries does not change who wins, only the seed does.
        #expect(PublicLottery(seed: seed, cap: 2_330).winners(of: tickets.reversed()) == winners)
        #expect(PublicLottery(seed: PublicLottery.freshSeed(), cap: 2_330).winners(of: tickets) != winners)
        let check = PublicLottery.check(seed: seed, commitment: PublicLottery.commitment(to: seed), cap: 2_330, tickets: tickets, published: winners)
        #expect(check.problems.isEmpty && check.winners == winners)
    }

    /// A known seed gives known places: the rule is SHA-256 of the seed, a line break and the ticket.
    @Test func placesFollowThePublishedRule() {
        let seed = String(repeating: "0", count: 64)
        let tickets = ["AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"]
        // Lower-case hexadecimal sorts as the bytes it spells.
        let expected = tickets.sorted { PublicLottery.commitment(to: seed + "\n" + $0) < PublicLottery.commitment(to: seed + "\n" + $1) }
        #expect(PublicLottery(seed: seed, cap: 2).winners(of: tickets) == Array(expected.prefix(2)))
        #expect(PublicLottery.commitment(to: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aRoundNotOversubscribedHasNoDraw() {
        let tickets = Self.tickets(5)
        #expect(PublicLottery(seed: PublicLottery.freshSeed(), cap: 5).winners(of: tickets) == tickets)
        #expect(PublicLottery(seed: PublicLottery.freshSeed(), cap: 9).winners(of: tickets) == tickets)
    }

    @Test func theCheckCatchesASwappedSeedAndEditedWinners() {
        let seed = PublicLottery.freshSeed(), tickets = Self.tickets(50)
        let commitment = PublicLottery.commitment(to: seed)
        var winners = PublicLottery(seed: seed, cap: 10).winners(of: tickets)
        // A seed chosen after the entries were seen does not keep the promise made at opening.
        let other = PublicLottery.freshSeed()
        let swapped = PublicLottery.check(seed: other, commitment: commitment, cap: 10, tickets: tickets,
                                          published: PublicLottery(seed: other, cap: 10).winners(of: tickets))
        #expect(swapped.problems.count == 1 && swapped.problems[0].contains("hash"))
        let loser = tickets.first { !winners.contains($0) }!
        winners[3] = loser
        let edited = PublicLottery.check(seed: seed, commitment: commitment, cap: 10, tickets: tickets, published: winners)
        #expect(edited.problems == ["The published winners differ from the draw's: 1 winning tickets missing, 1 listed that did not win."])
        #expect(PublicLottery.check(seed: nil, commitment: commitment, cap: 10, tickets: tickets, published: []).problems.count == 1)
    }

    @Test func ticketsAreOpaqueAndReadable() {
        let tickets = (0..<1_000).map { _ in PublicLottery.freshTicket() }
        #expect(tickets.allSatisfy(PublicLottery.isTicket))
        #expect(Set(tickets).count == 1_000)
        #expect(!PublicLottery.isTicket("ABCDEFGHIL") && !PublicLottery.isTicket("abc"))
    }
}
