@testable import AmityServer
import AmityCore
import Foundation
import SQLKit
import Testing
import VaporTesting

/// The library's index in memory follows every change of the database's, on this instance and
/// on another one (a second cache over the same database stands for it).
@Suite struct LibraryCacheTests {
    @Test func anotherInstanceFindsWhatWasPublishedAndLosesWhatWasRetired() async throws {
        try await withAmity { app async throws in
            let other = LibraryCache()
            let before = try await other.search(SearchQuery(text: "volunteers"), on: app.db)
            let taichung = try await app.credentials(Demo.taichung), citynet = try await app.credentials(Demo.citynet)
            let practice = try await KnowledgeTests.create(app, as: taichung, json: KnowledgeTests.draft.replacingOccurrences(of: #""language":"en""#, with: #""language":"en","submit":true"#))
            _ = try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: citynet)
            let after = try await other.search(SearchQuery(text: "volunteers"), on: app.db)
            #expect(after.total == before.total + 1 && after.hits.contains { $0.ref_id == practice.id })
            #expect(after.counts(1).contains { $0 == ("vulnerable-groups", after.total) } && after.counts(3).contains { $0.0 == "TW" })
            _ = try await app.api(.POST, "/api/v1/practices/\(practice.id)/retire", as: taichung, json: #"{"reason":"Superseded."}"#)
            let retired = try await other.search(SearchQuery(text: "volunteers"), on: app.db)
            #expect(retired.total == before.total && !retired.hits.contains { $0.ref_id == practice.id })
            // A rebuild from scratch is read again in full, with the same results.
            let written = try await SearchIndex(db: app.db).rebuild(batchSize: 3)
            let rebuilt = try await other.search(SearchQuery(text: "", limit: 100), on: app.db)
            let here = try await app.libraryCache.search(SearchQuery(text: "", limit: 100), on: app.db)
            #expect(rebuilt.total == written && rebuilt.hits.map(\.ref_id) == here.hits.map(\.ref_id))
            // Once read again, the rebuild's mark in the log is behind it: no search reads it all again.
            let reads = other.reads
            _ = try await other.search(SearchQuery(text: "mask"), on: app.db)
            let newcomer = LibraryCache()
            _ = try await newcomer.search(SearchQuery(text: "mask"), on: app.db)
            _ = try await newcomer.search(SearchQuery(text: "mask"), on: app.db)
            #expect(other.reads == reads && newcomer.reads == 1)
        }
    }

    @Test func theWatermarkWaitsAtAYoungGapAndPassesAnOldOne() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var state = LibraryCache.State(index: LibraryIndex(), watermark: 10, applied: [:])
        let entry = LibraryIndex.Entry(id: 7, facet: "practice|||TW|city", cityID: 1, publishedAt: 0, terms: ["mask": 1], length: 1)
        // Change 11 is not visible yet (a transaction still open): 12 is applied, the watermark stays.
        LibraryCache.apply([.init(id: 12, entry_id: 7, added: true, at: now)], entries: [7: entry], to: &state, now: now)
        #expect(state.watermark == 10 && state.applied.keys.sorted() == [12] && state.index.contains(7))
        // Seen again, it changes nothing.
        LibraryCache.apply([.init(id: 12, entry_id: 7, added: true, at: now)], entries: [7: entry], to: &state, now: now)
        #expect(state.index.count == 1)
        // 11 commits: both pass.
        LibraryCache.apply([.init(id: 11, entry_id: 9, added: false, at: now), .init(id: 12, entry_id: 7, added: true, at: now)],
                           entries: [:], to: &state, now: now)
        #expect(state.watermark == 12 && state.applied.isEmpty)
        // 13 never comes (rolled back): after a minute, 14 is passed over too.
        LibraryCache.apply([.init(id: 14, entry_id: 7, added: false, at: now)], entries: [:], to: &state, now: now)
        #expect(state.watermark == 12 && !state.index.contains(7))
        LibraryCache.apply([], entries: [:], to: &state, now: now.addingTimeInterval(61))
        #expect(state.watermark == 14 && state.applied.isEmpty)
    }
}
