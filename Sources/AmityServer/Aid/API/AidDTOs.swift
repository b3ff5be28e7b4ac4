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
