// Times the analyses of AmityCore on synthetic cooperation graphs far larger than the demo:
// cities in countries, partnerships, aid and shared events, with a few hub cities (as C40's or
// Shenzhen's) that tie to many. Built by centrality.sh with the core's own sources.
import Foundation

struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

func graph(cities: Int, ties: Int, seed: UInt64) -> CooperationGraph {
    var random = Generator(state: seed)
    let countries = (0..<60).map { String(UnicodeScalar(65 + $0 / 26)!) + String(UnicodeScalar(65 + $0 % 26)!) }
    let nodes = (0..<cities).map { i in
        GraphNode(id: "city-\(i)", kind: .city, name: "City \(i)", country: countries[i % countries.count], latitude: Double(random.next(140)) - 60,
                  longitude: Double(random.next(360)) - 180, population: 10_000 + random.next(10_000_000))
    }
    let kinds: [GraphEdgeKind] = [.partnership, .aid, .sharedEvent, .coSignature]
    var edges: [GraphEdge] = []
    for e in 0..<ties {
        // One end in five is one of the fifty hubs: a long-tailed degree, as real networks have.
        let a = random.next(5) == 0 ? random.next(50) : random.next(cities)
        var b = random.next(cities)
        if b == a { b = (b + 1) % cities }
        let month = 1 + random.next(12)
        edges.append(GraphEdge(id: "e-\(e)", kind: kinds[random.next(kinds.count)], source: "city-\(a)", target: "city-\(b)",
                               start: try? PartialDate("2020-\(month < 10 ? "0" : "")\(month)"), quantity: Int64(random.next(100_000)), unit: "mask", record: "/x"))
    }
    return CooperationGraph(at: nil, nodes: nodes, edges: edges)
}

func time(_ label: String, _ work: () -> Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = work()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "%-44@ %9.3f s   (%d)", label as NSString, seconds, result))
}

let span = try! MonthSpan(from: "2020-01", to: "2020-12")
for (cities, ties) in [(1_000, 5_000), (5_000, 25_000), (20_000, 100_000)] {
    let g = graph(cities: cities, ties: ties, seed: 2020)
    print("\(cities) cities, \(ties) ties")
    time("  centrality, 1,000 sources (the API)") { Centrality(graph: g).nodes.count }
    time("  centrality, 300 sources (a month of the page)") { Centrality(graph: g, pivots: 300).nodes.count }
    if cities <= 5_000 {
        time("  centrality, exact (every source)") { Centrality(graph: g, pivots: cities).nodes.count }
        // How good the estimates are: the exact top 20 found among the estimated top 20, and the
        // largest error over all nodes, as a share of the largest exact betweenness.
        let exact = Centrality(graph: g, pivots: cities).nodes
        let top = Set(exact.prefix(20).map(\.id))
        let truth = Dictionary(uniqueKeysWithValues: exact.map { ($0.id, $0.betweenness) })
        for pivots in [1_000, 300] {
            let estimate = Centrality(graph: g, pivots: pivots).nodes
            let found = estimate.prefix(20).filter { top.contains($0.id) }.count
            let worst = estimate.map { abs($0.betweenness - (truth[$0.id] ?? 0)) }.max() ?? 0
            print(String(format: "  %d sources: %d of the exact top 20 in the estimated top 20; largest error %.1f%% of the top value",
                         pivots, found, 100 * worst / (exact.first?.betweenness ?? 1)))
        }
    }
    time("  triangle (12 months)") { Triangle(graph: g, countries: ["AA", "AB", "AC"], span: span).arms.count }
    time("  aid flows") { AidFlows(graph: g).flows.count }
    time("  world map SVG (all cities, 1,000 links)") {
        let map = WorldMap(coastlines: [])
        let places = g.nodes.map { WorldMap.Place(longitude: $0.longitude!, latitude: $0.latitude!, label: $0.name) }
        let links = g.edges.prefix(1_000).map { _ in WorldMap.Link(from: (121, 25), to: (-84, 39), label: "tie") }
        return map.picture(id: "m", title: "t", summary: "s", places: places, links: Array(links)).document.utf8.count
    }
}
