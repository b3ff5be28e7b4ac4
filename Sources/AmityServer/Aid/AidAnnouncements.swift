import AmityCore
import Fluent
import Foundation

/// What mutual aid tells the live feed: needs and offers posted, and every step of a pledge.
extension AuditTrail {
    func announceNeed(_ need: NeedRecord) async throws {
        let city = try await cityName(need.cityID)
        try await publish(LiveItem(kind: .need, title: "\(city) needs \(need.quantity) × \(itemName(need.item))",
                                   summary: "Urgency \(need.urgency) of 5." + (need.deliveryNote.map { " " + $0 } ?? ""),
                                   link: "/aid#need-\(need.id ?? 0)", cityID: need.cityID))
    }

    func announceOffer(_ offer: OfferRecord) async throws {
        let city = try await cityName(offer.cityID)
        try await publish(LiveItem(kind: .offer, title: "\(city) offers \(offer.quantity) × \(itemName(offer.item))",
                                   summary: offer.partnersOnly ? "For its sister and friendship cities." : "For any city.",
                                   link: "/aid#offer-\(offer.id ?? 0)", cityID: offer.cityID))
    }

    /// A pledge made or moved on; it appears under both cities.
    func announcePledge(_ pledge: PledgeRecord, step: String) async throws {
        let donor = try await cityName(pledge.donorCityID), recipient = try await cityName(pledge.recipientCityID)
        let what = "\(pledge.quantity) × \(itemName(pledge.item))"
        let title = switch step {
        case "create": "\(donor) pledges \(what) to \(recipient)"
        case "deliver": "\(recipient) received \(pledge.received) of \(what) from \(donor)"
        default: "\(donor) → \(recipient): \(what) \(pledge.status)"
        }
        var summary = "Pledge \(pledge.id ?? 0) is \(pledge.status)."
        if step == "ship" { summary += " Sent by \(pledge.mode ?? "?")" + (pledge.waybill.map { ", waybill \($0)" } ?? "") + "." }
        if step == "cancel", let reason = pledge.cancelReason { summary += " " + reason }
        try await publish(LiveItem(kind: .pledge, title: title, summary: summary, link: "/pledges/\(pledge.id ?? 0)",
                                   cityID: pledge.donorCityID, topics: [.city(pledge.recipientCityID)]))
        try await notify(Notice(kind: .pledgeStep, values: ["title": title, "summary": summary], link: "/pledges/\(pledge.id ?? 0)"),
                         to: Audience(officersOf: [pledge.donorCityID, pledge.recipientCityID]))
    }

    private func cityName(_ id: Int) async throws -> String {
        try await City.find(id, on: db)?.name ?? "City \(id)"
    }

    private func itemName(_ code: String) -> String {
        Catalogue.name(of: code)
    }
}
