/// Which cities and networks connect the most: degree and betweenness on the cooperation graph,
/// its ties taken as undirected and counted once per pair of nodes.
///
/// Betweenness is exact up to `pivots` nodes. On a larger graph it is estimated from that many
/// breadth-first searches, from sources spread evenly over the nodes in id order (Brandes and
/// Pich, 2007; networkx's `k`), scaled by nodes over sources: the same graph gives the same estimate.
public struct Centrality: Sendable, Codable, Hashable {
    /// The day the graph stood as, or nil for the record as it stands.
    public var at: PartialDate?
    /// Whether betweenness was computed from every node, or estimated from `sources` of them.
    public var exact: Bool
    /// The breadth-first searches betweenness was computed from.
    public var sources: Int
    /// Nodes with at least one tie, most central first (betweenness, then degree, then name).
    public var nodes: [NodeCentrality]

    /// Searches an answer spends at most: exact to 1,000 nodes, about 2.5 s at 20,000 (Benchmarks/analysis).
    public static let defaultPivots = 1_000

    public init(graph: CooperationGraph, pivots: Int = Centrality.defaultPivots) {
        at = graph.at
        var neighbours: [String: Set<String>] = [:]
        for edge in graph.edges where edge.source != edge.target {
            neighbours[edge.source, default: []].insert(edge.target)
            neighbours[edge.target, default: []].insert(edge.source)
        }
        let (betweenness, searched) = Self.betweenness(neighbours, pivots: max(1, pivots))
        (exact, sources) = (searched == neighbours.count, searched)
        let n = Double(neighbours.count)
        // Normalised as networkx does for an undirected graph: by (n-1)(n-2)/2 pairs.
        let pairs = n > 2 ? (n - 1) * (n - 2) / 2 : 1
        let named = Dictionary(graph.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        nodes = neighbours.map { id, set in
            NodeCentrality(id: id, name: named[id]?.name ?? id, kind: named[id]?.kind ?? .city, country: named[id]?.country, degree: set.count,
                           degreeShare: n > 1 ? Double(set.count) / (n - 1) : 0, betweenness: (betweenness[id] ?? 0) / pairs)
        }.sorted { ($1.betweenness, $1.degree, $0.name, $0.id) < ($0.betweenness, $0.degree, $1.name, $1.id) }
    }

    /// Brandes' algorithm (2001) for unweighted graphs: one breadth-first search per node,
    /// dependencies accumulated back from the farthest; each pair counted once. Adjacency is held
    /// as flat arrays and the per-search arrays are reused, so a search allocates nothing; a node's
    /// predecessors are found again from distances rather than kept in lists.
    static func betweenness(_ neighbours: [String: Set<String>], pivots: Int) -> ([String: Double], Int) {
        let ids = neighbours.keys.sorted()
        let n = ids.count
        let chosen = n <= pivots ? Array(0..<n) : (0..<pivots).map { $0 * n / pivots }
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        var offsets = [Int](repeating: 0, count: n + 1), targets: [Int] = []
        for (i, id) in ids.enumerated() {
            targets += neighbours[id, default: []].compactMap { index[$0] }.sorted()
            offsets[i + 1] = targets.count
        }
        var score = [Double](repeating: 0, count: n)
        var paths = [Double](repeating: 0, count: n), dependency = [Double](repeating: 0, count: n)
        var distance = [Int](repeating: -1, count: n)
        var order: [Int] = []
        order.reserveCapacity(n)
        for source in chosen {
            order.removeAll(keepingCapacity: true)
            paths[source] = 1
            distance[source] = 0
            order.append(source)
            var head = 0
            while head < order.count {
                let v = order[head]
                head += 1
                for k in offsets[v]..<offsets[v + 1] {
                    let w = targets[k]
                    if distance[w] < 0 { distance[w] = distance[v] + 1; order.append(w) }
                    if distance[w] == distance[v] + 1 { paths[w] += paths[v] }
                }
            }
            for w in order.reversed() {
                for k in offsets[w]..<offsets[w + 1] {
                    let v = targets[k]
                    if distance[v] == distance[w] - 1 { dependency[v] += paths[v] / paths[w] * (1 + dependency[w]) }
                }
                if w != source { score[w] += dependency[w] }
            }
            for v in order { (paths[v], dependency[v], distance[v]) = (0, 0, -1) }
        }
        // Each unordered pair was counted from both ends; an estimate stands for every source.
        let scale = Double(n) / Double(max(1, chosen.count)) / 2
        return (Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, score[$0.offset] * scale) }), chosen.count)
    }
}

/// How central one node is.
public struct NodeCentrality: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var kind: GraphNodeKind
    public var country: String?
    /// Distinct nodes it is tied to.
    public var degree: Int
    /// Degree over the most it could have (n − 1).
    public var degreeShare: Double
    /// Share of shortest paths between other pairs that pass through it (0 to 1).
    public var betweenness: Double
}
