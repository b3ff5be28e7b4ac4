/// The library's search index in memory: every entry's terms in compressed posting lists, and
/// what a search filters and counts by, so that a search reads no row it does not show.
///
/// A database answers a broad query (a word in most practices, a one-letter prefix, a single Han
/// character) by reading every match to count them by filter value; here that is a pass over
/// arrays. Entries are added and removed one by one as the library changes; an entry that is
/// replaced gets a new slot, and slots left behind are dropped once they are a quarter of all.
public struct LibraryIndex: Sendable {
    /// What the index holds of one entry.
    public struct Entry: Sendable, Equatable {
        /// The entry's id, unique and stable while it exists.
        public var id: Int
        /// The entry's filter values joined by `|`: kind, area, language, country, size.
        public var facet: String
        public var cityID: Int
        /// When it was published, in seconds since 1970.
        public var publishedAt: Int64
        /// Each term with its weighted count (a title's term counts most), saturated at 255.
        public var terms: [String: Int]
        /// How many terms the entry has, each counted once per occurrence.
        public var length: Int

        public init(id: Int, facet: String, cityID: Int, publishedAt: Int64, terms: [String: Int], length: Int) {
            (self.id, self.facet, self.cityID, self.publishedAt, self.terms, self.length) = (id, facet, cityID, publishedAt, terms, length)
        }
    }

    // One value per slot.
    var ids: [Int] = []
    var alive: [Bool] = []
    var facetOf: [Int32] = []
    var cityOf: [Int] = []
    var publishedAt: [Int64] = []
    var lengths: [Float] = []
    var slotOf: [Int: Int32] = [:]

    // Filter-value combinations, each once.
    var facets: [String] = []
    var facetSlot: [String: Int32] = [:]
    /// Each combination's values as value ids, by position (-1 for an empty value), so a search
    /// filters and counts combinations by integers rather than by their strings.
    var facetValueIDs: [[Int32]] = []
    var valueIDs: [[Substring: Int32]] = []
    var valueNames: [String] = []
    var valuePositions: [Int] = []

    // One value per term.
    var termIDs: [String: Int32] = [:]
    var terms: [String] = []
    /// Term ids in the byte order of their UTF-8, for prefixes.
    var sortedTerms: [Int32] = []
    var postings: [PostingList] = []

    /// Entries present.
    public private(set) var count = 0
    var totalLength = 0.0

    /// An index of `entries`.
    public init(_ entries: [Entry] = []) {
        add(entries)
    }

    /// Whether the entry with `id` is in the index.
    public func contains(_ id: Int) -> Bool { slotOf[id] != nil }

    /// Adds entries whose ids are not in the index yet; an id already present is left as it is.
    public mutating func add(_ entries: [Entry]) {
        var newTerms: [Int32] = []
        for entry in entries where slotOf[entry.id] == nil {
            let slot = Int32(ids.count)
            slotOf[entry.id] = slot
            ids.append(entry.id)
            alive.append(true)
            facetOf.append(facetID(entry.facet))
            cityOf.append(entry.cityID)
            publishedAt.append(entry.publishedAt)
            lengths.append(Float(entry.length))
            totalLength += Double(entry.length)
            count += 1
            for (term, weight) in entry.terms {
                let id: Int32
                if let known = termIDs[term] {
                    id = known
                } else {
                    id = Int32(terms.count)
                    termIDs[term] = id
                    terms.append(term)
                    postings.append(PostingList())
                    newTerms.append(id)
                }
                postings[Int(id)].append(slot: slot, weight: UInt8(clamping: weight))
            }
        }
        insertSorted(newTerms)
    }

    /// Takes out the entries with these ids; an id not in the index is ignored.
    public mutating func remove(_ removed: some Sequence<Int>) {
        for id in removed {
            guard let slot = slotOf.removeValue(forKey: id) else { continue }
            alive[Int(slot)] = false
            totalLength -= Double(lengths[Int(slot)])
            count -= 1
        }
        if ids.count - count > max(1_000, ids.count / 4) { self = compacted() }
    }

