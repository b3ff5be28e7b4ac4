@testable import AmityCore
import Testing

/// A domain error reads as English sentences in a log or on the command line, not as a Swift value.
@Suite struct DomainErrorTests {
    @Test func anErrorSaysWhatIsWrongAndWhere() {
        let invalid = DomainError.invalid([.init(field: "--as-of", key: "error_plan_day_future", ["text": "2999-01-01"]), .init(field: "mode", message: "Choose a mode.")])
        #expect("\(invalid)" == "--as-of: A plan is made as of today or a past day, not 2999-01-01.\nmode: Choose a mode.")
        #expect(String(reflecting: DomainError.notFound(entity: "plan", id: "7")) == "There is no plan with id '7'.")
        #expect("\(DomainError.conflict("Offer 3 has only 100 left to pledge."))" == "Offer 3 has only 100 left to pledge.")
    }
}
