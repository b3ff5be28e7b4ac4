import Crypto
import Foundation

/// The draw of an oversubscribed pre-order round that nobody can steer: the seed's hash is
/// published when the round opens, the entrants as opaque tickets when it closes, and the seed
/// at the draw, so anyone can run the draw again and must get the same winners.
///
/// Each ticket's place is SHA-256 of the seed, a line break and the ticket; the `cap` lowest
/// places win. A round that is not oversubscribed has no draw: every ticket wins.
public struct PublicLottery: Sendable, Equatable {
    /// The seed: 64 hexadecimal digits, secret until the draw.
    public var seed: String
    /// How many tickets win at most.
    public var cap: Int

    public init(seed: String, cap: Int) { (self.seed, self.cap) = (seed, cap) }

    /// What is published when the round opens: the seed's SHA-256, in hexadecimal.
    public static func commitment(to seed: String) -> String { SHA256.hash(data: Data(seed.utf8)).hexDigits }

    /// Whether `seed` is the one `commitment` promised.
    public static func seed(_ seed: String, keeps commitment: String) -> Bool { Self.commitment(to: seed) == commitment.lowercased() }

    /// A fresh seed from the system's random source.
    public static func freshSeed() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexDigits
    }

    /// The winning tickets, in the order of their places (entry order when there is no draw).
    public func winners(of tickets: [String]) -> [String] {
        guard tickets.count > cap else { return tickets }
        let prefix = Array((seed + "\n").utf8)
        var placed = tickets.map { ticket -> (place: Place, ticket: String) in
            var hash = SHA256()
            hash.update(data: prefix)
            hash.update(data: Array(ticket.utf8))
            return (Place(hash.finalize()), ticket)
        }
        // Equal places for distinct tickets would take a SHA-256 collision; the ticket decides them
        // anyway, so the order is total.
        placed.sort { $0.place == $1.place ? $0.ticket < $1.ticket : $0.place < $1.place }
        return placed.prefix(cap).map(\.ticket)
    }

    /// A digest read as one 256-bit number, most significant byte first, for comparing in four steps.
    private struct Place: Comparable {
        var words: (UInt64, UInt64, UInt64, UInt64)

        init(_ digest: SHA256.Digest) {
            var words: [UInt64] = [0, 0, 0, 0]
            for (index, byte) in digest.enumerated() { words[index / 8] = words[index / 8] << 8 | UInt64(byte) }
            self.words = (words[0], words[1], words[2], words[3])
        }

        static func == (lhs: Place, rhs: Place) -> Bool { lhs.words == rhs.words }
        static func < (lhs: Place, rhs: Place) -> Bool { lhs.words < rhs.words }
    }

    /// A ticket's number: 10 characters of Crockford's base 32 (no I, L, O or U to misread), about
    /// 50 random bits, which say nothing of who holds it.
    public static func freshTicket() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] })
    }

    /// Whether `text` has a ticket's form.
    public static func isTicket(_ text: String) -> Bool {
        text.count == 10 && text.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) }
    }
}

extension PublicLottery {
    /// A published draw run again: the winners the rule gives, and what does not hold.
    public struct Check: Sendable, Equatable {
        /// The winners by the rule, in order of place.
        public var winners: [String]
        /// Each way the published draw departs from the rule; empty when it holds.
        public var problems: [String]
    }

    /// Runs the draw again from what was published: the seed must be the one whose hash was shown
    /// when the round opened, and the published winners those the rule picks from the tickets.
    public static func check(seed: String?, commitment: String, cap: Int, tickets: [String], published: [String]) -> Check {
        guard let seed else { return Check(winners: [], problems: ["The seed is not published yet: the round has not been drawn."]) }
        var problems: [String] = []
        if !Self.seed(seed, keeps: commitment) { problems.append("The seed's SHA-256 is not the hash published when the round opened.") }
        if Set(tickets).count != tickets.count { problems.append("A ticket is listed twice among the entries.") }
        let winners = PublicLottery(seed: seed, cap: cap).winners(of: tickets)
        if winners != published {
            let missing = Set(winners).subtracting(published).count, extra = Set(published).subtracting(winners).count
            problems.append("The published winners differ from the draw's: \(missing) winning tickets missing, \(extra) listed that did not win"
                + (missing == 0 && extra == 0 ? ", in another order." : "."))
        }
        return Check(winners: winners, problems: problems)
    }
}
