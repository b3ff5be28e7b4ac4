import Foundation

extension RationRules {
    /// Whether a gate applies at all to this card in this channel on this day.
    func gateApplies(to person: Cardholder, channel: String, on day: CivilDay) -> Bool {
        guard let gate = policy.dayGate else { return false }
        if gate.exemptChannels.contains(channel) { return false }
        return !gate.exemptCohorts.contains { self.person(person, isIn: $0, on: day) }
    }

    /// Whether `day` is treated as a weekend day (by weekday, or as a holiday that counts as one).
    func isWeekendLike(_ day: CivilDay, _ gate: DayGate) -> Bool {
        gate.openIfNothingBoughtThisWeek.contains(day.weekday) || (gate.holidaysAsWeekend && holidays.contains(day))
    }

    /// Whether the gate opens on `day` for `subject`, whose earlier purchases are in `history`.
    func gateOpens(on day: CivilDay, for subject: Cardholder, before at: Date, history: [Purchase]) -> Bool {
        guard let gate = policy.dayGate else { return true }
        if gate.openToAll.contains(day.weekday) { return true }
        if isWeekendLike(day, gate) {
            guard !gate.openIfNothingBoughtThisWeek.isEmpty else { return true }
            // Open to whoever bought nothing on an ordinary day of this calendar week.
            let week = day.weekStart..<day
            return !history.contains { purchase in
                guard purchase.person == subject.key, !purchase.donated, purchase.at <= at else { return false }
                let bought = clock.day(of: purchase.at)
                return week.contains(bought) && !isWeekendLike(bought, gate)
            }
        }
        return serves(day.weekday, subject, gate)
    }

    /// Whether the rotation itself gives `weekday` to `subject`.
    func serves(_ weekday: Weekday, _ subject: Cardholder, _ gate: DayGate) -> Bool {
        switch gate.rule {
        case .idParity:
            guard let digit = subject.lastDigit else { return false }
            return (digit % 2 == 0 ? gate.even : gate.odd)?.contains(weekday) ?? false
        case .birthYearDigit:
            return gate.digits?[weekday]?.contains(subject.birth.year % 10) ?? false
        }
    }

    /// Whom the rotation gives `day` to: `even`, `odd`, or birth-year digits such as `1,6`;
    /// `nothingBoughtThisWeek` for a weekend-like day.
    func servedOn(_ day: CivilDay, _ gate: DayGate) -> String {
        if isWeekendLike(day, gate) { return "nothingBoughtThisWeek" }
        switch gate.rule {
        case .idParity:
            return [(gate.odd, "odd"), (gate.even, "even")].filter { $0.0?.contains(day.weekday) ?? false }.map(\.1).joined(separator: ",")
        case .birthYearDigit:
            return (gate.digits?[day.weekday] ?? []).map(String.init).joined(separator: ",")
        }
    }

    /// The reason a card cannot buy on `day`, or nil when its gate opens.
    func gateReason(card index: Int, _ card: Card, in visit: Visit, on day: CivilDay, history: [Purchase]) -> Reason? {
        guard let gate = policy.dayGate, gateApplies(to: card.person, channel: visit.channel, on: day) else { return nil }
        let byProxy = card.person.key != visit.holder.key
        let subject = byProxy ? policy.proxy?.gateSubject ?? .beneficiary : .beneficiary
        let subjects: [Cardholder] = switch subject {
        case .beneficiary: [card.person]
        case .proxy: [visit.holder]
        case .either: [card.person, visit.holder]
        }
        if subjects.contains(where: { gateOpens(on: day, for: $0, before: visit.at, history: history) }) { return nil }
        var reason = Reason(.dayGate)
        (reason.card, reason.subject, reason.todayFor) = (index, byProxy ? subject : nil, servedOn(day, gate))
        reason.days = Weekday.allCases.filter { weekday in
            gate.openToAll.contains(weekday) || subjects.contains { serves(weekday, $0, gate) }
        }
        return reason
    }
}
