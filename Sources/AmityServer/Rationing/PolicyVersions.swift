import AmityCore
import Fluent
import Vapor

/// A programme's policy versions: added for a time still to come, tried on cases first, never
/// edited once in force; a version not yet in force may be withdrawn.
struct PolicyVersions {
    let request: Request

    func list(_ programme: ProgrammeRecord) async throws -> [PolicyVersionDTO] {
        let now = request.application.clock.now()
        let schedule = try await request.application.programmeCache.schedule(of: programme, on: request.db)
        let current = schedule.inForce(at: now)?.policy.version
        let rows = try await PolicyVersionRecord.query(on: request.db).filter(\.$programmeID == programme.requireID()).sort(\.$version).all()
        return try rows.map { row in
            let state = row.version == current ? "inForce" : row.effectiveFrom > now ? "scheduled" : row.until.map { $0 <= now } == true ? "ended" : "superseded"
            return PolicyVersionDTO(version: row.version, effectiveFrom: row.effectiveFrom, until: row.until, state: state,
                                    policy: try Self.policy(of: row.body), createdAt: row.createdAt)
        }
    }

    /// Checks `policy` and runs `cases` under the schedule it would join; throws the policy's field
    /// errors (as fields under `policy`).
    func dryRun(_ programme: ProgrammeRecord, _ policy: RationPolicy, _ cases: [PolicyCase]) async throws -> DryRunDTO {
        guard cases.count <= 500 else { throw DomainError.invalid("cases", key: "error_number_range", ["min": "0", "max": "500"]) }
        let rules = try Self.checked(policy)
        let schedule = try await request.application.programmeCache.schedule(of: programme, on: request.db)
        let trial = RationSchedule(schedule.versions.filter { $0.policy.version != policy.version && $0.start < rules.start } + [rules])
        let wording = RationWording(catalogue: request.application.catalogue, language: request.language)
        let results = cases.map { item in
            let visit = Visit(holder: item.holder, cards: item.cards, channel: item.channel ?? "counter", at: item.at)
            let decision = trial.decide(visit, history: item.history ?? [])
            let passed = item.expect == "allow" ? decision.allowed
                : !decision.allowed && (item.reasons.map { Set($0) == Set(decision.codes) } ?? true)
            return PolicyCaseResult(name: item.name, passed: passed, decision: decision, sentences: wording.sentences(decision, cards: visit.cards.count))
        }
        return DryRunDTO(passed: results.allSatisfy(\.passed), results: results)
    }

    /// Adds the next version. It must take effect later than now and than every version before it,
    /// and pass every case given.
    func add(_ programme: ProgrammeRecord, _ input: CreatePolicyRequest) async throws -> PolicyVersionDTO {
        let programmeID = try programme.requireID()
        try await Programmes(request: request).authorizeRunning(programme)
        for (index, item) in (input.cases ?? []).enumerated() where !["allow", "deny"].contains(item.expect) {
            throw DomainError.invalid("cases[\(index)].expect", key: "error_choice", ["text": item.expect, "choices": "allow, deny"])
        }
        var policy = input.policy
        let latest = try await PolicyVersionRecord.query(on: request.db).filter(\.$programmeID == programmeID).sort(\.$version, .descending).first()
        policy.version = (latest?.version ?? 0) + 1
        let rules = try Self.checked(policy)
        let now = request.application.clock.now()
        if rules.start <= now { throw DomainError.invalid("policy.effectiveFrom", key: "error_future") }
        if let latest, rules.start <= latest.effectiveFrom {
            throw DomainError.invalid("policy.effectiveFrom", key: "error_after_version", ["version": String(latest.version)])
        }
        if let cases = input.cases, !cases.isEmpty {
            let run = try await dryRun(programme, policy, cases)
            let failed = run.results.enumerated().filter { !$0.element.passed }.map { DomainError.FieldError(field: "cases[\($0.offset)]", key: "error_case_failed", ["text": $0.element.name]) }
            if !failed.isEmpty { throw DomainError.invalid(failed) }
        }
        let body = try Self.body(of: policy)
        let added = policy
        defer { request.application.programmeCache.forget(programmeID) }
        return try await request.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, actor in
            let row = PolicyVersionRecord()
            (row.programmeID, row.version, row.effectiveFrom, row.until, row.body) = (programmeID, added.version, rules.start, rules.end, body)
            (row.createdBy, row.createdAt) = (actor.personID, trail.now)
            try await row.create(on: trail.db)
            try await Self.bump(programmeID, on: trail.db)
            let dto = PolicyVersionDTO(version: row.version, effectiveFrom: row.effectiveFrom, until: row.until, state: "scheduled", policy: added, createdAt: row.createdAt)
            try await trail.record("create", "policy-version", id: "\(programmeID)/\(row.version)", cityID: programme.cityID, after: dto)
            return dto
        }
    }

    /// Withdraws a version not yet in force.
    func withdraw(_ programme: ProgrammeRecord, version: Int) async throws {
        let programmeID = try programme.requireID()
        defer { request.application.programmeCache.forget(programmeID) }
        try await request.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, _ in
            guard let row = try await PolicyVersionRecord.query(on: trail.db).filter(\.$programmeID == programmeID).filter(\.$version == version).first() else {
                throw DomainError.notFound(entity: "policy version", id: String(version))
            }
            guard row.effectiveFrom > trail.now else { throw DomainError.conflict("Version \(version) is or was in force; it cannot be withdrawn. Add a new version instead.") }
            let later = try await PolicyVersionRecord.query(on: trail.db).filter(\.$programmeID == programmeID).filter(\.$version > version).count()
            guard later == 0 else { throw DomainError.conflict("Withdraw the later versions first; versions are numbered in order.") }
            try await row.delete(on: trail.db)
            try await Self.bump(programmeID, on: trail.db)
            try await trail.record("withdraw", "policy-version", id: "\(programmeID)/\(version)", cityID: programme.cityID)
        }
    }

    /// The policy's rules, its field errors moved under `policy`.
    static func checked(_ policy: RationPolicy) throws -> RationRules {
        do { return try RationRules(policy) } catch DomainError.invalid(let fields) {
            throw DomainError.invalid(fields.map { var field = $0; field.field = FieldPath.join("policy", $0.field); return field })
        }
    }

    /// The policy a version row keeps, from its body.
    static func policy(of body: String) throws -> RationPolicy {
        try JSONDecoder().decode(RationPolicy.self, from: Data(body.utf8))
    }

    /// How a version row keeps its policy: sorted keys, so the same policy is the same text.
    static func body(of policy: RationPolicy) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(policy), as: UTF8.self)
    }

    /// Marks the programme's schedule changed, so every instance rebuilds it.
    static func bump(_ programmeID: Int, on db: any Database) async throws {
        try await db.sql.raw("UPDATE \(ident: ProgrammeRecord.schema) SET revision = revision + 1 WHERE id = \(bind: programmeID)").run()
    }
}
