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

    init(_ row: LiveEntryRecord) {
        (id, kind, title, summary, link) = (row.id ?? 0, row.kind, row.title, row.summary, row.link)
        (cityId, topics, at) = (row.cityID, row.topicList, row.at)
    }
}
