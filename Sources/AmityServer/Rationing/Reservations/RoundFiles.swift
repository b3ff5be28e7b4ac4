import NIOConcurrencyHelpers
import Vapor

/// The published files of rounds that can no longer change, kept once written: a closed round's
/// entries and a drawn round's winners. A national round's `entries.csv` is 26 MB read from 2.4
/// million rows; anyone may ask for it, so it is read once, not once a request.
final class RoundFiles: Sendable {
    /// Rounds kept at most; the oldest kept goes first.
    static let kept = 4

    private struct File: Sendable { var round: Int; var name: String; var body: ByteBuffer }
    private let files = NIOLockedValueBox<[File]>([])

    /// The file `name` of `round`, written by `write` the first time it is asked for.
    func file(_ name: String, of round: Int, write: () async throws -> String) async throws -> ByteBuffer {
        if let hit = files.withLockedValue({ $0.first { $0.round == round && $0.name == name } }) { return hit.body }
        let body = ByteBuffer(string: try await write())
        files.withLockedValue { files in
            guard !files.contains(where: { $0.round == round && $0.name == name }) else { return }
            files.append(File(round: round, name: name, body: body))
            if files.count > 2 * Self.kept { files.removeFirst() }
        }
        return body
    }
}

extension Application {
    private struct RoundFilesKey: StorageKey { typealias Value = RoundFiles }

    /// The published files of closed and drawn rounds, kept in memory; set by `configure`.
    var roundFiles: RoundFiles {
        get { configured(RoundFilesKey.self) }
        set { storage[RoundFilesKey.self] = newValue }
    }
}
