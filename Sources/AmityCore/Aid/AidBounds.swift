/// The largest quantities and sums Amity accepts: far beyond any real shipment or gift, and far
/// enough below `Int64.max` that no sum of them Amity makes can overflow (Swift traps on overflow).
public enum AidBounds {
    /// Units of an item in one need, offer, pledge or delivery.
    public static let quantity: ClosedRange<Int64> = 1...1_000_000_000_000
    /// Whole units of a currency in one campaign target or gift.
    public static let money: ClosedRange<Int64> = 1...1_000_000_000_000

    /// The message for a quantity out of range, naming the bounds.
    /// The error for a quantity outside `quantity`, in the reader's language where shown.
    public static func quantityError(_ field: String = "quantity") -> DomainError.FieldError {
        DomainError.FieldError(field: field, key: "error_quantity_range")
    }
}

extension Sequence where Element == Int64 {
    /// The sum, held at `Int64.max` rather than trapping: a total shown on a page must never stop the server.
    public func saturatingSum() -> Int64 {
        reduce(0) { total, value in
            let (sum, overflow) = total.addingReportingOverflow(value)
            return overflow ? (value > 0 ? .max : .min) : sum
        }
    }
}
