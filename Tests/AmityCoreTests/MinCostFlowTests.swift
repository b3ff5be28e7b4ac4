@testable import AmityCore
import Testing

/// A small deterministic generator, so every failing instance can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct Instance {
    var nodes: Int
    var supply: [Int64]
    var arcs: [(tail: Int, head: Int, lower: Int64, cap: Int64, cost: Int64)]

    func network() throws -> FlowNetwork {
        var network = FlowNetwork(nodeCount: nodes)
        for (i, s) in supply.enumerated() { try network.addSupply(s, to: i) }
        for a in arcs { try network.addArc(from: a.tail, to: a.head, lower: a.lower, capacity: a.cap, cost: a.cost) }
        return network
    }

    /// Every integral flow, tried: the true optimum (nil when infeasible).
    func bruteForce() -> Int64? {
        var best: Int64?
        var flow = arcs.map(\.lower)
        func visit(_ i: Int) {
            if i == arcs.count {
                var balance = supply
                for (e, a) in arcs.enumerated() { balance[a.tail] -= flow[e]; balance[a.head] += flow[e] }
                guard balance.allSatisfy({ $0 == 0 }) else { return }
                let cost = zip(arcs, flow).reduce(Int64(0)) { $0 + $1.0.cost * $1.1 }
                if best == nil || cost < best! { best = cost }
                return
            }
            for f in arcs[i].lower...arcs[i].cap { flow[i] = f; visit(i + 1) }
        }
        visit(0)
        return best
    }

    static func random(_ rng: inout SplitMix64, nodes: Int, arcs: Int, maxCap: Int64, feasible: Bool) -> Instance {
        var list: [(Int, Int, Int64, Int64, Int64)] = []
        for _ in 0..<arcs {
            let t = Int.random(in: 0..<nodes, using: &rng)
            var h = Int.random(in: 0..<nodes, using: &rng)
            if h == t { h = (h + 1) % nodes }
            let cap = Int64.random(in: 0...maxCap, using: &rng)
            let low = Int64.random(in: 0...3, using: &rng) == 0 ? Int64.random(in: 0...cap, using: &rng) : 0
            list.append((t, h, low, cap, Int64.random(in: -5...20, using: &rng)))
        }
        var supply = [Int64](repeating: 0, count: nodes)
        if feasible {
            // Supplies of a random flow within the bounds: a feasible instance by construction.
            for a in list { let f = Int64.random(in: a.2...a.3, using: &rng); supply[a.0] += f; supply[a.1] -= f }
        } else {
            for _ in 0..<nodes { let s = Int64.random(in: -4...4, using: &rng); let i = Int.random(in: 0..<nodes, using: &rng); supply[i] += s; supply[(i + 1) % nodes] -= s }
        }
        return Instance(nodes: nodes, supply: supply, arcs: list)
    }
}

@Suite struct MinCostFlowTests {
    /// Checks a solution against the network: bounds, conservation, cost, and optimality by
    /// complementary slackness with the potentials (no arc below capacity with negative
    /// reduced cost, none above its lower bound with positive reduced cost).
    static func verify(_ solution: FlowSolution, _ instance: Instance) -> String? {
        var balance = instance.supply
        var cost: Int64 = 0
        for (e, a) in instance.arcs.enumerated() {
            let f = solution.flows[e]
            if f < a.lower || f > a.cap { return "arc \(e) flow \(f) outside [\(a.lower), \(a.cap)]" }
            balance[a.tail] -= f; balance[a.head] += f
            cost += f * a.cost
            let reduced = a.cost + solution.potentials[a.tail] - solution.potentials[a.head]
            if reduced < 0 && f < a.cap { return "arc \(e) has negative reduced cost \(reduced) below capacity" }
            if reduced > 0 && f > a.lower { return "arc \(e) has positive reduced cost \(reduced) above its lower bound" }
        }
        if let node = balance.firstIndex(where: { $0 != 0 }) { return "node \(node) is unbalanced by \(balance[node])" }
        if cost != solution.cost { return "reported cost \(solution.cost), recomputed \(cost)" }
        return nil
    }

