extension Window {
    /// The days whose purchases count on `day`, or nil when the window is closed that day.
    public func span(on day: CivilDay) -> ClosedRange<CivilDay>? {
        switch kind {
        case .rolling:
            let back = (days ?? 1) - (boundaryDayCounts == true ? 0 : 1)
            return day.advanced(by: -back)...day
        case .cycle:
            guard let index = cycleIndex(on: day), let epoch, let days else { return nil }
            let first = epoch.advanced(by: index * days)
            return first...first.advanced(by: days - 1)
        case .calendarWeek:
            return day.weekStart...day.weekStart.advanced(by: 6)
        case .range:
            guard let from, let until, from <= day, day < until else { return nil }
            return from...until.advanced(by: -1)
        }
    }

    /// For a cycle window, the index of the cycle holding `day`, counting from 0 at the epoch.
    public func cycleIndex(on day: CivilDay) -> Int? {
        guard kind == .cycle, let epoch, let days, days > 0 else { return nil }
        let offset = epoch.distance(to: day)
        return offset >= 0 ? offset / days : -((-offset + days - 1) / days)
    }

    /// Whether the window slides with the day rather than being fixed in the calendar.
    var slides: Bool { kind == .rolling }
}
