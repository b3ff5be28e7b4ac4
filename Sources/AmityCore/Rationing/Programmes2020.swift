/// Taiwan's and Korea's 2020 mask rules, version by version, as the policies Amity runs: the
/// demo's programmes and the conformance tests' fixtures. Dates and numbers are the announcements'.
public enum Programmes2020 {
    private static func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> CivilDay { CivilDay(year: year, month: month, day: dayOfMonth) }
    private static func at(_ year: Int, _ month: Int, _ dayOfMonth: Int, _ hour: Int = 0) -> LocalDateTime {
        LocalDateTime(day: day(year, month, dayOfMonth), minute: hour * 60)
    }

    // MARK: Taiwan

    private static let parityGate = DayGate(rule: .idParity, odd: [.mon, .wed, .fri], even: [.tue, .thu, .sat], openToAll: [.sun])

    private static func taiwan(
        _ version: Int, _ from: LocalDateTime, transition: RationPolicy.Transition = .carry, cohorts: [Cohort], quotas: [Quota],
        gate: DayGate?, proxy: ProxyRule, prices: [Price] = [Price("adult", unit: Amount(5)), Price("child", unit: Amount(5))],
        channels: [String] = ["counter"], fees: [Fee] = [], classes: [String] = ["adult", "child"], donation: Bool = false, note: String
    ) -> RationPolicy {
        RationPolicy(
            version: version, effectiveFrom: from, timeZone: "Asia/Taipei", currency: "TWD", transition: transition, classes: classes,
            cohorts: cohorts, eligibility: Eligibility(documents: ["nhi", "arc"], channels: channels), quotas: quotas, dayGate: gate,
            proxy: proxy, prices: prices, fees: fees, donation: donation, note: note
        )
    }

    private static let anyoneMayHoldOneCard = ProxyRule(cards: [.init(max: 1)], relationships: [.init(requires: .anyone)])
    private static let threeChildCardsAndOneOther = ProxyRule(cards: [.init(cohort: "child", max: 3), .init(max: 1)], relationships: [.init(requires: .anyone)])

    private static func sevenDays(child: Int, adult: Int) -> Quota {
        Quota(id: "masks", window: .rolling(7), limits: [
            Limit(cohort: "child", pools: [Pool("masks", classes: ["adult", "child"], max: child)]),
            Limit(pools: [Pool("masks", classes: ["adult"], max: adult)]),
        ])
    }

    private static let fourteenDayCycles = Window.cycle(14, from: day(2020, 4, 9))
    private static let nineAdultOrTenChild = Quota(id: "masks", window: fourteenDayCycles, limits: [
        Limit(alternatives: [[Pool("adult", classes: ["adult"], max: 9)], [Pool("child", classes: ["child"], max: 10)]], semantics: .lockOnFirst),
    ])
    /// Masks mailed to relatives abroad: a second quota, independent of the first.
    private static let relativesAbroad = Quota(id: "abroad", window: .rolling(60), limits: [Limit(pools: [Pool("abroad", classes: ["abroad"], max: 30)])])

    private static let born2008 = Cohort(name: "child", bornFrom: day(2008, 1, 1))
    private static let thirteenOrUnder = Cohort(name: "under14", ageAtMost: 13)
    private static let born2004 = Cohort(name: "child", bornFrom: day(2004, 1, 1))
    private static let preorder = Fee(channel: "preorder", amount: Amount(7))

