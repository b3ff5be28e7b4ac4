/// Aid given between cities as IATI 2.03 activity XML (iati-activities), valid against the
/// IATI schema: each gift (a pledge of goods, or a campaign's gifts of money) one activity with
/// its transactions. Amity publishes as a secondary reporter: it records what cities did and
/// is not the cities itself.
public enum IATIActivities {
    /// An organisation as IATI names it: an identifier, a type from the OrganisationType codelist
    /// (11 local government) and a name.
    public struct Organisation: Sendable, Hashable {
        public var ref: String
        public var type: String
        public var name: String
        public init(ref: String, type: String = "11", name: String) { (self.ref, self.type, self.name) = (ref, type, name) }
    }

    /// One transaction of the TransactionType codelist: 2 outgoing commitment, 3 disbursement.
    public struct Transaction: Sendable, Hashable {
        public var type: Int
        public var day: String
        /// Money in the currency's whole units; nil for goods, whose worth no record gives.
        public var value: Int64?
        public var currency: String?
        public var description: String
        public init(type: Int, day: String, value: Int64?, currency: String?, description: String) {
            (self.type, self.day, self.value, self.currency, self.description) = (type, day, value, currency, description)
        }
    }

    /// One gift, from a donor city to a recipient city.
    public struct Activity: Sendable, Hashable {
        /// Unique within the publisher (`pledge-12`, `campaign-3`).
        public var key: String
        public var title: String
        public var description: String
        public var donor: Organisation
        public var recipient: Organisation
        public var recipientCountry: String
        /// The ActivityStatus codelist: 2 implementation, 3 finalisation, 4 closed.
        public var status: Int
        public var started: String
        public var ended: String?
        public var lastUpdated: String
        public var currency: String?
        public var transactions: [Transaction]
        /// Where the record is read in full.
        public var link: String?
        public init(key: String, title: String, description: String, donor: Organisation, recipient: Organisation, recipientCountry: String,
                    status: Int, started: String, ended: String?, lastUpdated: String, currency: String?, transactions: [Transaction], link: String?) {
            (self.key, self.title, self.description, self.donor, self.recipient) = (key, title, description, donor, recipient)
            (self.recipientCountry, self.status, self.started, self.ended, self.lastUpdated) = (recipientCountry, status, started, ended, lastUpdated)
            (self.currency, self.transactions, self.link) = (currency, transactions, link)
        }
    }

    /// The document; `generated` and every `lastUpdated` are ISO 8601 date-times.
    public static func document(_ activities: [Activity], publisher: Organisation, generated: String) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<iati-activities version="2.03" generated-datetime="\#(generated)">"# + "\n"
        for activity in activities {
            let currency = activity.currency.map { #" default-currency="\#(escape($0))""# } ?? ""
            out += #"  <iati-activity last-updated-datetime="\#(activity.lastUpdated)" xml:lang="en"\#(currency) humanitarian="1">"# + "\n"
            out += "    <iati-identifier>\(escape(publisher.ref + "-" + activity.key))</iati-identifier>\n"
            out += #"    <reporting-org ref="\#(escape(publisher.ref))" type="\#(publisher.type)" secondary-reporter="1">\#(narrative(publisher.name))</reporting-org>"# + "\n"
            out += "    <title>\(narrative(activity.title))</title>\n"
            out += #"    <description type="1">\#(narrative(activity.description))</description>"# + "\n"
            out += #"    <participating-org ref="\#(escape(activity.donor.ref))" type="\#(activity.donor.type)" role="1">\#(narrative(activity.donor.name))</participating-org>"# + "\n"
            out += #"    <participating-org ref="\#(escape(activity.donor.ref))" type="\#(activity.donor.type)" role="4">\#(narrative(activity.donor.name))</participating-org>"# + "\n"
            out += #"    <activity-status code="\#(activity.status)"/>"# + "\n"
            out += #"    <activity-date type="2" iso-date="\#(activity.started)"/>"# + "\n"
            if let ended = activity.ended { out += #"    <activity-date type="4" iso-date="\#(ended)"/>"# + "\n" }
            out += #"    <recipient-country code="\#(escape(activity.recipientCountry))" percentage="100"/>"# + "\n"
            for transaction in activity.transactions {
                out += "    <transaction>\n"
                out += #"      <transaction-type code="\#(transaction.type)"/>"# + "\n"
                out += #"      <transaction-date iso-date="\#(transaction.day)"/>"# + "\n"
                let money = transaction.currency.map { #" currency="\#(escape($0))""# } ?? ""
                out += #"      <value\#(money) value-date="\#(transaction.day)">\#(transaction.value ?? 0)</value>"# + "\n"
                out += "      <description>\(narrative(transaction.description))</description>\n"
                out += #"      <provider-org ref="\#(escape(activity.donor.ref))" type="\#(activity.donor.type)">\#(narrative(activity.donor.name))</provider-org>"# + "\n"
                out += #"      <receiver-org ref="\#(escape(activity.recipient.ref))" type="\#(activity.recipient.type)">\#(narrative(activity.recipient.name))</receiver-org>"# + "\n"
                out += "    </transaction>\n"
            }
            if let link = activity.link {
                out += #"    <document-link format="application/json" url="\#(escape(link))"><title>\#(narrative("The record in Amity"))</title><category code="A01"/></document-link>"# + "\n"
            }
            out += "  </iati-activity>\n"
        }
        out += "</iati-activities>\n"
        return out
    }

    private static func narrative(_ text: String) -> String { "<narrative>\(escape(text))</narrative>" }
    private static func escape(_ text: String) -> String { MarkupText.escape(text) }
}
