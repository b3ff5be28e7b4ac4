import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without the spaces and tabs around it, as `trimmingCharacters(in: .whitespaces)`
    /// gives it; text that starts and ends with a visible ASCII character, as almost all does, is
    /// returned without Foundation's walk through the character set (a per-request cost in the
    /// entitlement question's address and birth date).
    @inlinable
    public func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return String(self)
        }
        return trimmingCharacters(in: .whitespaces)
    }
}