    @Test func matchesBruteForceOnSmallInstances() async throws {
        var rng = SplitMix64(state: 2020)
        var solved = 0, infeasible = 0
        for round in 0..<1_500 {
            let instance = Instance.random(&rng, nodes: Int.random(in: 2...5, using: &rng), arcs: Int.random(in: 1...6, using: &rng),
                                           maxCap: 3, feasible: round % 3 != 0)
            let expected = instance.bruteForce()
            do {
                let solution = try await MinCostFlow.solve(try instance.network())
                #expect(solution.cost == expected, "round \(round): \(instance)")
                #expect(Self.verify(solution, instance) == nil, "round \(round): \(Self.verify(solution, instance) ?? "")")
                solved += 1
            } catch is DomainError {
                #expect(expected == nil, "round \(round): refused a feasible instance \(instance)")
                infeasible += 1
            }
        }
        #expect(solved > 900 && infeasible > 50)
    }

    @Test func propertiesHoldOnLargerRandomInstances() async throws {
        var rng = SplitMix64(state: 19)
        for round in 0..<2_000 {
            let nodes = Int.random(in: 2...60, using: &rng)
            let instance = Instance.random(&rng, nodes: nodes, arcs: Int.random(in: 1...(nodes * 4), using: &rng), maxCap: 50, feasible: true)
            let network = try instance.network()
            let parallel = try await MinCostFlow.solve(network)
            let sequential = try await MinCostFlow.solve(network, concurrently: false)
            #expect(Self.verify(parallel, instance) == nil, "round \(round): \(Self.verify(parallel, instance) ?? "")")
            #expect(parallel == sequential, "round \(round): not deterministic")
        }
    }

