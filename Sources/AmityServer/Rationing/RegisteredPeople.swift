import AmityCore
import Fluent
import PostgresKit
import SQLKit
import Vapor

/// People registered in a programme, by the HMAC of their document number.
struct RegisteredPeople {
    let db: any Database
    let key: DocumentKey

    /// Checks a registration without the database, every field at once.
    static func check(_ input: RegisterPersonRequest, prefix: String = "", now: Date) throws {
        var errors: [DomainError.FieldError] = []
        do { _ = try DocumentKey.normalized(input.document, field: prefix + "document") } catch let DomainError.invalid(fields) { errors += fields }
        errors += fieldErrors(input, prefix: prefix, now: now)
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
    }

    /// What is wrong with a registration's fields besides its number.
    private static func fieldErrors(_ input: RegisterPersonRequest, prefix: String, now: Date) -> [DomainError.FieldError] {
        var errors: [DomainError.FieldError] = []
        if !RationPolicy.isName(input.documentType) { errors.append(.init(field: prefix + "documentType", key: "error_name")) }
        do {
            let birth = try PartialDate(input.birth.trimmingWhitespace(), field: prefix + "birth")
            // Nobody is born after today (anywhere on Earth): the latest zone is 14 hours ahead of UTC.
            if CivilDay.bounds(of: birth).lowerBound > LocalClock.latest.day(of: now) { errors.append(.init(field: prefix + "birth", key: "error_not_future")) }
        } catch let DomainError.invalid(fields) { errors += fields } catch {}
        let flags = (input.flags ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if flags.count > 10 || !flags.allSatisfy(RationPolicy.isName) { errors.append(.init(field: prefix + "flags", key: "error_name")) }
        if let error = DomainError.FieldError.length(prefix + "district", input.district ?? "", max: 100, required: false) { errors.append(error) }
        if let text = input.household?.trimmingWhitespace(), !text.isEmpty, !RationPolicy.isName(text) {
            errors.append(.init(field: prefix + "household", key: "error_name"))
        }
        return errors
    }

    /// Registers a person, or returns the one already registered under the same number unchanged.
    func register(_ input: RegisterPersonRequest, programmeID: Int, now: Date, prefix: String = "") async throws -> RegisteredPersonDTO {
        let row = try record(input, programmeID: programmeID, now: now, prefix: prefix)
        if let existing = try await RegisteredPersonRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$documentKey == row.documentKey).first() {
            return Self.dto(existing, created: false)
        }
        try await row.create(on: db)
        return Self.dto(row, created: true)
    }

    /// Registers many at once, in one look-up and one insert: a number already registered (or
    /// twice in `inputs`) is left as it is. Returns how many were new.
    func registerAll(_ inputs: [RegisterPersonRequest], programmeID: Int, now: Date) async throws -> Int {
        var rows: [String: RegisteredPersonRecord] = [:], order: [String] = []
        for input in inputs {
            let row = try record(input, programmeID: programmeID, now: now)
            guard rows[row.documentKey] == nil else { continue }
            rows[row.documentKey] = row
            order.append(row.documentKey)
        }
        for existing in try await Self.find(keys: Set(order), programmeID: programmeID, on: .sql(db.sql)) { rows[existing.documentKey] = nil }
        // In the file's order, so ids follow the file.
        let fresh = order.compactMap { rows[$0] }
        if !fresh.isEmpty { try await fresh.create(on: db) }
        return fresh.count
    }

