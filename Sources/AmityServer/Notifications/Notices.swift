import AmityCore
import Fluent
import Foundation

/// A notification about one change: its kind, the values its message takes
/// (`notice_<kind>_subject` and `_body` in the catalogue) and the page it is about.
struct Notice: Sendable {
    var kind: NotificationKind
    var values: [String: String] = [:]
    /// Values that are facts, worded in each recipient's language (a pledge's step, its cities).
    var facts: [String: Fact] = [:]
    /// The page, from the site's root.
    var link: String
}

/// Who a notice concerns: the verified officers of some cities, and some people by name.
struct Audience: Sendable {
    var officersOf: Set<Int> = []
    var people: Set<Int> = []
}

extension AuditTrail {
    /// Mails `notice` to its audience, each in their own language with a link that turns this kind
    /// off, leaving out whoever made the change, those who turned the kind off, unconfirmed
    /// addresses and deleted accounts. Written to the outbox in the change's transaction: sent
    /// once the change commits, never if it does not.
    func notify(_ notice: Notice, to audience: Audience) async throws {
        guard let mailroom else { return }
        var ids = audience.people
        if !audience.officersOf.isEmpty {
            ids.formUnion(try await RoleRequest.query(on: db).filter(\.$role == RoleKind.officer.rawValue)
                .filter(\.$cityID ~~ audience.officersOf).filter(\.$status == RoleRequestStatus.verified)
                .filter(\.$revokedAt == nil).all(\.$personID))
        }
        if let actor = personID { ids.remove(actor) }
        guard !ids.isEmpty else { return }
        let off = try await NotificationOptOut.query(on: db).filter(\.$personID ~~ ids).filter(\.$kind == notice.kind.rawValue).all(\.$personID)
        let people = try await Person.query(on: db).filter(\.$id ~~ ids.subtracting(off))
            .filter(\.$emailConfirmedAt != nil).filter(\.$deletedAt == nil).sort(\.$id).all()
        let cities = try await LiveWording.cities(for: Array(notice.facts.values), on: db)
        for person in people {
            let language = person.language.flatMap(Language.init(rawValue:)) ?? .english
            let wording = LiveWording(language: language, catalogue: mailroom.catalogue, cities: cities)
            let values = notice.values.merging(notice.facts.mapValues(wording.text)) { _, worded in worded }
            let token = UnsubscribeToken.make(personID: try person.requireID(), kind: notice.kind, key: mailroom.unsubscribeKey)
            let unsubscribe = "\(mailroom.site)/unsubscribe/\(token)"
            let footer = mailroom.text("notice_footer", language, ["unsubscribe": unsubscribe, "settings": "\(mailroom.site)/account#notifications"])
            let body = mailroom.text("notice_\(notice.kind.key)_body", language, values) + "\n\n" + mailroom.site + notice.link + "\n\n-- \n" + footer
            try await mail(OutgoingMail(to: person.email, subject: mailroom.text("notice_\(notice.kind.key)_subject", language, values),
                                        text: body, unsubscribe: unsubscribe))
        }
    }
}
