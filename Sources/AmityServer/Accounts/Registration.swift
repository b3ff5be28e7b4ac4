import AmityCore
import Fluent
import Vapor

/// Signing up, signing in and changing a password, without telling anyone which addresses have accounts.
struct Registration {
    let request: Request

    /// The fields of the sign-up form and its API twin.
    struct SignUp: Content {
        var email: String
        var displayName: String
        var password: String
    }

    /// Creates the account unless the address already has one; the caller answers the same either way.
    func signUp(_ input: SignUp) async throws {
        var errors: [DomainError.FieldError] = []
        var email: EmailAddress?
        do { email = try EmailAddress(input.email) } catch let DomainError.invalid(fields) { errors += fields }
        let name = input.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("displayName", name, max: 100) { errors.append(error) }
        do { try PasswordPolicy.check(input.password, email: input.email) } catch let DomainError.invalid(fields) { errors += fields }
        guard errors.isEmpty, let email else { throw DomainError.invalid(errors) }
        try request.application.rateLimits.signUps.take(request.clientNetwork, now: request.application.clock.now(), what: "sign-ups")

        // Hash before looking the address up, so both answers take the same time.
        let hash = try await request.application.signInGate.admit(request.clientNetwork) { try await request.hashPassword(input.password) }
        let mail = AccountMail(request: request)
        guard try await Person.query(on: request.db).filter(\.$email == email.rawValue).first() == nil else {
            // The owner of the address hears of it; the person signing up learns nothing.
            try await request.transaction(personID: nil) { trail in try await trail.mail(mail.signUpAgain(to: email.rawValue)) }
            return
        }
        let person = Person()
        person.email = email.rawValue
        person.displayName = name
        person.passwordHash = hash
        person.isAdministrator = false
        person.createdAt = request.application.clock.now()
        person.language = request.language.rawValue // their mail is written as their pages are
        try await request.transaction(personID: nil) { trail in
            try await person.create(on: trail.db)
            try await trail.record("create", "person", id: String(person.id ?? 0), after: PublicPerson(person))
            let token = try await AccountLinks.issue(.confirmAddress, for: try person.requireID(), email: person.email, trail: trail)
            try await trail.mail(mail.confirmation(to: person.email, token: token))
        }
    }

    /// Confirms the address a link was sent to: the person's own, or the one they are changing to.
    func confirmAddress(token: String) async throws {
        try await request.transaction(personID: nil) { trail in
            let link = try await AccountLinks.redeem(token, for: .confirmAddress, trail: trail)
            guard let person = try await Person.find(link.personID, on: trail.db) else { throw DomainError.notFound(entity: "person", id: String(link.personID)) }
            if person.email != link.email {
                guard try await Person.query(on: trail.db).filter(\.$email == link.email).first() == nil else {
                    throw DomainError.conflict("Another account took this address meanwhile.")
                }
            }
            let before = PublicPerson(person)
            (person.email, person.emailConfirmedAt) = (link.email, trail.now)
            try await person.save(on: trail.db)
            try await AuditTrail(db: trail.db, personID: person.id, requestID: trail.requestID, now: trail.now)
                .record("confirm-address", "person", id: String(link.personID), before: before, after: PublicPerson(person))
        }
    }

    /// Sends the confirmation link again (a new one; the old stays good until it expires).
    func resendConfirmation(for person: Person) async throws {
        guard person.emailConfirmedAt == nil else { throw DomainError.conflict("Your address is already confirmed.") }
        try request.application.rateLimits.mails.take("person:\(person.id ?? 0)", now: request.application.clock.now(), what: "mails")
        let mail = AccountMail(request: request)
        try await request.transaction(personID: person.id) { trail in
            let token = try await AccountLinks.issue(.confirmAddress, for: try person.requireID(), email: person.email, trail: trail)
            try await trail.mail(mail.confirmation(to: person.email, token: token))
        }
    }

    /// Asks to use another address: the new one gets a link, the old one word of it; nothing
    /// changes until the link is opened.
    func changeAddress(of person: Person, to text: String, password: String) async throws {
        let email = try EmailAddress(text)
        guard try await request.verifyPassword(password, created: person.passwordHash) else {
            throw DomainError.invalid("password", key: "error_wrong_password")
        }
        guard email.rawValue != person.email else { throw DomainError.invalid("email", key: "error_same_address") }
        try request.application.rateLimits.mails.take("person:\(person.id ?? 0)", now: request.application.clock.now(), what: "mails")
        let mail = AccountMail(request: request), old = person.email
        try await request.transaction(personID: person.id) { trail in
            // Taken addresses get no link and the asker no hint; the owner of the new address can tell.
            if try await Person.query(on: trail.db).filter(\.$email == email.rawValue).first() == nil {
                let token = try await AccountLinks.issue(.confirmAddress, for: try person.requireID(), email: email.rawValue, trail: trail)
                try await trail.mail(mail.confirmation(to: email.rawValue, token: token))
            }
            try await trail.mail(mail.addressChanging(to: old, newAddress: email.rawValue))
            try await trail.record("ask-address-change", "person", id: String(person.id ?? 0))
        }
    }

    /// Mails a reset link if the address has an account; answers the same either way.
    func requestPasswordReset(email text: String) async throws {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        try request.application.rateLimits.mails.take("address:\(request.clientNetwork)", now: request.application.clock.now(), what: "mails")
        guard let person = try await Person.query(on: request.db).filter(\.$email == email).first(), let personID = person.id else { return }
        try request.application.rateLimits.mails.take("person:\(personID)", now: request.application.clock.now(), what: "mails")
        let mail = AccountMail(request: request)
        try await request.transaction(personID: nil) { trail in
            let token = try await AccountLinks.issue(.resetPassword, for: personID, email: person.email, trail: trail)
            try await trail.mail(mail.reset(to: person.email, token: token))
        }
    }

