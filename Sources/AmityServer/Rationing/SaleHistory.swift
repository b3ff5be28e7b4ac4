import AmityCore
import Fluent
import Foundation
import NIOCore
import PostgresKit
import SQLKit

/// What people bought, as the rules read it: the one way sales, previews and entitlement
/// questions load a history, in one plain query (the hot path of a national programme).
enum SaleHistory {
    /// A line as the rules read it, with whose it is.
    private struct Line: ColumnRow {
        var personID: Int, purchase: Purchase

        init(personID: Int, purchase: Purchase) {
            (self.personID, self.purchase) = (personID, purchase)
        }

        init(columns row: any SQLRow) throws {
            personID = try row.decode(column: "person_id", as: Int.self)
            purchase = try SaleHistory.purchase(of: personID, row)
        }
    }

    /// The line in `row` (columns at, class, quantity, channel, donated) of person `id`.
    private static func purchase(of id: Int, _ row: any SQLRow) throws -> Purchase {
        Purchase(person: String(id), at: try row.decode(column: "at", as: Date.self), class: try row.decode(column: "class", as: String.self),
                 quantity: try row.decode(column: "quantity", as: Int.self), channel: try row.decode(column: "channel", as: String.self),
                 donated: try row.decode(column: "donated", as: Bool.self))
    }

    /// The lines of `people` from `since` on, reversals left out, by person. A line stamped later
    /// than `now` (another server's clock running ahead) still counts, as now.
    static func purchases(of people: [Int], since: Date, now: Date, on connection: HotConnection) async throws -> [Int: [Purchase]] {
        guard !people.isEmpty else { return [:] }
        let lines: [Line]
        switch connection {
        case .postgres(let postgres): lines = try await postgres.all(Lines(people: people, since: since))
        case .sql(let db):
            lines = try await db.raw("""
                SELECT person_id, at, class, quantity, channel, donated FROM \(unsafeRaw: SaleLineRecord.schema)
                WHERE person_id IN (\(binds: people)) AND at >= \(bind: since) AND reversed = \(bind: false)
                """).all(reading: Line.self)
        }
        var history: [Int: [Purchase]] = [:]
        for line in lines {
            var purchase = line.purchase
            purchase.at = min(purchase.at, now)
            history[line.personID, default: []].append(purchase)
        }
        return history
    }

    /// `purchases` on PostgreSQL.
    private struct Lines: HotStatement {
        typealias Row = Line
        static let name = "amity_sale_history"
        static let sql = """
            SELECT person_id, at, class, quantity, channel, donated FROM \(SaleLineRecord.schema) \
            WHERE person_id = ANY($1::bigint[]) AND at >= $2 AND reversed = false
            """
        var people: [Int], since: Date

        func makeBindings() -> PostgresBindings { PostgresBindings(people, since) }

        func decodeRow(_ row: PostgresRow) throws -> Line {
            let (person, at, name, quantity, channel, donated) = try row.decode((Int, Date, String, Int, String, Bool).self)
            return Line(personID: person, purchase: Purchase(person: String(person), at: at, class: name, quantity: quantity, channel: channel, donated: donated))
        }
    }

    /// A person, with one of their lines when they have any (a left join).
    private struct PersonLine: ColumnRow {
        var person: RegisteredPeople.Registered, line: Purchase?

        init(person: RegisteredPeople.Registered, line: Purchase?) {
            (self.person, self.line) = (person, line)
        }

        init(columns row: any SQLRow) throws {
            person = try RegisteredPeople.Registered(columns: row)
            line = try row.decodeNil(column: "at") ? nil : SaleHistory.purchase(of: person.id, row)
        }
    }

    /// The people registered in the programme under `keys` (HMACs), each with their lines from
    /// `since` on, in one plain query: the entitlement questions asked together (`RationingReads`).
    /// Lines are as stored; each question clamps and trims them to its own instant.
    static func people(keys: Set<String>, programmeID: Int, since: Date, on connection: HotConnection) async throws -> [String: RationingReads.Found] {
        guard !keys.isEmpty else { return [:] }
        let rows: [PersonLine]
        switch connection {
        case .postgres(let postgres): rows = try await postgres.all(PeopleWithLines(programmeID: programmeID, keys: keys.sorted(), since: since))
        case .sql(let db):
            // SQLite in memory, which `SQLiteReader` cannot open: the same statement through SQLKit.
            let statement = NumberedSQL(peopleWithLines, binds: [programmeID, since, keysJSON(keys)])
            rows = try await db.raw("\(statement)").all(reading: PersonLine.self)
        }
        return found(rows)
    }

