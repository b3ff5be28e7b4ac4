import AmityCore
import Foundation
import Vapor

/// `amity rationing draw --round N [--verify] [--from URL]`, run through `RationingCommand`.
///
/// Without `--verify` it draws a closed round now (what the scheduled job does at close); the
/// running server's job then makes the winners' orders. With `--verify` it runs the draw again from the published
/// files (the round's seed and its hash, the tickets, the winners) and prints the winners the
/// rule gives; it exits with an error when the published draw departs from them. `--from` reads
/// the files from another instance (`https://amity.example`) instead of this one's database.
struct RoundDrawCommand {
    /// What a draw's check reads: the round as published and its two files.
    struct Published {
        var round: RoundDTO
        var tickets: [String]
        var winners: [String]
    }

    static func run(_ words: [String], context: CommandContext) async throws {
        var words = words
        guard let roundText = try AmityConfig.take(option: "--round", from: &words), let roundID = Int(roundText) else {
            throw Abort(.badRequest, reason: "Say which round: --round N (its id, as /api/v1/rationing/programmes/{id}/rounds lists them).")
        }
        let verify = words.contains("--verify")
        words.removeAll { $0 == "--verify" }
        let from = try AmityConfig.take(option: "--from", from: &words)
        guard words == ["draw"] else { throw Abort(.badRequest, reason: "Usage: amity rationing draw --round N [--verify] [--from URL]") }
        let app = context.application
        if !verify {
            let rounds = Rounds(app: app, db: app.db)
            do { _ = try await rounds.draw(roundID, by: nil) } catch let error as DomainError { throw Abort(.badRequest, reason: error.description) }
        }
        let published: Published
        if let from { published = try await fetch(roundID, from: from, app: app) } else { published = try await local(roundID, app: app) }
        let check = PublicLottery.check(seed: published.round.seed, commitment: published.round.seedHash, cap: published.round.cap,
                                        tickets: published.tickets, published: published.winners)
        print("place,ticket")
        for (place, ticket) in check.winners.enumerated() { print("\(place + 1),\(ticket)") }
        let summary = "Round \(roundID): \(check.winners.count) winners of \(published.tickets.count) tickets, cap \(published.round.cap)."
        guard check.problems.isEmpty else {
            throw Abort(.conflict, reason: ([summary] + check.problems).joined(separator: "\n"))
        }
        let orders = verify ? "" : " The running server makes the winners' orders."
        FileHandle.standardError.write(Data("\(summary) The seed matches the hash published at opening, and the published winners are the draw's.\(orders)\n".utf8))
    }

    /// The round's published files as this instance's database gives them.
    private static func local(_ roundID: Int, app: Application) async throws -> Published {
        guard let round = try await RoundRecord.find(roundID, on: app.db) else { throw Abort(.notFound, reason: "There is no round \(roundID).") }
        let dto = try await Rounds(app: app, db: app.db).dto(round, now: app.clock.now())
        return Published(round: dto, tickets: try await Rounds.tickets(of: roundID, on: app.db.sql), winners: try await Rounds.winners(of: roundID, on: app.db.sql))
    }

    /// The round's published files fetched from `base`, as anyone would read them.
    private static func fetch(_ roundID: Int, from base: String, app: Application) async throws -> Published {
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        let path = "\(root)/api/v1/rationing/rounds/\(roundID)"
        let body: @Sendable (String) async throws -> String = { url in
            let response = try await app.client.get(URI(string: url))
            guard response.status == .ok, let buffer = response.body else {
                throw Abort(.badGateway, reason: "\(url) answered \(response.status.code): \(response.body.map { String(buffer: $0) } ?? "")")
            }
            return String(buffer: buffer)
        }
        let round = try JSONDecoder.amity.decode(RoundDTO.self, from: Data(try await body(path).utf8))
        let tickets = try await body("\(path)/entries.csv").split(separator: "\n").dropFirst().map(String.init)
        let winners = try await body("\(path)/winners.csv").split(separator: "\n").dropFirst().map { line in
            String(line.split(separator: ",").last ?? "")
        }
        return Published(round: round, tickets: tickets, winners: winners)
    }
}
