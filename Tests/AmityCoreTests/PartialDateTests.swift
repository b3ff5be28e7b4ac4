@testable import AmityCore
import Testing

@Suite struct PartialDateTests {
    @Test(arguments: ["1988", "2020-04", "2020-04-14", "2020-02-29", "2000-02-29"])
    func readsAndWritesISO(_ text: String) throws {
        #expect(try PartialDate(text).description == text)
    }

    @Test(arguments: ["88", "2020-4", "2020-13", "2021-02-29", "1900-02-29", "2020-04-31", "2020-04-14T00:00", "", "abcd", "2020--01",
                           "0000", "+988", "-988", "2020-+4", "2020/04/14", "2020-04-1 ", " 1988", "１９８８", "2020-00", "2020-04-00", "20200-04-1"])
    func refusesWhatIsNotADate(_ text: String) {
        #expect(throws: DomainError.self) { try PartialDate(text) }
    }

    @Test func ordersByEarliestDay() throws {
        let dates = try ["2020-04-22", "1988", "2020-04", "2020-04-14"].map { try PartialDate($0) }
        #expect(dates.sorted().map(\.description) == ["1988", "2020-04", "2020-04-14", "2020-04-22"])
    }
}
