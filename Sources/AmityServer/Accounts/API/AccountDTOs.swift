import AmityCore
import Vapor

/// A person as others see them, with the badges of their verified roles.
struct PersonDTO: Content {
    var id: Int
    var displayName: String
    /// Only in answers about oneself.
    var email: String?
    var isAdministrator: Bool
    var roles: [RoleDTO]

    struct RoleDTO: Content {
        var role: String
        var cityId: Int?
        var networkId: String?
        var programmeId: Int?
        var title: String
    }
}

/// A request to act for a city or a network, and its decision.
struct RoleRequestDTO: Content {
    var id: Int
    var person: PersonRefDTO
    var role: String
    var cityId: Int?
    var networkId: String?
    var programmeId: Int?
    var title: String
    var message: String
    var status: RoleRequestStatus
    var requestedAt: Date
    var decidedAt: Date?
    var decisionNote: String?
    var revokedAt: Date?
    var revocationReason: String?

    struct PersonRefDTO: Content {
        var id: Int
        var displayName: String
        /// Shown to those who may decide the request (and to its author), never to others.
        var email: String?
    }
}

/// An API token as its owner lists it; the secret itself is never shown again.
struct APITokenDTO: Content {
    var id: Int
    var name: String
    var prefix: String
    var createdAt: Date
    var expiresAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?

    init(_ token: APIToken) {
        id = token.id ?? 0
        name = token.name
        prefix = token.prefix
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }
}

/// A token just created: the only answer that carries the secret.
struct CreatedAPITokenDTO: Content {
    var token: String
    var details: APITokenDTO
}

struct CreateTokenRequest: Content {
    var name: String
    /// 1 to 365; 90 when absent.
    var expiresInDays: Int?
}

struct CreateRoleRequest: Content {
    var role: String
    var cityId: Int?
    var networkId: String?
    /// For `manager`: the rationing programme.
    var programmeId: Int?
    /// The person's title in that office, shown beside their badge.
    var title: String
    var message: String?
}

struct DecideRoleRequest: Content {
    var note: String?
}

struct ChangePasswordRequest: Content {
    var currentPassword: String
    var newPassword: String
}

/// Why a role is taken back; the holder reads it on their account.
struct RevokeRoleRequest: Content {
    var reason: String?
}
