import Foundation

/// The allocation engine: turns offers and needs into an optimal plan with a reason for every
/// line and every shortfall. Each item is planned on its own flow network (items share nothing).
public enum Allocator {
    /// Sister and friendship cities pay half the distance per unit; cities of one network 80%.
    public static let partnerCostPercent: Int64 = 50
    public static let networkCostPercent: Int64 = 80
    /// Max-min fairness is exact to one hundredth of each need.
    public static let fairSegments = 100
    /// How many of the nearest suppliers of an item each need is linked to (besides partners and networks).
    public static let nearestSuppliers = 20

    /// The optimal plan for `mode`. `progress` hears after each item; between items (and between
    /// urgency stages) a cancelled task stops with `CancellationError`.
    public static func plan(_ input: AllocationInput, mode: AllocationMode,
                            progress: @Sendable (AllocationProgress) async throws -> Void = { _ in }) async throws -> AllocationPlan {
        let problem = try Problem(input)
        try checkScale(problem, mode: mode)
        var plan = AllocationPlan(mode: mode, lines: [], unmet: [], delivered: 0, totalCost: 0)
        try await progress(AllocationProgress(itemsDone: 0, items: problem.items.count))
        // Items share nothing: as many are planned at once as there are cores, and put together
        // in their own order, so the plan is the same however they finish.
        var parts = [(lines: [AllocationPlan.Line], unmet: [AllocationPlan.Unmet])?](repeating: nil, count: problem.items.count)
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        try await withThrowingTaskGroup(of: (Int, [AllocationPlan.Line], [AllocationPlan.Unmet]).self) { group in
            var done = 0
            func collect(_ finished: (Int, [AllocationPlan.Line], [AllocationPlan.Unmet])) async throws {
                parts[finished.0] = (finished.1, finished.2)
                done += 1
                try await progress(AllocationProgress(itemsDone: done, items: problem.items.count))
            }
            for (index, item) in problem.items.enumerated() {
                if index >= width, let finished = try await group.next() { try await collect(finished) }
                try Task.checkCancellation()
                group.addTask {
                    let pairs = problem.pairs(item: item)
                    let flows = try await solve(pairs, mode: mode)
                    return (index, pairs.lines(flows), pairs.unmet(flows, mode: mode, itemOffered: problem.offered.contains(item)))
                }
            }
            while let finished = try await group.next() { try await collect(finished) }
        }
        for part in parts {
            plan.lines += part?.lines ?? []
            plan.unmet += part?.unmet ?? []
        }
        for line in plan.lines {
            plan.delivered += line.quantity
            plan.totalCost = try FlowNetwork.add(plan.totalCost, try FlowNetwork.multiply(line.quantity, line.unitCost, "plan"), "total cost")
        }
        return plan
    }

    /// Refuses, before any solving, a plan whose fairness weights would not fit the solver's exact
    /// arithmetic: the weight grows with the offers and needs of an item and the longest distance
    /// between them (times `fairSegments` in max-min-fair mode). Efficient plans have no weights.
    public static func checkScale(_ input: AllocationInput, mode: AllocationMode) throws {
        try checkScale(try Problem(input), mode: mode)
    }

    static func checkScale(_ problem: Problem, mode: AllocationMode) throws {
        guard mode != .efficient else { return }
        for item in problem.items {
            let pairs = problem.pairs(item: item)
            guard !pairs.offers.isEmpty, !pairs.needs.isEmpty, !pairs.allowed.isEmpty else { continue }
            let count = pairs.offers.count + pairs.needs.count
            let maxCost = pairs.allowed.map(\.unitCost).max() ?? 0
            let (weight, overflow) = Int64(count + 8).multipliedReportingOverflow(by: maxCost + 1)
            let (largest, overflowAgain) = weight.multipliedReportingOverflow(by: mode == .maxMinFair ? Int64(fairSegments) : 1)
            if overflow || overflowAgain || largest > FlowNetwork.maximumCost {
                throw DomainError.invalid("mode",
                    "\(mode == .maxMinFair ? "Max-min-fair" : "Proportional") sharing cannot weigh \(count) offers and needs of \(item) against each other "
                    + "over these distances with exact arithmetic. Choose \(mode == .maxMinFair ? "efficient or proportional" : "efficient") sharing, "
                    + "or plan for fewer cities.")
            }
        }
    }

    /// The flow on each allowed pair of one item, optimal for `mode`.
    static func solve(_ pairs: ItemPairs, mode: AllocationMode) async throws -> [Int64] {
        let offers = pairs.offers, needs = pairs.needs
        guard !offers.isEmpty, !needs.isEmpty, !pairs.allowed.isEmpty else { return Array(repeating: 0, count: pairs.allowed.count) }
        let maxCost = pairs.allowed.map(\.unitCost).max() ?? 0
        // Per unit, meeting more of a need outweighs any difference in transport over any path.
        let weight = try FlowNetwork.multiply(Int64(offers.count + needs.count + 8), maxCost + 1, "weight")

        var network = FlowNetwork(nodeCount: 0)
        let offerNodes = offers.map { network.addNode(supply: $0.quantity) }
        let needNodes = needs.map { _ in network.addNode() }
        let sink = network.addNode(supply: -offers.reduce(0) { $0 + $1.quantity })
        var pairArcs: [Int] = []
        for pair in pairs.allowed {
            pairArcs.append(try network.addArc(from: offerNodes[pair.offer], to: needNodes[pair.need],
                                               capacity: min(offers[pair.offer].quantity, needs[pair.need].quantity), cost: pair.unitCost))
        }
        for (i, offer) in offers.enumerated() { try network.addArc(from: offerNodes[i], to: sink, capacity: offer.quantity, cost: 0) }

        switch mode {
        case .efficient:
            return try await efficient(pairs, network: network, needNodes: needNodes, sink: sink, pairArcs: pairArcs)
        case .maxMinFair:
            for (j, need) in needs.enumerated() {
                for (k, size) in split(need.quantity, into: fairSegments).enumerated() where size > 0 {
                    try network.addArc(from: needNodes[j], to: sink, capacity: size,
                                       cost: -(try FlowNetwork.multiply(weight, Int64(fairSegments - k), "weight")))
                }
            }
        case .proportional:
            let supply = offers.reduce(Int64(0)) { $0 + $1.quantity }, demand = needs.reduce(Int64(0)) { $0 + $1.quantity }
            for (j, target) in proportionalTargets(needs.map(\.quantity), supply: min(supply, demand)).enumerated() where target > 0 {
                try network.addArc(from: needNodes[j], to: sink, capacity: target, cost: -weight)
            }
        }
        let solution = try await MinCostFlow.solve(network)
        return pairArcs.map { solution.flows[$0] }
    }

