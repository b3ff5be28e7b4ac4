import AmityCore
import Fluent
import Foundation

/// Why a national rule stops a city sending what it offered: the rule, how much an exception still
/// allows, and what else the city has on offer that no rule stops. The API says it in English in
/// its 409; a page words it in the reader's language from these values.
struct RuleRefusal: Sendable {
    /// Another offer of the donor's that it may send.
    struct Instead: Sendable, Encodable {
        var offer: Int
        var item: String
        var available: Int64
    }

    var rule: NationalRule
    var donor: Int
    var donorName: String
    /// The donor's name in each language the gazetteer knows, for a page to word the refusal.
    var donorNames: [String: String]
    var item: String
    /// What the city may still send under an exception to the rule; nil where it holds none.
    var leeway: Int64?
    var instead: [Instead]

    /// The refusal of pledging `quantity` of `offer` at `now`, or nil if no rule stands in the way.
    /// Replaying a past day, only the exceptions granted and the pledges made by then count.
    static func find(offer: OfferRecord, quantity: Int64, on db: any Database, at now: Date, replaying: Bool = false) async throws -> RuleRefusal? {
        guard let donor = try await City.find(offer.cityID, on: db), let country = try? CountryCode(donor.countryCode),
              let item = try? Catalogue.item(offer.item) else { return nil }
        let rules = try await NationalRules.inForce(country: donor.countryCode, on: db, at: now)
        let blocking = rules.filter { $0.blocks(item, from: country, on: now) }
        guard !blocking.isEmpty else { return nil }
        let leeway = try await NationalRules.leeway(under: blocking, for: offer.cityID, on: db, asOf: replaying ? now : nil)
        guard let rule = blocking.first(where: { (leeway[$0.id] ?? 0) < quantity }) else { return nil }
        let open = try await OfferRecord.query(on: db).filter(\.$cityID == offer.cityID).filter(\.$status == .open).sort(\.$id).all()
        let instead = open.filter { other in
            guard other.id != offer.id, other.quantity > other.committed, let otherItem = try? Catalogue.item(other.item) else { return false }
            return !rules.contains { $0.blocks(otherItem, from: country, on: now) }
        }.map { Instead(offer: $0.id ?? 0, item: $0.item, available: $0.quantity - $0.committed) }
        let names = try await CityDirectory(database: db).cityRefs(ids: [offer.cityID])[offer.cityID]?.names ?? [:]
        return RuleRefusal(rule: rule, donor: offer.cityID, donorName: donor.name, donorNames: names, item: offer.item, leeway: leeway[rule.id], instead: instead)
    }

    /// The refusal in English, for the API's problem and the log.
    var english: String {
        var text = "\(rule.title) (national rule \(rule.id), \(rule.kind.rawValue)) stops \(donorName) sending \(item)"
        if let leeway { text += leeway > 0 ? " beyond the \(leeway) its exception still allows" : "; its exception is used up" }
        text += ". "
        text += instead.isEmpty ? "\(donorName) has no other open offer it may send."
            : "\(donorName) could send instead: " + instead.map { "\($0.item) (\($0.available) available, offer \($0.offer))" }.joined(separator: "; ") + "."
        return text
    }
}
