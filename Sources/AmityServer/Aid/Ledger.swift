import AmityCore
import Foundation

/// The public ledger: pledges that left their donor (shipped, delivered, closed) and gifts of
/// money to campaigns, as JSON or as CSV with HXL hashtags, so humanitarian tools read it as it is.
/// A gift's giver is in it only where they agreed to be named.
enum Ledger {
    static let statuses: [PledgeStatus] = [.shipped, .delivered, .closed]

    /// The column names and the HXL hashtag row: HXL 1.1 core hashtags and attributes only. Cities
    /// are places the help left (`+origin`) and reached (`+dest`); goods count in `#output+num`,
    /// money in `#value+transfer` with its `#currency`, the giver of money is `#org+funder`.
    static let header = "record,donor city,donor country,recipient city,recipient country,item,quantity,received,status,date,giver,currency,amount\r\n"
        + "#meta+id,#loc+name+origin,#country+code+v_iso2+origin,#loc+name+dest,#country+code+v_iso2+dest,#item+code,#output+num,#output+num+provided,#status,#date,#org+funder+name,#currency,#value+transfer\r\n"

    /// One CSV line per pledge, its record the pledge's id.
    static func rows(_ pledges: [PledgeDTO]) -> String {
        pledges.map { p in
            line([String(p.id), p.donor.name, p.donor.country, p.recipient.name, p.recipient.country, p.item, String(p.quantity),
                  String(p.received), p.status.rawValue, CalendarDay.text(p.updatedAt), "", "", ""])
        }.joined()
    }

    /// One CSV line per gift (`gift-ID`): from the campaign's city to its beneficiary, the amount
    /// in its currency, the giver only where they agreed.
    static func rows(_ gifts: [GiftDTO]) -> String {
        gifts.map { g in
            line(["gift-\(g.id)", g.city.name, g.city.country, g.beneficiary.name, g.beneficiary.country, "", "", "",
                  "given", CalendarDay.text(g.at), g.giver ?? "", g.currency, String(g.amount)])
        }.joined()
    }

    private static func line(_ fields: [String]) -> String { fields.map(CSV.field).joined(separator: ",") + "\r\n" }
}
