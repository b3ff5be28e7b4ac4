import AmityCore
import Fluent
import Foundation

/// The paper's flows of help in 2020 as a closed ledger, Taiwan's central control of masks as a
/// rule, and Taichung's substitutes as open offers.
///
/// Quantities are the sources' where they give one (Shenzhen's 270,000 masks, Suao's 3,200);
/// a gift whose source names none is one consignment. Shenzhen's masks are split evenly between
/// the two sister cities on record, which the source does not detail. Taichung's open offers
/// are illustrative quantities for the demo.
enum DemoAid {
    struct Gift {
        var from: Int, to: Int, item: String, quantity: Int64, on: String, note: String
    }

    static let gifts: [Gift] = [
        Gift(from: 1_795_565, to: 4_699_066, item: "mask-surgical-adult", quantity: 135_000, on: "2020-03-19", note: "Half of the 270,000 masks Shenzhen gave its sister cities (China Daily, 19 March 2020)."),
        Gift(from: 1_795_565, to: 2_174_003, item: "mask-surgical-adult", quantity: 135_000, on: "2020-03-19", note: "Half of the 270,000 masks Shenzhen gave its sister cities (China Daily, 19 March 2020)."),
        Gift(from: 1_816_670, to: 1_835_848, item: "ppe-consignment", quantity: 1, on: "2020-03-13", note: "Beijing's medical supplies for Seoul (China Daily, 13 March 2020)."),
        Gift(from: 1_816_670, to: 112_931, item: "ppe-consignment", quantity: 1, on: "2020-03-13", note: "Beijing's medical supplies for Tehran (China Daily, 13 March 2020)."),
        Gift(from: 1_816_670, to: 1_850_147, item: "ppe-consignment", quantity: 1, on: "2020-03-13", note: "Beijing's medical supplies for Tokyo (China Daily, 13 March 2020)."),
        Gift(from: 1_793_505, to: 4_920_423, item: "ppe-consignment", quantity: 1, on: "2020-04-08", note: "Masks from Fort Wayne's Chinese sister city (WANE, 8 April 2020)."),
        Gift(from: 12_908_892, to: 4_508_722, item: "ppe-consignment", quantity: 1, on: "2020-04-20", note: "A big shipment of PPE for Cincinnati (WKRC, 20 April 2020)."),
        Gift(from: 900_000_001, to: 1_861_416, item: "mask-surgical-adult", quantity: 3_200, on: "2020-04-20", note: "3,200 masks when Ishigaki confirmed its first cases (ETtoday, 20 April 2020)."),
        Gift(from: 1_674_199, to: 4_367_175, item: "ppe-consignment", quantity: 1, on: "2020-04-24", note: "Yilan City's medical supplies for Rockville (Taiwan News, 24 April 2020)."),
    ]

    static func load(into database: any Database, now: Date) async throws {
        try await database.transaction { db in
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            for code in ["mask-surgical-adult", "mask-surgical-child"] {
                let rule = RuleRecord()
                (rule.countryCode, rule.item, rule.kind) = ("TW", code, RuleKind.centrallyControlled.rawValue)
                (rule.from, rule.until) = (day.date(from: "2020-01-24")!, day.date(from: "2020-06-01")!)
                rule.source = "https://ampheros.com/the-mask-distribution-program-in-taiwan/"
                rule.title = "Taiwan's central government controls the distribution of masks"
                try await rule.create(on: db)
            }
            for gift in gifts {
                let at = day.date(from: gift.on)!
                let pledge = PledgeRecord()
                (pledge.donorCityID, pledge.recipientCityID, pledge.item, pledge.quantity) = (gift.from, gift.to, gift.item, gift.quantity)
                (pledge.status, pledge.received, pledge.note, pledge.createdAt, pledge.updatedAt) = (PledgeStatus.closed, gift.quantity, gift.note, at, at)
                try await pledge.create(on: db)
            }
            // Taichung could not send masks, so it offered sanitised water and advice instead.
            for (item, quantity) in [("sanitised-water", Int64(20_000)), ("expert-advice", Int64(30))] {
                let offer = OfferRecord()
                (offer.cityID, offer.item, offer.quantity, offer.committed, offer.partnersOnly, offer.status, offer.confirmedAt, offer.createdAt) =
                    (1_668_399, item, quantity, 0, false, PostingStatus.open, now, now)
                try await offer.create(on: db)
            }
        }
    }
}
