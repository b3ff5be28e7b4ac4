import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The scheduled side of reservations: a round is drawn once its order window closes and its
/// winners' orders made; a reservation not collected within its window, or not paid within its
/// payment window, is forfeited, its quota and stock given back (TW-15). Every instance runs it;
/// each change ends a reservation at most once, so two instances never forfeit one twice.
struct ReservationExpiry {
    let app: Application

    /// Reservations forfeited per turn at most, each in its own transaction.
    static let largestTurn = 200

    /// One turn: a round to draw or settle, else the reservations now due. Says whether it did anything.
    func turn() async throws -> BackgroundWorker.Progress {
        let now = app.clock.now()
        let rounds = Rounds(app: app, db: app.db)
        struct Row: Decodable { var id: Int; var drawn_at: Date? }
        if let round = try await app.db.sql.raw("""
            SELECT id, drawn_at FROM \(ident: RoundRecord.schema) WHERE closes_at <= \(bind: now) AND settled_at IS NULL ORDER BY closes_at LIMIT 1
            """).first(decoding: Row.self) {
            if round.drawn_at == nil {
                do { _ = try await rounds.draw(round.id, by: nil) } catch DomainError.conflict { /* another instance drew it */ }
            } else {
                _ = try await rounds.settle(round.id)
            }
            return .worked
        }
        struct Due: Decodable { var id: Int }
        // Two questions, each a range of its own index: with millions of orders held, one question
        // with an OR would read every held row every few seconds.
        let uncollected = try await app.db.sql.raw("""
            SELECT id FROM \(ident: ReservationRecord.schema) WHERE state = 'held' AND expires_at <= \(bind: now)
            ORDER BY expires_at LIMIT \(unsafeRaw: String(Self.largestTurn))
            """).all(decoding: Due.self)
        let unpaid = try await app.db.sql.raw("""
            SELECT id FROM \(ident: ReservationRecord.schema) WHERE state = 'held' AND paid_at IS NULL AND pay_by <= \(bind: now)
            ORDER BY pay_by LIMIT \(unsafeRaw: String(Self.largestTurn))
            """).all(decoding: Due.self)
        var seen = Set<Int>()
        let due = (uncollected + unpaid).filter { seen.insert($0.id).inserted }
        for reservation in due {
            do {
                _ = try await app.transaction(personID: nil) { trail in
                    try await ReservationLedger.end(reservation.id, as: .expired, reason: "Not collected or paid for within its window.", by: "amity",
                                                    at: trail.now, on: trail.db)
                }
            } catch DomainError.conflict {
                // Collected or cancelled meanwhile, or forfeited by another instance: ended once all the same.
            }
        }
        return due.isEmpty ? .waiting : .worked
    }

    static func worker() -> BackgroundWorker {
        BackgroundWorker { app in try await ReservationExpiry(app: app).turn() }
    }
}
