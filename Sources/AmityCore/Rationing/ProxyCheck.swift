extension RationRules {
    /// What is wrong with the cards a visit holds for other people: too many of a category, a
    /// beneficiary the buyer may not buy for, or a card held twice.
    func proxyReasons(_ visit: Visit, on day: CivilDay) -> [Reason] {
        var reasons: [Reason] = []
        var seen = Set<String>()
        for (index, card) in visit.cards.enumerated() where !seen.insert(card.person.key).inserted {
            var reason = Reason(.duplicateCard)
            reason.card = index
            reasons.append(reason)
        }
        let others = visit.cards.enumerated().filter { $0.element.person.key != visit.holder.key }
        guard !others.isEmpty else { return reasons }
        let rule = policy.proxy ?? ProxyRule(cards: [], relationships: [])
        var held = [Int](repeating: 0, count: rule.cards.count), unplaced = 0
        for (index, card) in others {
            if let category = rule.cards.firstIndex(where: { person(card.person, isIn: $0.cohort, on: day) }) {
                held[category] += 1
            } else {
                unplaced += 1
            }
            let relationship = rule.relationships.first { person(card.person, isIn: $0.cohort, on: day) }
            let related = switch relationship?.requires {
            case .anyone?: true
            case .sameHousehold?: visit.holder.household != nil && visit.holder.household == card.person.household
            case nil: false
            }
            if !related {
                var reason = Reason(.relationship)
                (reason.card, reason.cohort) = (index, relationship?.cohort)
                reasons.append(reason)
            }
        }
        for (category, count) in held.enumerated() where count > rule.cards[category].max {
            var reason = Reason(.proxyLimit)
            (reason.cohort, reason.max, reason.asked) = (rule.cards[category].cohort, rule.cards[category].max, count)
            reasons.append(reason)
        }
        if unplaced > 0 {
            var reason = Reason(.proxyLimit)
            (reason.max, reason.asked) = (0, unplaced)
            reasons.append(reason)
        }
        return reasons
    }
}
