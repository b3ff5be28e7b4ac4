@testable import AmityCore
import Foundation
import Testing

/// The conformance cases of the rationing specification (§3), one test each, named by id, run
/// against the 2020 policies exactly as the demo loads them.
@Suite struct RationingConformanceTests {
    let taiwan = try! RationSchedule(policies: Programmes2020.taiwan)
    let korea = try! RationSchedule(policies: Programmes2020.korea)

    func tw(_ version: Int) -> RationRules { taiwan.versions.first { $0.policy.version == version }! }
    func kr(_ version: Int) -> RationRules { korea.versions.first { $0.policy.version == version }! }

    static let taipei = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!)
    static let seoul = LocalClock(zone: TimeZone(identifier: "Asia/Seoul")!)
    func inTaipei(_ month: Int, _ day: Int, _ hour: Int = 10, year: Int = 2020) -> Date {
        Self.taipei.instant(of: CivilDay(year: year, month: month, day: day), minute: hour * 60)
    }
    func inSeoul(_ month: Int, _ day: Int, _ hour: Int = 10) -> Date {
        Self.seoul.instant(of: CivilDay(year: 2020, month: month, day: day), minute: hour * 60)
    }

    func card(_ key: String, digit: Int? = nil, born: String = "1980", document: String = "nhi", flags: [String] = [], household: String? = nil) -> Cardholder {
        Cardholder(key: key, document: document, lastDigit: digit, birth: try! PartialDate(born), flags: flags, household: household)
    }
    func bought(_ person: Cardholder, _ quantity: Int, of name: String = "adult", at: Date) -> Purchase {
        Purchase(person: person.key, at: at, class: name, quantity: quantity)
    }
    func adult(_ n: Int) -> [Line] { [Line("adult", n)] }
    func child(_ n: Int) -> [Line] { [Line("child", n)] }
    func masks(_ n: Int) -> [Line] { [Line("mask", n)] }

    // MARK: Taiwan

    @Test("TW-01") func oddIDOnAnEvenDay() {
        let decision = tw(1).decide(.own(card("a", digit: 3), adult(2), at: inTaipei(2, 6)), history: [])
        #expect(decision.codes == [.dayGate])
        #expect(decision.reasons[0].todayFor == "even")
        #expect(decision.reasons[0].days == [.mon, .wed, .fri, .sun])
    }

    @Test("TW-02") func evenIDOnAnEvenDay() {
        let decision = tw(1).decide(.own(card("a", digit: 4), adult(2), at: inTaipei(2, 6)), history: [])
        #expect(decision.allowed)
        #expect(decision.total == Amount(10) && decision.currency == "TWD" && decision.policyVersion == 1)
    }

    @Test("TW-03") func zeroIsEven() {
        #expect(tw(1).decide(.own(card("a", digit: 0), adult(2), at: inTaipei(2, 11)), history: []).allowed)
        #expect(tw(1).decide(.own(card("a", digit: 0), adult(2), at: inTaipei(2, 10)), history: []).codes == [.dayGate])
    }

    @Test("TW-04") func sundayIsOpenToAll() {
        #expect(tw(1).decide(.own(card("a", digit: 7), adult(2), at: inTaipei(2, 9)), history: []).allowed)
    }

    @Test("TW-05") func sevenDaysFromASunday() throws {
        let buyer = card("a", digit: 7)
        let history = [bought(buyer, 2, at: inTaipei(2, 16))]
        let saturday = tw(1).decide(.own(buyer, adult(2), at: inTaipei(2, 22)), history: history)
        #expect(saturday.codes.contains(.limit))
        #expect(saturday.reasons.first { $0.code == .limit }?.windowEnds == CivilDay(year: 2020, month: 2, day: 22))
        #expect(tw(1).decide(.own(buyer, adult(2), at: inTaipei(2, 23)), history: history).allowed)
        // The other reading: the boundary day still counts, so the next Sunday is refused too.
        var strict = Programmes2020.taiwan[0]
        strict.quotas[0].window = .rolling(7, boundaryDayCounts: true)
        let strictRules = try RationRules(strict)
        #expect(strictRules.decide(.own(buyer, adult(2), at: inTaipei(2, 23)), history: history).codes == [.limit])
        #expect(strictRules.decide(.own(buyer, adult(2), at: inTaipei(2, 24)), history: history).allowed)
    }

    @Test("TW-06") func threeAdultMasksExceedTwo() {
        let decision = tw(1).decide(.own(card("a", digit: 4), adult(3), at: inTaipei(2, 6)), history: [])
        #expect(decision.codes == [.limit])
        #expect(decision.reasons[0].max == 2 && decision.reasons[0].asked == 3 && decision.reasons[0].used == 0)
    }

    @Test("TW-07") func childMasksOnlyOnAChildCard() {
        let monday = inTaipei(2, 10)
        #expect(tw(1).decide(.own(card("c", digit: 1, born: "2009-05-01"), child(2), at: monday), history: []).allowed)
        let older = tw(1).decide(.own(card("d", digit: 1, born: "2007-05-01"), child(2), at: monday), history: [])
        #expect(older.codes == [.ineligibleCohort])
        #expect(older.reasons[0].class == "child")
    }

    @Test("TW-08") func aChildCardSharesOnePoolOfTwo() {
        let lines = [Line("adult", 1), Line("child", 1)]
        let decision = tw(1).decide(.own(card("c", digit: 1, born: "2009"), lines, at: inTaipei(2, 10)), history: [])
        #expect(decision.allowed && decision.total == Amount(10))
        let three = tw(1).decide(.own(card("c", digit: 1, born: "2009"), [Line("adult", 2), Line("child", 1)], at: inTaipei(2, 10)), history: [])
        #expect(three.codes == [.limit] && three.reasons[0].pool == "masks")
    }

    @Test("TW-09") func oneOtherCardPerVisit() {
        let holder = card("h", digit: 2)
        let visit = Visit(holder: holder, cards: [Card(holder, adult(2)), Card(card("x", digit: 4), adult(2)), Card(card("y", digit: 6), adult(2))], at: inTaipei(2, 11))
        let decision = tw(1).decide(visit, history: [])
        #expect(decision.codes == [.proxyLimit])
        #expect(decision.reasons[0].max == 1 && decision.reasons[0].asked == 2)
        #expect(tw(1).decide(Visit(holder: holder, cards: Array(visit.cards.prefix(2)), at: inTaipei(2, 11)), history: []).allowed)
    }

    @Test("TW-10") func childCardsFourPerSevenDays() {
        let kid = card("k", digit: 1, born: "2010")
        let history = [bought(kid, 2, of: "child", at: inTaipei(2, 24)), bought(kid, 2, of: "child", at: inTaipei(2, 26))]
        #expect(tw(2).decide(.own(kid, child(2), at: inTaipei(2, 24)), history: []).allowed)
        #expect(tw(2).decide(.own(kid, child(2), at: inTaipei(2, 26)), history: Array(history.prefix(1))).allowed)
        let fifth = tw(2).decide(.own(kid, child(1), at: inTaipei(2, 28)), history: history)
        #expect(fifth.codes == [.limit] && fifth.reasons[0].max == 4 && fifth.reasons[0].used == 4)
    }

    @Test("TW-11") func childCardsExemptAndThreeByProxy() {
        let tuesday = inTaipei(3, 3)
        let kid = card("k", digit: 1, born: "2010")
        #expect(tw(3).decide(.own(kid, child(2), at: tuesday), history: []).allowed)
        let holder = card("h", digit: 2)
        var cards = [Card(holder, adult(2)), Card(card("a", digit: 4), adult(2))]
        cards += (1...3).map { Card(card("c" + String($0), digit: $0, born: "2012"), child(2)) }
        #expect(tw(3).decide(Visit(holder: holder, cards: cards, at: tuesday), history: []).allowed)
        cards.append(Card(card("c4", digit: 8, born: "2013"), child(2)))
        let fourth = tw(3).decide(Visit(holder: holder, cards: cards, at: tuesday), history: [])
        #expect(fourth.codes == [.proxyLimit])
        #expect(fourth.reasons[0].cohort == "child" && fourth.reasons[0].max == 3 && fourth.reasons[0].asked == 4)
    }

    @Test("TW-12") func threeAdultFiveChild() {
        let grown = card("a", digit: 1), kid = card("k", digit: 2, born: "2011")
        let history = [bought(grown, 2, at: inTaipei(3, 6)), bought(grown, 1, at: inTaipei(3, 9))]
        #expect(tw(4).decide(.own(grown, adult(1), at: inTaipei(3, 9)), history: Array(history.prefix(1))).allowed)
        let fourth = tw(4).decide(.own(grown, adult(1), at: inTaipei(3, 11)), history: history)
        #expect(fourth.codes == [.limit] && fourth.reasons[0].max == 3)
        #expect(tw(4).decide(.own(kid, child(5), at: inTaipei(3, 11)), history: []).allowed)
    }

    @Test("TW-14") func eMaskPreOrdersWithoutTheDayGate() {
        let odd = card("a", digit: 1)
        let thursday = inTaipei(3, 12)
        let order = taiwan.decide(.own(odd, adult(3), channel: "preorder", at: thursday), history: [])
        #expect(order.allowed && order.policyVersion == 5)
        #expect(order.lines.map(\.amount) == [Amount(15)] && order.fee == Amount(7) && order.total == Amount(22))
        // At the counter that Thursday is still an even day; a week before, the channel did not exist.
        #expect(taiwan.decide(.own(odd, adult(3), at: thursday), history: []).codes == [.dayGate])
        #expect(taiwan.decide(.own(odd, adult(3), channel: "preorder", at: inTaipei(3, 11)), history: []).codes == [.ineligibleChannel])
    }

    @Test("TW-13") func childCohortFromBirthDay2004() {
        for day in 16...22 {
            #expect(tw(6).decide(.own(card("y", digit: 1, born: "2004-01-01"), child(2), at: inTaipei(3, day + 7)), history: []).allowed)
            let older = tw(6).decide(.own(card("o", digit: 1, born: "2003-12-31"), child(2), at: inTaipei(3, day + 7)), history: [])
            #expect(older.codes.contains(.ineligibleCohort))
        }
    }

    @Test("TW-17") func fourteenDayCyclesResetAtTheirStart() throws {
        let grown = card("a", digit: 3)
        let history = [bought(grown, 3, at: inTaipei(4, 8))]
        let visit = Visit.own(grown, adult(9), at: inTaipei(4, 9))
        #expect(taiwan.decide(visit, history: history).allowed)
        #expect(taiwan.decide(visit, history: history).policyVersion == 7)
        var carrying = Programmes2020.taiwan[6]
        carrying.transition = .carry
        let carried = try RationSchedule(policies: Array(Programmes2020.taiwan.prefix(6)) + [carrying])
        let decision = carried.decide(visit, history: history)
        #expect(decision.codes == [.limit] && decision.reasons[0].used == 3)
        #expect(carried.decide(.own(grown, adult(6), at: inTaipei(4, 9)), history: history).allowed)
        // What was bought before the version before's window (7 days) is not carried.
        #expect(carried.decide(visit, history: [bought(grown, 3, at: inTaipei(4, 2))]).allowed)
    }

    @Test("TW-18") func consecutiveCycles() {
        let grown = card("a", digit: 3)
        let first = Visit.own(grown, adult(9), at: inTaipei(4, 22))
        #expect(tw(7).decide(first, history: []).allowed)
        let history = [bought(grown, 9, at: inTaipei(4, 22))]
        #expect(tw(7).decide(.own(grown, adult(9), at: inTaipei(4, 23)), history: history).allowed)
        #expect(tw(7).decide(.own(grown, adult(1), at: inTaipei(4, 22, 20)), history: history).codes == [.limit])
    }

    @Test("TW-19") func nineAdultOrTenChild() {
        let grown = card("a", digit: 3)
        #expect(tw(7).decide(.own(grown, child(10), at: inTaipei(4, 10)), history: []).allowed)
        let mixed = tw(7).decide(.own(grown, [Line("adult", 9), Line("child", 1)], at: inTaipei(4, 10)), history: [])
        #expect(mixed.codes == [.alternatives])
        // Locked on the first class bought: adult masks first means no child masks this cycle.
        let afterAdult = tw(7).decide(.own(grown, child(1), at: inTaipei(4, 12)), history: [bought(grown, 4, at: inTaipei(4, 10))])
        #expect(afterAdult.codes == [.alternatives])
    }

    @Test("TW-20") func cycleIndexNineteen() {
        let window = Programmes2020.taiwan[6].quotas[0].window
        let day = CivilDay(year: 2020, month: 12, day: 31)
        #expect(window.cycleIndex(on: day) == 19)
        #expect(window.span(on: day) == day...CivilDay(year: 2021, month: 1, day: 13))
        let entitlement = tw(9).entitlements(of: card("a"), at: inTaipei(12, 31), history: [])
        #expect(entitlement.first?.cycle == 19 && entitlement.first?.windowEnds == CivilDay(year: 2021, month: 1, day: 13))
    }

    @Test("TW-21") func donatingTheRestOfACycle() throws {
        let grown = card("a", digit: 3)
        let given = try tw(8).donation(of: grown, quota: "masks", at: inTaipei(4, 28), history: []).get()
        #expect(given == [Purchase(person: "a", at: inTaipei(4, 28), class: "adult", quantity: 9, channel: "donation", donated: true)])
        let after = tw(8).decide(.own(grown, adult(1), at: inTaipei(4, 29)), history: given)
        #expect(after.codes == [.limit])
        #expect(throws: DomainError.self) { try tw(7).donation(of: grown, quota: "masks", at: inTaipei(4, 20), history: []).get() }
        // The second, independent quota is untouched by the first's donation.
        #expect(tw(8).decide(.own(grown, [Line("abroad", 30)], at: inTaipei(4, 29)), history: given).allowed)
    }

    @Test("TW-22") func sealedPacksOfTen() {
        let grown = card("a", digit: 3)
        let ten = tw(9).decide(.own(grown, adult(10), at: inTaipei(12, 31)), history: [])
        #expect(ten.allowed && ten.total == Amount(40))
        #expect(tw(9).decide(.own(grown, adult(11), at: inTaipei(12, 31)), history: []).codes.contains(.limit))
        #expect(tw(9).decide(.own(grown, adult(5), at: inTaipei(12, 31)), history: []).codes == [.packSize])
    }

    @Test("TW-23") func documentsThatEntitle() {
        for rules in taiwan.versions {
            let day = rules.clock.day(of: rules.start).advanced(by: 3)
            let at = Self.taipei.instant(of: day, minute: 600)
            let asked = adult(rules.policy.version == 9 ? 10 : 1)
            let visitor = rules.decide(.own(card("v", digit: day.weekday.index % 2 == 0 ? 1 : 2, document: "passport"), asked, at: at), history: [])
            #expect(visitor.codes == [.ineligibleDocument])
            let resident = rules.decide(.own(card("r", digit: day.weekday.index % 2 == 0 ? 1 : 2, document: "arc"), asked, at: at), history: [])
            #expect(resident.allowed, "version \(rules.policy.version): \(resident.reasons)")
        }
    }

    // MARK: Korea

    @Test("KR-01") func oneTransitionalWindow() {
        let buyer = card("p", born: "1975", document: "rrn")
        #expect(korea.decide(.own(buyer, masks(2), at: inSeoul(3, 6)), history: []).allowed)
        let sunday = korea.decide(.own(buyer, masks(1), at: inSeoul(3, 8)), history: [bought(buyer, 2, of: "mask", at: inSeoul(3, 6))])
        #expect(sunday.codes == [.limit] && sunday.reasons[0].max == 2)
    }

    @Test("KR-02") func birthYearRotation() {
        let monday = inSeoul(3, 9)
        let allowed = korea.decide(.own(card("p", born: "1976", document: "rrn"), masks(2), at: monday), history: [])
        #expect(allowed.allowed && allowed.total == Amount(3000) && allowed.currency == "KRW")
        let denied = korea.decide(.own(card("q", born: "1982", document: "rrn"), masks(2), at: monday), history: [])
        #expect(denied.codes == [.dayGate] && denied.reasons[0].days == [.tue] && denied.reasons[0].todayFor == "1,6")
    }

    @Test("KR-03") func weekendOnlyForThoseWhoBoughtNothing() {
        let buyer = card("p", born: "1981", document: "rrn")
        let decision = korea.decide(.own(buyer, masks(1), at: inSeoul(3, 14)), history: [bought(buyer, 1, of: "mask", at: inSeoul(3, 9))])
        #expect(decision.codes == [.dayGate] && decision.reasons[0].todayFor == "nothingBoughtThisWeek")
    }

    @Test("KR-04") func weekendForThoseWhoBoughtNothing() {
        #expect(korea.decide(.own(card("p", born: "1983", document: "rrn"), masks(2), at: inSeoul(3, 15)), history: []).allowed)
    }

    @Test("KR-05") func proxyOnTheBeneficiarysDay() {
        let parent = card("p", born: "1981", document: "rrn", household: "h1"), child = card("c", born: "2012", document: "rrn", household: "h1")
        let monday = korea.decide(Visit(holder: parent, cards: [Card(child, masks(2))], at: inSeoul(3, 9)), history: [])
        #expect(monday.codes == [.dayGate])
        #expect(monday.reasons[0].subject == .beneficiary && monday.reasons[0].days == [.tue])
        #expect(korea.decide(Visit(holder: parent, cards: [Card(child, masks(2))], at: inSeoul(3, 10)), history: []).allowed)
    }

    @Test("KR-06") func whoMayBuyForWhom() {
        let stranger = card("s", born: "1970", document: "rrn", household: "h9")
        let disabled = card("d", born: "1960", document: "rrn", flags: ["disabled"], household: "h2")
        let senior = card("o", born: "1938", document: "rrn", household: "h3")
        #expect(korea.decide(Visit(holder: stranger, cards: [Card(disabled, masks(2))], at: inSeoul(3, 13)), history: []).allowed)
        let refused = korea.decide(Visit(holder: stranger, cards: [Card(senior, masks(2))], at: inSeoul(3, 11)), history: [])
        #expect(refused.codes == [.relationship])
        let household = card("n", born: "1968", document: "rrn", household: "h3")
        #expect(korea.decide(Visit(holder: household, cards: [Card(senior, masks(2))], at: inSeoul(3, 11)), history: []).allowed)
    }

    @Test("KR-07") func eitherPersonsDay() {
        let parent = card("p", born: "1981", document: "rrn", household: "h1"), child = card("c", born: "2012", document: "rrn", household: "h1")
        let visit = Visit(holder: parent, cards: [Card(parent, masks(3)), Card(child, masks(3))], at: inSeoul(5, 4))
        let decision = korea.decide(visit, history: [])
        #expect(decision.allowed && decision.policyVersion == 3 && decision.total == Amount(9000))
    }

    @Test("KR-08") func holidaysCountAsWeekends() {
        let buyer = card("p", born: "1983", document: "rrn")
        #expect(korea.decide(.own(buyer, masks(3), at: inSeoul(5, 5)), history: []).allowed)
        #expect(korea.decide(.own(buyer, masks(3), at: inSeoul(4, 30)), history: []).allowed)
        #expect(korea.decide(.own(buyer, masks(3), at: inSeoul(5, 7)), history: []).codes == [.dayGate])
    }

    @Test("KR-09") func fiveForTheYoungThreeForOthers() {
        #expect(korea.decide(.own(card("y", born: "2003", document: "rrn"), masks(5), at: inSeoul(6, 2)), history: []).allowed)
        let older = korea.decide(.own(card("o", born: "2001", document: "rrn"), masks(4), at: inSeoul(6, 2)), history: [])
        #expect(older.codes == [.limit] && older.reasons[0].max == 3)
    }

    @Test("KR-10") func tenAWeekCountingTheWeekSoFar() {
        let buyer = card("p", born: "1975", document: "rrn")
        let monday = [bought(buyer, 3, of: "mask", at: inSeoul(6, 15))]
        let seven = korea.decide(.own(buyer, masks(7), at: inSeoul(6, 18)), history: monday)
        #expect(seven.allowed && seven.policyVersion == 5)
        let more = korea.decide(.own(buyer, masks(1), at: inSeoul(6, 18, 15)), history: monday + [bought(buyer, 7, of: "mask", at: inSeoul(6, 18))])
        #expect(more.codes == [.limit] && more.reasons[0].used == 10)
    }

    @Test("KR-11") func noPolicyAfterTheEnd() {
        let decision = korea.decide(.own(card("p", born: "1975", document: "rrn"), masks(1), at: inSeoul(7, 12)), history: [])
        #expect(decision.codes == [.noPolicy] && decision.policyVersion == nil)
        #expect(korea.inForce(at: inSeoul(7, 11, 23)) != nil)
        #expect(korea.decide(.own(card("p", born: "1975", document: "rrn"), masks(1), at: inSeoul(3, 5)), history: []).codes == [.noPolicy])
    }
}
