/// Who helped whom: the aid ties of the cooperation graph summed by item, month and the pair of
/// countries they ran between (donor's first).
public struct AidFlows: Sendable, Codable, Hashable {
    public var flows: [AidFlow]

    public init(graph: CooperationGraph) {
        let country = Dictionary(graph.nodes.map { ($0.id, $0.country ?? "") }, uniquingKeysWith: { a, _ in a })
        struct Key: Hashable { var item: String, kind: String, month: String, from: String, to: String }
        var sums: [Key: AidFlow] = [:]
        for edge in graph.edges where edge.kind == .aid {
            let key = Key(item: edge.unit ?? "", kind: edge.subtype ?? "goods", month: MonthSpan.key(of: edge.start) ?? edge.start.map { "\($0.year)" } ?? "",
                          from: country[edge.source] ?? "", to: country[edge.target] ?? "")
            var flow = sums[key] ?? AidFlow(item: key.item, kind: key.kind, month: key.month, fromCountry: key.from, toCountry: key.to)
            flow.ties += 1
            let (sum, overflow) = flow.quantity.addingReportingOverflow(edge.quantity ?? 0)
            flow.quantity = overflow ? Int64.max : sum
            flow.exceedsCount = flow.exceedsCount || overflow
            flow.edges.append(edge.id)
            sums[key] = flow
        }
        flows = sums.values.sorted { ($0.month, $0.fromCountry, $0.toCountry, $0.kind, $0.item) < ($1.month, $1.fromCountry, $1.toCountry, $1.kind, $1.item) }
    }
}

/// Aid of one item in one month from one country's cities to another's.
public struct AidFlow: Sendable, Codable, Hashable {
    /// The item code for goods, the ISO 4217 currency for money.
    public var item: String
    /// `goods` or `money`.
    public var kind: String
    /// `YYYY-MM` (or the year, when that is all the record says).
    public var month: String
    public var fromCountry: String
    public var toCountry: String
    /// Aid ties summed.
    public var ties = 0
    /// Units of the item, or the currency's minor units.
    public var quantity: Int64 = 0
    /// Whether the sum passed what 64 bits hold (then `quantity` is the largest it can be).
    public var exceedsCount = false
    /// The graph edges it sums.
    public var edges: [String] = []
}
