/// What of each table the public may read, for `amity export --public`: a table not listed here
/// (people, tokens, sessions, audit, mail, plans, needs and offers, role requests, follows) is left
/// out whole; listed ones lose the columns that name people or reach them, and the rows that are
/// drafts, claims not yet confirmed, or not in the public ledger.
enum PublicRecord {
    struct Rule: Sendable {
        /// Columns left out of the copy.
        var drop: Set<String> = []
        /// Whether a row is public; `kept` holds the ids kept so far, per table.
        var keeps: @Sendable (_ row: [String: ArchiveValue], _ kept: [String: Set<Int64>]) -> Bool = { _, _ in true }
        /// Blanks what a row must not tell (a giver who asked not to be named).
        var redact: @Sendable (_ row: inout [String: ArchiveValue]) -> Void = { _ in }
    }

    static let people: Set<String> = ["person_id", "created_by", "contact_person_id", "made_by"]

    static func isTrue(_ value: ArchiveValue?) -> Bool {
        switch value { case .bool(let v): v; case .int(let v): v != 0; default: false }
    }

    static func id(_ value: ArchiveValue?) -> Int64? { if case .int(let v) = value { v } else { nil } }

    static let rules: [String: Rule] = [
        "countries": Rule(), "cities": Rule(), "city_names": Rule(), "regions": Rule(), "networks": Rule(), "calls": Rule(),
        "live_entries": Rule(), "assemblies": Rule(), "assembly_members": Rule(), "national_rules": Rule(), "rule_exceptions": Rule(),
        "campaigns": Rule(), "sources": Rule(), "record_sources": Rule(), "sourced_facts": Rule(), "resolutions": Rule(drop: people), "endorsements": Rule(drop: people),
        "city_profiles": Rule(drop: ["contact_email", "contact_phone"]),
        "memberships": Rule(keeps: { row, _ in row["confirmed_at"] != .null }),
        "partnerships": Rule(keeps: { row, _ in row["claimed_by_city_id"] == .null }),
        "partnership_events": Rule(keeps: { row, kept in row["claimed_by_city_id"] == .null && kept["partnerships"]?.contains(id(row["partnership_id"]) ?? -1) == true }),
        "practices": Rule(drop: people.union(["reason"]), keeps: { row, _ in row["status"] == .text("published") }),
        "practice_translations": Rule(drop: people, keeps: { row, kept in kept["practices"]?.contains(id(row["practice_id"]) ?? -1) == true }),
        "questions": Rule(drop: people), "answers": Rule(drop: people),
        "statements": Rule(drop: people, keeps: { row, _ in row["status"] != .text("draft") }),
        "signature_entries": Rule(drop: people, keeps: { row, kept in kept["statements"]?.contains(id(row["statement_id"]) ?? -1) == true }),
        "events": Rule(drop: people.union(["online_link"])),
        "registrations": Rule(drop: people), "motions": Rule(drop: people), "motion_comments": Rule(drop: people), "votes": Rule(drop: people),
        "pledges": Rule(drop: ["waybill", "cancel_reason"], keeps: { row, _ in Ledger.statuses.contains { row["status"] == .text($0.rawValue) } }),
        "contributions": Rule(redact: { row in if !isTrue(row["public_credit"]) { row["giver"] = .null } }),
    ]
}