    /// The row a registration makes, checked: the number as its HMAC, the household as its own.
    private func record(_ input: RegisterPersonRequest, programmeID: Int, now: Date, prefix: String = "") throws -> RegisteredPersonRecord {
        var errors: [DomainError.FieldError] = []
        var documentKey = ""
        do { documentKey = try key.programmeKey(input.document, programmeID: programmeID, field: prefix + "document") } catch let DomainError.invalid(fields) { errors += fields }
        errors += Self.fieldErrors(input, prefix: prefix, now: now)
        let birth = (try? PartialDate(input.birth.trimmingWhitespace(), field: "birth").description) ?? ""
        let flags = (input.flags ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        let district = (input.district ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let household = input.household.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
            // A household registration is any short code the programme uses; it is hashed like a number.
            .map { key.hmac($0.uppercased(), scope: "household:\(programmeID)") }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let row = RegisteredPersonRecord()
        (row.programmeID, row.documentKey, row.documentType, row.birth) = (programmeID, documentKey, input.documentType, birth)
        row.lastDigit = try DocumentKey.normalized(input.document, field: "document").last?.wholeNumberValue
        (row.flags, row.householdKey, row.district, row.createdAt) = (flags.joined(separator: ","), household, district, now)
        return row
    }

    /// A registered person as sales and entitlement questions read them.
    struct Registered: ColumnRow, Sendable {
        var id: Int
        var documentKey: String
        var documentType: String
        var lastDigit: Int?
        var birth: String
        var flags: String
        var householdKey: String?

        init(id: Int, documentKey: String, documentType: String, lastDigit: Int?, birth: String, flags: String, householdKey: String?) {
            (self.id, self.documentKey, self.documentType, self.lastDigit) = (id, documentKey, documentType, lastDigit)
            (self.birth, self.flags, self.householdKey) = (birth, flags, householdKey)
        }

        init(_ row: RegisteredPersonRecord) throws {
            self.init(id: try row.requireID(), documentKey: row.documentKey, documentType: row.documentType, lastDigit: row.lastDigit,
                      birth: row.birth, flags: row.flags, householdKey: row.householdKey)
        }

        init(columns row: any SQLRow) throws {
            (id, documentKey) = (try row.decode(column: "id", as: Int.self), try row.decode(column: "document_key", as: String.self))
            (documentType, lastDigit) = (try row.decode(column: "document_type", as: String.self), try row.decode(column: "last_digit", as: Int?.self))
            (birth, flags) = (try row.decode(column: "birth", as: String.self), try row.decode(column: "flags", as: String.self))
            householdKey = try row.decode(column: "household_key", as: String?.self)
        }
    }

    /// The people registered in the programme under `keys` (HMACs), in one plain query: for the
    /// sales asking at once (`RationingReads`) and for a slice of an import.
    static func find(keys: Set<String>, programmeID: Int, on connection: HotConnection) async throws -> [Registered] {
        guard !keys.isEmpty else { return [] }
        switch connection {
        case .postgres(let postgres): return try await postgres.all(Find(programmeID: programmeID, keys: keys.sorted()))
        case .sql(let db):
            return try await db.raw("""
                SELECT id, document_key, document_type, last_digit, birth, flags, household_key FROM \(unsafeRaw: RegisteredPersonRecord.schema)
                WHERE programme_id = \(bind: programmeID) AND document_key IN (\(binds: keys.sorted()))
                """).all(reading: Registered.self)
        }
    }

    /// `find` on PostgreSQL.
    private struct Find: HotStatement {
        typealias Row = Registered
        static let name = "amity_people_find"
        // One probe of the index by programme and key for each key (see `HotStatement`).
        static let sql = """
            SELECT p.id, p.document_key, p.document_type, p.last_digit, p.birth, p.flags, p.household_key FROM unnest($2::text[]) AS k(key) \
            CROSS JOIN LATERAL (SELECT * FROM \(RegisteredPersonRecord.schema) WHERE programme_id = $1 AND document_key = k.key OFFSET 0) p
            """
        var programmeID: Int, keys: [String]

        func makeBindings() -> PostgresBindings { PostgresBindings(programmeID, keys) }

        func decodeRow(_ row: PostgresRow) throws -> Registered {
            let (id, key, type, lastDigit, birth, flags, household) = try row.decode((Int, String, String, Int?, String, String, String?).self)
            return Registered(id: id, documentKey: key, documentType: type, lastDigit: lastDigit, birth: birth, flags: flags, householdKey: household)
        }
    }

    /// The person as the rules see them.
    static func person(_ row: Registered) throws -> Cardholder {
        Cardholder(key: String(row.id), document: row.documentType, lastDigit: row.lastDigit, birth: try PartialDate(row.birth),
                   flags: row.flags.split(separator: ",").map(String.init), household: row.householdKey)
    }

    static func dto(_ row: RegisteredPersonRecord, created: Bool) -> RegisteredPersonDTO {
        RegisteredPersonDTO(id: row.id ?? 0, documentType: row.documentType, birth: row.birth, flags: row.flags.split(separator: ",").map(String.init),
                            district: row.district, created: created)
    }
}
