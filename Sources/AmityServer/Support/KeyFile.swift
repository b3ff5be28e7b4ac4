import Foundation
import Vapor

/// A 32-byte secret in a file readable only by the server, created on first start: how the
/// instance keeps keys out of the database, so a stolen dump can neither sign nor link people.
enum KeyFile {
    /// The 32 bytes at `path`, creating the file (mode 0600) when there is none; no path: fresh
    /// bytes for this process alone (tests). `purpose` names the key in messages ("signing key").
    static func load(path: String?, purpose: String, variable: String, logger: Logger) throws -> Data {
        guard let path else { return Data([UInt8].random(count: 32)) }
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let data = Data(base64Encoded: text), data.count == 32 else {
                throw Abort(.internalServerError, reason: "\(path) does not hold an Amity \(purpose) (base64 of 32 bytes).")
            }
            if let mode = (try? files.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                logger.warning("The \(purpose) \(path) is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)")
            }
            return data
        }
        let data = Data([UInt8].random(count: 32))
        guard files.createFile(atPath: path, contents: Data((data.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "Could not create the \(purpose) at \(path); set \(variable) to a writable place.")
        }
        logger.notice("Created the instance's \(purpose) at \(path). Back it up; it never enters the database.")
        return data
    }
}
