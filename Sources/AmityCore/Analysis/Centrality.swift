/// Which cities and networks connect the most: degree and betweenness on the cooperation graph,
/// its ties taken as undirected and counted once per pair of nodes.
public struct Centrality: Sendable, Codable, Hashable {
    /// The day the graph stood as, or nil for the record as it stands.
    public var at: PartialDate?
    /// Nodes with at least one tie, most central first (betweenness, then degree, then name).
    public var nodes: [NodeCentrality]

    public init(graph: CooperationGraph) {
        at = graph.at
        var neighbours: [String: Set<String>] = [:]
        for edge in graph.edges where edge.source != edge.target {
            neighbours[edge.source, default: []].insert(edge.target)
            neighbours[edge.target, default: []].insert(edge.source)
        }
        let betweenness = Self.betweenness(neighbours)
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
    /// dependencies accumulated back from the farthest; each pair counted once.
    static func betweenness(_ neighbours: [String: Set<String>]) -> [String: Double] {
        let ids = neighbours.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        let adjacency = ids.map { id in neighbours[id, default: []].compactMap { index[$0] }.sorted() }
        var score = [Double](repeating: 0, count: ids.count)
        for source in ids.indices {
            var order: [Int] = []
            var predecessors = [[Int]](repeating: [], count: ids.count)
            var paths = [Double](repeating: 0, count: ids.count)
            var distance = [Int](repeating: -1, count: ids.count)
            paths[source] = 1
            distance[source] = 0
            var queue = [source], head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                order.append(v)
                for w in adjacency[v] {
                    if distance[w] < 0 { distance[w] = distance[v] + 1; queue.append(w) }
                    if distance[w] == distance[v] + 1 { paths[w] += paths[v]; predecessors[w].append(v) }
                }
            }
            var dependency = [Double](repeating: 0, count: ids.count)
            for w in order.reversed() {
                for v in predecessors[w] { dependency[v] += paths[v] / paths[w] * (1 + dependency[w]) }
                if w != source { score[w] += dependency[w] }
            }
        }
        // Each unordered pair was counted from both ends.
        return Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, score[$0.offset] / 2) })
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
