/// What Amity knows of a country for grouping: its UN geoscheme region and its World Bank income
/// group (as Natural Earth's `income_grp` gives it), from `Data/reference/countries.tsv`.
public struct CountryFacts: Sendable, Codable, Hashable {
    public var name: String
    public var region: String
    public var incomeGroup: String

    public init(name: String, region: String, incomeGroup: String) { (self.name, self.region, self.incomeGroup) = (name, region, incomeGroup) }

    /// Reads the tab-separated table `iso2, name, un_region, income_group` under its header.
    public static func table(parsing text: String) -> [String: CountryFacts] {
        var out: [String: CountryFacts] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4, fields[0].count == 2 else { continue }
            out[fields[0]] = CountryFacts(name: fields[1], region: fields[2], incomeGroup: fields[3])
        }
        return out
    }

    /// The income group without Natural Earth's ordinal prefix ("4. Lower middle income" → "Lower middle income").
    public var incomeLabel: String {
        guard let dot = incomeGroup.firstIndex(of: "."), incomeGroup[..<dot].allSatisfy(\.isNumber) else { return incomeGroup }
        return String(incomeGroup[incomeGroup.index(after: dot)...].drop(while: { $0 == " " }))
    }
}
