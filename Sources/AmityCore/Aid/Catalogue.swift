/// What kind of help an item is.
public enum ItemCategory: String, WireValue, Codable {
    public static let wireName = "item category", defaultField = "category"

    case medicalConsumable = "medical-consumable", equipment, testing, hygiene, money, expertise
}

/// One kind of thing cities give: masks, ventilators, money in a currency, advice.
public struct Item: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    /// What a quantity counts: pieces, boxes, litres, units of a currency, days of advice.
    public var unit: String
    public var category: ItemCategory

    public init(code: String, name: String, unit: String, category: ItemCategory) {
        (self.code, self.name, self.unit, self.category) = (code, name, unit, category)
    }
}

/// The items Amity knows from the start; money comes in the currencies cities gave in.
public enum Catalogue {
    public static let items: [Item] = [
        Item(code: "mask-surgical-adult", name: "Surgical mask, adult", unit: "piece", category: .medicalConsumable),
        Item(code: "mask-surgical-child", name: "Surgical mask, child", unit: "piece", category: .medicalConsumable),
        Item(code: "respirator-n95", name: "N95 / KN95 respirator", unit: "piece", category: .medicalConsumable),
        Item(code: "gloves", name: "Medical gloves", unit: "pair", category: .medicalConsumable),
        Item(code: "gown", name: "Protective gown", unit: "piece", category: .medicalConsumable),
        Item(code: "face-shield", name: "Face shield", unit: "piece", category: .equipment),
        Item(code: "test-kit", name: "Test kit", unit: "test", category: .testing),
        Item(code: "ventilator", name: "Ventilator", unit: "unit", category: .equipment),
        Item(code: "hand-sanitiser", name: "Hand sanitiser", unit: "litre", category: .hygiene),
        Item(code: "sanitised-water", name: "Sanitised water", unit: "litre", category: .hygiene),
        Item(code: "expert-advice", name: "Expert advice", unit: "day", category: .expertise),
        // For gifts whose sources name no quantity ("a big shipment of PPE").
        Item(code: "ppe-consignment", name: "Protective equipment, mixed consignment", unit: "consignment", category: .equipment),
    ] + ["USD", "EUR", "CNY", "TWD", "JPY", "KRW", "AUD", "GBP"].map {
        Item(code: "money-\($0.lowercased())", name: "Money (\($0))", unit: $0, category: .money)
    }

    /// The item's name for people, or the code itself for an item the catalogue no longer has.
    public static func name(of code: String) -> String {
        items.first { $0.code == code }?.name ?? code
    }

    /// The item with this code, or an error that says where.
    public static func item(_ code: String, field: String = "item") throws -> Item {
        guard let item = items.first(where: { $0.code == code }) else {
            throw DomainError.invalid(field, "'\(code)' is not an item of the catalogue (for example mask-surgical-adult, ventilator, money-usd).")
        }
        return item
    }
}