    /// Taiwan's name-based mask rationing (口罩實名制), from 6 February 2020.
    public static let taiwan: [RationPolicy] = [
        taiwan(1, at(2020, 2, 6, 9), transition: .reset, cohorts: [born2008], quotas: [sevenDays(child: 2, adult: 2)],
               gate: parityGate, proxy: anyoneMayHoldOneCard,
               note: "2 masks per card per 7 days at NT$5; odd ID digits Mon/Wed/Fri, even Tue/Thu/Sat, Sunday for all; child masks on cards born 2008 or later; one other card per visit."),
        taiwan(2, at(2020, 2, 20), cohorts: [born2008], quotas: [sevenDays(child: 4, adult: 2)], gate: parityGate, proxy: anyoneMayHoldOneCard,
               note: "Child cards: 4 masks per 7 days."),
        taiwan(3, at(2020, 2, 27), cohorts: [born2008, thirteenOrUnder], quotas: [sevenDays(child: 4, adult: 2)],
               gate: withExemptions(parityGate, cohorts: ["under14"]), proxy: threeChildCardsAndOneOther,
               note: "Children 13 or under exempt from the day gate; a buyer may hold up to 3 child cards besides one adult card."),
        taiwan(4, at(2020, 3, 5), cohorts: [born2008, thirteenOrUnder], quotas: [sevenDays(child: 5, adult: 3)],
               gate: withExemptions(parityGate, cohorts: ["under14"]), proxy: threeChildCardsAndOneOther,
               note: "Adults 3 and children 5 per 7 days."),
        taiwan(5, at(2020, 3, 12), cohorts: [born2008, thirteenOrUnder], quotas: [sevenDays(child: 5, adult: 3)],
               gate: withExemptions(parityGate, cohorts: ["under14"], channels: ["preorder"]), proxy: threeChildCardsAndOneOther,
               channels: ["counter", "preorder"], fees: [preorder],
               note: "eMask: pre-orders online without a day gate, NT$7 handling per order, a public lottery when a round is oversubscribed; counter rules unchanged."),
        taiwan(6, at(2020, 3, 19), cohorts: [born2004], quotas: [sevenDays(child: 5, adult: 3)],
               gate: withExemptions(parityGate, cohorts: ["child"], channels: ["preorder"]), proxy: threeChildCardsAndOneOther,
               channels: ["counter", "preorder"], fees: [preorder],
               note: "Child cohort widened to born on or after 2004-01-01 (adult or child masks, no day gate); pre-orders without a gate, NT$7 handling per order."),
        taiwan(7, at(2020, 4, 9), transition: .reset, cohorts: [born2004], quotas: [nineAdultOrTenChild], gate: nil,
               proxy: threeChildCardsAndOneOther, channels: ["counter", "preorder"], fees: [preorder],
               note: "9 adult or 10 child masks per fixed 14-day cycle from 2020-04-09, any day; day gate abolished; unused quota does not carry over."),
        taiwan(8, at(2020, 4, 27), cohorts: [born2004], quotas: [nineAdultOrTenChild, relativesAbroad], gate: nil,
               proxy: threeChildCardsAndOneOther,
               prices: [Price("adult", unit: Amount(5)), Price("child", unit: Amount(5)), Price("abroad", unit: Amount(5))],
               channels: ["counter", "preorder"], fees: [preorder], classes: ["adult", "child", "abroad"], donation: true,
               note: "The rest of a cycle's entitlement may be donated abroad; 30 masks every 2 months may be mailed to relatives abroad (price assumed as for other masks)."),
        taiwan(9, at(2020, 12, 31), cohorts: [born2004],
               quotas: [Quota(id: "masks", window: fourteenDayCycles, limits: [Limit(pools: [Pool("masks", classes: ["adult", "child"], max: 10)])])],
               gate: nil, proxy: threeChildCardsAndOneOther,
               prices: [Price("adult", pack: 10, price: Amount(40)), Price("child", pack: 10, price: Amount(40))],
               channels: ["counter", "preorder"], fees: [preorder], donation: true,
               note: "10 masks per 14 days, adult or child, NT$40 per sealed pack of 10."),
    ]

    private static func withExemptions(_ gate: DayGate, cohorts: [String], channels: [String] = []) -> DayGate {
        var gate = gate
        (gate.exemptCohorts, gate.exemptChannels) = (cohorts, channels)
        return gate
    }

    // MARK: Korea