    /// The allocation's shape: suppliers and requesters, each requester linked to a few suppliers,
    /// and two hubs (unmet demand at a high cost, surplus for free) that carry whole regions of the
    /// spanning tree with them when they move.
    @Test func transportNetworksWithHubsAreSolvedOptimally() async throws {
        var rng = SplitMix64(state: 2021)
        for round in 0..<30 {
            let suppliers = Int.random(in: 5...60, using: &rng), requesters = Int.random(in: 20...400, using: &rng)
            let unmet = suppliers + requesters, surplus = unmet + 1
            var supply = [Int64](repeating: 0, count: surplus + 1)
            var arcs: [(tail: Int, head: Int, lower: Int64, cap: Int64, cost: Int64)] = []
            for s in 0..<suppliers {
                supply[s] = Int64.random(in: 1...1_000_000, using: &rng)
                arcs.append((s, surplus, 0, supply[s], 0))
            }
            for r in suppliers..<unmet {
                let demand = Int64.random(in: 1...100_000, using: &rng)
                supply[r] = -demand
                supply[unmet] += demand
                arcs.append((unmet, r, 0, demand, 1_000_000))
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    arcs.append((Int.random(in: 0..<suppliers, using: &rng), r, 0, Int64.random(in: 1...2_000_000, using: &rng), Int64.random(in: 0...20_000, using: &rng)))
                }
            }
            supply[surplus] = -supply[..<suppliers].reduce(0, +)
            arcs.append((unmet, surplus, 0, supply[unmet], 0))
            let instance = Instance(nodes: surplus + 1, supply: supply, arcs: arcs)
            let solution = try await MinCostFlow.solve(try instance.network())
            #expect(Self.verify(solution, instance) == nil, "round \(round): \(Self.verify(solution, instance) ?? "")")
            // Listed backwards, the hubs' own arc comes first: the optimum must not depend on it.
            let backwards = Instance(nodes: instance.nodes, supply: supply, arcs: arcs.reversed())
            let again = try await MinCostFlow.solve(try backwards.network())
            #expect(Self.verify(again, backwards) == nil, "round \(round), backwards: \(Self.verify(again, backwards) ?? "")")
            #expect(again.cost == solution.cost, "round \(round): the optimum depends on the order of the arcs")
        }
    }

    /// A start given as an optimum is kept: pivots from it can only be degenerate (a unit moved
    /// would lower the cost), so the flow comes back unchanged. A start that breaks a bound or a
    /// balance is set aside for the least-cost rule, and the answer is still optimal.
    @Test func pivotingResumesFromAGivenBasicFlow() async throws {
        var rng = SplitMix64(state: 2026)
        for round in 0..<200 {
            let nodes = Int.random(in: 3...40, using: &rng)
            let instance = Instance.random(&rng, nodes: nodes, arcs: Int.random(in: 2...(nodes * 4), using: &rng), maxCap: 40, feasible: true)
            let network = try instance.network()
            let optimum = try await MinCostFlow.solve(network)
            let resumed = try await MinCostFlow.solve(network, startingFrom: optimum.flows)
            #expect(resumed.cost == optimum.cost, "round \(round)")
            #expect(Self.verify(resumed, instance) == nil, "round \(round): \(Self.verify(resumed, instance) ?? "")")
            #expect(resumed.flows == optimum.flows, "round \(round): the optimum it started from was moved")
            // Out of bounds, off balance, one arc short: refused, and the answer is still the optimum.
            for broken in [optimum.flows.map { $0 + 1_000 }, optimum.flows.enumerated().map { $0.offset == 0 ? $0.element + 1 : $0.element },
                           Array(optimum.flows.dropLast())] {
                let again = try await MinCostFlow.solve(network, startingFrom: broken)
                #expect(again.cost == optimum.cost && Self.verify(again, instance) == nil, "round \(round)")
            }
        }
    }

    /// Two optima of equal cost: the least-cost rule alone finds A→C and B→D; started from A→D
    /// and B→C, the solve keeps them, in no pivot.
    @Test func aGivenStartIsWherePivotingBegins() async throws {
        let instance = Instance(nodes: 4, supply: [5, 5, -5, -5], arcs: [
            (tail: 0, head: 2, lower: 0, cap: 10, cost: 1), (tail: 0, head: 3, lower: 0, cap: 10, cost: 1),
            (tail: 1, head: 2, lower: 0, cap: 10, cost: 1), (tail: 1, head: 3, lower: 0, cap: 10, cost: 1),
        ])
        let network = try instance.network()
        #expect(try await MinCostFlow.solve(network).flows == [5, 0, 0, 5])
        #expect(try await MinCostFlow.solve(network, startingFrom: [0, 5, 5, 0]).flows == [0, 5, 5, 0])
        let group = try Components(network).groups[0]
        #expect(try MinCostFlow.solveComponent(group, of: network, start: [0, 5, 5, 0]).pivots == 0)
    }

    /// The least-cost rule sends A's units to the cheap C, which leaves B's units with no way to D
    /// but through C: that start is set aside for the star of artificial arcs.
    @Test func aStartThatStrandsUnitsStillEndsOptimal() async throws {
        let instance = Instance(nodes: 4, supply: [5, 5, -5, -5], arcs: [
            (tail: 0, head: 2, lower: 0, cap: 10, cost: 1), (tail: 1, head: 2, lower: 0, cap: 10, cost: 2),
            (tail: 0, head: 3, lower: 0, cap: 10, cost: 10),
        ])
        let solution = try await MinCostFlow.solve(try instance.network())
        #expect(Self.verify(solution, instance) == nil)
        #expect(solution.flows == [0, 5, 5])
        #expect(solution.cost == 60)
    }

    @Test func refusesWhatHasNoOptimum() async throws {
        var unbalanced = FlowNetwork(nodeCount: 2)
        try unbalanced.addSupply(5, to: 0)
        try unbalanced.addArc(from: 0, to: 1, capacity: 10, cost: 1)
        await #expect(throws: DomainError.self) { try await MinCostFlow.solve(unbalanced) }

        var tooSmall = FlowNetwork(nodeCount: 2)
        try tooSmall.addSupply(5, to: 0)
        try tooSmall.addSupply(-5, to: 1)
        try tooSmall.addArc(from: 0, to: 1, capacity: 4, cost: 1)
        await #expect(throws: DomainError.self) { try await MinCostFlow.solve(tooSmall) }

        var unbounded = FlowNetwork(nodeCount: 2)
        try unbounded.addArc(from: 0, to: 1, capacity: .max, cost: -1)
        try unbounded.addArc(from: 1, to: 0, capacity: .max, cost: 0)
        await #expect(throws: DomainError.self) { try await MinCostFlow.solve(unbounded) }

        var network = FlowNetwork(nodeCount: 2)
        #expect(throws: DomainError.self) { try network.addArc(from: 0, to: 1, capacity: 1, cost: Int64(1) << 40) }
        #expect(throws: DomainError.self) { try network.addArc(from: 0, to: 2, capacity: 1, cost: 1) }
        #expect(throws: DomainError.self) { try network.addArc(from: 0, to: 1, lower: 3, capacity: 2, cost: 1) }
    }

    @Test func aTotalThatWouldOverflowIsRefused() async throws {
        var network = FlowNetwork(nodeCount: 2)
        try network.addSupply(Int64.max / 2, to: 0)
        try network.addSupply(-(Int64.max / 2), to: 1)
        try network.addArc(from: 0, to: 1, capacity: Int64.max / 2, cost: 1 << 30)
        await #expect(throws: DomainError.self) { try await MinCostFlow.solve(network) }
    }
}

