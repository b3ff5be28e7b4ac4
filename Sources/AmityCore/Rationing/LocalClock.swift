import Foundation

/// A time zone's local days and times, for a policy whose windows and gates are local.
public struct LocalClock: Sendable {
    /// The zone, as the policy names it.
    public let zone: TimeZone

    public init(zone: TimeZone) { self.zone = zone }

    /// The zone where the day begins first (UTC+14): no date later than its today has begun anywhere.
    public static let latest = LocalClock(zone: TimeZone(secondsFromGMT: 14 * 3600)!)

    /// The local day an instant falls on.
    public func day(of instant: Date) -> CivilDay {
        let local = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        return CivilDay(number: Int((local / 86_400).rounded(.down)))
    }

    /// The instant a local day and minute of the day stand for (the later one when a clock goes back).
    public func instant(of day: CivilDay, minute: Int) -> Date {
        let local = Double(day.number) * 86_400 + Double(minute) * 60
        var offset = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        offset = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - offset)))
        return Date(timeIntervalSince1970: local - offset)
    }
}

/// A local day and time, written `YYYY-MM-DDTHH:MM` (or a bare day, meaning its midnight).
public struct LocalDateTime: Hashable, Sendable, Codable, CustomStringConvertible {
    public let day: CivilDay
    /// Minutes after midnight.
    public let minute: Int

    public init(day: CivilDay, minute: Int = 0) { (self.day, self.minute) = (day, minute) }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, naming `field` when it is neither.
    public init(_ text: String, field: String) throws {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        let invalid = DomainError.invalid([.init(field: field, key: "error_local_time")])
        guard (1...2).contains(parts.count) else { throw invalid }
        day = try CivilDay(String(parts[0]), field: field)
        guard parts.count == 2 else { minute = 0; return }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 }), let hour = Int(clock[0]), let minutes = Int(clock[1]),
              (0...23).contains(hour), (0...59).contains(minutes) else { throw invalid }
        minute = hour * 60 + minutes
    }

    public var description: String {
        minute == 0 ? day.description : "\(day)T\(padded(minute / 60, to: 2)):\(padded(minute % 60, to: 2))"
    }

    public init(from decoder: Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self), field: FieldPath.of(decoder.codingPath))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
