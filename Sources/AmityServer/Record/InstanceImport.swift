import Crypto
import Fluent
import Foundation
import SQLKit

/// `amity import DIR`: loads an archive written by `amity export` into an empty, migrated
/// database, all of it or nothing, checking every file against the manifest first; then rebuilds
/// the search index and, on PostgreSQL, moves each id sequence past the highest id loaded.
struct InstanceImport {
    let db: any Database
    /// The migrations this version of Amity knows, by the names Fluent records.
    let knownMigrations: Set<String>

    /// Loads `directory`; `progress` hears the rows loaded so far and the total.
    @discardableResult
    func load(from directory: String, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> ArchiveManifest {
        let manifest = try read(directory)
        let sql = db as! any SQLDatabase
        let targets = Dictionary(uniqueKeysWithValues: try await TableCatalogue.tables(on: sql).map { ($0.name, $0) })
        for table in manifest.tables {
            guard let target = targets[table.name] else { throw ArchiveError("This database has no table \(table.name); is it from another program?") }
            let known = Set(target.columns.map(\.name))
            if let unknown = table.columns.first(where: { !known.contains($0.name) }) {
                throw ArchiveError("\(table.name).\(unknown.name) is not a column here; the archive is from another version of Amity.")
            }
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table.name)").first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
            guard rows == 0 || TableCatalogue.filledByMigrations.contains(table.name) else { throw ArchiveError("This database already holds data (\(table.name) has \(rows) rows); import into an empty one.") }
        }
        let total = manifest.tables.reduce(0) { $0 + $1.rows }
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            var loaded = 0
            let postgres = sql.dialect.name == "postgresql"
            for table in manifest.tables {
                let kinds = Dictionary(uniqueKeysWithValues: targets[table.name]!.columns.map { ($0.name, $0.type) })
                let columns = table.columns.map(\.name)
                if TableCatalogue.filledByMigrations.contains(table.name) { try await sql.delete(from: table.name).run() }
                // Both databases take at least 999 bound values in one statement.
                let perInsert = max(1, 999 / max(1, columns.count))
                var batch: [[any SQLExpression]] = []
                func flush() async throws {
                    guard !batch.isEmpty else { return }
                    var insert = sql.insert(into: table.name).columns(columns)
                    for row in batch { insert = insert.values(row) }
                    try await insert.run()
                    loaded += batch.count
                    batch.removeAll(keepingCapacity: true)
                    progress(loaded, total)
                }
                try await Self.eachRow(of: directory + "/" + table.file) { number, row in
                    do {
                        batch.append(try columns.map { column -> any SQLExpression in
                            let value = row[column] ?? .null
                            return value == .null ? SQLLiteral.null : SQLBind(try InstanceExport.bindable(value, as: kinds[column] ?? .text, postgres: postgres))
                        })
                    } catch let error as ArchiveError {
                        throw ArchiveError("\(table.file) line \(number): \(error.description)")
                    }
                    if batch.count == perInsert { try await flush() }
                }
                try await flush()
                if postgres, kinds["id"] == .integer {
                    try await sql.raw("""
                        SELECT setval(pg_get_serial_sequence(\(bind: table.name), 'id'), MAX(id)) FROM \(ident: table.name) HAVING MAX(id) IS NOT NULL
                        """).run()
                }
            }
        }
        _ = try await SearchIndex(db: db).rebuild()
        return manifest
    }

    /// The manifest, once every file it names matches its checksum and row count and every
    /// migration it ran is known here.
    func read(_ directory: String) throws -> ArchiveManifest {
        guard let data = FileManager.default.contents(atPath: directory + "/manifest.json") else {
            throw ArchiveError("\(directory) has no manifest.json; give a directory written by amity export.")
        }
        let manifest: ArchiveManifest
        do { manifest = try JSONDecoder().decode(ArchiveManifest.self, from: data) } catch {
            throw ArchiveError("\(directory)/manifest.json cannot be read: \(error)")
        }
        guard manifest.format == ArchiveManifest.format, manifest.version <= ArchiveManifest.currentVersion else {
            throw ArchiveError("\(directory) holds a \(manifest.format) archive of version \(manifest.version); this Amity reads \(ArchiveManifest.format) up to version \(ArchiveManifest.currentVersion).")
        }
        guard !manifest.public else {
            throw ArchiveError("\(directory) is a public copy (export --public): it leaves out people and drafts, so it cannot stand up an instance.")
        }
        if let unknown = manifest.migrations.first(where: { !knownMigrations.contains($0) }) {
            throw ArchiveError("The archive's database ran \(unknown), which this version of Amity does not know; import it with a newer Amity.")
        }
        for table in manifest.tables {
            guard !table.file.contains("/"), let contents = FileManager.default.contents(atPath: directory + "/" + table.file) else {
                throw ArchiveError("\(table.file) is missing from \(directory).")
            }
            let digest = SHA256.hash(data: contents).hexDigits
            guard digest == table.sha256 else { throw ArchiveError("\(table.file) does not match its checksum in the manifest: it was changed or cut short.") }
            let lines = contents.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            guard lines == table.rows else { throw ArchiveError("\(table.file) holds \(lines) rows; the manifest says \(table.rows).") }
        }
        return manifest
    }

    /// Calls `body` with each line of a JSON Lines file, numbered from 1, decoded as one row.
    static func eachRow(of path: String, _ body: (Int, [String: ArchiveValue]) async throws -> Void) async throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ArchiveError("\(path) cannot be read.") }
        let decoder = JSONDecoder()
        var number = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            number += 1
            let row: [String: ArchiveValue]
            do { row = try decoder.decode([String: ArchiveValue].self, from: Data(line)) } catch {
                throw ArchiveError("\(path) line \(number) is not a JSON object.")
            }
            try await body(number, row)
        }
    }
}
