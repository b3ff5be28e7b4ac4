import AmityCore
import Fluent
import Vapor

/// A person's API tokens: created with a name and an expiry, listed, revoked.
struct APITokens {
    let request: Request

    func list(for actor: Actor) async throws -> [APITokenDTO] {
        try await APIToken.query(on: request.db).filter(\.$personID == actor.personID).sort(\.$id, .descending).all().map(APITokenDTO.init)
    }

    func create(_ input: CreateTokenRequest) async throws -> CreatedAPITokenDTO {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [DomainError.FieldError] = []
        if let error = DomainError.FieldError.length("name", name, max: 100) { errors.append(error) }
        let days = input.expiresInDays ?? 90
        if !(1...365).contains(days) { errors.append(.init(field: "expiresInDays", key: "error_token_days")) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        // A token made with a token lives no longer than its parent and dies with it, and makes no
        // tokens itself: revoking one token ends everything it made.
        let parent = request.apiToken
        if parent?.parentID != nil {
            throw Abort(.forbidden, reason: "A token made over the API cannot make tokens. Create one on your account page (/account).")
        }
        let secret = Secret.token(prefix: "amity_")
        return try await request.write(.manageOwnAccount) { trail, actor in
            let token = APIToken()
            token.personID = actor.personID
            token.name = name
            token.tokenHash = Secret.hash(secret)
            token.prefix = String(secret.prefix(12))
            token.createdAt = trail.now
            token.expiresAt = trail.now.addingTimeInterval(TimeInterval(days) * 86_400)
            if let parent {
                token.parentID = parent.id
                token.expiresAt = min(token.expiresAt, parent.expiresAt)
            }
            try await token.create(on: trail.db)
            try await trail.record("create", "api-token", id: String(token.id ?? 0), after: APITokenDTO(token))
            return CreatedAPITokenDTO(token: secret, details: APITokenDTO(token))
        }
    }

    func revoke(id: Int) async throws -> APITokenDTO {
        try await request.write(.manageOwnAccount) { trail, actor in
            // Another person's token is as good as absent: its existence is not theirs to learn.
            guard let token = try await APIToken.find(id, on: trail.db), token.personID == actor.personID else {
                throw DomainError.notFound(entity: "token", id: String(id))
            }
            let before = APITokenDTO(token)
            if token.revokedAt == nil {
                token.revokedAt = trail.now
                try await token.save(on: trail.db)
                try await APIToken.query(on: trail.db).filter(\.$parentID == id).filter(\.$revokedAt == nil).set(\.$revokedAt, to: trail.now).update()
                try await trail.record("revoke", "api-token", id: String(id), before: before, after: APITokenDTO(token))
            }
            return APITokenDTO(token)
        }
    }
}
