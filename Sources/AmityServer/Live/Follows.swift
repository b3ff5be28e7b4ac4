import AmityCore
import Fluent
import Vapor

/// What a person follows, and the feed of entries about it.
struct Follows {
    let request: Request
    var db: any Database { request.db }

    func follow(_ text: String) async throws -> [String] {
        let topic = try LiveTopic(parsing: text)
        switch topic {
        case .city(let id): if try await City.find(id, on: db) == nil { throw DomainError.invalid("topic", key: "error_no_city", ["id": String(id)]) }
        case .network(let id): if try await Network.find(id, on: db) == nil { throw DomainError.invalid("topic", key: "error_no_network", ["id": id]) }
        case .area, .country: break
        }
        try await request.write(.manageOwnAccount) { trail, actor in
            guard try await FollowRecord.query(on: trail.db).filter(\.$personID == actor.personID).filter(\.$topic == topic.text).first() == nil else { return }
            guard try await FollowRecord.query(on: trail.db).filter(\.$personID == actor.personID).count() < 200 else {
                throw DomainError.conflict("You follow 200 topics already; unfollow some first.")
            }
            let row = FollowRecord()
            (row.personID, row.topic, row.createdAt) = (actor.personID, topic.text, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("follow", "person", id: String(actor.personID), after: ["topic": topic.text])
        }
        return try await topics()
    }

    func unfollow(_ text: String) async throws -> [String] {
        let topic = try LiveTopic(parsing: text)
        try await request.write(.manageOwnAccount) { trail, actor in
            try await FollowRecord.query(on: trail.db).filter(\.$personID == actor.personID).filter(\.$topic == topic.text).delete()
            try await trail.record("unfollow", "person", id: String(actor.personID), before: ["topic": topic.text])
        }
        return try await topics()
    }

    /// The signed-in person's topics.
    func topics() async throws -> [String] {
        guard let person = request.signedIn?.id else { throw Abort(.unauthorized, reason: "Sign in to follow cities, networks and areas.") }
        return try await FollowRecord.query(on: db).filter(\.$personID == person).sort(\.$topic).all(\.$topic)
    }

    /// The newest entries about what the person follows (nothing when they follow nothing).
    func feed(page: Paging) async throws -> CursorPage<LiveEntryDTO> {
        let topics = try await topics().compactMap { try? LiveTopic(parsing: $0) }
        guard !topics.isEmpty else { return CursorPage(items: []) }
        return try await LiveFeed.page(on: db, topics: topics, page: page, in: request.language, catalogue: request.application.catalogue)
    }
}
