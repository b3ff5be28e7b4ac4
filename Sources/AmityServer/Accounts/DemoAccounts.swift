import AmityCore
import Fluent
import Vapor

/// One demo account per role, created only with the demo data; the README lists them.
enum DemoAccounts {
    /// The README's password, for a development instance on one's own machine.
    static let password = "Sister-Cities-2020"

    struct Account {
        var email: String
        var name: String
        var administrator = false
        var role: (kind: RoleKind, city: Int?, network: String?, title: String, status: RoleRequestStatus)?
    }

    static let all: [Account] = [
        Account(email: "admin@amity.example", name: "Amity administrator", administrator: true),
        Account(email: "officer@newtaipei.example", name: "New Taipei international affairs",
                role: (.officer, 12_908_892, nil, "Section chief, International Affairs", .verified)),
        Account(email: "officer@cincinnati.example", name: "Cincinnati international office",
                role: (.officer, 4_508_722, nil, "Sister Cities liaison", .verified)),
        Account(email: "officer@taichung.example", name: "Taichung international affairs",
                role: (.officer, 1_668_399, nil, "Officer, Department of Economic Development", .verified)),
        Account(email: "secretariat@citynet.example", name: "CityNet secretariat",
                role: (.secretariat, nil, "citynet", "Programme officer", .verified)),
        Account(email: "officer@kaohsiung.example", name: "Kaohsiung international affairs",
                role: (.officer, 1_673_820, nil, "Officer, Secretariat", .pending)),
        Account(email: "reader@amity.example", name: "A reader"),
        // Made manager of Taiwan's mask programme when the rationing demo loads (the programme comes later).
        Account(email: "manager@masks.example", name: "Mask programme desk"),
    ]

    /// Creates the accounts: with the README's password in development; with a random one,
    /// printed once, when a production instance is started with `--demo`.
    static func create(on app: Application) async throws {
        var chosen = password
        if !app.amity.publishedDemoPassword {
            chosen = Secret.token(prefix: "demo-")
            app.logger.warning("Demo accounts created with the password \(chosen) (shown once; it is not the README's).")
        }
        let hash = try await app.password.async.hash(chosen)
        let now = app.clock.now()
        try await app.db.transaction { db in
            let trail = AuditTrail(db: db, personID: nil, requestID: nil, now: now)
            var adminID: Int?
            for account in all {
                let person = Person()
                person.email = account.email
                person.displayName = account.name
                person.passwordHash = hash
                person.isAdministrator = account.administrator
                (person.createdAt, person.emailConfirmedAt) = (now, now)
                try await person.create(on: db)
                if account.administrator { adminID = person.id }
                try await trail.record("create", "person", id: String(person.id ?? 0), after: Registration.PublicPerson(person))
                guard let role = account.role else { continue }
                let request = RoleRequest()
                request.personID = try person.requireID()
                request.role = role.kind.rawValue
                request.cityID = role.city
                request.networkID = role.network
                request.title = role.title
                request.message = "Demo account."
                request.status = role.status
                request.requestedAt = now
                if role.status == .verified { (request.decidedBy, request.decidedAt) = (adminID, now) }
                try await request.create(on: db)
                try await trail.record("create", "role-request", id: String(request.id ?? 0), cityID: role.city,
                                       after: try await RoleRequests.dto(request, on: db))
            }
        }
    }
}
