import AmityCore
import Vapor

/// A numbered ticket asked for at the counter: a visit as a sale's, and how long it holds.
struct TicketRequest: Content {
    var saleId: String
    var outletId: Int?
    var policyVersion: Int?
    var holder: String?
    var cards: [SaleRequest.SaleCard]
    /// Minutes until the ticket lapses, 5 to 1,440; 60 unless said.
    var minutes: Int?

    /// The visit the ticket holds for, decided as a counter sale.
    var visit: SaleRequest {
        SaleRequest(saleId: saleId, outletId: outletId, channel: "counter", policyVersion: policyVersion, holder: holder, cards: cards)
    }
}

/// A hold's decision and, when allowed, the reservation it made.
struct HoldDTO: Content {
    var decision: SaleDTO
    var reservation: ReservationDTO?
}

/// A reservation: what it holds, where, and where it stands (`held`, `completed`, `expired`, `cancelled`).
struct ReservationDTO: Content {
    var id: Int
    /// `ticket` or `preorder`.
    var kind: String
    /// The ticket's number of the day, or the round's ticket.
    var number: String
    var state: String
    var outletId: Int
    var saleId: String
    var lines: [PricedLine]
    var total: Amount
    var currency: String?
    var createdAt: Date
    var readyAt: Date?
    var expiresAt: Date
    var payBy: Date?
    var paidAt: Date?
    var endedAt: Date?
    var roundId: Int?
}

/// Who has come to collect: their document number, nothing else.
struct ReservationLookupRequest: Content {
    var document: String
}

/// Why a reservation is cancelled, kept with its sale.
struct CancellationRequest: Content {
    var reason: String?
}

/// A new pre-order round.
struct CreateRoundRequest: Content {
    var name: String
    /// The class and how many units each order holds.
    var `class`: String
    var quantity: Int
    /// How many entrants win at most.
    var cap: Int
    /// `lottery` (a public draw when oversubscribed; the default) or `fcfs` (entries refused once full).
    var allocation: String?
    var opensAt: Date
    var closesAt: Date
    /// The end of the payment window, when orders are paid for in advance.
    var payBy: Date?
    var pickupFrom: Date
    var pickupUntil: Date
    /// The round whose entrants who asked to renew are entered in this one.
    var renewalOf: Int?
}

/// A round as published: its seed's hash from the start, the seed once drawn.
struct RoundDTO: Content {
    var id: Int
    var programmeId: Int
    var name: String
    var `class`: String
    var quantity: Int
    var cap: Int
    var allocation: String
    var opensAt: Date
    var closesAt: Date
    var payBy: Date?
    var pickupFrom: Date
    var pickupUntil: Date
    /// `scheduled`, `open`, `closed` (waiting for the draw) or `drawn`.
    var state: String
    /// SHA-256 of the seed, in hexadecimal: published before anyone enters.
    var seedHash: String
    /// The seed, published at the draw.
    var seed: String?
    var drawnAt: Date?
    /// Entries so far.
    var entries: Int
    /// Winners, once drawn.
    var winners: Int?
    var renewalOf: Int?
    /// The published files: the tickets in entry order once the round closes, the winners once drawn.
    var entriesCSV: String
    var winnersCSV: String
}

/// An entry into a round by a seller for a registered person, with where they will collect.
struct RoundEntryRequest: Content {
    var document: String
    var outletId: Int
    /// Enter the programme's next round too, unless they win this one.
    var renew: Bool?
}

/// An entry's answer: the ticket (only its holder learns it is theirs), or why the person may not enter.
struct RoundEntryDTO: Content {
    var accepted: Bool
    var ticket: String?
    var roundId: Int
    var outletId: Int
    var renew: Bool
    var enteredAt: Date?
    /// After the draw: `won`, `lost` or `refused`.
    var outcome: String?
    var reservationId: Int?
    var reasons: [Reason]
    var sentences: [String]
}
