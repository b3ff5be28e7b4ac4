import AmityCore
import Fluent
import Foundation
import Vapor

/// The paper's flows of help in 2020 as a closed ledger, Taiwan's central control of masks as a
/// rule (with the leave, by whom not known, that let Suao's masks reach Ishigaki), and the open
/// needs and offers of CityNet's members in April 2020 from which the demo plan is made, and a
/// campaign of money (illustrative) by Houston for its sister city Shenzhen.
///
/// Quantities are the sources' where they give one (Suao's 3,200 masks); a gift whose source names
/// none is one consignment. A gift a source only announces ("to donate") is recorded as promised,
/// not as received; Shenzhen's 270,000 masks, whose recipients no source names, are a sourced
/// fact (Data/demo/evidence.json), never pairs Amity would have to invent. The open needs and offers
/// are illustrative, and each says so in its note: the paper tells that Taichung's partners asked
/// for masks it could not send and that it offered sanitised water and advice instead, but gives
/// no figures. They are dated in April 2020 and confirmed when seeded, so they stand on today's
/// board too; the demo plan replays 15 April 2020 (`planDay`).
enum DemoAid {
    struct Gift {
        var from: Int, to: Int, item: String, quantity: Int64, on: String, note: String
        /// Closed (received) where a source reports the help arriving; confirmed where it only announces it.
        var status = PledgeStatus.closed
    }

    static let gifts: [Gift] = [
        Gift(from: 1_816_670, to: 1_835_848, item: "ppe-consignment", quantity: 1, on: "2020-03-13", note: "Medical supplies Beijing announced it would donate to Seoul (China Daily, 13 March 2020); no source reports their arrival.", status: .confirmed),
        Gift(from: 1_816_670, to: 112_931, item: "ppe-consignment", quantity: 1, on: "2020-03-13", note: "Medical supplies Beijing announced it would donate to Tehran (China Daily, 13 March 2020); no source reports their arrival.", status: .confirmed),
        Gift(from: 1_816_670, to: 1_850_147, item: "ppe-consignment", quantity: 1, on: "2020-03-13", note: "Medical supplies Beijing announced it would donate to Tokyo (China Daily, 13 March 2020); no source reports their arrival.", status: .confirmed),
        Gift(from: 1_793_505, to: 4_920_423, item: "ppe-consignment", quantity: 1, on: "2020-04-08", note: "Masks from Fort Wayne's Chinese sister city (WANE, 8 April 2020)."),
        Gift(from: 12_908_892, to: 4_508_722, item: "ppe-consignment", quantity: 1, on: "2020-04-20", note: "A big shipment of PPE for Cincinnati (WKRC, 20 April 2020)."),
        Gift(from: 900_000_001, to: 1_861_416, item: "mask-surgical-adult", quantity: 3_200, on: "2020-04-20", note: "3,200 masks when two new cases were diagnosed in Ishigaki (ETtoday, 20 April 2020)."),
        Gift(from: 1_674_199, to: 4_367_175, item: "ppe-consignment", quantity: 1, on: "2020-04-24", note: "Yilan City's medical supplies for Rockville (Taiwan News, 24 April 2020)."),
    ]

    /// An open need or offer of the demo, posted on `on`.
    struct Posting {
        var city: Int, item: String, quantity: Int64, on: String, note: String
        var urgency = 3
    }

    private static let illustrative = "Illustrative: the paper gives no figure."
    private static let taichung = "Taichung's partner cities asked it for masks; under the central government's control of masks it could not send them, and offered sanitised water and advice on control and prevention instead (Taichung City Government, interview, 5 April 2020)."

    static let offers: [Posting] = [
        Posting(city: 1_668_399, item: "mask-surgical-adult", quantity: 50_000, on: "2020-04-06", note: "\(illustrative) \(taichung)"),
        Posting(city: 1_668_399, item: "sanitised-water", quantity: 20_000, on: "2020-04-06", note: "\(illustrative) \(taichung)"),
        Posting(city: 1_668_399, item: "expert-advice", quantity: 30, on: "2020-04-06", note: "\(illustrative) \(taichung)"),
        Posting(city: 1_796_236, item: "test-kit", quantity: 20_000, on: "2020-04-08", note: illustrative),
        Posting(city: 1_835_848, item: "test-kit", quantity: 20_000, on: "2020-04-08", note: illustrative),
        Posting(city: 1_799_962, item: "gown", quantity: 25_000, on: "2020-04-09", note: illustrative),
    ]

    static let needs: [Posting] = [
        Posting(city: 1_848_354, item: "mask-surgical-adult", quantity: 100_000, on: "2020-04-10", note: illustrative, urgency: 4),
        Posting(city: 1_848_354, item: "sanitised-water", quantity: 10_000, on: "2020-04-10", note: illustrative),
        Posting(city: 1_848_354, item: "expert-advice", quantity: 10, on: "2020-04-10", note: illustrative),
        Posting(city: 1_848_354, item: "test-kit", quantity: 10_000, on: "2020-04-10", note: illustrative, urgency: 4),
        Posting(city: 1_791_247, item: "gown", quantity: 30_000, on: "2020-04-11", note: illustrative, urgency: 4),
        Posting(city: 1_800_163, item: "gown", quantity: 20_000, on: "2020-04-11", note: illustrative, urgency: 4),
    ]

