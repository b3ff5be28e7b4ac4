import AmityCore
import Foundation
import Testing

@Suite struct SignatureChainTests {
    static func export() -> StatementExport {
        let textHash = SignatureChain.textHash(version: 1, title: "No austerity", text: "We ask the EU institutions.")
        var entries: [ChainEntry] = []
        let at = Date(timeIntervalSince1970: 1_592_092_800)
        for (id, city, signer) in [(2_759_794, "Amsterdam", "Femke Halsema"), (3_128_760, "Barcelona", "Ada Colau"), (2_988_507, "Paris", "Anne Hidalgo")] {
            entries.append(SignatureChain.append(action: .sign, cityId: id, city: city, signer: signer, title: "Mayor of \(city)", at: at,
                                                 after: entries.last, textHash: textHash))
        }
        entries.append(SignatureChain.append(action: .withdraw, cityId: 3_128_760, city: "Barcelona", signer: "Ada Colau", title: "Mayor of Barcelona",
                                             at: at.addingTimeInterval(60), after: entries.last, textHash: textHash))
        return StatementExport(statementId: 1, version: 1, title: "No austerity", text: "We ask the EU institutions.", textHash: textHash,
                               entries: entries, head: entries.last!.hash)
    }

    @Test func anUntouchedExportIsIntact() {
        #expect(SignatureChain.verify(Self.export()) == .intact(signatories: 2, head: Self.export().head))
    }

    @Test func everyKindOfTamperingIsFoundWhereItHappened() {
        func broken(_ change: (inout StatementExport) -> Void) -> Int? {
            var export = Self.export()
            change(&export)
            if case .broken(let position, _) = SignatureChain.verify(export) { return position }
            return nil
        }
        #expect(broken { $0.text += " And more." } == 0, "text changed")
        #expect(broken { $0.entries[1].title = "Deputy mayor" } == 2, "an entry changed")
        #expect(broken { $0.entries.remove(at: 1) } == 2, "an entry removed from the middle")
        #expect(broken { $0.entries.removeLast() } == 4, "the last entry removed")
        #expect(broken { $0.entries.swapAt(1, 2) } == 2, "entries reordered")
        #expect(broken { e in
            let forged = SignatureChain.append(action: .sign, cityId: 3_173_435, city: "Milan", signer: "Someone", title: "Mayor of Milan",
                                               at: Date(), after: e.entries[1], textHash: e.textHash)
            e.entries.insert(forged, at: 2)
        } == 4, "an entry added in the middle: itself well formed, it displaces the entry after it")
        // A forger who rebuilds the chain after removing the last entry makes it consistent on its
        // own terms: only a comparison with the head Amity publishes shows it (the API does that).
        var rebuilt = Self.export()
        rebuilt.entries.removeLast()
        rebuilt.head = rebuilt.entries.last!.hash
        #expect(SignatureChain.verify(rebuilt) == .intact(signatories: 3, head: rebuilt.head) && rebuilt.head != Self.export().head)
    }

    @Test func aCityCannotSignTwiceOrWithdrawWhatItNeverSigned() {
        var twice = Self.export()
        twice.entries = Array(twice.entries.prefix(1))
        twice.entries.append(SignatureChain.append(action: .sign, cityId: 2_759_794, city: "Amsterdam", signer: "F", title: "Mayor", at: Date(),
                                                   after: twice.entries[0], textHash: twice.textHash))
        twice.head = twice.entries.last!.hash
        guard case .broken(2, _) = SignatureChain.verify(twice) else { Issue.record("a second signature passed"); return }
        var ghost = Self.export()
        ghost.entries = [SignatureChain.append(action: .withdraw, cityId: 1, city: "Nowhere", signer: "N", title: "Mayor", at: Date(), after: nil, textHash: ghost.textHash)]
        ghost.head = ghost.entries[0].hash
        guard case .broken(1, _) = SignatureChain.verify(ghost) else { Issue.record("a withdrawal without a signature passed"); return }
    }
}

@Suite struct VoteTallyTests {
    @Test func quorumAndMajorityDecide() {
        // Seven members, quorum 50 %: three votes are not enough, four are (abstentions count).
        #expect(VoteTally(votes: [.yes, .yes, .no], members: 7, quorumPercent: 50, majority: .simple).outcome == .noQuorum)
        #expect(VoteTally(votes: [.yes, .yes, .no, .abstain], members: 7, quorumPercent: 50, majority: .simple).outcome == .adopted)
        #expect(VoteTally(votes: [.yes, .no, .abstain, .abstain], members: 7, quorumPercent: 50, majority: .simple).outcome == .rejected)
        // Two thirds: 2 yes to 1 no carries, 3 to 2 does not.
        #expect(VoteTally(votes: [.yes, .yes, .no], members: 3, quorumPercent: 50, majority: .twoThirds).outcome == .adopted)
        #expect(VoteTally(votes: [.yes, .yes, .yes, .no, .no], members: 5, quorumPercent: 50, majority: .twoThirds).outcome == .rejected)
        #expect(VoteTally(votes: [.abstain, .abstain], members: 2, quorumPercent: 100, majority: .twoThirds).outcome == .rejected)
        let tally = VoteTally(votes: [.yes, .no, .abstain], members: 3, quorumPercent: 100, majority: .simple)
        #expect((tally.yes, tally.no, tally.abstain, tally.quorumMet) == (1, 1, 1, true))
    }
}