    private static let koreaCohorts = [
        Cohort(name: "disabled", flags: ["disabled"]),
        Cohort(name: "child2010", bornFrom: day(2010, 1, 1)),
        Cohort(name: "senior1940", bornThrough: day(1940, 12, 31)),
        Cohort(name: "longTermCare", flags: ["longTermCare"]),
        Cohort(name: "born2002", bornFrom: day(2002, 1, 1)),
    ]

    private static func koreaProxy(_ subject: ProxyRule.GateSubject) -> ProxyRule {
        ProxyRule(
            cards: [.init(max: 10)],
            relationships: [
                .init(cohort: "disabled", requires: .anyone), .init(cohort: "child2010", requires: .sameHousehold),
                .init(cohort: "senior1940", requires: .sameHousehold), .init(cohort: "longTermCare", requires: .sameHousehold),
            ],
            gateSubject: subject
        )
    }

    private static func rotation(holidays: Bool) -> DayGate {
        DayGate(
            rule: .birthYearDigit, digits: [.mon: [1, 6], .tue: [2, 7], .wed: [3, 8], .thu: [4, 9], .fri: [5, 0]],
            openIfNothingBoughtThisWeek: [.sat, .sun],
            holidays: holidays ? [day(2020, 4, 30), day(2020, 5, 5), day(2020, 6, 6)] : [], holidaysAsWeekend: holidays
        )
    }

    private static func korea(
        _ version: Int, _ from: LocalDateTime, until: LocalDateTime? = nil, transition: RationPolicy.Transition = .reset, window: Window = .calendarWeek,
        limits: [Limit], gate: DayGate?, proxy: ProxyRule?, note: String
    ) -> RationPolicy {
        RationPolicy(
            version: version, effectiveFrom: from, until: until, timeZone: "Asia/Seoul", currency: "KRW", transition: transition,
            classes: ["mask"], cohorts: koreaCohorts, eligibility: Eligibility(documents: ["rrn", "arc"], channels: ["counter"]),
            quotas: [Quota(id: "masks", window: window, limits: limits)], dayGate: gate, proxy: proxy,
            prices: [Price("mask", unit: Amount(1500))], note: note
        )
    }

    private static func perWeek(_ max: Int, cohort: String? = nil) -> Limit { Limit(cohort: cohort, pools: [Pool("masks", classes: ["mask"], max: max)]) }

    /// Korea's public masks (공적 마스크) and the five-day rotation (마스크 5부제), from 6 March 2020.
    public static let korea: [RationPolicy] = [
        korea(1, at(2020, 3, 6), window: .range(day(2020, 3, 6), day(2020, 3, 9)), limits: [perWeek(2)], gate: nil, proxy: nil,
              note: "Transitional window 6–8 March: 2 per person, any day."),
        korea(2, at(2020, 3, 9), limits: [perWeek(2)], gate: rotation(holidays: false), proxy: koreaProxy(.beneficiary),
              note: "Five-day rotation by the birth year's last digit; weekends for those who bought nothing on a weekday; 2 per week at ₩1,500; co-residents buy for children, seniors and care recipients on the beneficiary's day, anyone for a disabled person."),
        korea(3, at(2020, 4, 27), limits: [perWeek(3)], gate: rotation(holidays: true), proxy: koreaProxy(.either),
              note: "3 per week; a proxy buys on either person's day; public holidays count as weekends."),
        korea(4, at(2020, 6, 1), limits: [perWeek(5, cohort: "born2002"), perWeek(3)], gate: nil, proxy: koreaProxy(.either),
              note: "Rotation abolished; born 2002 or later 5 per week, others 3."),
        korea(5, at(2020, 6, 18), until: at(2020, 7, 12), transition: .carry, limits: [perWeek(10)], gate: nil, proxy: koreaProxy(.either),
              note: "10 per week, counting what was already bought this week; the system ends on 12 July."),
    ]
}
