import AmityCore
import CSV
import Fluent
import Foundation

/// Outlets and people loaded from CSV files (RFC 4180, UTF-8, a header row naming the columns in
/// any order): every row is checked before any is written, so a bad file changes nothing, and a
/// line's errors name the line and the column. Codes and numbers stay text, leading zeros kept.
struct RationingImport {
    let db: any Database
    let key: DocumentKey

    /// Rows written per transaction: large files commit as they go, each batch whole.
    static let batch = 500

    struct Summary: Sendable, Equatable {
        var created = 0
        var unchanged = 0
        var updated = 0
    }

    /// The file's rows one at a time, as column → value with the header's names lower-cased:
    /// a national register is read twice (checked, then written) and never held whole.
    struct Rows {
        private let reader: CSVReader
        private let header: [String]
        /// The line of the row `next()` returned last (the header is line 1).
        private(set) var line = 1

        init(_ text: String, required: [String]) throws {
            do { reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true, trimFields: true) }
            catch { throw DomainError.invalid("line 1", "The file has no header row.") }
            header = (reader.headerRow ?? []).map { $0.lowercased() }
            let missing = required.filter { !header.contains($0) }
            if !missing.isEmpty { throw DomainError.invalid("line 1", "The header lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")).") }
        }

        mutating func next() throws -> [String: String]? {
            while let row = reader.next() {
                line += 1
                if row.allSatisfy(\.isEmpty) { continue }
                return Dictionary(zip(header, row).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
            }
            if let error = reader.error { throw DomainError.invalid("line \(line + 1)", "The file is not valid CSV there: \(error).") }
            return nil
        }
    }

