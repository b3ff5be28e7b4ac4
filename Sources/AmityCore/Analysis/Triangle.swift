/// Which arms of a triangle of countries carry city-level exchange, month by month: the
/// paper's question for the US, China and Taiwan in 2020, asked of any three countries.
///
/// An arm is the pair of countries; a tie is on it when one end is a city of each. Partnerships
/// are the standing channel (counted each month they stand); aid, shared events and co-signatures
/// are exchange (counted in the month they began). An arm carries exchange when the span holds
/// any exchange on it.
public struct Triangle: Sendable, Codable, Hashable {
    public var countries: [String]
    public var months: [String]
    public var arms: [TriangleArm]

    /// The kinds of tie the triangle reads, partnerships first.
    public static let kinds: [GraphEdgeKind] = [.partnership, .aid, .sharedEvent, .coSignature]

    public init(graph: CooperationGraph, countries: [String], span: MonthSpan) {
        self.countries = countries
        months = span.months
        let nodes = Dictionary(graph.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let pairs = [(0, 1), (0, 2), (1, 2)].map { (countries[$0.0], countries[$0.1]) }
        arms = pairs.map { a, b in
            let edges = graph.edges.filter { edge in
                guard Self.kinds.contains(edge.kind), let x = nodes[edge.source]?.country, let y = nodes[edge.target]?.country,
                      nodes[edge.source]?.kind == .city, nodes[edge.target]?.kind == .city else { return false }
                return (x == a && y == b) || (x == b && y == a)
            }
            return TriangleArm(a: a, b: b, edges: edges, nodes: nodes, months: span.months)
        }
    }
}

/// One arm of the triangle: its ties month by month and the records behind them.
public struct TriangleArm: Sendable, Codable, Hashable {
    public var a: String
    public var b: String
    /// Whether the span holds aid, a shared event or a co-signature between the two countries' cities.
    public var carriesExchange: Bool
    public var months: [ArmMonth]
    /// Partnerships standing at the span's end; exchange begun within it; undated exchange apart.
    public var partnerships: Int
    public var aid: Int
    public var sharedEvents: Int
    public var coSignatures: Int
    /// Exchange on record that no source dates to a month, so no month can count it.
    public var undatedExchange: Int
    /// The records that support the arm.
    public var records: [ArmRecord]

    init(a: String, b: String, edges: [GraphEdge], nodes: [String: GraphNode], months keys: [String]) {
        (self.a, self.b) = (a, b)
        var rows = keys.map { ArmMonth(month: $0) }
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
        var kept: [GraphEdge] = []
        var undated = 0
        let years = (Int(keys.first?.prefix(4) ?? "") ?? 0)...(Int(keys.last?.prefix(4) ?? "") ?? 0)
        for edge in edges {
            if edge.kind == .partnership {
                // Standing each month from the one it was signed in (a bare year: from its January) until it ended.
                let start = edge.start.map { MonthSpan.key(year: $0.year, month: $0.month ?? 1) }
                let end = edge.end.map { MonthSpan.key(year: $0.year, month: $0.month ?? 12) }
                var stood = false
                for (offset, key) in keys.enumerated() where (start ?? "") <= key && (end.map { key < $0 } ?? true) {
                    rows[offset].partnerships += 1
                    stood = true
                }
                if stood { kept.append(edge) }
                continue
            }
            guard let key = MonthSpan.key(of: edge.start) else {
                // Dated by its year alone (or not at all): exchange, but in no month.
                if edge.start.map({ years.contains($0.year) }) ?? true {
                    undated += 1
                    kept.append(edge)
                }
                continue
            }
            guard let offset = index[key] else { continue }
            switch edge.kind {
            case .aid: rows[offset].aid += 1
            case .sharedEvent: rows[offset].sharedEvents += 1
            case .coSignature: rows[offset].coSignatures += 1
            default: break
            }
            kept.append(edge)
        }
        months = rows
        partnerships = rows.last?.partnerships ?? 0
        aid = rows.reduce(0) { $0 + $1.aid }
        sharedEvents = rows.reduce(0) { $0 + $1.sharedEvents }
        coSignatures = rows.reduce(0) { $0 + $1.coSignatures }
        undatedExchange = undated
        carriesExchange = aid + sharedEvents + coSignatures + undated > 0
        records = kept.map { edge in
            ArmRecord(edge: edge.id, kind: edge.kind.rawValue, from: nodes[edge.source]?.name ?? edge.source, to: nodes[edge.target]?.name ?? edge.target,
                      start: edge.start?.description, label: edge.label ?? edge.subtype, record: edge.record, evidence: edge.evidence)
        }
    }
}

/// One month of an arm.
public struct ArmMonth: Sendable, Codable, Hashable {
    public var month: String
    public var partnerships = 0
    public var aid = 0
    public var sharedEvents = 0
    public var coSignatures = 0

    /// Aid, shared events and co-signatures begun in the month.
    public var exchange: Int { aid + sharedEvents + coSignatures }
}

/// A record behind an arm: what it is, between whom, when, and where to read it.
public struct ArmRecord: Sendable, Codable, Hashable {
    public var edge: String
    public var kind: String
    public var from: String
    public var to: String
    public var start: String?
    public var label: String?
    public var record: String
    public var evidence: String?
}
