import Fluent
import Foundation

/// Stock and quota held for one person (or one proxy visit) until pickup: a numbered ticket at
/// an outlet, or a pre-order round's win. Its quota is the lines of its sale (`holds`), counted
/// like any purchase; its stock is `ration_stock.held` until it ends, exactly once.
final class ReservationRecord: Model, @unchecked Sendable {
    static let schema = "ration_reservations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    /// The sale that holds its quota and records its decision.
    @Field(key: "sale_id") var saleID: Int
    @Field(key: "outlet_id") var outletID: Int
    /// `ticket` or `preorder`.
    @Field(key: "kind") var kind: String
    /// What the counter calls out: the ticket's number of the day, or the round's ticket.
    @Field(key: "number") var number: String
    /// `held`, then once `completed`, `expired` or `cancelled`.
    @Field(key: "state") var state: String
    @Field(key: "created_at") var createdAt: Date
    /// Collected from then on (a round's pickup window); nil, at once.
    @OptionalField(key: "ready_at") var readyAt: Date?
    /// Forfeited when not collected by then.
    @Field(key: "expires_at") var expiresAt: Date
    /// Forfeited when not paid by then (a round's payment window).
    @OptionalField(key: "pay_by") var payBy: Date?
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "round_id") var roundID: Int?

    init() {}
}

/// A pre-order round: an order window, a cap, and a public lottery when more enter than it holds.
final class RoundRecord: Model, @unchecked Sendable {
    static let schema = "ration_rounds"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    @Field(key: "name") var name: String
    /// The class and quantity each winner's order holds.
    @Field(key: "class") var `class`: String
    @Field(key: "quantity") var quantity: Int
    /// How many entrants win at most.
    @Field(key: "cap") var cap: Int
    /// `lottery` or `fcfs` (first come, entries refused once the cap is reached).
    @Field(key: "allocation") var allocation: String
    /// First come, first served: the places taken so far, counted under the round's lock so the cap
    /// holds without counting the entries each time (lottery rounds leave it at 0).
    @Field(key: "taken") var taken: Int
    @Field(key: "opens_at") var opensAt: Date
    @Field(key: "closes_at") var closesAt: Date
    @OptionalField(key: "pay_by") var payBy: Date?
    @Field(key: "pickup_from") var pickupFrom: Date
    @Field(key: "pickup_until") var pickupUntil: Date
    /// Secret until the draw; published with it.
    @Field(key: "seed") var seed: String
    /// Published from the start.
    @Field(key: "seed_hash") var seedHash: String
    @OptionalField(key: "drawn_at") var drawnAt: Date?
    /// When every winner's order was made (or refused): the draw's work is done.
    @OptionalField(key: "settled_at") var settledAt: Date?
    /// The round whose renewing entrants it took in.
    @OptionalField(key: "renewal_of") var renewalOf: Int?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One person's entry in a round, known to the public only by its ticket.
final class RoundEntryRecord: Model, @unchecked Sendable {
    static let schema = "ration_round_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "round_id") var roundID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "ticket") var ticket: String
    /// Where the order is to be collected.
    @Field(key: "outlet_id") var outletID: Int
    @Field(key: "entered_at") var enteredAt: Date
    /// Whether the entry goes on into the programme's next round.
    @Field(key: "renew") var renew: Bool
    /// After the draw: `won`, `lost`, or `refused` (won, but the rules then in force refused the order).
    @OptionalField(key: "outcome") var outcome: String?
    /// A winner's place in the draw, from 1.
    @OptionalField(key: "place") var place: Int?
    @OptionalField(key: "reservation_id") var reservationID: Int?

    init() {}
}
