import Dispatch

/// Solves minimum-cost flow problems exactly, one connected component at a time.
///
/// Components share no arc, so they are independent problems: each is solved by its own
/// `NetworkSimplex`, concurrently, and the answers are put back together. The result does
/// not depend on how many run at once.
public enum MinCostFlow {
    /// The optimal flow of `network`, or `DomainError.invalid` when none exists (unbalanced,
    /// infeasible or unbounded) or its cost would overflow 64 bits. Pivoting starts from `start`
    /// (a flow per arc) when it is a basic feasible flow of the network, such as the optimum of
    /// the same network under other costs whose flows still keep the bounds.
    public static func solve(_ network: FlowNetwork, concurrently: Bool = true, startingFrom start: [Int64]? = nil) async throws -> FlowSolution {
        let components = try Components(network)
        // A start of another network's size is no start for this one.
        let start = start?.count == network.arcCount ? start : nil
        var flows = Array(repeating: Int64(0), count: network.arcCount)
        var potentials = Array(repeating: Int64(0), count: network.nodeCount)
        if concurrently && components.groups.count > 1 {
            try await withThrowingTaskGroup(of: (Int, ComponentSolution).self) { group in
                for index in components.groups.indices {
                    group.addTask { (index, try await onOwnThread { try solveComponent(components.groups[index], of: network, start: start) }) }
                }
                for try await (index, solution) in group {
                    components.groups[index].write(solution, flows: &flows, potentials: &potentials)
                }
            }
        } else {
            for group in components.groups {
                group.write(try await onOwnThread { try solveComponent(group, of: network, start: start) }, flows: &flows, potentials: &potentials)
            }
        }
        var total = network.fixedCost
        for e in 0..<network.arcCount where flows[e] != 0 {
            total = try FlowNetwork.add(total, try FlowNetwork.multiply(flows[e], network.cost[e], "arc \(e + 1)"), "total cost")
        }
        if !network.lower.isEmpty {
            for e in 0..<network.arcCount { flows[e] += network.lower[e] }
        }
        return FlowSolution(cost: total, flows: flows, potentials: potentials)
    }

    /// Runs `work` on one of Dispatch's threads. Swift concurrency's own threads may be a server's
    /// event loops (`amity` runs it on NIO's): there a solve of seconds would hold up every
    /// connection of its loop, and child tasks stay on their parent's loop, so components that
    /// could be solved side by side would be solved one after another.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The flow and potentials of one component, in its local numbering.
    struct ComponentSolution: Sendable {
        var flows: [Int64]
        var potentials: [Int64]
        var pivots: Int
    }

    static func solveComponent(_ group: Components.Group, of network: FlowNetwork, start: [Int64]?) throws -> ComponentSolution {
        let n = group.nodes.count
        var supply = [Int64](repeating: 0, count: n)
        var tails = [Int32](repeating: 0, count: group.arcs.count), heads = tails
        var capacity = [Int64](repeating: 0, count: group.arcs.count), cost = capacity
        var local = [Int32: Int32](minimumCapacity: n)
        for (i, node) in group.nodes.enumerated() {
            local[Int32(node)] = Int32(i)
            supply[i] = network.supply[node]
        }
        for (i, arc) in group.arcs.enumerated() {
            tails[i] = local[network.tails[arc]]!
            heads[i] = local[network.heads[arc]]!
            capacity[i] = network.capacity[arc]
            cost[i] = network.cost[arc]
        }
        // The start in the component's numbering, with lower bounds taken off as they are from capacities.
        let first = start.map { flows in group.arcs.map { flows[$0] - (network.lower.isEmpty ? 0 : network.lower[$0]) } } ?? []
        let simplex = supply.withUnsafeBufferPointer { s in
            tails.withUnsafeBufferPointer { t in
                heads.withUnsafeBufferPointer { h in
                    capacity.withUnsafeBufferPointer { c in
                        cost.withUnsafeBufferPointer { k in
                            first.withUnsafeBufferPointer { f in
                                NetworkSimplex(nodeCount: n, supply: s, tails: t, heads: h, capacity: c, cost: k, start: start == nil ? nil : f)
                            }
                        }
                    }
                }
            }
        }
        switch simplex.run() {
        case .optimal: break
        case .infeasible:
            throw DomainError.invalid("network", "No flow meets every supply and demand within the capacities (around node \(group.nodes[0] + 1)).")
        case .unbounded:
            throw DomainError.invalid("network", "The cost is unbounded: a cycle of uncapacitated arcs has negative cost (around node \(group.nodes[0] + 1)).")
        }
        return ComponentSolution(flows: (0..<group.arcs.count).map(simplex.flow(of:)), potentials: (0..<n).map(simplex.potential(of:)), pivots: simplex.pivots)
    }
}

/// The connected components of a network (arcs taken as undirected), each checked for balance.
struct Components: Sendable {
    struct Group: Sendable {
        var nodes: [Int]
        var arcs: [Int]

        func write(_ solution: MinCostFlow.ComponentSolution, flows: inout [Int64], potentials: inout [Int64]) {
            for (i, arc) in arcs.enumerated() { flows[arc] = solution.flows[i] }
            for (i, node) in nodes.enumerated() { potentials[node] = solution.potentials[i] }
        }
    }

    var groups: [Group]

    init(_ network: FlowNetwork) throws {
        let n = network.nodeCount
        var maxCost: UInt64 = 0
        for c in network.cost where c.magnitude > maxCost { maxCost = c.magnitude }
        // Potentials stay within (max cost + 1)·(n + 1) in magnitude; keep four times that inside 64 bits.
        let (bound, overflow) = Int64(maxCost + 1).multipliedReportingOverflow(by: Int64(n + 2) * 4)
        guard !overflow, bound < Int64.max / 2 else {
            throw DomainError.invalid("network", "Costs up to \(maxCost) on \(n) nodes are too large for exact 64-bit arithmetic.")
        }
        var root = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while root[x] != x { root[x] = root[root[x]]; x = root[x] }
            return x
        }
        for e in 0..<network.arcCount {
            let a = find(Int(network.tails[e])), b = find(Int(network.heads[e]))
            if a != b { if a < b { root[b] = a } else { root[a] = b } }
        }
        var index = [Int](repeating: -1, count: n)
        var groups: [Group] = []
        var balance: [Int64] = []
        for node in 0..<n {
            let r = find(node)
            if index[r] < 0 { index[r] = groups.count; groups.append(Group(nodes: [], arcs: [])); balance.append(0) }
            groups[index[r]].nodes.append(node)
            balance[index[r]] = try FlowNetwork.add(balance[index[r]], network.supply[node], "supply")
        }
        for e in 0..<network.arcCount { groups[index[find(Int(network.tails[e]))]].arcs.append(e) }
        if let unbalanced = balance.firstIndex(where: { $0 != 0 }) {
            let total = network.supply.reduce(Int64(0), &+)
            throw DomainError.invalid("network", total != 0
                ? "Supplies and demands do not balance: they sum to \(total), not 0."
                : "The part of the network around node \(groups[unbalanced].nodes[0] + 1) has supplies summing to \(balance[unbalanced]), which no arc can carry elsewhere.")
        }
        // Isolated nodes with no supply need no solving.
        self.groups = groups.filter { !$0.arcs.isEmpty }
    }
}
