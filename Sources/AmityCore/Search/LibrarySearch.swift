import Foundation

/// A search of the library: words, filters, and the part of the ranking to return.
public struct LibrarySearch: Sendable {
    /// Every term must be found; a word also matches longer words it begins.
    public var terms: [SearchText.QueryTerm] = []
    /// Required filter values by their position in an entry's facet (0 kind … 4 size).
    public var facetValues: [Int: String] = [:]
    /// Only entries of these cities, when set.
    public var cityIDs: Set<Int>?
    /// Published at or after this instant (seconds since 1970).
    public var publishedFrom: Int64?
    /// Published before this instant (seconds since 1970).
    public var publishedBefore: Int64?
    public var offset = 0
    public var limit = 20

    public init() {}

    /// What a search found: one page of the ranking, and counts over every match.
    public struct Result: Sendable, Equatable {
        /// Entry ids with their scores, best first: the page asked for.
        public var hits: [Hit]
        /// Whether more matches follow the page.
        public var more: Bool
        public var total: Int
        /// Matches per value of each filter, by the filter's place in an entry's facet (0 kind … 4
        /// size); an empty value is not counted.
        public var facetCounts: [[String: Int]]
    }

    /// One ranked match.
    public struct Hit: Sendable, Equatable {
        public var id: Int
        public var score: Double
    }
}

extension LibraryIndex {
    /// Okapi BM25's constants, as SQLite's FTS5 uses them.
    static let k1: Float = 1.2, b: Float = 0.75

    /// Runs a search: every entry that has all the terms (any term a word begins) and passes the
    /// filters, ranked by BM25 over weighted counts, or newest first when there are no terms; ties go to
    /// the larger id, so pages never overlap.
    public func search(_ query: LibrarySearch) -> LibrarySearch.Result {
        // Each required value as its id (-1 for an empty one); a value no entry has matches nothing.
        let required = query.facetValues.map { position, value -> (Int, Int32?) in
            (position, value.isEmpty ? -1 : position < valueIDs.count ? valueIDs[position][Substring(value)] : nil)
        }
        let allowedFacet = facetValueIDs.map { values in
            required.allSatisfy { position, id in id != nil && position < values.count && values[position] == id }
        }
        let slots = ids.count
        func passes(_ slot: Int) -> Bool {
            guard alive[slot], allowedFacet[Int(facetOf[slot])] else { return false }
            if let cities = query.cityIDs, !cities.contains(cityOf[slot]) { return false }
            if let from = query.publishedFrom, publishedAt[slot] < from { return false }
            if let before = query.publishedBefore, publishedAt[slot] >= before { return false }
            return true
        }
        let wanted = query.offset + query.limit + 1
        var top = TopRanked(capacity: wanted)
        var facetCounts = [Int](repeating: 0, count: facets.count)
        var total = 0
        if query.terms.isEmpty {
            for slot in 0..<slots where passes(slot) {
                total += 1
                facetCounts[Int(facetOf[slot])] += 1
                top.offer(Ranked(score: Double(publishedAt[slot]), id: ids[slot]))
            }
        } else {
            var expanded = query.terms.map(expansions)
            guard expanded.allSatisfy({ !$0.isEmpty }) else { return .init(hits: [], more: false, total: 0, facetCounts: valueCounts([])) }
            // The rarest term first: every later one only adds to entries still in the running.
            expanded.sort { $0.reduce(0) { $0 + postings[Int($1)].count } < $1.reduce(0) { $0 + postings[Int($1)].count } }
            var matched = [UInt8](repeating: 0, count: slots)
            var score = [Float](repeating: 0, count: slots)
            let average = count > 0 ? Float(totalLength / Double(count)) : 1
            let live = Float(max(count, 1))
            matched.withUnsafeMutableBufferPointer { matched in
                score.withUnsafeMutableBufferPointer { score in
                    lengths.withUnsafeBufferPointer { lengths in
                        for (round, termIDs) in expanded.enumerated() {
                            let before = UInt8(round), after = UInt8(round + 1)
                            for term in termIDs {
                                let list = postings[Int(term)]
                                let frequency = Float(list.count)
                                let idf = log(1 + (live - frequency + 0.5) / (frequency + 0.5))
                                list.forEach { slot, weight in
                                    let s = Int(slot), state = matched[s]
                                    guard state == before || state == after else { return }
                                    matched[s] = after
                                    let tf = Float(weight)
                                    score[s] += idf * tf * (Self.k1 + 1) / (tf + Self.k1 * (1 - Self.b + Self.b * lengths[s] / average))
                                }
                            }
                        }
                    }
                }
            }
            let all = UInt8(expanded.count)
            for slot in 0..<slots where matched[slot] == all && passes(slot) {
                total += 1
                facetCounts[Int(facetOf[slot])] += 1
                top.offer(Ranked(score: Double(score[slot]), id: ids[slot]))
            }
        }
        let ranked = top.sorted()
        let page = ranked.dropFirst(query.offset).prefix(query.limit)
        return .init(hits: page.map { .init(id: $0.id, score: query.terms.isEmpty ? 0 : $0.score) },
                     more: ranked.count > query.offset + query.limit, total: total, facetCounts: valueCounts(facetCounts))
    }

    /// Counts per combination of filter values summed into counts per value of each filter.
    private func valueCounts(_ perFacet: [Int]) -> [[String: Int]] {
        var perValue = [Int](repeating: 0, count: valueNames.count)
        for (facet, n) in perFacet.enumerated() where n > 0 {
            for value in facetValueIDs[facet] where value >= 0 { perValue[Int(value)] += n }
        }
        var counts = [[String: Int]](repeating: [:], count: valueIDs.count)
        for (value, n) in perValue.enumerated() where n > 0 { counts[valuePositions[value]][valueNames[value]] = n }
        return counts
    }
}

/// A match's place in the ranking: the higher score first, then the larger id.
struct Ranked {
    var score: Double
    var id: Int

    func precedes(_ other: Ranked) -> Bool { score != other.score ? score > other.score : id > other.id }
}

/// The best `capacity` of everything offered, kept in a heap whose root is the worst of them.
struct TopRanked {
    let capacity: Int
    private var heap: [Ranked] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(min(capacity, 1_024))
    }

    mutating func offer(_ item: Ranked) {
        if heap.count < capacity {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[parent].precedes(heap[child]) else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        } else if capacity > 0, item.precedes(heap[0]) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count, heap[worst].precedes(heap[left]) { worst = left }
                if right < heap.count, heap[worst].precedes(heap[right]) { worst = right }
                guard worst != parent else { break }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
    }

    /// What was kept, best first.
    func sorted() -> [Ranked] { heap.sorted { $0.precedes($1) } }
}