    /// Every row of the file, for the small files (outlets, terminals).
    static func rows(_ text: String, required: [String]) throws -> [[String: String]] {
        var reader = try Rows(text, required: required), rows: [[String: String]] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// Loads outlets: `code,name,address` and optionally `phone,latitude,longitude,kind,test,note,service_periods`.
    /// An outlet whose code is already there is updated.
    func outlets(_ text: String, programmeID: Int, now: Date, progress: @Sendable (Double) -> Void = { _ in }) async throws -> Summary {
        let rows = try Self.rows(text, required: ["code", "name", "address"])
        var inputs: [CreateOutletRequest] = [], lines: [Int] = [], errors: [DomainError.FieldError] = []
        for (index, row) in rows.enumerated() {
            let line = "line \(index + 2): "
            var input = CreateOutletRequest(code: row["code"] ?? "", name: row["name"] ?? "", address: row["address"] ?? "", phone: row["phone"],
                                            latitude: nil, longitude: nil, kind: row["kind"].flatMap { $0.isEmpty ? nil : $0 },
                                            test: ["1", "true", "yes", "y"].contains((row["test"] ?? "").lowercased()), note: row["note"],
                                            servicePeriods: row["service_periods"])
            for (column, value) in [("latitude", row["latitude"]), ("longitude", row["longitude"])] {
                guard let value, !value.isEmpty else { continue }
                guard let number = Double(value) else { errors.append(.init(field: line + column, key: "error_coordinates")); continue }
                if column == "latitude" { input.latitude = number } else { input.longitude = number }
            }
            do {
                inputs.append(try Outlets.checked(input, prefix: line))
                lines.append(index + 2)
            } catch let DomainError.invalid(fields) { errors += fields }
        }
        let codes = inputs.map(\.code)
        for (index, code) in codes.enumerated() where codes.firstIndex(of: code) != index {
            errors.append(.init(field: "line \(lines[index]): code", key: "error_duplicate", ["text": code]))
        }
        guard errors.isEmpty else { throw DomainError.invalid(Array(errors.prefix(50))) }
        var summary = Summary()
        for start in stride(from: 0, to: inputs.count, by: Self.batch) {
            let slice = Array(inputs[start..<min(start + Self.batch, inputs.count)])
            let counts = try await db.transaction { db in
                var counts = Summary()
                for input in slice {
                    let (_, created) = try await Outlets(db: db).save(input, programmeID: programmeID, now: now, replace: true, counted: false)
                    if created { counts.created += 1 } else { counts.updated += 1 }
                }
                try await Outlets.changed(programmeID: programmeID, on: db)
                return counts
            }
            (summary.created, summary.updated) = (summary.created + counts.created, summary.updated + counts.updated)
            progress(Double(min(start + Self.batch, inputs.count)) / Double(max(1, inputs.count)))
        }
        return summary
    }

    /// Loads people: `document,documentType,birth` and optionally `flags` (separated by `;`),
    /// `household` and `district`. A number already registered is left as it is.
    func people(_ text: String, programmeID: Int, now: Date, progress: @Sendable (Double) -> Void = { _ in }) async throws -> Summary {
        let required = ["document", "documenttype", "birth"]
        func person(_ row: [String: String]) -> RegisterPersonRequest {
            RegisterPersonRequest(document: row["document"] ?? "", documentType: row["documenttype"] ?? "", birth: row["birth"] ?? "",
                                  flags: (row["flags"] ?? "").split(separator: ";").map { String($0).trimmingWhitespace() },
                                  household: row["household"], district: row["district"])
        }
        // Checked first, every row, before anything is written: nothing is written from a bad file.
        var reader = try Rows(text, required: required), errors: [DomainError.FieldError] = [], count = 0
        while errors.count < 50, let row = try reader.next() {
            count += 1
            do { try RegisteredPeople.check(person(row), prefix: "line \(reader.line): ", now: now) } catch let DomainError.invalid(fields) { errors += fields }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        var summary = Summary(), batch: [RegisterPersonRequest] = []
        func write() async throws {
            let (slice, key) = (batch, self.key)
            let created = try await db.transaction { db in try await RegisteredPeople(db: db, key: key).registerAll(slice, programmeID: programmeID, now: now) }
            (summary.created, summary.unchanged) = (summary.created + created, summary.unchanged + slice.count - created)
            batch.removeAll(keepingCapacity: true)
            progress(Double(summary.created + summary.unchanged) / Double(max(1, count)))
        }
        reader = try Rows(text, required: required)
        while let row = try reader.next() {
            batch.append(person(row))
            if batch.count == Self.batch { try await write() }
        }
        if !batch.isEmpty { try await write() }
        return summary
    }

    /// Issues terminals: `outlet` (its code) and optionally `name`, one terminal per row, all or
    /// none; the programme's cap per outlet holds. Returns each new token, shown only this once.
    func terminals(_ text: String, programme: ProgrammeRecord, now: Date) async throws -> [(outlet: String, token: String)] {
        let rows = try Self.rows(text, required: ["outlet"])
        let programmeID = try programme.requireID()
        let codes = Set(rows.compactMap { $0["outlet"] })
        let outlets = try await OutletRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$code ~~ codes).all()
        let byCode = Dictionary(uniqueKeysWithValues: outlets.map { ($0.code, $0) })
        var errors: [DomainError.FieldError] = []
        for (index, row) in rows.enumerated() where byCode[row["outlet"] ?? ""] == nil {
            errors.append(.init(field: "line \(index + 2): outlet", key: "error_no_outlet", ["id": row["outlet"] ?? ""]))
        }
        guard errors.isEmpty else { throw DomainError.invalid(Array(errors.prefix(50))) }
        return try await db.transaction { db in
            var issued: [(outlet: String, token: String)] = []
            for (index, row) in rows.enumerated() {
                let code = row["outlet"] ?? ""
                let name = row["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "Terminal \(index + 1)"
                let made = try await Terminals(db: db).issue(CreateTerminalRequest(name: name), outlet: byCode[code]!, cap: programme.terminalsPerOutlet, by: nil, now: now)
                issued.append((code, made.token))
            }
            return issued
        }
    }
}
