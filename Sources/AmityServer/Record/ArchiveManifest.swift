import Foundation

/// `manifest.json` of an exported instance: what it holds, from which schema, with a checksum per table.
struct ArchiveManifest: Codable, Sendable {
    static let format = "amity-instance"
    static let currentVersion = 1

    struct Table: Codable, Sendable {
        var name: String
        var file: String
        var rows: Int
        /// SHA-256 of the file's bytes, in hex.
        var sha256: String
        var columns: [TableShape.Column]
    }

    var format: String
    var version: Int
    /// Only what the public may read (no addresses, no people, no drafts): a copy for research,
    /// which `amity import` refuses, since it cannot stand up an instance.
    var `public`: Bool
    var createdAt: String
    /// The database it came from: sqlite or postgresql.
    var database: String
    /// The migrations the source had run, in order; an import needs each of them known.
    var migrations: [String]
    var tables: [Table]
}
