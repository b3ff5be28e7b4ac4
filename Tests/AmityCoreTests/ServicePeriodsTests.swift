import AmityCore
import Foundation
import Testing

/// Outlets' hours in Taiwan's `service_periods` letters: read, said in the NHI's words, and asked
/// whether an outlet is open now and when it opens next.
@Suite struct ServicePeriodsTests {
    let taipei = TimeZone(identifier: "Asia/Taipei")!

    /// 2020-02-10 was a Monday.
    func taipei(day: Int, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = taipei
        return calendar.date(from: DateComponents(year: 2020, month: 2, day: 10 + day, hour: hour, minute: 30))!
    }

    @Test func onlyTwentyOneLettersOfNAndYAreHours() {
        #expect(ServicePeriods(code: "nnnnnnnnnnnnnnnnnnnny")?.code == "NNNNNNNNNNNNNNNNNNNNY")
        for bad in ["", "NNNN", String(repeating: "N", count: 20), String(repeating: "N", count: 22), String(repeating: "N", count: 20) + "X",
                    String(repeating: "是", count: 21)] {
            #expect(ServicePeriods(code: bad) == nil, "\(bad)")
        }
    }

    /// A pharmacy of the 2020 community map, open every part but Sunday evening, in the words it carried.
    @Test func theWordsAreThoseOfTheNHIsData() throws {
        let periods = try #require(ServicePeriods(code: "NNNNNNNNNNNNNNNNNNNNY"))
        let words = periods.taiwanWords.split(separator: "、")
        #expect(words.count == 21 && words.first == "星期一上午看診" && words[7] == "星期一下午看診" && words.last == "星期日晚上休診")
        #expect(words.filter { $0.hasSuffix("休診") }.count == 1)
    }

    @Test func openNowAndTheNextOpeningFollowTheProgrammesClock() throws {
        // Monday to Saturday, mornings and afternoons; Saturday morning only; closed on Sunday.
        let periods = try #require(ServicePeriods(code: "NNNNNNY" + "NNNNNYY" + "YYYYYYY"))
        #expect(periods.parts(day: 0) == [.morning, .afternoon] && periods.parts(day: 5) == [.morning] && periods.parts(day: 6).isEmpty)
        #expect(periods.isOpen(at: taipei(day: 0, hour: 9), zone: taipei))
        #expect(periods.isOpen(at: taipei(day: 0, hour: 15), zone: taipei))
        #expect(!periods.isOpen(at: taipei(day: 0, hour: 19), zone: taipei), "no evenings")
        #expect(!periods.isOpen(at: taipei(day: 1, hour: 3), zone: taipei), "the night belongs to no part")
        // The zone decides: Monday 18:30 in Taipei is 10:30, a morning, in UTC.
        #expect(periods.isOpen(at: taipei(day: 0, hour: 18), zone: TimeZone(identifier: "UTC")!))
        #expect(periods.nextOpening(after: taipei(day: 0, hour: 19), zone: taipei) == .init(day: 1, part: .morning))
        #expect(periods.nextOpening(after: taipei(day: 1, hour: 3), zone: taipei) == .init(day: 1, part: .morning), "at night, the coming morning")
        #expect(periods.nextOpening(after: taipei(day: 5, hour: 10), zone: taipei) == .init(day: 0, part: .morning), "Saturday morning: next Monday")
        #expect(periods.nextOpening(after: taipei(day: 6, hour: 20), zone: taipei) == .init(day: 0, part: .morning), "across the week's end")
        let never = try #require(ServicePeriods(code: String(repeating: "Y", count: 21)))
        #expect(never.nextOpening(after: taipei(day: 0, hour: 9), zone: taipei) == nil && !never.isOpen(at: taipei(day: 0, hour: 9), zone: taipei))
    }
}
