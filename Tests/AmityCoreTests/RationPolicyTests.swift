@testable import AmityCore
import Foundation
import PropertyBased
import Testing

/// Policies as data: they survive JSON, and a wrong one names every field it gets wrong.
@Suite struct RationPolicyTests {
    func fields(_ policy: RationPolicy) -> [String] {
        do { _ = try RationRules(policy); return [] } catch let DomainError.invalid(errors) { return errors.map(\.field) } catch { return ["?"] }
    }

    @Test func the2020PoliciesRoundTripThroughJSON() throws {
        for policy in Programmes2020.taiwan + Programmes2020.korea {
            let data = try JSONEncoder().encode(policy)
            #expect(try JSONDecoder().decode(RationPolicy.self, from: data) == policy)
            #expect(fields(policy) == [])
        }
        let text = String(decoding: try JSONEncoder().encode(Programmes2020.korea[1]), as: UTF8.self)
        #expect(text.contains(#""effectiveFrom":"2020-03-09""#) && text.contains(#""mon":[1,6]"#) && text.contains(#""unit":"1500""#))
    }

    @Test func aWindowOfZeroDaysNamesTheField() {
        var policy = Programmes2020.taiwan[0]
        policy.quotas[0].window = .rolling(0)
        #expect(fields(policy) == ["quotas[0].window.days"])
        policy.quotas[0].window = Window(kind: .cycle, days: 14)
        #expect(fields(policy) == ["quotas[0].window.epoch"])
    }

