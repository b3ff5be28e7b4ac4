import AmityCore
import Fluent
import Vapor

/// What a fairness report is asked for: the programme, its last day and how many days, read from
/// the query (`day`, `days`), in the time zone of the programme's rules.
struct FairnessQuestion {
    var programme: ProgrammeRecord
    var day: CivilDay
    var days: Int
    var zone: TimeZone

    /// The question the query asks; with `asked` false, the defaults (a page shows them beside the
    /// fields a query got wrong).
    init(_ req: Request, programme: ProgrammeRecord, asked: Bool = true) async throws {
        let schedule = try await req.application.programmeCache.schedule(of: programme, on: req.db)
        let now = req.application.clock.now()
        let rules = schedule.inForce(at: now) ?? schedule.versions.last { $0.start <= now } ?? schedule.versions.first
        let zone = rules.flatMap { TimeZone(identifier: $0.policy.timeZone) } ?? .gmt
        var errors: [DomainError.FieldError] = []
        var day = LocalClock(zone: zone).day(of: now)
        if asked, let text = req.query[String.self, at: "day"], !text.isEmpty {
            do { day = try CivilDay(text, field: "day") } catch let DomainError.invalid(fields) { errors += fields }
        }
        var days = 7
        if asked, let text = req.query[String.self, at: "days"], !text.isEmpty {
            if let number = Int(text), (1...FairnessReport.longest).contains(number) { days = number } else {
                errors.append(.init(field: "days", key: "error_number_range", ["min": "1", "max": String(FairnessReport.longest)]))
            }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        (self.programme, self.day, self.days, self.zone) = (programme, day, days, zone)
    }

    func report(on db: any Database) async throws -> FairnessDTO {
        try await FairnessReport(db: db).make(programme: programme, through: day, days: days, zone: zone)
    }
}