    /// Sets a new password by a reset link; every session and API token of the account ends, and
    /// the address counts as confirmed (the link reached it).
    func resetPassword(token: String, to password: String) async throws {
        let link = try await AccountLinks.find(token, for: .resetPassword, on: request.db, now: request.application.clock.now())
        try PasswordPolicy.check(password, email: link.email, field: "password")
        let hash = try await request.hashPassword(password)
        try await request.transaction(personID: link.personID) { trail in
            let link = try await AccountLinks.redeem(token, for: .resetPassword, trail: trail)
            guard let person = try await Person.find(link.personID, on: trail.db) else { throw DomainError.notFound(entity: "person", id: String(link.personID)) }
            person.passwordHash = hash
            if person.email == link.email, person.emailConfirmedAt == nil { person.emailConfirmedAt = trail.now }
            try await person.save(on: trail.db)
            try await WebSession.query(on: trail.db).filter(\.$personID == link.personID).delete()
            try await APIToken.query(on: trail.db).filter(\.$personID == link.personID).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: trail.now).update()
            try await trail.record("reset-password", "person", id: String(link.personID))
        }
    }

    /// What the audit log keeps of a person: never the password hash.
    struct PublicPerson: Encodable, Sendable {
        var email: String
        var displayName: String
        var isAdministrator: Bool
        init(_ person: Person) {
            email = person.email
            displayName = person.displayName
            isAdministrator = person.isAdministrator
        }
    }

    /// Checks the password under the throttle; returns the person, or throws one message for every failure.
    ///
    /// The attempt is written as a failure before it is counted and before the password is checked,
    /// so parallel attempts see each other: a burst gets no more guesses than one at a time would.
    func signIn(email text: String, password: String) async throws -> Person {
        // Admitted before anything is written or hashed: a storm waits its turn or is refused at once (I10).
        try await request.application.signInGate.admit(request.clientNetwork) { try await checkedSignIn(email: text, password: password) }
    }

    private func checkedSignIn(email text: String, password: String) async throws -> Person {
        let now = request.application.clock.now()
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let address = request.clientNetwork
        let attempt = SignInAttempt()
        (attempt.email, attempt.address, attempt.at, attempt.succeeded) = (String(email.prefix(320)), address, now, false)
        try await attempt.create(on: request.db)
        let horizon = now.addingTimeInterval(-3600)
        let ownID: Int = attempt.id ?? 0
        let account: String = attempt.email
        let failures: [SignInAttempt] = try await SignInAttempt.query(on: request.db)
            .filter(\.$id != ownID).filter(\.$succeeded == false).filter(\.$at > horizon)
            .group(.or) { $0.filter(\.$email == account).filter(\.$address == address) }.all()
        func times(_ keep: (SignInAttempt) -> Bool) -> [Double] { failures.filter(keep).map { $0.at.timeIntervalSince1970 } }
        let verdict = SignInThrottle().verdict(
            pairFailures: times { $0.email == account && $0.address == address }, accountFailures: times { $0.email == account },
            addressFailures: times { $0.address == address }, now: now.timeIntervalSince1970)
        if case .locked(let seconds) = verdict {
            // A refused attempt guessed nothing; it does not count, or a stranger could keep the lock forever.
            try await attempt.delete(on: request.db)
            throw SignInLocked(retryAfterSeconds: seconds)
        }
        let person = try await Person.query(on: request.db).filter(\.$email == email).filter(\.$deletedAt == nil).first()
        // Verify against a real hash even for an unknown address, so timing does not tell.
        let matches = try await request.verifyPassword(password, created: person?.passwordHash ?? Self.decoyHash)
        if matches, person != nil {
            attempt.succeeded = true
            try await attempt.save(on: request.db)
        }
        guard let person, matches else {
            throw DomainError.invalid("email", key: "error_sign_in")
        }
        return person
    }

    /// A bcrypt hash of a random string, checked when the address is unknown.
    private static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""

    /// Replaces the password after checking the current one; every other session and every API
    /// token of the account ends, so whoever held the old password holds nothing.
    func changePassword(of person: Person, current: String, new: String) async throws {
        guard try await request.verifyPassword(current, created: person.passwordHash) else {
            throw DomainError.invalid("currentPassword", key: "error_wrong_password")
        }
        try PasswordPolicy.check(new, email: person.email, field: "newPassword")
        let hash = try await request.hashPassword(new)
        try await request.transaction(personID: person.id) { trail in
            person.passwordHash = hash
            try await person.save(on: trail.db)
            // Other browsers signed in as this person must sign in again with the new password.
            try await WebSession.query(on: trail.db).filter(\.$personID == person.id ?? 0).delete()
            try await APIToken.query(on: trail.db).filter(\.$personID == person.id ?? 0).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: trail.now).update()
            try await trail.record("change-password", "person", id: String(person.id ?? 0))
        }
    }
}

/// Too many failed sign-ins: the account or the address must wait.
struct SignInLocked: AbortError {
    var retryAfterSeconds: Int
    var status: HTTPResponseStatus { .tooManyRequests }
    var reason: String { "Too many failed sign-ins. Try again in \(max(1, retryAfterSeconds / 60)) minutes." }
    var headers: HTTPHeaders { ["Retry-After": String(retryAfterSeconds)] }
}
