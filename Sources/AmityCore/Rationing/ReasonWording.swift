import Foundation

/// Reasons and classes as sentences in the reader's language, from the message catalogue
/// (`ration_reason_<code>` and the words they name).
public struct RationWording: Sendable {
    private let catalogue: MessageCatalogue
    private let language: Language
    private let dates: DateWording

    public init(catalogue: MessageCatalogue, language: Language) {
        (self.catalogue, self.language) = (catalogue, language)
        dates = DateWording(catalogue: catalogue, language: language)
    }

    /// The name of a class of goods (`adult` → "adult masks"), or the class itself.
    public func className(_ name: String) -> String { catalogue.word("ration_class", name, in: language) }

    /// A day as the reader writes it.
    public func day(_ day: CivilDay) -> String {
        let (year, month, dayOfMonth) = day.parts
        return dates.day(year: year, month: month, day: dayOfMonth)
    }

    /// Weekdays as a list in running text.
    public func days(_ days: [Weekday]) -> String {
        days.map { catalogue.text("weekday_\($0.rawValue)", in: language) }.joined(separator: language.listSeparator)
    }

    /// Every reason of a decision, one sentence each; a card is named when the visit held several.
    public func sentences(_ decision: RationDecision, cards: Int) -> [String] {
        decision.reasons.map { sentence($0, cards: cards) }
    }

    /// One reason as a sentence.
    public func sentence(_ reason: Reason, cards: Int = 1) -> String {
        var values: [String: String] = [
            "class": reason.class.map(className) ?? "",
            "pool": reason.pool.map { catalogue.word("ration_class", $0, in: language) } ?? "",
            "quota": reason.quota ?? "",
            "used": reason.used.map(number) ?? "", "asked": reason.asked.map(number) ?? "", "max": reason.max.map(number) ?? "",
            "windowEnds": reason.windowEnds.map(day) ?? "", "windowStarts": reason.windowStarts.map(day) ?? "",
            "document": reason.document.map { catalogue.word("ration_document", $0, in: language) } ?? "",
            "channel": reason.channel.map { catalogue.word("ration_channel", $0, in: language) } ?? "",
            "cohort": reason.cohort.map { catalogue.word("ration_cohort", $0, in: language) } ?? "",
            "days": days(reason.days ?? []),
            "subject": reason.subject.map { catalogue.word("ration_subject", $0.rawValue, in: language) } ?? "",
        ]
        values["todayFor"] = todayFor(reason.todayFor ?? "")
        var key = "ration_reason_\(reason.code.rawValue)"
        if reason.code == .dayGate && reason.subject != nil { key += "_proxy" }
        if reason.code == .proxyLimit && reason.cohort != nil { key += "_cohort" }
        if reason.code == .limit && reason.used == 0 { key += "_alone" }
        let text = catalogue.text(key, in: language, values)
        guard let card = reason.card, cards > 1 else { return text }
        return catalogue.text("ration_card", in: language, ["card": number(card + 1), "text": text])
    }

    private func todayFor(_ served: String) -> String {
        switch served {
        case "odd", "even", "nothingBoughtThisWeek": return catalogue.text("ration_today_\(served)", in: language)
        case "": return catalogue.text("ration_today_nobody", in: language)
        default: return catalogue.text("ration_today_digits", in: language, ["digits": served.replacingOccurrences(of: ",", with: language.listSeparator)])
        }
    }

    private func number(_ value: Int) -> String { Amount.grouped(Int64(value)) }
}
