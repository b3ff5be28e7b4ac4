import AmityCore
import Fluent
import Vapor

/// `amity users create-admin --email …`: makes the first administrator (or promotes an existing person).
struct UsersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create-admin")
        var action: String

        @Option(name: "email", help: "The administrator's email address")
        var email: String?

        @Option(name: "name", help: "The display name (defaults to the part of the address before @)")
        var name: String?
    }

    var help: String { "Manages people: 'amity users create-admin --email you@city.gov' (password from AMITY_ADMIN_PASSWORD or a prompt)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create-admin" else {
            throw Abort(.badRequest, reason: "Unknown action '\(signature.action)'; use create-admin.")
        }
        guard let text = signature.email else { throw Abort(.badRequest, reason: "Give the address with --email.") }
        let email = try EmailAddress(text)
        let app = context.application
        if let person = try await Person.query(on: app.db).filter(\.$email == email.rawValue).filter(\.$deletedAt == nil).first() {
            // Promotion is audited like every change: the operator on the server is the one who made it.
            try await app.transaction(personID: nil) { trail in
                let before = Registration.PublicPerson(person)
                person.isAdministrator = true
                try await person.save(on: trail.db)
                try await trail.record("promote-admin", "person", id: String(person.id ?? 0), before: before, after: Registration.PublicPerson(person))
            }
            context.console.info("\(email) is now an administrator.")
            return
        }
        let password = Environment.get("AMITY_ADMIN_PASSWORD") ?? context.console.ask("Password for \(email.rawValue)", isSecure: true)
        try PasswordPolicy.check(password, email: email.rawValue)
        let person = Person()
        person.email = email.rawValue
        person.displayName = signature.name ?? String(email.rawValue.split(separator: "@")[0])
        person.passwordHash = try await app.password.async.hash(password)
        person.isAdministrator = true
        person.createdAt = app.clock.now()
        // The operator vouches for the address they typed on the server; mail may not be set up yet.
        person.emailConfirmedAt = person.createdAt
        try await app.transaction(personID: nil) { trail in
            try await person.create(on: trail.db)
            try await trail.record("create-admin", "person", id: String(person.id ?? 0), after: Registration.PublicPerson(person))
        }
        context.console.info("Created administrator \(email).")
    }
}
