/// The primal network simplex method with a block-search pivot rule, after LEMON's
/// `NetworkSimplex` (Kovács 2015): a spanning tree kept as parent, thread and subtree-size
/// arrays, an artificial root whose arcs make the start feasible, and Bland-free pivoting by
/// scanning arcs in blocks of about √m for the most negative reduced cost.
///
/// It solves one problem whose supplies sum to zero; `MinCostFlow` splits a network into its
/// connected components and gives each its own instance.
final class NetworkSimplex {
    private let nodeCount: Int, arcCount: Int, allArcCount: Int, root: Int
    private let source: UnsafeMutableBufferPointer<Int32>
    private let target: UnsafeMutableBufferPointer<Int32>
    private let cost: UnsafeMutableBufferPointer<Int64>
    private let cap: UnsafeMutableBufferPointer<Int64>
    private let flow: UnsafeMutableBufferPointer<Int64>
    private let state: UnsafeMutableBufferPointer<Int8>
    private let pi: UnsafeMutableBufferPointer<Int64>
    private let parent: UnsafeMutableBufferPointer<Int32>
    private let pred: UnsafeMutableBufferPointer<Int32>
    private let thread: UnsafeMutableBufferPointer<Int32>
    private let revThread: UnsafeMutableBufferPointer<Int32>
    private let succNum: UnsafeMutableBufferPointer<Int32>
    private let lastSucc: UnsafeMutableBufferPointer<Int32>
    private let predDir: UnsafeMutableBufferPointer<Int8>
    private var dirtyRevs: [Int32] = []

    private static let stateUpper: Int8 = -1, stateTree: Int8 = 0, stateLower: Int8 = 1
    private static let up: Int8 = 1, down: Int8 = -1
    private static let infinity = Int64.max

    // Pivot variables.
    private var inArc = 0, join = 0, uIn = 0, vIn = 0, uOut = 0, delta: Int64 = 0
    private var nextArc = 0
    private let blockSize: Int

    /// Copies one balanced problem in; `supply` has `nodeCount` entries summing to zero.
    init(nodeCount: Int, supply: UnsafeBufferPointer<Int64>, tails: UnsafeBufferPointer<Int32>, heads: UnsafeBufferPointer<Int32>,
         capacity: UnsafeBufferPointer<Int64>, cost arcCost: UnsafeBufferPointer<Int64>) {
        self.nodeCount = nodeCount
        arcCount = tails.count
        allArcCount = arcCount + nodeCount
        root = nodeCount
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            b.initialize(repeating: value)
            return b
        }
        source = buffer(allArcCount, 0); target = buffer(allArcCount, 0)
        cost = buffer(allArcCount, 0); cap = buffer(allArcCount, 0); flow = buffer(allArcCount, 0)
        state = buffer(allArcCount, NetworkSimplex.stateLower)
        let n = nodeCount + 1
        pi = buffer(n, 0); parent = buffer(n, 0); pred = buffer(n, 0); thread = buffer(n, 0); revThread = buffer(n, 0)
        succNum = buffer(n, 0); lastSucc = buffer(n, 0); predDir = buffer(n, 0)
        _ = source.update(fromContentsOf: tails)
        _ = target.update(fromContentsOf: heads)
        _ = cap.update(fromContentsOf: capacity)
        _ = cost.update(fromContentsOf: arcCost)
        blockSize = max(10, Int((Double(max(arcCount, 1))).squareRoot().rounded(.up)))