    /// The same entries, without the slots of removed ones.
    func compacted() -> LibraryIndex {
        var fresh = LibraryIndex()
        var slotMap = [Int32](repeating: -1, count: ids.count)
        for slot in ids.indices where alive[slot] {
            slotMap[slot] = Int32(fresh.ids.count)
            fresh.slotOf[ids[slot]] = Int32(fresh.ids.count)
            fresh.ids.append(ids[slot])
            fresh.alive.append(true)
            fresh.facetOf.append(fresh.facetID(facets[Int(facetOf[slot])]))
            fresh.cityOf.append(cityOf[slot])
            fresh.publishedAt.append(publishedAt[slot])
            fresh.lengths.append(lengths[slot])
        }
        fresh.count = fresh.ids.count
        fresh.totalLength = totalLength
        var kept: [Int32] = []
        for (id, list) in postings.enumerated() {
            var rewritten = PostingList()
            list.forEach { slot, weight in
                let moved = slotMap[Int(slot)]
                if moved >= 0 { rewritten.append(slot: moved, weight: weight) }
            }
            guard !rewritten.isEmpty else { continue }
            fresh.termIDs[terms[id]] = Int32(fresh.terms.count)
            kept.append(Int32(fresh.terms.count))
            fresh.terms.append(terms[id])
            fresh.postings.append(rewritten)
        }
        fresh.insertSorted(kept)
        return fresh
    }

    private mutating func facetID(_ facet: String) -> Int32 {
        if let id = facetSlot[facet] { return id }
        let id = Int32(facets.count)
        facetSlot[facet] = id
        facets.append(facet)
        facetValueIDs.append(facet.split(separator: "|", omittingEmptySubsequences: false).enumerated().map { position, value in
            guard !value.isEmpty else { return -1 }
            while valueIDs.count <= position { valueIDs.append([:]) }
            if let known = valueIDs[position][value] { return known }
            let valueID = Int32(valueNames.count)
            valueIDs[position][value] = valueID
            valueNames.append(String(value))
            valuePositions.append(position)
            return valueID
        })
        return id
    }

    private mutating func insertSorted(_ added: [Int32]) {
        guard !added.isEmpty else { return }
        let terms = self.terms
        let fresh = added.sorted { terms[Int($0)].utf8.lexicographicallyPrecedes(terms[Int($1)].utf8) }
        if sortedTerms.isEmpty { sortedTerms = fresh; return }
        // Merge: a handful of new terms into the sorted ids, or a first load's all at once.
        var merged: [Int32] = []
        merged.reserveCapacity(sortedTerms.count + fresh.count)
        var i = 0, j = 0
        while i < sortedTerms.count || j < fresh.count {
            if j == fresh.count || (i < sortedTerms.count && terms[Int(sortedTerms[i])].utf8.lexicographicallyPrecedes(terms[Int(fresh[j])].utf8)) {
                merged.append(sortedTerms[i]); i += 1
            } else {
                merged.append(fresh[j]); j += 1
            }
        }
        sortedTerms = merged
    }

    /// The ids of the terms a query term matches: itself, or every term it begins.
    func expansions(_ term: SearchText.QueryTerm) -> [Int32] {
        guard term.prefix else { return termIDs[term.text].map { [$0] } ?? [] }
        let prefix = Array(term.text.utf8)
        var low = 0, high = sortedTerms.count
        while low < high {
            let mid = (low + high) / 2
            if terms[Int(sortedTerms[mid])].utf8.lexicographicallyPrecedes(prefix) { low = mid + 1 } else { high = mid }
        }
        var matched: [Int32] = []
        while low < sortedTerms.count, terms[Int(sortedTerms[low])].utf8.starts(with: prefix) {
            matched.append(sortedTerms[low])
            low += 1
        }
        return matched
    }
}
