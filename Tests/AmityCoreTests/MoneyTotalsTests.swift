@testable import AmityCore
import Testing

/// Money is summed per currency, never across; a sum too large to hold is marked, never wrapped.
@Suite struct MoneyTotalsTests {
    @Test func totalsArePerCurrencyAndChecked() throws {
        var totals = MoneyTotals()
        let usd = try CurrencyCode("usd"), twd = try CurrencyCode("TWD")
        totals.add(12_000, usd)
        totals.add(30_000, twd)
        totals.add(5_000, twd)
        #expect(totals.all.map(\.currency) == ["TWD", "USD"] && totals.amount(in: twd) == 35_000 && totals.all.map(\.gifts) == [2, 1])
        #expect(totals.amount(in: try CurrencyCode("EUR")) == 0 && !totals.exceeds(in: usd))
        totals.add(Int64.max - 12_000, usd)
        #expect(totals.amount(in: usd) == .max && !totals.exceeds(in: usd), "exactly the largest is still exact")
        totals.add(1, usd)
        totals.add(-5, usd)
        #expect(totals.amount(in: usd) == .max && totals.exceeds(in: usd), "past the largest it says so, and stays past")
        #expect(totals.amount(in: twd) == 35_000 && !totals.exceeds(in: twd), "one currency's overflow leaves the others exact")
    }

    @Test func progressIsInWholePercent() {
        #expect(MoneyTotals.percent(25_500, of: 50_000) == 51 && MoneyTotals.percent(0, of: 50_000) == 0)
        #expect(MoneyTotals.percent(150, of: 100) == 150 && MoneyTotals.percent(10, of: 0) == 0)
        #expect(MoneyTotals.percent(Int64.max, of: 1) == Int(Int32.max))
    }
}