@Suite struct DIMACSTests {
    static let sample = """
    c A small transportation problem
    p min 4 5
    n 1 4
    n 2 2
    n 3 -3
    n 4 -3
    a 1 3 0 4 2
    a 1 4 0 4 5
    a 2 3 0 2 1
    a 2 4 1 2 3
    a 1 2 0 2 1
    """

    @Test func readsAndSolves() async throws {
        let network = try DIMACSReader.network(from: Self.sample)
        #expect(network.nodeCount == 4 && network.arcCount == 5)
        let solution = try await MinCostFlow.solve(network)
        // Node 2's 2 units: 1 forced to 4 (3) and 1 to 3 (1) or both…; the optimum costs 17.
        #expect(solution.cost == 17)
        let instance = Instance(nodes: 4, supply: [4, 2, -3, -3], arcs: [(0, 2, 0, 4, 2), (0, 3, 0, 4, 5), (1, 2, 0, 2, 1), (1, 3, 1, 2, 3), (0, 1, 0, 2, 1)])
        #expect(instance.bruteForce() == 17)
        #expect(MinCostFlowTests.verify(solution, instance) == nil)
    }

    @Test(arguments: [
        ("p min 2 1\nn 1 5\nn 2 -4\na 1 2 0 9 1", "file", "sum to 1"),
        ("p min 2 2\nn 1 5\nn 2 -5\na 1 2 0 9 1", "file", "declares 2 arcs"),
        ("p min 2 1\nn 3 5\na 1 2 0 9 1", "line 2", "outside"),
        ("p min 2 1\na 1 2 0 x 1", "line 2", "capacity"),
        ("p max 2 1", "line 1", "Only 'p min"),
        ("n 1 5", "line 1", "before the problem line"),
        ("p min 2 1\na 1 2 0 9 99999999999999999999", "line 2", "64 bits"),
        ("p min 2 1\na 1 2 5 4 1", "line 2", "lower"),
        ("p min 2 1\nx 1 2", "line 2", "Unknown line type"),
        ("p min 2 1\na 1 2 0 9 1 7", "line 2", "Unexpected text"),
        ("c nothing", "file", "No problem line"),
    ])
    func badFilesAreRefusedWithWhereAndWhat(_ text: String, _ field: String, _ words: String) {
        do {
            _ = try DIMACSReader.network(from: text)
            Issue.record("accepted \(text)")
        } catch let DomainError.invalid(fields) {
            #expect(fields.first?.field == field, "\(fields)")
            #expect(fields.first?.message.contains(words) == true, "\(fields)")
        } catch { Issue.record("\(error)") }
    }
}
