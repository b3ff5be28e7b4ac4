import Foundation

/// How a national government limits what its cities send abroad.
public enum RuleKind: String, WireValue, Codable {
    public static let wireName = "rule kind", defaultField = "kind"

    case exportBan = "export-ban", licenceRequired = "licence-required", centrallyControlled = "centrally-controlled"
}

/// A national rule over an item or a whole category, in force between two dates.
public struct NationalRule: Sendable, Codable, Equatable {
    public var id: Int
    public var country: CountryCode
    /// One item, or every item of `category` when nil.
    public var item: String?
    public var category: ItemCategory?
    public var kind: RuleKind
    public var from: Date
    public var until: Date?
    public var source: String?
    public var title: String

    public init(id: Int, country: CountryCode, item: String?, category: ItemCategory?, kind: RuleKind, from: Date, until: Date?, source: String?, title: String) {
        (self.id, self.country, self.item, self.category, self.kind, self.from, self.until, self.source, self.title) =
            (id, country, item, category, kind, from, until, source, title)
    }

    /// Whether the rule stops a city of `country` sending `item` on `date`.
    public func blocks(_ item: Item, from country: CountryCode, on date: Date) -> Bool {
        country == self.country && isInForce(on: date) && covers(item)
    }

    /// Whether the rule is in force on `date`: from its first day, until (not including) its end.
    public func isInForce(on date: Date) -> Bool { date >= from && until.map { date < $0 } ?? true }

    /// Whether `item` is the rule's item or of its category.
    public func covers(_ item: Item) -> Bool { self.item == item.code || (self.item == nil && category == item.category) }

    /// The catalogue's items the rule covers.
    public var items: [String] { Catalogue.items.filter(covers).map(\.code) }
}
