import AmityCore
import Fluent
import Vapor

/// Assemblies: member cities propose motions and amend them, debate, and vote once each in a
/// window the convening network opens; amendments are voted before their motion; results and
/// each city's vote are public when the window closes.
struct Assemblies {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.application.clock.now() }

    // MARK: The assembly

    /// Convenes an assembly of a network (its secretariat), with its first member cities.
    func create(_ input: AssemblyInput) async throws -> AssemblyDTO {
        var errors: [DomainError.FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("name", name, max: 200) { errors.append(error) }
        if !(1...100).contains(input.quorumPercent) { errors.append(.init(field: "quorumPercent", key: "error_quorum")) }
        var majority: Majority?
        do { majority = try Majority(parsing: input.majority) } catch let DomainError.invalid(fields) { errors += fields }
        if try await Network.find(input.networkId, on: db) == nil { errors.append(.init(field: "networkId", key: "error_no_network", ["id": input.networkId])) }
        let members = Array(Set(input.memberCityIds ?? []))
        if try await City.query(on: db).filter(\.$id ~~ members).count() != members.count {
            errors.append(.init(field: "memberCityIds", key: "error_members"))
        }
        guard errors.isEmpty, let majority else { throw DomainError.invalid(errors) }
        let id = try await request.write(.actForNetwork(networkID: input.networkId)) { trail, _ in
            let row = AssemblyRecord()
            (row.networkID, row.name, row.description, row.quorumPercent) = (input.networkId, name, input.description ?? "", input.quorumPercent)
            (row.majority, row.createdAt) = (majority.rawValue, trail.now)
            try await row.create(on: trail.db)
            for city in members {
                let member = AssemblyMemberRecord()
                (member.assemblyID, member.cityID) = (try row.requireID(), city)
                try await member.create(on: trail.db)
            }
            try await trail.record("create", "assembly", id: String(row.id ?? 0), after: ["name": name, "members": members.map(String.init).joined(separator: ",")])
            return try row.requireID()
        }
        return try await assembly(id: id)
    }

    /// Admits a city to the assembly (the convening network's secretariat).
    func admit(assemblyID: Int, cityID: Int) async throws -> AssemblyDTO {
        let assembly = try await find(assemblyID)
        guard try await City.find(cityID, on: db) != nil else { throw DomainError.invalid("cityId", key: "error_no_city", ["id": String(cityID)]) }
        try await request.write(.actForNetwork(networkID: assembly.networkID)) { trail, _ in
            guard try await AssemblyMemberRecord.query(on: trail.db).filter(\.$assemblyID == assemblyID).filter(\.$cityID == cityID).first() == nil else {
                throw DomainError.conflict("This city is already a member.")
            }
            let member = AssemblyMemberRecord()
            (member.assemblyID, member.cityID) = (assemblyID, cityID)
            try await member.create(on: trail.db)
            try await trail.record("admit", "assembly", id: String(assemblyID), cityID: cityID)
        }
        return try await self.assembly(id: assemblyID)
    }

    // MARK: Motions

    func propose(assemblyID: Int, _ input: MotionInput) async throws -> MotionDTO {
        let assembly = try await find(assemblyID)
        var errors: [DomainError.FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("text", input.text, max: 20_000) {
            errors.append(error)
        }
        if let parent = input.amendsId {
            guard let amended = try await MotionRecord.find(parent, on: db), amended.assemblyID == assemblyID else {
                throw DomainError.invalid("amendsId", "There is no motion \(parent) in this assembly.")
            }
            if amended.amendsID != nil { errors.append(.init(field: "amendsId", key: "error_amend_amendment")) }
            if amended.voteOpensAt != nil { throw DomainError.conflict("The vote on this motion has opened: it can no longer be amended.") }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        try await requireMember(input.cityId, of: assembly)
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, actor in
            let row = MotionRecord()
            (row.assemblyID, row.amendsID, row.cityID, row.personID) = (assemblyID, input.amendsId, input.cityId, actor.personID)
            (row.title, row.text, row.createdAt) = (title, input.text, trail.now)
            try await row.create(on: trail.db)
            try await trail.record(input.amendsId == nil ? "propose" : "amend", "motion", id: String(row.id ?? 0), cityID: input.cityId, after: ["title": title])
            return try row.requireID()
        }
        return try await motion(id: id)
    }

    func comment(motionID: Int, _ input: CommentInput) async throws -> MotionDTO {
        let motion = try await findMotion(motionID)
        let body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("body", body, max: 5_000) { throw DomainError.invalid([error]) }
        if let closes = motion.voteClosesAt, closes <= now { throw DomainError.conflict("The vote has closed; the debate is over.") }
        try await requireMember(input.cityId, of: try await find(motion.assemblyID))
        try await request.write(.actForCity(cityID: input.cityId)) { trail, actor in
            let row = MotionCommentRecord()
            (row.motionID, row.cityID, row.personID, row.body, row.createdAt) = (motionID, input.cityId, actor.personID, body, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("comment", "motion", id: String(motionID), cityID: input.cityId)
        }
        return try await self.motion(id: motionID)
    }

    /// Opens the vote until `closesAt` (the convening network's secretariat); amendments first.
    func openVote(motionID: Int, closesAt: Date) async throws -> MotionDTO {
        let motion = try await findMotion(motionID)
        let assembly = try await find(motion.assemblyID)
        guard closesAt > now else { throw DomainError.invalid("closesAt", key: "error_future") }
        try await request.write(.actForNetwork(networkID: assembly.networkID)) { trail, _ in
            guard let row = try await MotionRecord.find(motionID, on: trail.db), row.voteOpensAt == nil else {
                throw DomainError.conflict("The vote on this motion has already opened.")
            }
            let pending = try await MotionRecord.query(on: trail.db).filter(\.$amendsID == motionID).all()
                .filter { $0.voteClosesAt.map { $0 > trail.now } ?? true }
            if let first = pending.first {
                throw DomainError.conflict("Amendments are voted first: the vote on amendment \(first.id ?? 0) (\(first.title)) has not closed.")
            }
            (row.voteOpensAt, row.voteClosesAt) = (trail.now, closesAt)
            try await row.save(on: trail.db)
            try await trail.record("open-vote", "motion", id: String(motionID), cityID: row.cityID, after: ["closesAt": "\(closesAt)"])
            let members = try await AssemblyMemberRecord.query(on: trail.db).filter(\.$assemblyID == motion.assemblyID).all(\.$cityID)
            try await trail.notify(Notice(kind: .voteOpening, values: ["title": row.title, "assembly": assembly.name], facts: ["closes": .alone(.instant(closesAt))],
                                          link: "/motions/\(motionID)"), to: Audience(officersOf: Set(members)))
        }
        return try await self.motion(id: motionID)
    }

    func vote(motionID: Int, _ input: VoteInput) async throws -> MotionDTO {
        let motion = try await findMotion(motionID)
        let choice = try VoteChoice(parsing: input.choice)
        try await requireMember(input.cityId, of: try await find(motion.assemblyID))
        do {
            try await castVote(motion, choice, cityID: input.cityId)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict("This city has already voted on this motion.")
        }
        return try await self.motion(id: motionID)
    }

    private func castVote(_ motion: MotionRecord, _ choice: VoteChoice, cityID: Int) async throws {
        let motionID = try motion.requireID()
        try await request.write(.actForCity(cityID: cityID)) { trail, actor in
            // A vote opens when the secretariat opens it (never ahead of time), so only its end is checked.
            guard motion.voteOpensAt != nil, let closes = motion.voteClosesAt, trail.now < closes else {
                throw DomainError.conflict(motion.voteClosesAt.map { $0 <= trail.now } == true ? "The vote has closed." : "The vote on this motion is not open.")
            }
            guard try await VoteRecord.query(on: trail.db).filter(\.$motionID == motionID).filter(\.$cityID == cityID).first() == nil else {
                throw DomainError.conflict("This city has already voted on this motion.")
            }
            let row = VoteRecord()
            (row.motionID, row.cityID, row.personID, row.choice, row.at) = (motionID, cityID, actor.personID, choice.rawValue, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("vote", "motion", id: String(motionID), cityID: cityID)
        }
    }

    private func requireMember(_ cityID: Int, of assembly: AssemblyRecord) async throws {
        guard try await AssemblyMemberRecord.query(on: db).filter(\.$assemblyID == assembly.id ?? 0).filter(\.$cityID == cityID).first() != nil else {
            throw DomainError.invalid("cityId", key: "error_not_member", ["assembly": assembly.name])
        }
    }

    // MARK: Reading

    /// The shape of the cursor of the list by name: the last name shown and its id.
    static let cursorShape: [Cursor.Kind] = [.text, .int]

    /// Assemblies by name.
    func list(page: Paging) async throws -> CursorPage<AssemblyDTO> {
        let query = AssemblyRecord.query(on: db).sort(\.$name).sort(\.$id)
        if let cursor = page.cursor, let name = cursor.key[0].text, let id = cursor.key[1].int {
            query.group(.or) { or in
                or.filter(\.$name > name).group(.and) { $0.filter(\.$name == name).filter(\.$id > id) }
            }
        }
        let rows = try await query.limit(page.limit + 1).all()
        return try await page.page(rows, key: { [.text($0.name), .int($0.id ?? 0)] }) { rows in
            var all: [AssemblyDTO] = []
            for row in rows { all.append(try await dto(row)) }
            return all
        }
    }

    func assembly(id: Int) async throws -> AssemblyDTO { try await dto(try await find(id)) }

    func find(_ id: Int) async throws -> AssemblyRecord {
        guard let row = try await AssemblyRecord.find(id, on: db) else { throw DomainError.notFound(entity: "assembly", id: String(id)) }
        return row
    }

    func findMotion(_ id: Int) async throws -> MotionRecord {
        guard let row = try await MotionRecord.find(id, on: db) else { throw DomainError.notFound(entity: "motion", id: String(id)) }
        return row
    }

    func stage(_ motion: MotionRecord) -> MotionStage { MotionStage(voteClosesAt: motion.voteClosesAt, now: now) }

    func motion(id: Int) async throws -> MotionDTO {
        let motion = try await findMotion(id)
        let assembly = try await find(motion.assemblyID)
        let amendments = try await MotionRecord.query(on: db).filter(\.$amendsID == id).sort(\.$id).all()
        let comments = try await MotionCommentRecord.query(on: db).filter(\.$motionID == id).sort(\.$id).all()
        let votes = try await VoteRecord.query(on: db).filter(\.$motionID == id).sort(\.$cityID).all()
        let members = try await AssemblyMemberRecord.query(on: db).filter(\.$assemblyID == assembly.id ?? 0).count()
        let cities = try await CityDirectory(database: db).cityRefs(ids: [motion.cityID] + amendments.map(\.cityID) + comments.map(\.cityID) + votes.map(\.cityID))
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ ([motion.personID] + comments.map(\.personID))).all()
            .map { ($0.id ?? 0, $0.displayName) })
        guard let city = cities[motion.cityID] else { throw DomainError.notFound(entity: "city", id: String(motion.cityID)) }
        let closed = stage(motion) == .closed
        return MotionDTO(
            id: id, assemblyId: motion.assemblyID, amendsId: motion.amendsID, city: city, proposedBy: people[motion.personID] ?? "", title: motion.title,
            text: motion.text, stage: stage(motion), voteOpensAt: motion.voteOpensAt, voteClosesAt: motion.voteClosesAt, votesCast: votes.count,
            result: closed ? VoteTally(votes: votes.compactMap { VoteChoice(rawValue: $0.choice) }, members: members, quorumPercent: assembly.quorumPercent,
                                       majority: Majority(rawValue: assembly.majority) ?? .simple) : nil,
            votes: closed ? votes.compactMap { v in cities[v.cityID].map { CityVoteDTO(city: $0, choice: v.choice) } } : nil,
            amendments: amendments.compactMap { a in cities[a.cityID].map { MotionSummaryDTO(id: a.id ?? 0, title: a.title, city: $0, amendsId: id, stage: stage(a)) } },
            comments: comments.compactMap { c in cities[c.cityID].map { CommentDTO(id: c.id ?? 0, city: $0, by: people[c.personID] ?? "", body: c.body, createdAt: c.createdAt) } },
            createdAt: motion.createdAt)
    }

    private func dto(_ row: AssemblyRecord) async throws -> AssemblyDTO {
        let members = try await AssemblyMemberRecord.query(on: db).filter(\.$assemblyID == row.id ?? 0).all(\.$cityID)
        // Every motion: an assembly's agenda is read whole (a few dozen motions a sitting).
        let motions = try await MotionRecord.query(on: db).filter(\.$assemblyID == row.id ?? 0).sort(\.$id, .descending).all()
        let cities = try await CityDirectory(database: db).cityRefs(ids: members + motions.map(\.cityID))
        let sittings = try await Events(request: request).dtos(try await EventRecord.query(on: db).filter(\.$assemblyID == row.id).sort(\.$startsAt).all())
        let network = try await Network.find(row.networkID, on: db)
        return AssemblyDTO(
            id: row.id ?? 0, network: NetworkRefDTO(id: row.networkID, name: network?.shortName ?? row.networkID), name: row.name, description: row.description,
            quorumPercent: row.quorumPercent, majority: row.majority, members: members.compactMap { cities[$0] }.sorted { $0.name < $1.name },
            sittings: sittings,
            motions: motions.compactMap { m in cities[m.cityID].map { MotionSummaryDTO(id: m.id ?? 0, title: m.title, city: $0, amendsId: m.amendsID, stage: stage(m)) } })
    }
}
