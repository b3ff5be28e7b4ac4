import Crypto
import Fluent
import Foundation
import SQLKit

/// `amity export DIR`: every table of the instance as JSON Lines (one object a row, keyed by
/// column), with `manifest.json` giving each file's row count and SHA-256. With `public`, only
/// what `PublicRecord` lets the public read.
struct InstanceExport {
    let db: any Database
    var publicOnly = false
    var batchSize = 5_000

    /// Writes the archive into `directory` (created if missing; refused if it holds a manifest
    /// already) and returns its manifest. `progress` hears the rows written so far and the total.
    @discardableResult
    func write(to directory: String, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> ArchiveManifest {
        let files = FileManager.default
        let manifestPath = directory + "/manifest.json"
        guard !files.fileExists(atPath: manifestPath) else {
            throw ArchiveError("\(directory) already holds an export; give an empty or new directory.")
        }
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sql = db as! any SQLDatabase
        let shapes = try await TableCatalogue.tables(on: sql).filter { !publicOnly || PublicRecord.rules[$0.name] != nil }
        let migrations: [String]
        do {
            migrations = try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name").all().map { try $0.decode(column: "name", as: String.self) }
        } catch {
            throw ArchiveError("This database holds no Amity instance (nothing has been migrated in it).")
        }
        var total = 0
        for shape in shapes { total += try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: shape.name)").first().map { try $0.decode(column: "n", as: Int.self) } ?? 0 }
        var tables: [ArchiveManifest.Table] = []
        var kept: [String: Set<Int64>] = [:]
        var written = 0
        for shape in shapes {
            let rule = publicOnly ? PublicRecord.rules[shape.name] : nil
            let columns = shape.columns.filter { rule?.drop.contains($0.name) != true }
            let file = shape.name + ".jsonl"
            guard files.createFile(atPath: directory + "/" + file, contents: nil), let handle = FileHandle(forWritingAtPath: directory + "/" + file) else {
                throw ArchiveError("Cannot write \(directory)/\(file).")
            }
            defer { try? handle.close() }
            var hasher = SHA256()
            var rows = 0, read = 0
            var after: ArchiveValue?
            let key = shape.columns[0]
            while true {
                let page = try await self.page(of: shape, after: after, on: sql)
                guard let last = page.last else { break }
                after = last[key.name]
                read += page.count
                var chunk = ""
                for var row in page {
                    if let rule {
                        guard rule.keeps(row, kept) else { continue }
                        rule.redact(&row)
                        if let id = PublicRecord.id(row["id"]) { kept[shape.name, default: []].insert(id) }
                    }
                    chunk += "{" + columns.map { ArchiveValue.quoted($0.name) + ":" + (row[$0.name] ?? .null).json }.joined(separator: ",") + "}\n"
                    rows += 1
                }
                let data = Data(chunk.utf8)
                hasher.update(data: data)
                try handle.write(contentsOf: data)
                written += page.count
                progress(written, total)
            }
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: shape.name)").first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
            guard read == count else { throw ArchiveError("\(shape.name) changed while it was exported (\(read) rows read, \(count) now); export again.") }
            tables.append(.init(name: shape.name, file: file, rows: rows, sha256: hasher.finalize().hexDigits, columns: columns))
        }
        let manifest = ArchiveManifest(format: ArchiveManifest.format, version: ArchiveManifest.currentVersion, public: publicOnly,
                                       createdAt: ArchiveInstant.text(Date()), database: sql.dialect.name, migrations: migrations, tables: tables)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath))
        return manifest
    }

    /// The next rows after `after` in the order of the table's first column (its key).
    private func page(of shape: TableShape, after: ArchiveValue?, on sql: any SQLDatabase) async throws -> [[String: ArchiveValue]] {
        let key = shape.columns[0]
        var query = SQLQueryString("SELECT * FROM \(ident: shape.name)")
        if let after { query.appendInterpolation(unsafeRaw: " WHERE "); query.appendInterpolation(ident: key.name); query.appendInterpolation(unsafeRaw: " > "); query.appendInterpolation(bind: try Self.bindable(after, as: key.type)) }
        query.appendInterpolation(unsafeRaw: " ORDER BY ")
        query.appendInterpolation(ident: key.name)
        query.appendInterpolation(unsafeRaw: " LIMIT \(batchSize)")
        return try await sql.raw(query).all().map { row in
            var values: [String: ArchiveValue] = [:]
            for column in shape.columns { values[column.name] = try Self.read(column, of: row) }
            return values
        }
    }

    static func read(_ column: TableShape.Column, of row: any SQLRow) throws -> ArchiveValue {
        let name = column.name
        if try row.decodeNil(column: name) { return .null }
        switch column.type {
        case .integer: return .int(try row.decode(column: name, as: Int64.self))
        case .boolean: return .bool(try row.decode(column: name, as: Bool.self))
        case .double: return .double(try row.decode(column: name, as: Double.self))
        case .timestamp: return .text(ArchiveInstant.text(try row.decode(column: name, as: Date.self)))
        case .uuid: return .text(try row.decode(column: name, as: UUID.self).uuidString)
        case .blob: return .text(try row.decode(column: name, as: Data.self).base64EncodedString())
        case .text: return .text(try row.decode(column: name, as: String.self))
        }
    }

    /// A cell as the value to bind for a column of `kind`, whichever database wrote it. For
    /// PostgreSQL, whose driver truncates an instant to the microsecond towards 2000-01-01, the
    /// instant is moved half a microsecond away from that day so it lands on the microsecond written.
    static func bindable(_ value: ArchiveValue, as kind: ColumnKind, postgres: Bool = false) throws -> any Encodable & Sendable {
        switch (kind, value) {
        case (.integer, .int(let v)): return v
        case (.integer, .bool(let v)): return Int64(v ? 1 : 0)
        case (.boolean, .bool(let v)): return v
        case (.boolean, .int(let v)): return v != 0
        case (.double, .double(let v)): return v
        case (.double, .int(let v)): return Double(v)
        case (.timestamp, .text(let v)):
            guard let date = ArchiveInstant.date(v) else { throw ArchiveError("'\(v)' is not an instant of the form 2020-04-20T08:30:00.000000Z.") }
            guard postgres else { return date }
            return date.addingTimeInterval(date.timeIntervalSince1970 >= 946_684_800 ? 0.000_000_5 : -0.000_000_5)
        case (.timestamp, .double(let v)): return Date(timeIntervalSince1970: v)
        case (.timestamp, .int(let v)): return Date(timeIntervalSince1970: Double(v))
        case (.uuid, .text(let v)):
            guard let uuid = UUID(uuidString: v) else { throw ArchiveError("'\(v)' is not a UUID.") }
            return uuid
        case (.blob, .text(let v)):
            guard let data = Data(base64Encoded: v) else { throw ArchiveError("A blob is not base64.") }
            return data
        case (.text, .text(let v)): return v
        case (.text, .int(let v)): return String(v)
        case (.text, .double(let v)): return "\(v)"
        default: throw ArchiveError("\(value.json) cannot go into a \(kind.rawValue) column.")
        }
    }
}

/// Why an export or an import could not be made; said on one line by the command.
struct ArchiveError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