        // The artificial root and its arcs: a feasible starting tree.
        var maxCost: Int64 = 0
        for e in 0..<arcCount where arcCost[e].magnitude > maxCost.magnitude { maxCost = Int64(arcCost[e].magnitude) }
        let artificial = (maxCost + 1) * Int64(nodeCount + 1)
        parent[root] = -1
        pred[root] = -1
        thread[root] = 0
        revThread[0] = Int32(root)
        succNum[root] = Int32(nodeCount + 1)
        lastSucc[root] = Int32(root - 1)
        pi[root] = 0
        for u in 0..<nodeCount {
            let e = arcCount + u
            parent[u] = Int32(root)
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1)
            revThread[u + 1] = Int32(u)
            succNum[u] = 1
            lastSucc[u] = Int32(u)
            cap[e] = NetworkSimplex.infinity
            state[e] = NetworkSimplex.stateTree
            if supply[u] >= 0 {
                predDir[u] = NetworkSimplex.up
                pi[u] = 0
                source[e] = Int32(u); target[e] = Int32(root)
                flow[e] = supply[u]
                cost[e] = 0
            } else {
                predDir[u] = NetworkSimplex.down
                pi[u] = artificial
                source[e] = Int32(root); target[e] = Int32(u)
                flow[e] = -supply[u]
                cost[e] = artificial
            }
        }
    }

    deinit {
        for b in [source, target, parent, pred, thread, revThread, succNum, lastSucc] as [UnsafeMutableBufferPointer<Int32>] { b.deallocate() }
        for b in [cost, cap, flow, pi] { b.deallocate() }
        state.deallocate()
        predDir.deallocate()
    }

    enum Outcome { case optimal, infeasible, unbounded }

    /// Pivots until no arc has a negative reduced cost.
    func run() -> Outcome {
        while findEnteringArc() {
            findJoinNode()
            let change = findLeavingArc()
            if delta >= NetworkSimplex.infinity { return .unbounded }
            changeFlow(change)
            if change {
                updateTreeStructure()
                updatePotential()
            }
        }
        for e in arcCount..<allArcCount where flow[e] != 0 { return .infeasible }
        return .optimal
    }

    /// The flow on real arc `e`.
    func flow(of e: Int) -> Int64 { flow[e] }

    /// The potential of node `u`, with the root at zero.
    func potential(of u: Int) -> Int64 { pi[u] &- pi[root] }

    // MARK: Pivoting

    private func reducedCost(_ e: Int) -> Int64 {
        cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])]
    }

    private func findEnteringArc() -> Bool {
        var minimum: Int64 = 0
        var count = blockSize
        var e = nextArc
        var found = false
        var scanned = 0
        while scanned < arcCount {
            let c = Int64(state[e]) &* reducedCost(e)
            if c < minimum { minimum = c; inArc = e }
            e += 1
            if e == arcCount { e = 0 }
            scanned += 1
            count -= 1
            if count == 0 {
                if minimum < 0 { found = true; break }
                count = blockSize
            }
        }
        if !found && minimum >= 0 { return false }
        nextArc = e
        return true
    }

    private func findJoinNode() {
        var u = Int(source[inArc]), v = Int(target[inArc])
        while u != v {
            if succNum[u] < succNum[v] { u = Int(parent[u]) } else { v = Int(parent[v]) }
        }
        join = u
    }

    private func findLeavingArc() -> Bool {
        let first: Int, second: Int
        if state[inArc] == NetworkSimplex.stateLower {
            first = Int(source[inArc]); second = Int(target[inArc])
        } else {
            first = Int(target[inArc]); second = Int(source[inArc])
        }
        delta = cap[inArc]
        var result = 0
        var u = first
        while u != join {
            let e = Int(pred[u])
            var d = flow[e]
            if predDir[u] == NetworkSimplex.down {
                let c = cap[e]
                d = c >= NetworkSimplex.infinity ? NetworkSimplex.infinity : c - d
            }
            if d < delta { delta = d; uOut = u; result = 1 }
            u = Int(parent[u])
        }
        u = second
        while u != join {
            let e = Int(pred[u])
            var d = flow[e]
            if predDir[u] == NetworkSimplex.up {
                let c = cap[e]
                d = c >= NetworkSimplex.infinity ? NetworkSimplex.infinity : c - d
            }
            if d <= delta { delta = d; uOut = u; result = 2 }
            u = Int(parent[u])
        }
        if result == 1 { uIn = first; vIn = second } else { uIn = second; vIn = first }
        return result != 0
    }

    private func changeFlow(_ change: Bool) {
        if delta > 0 {
            let value = Int64(state[inArc]) * delta
            flow[inArc] += value
            var u = Int(source[inArc])
            while u != join {
                flow[Int(pred[u])] -= Int64(predDir[u]) * value
                u = Int(parent[u])
            }
            u = Int(target[inArc])
            while u != join {
                flow[Int(pred[u])] += Int64(predDir[u]) * value
                u = Int(parent[u])
            }
        }
        if change {
            state[inArc] = NetworkSimplex.stateTree
            let leaving = Int(pred[uOut])
            state[leaving] = flow[leaving] == 0 ? NetworkSimplex.stateLower : NetworkSimplex.stateUpper
        } else {
            state[inArc] = -state[inArc]
        }
    }

    private func updateTreeStructure() {
        let oldRevThread = Int(revThread[uOut])
        let oldSuccNum = succNum[uOut]
        let oldLastSucc = Int(lastSucc[uOut])
        let vOut = Int(parent[uOut])

        if uIn == uOut {
            parent[uIn] = Int32(vIn)
            pred[uIn] = Int32(inArc)
            predDir[uIn] = uIn == Int(source[inArc]) ? NetworkSimplex.up : NetworkSimplex.down
            if Int(thread[vIn]) != uOut {
                var after = Int(thread[oldLastSucc])
                thread[oldRevThread] = Int32(after)
                revThread[after] = Int32(oldRevThread)
                after = Int(thread[vIn])
                thread[vIn] = Int32(uOut)
                revThread[uOut] = Int32(vIn)
                thread[oldLastSucc] = Int32(after)
                revThread[after] = Int32(oldLastSucc)
            }
        } else {
            let threadContinue = oldRevThread == vIn ? Int(thread[oldLastSucc]) : Int(thread[vIn])
            var stem = uIn, parStem = vIn
            var last = Int(lastSucc[uIn])
            var after = Int(thread[last])
            thread[vIn] = Int32(uIn)
            dirtyRevs.removeAll(keepingCapacity: true)
            dirtyRevs.append(Int32(vIn))
            while stem != uOut {
                let nextStem = Int(parent[stem])
                thread[last] = Int32(nextStem)
                dirtyRevs.append(Int32(last))
                let before = Int(revThread[stem])
                thread[before] = Int32(after)
                revThread[after] = Int32(before)
                parent[stem] = Int32(parStem)
                parStem = stem
                stem = nextStem
                last = lastSucc[stem] == lastSucc[parStem] ? Int(revThread[parStem]) : Int(lastSucc[stem])
                after = Int(thread[last])
            }
            parent[uOut] = Int32(parStem)
            thread[last] = Int32(threadContinue)
            revThread[threadContinue] = Int32(last)
            lastSucc[uOut] = Int32(last)
            if oldRevThread != vIn {
                thread[oldRevThread] = Int32(after)
                revThread[after] = Int32(oldRevThread)
            }
            for u in dirtyRevs { revThread[Int(thread[Int(u)])] = u }

            var tmpSc: Int32 = 0
            let tmpLs = lastSucc[uOut]
            var u = uOut, p = Int(parent[u])
            while u != uIn {
                pred[u] = pred[p]
                predDir[u] = -predDir[p]
                tmpSc += succNum[u] - succNum[p]
                succNum[u] = tmpSc
                lastSucc[p] = tmpLs
                u = p
                p = Int(parent[u])
            }
            pred[uIn] = Int32(inArc)
            predDir[uIn] = uIn == Int(source[inArc]) ? NetworkSimplex.up : NetworkSimplex.down
            succNum[uIn] = oldSuccNum
        }

        let upLimitOut = Int(lastSucc[join]) == vIn ? join : -1
        let lastSuccOut = lastSucc[uOut]
        var u = vIn
        while u != -1 && Int(lastSucc[u]) == vIn {
            lastSucc[u] = lastSuccOut
            u = Int(parent[u])
        }
        if join != oldRevThread && vIn != oldRevThread {
            u = vOut
            while u != upLimitOut && Int(lastSucc[u]) == oldLastSucc {
                lastSucc[u] = Int32(oldRevThread)
                u = Int(parent[u])
            }
        } else if Int(lastSuccOut) != oldLastSucc {
            u = vOut
            while u != upLimitOut && Int(lastSucc[u]) == oldLastSucc {
                lastSucc[u] = lastSuccOut
                u = Int(parent[u])
            }
        }
        u = vIn
        while u != join { succNum[u] += oldSuccNum; u = Int(parent[u]) }
        u = vOut
        while u != join { succNum[u] -= oldSuccNum; u = Int(parent[u]) }
    }

    private func updatePotential() {
        let sigma = pi[vIn] &- pi[uIn] &- Int64(predDir[uIn]) &* cost[inArc]
        let end = Int(thread[Int(lastSucc[uIn])])
        // Only differences of potentials matter. When the subtree that moved holds most of the
        // nodes (a hub such as an unmet-demand source carries whole regions with it), the rest
        // is shifted the other way: on networks with hubs this was three quarters of the time.
        if Int(succNum[uIn]) * 2 <= nodeCount + 1 {
            var u = uIn
            while u != end {
                pi[u] = pi[u] &+ sigma
                u = Int(thread[u])
            }
        } else {
            var u = end
            while u != uIn {
                pi[u] = pi[u] &- sigma
                u = Int(thread[u])
            }
        }
    }
}
