import AmityCore
import Fluent
import Foundation

/// Reads the ledger as IATI activities: each pledge of goods that left its donor, and each
/// campaign with the gifts of money it raised, with a city's identifier built from its GeoNames id.
struct AidActivityRecord {
    let db: any Database
    let baseURL: String

    /// The pledges that are aid on record: promised by both cities (an announcement, when a source
    /// reports no more) or sent.
    static let statuses: [PledgeStatus] = [.confirmed] + Ledger.statuses

    /// Who publishes: this instance of Amity, as a secondary reporter.
    static let publisher = IATIActivities.Organisation(ref: "AMITY", type: "90", name: "Amity: the open record of city cooperation")

    /// The activities, oldest first; with `cityID`, only those the city gave or received.
    func activities(cityID: Int?) async throws -> [IATIActivities.Activity] {
        var pledges = PledgeRecord.query(on: db).filter(\.$status ~~ Self.statuses)
        var campaigns = CampaignRecord.query(on: db)
        if let cityID {
            pledges = pledges.group(.or) { $0.filter(\.$donorCityID == cityID).filter(\.$recipientCityID == cityID) }
            campaigns = campaigns.group(.or) { $0.filter(\.$cityID == cityID).filter(\.$beneficiaryCityID == cityID) }
        }
        let goods = try await pledges.sort(\.$createdAt).sort(\.$id).all()
        let money = try await campaigns.sort(\.$id).all()
        let cityIDs = Set(goods.flatMap { [$0.donorCityID, $0.recipientCityID] } + money.flatMap { [$0.cityID, $0.beneficiaryCityID] })
        let cities = Dictionary(uniqueKeysWithValues: try await City.query(on: db).filter(\.$id ~~ cityIDs).all().map { ($0.id ?? 0, $0) })
        let gifts = Dictionary(grouping: try await ContributionRecord.query(on: db).filter(\.$campaignID ~~ money.compactMap(\.id)).sort(\.$at).all(), by: \.campaignID)
        func organisation(_ id: Int) -> IATIActivities.Organisation {
            .init(ref: "AMITY-city-\(id)", name: cities[id].map { "\($0.name) (\($0.countryCode))" } ?? "City \(id)")
        }
        let goodsActivities = try goods.map { pledge -> IATIActivities.Activity in
            let id = try pledge.requireID()
            let donor = organisation(pledge.donorCityID), recipient = organisation(pledge.recipientCityID)
            let started = CalendarDay.text(pledge.createdAt), moved = CalendarDay.text(pledge.updatedAt)
            let what = "\(pledge.quantity) \(pledge.item)"
            return .init(key: "pledge-\(id)", title: "\(what) from \(donor.name) to \(recipient.name)",
                         description: [pledge.note, "A gift in kind of \(what); \(pledge.received) received. No money value is recorded."].compactMap { $0 }.joined(separator: " "),
                         donor: donor, recipient: recipient, recipientCountry: cities[pledge.recipientCityID]?.countryCode ?? "",
                         status: Self.status(pledge.status), started: started, ended: pledge.status == .closed ? moved : nil,
                         lastUpdated: Self.timestamp(pledge.updatedAt), currency: nil,
                         transactions: [.init(type: 2, day: started, value: nil, currency: nil, description: "Pledged: \(what), in kind.")]
                            + (pledge.status == .confirmed ? [] : [.init(type: 3, day: moved, value: nil, currency: nil, description: "Sent: \(what), in kind; \(pledge.received) received.")]),
                         link: baseURL + "/api/v1/pledges/\(id)")
        }
        let moneyActivities = try money.compactMap { campaign -> IATIActivities.Activity? in
            let id = try campaign.requireID()
            guard let given = gifts[id], let first = given.first, let last = given.last else { return nil }
            let donor = organisation(campaign.cityID), recipient = organisation(campaign.beneficiaryCityID)
            return .init(key: "campaign-\(id)", title: campaign.title,
                         description: [campaign.note, "Money raised by \(donor.name) for \(recipient.name) in \(given.count) gifts."].compactMap { $0 }.joined(separator: " "),
                         donor: donor, recipient: recipient, recipientCountry: cities[campaign.beneficiaryCityID]?.countryCode ?? "",
                         status: 2, started: CalendarDay.text(first.at), ended: nil, lastUpdated: Self.timestamp(last.at), currency: campaign.currency,
                         transactions: given.map { gift in
                            .init(type: 3, day: CalendarDay.text(gift.at), value: gift.amount, currency: campaign.currency,
                                  description: gift.publicCredit ? "Given by \(gift.giver)." : "Given by a giver who asked not to be named.")
                         }, link: baseURL + "/api/v1/campaigns/\(id)")
        }
        return goodsActivities + moneyActivities
    }

    /// The ActivityStatus code of a pledge's step.
    static func status(_ status: PledgeStatus) -> Int {
        switch status {
        case .closed: 4
        case .delivered: 3
        case .confirmed: 1
        default: 2
        }
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
    }
}
