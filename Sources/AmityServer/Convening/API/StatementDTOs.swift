import AmityCore
import Vapor

struct StatementDTO: Content {
    var id: Int
    var title: String
    var text: String
    var version: Int
    var previousId: Int?
    /// draft, open (signing), or closed.
    var status: StatementStatus
    var host: Host
    var opensAt: Date?
    var closesAt: Date?
    var textHash: String?
    /// The chain's last hash: what a holder of the export compares theirs with.
    var head: String?
    var signatories: [SignatoryDTO]
    var createdAt: Date

    struct Host: Content { var cityId: Int?; var networkId: String?; var name: String }
}

/// A city standing signed, with who signed for it.
struct SignatoryDTO: Content {
    var city: CityRefDTO
    var signer: String
    var title: String
    var at: String
    var position: Int
}

struct StatementInput: Content {
    var title: String
    var text: String
    /// The host: a city (its officer writes) or a network (its secretariat writes).
    var hostCityId: Int?
    var hostNetworkId: String?
}

struct OpenStatementInput: Content {
    /// The end of the signing window.
    var closesAt: Date
}

struct SignInput: Content {
    var cityId: Int
    /// The signer's title, as the list shows it ("Mayor of Taichung").
    var title: String
}

/// What a check of an export found, and whether it matches Amity's own record.
struct VerificationDTO: Content {
    var intact: Bool
    var position: Int?
    var reason: String?
    var signatories: Int?
    var head: String?
    /// When Amity holds the statement: whether the export's chain is Amity's chain.
    var matchesRecord: Bool?
    var recordHead: String?
    /// `signed` (by this instance's key), `signed-by-another-key`, `unsigned` or `invalid`.
    var headSignature: String?
}

/// The export travels as JSON both ways: served by Amity, and posted back to be checked.
extension StatementExport: Content {}
