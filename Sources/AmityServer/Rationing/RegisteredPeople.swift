import AmityCore
import Fluent
import Vapor

/// People registered in a programme, by the HMAC of their document number.
struct RegisteredPeople {
    let db: any Database
    let key: DocumentKey

    /// The person's stored key, scoped to the programme.
    func documentKey(_ document: String, programmeID: Int, field: String) throws -> String {
        key.hmac(try DocumentKey.normalized(document, field: field), scope: "programme:\(programmeID)")
    }

    /// Registers a person, or returns the one already registered under the same number unchanged.
    func register(_ input: RegisterPersonRequest, programmeID: Int, now: Date, prefix: String = "") async throws -> RegisteredPersonDTO {
        var errors: [DomainError.FieldError] = []
        var documentKey = ""
        do { documentKey = try self.documentKey(input.document, programmeID: programmeID, field: prefix + "document") } catch let DomainError.invalid(fields) { errors += fields }
        if !RationPolicy.isName(input.documentType) { errors.append(.init(field: prefix + "documentType", key: "error_name")) }
        var birth = ""
        do { birth = try PartialDate(input.birth.trimmingCharacters(in: .whitespaces), field: prefix + "birth").description } catch let DomainError.invalid(fields) { errors += fields }
        let flags = (input.flags ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if flags.count > 10 || !flags.allSatisfy(RationPolicy.isName) { errors.append(.init(field: prefix + "flags", key: "error_name")) }
        let district = (input.district ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length(prefix + "district", district, max: 100, required: false) { errors.append(error) }
        var household: String?
        if let text = input.household?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            // A household registration is any short code the programme uses; it is hashed like a number.
            if RationPolicy.isName(text) { household = key.hmac(text.uppercased(), scope: "household:\(programmeID)") }
            else { errors.append(.init(field: prefix + "household", key: "error_name")) }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        if let existing = try await RegisteredPersonRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$documentKey == documentKey).first() {
            return Self.dto(existing, created: false)
        }
        let row = RegisteredPersonRecord()
        (row.programmeID, row.documentKey, row.documentType, row.birth) = (programmeID, documentKey, input.documentType, birth)
        let compact = try DocumentKey.normalized(input.document, field: "document")
        row.lastDigit = compact.last?.wholeNumberValue
        (row.flags, row.householdKey, row.district, row.createdAt) = (flags.joined(separator: ","), household, district, now)
        try await row.create(on: db)
        return Self.dto(row, created: true)
    }

    /// The person as the rules see them.
    static func person(_ row: RegisteredPersonRecord) throws -> Cardholder {
        Cardholder(key: String(try row.requireID()), document: row.documentType, lastDigit: row.lastDigit, birth: try PartialDate(row.birth),
               flags: row.flags.split(separator: ",").map(String.init), household: row.householdKey)
    }

    static func dto(_ row: RegisteredPersonRecord, created: Bool) -> RegisteredPersonDTO {
        RegisteredPersonDTO(id: row.id ?? 0, documentType: row.documentType, birth: row.birth, flags: row.flags.split(separator: ",").map(String.init),
                            district: row.district, created: created)
    }
}
