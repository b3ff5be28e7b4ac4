/// A minimum-cost flow problem: nodes with supplies (negative for demands) and arcs with
/// capacities and per-unit costs, all integers.
///
/// Lower bounds are folded in as they are added (the supplies shift and `fixedCost` keeps
/// their cost), so the solver sees only arcs from zero to a capacity.
public struct FlowNetwork: Sendable {
    public private(set) var nodeCount: Int
    /// Supply of each node after lower bounds are taken out; they sum to zero when balanced.
    public private(set) var supply: [Int64]
    public private(set) var tails: [Int32] = []
    public private(set) var heads: [Int32] = []
    /// Capacity above the arc's lower bound.
    public private(set) var capacity: [Int64] = []
    public private(set) var cost: [Int64] = []
    /// Each arc's lower bound (empty while every bound is zero).
    public private(set) var lower: [Int64] = []
    private var hasLowerBounds = false
    /// The cost of the flow that lower bounds force, already counted.
    public private(set) var fixedCost: Int64 = 0

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        supply = Array(repeating: 0, count: nodeCount)
    }

    public var arcCount: Int { tails.count }

    public mutating func reserveArcs(_ count: Int) {
        tails.reserveCapacity(count)
        heads.reserveCapacity(count)
        capacity.reserveCapacity(count)
        cost.reserveCapacity(count)
    }

    /// Adds a node and returns its index.
    public mutating func addNode(supply: Int64 = 0) -> Int {
        self.supply.append(supply)
        nodeCount += 1
        return nodeCount - 1
    }

    /// Adds to a node's supply (negative for demand).
    public mutating func addSupply(_ amount: Int64, to node: Int) throws {
        supply[node] = try FlowNetwork.add(supply[node], amount, "supply of node \(node + 1)")
    }

    /// Adds an arc and returns its index; refuses a reversed range or an overflowing cost.
    @discardableResult
    public mutating func addArc(from tail: Int, to head: Int, lower: Int64 = 0, capacity: Int64, cost: Int64) throws -> Int {
        guard (0..<nodeCount).contains(tail), (0..<nodeCount).contains(head) else {
            throw DomainError.invalid("arc \(arcCount + 1)", "Its nodes must be between 1 and \(nodeCount).")
        }
        guard lower >= 0, capacity >= lower else {
            throw DomainError.invalid("arc \(arcCount + 1)", "Its bounds must satisfy 0 ≤ lower (\(lower)) ≤ capacity (\(capacity)).")
        }
        guard cost.magnitude <= FlowNetwork.maximumCost else {
            throw DomainError.invalid("arc \(arcCount + 1)", "Its cost \(cost) is beyond ±\(FlowNetwork.maximumCost), where exact 64-bit totals cannot be promised.")
        }
        if lower > 0 {
            if !hasLowerBounds { self.lower = Array(repeating: 0, count: arcCount); hasLowerBounds = true }
            supply[tail] = try FlowNetwork.add(supply[tail], -lower, "supply of node \(tail + 1)")
            supply[head] = try FlowNetwork.add(supply[head], lower, "supply of node \(head + 1)")
            fixedCost = try FlowNetwork.add(fixedCost, try FlowNetwork.multiply(lower, cost, "arc \(arcCount + 1)"), "total cost")
        }
        if hasLowerBounds { self.lower.append(lower) }
        tails.append(Int32(tail))
        heads.append(Int32(head))
        self.capacity.append(capacity - lower)
        self.cost.append(cost)
        return arcCount - 1
    }

    /// Changes an arc's cost (lower bounds must not be in use: their cost is already counted).
    mutating func setCost(_ value: Int64, of arc: Int) {
        precondition(!hasLowerBounds || lower[arc] == 0, "an arc with a lower bound keeps its cost")
        cost[arc] = value
    }

    /// Costs beyond this could make potentials overflow 64 bits on large networks.
    public static let maximumCost: UInt64 = 1 << 31

    static func add(_ a: Int64, _ b: Int64, _ what: String) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw DomainError.invalid(what, "The sum overflows 64-bit integers.") }
        return sum
    }

    static func multiply(_ a: Int64, _ b: Int64, _ what: String) throws -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw DomainError.invalid(what, "The product overflows 64-bit integers.") }
        return product
    }
}

/// An optimal flow: its total cost and the flow on every arc (lower bounds included).
public struct FlowSolution: Sendable, Equatable {
    public var cost: Int64
    public var flows: [Int64]
    /// The node potentials of the optimal basis (reduced costs `cost + π(tail) − π(head)`), per node.
    public var potentials: [Int64]
}
