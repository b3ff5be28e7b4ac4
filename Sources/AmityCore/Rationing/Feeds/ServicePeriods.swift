import Foundation

/// When an outlet sells in a week: the morning, afternoon and evening of each day. Taiwan's NHI
/// published its pharmacies' hours this way in 2020, and the community mask map carried them on
/// as `service_periods`: 21 letters, the seven mornings (Monday first), then the seven afternoons,
/// then the seven evenings; `N` open (看診), `Y` closed (休診).
public struct ServicePeriods: Sendable, Equatable {
    /// A part of a day. Outlets declare parts, not hours: a morning is taken to run from 06:00 to
    /// noon, an afternoon to 18:00, an evening to midnight; the night belongs to none.
    public enum Part: Int, Sendable, CaseIterable {
        case morning, afternoon, evening

        /// The part that `hour` (0–23) falls in, or nil at night.
        public static func of(hour: Int) -> Part? {
            switch hour {
            case 6..<12: .morning
            case 12..<18: .afternoon
            case 18..<24: .evening
            default: nil
            }
        }
    }

    /// A part of a weekday: `day` 0 is Monday.
    public struct Period: Sendable, Equatable {
        public var day: Int
        public var part: Part

        public init(day: Int, part: Part) { (self.day, self.part) = (day, part) }
    }

    /// Whether each part is open: the mornings Monday to Sunday, then the afternoons, then the evenings.
    private let open: [Bool]

    /// From the 21 letters (`N` open, `Y` closed, either case); nil for anything else.
    public init?(code: String) {
        let letters = Array(code.uppercased())
        guard letters.count == 21, letters.allSatisfy({ $0 == "N" || $0 == "Y" }) else { return nil }
        open = letters.map { $0 == "N" }
    }

    /// The 21 letters, as the community map's `service_periods` carries them.
    public var code: String { String(open.map { $0 ? "N" : "Y" }) }

    /// Whether the outlet is open on `day` (0 Monday … 6 Sunday) in `part`.
    public func isOpen(_ period: Period) -> Bool { open[period.part.rawValue * 7 + period.day] }

    /// The parts a day is open in, in order.
    public func parts(day: Int) -> [Part] { Part.allCases.filter { isOpen(Period(day: day, part: $0)) } }

    /// The weekday (0 Monday) and the part of the day `date` falls in, in `zone`; the part is nil at night.
    public static func when(_ date: Date, zone: TimeZone) -> (day: Int, part: Part?) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour], from: date)
        // Calendar counts Sunday as 1; here Monday is 0.
        return (((parts.weekday ?? 2) + 5) % 7, Part.of(hour: parts.hour ?? 0))
    }

    /// Whether the outlet is open at `date` in `zone`; at night, never.
    public func isOpen(at date: Date, zone: TimeZone) -> Bool { isOpen(Self.when(date, zone: zone)) }

    /// Whether the outlet is open at a moment `when` gave: one calendar reading serves many outlets.
    public func isOpen(_ moment: (day: Int, part: Part?)) -> Bool {
        moment.part.map { isOpen(Period(day: moment.day, part: $0)) } ?? false
    }

    /// The first open period after the one `date` falls in (from the coming morning, at night),
    /// within a week; nil when the outlet never opens.
    public func nextOpening(after date: Date, zone: TimeZone) -> Period? {
        let now = Self.when(date, zone: zone)
        let start = now.part.map { now.day * 3 + $0.rawValue + 1 } ?? now.day * 3
        for step in 0..<21 {
            let index = (start + step) % 21
            let candidate = Period(day: index / 3, part: Part(rawValue: index % 3)!)
            if isOpen(candidate) { return candidate }
        }
        return nil
    }

    /// The hours in the words the NHI's data and the community map used:
    /// `星期一上午看診、星期二上午看診、…、星期日晚上休診`, mornings first.
    public var taiwanWords: String {
        let days = ["一", "二", "三", "四", "五", "六", "日"], parts = ["上午", "下午", "晚上"]
        return Part.allCases.flatMap { part in
            (0..<7).map { day in "星期\(days[day])\(parts[part.rawValue])\(isOpen(Period(day: day, part: part)) ? "看診" : "休診")" }
        }.joined(separator: "、")
    }
}
