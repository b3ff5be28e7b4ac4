@testable import AmityCore
import Testing

@Suite struct CursorTests {
    @Test func roundTrips() throws {
        let cursor = Cursor(key: [.int(2_850_285), .int(1_668_399)])
        let back = try Cursor(token: cursor.token, shape: [.int, .int])
        #expect(back == cursor)
        let text = Cursor(key: [.text("臺中/+="), .text("c40")])
        #expect(try Cursor(token: text.token, shape: [.text, .text]) == text)
        #expect(!text.token.contains("+") && !text.token.contains("/") && !text.token.contains("="))
    }

    @Test(arguments: ["zzz", "", "!!!!", "WzEsMl0", "WyJhIiwxXQ", String(repeating: "A", count: 1100)])
    func refusesTokensOfAnotherShape(_ token: String) {
        // "WzEsMl0" is [1,2] (right shape for ints, wrong here); "WyJhIiwxXQ" is ["a",1].
        #expect(throws: DomainError.self) { try Cursor(token: token, shape: [.text, .text]) }
    }

    @Test func pagingChecksTheLimit() throws {
        #expect(try Paging(limit: nil, cursor: nil, shape: [.int]).limit == 20)
        #expect(try Paging(limit: 100, cursor: nil, shape: [.int]).limit == 100)
        #expect(throws: DomainError.self) { try Paging(limit: 0, cursor: nil, shape: [.int]) }
        #expect(throws: DomainError.self) { try Paging(limit: 101, cursor: nil, shape: [.int]) }
    }
}
