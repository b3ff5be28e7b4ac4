import AmityCore
import Foundation

/// The public ledger: pledges that left their donor (shipped, delivered, closed) and gifts of
/// money to campaigns, as JSON or as CSV with HXL hashtags, so humanitarian tools read it as it is.
/// A gift's giver is in it only where they agreed to be named.
enum Ledger {
    static let statuses: [PledgeStatus] = [.shipped, .delivered, .closed]

    /// The column names and the HXL hashtag row.
    static let header = "record,donor city,donor country,recipient city,recipient country,item,quantity,received,status,date,giver\r\n"
        + "#meta+id,#org+donor,#country+code+donor,#org+recipient,#country+code+recipient,#item+name,#item+qty,#item+qty+received,#status,#date,#org+funder\r\n"

    /// One CSV line per pledge, its record the pledge's id.
    static func rows(_ pledges: [PledgeDTO]) -> String {
        pledges.map { p in
            line([String(p.id), p.donor.name, p.donor.country, p.recipient.name, p.recipient.country, p.item, String(p.quantity),
                  String(p.received), p.status.rawValue, CalendarDay.text(p.updatedAt), ""])
        }.joined()
    }

    /// One CSV line per gift (`gift-ID`): from the campaign's city to its beneficiary, the item
    /// the currency as money (`money-usd`), the giver only where they agreed.
    static func rows(_ gifts: [GiftDTO]) -> String {
        gifts.map { g in
            line(["gift-\(g.id)", g.city.name, g.city.country, g.beneficiary.name, g.beneficiary.country, "money-\(g.currency.lowercased())",
                  String(g.amount), String(g.amount), "given", CalendarDay.text(g.at), g.giver ?? ""])
        }.joined()
    }

    private static func line(_ fields: [String]) -> String { fields.map(CSV.field).joined(separator: ",") + "\r\n" }
}
