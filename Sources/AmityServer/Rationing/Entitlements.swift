import AmityCore
import Fluent
import Vapor

/// "What may I still buy, from when, on which days": for the holder of a document who also knows
/// its birth date, rate limited per address, and the same answer for an unknown number as for a
/// wrong birth date, so it tells nothing about anyone else.
struct Entitlements {
    let request: Request

    func answer(_ programme: ProgrammeRecord, _ input: EntitlementRequest) async throws -> (EntitlementDTO, RationRules) {
        let app = request.application, now = app.clock.now()
        try app.rateLimits.entitlements.take("address:\(request.clientNetwork)", now: now, what: "entitlement questions")
        let programmeID = try programme.requireID()
        let key = try app.documentKey.programmeKey(input.document, programmeID: programmeID, field: "document")
        let birth = try PartialDate(input.birth.trimmingWhitespace(), field: "birth")
        let schedule = try await app.programmeCache.schedule(of: programme, on: request.db)
        guard let rules = schedule.inForce(at: now) else { throw DomainError.conflict("No rules of this programme are in force now, so nothing can be bought.") }
        guard let (row, history) = try await app.rationingReads.person.ask((key, programmeID, rules.historyStart(at: now), now), app: app),
              let registered = try? PartialDate(row.birth), Self.agrees(registered, birth) else {
            throw DomainError.invalid("document", key: "error_entitlement_unknown")
        }
        let person = try RegisteredPeople.person(row)
        let dto = EntitlementDTO(policyVersion: rules.policy.version, entitlements: rules.entitlements(of: person, at: now, history: history),
                                 openDays: rules.openDays(for: person, from: now, history: history))
        return (dto, rules)
    }

    /// Whether what the person typed matches what was registered, to the precision both know.
    static func agrees(_ registered: PartialDate, _ typed: PartialDate) -> Bool {
        guard registered.year == typed.year else { return false }
        if let month = registered.month, let typedMonth = typed.month, month != typedMonth { return false }
        if let day = registered.day, let typedDay = typed.day, day != typedDay { return false }
        // A registered full date must be given in full: a year alone is easier to guess.
        return registered.day == nil || typed.day != nil
    }
}
