import AmityCore
import Vapor

extension Request {
    /// Whether the policy allows `action` now: pages show a form only to those it would accept.
    func can(_ action: Action) async throws -> Bool {
        Policy.decide(try await actor(), action) == .allowed
    }
}