    @Test func everyWrongFieldIsNamedAtOnce() {
        var policy = Programmes2020.taiwan[6]
        policy.timeZone = "Asia/Taipeh"
        policy.currency = "NTD"
        policy.quotas[0].limits[0].semantics = nil
        policy.quotas[0].limits[0].alternatives[0][0].classes = ["adults"]
        policy.prices.removeLast()
        policy.until = LocalDateTime(day: CivilDay(year: 2020, month: 4, day: 1))
        policy.dayGate = DayGate(rule: .idParity, odd: [.mon])
        policy.proxy?.cards[0].cohort = "kids"
        #expect(Set(fields(policy)) == [
            "timeZone", "currency", "until", "quotas[0].limits[0].semantics", "quotas[0].limits[0].alternatives[0][0].classes[0]",
            "prices", "dayGate.even", "proxy.cards[0].cohort",
        ])
    }

    @Test func proportionalAlternativesAreSinglePools() {
        var policy = Programmes2020.taiwan[6]
        policy.quotas[0].limits[0].semantics = .proportional
        #expect(fields(policy) == [])
        policy.quotas[0].limits[0].alternatives[1].append(Pool("adult2", classes: ["adult"], max: 3))
        #expect(fields(policy) == ["quotas[0].limits[0].alternatives"])
    }

    @Test func proportionalSharesAddUp() throws {
        var policy = Programmes2020.taiwan[6]
        policy.quotas[0].limits[0].semantics = .proportional
        let rules = try RationRules(policy)
        let person = Cardholder(key: "p", document: "nhi", birth: try PartialDate("1980"))
        let at = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!).instant(of: CivilDay(year: 2020, month: 4, day: 10), minute: 600)
        let history = [Purchase(person: "p", at: at.addingTimeInterval(-3600), class: "adult", quantity: 3)]
        // 3 of 9 adult leaves two thirds: 6 of 10 child (6.67 rounded down).
        #expect(rules.decide(.own(person, [Line("child", 6)], at: at), history: history).allowed)
        let seven = rules.decide(.own(person, [Line("child", 7)], at: at), history: history)
        #expect(seven.codes == [.limit] && seven.reasons[0].max == 6)
        #expect(rules.entitlements(of: person, at: at, history: history)[0].pools.map(\.remaining) == [6, 6])
    }

    /// A dry run's history is typed by hand: quantities at the edges of Int must neither trap nor
    /// free quota.
    @Test func historiesAtTheEdgesOfIntNeitherTrapNorFreeQuota() throws {
        let person = Cardholder(key: "p", document: "nhi", birth: try PartialDate("1980"))
        let at = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!).instant(of: CivilDay(year: 2020, month: 4, day: 10), minute: 600)
        for semantics in [Limit.Semantics.proportional, .lockOnFirst] {
            var policy = Programmes2020.taiwan[6]
            policy.quotas[0].limits[0].semantics = semantics
            let rules = try RationRules(policy)
            for quantities in [[Int.max, Int.max], [Int.max, Int.min], [Int.min, 1], [0, -1]] {
                let history = quantities.map { Purchase(person: "p", at: at.addingTimeInterval(-60), class: "adult", quantity: $0) }
                let decision = rules.decide(.own(person, [Line("adult", 1)], at: at), history: history)
                let used = quantities.reduce(0) { Proportion.bounded($0, plus: $1) }
                #expect(decision.allowed == (used + 1 <= 9), "\(semantics) \(quantities): \(decision.codes)")
                _ = rules.entitlements(of: person, at: at, history: history)
            }
            #expect(rules.decide(.own(person, [Line("adult", Int.max)], at: at), history: []).codes == [.quantity])
        }
    }

    @Test func amountsAreExact() throws {
        #expect(try Amount("0.5", field: "x").hundredths == 50)
        #expect(try Amount("1500", field: "x").text(currency: "KRW") == "KRW 1,500")
        #expect(Amount(hundredths: 4050).description == "40.50")
        for bad in ["", "-1", "1.234", "1e3", "٣", "1.", ".5", "9999999999999"] {
            #expect(throws: DomainError.self, "\(bad)") { try Amount(bad, field: "x") }
        }
        #expect(throws: (any Error).self) { try JSONDecoder().decode([Amount].self, from: Data("[-5]".utf8)) }
    }

    @Test func localTimesParseStrictly() throws {
        #expect(try LocalDateTime("2020-02-06T09:00", field: "f").minute == 540)
        for bad in ["2020-02-06T9:00", "2020-02-30", "2020-02-06T24:00", "2020-02-06 09:00", "2020-02-06T09:00:00"] {
            #expect(throws: DomainError.self, "\(bad)") { try LocalDateTime(bad, field: "f") }
        }
    }

    /// Foundation turns Julian before October 1582, so the comparison starts in 1696.
    @Test func civilDaysAgreeWithFoundation() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        await propertyCheck(count: 500, input: Gen.int(in: -100_000...800_000)) { number in
            let day = CivilDay(number: number)
            let (year, month, dayOfMonth) = day.parts
            #expect(CivilDay(year: year, month: month, day: dayOfMonth) == day)
            let date = Date(timeIntervalSince1970: Double(number) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            #expect(parts.year == year && parts.month == month && parts.day == dayOfMonth)
            #expect((parts.weekday! + 5) % 7 == day.weekday.index)
        }
        #expect(CivilDay(year: 2020, month: 2, day: 6).weekday == .thu)
    }

    @Test func cohortsByBirthYearAreConservative() throws {
        let rules = try RationRules(Programmes2020.taiwan[5])
        let day = CivilDay(year: 2020, month: 3, day: 20)
        #expect(rules.person(Cardholder(key: "a", document: "nhi", birth: try PartialDate("2004")), isIn: "child", on: day))
        #expect(!rules.person(Cardholder(key: "b", document: "nhi", birth: try PartialDate("2003")), isIn: "child", on: day))
        let under14 = try RationRules(Programmes2020.taiwan[2])
        let march3 = CivilDay(year: 2020, month: 3, day: 3)
        #expect(under14.person(Cardholder(key: "c", document: "nhi", birth: try PartialDate("2006-03-04")), isIn: "under14", on: march3))
        #expect(!under14.person(Cardholder(key: "d", document: "nhi", birth: try PartialDate("2006-03-03")), isIn: "under14", on: march3))
    }
}