    /// Urgency first, exactly, in two solves. Each need asks for its quantity, and what is not
    /// delivered comes from its level's unmet source; what that source does not send to needs
    /// goes to the sink, so its arc to the sink carries what the level receives.
    ///
    /// The first solve, with no transport costs, pays 2^k for a unit left unmet at the k-th
    /// lowest level: a simple cycle of the residual network passes the sink once, so it moves
    /// at most two levels by one unit each, and any that raises a level gains more than it can
    /// lose below it. Its optimum is therefore the most each level can get while the levels
    /// above keep what they got. The second fixes each level's total there and asks for the
    /// least cost. (Each level was once a solve of its own: six per item.)
    ///
    /// Built this way, every arc but the hubs' runs from a supply to a demand, a transportation
    /// problem whose start `NetworkSimplex` finds by the least-cost rule; with needs passing
    /// their units on to one node per level, 150,000 needs hung from five nodes and every pivot
    /// moved a fifth of the tree.
    static func efficient(_ pairs: ItemPairs, network base: FlowNetwork, needNodes: [Int], sink: Int, pairArcs: [Int]) async throws -> [Int64] {
        let levels = Array(Set(pairs.needs.map(\.urgency))).sorted()
        var base = base
        for (j, need) in pairs.needs.enumerated() { try base.addSupply(-need.quantity, to: needNodes[j]) }
        func solve(keeping secured: [Int: Int64]?, from start: [Int64]?) async throws -> (flows: [Int64], delivered: [Int: Int64]) {
            try Task.checkCancellation()
            var network = base
            if secured == nil { network.zeroCosts() }
            var levelArcs: [Int: Int] = [:]
            for (k, level) in levels.enumerated() {
                let total = pairs.needs.filter { $0.urgency == level }.reduce(Int64(0)) { $0 + $1.quantity }
                let unmet = network.addNode(supply: total)
                for (j, need) in pairs.needs.enumerated() where need.urgency == level {
                    try network.addArc(from: unmet, to: needNodes[j], capacity: need.quantity, cost: secured == nil ? Int64(1) << k : 0)
                }
                let kept = secured?[level] ?? 0
                levelArcs[level] = try network.addArc(from: unmet, to: sink, lower: kept, capacity: secured == nil ? total : kept, cost: 0)
            }
            let solution = try await MinCostFlow.solve(network, startingFrom: start)
            return (solution.flows, levelArcs.mapValues { solution.flows[$0] })
        }
        // The second network is the first with other costs and each level's arc held where the
        // first left it: the first optimum is a basic feasible flow of it, where pivoting resumes.
        let first = try await solve(keeping: nil, from: nil)
        let second = try await solve(keeping: first.delivered, from: first.flows)
        return pairArcs.map { second.flows[$0] }
    }

    /// `total` split into `parts` near-equal integers, larger ones first.
    static func split(_ total: Int64, into parts: Int) -> [Int64] {
        let base = total / Int64(parts), extra = Int(total % Int64(parts))
        return (0..<parts).map { base + ($0 < extra ? 1 : 0) }
    }

    /// Equal shares of `supply` in proportion to `demands`, rounded down, the remainder going one
    /// unit at a time to the largest fractions (then the earliest need): the same share for all.
    static func proportionalTargets(_ demands: [Int64], supply: Int64) -> [Int64] {
        let total = demands.reduce(0, +)
        guard total > 0 else { return demands.map { _ in 0 } }
        let supply = min(supply, total)
        var targets = demands.map { $0.multipliedFullWidth(by: supply) }.map { Int64(total.dividingFullWidth($0).quotient) }
        let remainders = demands.enumerated().map { ($0.offset, total.dividingFullWidth($0.element.multipliedFullWidth(by: supply)).remainder) }
        var left = supply - targets.reduce(0, +)
        for (j, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
            targets[j] += 1
            left -= 1
        }
        return targets
    }
}

extension FlowNetwork {
    /// The same network with every cost zero (to ask only how much can flow).
    mutating func zeroCosts() {
        for e in 0..<arcCount { setCost(0, of: e) }
    }
}

/// How far a plan has got: each item is its own flow network, solved in turn.
public struct AllocationProgress: Sendable, Equatable {
    public var itemsDone: Int
    public var items: Int

    public init(itemsDone: Int, items: Int) {
        (self.itemsDone, self.items) = (itemsDone, items)
    }
}
