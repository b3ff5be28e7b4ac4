@testable import AmityCore
import Testing

/// The library's index against a plain scan of the same entries: random libraries with shared
/// prefixes, several scripts, filters of every kind, entries replaced and removed.
@Suite struct LibraryIndexTests {
    static let vocabulary = ["mask", "masks", "masque", "m", "ma", "vaccine", "vacc", "口罩", "口", "罩", "마스크", "마스", "hotline", "é", "elder", "elderly"]
    static let facets = ["practice|vulnerable-groups|en|TW|large", "practice|service-delivery|zh|TW|city", "question||en|US|town", "practice|vulnerable-groups|ko|KR|megacity"]

    static func randomEntries(seed: UInt64, count: Int, firstID: Int = 1) -> [LibraryIndex.Entry] {
        var rng = SplitMix64(state: seed)
        func pick(_ n: Int) -> Int { Int(rng.next(upperBound: UInt64(n))) }
        return (0..<count).map { i in
            var terms: [String: Int] = [:], length = 0
            for _ in 0..<(1 + pick(6)) {
                terms[vocabulary[pick(vocabulary.count)], default: 0] += [1, 3, 8][pick(3)]
                length += 1
            }
            return .init(id: firstID + i * 3, facet: facets[pick(facets.count)], cityID: 100 + pick(5),
                         publishedAt: Int64(1_577_836_800 + pick(1_000) * 86_400), terms: terms, length: length)
        }
    }

    /// What a scan finds: the entries with every term (or a term it begins) that pass the filters.
    static func scan(_ entries: [LibraryIndex.Entry], _ query: LibrarySearch) -> (ids: Set<Int>, facets: [[String: Int]]) {
        var ids = Set<Int>(), facets = [[String: Int]](repeating: [:], count: 5)
        for entry in entries {
            let hasTerms = query.terms.allSatisfy { term in
                entry.terms.keys.contains { term.prefix ? $0.utf8.starts(with: term.text.utf8) : $0 == term.text }
            }
            let parts = entry.facet.split(separator: "|", omittingEmptySubsequences: false)
            guard hasTerms, query.facetValues.allSatisfy({ parts[$0.key] == $0.value }),
                  query.cityIDs?.contains(entry.cityID) ?? true,
                  entry.publishedAt >= query.publishedFrom ?? .min, entry.publishedAt < query.publishedBefore ?? .max else { continue }
            ids.insert(entry.id)
            for (position, value) in parts.enumerated() where !value.isEmpty { facets[position][String(value), default: 0] += 1 }
        }
        return (ids, facets)
    }

    static func randomQuery(_ rng: inout SplitMix64) -> LibrarySearch {
        func pick(_ n: Int) -> Int { Int(rng.next(upperBound: UInt64(n))) }
        var query = LibrarySearch()
        query.terms = (0..<pick(3)).map { _ in
            let text = vocabulary[pick(vocabulary.count)]
            return SearchText.QueryTerm(text: text, prefix: pick(2) == 0)
        }
        if pick(3) == 0 { query.facetValues[pick(5)] = ["practice", "en", "TW", "large", "", "vulnerable-groups"][pick(6)] }
        if pick(4) == 0 { query.cityIDs = [100 + pick(5), 100 + pick(5)] }
        if pick(4) == 0 { query.publishedFrom = Int64(1_577_836_800 + pick(1_000) * 86_400) }
        if pick(4) == 0 { query.publishedBefore = Int64(1_577_836_800 + pick(1_000) * 86_400) }
        query.limit = 1 + pick(30)
        return query
    }

