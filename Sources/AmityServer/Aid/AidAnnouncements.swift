import AmityCore
import Fluent
import Foundation

/// What mutual aid tells the live feed: needs and offers posted, and every step of a pledge.
extension AuditTrail {
    func announceNeed(_ need: NeedRecord) async throws {
        try await publish(LiveItem(
            kind: .need,
            title: .fact(Fact("live_need", ["city": .city(need.cityID), "quantity": .number(need.quantity), "item": .item(need.item)])),
            summary: .fact(Fact("live_need_urgency", ["urgency": .number(Int64(need.urgency)), "note": .text(need.deliveryNote ?? "")])),
            link: "/aid#need-\(need.id ?? 0)", cityID: need.cityID))
    }

    func announceOffer(_ offer: OfferRecord) async throws {
        try await publish(LiveItem(
            kind: .offer,
            title: .fact(Fact("live_offer", ["city": .city(offer.cityID), "quantity": .number(offer.quantity), "item": .item(offer.item)])),
            summary: .fact(Fact(offer.partnersOnly ? "live_offer_partners" : "live_offer_anyone")),
            link: "/aid#offer-\(offer.id ?? 0)", cityID: offer.cityID))
    }

    /// A pledge made or moved on; it appears under both cities, and its cities' officers hear of it.
    func announcePledge(_ pledge: PledgeRecord, step: String) async throws {
        let values: [String: Fact.Value] = [
            "donor": .city(pledge.donorCityID), "recipient": .city(pledge.recipientCityID), "quantity": .number(pledge.quantity),
            "item": .item(pledge.item), "received": .number(pledge.received), "id": .number(Int64(pledge.id ?? 0)),
            "status": .word(prefix: "pledge_status", value: pledge.status.rawValue), "mode": .text(pledge.mode ?? "?"),
            "waybill": .text(pledge.waybill ?? ""), "reason": .text(pledge.cancelReason ?? ""),
        ]
        let title = Fact(step == "create" ? "live_pledge_made" : step == "deliver" ? "live_pledge_received" : "live_pledge_moved", values)
        let summaryKey = switch step {
        case "ship": pledge.waybill == nil ? "live_pledge_shipped" : "live_pledge_shipped_waybill"
        case "cancel": "live_pledge_cancelled"
        default: "live_pledge_summary"
        }
        let summary = Fact(summaryKey, values)
        try await publish(LiveItem(kind: .pledge, title: .fact(title), summary: .fact(summary), link: "/pledges/\(pledge.id ?? 0)",
                                   cityID: pledge.donorCityID, topics: [.city(pledge.recipientCityID)]))
        try await notify(Notice(kind: .pledgeStep, facts: ["title": title, "summary": summary], link: "/pledges/\(pledge.id ?? 0)"),
                         to: Audience(officersOf: [pledge.donorCityID, pledge.recipientCityID]))
    }
}

extension AuditTrail {
    /// A gift to a campaign, under both cities; the giver is named only with their consent.
    func announceGift(_ gift: ContributionRecord, to campaign: CampaignRecord) async throws {
        let values: [String: Fact.Value] = [
            "city": .city(campaign.cityID), "beneficiary": .city(campaign.beneficiaryCityID), "amount": .number(gift.amount),
            "currency": .text(campaign.currency), "campaign": .text(campaign.title), "giver": .text(gift.publicCredit ? gift.giver : ""),
        ]
        try await publish(LiveItem(
            kind: .gift,
            title: .fact(Fact("live_gift", values)),
            summary: .fact(Fact(gift.publicCredit ? "live_gift_giver" : "live_gift_unnamed", values)),
            link: "/campaigns/\(campaign.id ?? 0)", cityID: campaign.cityID, topics: [.city(campaign.beneficiaryCityID)]))
    }
}
