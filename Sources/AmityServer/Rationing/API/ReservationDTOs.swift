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

/// A new donation pool: its name and, for each class it takes, the aid catalogue's item it becomes.
struct CreatePoolRequest: Content {
    var name: String
    var items: [String: String]
}

/// A pool with what it has been given.
struct PoolDTO: Content {
    var id: Int
    var programmeId: Int
    var name: String
    var items: [String: String]
    /// Units given, by class.
    var given: [String: Int]
    /// How many donations.
    var donations: Int
    var createdAt: Date
    var offeredAt: Date?
    /// The aid offers it became.
    var offers: [Int]
}

/// The rest of a person's entitlement in a quota, given to a pool at a counter.
struct DonationRequest: Content {
    /// The client's id for the donation (as a sale id): sending it again returns the first answer.
    var donationId: String
    var document: String
    var quota: String
    var poolId: Int
    var outletId: Int?
}

/// What a donation gave.
struct DonationDTO: Content {
    var donationId: String
    var poolId: Int
    var quota: String
    var at: Date
    var lines: [Given]

    struct Given: Content {
        var `class`: String
        var quantity: Int
    }
}

/// Sales a terminal made while cut off, sent once it is back, in its own order.
struct OfflineBatchRequest: Content {
    var sales: [OfflineSaleInput]
}

/// One sale made offline: the client's id, the terminal's sequence number, when it happened, the cards.
struct OfflineSaleInput: Content {
    var saleId: String
    /// The terminal's own count of its offline sales, from 1, without gaps.
    var sequence: Int
    var at: Date
    var holder: String?
    var cards: [SaleRequest.SaleCard]
}

/// What reconciling a batch found.
struct OfflineBatchDTO: Content {
    var received: Int
    /// Recorded now; the rest had been received before and are answered as then.
    var recorded: Int
    var overGrants: Int
    var beyondAllowance: Int
    var sales: [OfflineSaleDTO]
    /// The terminal's sequence numbers not received yet, as `[first, last]` ranges.
    var missingSequences: [[Int]]
}

/// One offline sale as recorded: always sold; `overGrant` when the rules then in force would have refused it (with their reasons).
struct OfflineSaleDTO: Content {
    var saleId: String
    var sequence: Int
    var at: Date
    var replayed: Bool
    var overGrant: Bool
    var beyondAllowance: Bool
    /// Units handed over beyond the outlet's recorded stock.
    var stockShort: Int
    var lines: [PricedLine]
    var reasons: [Reason]
    var sentences: [String]
}

/// One outlet's offline selling, reconciled.
struct OfflineOutletDTO: Content {
    var outletId: Int
    var code: String
    var name: String
    var offlineSales: Int
    var overGrants: Int
    var unitsOverGranted: Int
    var beyondAllowance: Int
    var stockShort: Int
}

/// A programme's fairness report over `days` days through `through` (local days).
struct FairnessDTO: Content {
    var programmeId: Int
    var from: String
    var through: String
    var days: Int
    var registered: Int
    var buyers: Int
    var unitsHandedOver: Int
    var unitsByPreorder: Int
    /// Units collected by pre-order over all units handed over; nil when nothing was.
    var shareOutsideQueues: Double?
    var target: Double
    var smallestCell: Int
    var rows: [Fairness.Row]
}
