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
    func signIn(email text: String, password: String) async throws -> Person {
        let now = request.application.clock.now()
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        let horizon = now.addingTimeInterval(-3600)
        async let accountFailures = SignInAttempt.query(on: request.db)
            .filter(\.$email == email).filter(\.$succeeded == false).filter(\.$at > horizon).all(\.$at)
        async let addressFailures = SignInAttempt.query(on: request.db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$at > horizon).all(\.$at)
        let verdict = SignInThrottle().verdict(
            accountFailures: try await accountFailures.map(\.timeIntervalSince1970),
            addressFailures: try await addressFailures.map(\.timeIntervalSince1970), now: now.timeIntervalSince1970)
        if case .locked(let seconds) = verdict {
            throw SignInLocked(retryAfterSeconds: seconds)
        }
        let person = try await Person.query(on: request.db).filter(\.$email == email).first()
        // Verify against a real hash even for an unknown address, so timing does not tell.
        let matches = try await request.password.async.verify(password, created: person?.passwordHash ?? Self.decoyHash)
        let attempt = SignInAttempt()
        attempt.email = email
        attempt.address = address
        attempt.at = now
        attempt.succeeded = matches && person != nil
        try await attempt.create(on: request.db)
        guard let person, matches else {
            throw DomainError.invalid("email", "The email address or the password is wrong.")
        }
        return person
    }

    /// A bcrypt hash of a random string, checked when the address is unknown.
    private static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""

    /// Replaces the password after checking the current one; other sessions and tokens stay as they are.
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
