import Vapor

extension Request {
    /// The seconds a client asked to wait for an answer (`Prefer: wait=N`, RFC 7240), at most a minute.
    var preferredWait: Int? {
        let preferences = headers[canonicalForm: "Prefer"].flatMap { $0.split(separator: ";") }
        for preference in preferences {
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            if parts.count == 2, parts[0].lowercased() == "wait", let seconds = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) {
                return min(max(seconds, 0), 60)
            }
        }
        return nil
    }
}
