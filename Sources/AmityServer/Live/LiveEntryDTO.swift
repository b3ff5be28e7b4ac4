import Vapor

/// One live entry on the wire (JSON lists and the event stream).
struct LiveEntryDTO: Content {
    var id: Int
    var kind: String
    var title: String
    var summary: String
    /// The page it is about, a path on this site.
    var link: String
    var cityId: Int?
    var topics: [String]
    var at: Date

    /// An entry worded for one reader: `title` and `summary` in their language where Amity wrote
    /// them (someone's own words stay as written).
    init(_ row: LiveEntryRecord, _ wording: LiveWording) {
        (id, kind, title, summary, link) = (row.id ?? 0, row.kind, wording.title(row), wording.summary(row), row.link)
        (cityId, topics, at) = (row.cityID, row.topicList, row.at)
    }
}
