import AmityCore
import Vapor

struct NeedDTO: Content {
    var id: Int
    var city: CityRefDTO
    var item: String
    /// The catalogue's name of the item, for people.
    var itemName: String
    var quantity: Int64
    var urgency: Int
    var neededBy: Date?
    var deliveryNote: String?
    var status: PostingStatus
    var confirmedAt: Date
    /// When the need stops counting unless its city reconfirms it.
    var lapsesAt: Date
    var lapsed: Bool
    /// Less than a fifth of the window left: the city is reminded to reconfirm.
    var reminder: Bool
    var postedAt: Date
    /// What a reader should know of it, such as that a demo figure is illustrative.
    var note: String?
}

struct OfferDTO: Content {
    var id: Int
    var city: CityRefDTO
    var item: String
    var itemName: String
    var quantity: Int64
    /// Held by pledges.
    var committed: Int64
    var available: Int64
    var availableUntil: Date?
    var partnersOnly: Bool
    var status: PostingStatus
    var confirmedAt: Date
    /// When it stops counting unless its city reconfirms it (`AMITY_OFFER_DAYS` after `confirmedAt`).
    var lapsesAt: Date
    var lapsed: Bool
    /// Less than a fifth of its window left: its city should reconfirm it.
    var reminder: Bool
    var postedAt: Date
    /// What a reader should know of it, such as that a demo figure is illustrative.
    var note: String?
}

struct RuleDTO: Content {
    var id: Int
    var country: String
    var item: String?
    var category: String?
    var kind: String
    var from: Date
    var until: Date?
    var source: String?
    var title: String
    /// Whether it blocks anything now.
    var inForce: Bool
    var exceptions: [RuleExceptionDTO]
}

/// Leave to send despite a rule; `grantedBy` nil means the sources do not say who gave it.
struct RuleExceptionDTO: Content {
    var id: Int
    var city: CityRefDTO
    var quantity: Int64
    /// What the city has pledged under it so far (cancelled pledges give theirs back).
    var used: Int64
    var grantedBy: String?
    var grantedOn: Date?
    var source: String?
    var note: String?
}

struct PledgeDTO: Content {
    var id: Int
    var offerId: Int?
    var needId: Int?
    var donor: CityRefDTO
    var recipient: CityRefDTO
    var item: String
    var quantity: Int64
    var status: PledgeStatus
    var waybill: String?
    var mode: String?
    var customsStep: String?
    var received: Int64
    var cancelReason: String?
    var note: String?
    var createdAt: Date
    var updatedAt: Date
}

struct PostNeedInput: Content {
    var cityId: Int
    var item: String
    var quantity: Int64
    var urgency: Int
    var neededBy: Date?
    var deliveryNote: String?
}

struct PostOfferInput: Content {
    var cityId: Int
    var item: String
    var quantity: Int64
    var availableUntil: Date?
    var partnersOnly: Bool?
}

struct RuleInput: Content {
    var country: String
    var item: String?
    var category: String?
    var kind: String
    var from: Date
    var until: Date?
    var source: String?
    var title: String
}

struct RuleEndInput: Content {
    /// The first moment the rule no longer holds.
    var until: Date
}

struct RuleExceptionInput: Content {
    var cityId: Int
    var quantity: Int64
    var grantedBy: String?
    var grantedOn: Date?
    var source: String?
    var note: String?
}

/// Whether a pledge may be made (or might have been, as of a past day), and if not, why: the
/// rule in the way, what an exception still allows, and what the city could send instead.
struct PledgeCheckDTO: Content {
    var allowed: Bool
    var asOf: Date?
    /// Why not, in English, as a pledge's 409 says it.
    var reason: String?
    /// The national rule that refuses it, and what exceptions still let through.
    var rule: Int?
    var leeway: Int64?
    var instead: [Instead]?

    struct Instead: Content {
        var offerId: Int
        var item: String
        var available: Int64
    }
}

struct PledgeInput: Content {
    var offerId: Int
    /// A need to meet, or else a city to give to directly.
    var needId: Int?
    var recipientCityId: Int?
    var quantity: Int64
    var note: String?
}

/// The body of a pledge step: shipping details, the quantity received, or why it is cancelled.
struct PledgeStepInput: Content {
    var waybill: String?
    var mode: String?
    var customsStep: String?
    var received: Int64?
    var reason: String?
}