    /// A gift to the demo campaign, and whether its giver agreed to be named.
    struct Donation {
        var amount: Int64, giver: String, named: Bool, on: String
    }

    /// US cities raised money for their Chinese partners in 2020; the paper names neither city nor sum.
    static let campaignNote = "Illustrative: the paper tells that a few US cities raised money for their Chinese partners in 2020, but names no city and no sum. This campaign, its target and its gifts are made up for the demo."
    static let donations: [Donation] = [
        Donation(amount: 12_000, giver: "Houston residents (illustrative)", named: true, on: "2020-02-10"),
        Donation(amount: 5_000, giver: "Illustrative giver who asked not to be named", named: false, on: "2020-02-14"),
        Donation(amount: 8_500, giver: "Another illustrative giver, unnamed", named: false, on: "2020-02-20"),
    ]

    /// The day the demo plan is made as of, and how it shares what is short.
    static let planDay = "2020-04-15", planMode = AllocationMode.maxMinFair

    static func load(into database: any Database, now: Date) async throws {
        try await database.transaction { db in
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            var adultMasks: Int?
            for code in ["mask-surgical-adult", "mask-surgical-child"] {
                let rule = RuleRecord()
                (rule.countryCode, rule.item, rule.kind) = ("TW", code, RuleKind.centrallyControlled.rawValue)
                (rule.from, rule.until) = (day.date(from: "2020-01-24")!, day.date(from: "2020-06-01")!)
                rule.source = "https://ampheros.com/the-mask-distribution-program-in-taiwan/"
                rule.title = "Taiwan's central government controls the distribution of masks"
                try await rule.create(on: db)
                adultMasks = adultMasks ?? rule.id
            }
            // Suao's 3,200 masks reached Ishigaki under the rule; no source says who allowed it.
            let leave = RuleExceptionRecord()
            (leave.ruleID, leave.cityID, leave.quantity, leave.createdAt) = (adultMasks ?? 0, 900_000_001, 3_200, now)
            leave.source = "https://www.ettoday.net/news/20200420/1695705.htm"
            leave.note = "Suao's 3,200 masks reached its sister city Ishigaki in April 2020, while the central government controlled masks. How they were allowed is not known."
            try await leave.create(on: db)
            for gift in gifts {
                let at = day.date(from: gift.on)!
                let pledge = PledgeRecord()
                (pledge.donorCityID, pledge.recipientCityID, pledge.item, pledge.quantity) = (gift.from, gift.to, gift.item, gift.quantity)
                (pledge.status, pledge.received, pledge.note, pledge.createdAt, pledge.updatedAt) = (gift.status, gift.status == .closed ? gift.quantity : 0, gift.note, at, at)
                try await pledge.create(on: db)
            }
            // Houston raised money for its sister city Shenzhen (illustrative, see `campaignNote`).
            let campaign = CampaignRecord()
            (campaign.cityID, campaign.beneficiaryCityID, campaign.title, campaign.target, campaign.currency) =
                (4_699_066, 1_795_565, "Houston for its sister city Shenzhen", 50_000, "USD")
            (campaign.createdAt, campaign.note) = (day.date(from: "2020-02-07")!, campaignNote)
            try await campaign.create(on: db)
            for donation in donations {
                let gift = ContributionRecord()
                (gift.campaignID, gift.amount, gift.giver, gift.publicCredit, gift.at) =
                    (try campaign.requireID(), donation.amount, donation.giver, donation.named, day.date(from: donation.on)!)
                try await gift.create(on: db)
            }
            for posting in offers {
                let offer = OfferRecord()
                (offer.cityID, offer.item, offer.quantity, offer.committed, offer.partnersOnly, offer.status) =
                    (posting.city, posting.item, posting.quantity, 0, false, PostingStatus.open)
                (offer.confirmedAt, offer.createdAt, offer.note) = (now, day.date(from: posting.on)!, posting.note)
                try await offer.create(on: db)
            }
            for posting in needs {
                let need = NeedRecord()
                (need.cityID, need.item, need.quantity, need.urgency, need.status) = (posting.city, posting.item, posting.quantity, posting.urgency, .open)
                (need.confirmedAt, need.createdAt, need.note) = (now, day.date(from: posting.on)!, posting.note)
                try await need.create(on: db)
            }
        }
    }

    /// The demo plan: CityNet's members as of `planDay`, asked for by CityNet's secretariat.
    static func makePlan(on app: Application) async throws {
        guard let person = try await Person.query(on: app.db).filter(\.$email == "secretariat@citynet.example").first()?.id,
              let asOf = try AidPlanner.asOf(planDay, now: app.clock.now()) else { return }
        let prepared = try await AidPlanner(database: app.db, now: asOf, config: app.amity, replaying: true).prepare(.network("citynet"))
        let plan = try await Allocator.plan(prepared.input, mode: planMode)
        _ = try await app.transaction(personID: person) { trail in
            try await Plans.save(plan, scope: .network("citynet"), asOf: asOf, madeBy: person, trail: trail)
        }
    }
}
