import Foundation

extension RationRules {
    /// Decides a visit under this version: allowed with its price, or denied with every reason.
    ///
    /// `history` holds the earlier purchases (and donations) of everyone in the visit, the buyer
    /// included; `stock`, when given, is what the outlet has on hand by class.
    public func decide(_ visit: Visit, history: [Purchase], stock: [String: Int]? = nil) -> RationDecision {
        let day = clock.day(of: visit.at)
        var reasons: [Reason] = []
        if !policy.eligibility.channels.contains(visit.channel) {
            var reason = Reason(.ineligibleChannel)
            reason.channel = visit.channel
            reasons.append(reason)
        }
        if visit.cards.isEmpty { reasons.append(Reason(.quantity)) }
        reasons += proxyReasons(visit, on: day)
        var asked: [[String: Int]] = []
        for (index, card) in visit.cards.enumerated() {
            let (lines, lineReasons) = askedLines(card, index)
            asked.append(lines)
            reasons += lineReasons
            if !policy.eligibility.documents.contains(card.person.document) {
                var reason = Reason(.ineligibleDocument)
                (reason.card, reason.document) = (index, card.person.document)
                reasons.append(reason)
                continue
            }
            if let gate = gateReason(card: index, card, in: visit, on: day, history: history) { reasons.append(gate) }
            reasons += quotaReasons(card, index, lines, day: day, at: visit.at, channel: visit.channel, history: history)
        }
        if let stock { reasons += stockReasons(asked, stock) }
        let (priced, priceReasons) = price(asked)
        reasons += priceReasons
        guard reasons.isEmpty else { return .deny(reasons, version: policy.version) }
        let fee = policy.fees.first { $0.channel == visit.channel }?.amount ?? .zero
        let total = priced.reduce(fee) { $0 + $1.amount }
        return RationDecision(policyVersion: policy.version, lines: priced, fee: fee, total: total, currency: policy.currency, reasons: [])
    }

    /// A card's lines summed by class, with the reasons any line is malformed.
    private func askedLines(_ card: Card, _ index: Int) -> ([String: Int], [Reason]) {
        var lines: [String: Int] = [:], reasons: [Reason] = []
        if card.lines.isEmpty {
            var reason = Reason(.quantity)
            reason.card = index
            reasons.append(reason)
        }
        for line in card.lines {
            guard classes.contains(line.class) else {
                var reason = Reason(.unknownClass)
                (reason.card, reason.class) = (index, line.class)
                reasons.append(reason)
                continue
            }
            let sum = (lines[line.class] ?? 0).addingReportingOverflow(line.quantity)
            guard (1...PolicyChecks.largestLimit).contains(line.quantity), !sum.overflow, sum.partialValue <= PolicyChecks.largestLimit else {
                var reason = Reason(.quantity)
                (reason.card, reason.class, reason.asked) = (index, line.class, line.quantity)
                reasons.append(reason)
                continue
            }
            lines[line.class] = sum.partialValue
        }
        return (lines, reasons)
    }

    private func quotaReasons(_ card: Card, _ index: Int, _ lines: [String: Int], day: CivilDay, at: Date, channel: String, history: [Purchase]) -> [Reason] {
        var reasons: [Reason] = []
        for quota in policy.quotas where counts(quota, channel: channel) {
            let asked = lines.filter { quota.classes.contains($0.key) }
            guard !asked.isEmpty else { continue }
            guard let standing = standing(of: card.person, in: quota, on: day, before: at, history: history) else {
                var reason = Reason(.windowClosed)
                (reason.card, reason.quota, reason.windowStarts) = (index, quota.id, quota.window.from)
                reason.windowEnds = quota.window.until?.advanced(by: -1)
                reasons.append(reason)
                continue
            }
            let allowedClasses = Set(standing.limit?.alternatives.flatMap { $0.flatMap(\.classes) } ?? [])
            let refused = asked.keys.filter { !allowedClasses.contains($0) }.sorted()
            for name in refused {
                var reason = Reason(.ineligibleCohort)
                (reason.card, reason.class, reason.quota) = (index, name, quota.id)
                reasons.append(reason)
            }
            guard refused.isEmpty else { continue }
            reasons += standing.reasons(asking: asked, card: index)
        }
        return reasons
    }

    private func stockReasons(_ asked: [[String: Int]], _ stock: [String: Int]) -> [Reason] {
        var wanted: [String: Int] = [:]
        for lines in asked { for (name, quantity) in lines { wanted[name, default: 0] += quantity } }
        return wanted.keys.sorted().compactMap { name in
            let onHand = stock[name] ?? 0
            guard wanted[name]! > onHand else { return nil }
            var reason = Reason(.noStock)
            (reason.class, reason.asked, reason.max) = (name, wanted[name]!, Swift.max(0, onHand))
            return reason
        }
    }

    /// Each line's price; a packed class sells only in whole packs.
    private func price(_ asked: [[String: Int]]) -> ([PricedLine], [Reason]) {
        var priced: [PricedLine] = [], reasons: [Reason] = []
        for (card, lines) in asked.enumerated() {
            for (name, quantity) in lines.sorted(by: { $0.key < $1.key }) {
                guard let rule = prices[name] else { continue }
                if let size = rule.packSize, let packPrice = rule.packPrice {
                    guard quantity % size == 0 else {
                        var reason = Reason(.packSize)
                        (reason.card, reason.class, reason.asked, reason.max) = (card, name, quantity, size)
                        reasons.append(reason)
                        continue
                    }
                    priced.append(PricedLine(card: card, class: name, quantity: quantity, amount: packPrice * (quantity / size)))
                } else {
                    priced.append(PricedLine(card: card, class: name, quantity: quantity, amount: (rule.unit ?? .zero) * quantity))
                }
            }
        }
        return (priced, reasons)
    }
}