    /// `people` through Amity's own readers of an SQLite file, on the asking thread.
    static func people(keys: Set<String>, programmeID: Int, since: Date, reading reader: SQLiteReader) throws -> [String: RationingReads.Found] {
        guard !keys.isEmpty else { return [:] }
        let rows = try reader.rows(peopleWithLines, [.integer(programmeID), SQLiteReader.Value(since), .text(keysJSON(keys))]).map { row in
            guard let id = row[0].int, let key = row[1].string, let type = row[2].string, let birth = row[4].string, let flags = row[5].string else {
                throw UnexpectedRow(description: "A registered person's row lacks a column it must have.")
            }
            let person = RegisteredPeople.Registered(id: id, documentKey: key, documentType: type, lastDigit: row[3].int, birth: birth, flags: flags, householdKey: row[6].string)
            if row[7] == .null { return PersonLine(person: person, line: nil) }   // nobody's line joined
            guard let at = row[7].date, let name = row[8].string, let quantity = row[9].int, let channel = row[10].string, let donated = row[11].int else {
                throw UnexpectedRow(description: "A sale line's row is not as SQLiteNIO writes one.")
            }
            return PersonLine(person: person, line: Purchase(person: String(id), at: at, class: name, quantity: quantity, channel: channel, donated: donated != 0))
        }
        return found(rows)
    }

    /// The keys as one JSON array, so that the statement has one shape and is prepared once.
    private static func keysJSON(_ keys: Set<String>) -> String {
        var json = JSONOutput(ByteBuffer())
        json.array(keys.sorted()) { $0.value($1) }
        return String(buffer: json.bytes)
    }

    /// `people` on SQLite: one probe of the people's index for each key of the array (?3), in the
    /// programme ?1, with the lines from ?2 on.
    static let peopleWithLines = """
        SELECT p.id, p.document_key, p.document_type, p.last_digit, p.birth, p.flags, p.household_key, l.at, l.class, l.quantity, l.channel, l.donated
        FROM \(RegisteredPersonRecord.schema) p LEFT JOIN \(SaleLineRecord.schema) l ON l.person_id = p.id AND l.at >= ?2 AND l.reversed = 0
        WHERE p.programme_id = ?1 AND p.document_key IN (SELECT value FROM json_each(?3))
        """

    private static func found(_ rows: [PersonLine]) -> [String: RationingReads.Found] {
        var found: [String: RationingReads.Found] = [:]
        for row in rows {
            found[row.person.documentKey, default: (row.person, [])].1 += row.line.map { [$0] } ?? []
        }
        return found
    }

    /// A row its statement cannot have returned (a column missing or of another kind, a key it was not asked).
    private struct UnexpectedRow: Error, CustomStringConvertible { var description: String }

    /// `people` on PostgreSQL.
    private struct PeopleWithLines: HotStatement {
        typealias Row = PersonLine
        static let name = "amity_entitlement_people"
        // One probe of the people's index for each key, and of the lines' for each person found (see `HotStatement`).
        // A row names its key by its place in $2: a 64-character key read back in every row cost more than its look-up.
        static let sql = """
            SELECT p.id, k.place, p.document_type, p.last_digit, p.birth, p.flags, p.household_key, l.at, l.class, l.quantity, l.channel, l.donated \
            FROM unnest($2::text[]) WITH ORDINALITY AS k(key, place) \
            CROSS JOIN LATERAL (SELECT * FROM \(RegisteredPersonRecord.schema) WHERE programme_id = $1 AND document_key = k.key OFFSET 0) p \
            LEFT JOIN LATERAL (SELECT * FROM \(SaleLineRecord.schema) WHERE person_id = p.id AND at >= $3 AND reversed = false OFFSET 0) l ON true
            """
        var programmeID: Int, keys: [String], since: Date

        func makeBindings() -> PostgresBindings { PostgresBindings(programmeID, keys, since) }

        func decodeRow(_ row: PostgresRow) throws -> PersonLine {
            let (id, place, type, lastDigit, birth, flags, household, at, name, quantity, channel, donated) =
                try row.decode((Int, Int, String, Int?, String, String, String?, Date?, String?, Int?, String?, Bool?).self)
            guard keys.indices.contains(place - 1) else { throw UnexpectedRow(description: "A person's row names key \(place) of \(keys.count).") }
            let person = RegisteredPeople.Registered(id: id, documentKey: keys[place - 1], documentType: type, lastDigit: lastDigit, birth: birth, flags: flags, householdKey: household)
            guard let at, let name, let quantity, let channel, let donated else { return PersonLine(person: person, line: nil) }
            return PersonLine(person: person, line: Purchase(person: String(id), at: at, class: name, quantity: quantity, channel: channel, donated: donated))
        }
    }
}
