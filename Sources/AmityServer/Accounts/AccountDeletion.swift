import AmityCore
import Fluent
import SQLKit
import Vapor

/// Deleting an account: the person's data goes (address, name, password, sessions, tokens, links,
/// follows, pending mail, the titles and messages of their role requests), their roles end, and
/// what they did stays in the public record under a neutral name, so that record stays whole.
struct AccountDeletion {
    let request: Request

    /// The name a deleted account's acts are shown under.
    static let neutralName = "Deleted account"

    func delete(_ person: Person, password: String) async throws {
        guard try await request.verifyPassword(password, created: person.passwordHash) else {
            throw DomainError.invalid("deletePassword", key: "error_wrong_password")
        }
        let personID = try person.requireID()
        if person.isAdministrator {
            let others = try await Person.query(on: request.db).filter(\.$isAdministrator == true).filter(\.$id != personID).count()
            guard others > 0 else { throw DomainError.conflict("You are the last administrator: make another before deleting this account.") }
        }
        let (oldEmail, oldName) = (person.email, person.displayName)
        try await request.transaction(personID: personID) { trail in
            let db = trail.db
            try await WebSession.query(on: db).filter(\.$personID == personID).delete()
            try await APIToken.query(on: db).filter(\.$personID == personID).delete()
            try await AccountLink.query(on: db).filter(\.$personID == personID).delete()
            try await FollowRecord.query(on: db).filter(\.$personID == personID).delete()
            try await SignInAttempt.query(on: db).filter(\.$email == oldEmail).delete()
            try await OutboxMail.query(on: db).filter(\.$to == oldEmail).filter(\.$status ~~ [MailStatus.pending, MailStatus.sending]).delete()
            try await RoleRequest.query(on: db).filter(\.$personID == personID).filter(\.$status == RoleRequestStatus.verified)
                .set(\.$status, to: RoleRequestStatus.revoked).set(\.$revokedBy, to: personID).set(\.$revokedAt, to: trail.now)
                .set(\.$revocationReason, to: "The account was deleted.").update()
            try await RoleRequest.query(on: db).filter(\.$personID == personID).filter(\.$status == RoleRequestStatus.pending)
                .set(\.$status, to: RoleRequestStatus.refused).set(\.$decisionNote, to: "The account was deleted.").update()
            try await RoleRequest.query(on: db).filter(\.$personID == personID).set(\.$title, to: "").set(\.$message, to: "").update()
            try await db.sql.update("practices").set("contact_person_id", to: SQLLiteral.null).where("contact_person_id", .equal, personID).run()
            // The audit keeps every act; what it wrote of the person themselves goes.
            try await db.sql.update(AuditEntry.schema).set("before", to: SQLLiteral.null).set("after", to: SQLLiteral.null)
                .where("entity", .equal, "person").where("entity_id", .equal, String(personID)).run()
            // Their name also stands in the entries about their role requests and in their own acts;
            // only those are rewritten (someone else may bear the same name).
            let requests = try await RoleRequest.query(on: db).filter(\.$personID == personID).all(\.$id).map(String.init)
            for (old, new) in [(oldEmail, "deleted-\(personID)@deleted.invalid"), (oldName, Self.neutralName)] {
                let (from, to) = (try Self.jsonString(old), try Self.jsonString(new))
                for column in ["before", "after"] {
                    try await db.sql.update(AuditEntry.schema)
                        .set(SQLIdentifier(column), to: SQLFunction("REPLACE", args: SQLIdentifier(column), SQLBind(from), SQLBind(to)))
                        .where { scope in
                            let theirs = scope.where("person_id", .equal, personID)
                            return requests.isEmpty ? theirs : theirs.orWhere { $0.where("entity", .equal, "role-request").where("entity_id", .in, requests) }
                        }
                        .run()
                }
            }
            (person.email, person.displayName, person.passwordHash) = ("deleted-\(personID)@deleted.invalid", Self.neutralName, "!")
            (person.isAdministrator, person.emailConfirmedAt, person.deletedAt) = (false, nil, trail.now)
            try await person.save(on: db)
            try await trail.record("delete", "person", id: String(personID))
        }
    }

    /// A string as JSONEncoder writes it inside the audit's JSON, quotes included.
    private static func jsonString(_ text: String) throws -> String {
        String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    }
}
