import AmityCore
import Fluent
import SQLKit
import Vapor

/// Links mailed to a person, to confirm an address or reset a password: made in the transaction
/// that mails them, used once, good for a while.
enum AccountLinks {
    /// Writes a new link and returns its token, which only the mail carries.
    static func issue(_ purpose: AccountLink.Purpose, for personID: Int, email: String, trail: AuditTrail) async throws -> String {
        let token = Secret.token(prefix: "")
        let link = AccountLink()
        (link.personID, link.purpose, link.tokenHash, link.email) = (personID, purpose.rawValue, Secret.hash(token), email)
        (link.createdAt, link.expiresAt) = (trail.now, trail.now.addingTimeInterval(purpose.lifetime))
        try await link.create(on: trail.db)
        return token
    }

    /// The link a token names, if it is still good, without using it.
    static func find(_ token: String, for purpose: AccountLink.Purpose, on db: any Database, now: Date) async throws -> AccountLink {
        guard let link = try await AccountLink.query(on: db).filter(\.$tokenHash == Secret.hash(token)).filter(\.$purpose == purpose.rawValue).first() else {
            throw DomainError.invalid("token", key: "error_link_invalid")
        }
        guard link.usedAt == nil else { throw DomainError.invalid("token", key: "error_link_used") }
        guard link.expiresAt > now else { throw DomainError.invalid("token", key: "error_link_expired") }
        return link
    }

    /// Uses a link: the conditional update that marks it used is what makes it single-use, even
    /// when it is opened twice at once.
    static func redeem(_ token: String, for purpose: AccountLink.Purpose, trail: AuditTrail) async throws -> AccountLink {
        let link = try await find(token, for: purpose, on: trail.db, now: trail.now)
        let used = try await trail.db.sql.update(AccountLink.schema).set("used_at", to: SQLBind(trail.now))
            .where("id", .equal, try link.requireID()).where(SQLColumn("used_at"), .is, SQLLiteral.null)
            .returning("id").first()
        guard used != nil else { throw DomainError.invalid("token", key: "error_link_used") }
        return link
    }
}
