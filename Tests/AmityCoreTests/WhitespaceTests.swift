import AmityCore
import Foundation
import Testing

@Suite struct WhitespaceTests {
    @Test(arguments: ["", " ", "a", " a", "a ", "\ta b\t", "1980-01-01", " 1980-01-01 ", "\u{3000}台北\u{3000}", "\u{A0}x\u{A0}",
                      "\nline\n", " \n ", "é", " é ", "~!", "\u{7F}x\u{7F}", "10.0.0.1", " 2001:db8::1"])
    func trimsWhatFoundationTrims(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
        #expect(text[...].trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
    }
}
