import AmityCore
import Fluent
import SQLKit
import Vapor

/// Which notifications a person receives and in which language; and the one-click way out that
/// every notification carries.
struct NotificationSettings {
    let request: Request

    /// The kinds a person turned off, and their mail's language.
    static func of(_ person: Person, on db: any Database) async throws -> (off: Set<NotificationKind>, language: Language) {
        let off = try await NotificationOptOut.query(on: db).filter(\.$personID == person.requireID()).all(\.$kind)
        return (Set(off.compactMap(NotificationKind.init(rawValue:))), person.language.flatMap(Language.init(rawValue:)) ?? .english)
    }

    /// Keeps `on` switched on and every other kind off, and writes mail in `language`.
    func save(on: Set<NotificationKind>, language: Language) async throws {
        try await request.write(.manageOwnAccount) { trail, actor in
            guard let person = try await Person.find(actor.personID, on: trail.db) else { throw Abort(.unauthorized) }
            try await NotificationOptOut.query(on: trail.db).filter(\.$personID == actor.personID).delete()
            for kind in NotificationKind.allCases where !on.contains(kind) {
                try await NotificationOptOut(personID: actor.personID, kind: kind.rawValue, createdAt: trail.now).create(on: trail.db)
            }
            person.language = language.rawValue
            try await person.save(on: trail.db)
            try await trail.record("notifications", "person", id: String(actor.personID),
                                   after: ["on": on.map(\.rawValue).sorted().joined(separator: ","), "language": language.rawValue])
        }
    }

    /// The person and kind an unsubscribe link names, when it is genuine and the account still exists.
    func read(_ token: String) async throws -> (person: Person, kind: NotificationKind)? {
        guard let mailroom = Mailroom(request.application), let (id, kind) = UnsubscribeToken.read(token, key: mailroom.unsubscribeKey),
              let person = try await Person.find(id, on: request.db), person.deletedAt == nil else { return nil }
        return (person, kind)
    }

    /// Turns the link's kind off for its person; using the link again changes nothing.
    func unsubscribe(_ token: String) async throws -> Person {
        guard let (person, kind) = try await read(token) else {
            throw DomainError.invalid("token", request.t("unsubscribe_invalid"))
        }
        let id = try person.requireID()
        try await request.transaction(personID: id) { trail in
            // One insert that yields to an existing row: two clicks at once (a mail client's POST and
            // the person's) both succeed, and only one is recorded.
            let inserted = try await trail.db.sql.insert(into: NotificationOptOut.schema).columns("person_id", "kind", "created_at")
                .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(trail.now))
                .ignoringConflicts(with: ["person_id", "kind"]).returning("id").first() != nil
            guard inserted else { return }
            try await trail.record("unsubscribe", "person", id: String(id), after: ["kind": kind.rawValue])
        }
        return person
    }
}