    /// Every page of a search, followed to the end.
    static func allPages(_ index: LibraryIndex, _ query: LibrarySearch) -> [LibrarySearch.Hit] {
        var query = query, hits: [LibrarySearch.Hit] = []
        while true {
            let result = index.search(query)
            hits += result.hits
            guard result.more else { return hits }
            query.offset += query.limit
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func findsWhatAScanFindsInOneOrderAcrossPages(seed: UInt64) {
        let entries = Self.randomEntries(seed: seed, count: 400)
        let index = LibraryIndex(entries)
        var rng = SplitMix64(state: seed &+ 100)
        for _ in 0..<200 {
            let query = Self.randomQuery(&rng)
            let expected = Self.scan(entries, query)
            let first = index.search(query)
            #expect(first.total == expected.ids.count)
            #expect(first.facetCounts == expected.facets)
            let hits = Self.allPages(index, query)
            #expect(Set(hits.map(\.id)) == expected.ids && hits.count == expected.ids.count, "every match once")
            let ordered = zip(hits, hits.dropFirst()).allSatisfy { a, b in
                query.terms.isEmpty || a.score > b.score || (a.score == b.score && a.id > b.id)
            }
            #expect(ordered, "best first, ties to the larger id")
        }
    }

    @Test func withoutWordsTheNewestComeFirst() {
        let entries = Self.randomEntries(seed: 9, count: 100)
        let hits = Self.allPages(LibraryIndex(entries), LibrarySearch())
        let published = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0.publishedAt) })
        #expect(hits.count == 100)
        #expect(zip(hits, hits.dropFirst()).allSatisfy { a, b in
            published[a.id]! > published[b.id]! || (published[a.id] == published[b.id] && a.id > b.id)
        })
    }

    @Test func aTitleMatchOutranksABodyMatch() {
        let index = LibraryIndex([
            .init(id: 1, facet: Self.facets[0], cityID: 1, publishedAt: 0, terms: ["hotline": 1, "elderly": 8], length: 2),
            .init(id: 2, facet: Self.facets[0], cityID: 1, publishedAt: 0, terms: ["hotline": 8, "elderly": 1], length: 2),
            .init(id: 3, facet: Self.facets[0], cityID: 1, publishedAt: 0, terms: ["elderly": 1], length: 1),
        ])
        var query = LibrarySearch()
        query.terms = [.init(text: "hot", prefix: true)]
        #expect(index.search(query).hits.map(\.id) == [2, 1])
    }

    @Test func removingAndReplacingGivesWhatAFreshIndexGives() {
        var entries = Self.randomEntries(seed: 11, count: 3_000)
        var index = LibraryIndex(entries)
        // Replace a third (a new id each, as the database gives), then remove most of the rest:
        // enough that the index drops the dead slots on the way.
        let replaced = entries.prefix(1_000).map { var e = $0; e.id += 100_000; e.terms = ["mask": 3]; return e }
        index.remove(entries.prefix(1_000).map(\.id))
        index.add(replaced)
        index.add(replaced)  // a change seen twice changes nothing
        entries = Array(entries.dropFirst(1_000)) + replaced
        let gone = entries.prefix(1_800).map(\.id)
        index.remove(gone)
        index.remove(gone)
        entries.removeFirst(1_800)
        #expect(index.count == entries.count && index.ids.count < 3_000, "the dead slots were dropped")
        let fresh = LibraryIndex(entries)
        var rng = SplitMix64(state: 12)
        for _ in 0..<100 {
            var query = Self.randomQuery(&rng)
            query.limit = 10_000
            let (a, b) = (index.search(query), fresh.search(query))
            #expect(a.total == b.total && a.facetCounts == b.facetCounts)
            #expect(Set(a.hits.map(\.id)) == Set(b.hits.map(\.id)))
        }
    }

    @Test func postingListsKeepLargeGaps() {
        var list = PostingList()
        let slots: [Int32] = [0, 1, 127, 128, 16_383, 16_384, 2_000_000, Int32.max - 1]
        for (i, slot) in slots.enumerated() { list.append(slot: slot, weight: UInt8(i)) }
        var read: [(Int32, UInt8)] = []
        list.forEach { read.append(($0, $1)) }
        #expect(read.map(\.0) == slots && read.map(\.1) == Array(0..<UInt8(slots.count)) && list.count == 8)
    }

    @Test func bothDatabasesStoredTermsReadTheSame() {
        let document = SearchDocument(title: "Masks for the elderly 口罩", summary: "Hotline and masks", tags: ["masks", "sdg 3.8"],
                                      body: "The city's hotline sent masks; 마스크를 나눠주다. Masks again.")
        let fromColumns = StoredTerms.fromColumns(document.fts5Columns)
        let fromTsvector = StoredTerms.fromTsvector(document.tsvectorLiteral)
        #expect(fromColumns.terms == fromTsvector.terms && fromColumns.length == fromTsvector.length)
        #expect(fromColumns.terms["masks"] == 8 + 3 + 3 + 1 + 1 && fromColumns.terms["口罩"] == 8)
        // How PostgreSQL prints a quote and a backslash inside a term, and a term without positions.
        let escaped = StoredTerms.fromTsvector(#"'it''s':1A 'a\\b':2,3 'bare'"#)
        #expect(escaped.terms == ["it's": 8, #"a\b"#: 2, "bare": 1] && escaped.length == 4)
    }
}
