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
        if name.isEmpty || name.count > 100 { errors.append(.init(field: "displayName", message: "Give a name of 1 to 100 characters.")) }
        do { try PasswordPolicy.check(input.password, email: input.email) } catch let DomainError.invalid(fields) { errors += fields }
        guard errors.isEmpty, let email else { throw DomainError.invalid(errors) }
        try request.application.rateLimits.signUps.take(request.clientAddress, now: request.application.clock.now(), what: "sign-ups")

        // Hash before looking the address up, so both answers take the same time.
        let hash = try await request.password.async.hash(input.password)
        guard try await Person.query(on: request.db).filter(\.$email == email.rawValue).first() == nil else { return }
        let person = Person()
        person.email = email.rawValue
        person.displayName = name
        person.passwordHash = hash
        person.isAdministrator = false
        person.createdAt = request.application.clock.now()
        try await request.transaction(personID: nil) { trail in
            try await person.create(on: trail.db)
            try await trail.record("create", "person", id: String(person.id ?? 0), after: PublicPerson(person))
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
        let now = request.application.clock.now()
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let address = request.clientAddress
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
        let person = try await Person.query(on: request.db).filter(\.$email == email).first()
        // Verify against a real hash even for an unknown address, so timing does not tell.
        let matches = try await request.password.async.verify(password, created: person?.passwordHash ?? Self.decoyHash)
        if matches, person != nil {
            attempt.succeeded = true
            try await attempt.save(on: request.db)
        }
        guard let person, matches else {
            throw DomainError.invalid("email", "The email address or the password is wrong.")
        }
        return person
    }

    /// A bcrypt hash of a random string, checked when the address is unknown.
    private static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""

    /// Replaces the password after checking the current one; every other session and every API
    /// token of the account ends, so whoever held the old password holds nothing.
    func changePassword(of person: Person, current: String, new: String) async throws {
        guard try await request.password.async.verify(current, created: person.passwordHash) else {
            throw DomainError.invalid("currentPassword", "The current password is wrong.")
        }
        try PasswordPolicy.check(new, email: person.email, field: "newPassword")
        let hash = try await request.password.async.hash(new)
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
