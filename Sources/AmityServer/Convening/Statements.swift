import AmityCore
import Fluent
import SQLKit
import Vapor

/// Joint statements: written by a city or a network, frozen when opened for signature, signed once
/// per city by its verified officer, every signature and withdrawal chained by SHA-256.
struct Statements {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.application.clock.now() }

    // MARK: Writing the text

    func create(_ input: StatementInput) async throws -> StatementDTO {
        let (title, text) = try Self.checkText(title: input.title, text: input.text)
        let action = try await hostAction(cityID: input.hostCityId, networkID: input.hostNetworkId?.nilIfEmpty)
        let id = try await request.write(action) { trail, actor in
            let row = StatementRecord()
            (row.title, row.text, row.version, row.status) = (title, text, 1, .draft)
            (row.hostCityID, row.hostNetworkID, row.createdBy, row.createdAt) = (input.hostCityId, input.hostNetworkId?.nilIfEmpty, actor.personID, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("create", "statement", id: String(row.id ?? 0), cityID: row.hostCityID, after: ["title": title, "text": text])
            return try row.requireID()
        }
        return try await statement(id: id)
    }

    /// New words for a draft; an opened text is frozen, and changes only by a new version.
    func update(id: Int, _ input: StatementInput) async throws -> StatementDTO {
        let current = try await find(id)
        let (title, text) = try Self.checkText(title: input.title, text: input.text)
        try await request.write(try await hostAction(of: current)) { trail, _ in
            guard let row = try await StatementRecord.find(id, on: trail.db) else { throw DomainError.notFound(entity: "statement", id: String(id)) }
            guard row.status == .draft else {
                throw DomainError.conflict("This text is frozen: it opened for signature. Start a new version to change it.")
            }
            let before = ["title": row.title, "text": row.text]
            (row.title, row.text) = (title, text)
            try await row.save(on: trail.db)
            try await trail.record("update", "statement", id: String(id), cityID: row.hostCityID, before: before, after: ["title": title, "text": text])
        }
        return try await statement(id: id)
    }

    /// Freezes the text and opens the signing until `closesAt`.
    func open(id: Int, closesAt: Date) async throws -> StatementDTO {
        let current = try await find(id)
        guard closesAt > now else { throw DomainError.invalid("closesAt", key: "error_future") }
        try await request.write(try await hostAction(of: current)) { trail, _ in
            guard let row = try await StatementRecord.find(id, on: trail.db) else { throw DomainError.notFound(entity: "statement", id: String(id)) }
            guard row.status == .draft else { throw DomainError.conflict("This statement has already opened for signature.") }
            (row.status, row.opensAt, row.closesAt) = (.open, trail.now, closesAt)
            row.textHash = SignatureChain.textHash(version: row.version, title: row.title, text: row.text)
            try await row.save(on: trail.db)
            try await trail.record("open", "statement", id: String(id), cityID: row.hostCityID, after: ["textHash": row.textHash ?? "", "closesAt": "\(closesAt)"])
            try await trail.publish(LiveItem(kind: .statement, title: .written(row.title), summary: .fact(Fact("live_statement_open", ["closes": .instant(closesAt)])),
                                             link: "/statements/\(id)", cityID: row.hostCityID, topics: row.hostNetworkID.map { [.network($0)] } ?? []))
            try await trail.notify(Notice(kind: .statementOpen, values: ["title": row.title], facts: ["closes": .alone(.instant(closesAt))], link: "/statements/\(id)"),
                                   to: Audience(officersOf: try await Self.invited(hostCity: row.hostCityID, hostNetwork: row.hostNetworkID, on: trail.db)))
        }
        return try await statement(id: id)
    }

    /// The cities a statement's opening concerns: its network's members, or its host city's partners.
    static func invited(hostCity: Int?, hostNetwork: String?, on db: any Database) async throws -> Set<Int> {
        if let network = hostNetwork {
            return Set(try await Membership.standing(on: db).filter(\.$networkID == network).all(\.$cityID))
        }
        guard let city = hostCity else { return [] }
        let partnerships = try await Partnership.standing(on: db).group(.or) { $0.filter(\.$cityAID == city).filter(\.$cityBID == city) }.all()
        return Set(partnerships.map { $0.cityAID == city ? $0.cityBID : $0.cityAID })
    }

    /// Starts a new version of an opened text, as a draft with a signing of its own.
    func newVersion(of id: Int, _ input: StatementInput) async throws -> StatementDTO {
        let current = try await find(id)
        let (title, text) = try Self.checkText(title: input.title, text: input.text)
        guard current.status != .draft else { throw DomainError.conflict("A draft can still be edited; start a new version only of an opened text.") }
        let newID = try await request.write(try await hostAction(of: current)) { trail, actor in
            let row = StatementRecord()
            (row.title, row.text, row.version, row.previousID, row.status) = (title, text, current.version + 1, id, .draft)
            (row.hostCityID, row.hostNetworkID, row.createdBy, row.createdAt) = (current.hostCityID, current.hostNetworkID, actor.personID, trail.now)
            try await row.create(on: trail.db)
            try await trail.record("new-version", "statement", id: String(row.id ?? 0), cityID: row.hostCityID, after: ["previous": String(id), "title": title])
            return try row.requireID()
        }
        return try await statement(id: newID)
    }

    // MARK: Signing

    func sign(id: Int, _ input: SignInput) async throws -> StatementDTO {
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { throw DomainError.invalid([error]) }
        guard try await City.find(input.cityId, on: db) != nil else { throw DomainError.invalid("cityId", key: "error_no_city", ["id": String(input.cityId)]) }
        try await append(.sign, statementID: id, cityID: input.cityId, signerTitle: title)
        return try await statement(id: id)
    }

    /// Takes a city's signature back: an entry of its own, so the record keeps both.
    func withdraw(id: Int, cityID: Int) async throws -> StatementDTO {
        try await append(.withdraw, statementID: id, cityID: cityID, signerTitle: nil)
        return try await statement(id: id)
    }

    private func append(_ action: SignatureAction, statementID id: Int, cityID: Int, signerTitle: String?) async throws {
        _ = try await find(id)
        try await request.write(.actForCity(cityID: cityID)) { trail, actor in
            // One signer at a time per statement, so the chain never forks.
            let statement = try await trail.locked(StatementRecord.self, id, entity: "statement")
            guard statement.status == .open, let textHash = statement.textHash, let closes = statement.closesAt, trail.now < closes else {
                throw DomainError.conflict("This statement is not open for signature" + (statement.closesAt.map { $0 <= trail.now ? ": its signing closed." : "." } ?? "."))
            }
            let entries = try await SignatureEntryRecord.query(on: trail.db).filter(\.$statementID == id).sort(\.$position).all()
            let standing = Self.signatories(entries)
            guard let city = try await City.find(cityID, on: trail.db), let person = try await Person.find(actor.personID, on: trail.db) else {
                throw DomainError.notFound(entity: "city", id: String(cityID))
            }
            let previous = standing[cityID]
            switch action {
            case .sign where previous != nil:
                throw DomainError.conflict("\(city.name) has already signed this statement (entry \(previous?.position ?? 0)).")
            case .withdraw where previous == nil:
                throw DomainError.conflict("\(city.name) has not signed this statement.")
            default: break
            }
            let entry = SignatureChain.append(action: action, cityId: cityID, city: city.name, signer: person.displayName,
                                              title: signerTitle ?? previous?.signerTitle ?? "", at: trail.now, after: entries.last.map(Self.chainEntry), textHash: textHash)
            let row = SignatureEntryRecord()
            (row.statementID, row.position, row.action, row.cityID, row.cityName) = (id, entry.position, action.rawValue, cityID, city.name)
            (row.signerName, row.signerTitle, row.personID, row.at) = (entry.signer, entry.title, actor.personID, entry.at)
            (row.previousHash, row.hash) = (entry.previousHash, entry.hash)
            try await row.create(on: trail.db)
            try await trail.record(action.rawValue, "statement", id: String(id), cityID: cityID, after: ["position": String(entry.position), "hash": entry.hash])
            try await trail.publish(LiveItem(kind: .statement,
                                             title: .fact(Fact(action == .sign ? "live_statement_signed" : "live_statement_withdrew",
                                                               ["city": .city(cityID), "title": .text(statement.title)])),
                                             summary: .written("\(entry.signer), \(entry.title)."), link: "/statements/\(id)", cityID: cityID,
                                             topics: statement.hostNetworkID.map { [.network($0)] } ?? []))
        }
    }

    // MARK: Exports and checks

    func export(id: Int) async throws -> StatementExport {
        let row = try await find(id)
        guard let textHash = row.textHash else { throw DomainError.conflict("A draft has no signatures to export; it opens for signature first.") }
        let entries = try await SignatureEntryRecord.query(on: db).filter(\.$statementID == id).sort(\.$position).all().map(Self.chainEntry)
        var export = StatementExport(statementId: id, version: row.version, title: row.title, text: row.text, textHash: textHash,
                                     entries: entries, head: entries.last?.hash ?? textHash)
        try HeadSignature.sign(&export, with: request.application.signingKey)
        return export
    }

    /// Checks an export on its own terms and, when Amity holds the statement, against Amity's record.
    func verify(_ export: StatementExport) async throws -> VerificationDTO {
        var result: VerificationDTO
        switch SignatureChain.verify(export) {
        case .intact(let signatories, let head): result = VerificationDTO(intact: true, signatories: signatories, head: head)
        case .broken(let position, let reason): result = VerificationDTO(intact: false, position: position, reason: reason)
        }
        let ours = request.application.signingKey.publicKey.rawRepresentation.base64EncodedString()
        result.headSignature = switch HeadSignature.verify(export) {
        case .signed(let key): key == ours ? "signed" : "signed-by-another-key"
        case .unsigned: "unsigned"
        case .invalid: "invalid"
        }
        if result.headSignature == "invalid", result.intact {
            (result.intact, result.position, result.reason) = (false, export.entries.count + 1, "The head's signature does not verify: the head, the statement or the key was changed.")
        }
        if let row = try await StatementRecord.find(export.statementId, on: db), row.textHash != nil {
            var record = try await self.export(id: try row.requireID())
            var theirs = export
            // Signatures are randomised: the chains are compared, not the signatures over them.
            (record.signature, record.publicKey, theirs.signature, theirs.publicKey) = (nil, nil, nil, nil)
            let export = theirs
            result.recordHead = record.head
            result.matchesRecord = record == export
            if result.intact, record != export {
                let pairs = Array(zip(record.entries, export.entries))
                let firstDifferent: Int? = pairs.firstIndex { pair in pair.0 != pair.1 }
                let differing: Int = (firstDifferent ?? min(record.entries.count, export.entries.count)) + 1
                result.position = differing
                result.reason = "The export is a consistent chain but not Amity's: it differs from Amity's record at entry \(differing) (Amity's head is \(record.head))."
            }
        }
        return result
    }

    // MARK: Reading

    /// The statements this reader may see, newest first: every opened one, and the drafts of
    /// hosts they act for (the same rule as `mayRead`, asked of the database so pages stay full).
    func list(page: Paging) async throws -> CursorPage<StatementDTO> {
        let query = StatementRecord.query(on: db)
        let actor = try await request.actor()
        if actor?.isAdministrator != true {
            let cities = Array(actor?.officerOf ?? []), networks = Array(actor?.secretariatOf ?? [])
            query.group(.or) { or in
                or.filter(\.$status != .draft)
                if !cities.isEmpty { or.filter(\.$hostCityID ~~ cities) }
                if !networks.isEmpty { or.filter(\.$hostNetworkID ~~ networks) }
            }
        }
        return try await page.newestFirst(query) { rows in
            var all: [StatementDTO] = []
            for row in rows { all.append(try await dto(row)) }
            return all
        }
    }

    /// The statements open for signature now, the soonest to close first; `limit` at most.
    func openForSignature(limit: Int) async throws -> [StatementDTO] {
        let rows = try await StatementRecord.query(on: db).filter(\.$status == .open)
            .group(.or) { $0.filter(\.$closesAt == nil).filter(\.$closesAt > now) }
            .sort(\.$closesAt).sort(\.$id).limit(limit).all()
        var all: [StatementDTO] = []
        for row in rows { all.append(try await dto(row)) }
        return all
    }

    /// The statements that were opened, the latest opened first: what a reader sees when none is open.
    func recentlyOpened(limit: Int) async throws -> [StatementDTO] {
        let rows = try await StatementRecord.query(on: db).filter(\.$status != .draft).filter(\.$opensAt != nil)
            .sort(\.$opensAt, .descending).sort(\.$id, .descending).limit(limit).all()
        var all: [StatementDTO] = []
        for row in rows { all.append(try await dto(row)) }
        return all
    }

    /// One statement; a draft is 404 to anyone but its host's officers or secretariat (and administrators).
    func statement(id: Int) async throws -> StatementDTO {
        let row = try await find(id)
        guard try await mayRead(row) else { throw DomainError.notFound(entity: "statement", id: String(id)) }
        return try await dto(row)
    }

    /// A draft is still being negotiated: only those who may write it read it.
    func mayRead(_ row: StatementRecord) async throws -> Bool {
        guard row.status == .draft else { return true }
        let action: Action = row.hostCityID.map { .actForCity(cityID: $0) } ?? .actForNetwork(networkID: row.hostNetworkID ?? "")
        return try await request.can(action)
    }

    func find(_ id: Int) async throws -> StatementRecord {
        guard let row = try await StatementRecord.find(id, on: db) else { throw DomainError.notFound(entity: "statement", id: String(id)) }
        return row
    }

    /// The signatories as CSV: one line per city standing signed, with its chain entry.
    func csv(id: Int) async throws -> String {
        let export = try await export(id: id)
        var lines = ["position,city id,city,signer,title,signed at,hash,previous hash"]
        var standing: [Int: ChainEntry] = [:]
        for entry in export.entries { if entry.action == .sign { standing[entry.cityId] = entry } else { standing[entry.cityId] = nil } }
        for entry in standing.values.sorted(by: { $0.position < $1.position }) {
            let fields: [String] = [String(entry.position), String(entry.cityId), entry.city, entry.signer, entry.title, entry.at, entry.hash, entry.previousHash]
            lines.append(fields.map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func dto(_ row: StatementRecord) async throws -> StatementDTO {
        let entries = try await SignatureEntryRecord.query(on: db).filter(\.$statementID == row.id ?? 0).sort(\.$position).all()
        let standing = Self.signatories(entries).values.sorted { $0.position < $1.position }
        let cities = try await CityDirectory(database: db).cityRefs(ids: standing.map(\.cityID) + [row.hostCityID].compactMap { $0 })
        var hostName = row.hostNetworkID ?? ""
        if let network = row.hostNetworkID { hostName = try await Network.find(network, on: db)?.shortName ?? network }
        if let city = row.hostCityID { hostName = cities[city]?.name ?? String(city) }
        let status = row.status.seen(closesAt: row.closesAt, now: now)
        return StatementDTO(
            id: row.id ?? 0, title: row.title, text: row.text, version: row.version, previousId: row.previousID, status: status,
            host: .init(cityId: row.hostCityID, networkId: row.hostNetworkID, name: hostName), opensAt: row.opensAt, closesAt: row.closesAt,
            textHash: row.textHash, head: row.textHash.map { entries.last?.hash ?? $0 },
            signatories: standing.compactMap { e in cities[e.cityID].map { SignatoryDTO(city: $0, signer: e.signerName, title: e.signerTitle, at: e.at, position: e.position) } },
            createdAt: row.createdAt)
    }

    /// The cities standing signed after replaying the chain, each with the entry that signed it.
    static func signatories(_ entries: [SignatureEntryRecord]) -> [Int: SignatureEntryRecord] {
        var standing: [Int: SignatureEntryRecord] = [:]
        for entry in entries { standing[entry.cityID] = entry.action == SignatureAction.sign.rawValue ? entry : nil }
        return standing
    }

    static func chainEntry(_ row: SignatureEntryRecord) -> ChainEntry {
        ChainEntry(position: row.position, action: SignatureAction(rawValue: row.action) ?? .sign, cityId: row.cityID, city: row.cityName,
                   signer: row.signerName, title: row.signerTitle, at: row.at, previousHash: row.previousHash, hash: row.hash)
    }

    // MARK: Rules

    static func checkText(title: String, text: String) throws -> (String, String) {
        var errors: [DomainError.FieldError] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("text", text, max: 20_000) {
            errors.append(error)
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return (title, text)
    }

    private func hostAction(cityID: Int?, networkID: String?) async throws -> Action {
        switch (cityID, networkID) {
        case (let city?, nil):
            guard try await City.find(city, on: db) != nil else { throw DomainError.invalid("hostCityId", key: "error_no_city", ["id": String(city)]) }
            return .actForCity(cityID: city)
        case (nil, let network?):
            guard try await Network.find(network, on: db) != nil else { throw DomainError.invalid("hostNetworkId", key: "error_no_network", ["id": network]) }
            return .actForNetwork(networkID: network)
        default:
            throw DomainError.invalid("hostCityId", "A statement has one host: a city (hostCityId) or a network (hostNetworkId).")
        }
    }

    /// What writing statement `id` needs, for checking the role before its body is read.
    func writeAction(id: Int) async throws -> Action { try await hostAction(of: try await find(id)) }

    private func hostAction(of row: StatementRecord) async throws -> Action {
        try await hostAction(cityID: row.hostCityID, networkID: row.hostNetworkID)
    }
}
