import AmityCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The library's search index held in memory by this instance: read once from the terms the
/// database stores, then kept current by the change log every write of the index appends to in
/// its transaction. Each search first reads the log past what it holds (one small query, usually
/// empty), so a reader finds what was just published on any instance.
final class LibraryCache: Sendable {
    struct State: Sendable {
        var index: LibraryIndex
        /// Every change up to this one is in `index`.
        var watermark: Int
        /// Changes past the watermark that are in `index`, with when they were made.
        var applied: [Int: Date]
        /// The log's last change when the index was read: a rebuild up to there is in it.
        var readAfter = 0
    }

    private let state = NIOLockedValueBox<State?>(nil)
    private let loading = NIOLockedValueBox<Task<State, any Error>?>(nil)
    private let loads = NIOLockedValueBox(0)

    /// How many times this instance has read the whole index.
    var reads: Int { loads.withLockedValue { $0 } }

    /// A change the log shows past a gap may come from a transaction that committed before one
    /// still open; a gap older than this is a transaction that rolled back, and is passed over.
    static let gapPatience: TimeInterval = 60
    /// Entries read per query while loading: a slice's rows and parsed terms are several times
    /// the size of its text (about 20 MB for 1,000 practices), all alive at once.
    static let entriesPerRead = 1_000
    /// More changes than this to catch up on (a bulk load) are read as a whole index, once for
    /// every waiting search, rather than by ids in each of them.
    static let largestCatchUp = 5_000
    /// On loading, changes this close to the end of the log are read again (an entry seen twice changes nothing).
    static let replayed = 64

    /// The index with every change the database has committed, loading it first if need be.
    func index(on database: any Database) async throws -> LibraryIndex {
        // Only the bookkeeping is copied out: holding the index here would make every change copy it.
        guard let (watermark, applied, readAfter) = state.withLockedValue({ $0.map { ($0.watermark, $0.applied, $0.readAfter) } }) else {
            return try await load(database).index
        }
        let changes = try await SearchIndex(db: database).changes(after: watermark)
        let unseen = changes.filter { applied[$0.id] == nil }
        // Rebuilt from scratch, or a bulk load too large to read by ids: read it all again.
        if unseen.contains(where: { $0.entry_id == 0 && $0.id > readAfter }) || unseen.count > Self.largestCatchUp {
            state.withLockedValue { if $0?.watermark == watermark { $0 = nil } }
            return try await load(database).index
        }
        if unseen.isEmpty && applied.isEmpty, let index = state.withLockedValue({ $0?.index }) { return index }
        let addedIDs = unseen.filter(\.added).map(\.entry_id)
        let added = addedIDs.isEmpty ? [] : try await SearchIndex(db: database).stored(ids: addedIDs)
        let entries = Dictionary(added.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let current = state.withLockedValue { state -> LibraryIndex? in
            guard state != nil else { return nil }
            Self.apply(changes, entries: entries, to: &state!, now: Date())
            return state!.index
        }
        if let current { return current }
        return try await load(database).index
    }

    /// Applies the changes not applied yet, in order, and moves the watermark past every change
    /// applied without a younger gap before it.
    static func apply(_ changes: [SearchIndex.Change], entries: [Int: LibraryIndex.Entry], to state: inout State, now: Date) {
        for change in changes where change.id > state.watermark && state.applied[change.id] == nil {
            if change.added {
                if let entry = entries[change.entry_id] { state.index.add([entry]) }
            } else {
                state.index.remove([change.entry_id])
            }
            state.applied[change.id] = change.at
        }
        while let first = state.applied.keys.min() {
            guard first == state.watermark + 1 || now.timeIntervalSince(state.applied[first]!) > gapPatience else { break }
            state.watermark = first
            state.applied[first] = nil
        }
    }

    /// Loads the whole index once, however many searches wait for it.
    private func load(_ database: any Database) async throws -> State {
        let task = loading.withLockedValue { task in
            if let task { return task }
            loads.withLockedValue { $0 += 1 }
            let fresh = Task { try await Self.read(database) }
            task = fresh
            return fresh
        }
        do {
            let loaded = try await task.value
            state.withLockedValue { if $0 == nil { $0 = loaded } }
            loading.withLockedValue { if $0 == task { $0 = nil } }
            return state.withLockedValue { $0 } ?? loaded
        } catch {
            loading.withLockedValue { if $0 == task { $0 = nil } }
            throw error
        }
    }

    private static func read(_ database: any Database) async throws -> State {
        let store = SearchIndex(db: database)
        // The log's end first: a change that lands during the read is applied again after it.
        let last = try await store.lastChange()
        var index = LibraryIndex(), after = 0
        while true {
            let slice = try await store.stored(after: after, limit: entriesPerRead)
            index.add(slice)
            guard slice.count == entriesPerRead, let last = slice.last else { break }
            after = last.id
        }
        #if canImport(Glibc)
        // The slices' rows and terms are freed in small pieces across the threads' malloc arenas,
        // which glibc keeps resident until asked to give them back: without this, 100,000
        // practices read from PostgreSQL left twice the memory the index needs in use.
        _ = mallocTrim(0)
        #endif
        return State(index: index, watermark: max(0, last - replayed), applied: [:], readAfter: last)
    }

    /// Runs a search: the ranking and counts from memory, the page's titles and summaries from
    /// the database.
    func search(_ query: SearchQuery, on database: any Database) async throws -> SearchResults {
        var search = LibrarySearch()
        search.terms = SearchText.queryTerms(query.text)
        let facets: [Int: String?] = [0: query.kind?.rawValue, 1: query.area?.rawValue, 2: query.language, 3: query.country, 4: query.size?.rawValue]
        search.facetValues = facets.compactMapValues { $0 }
        if let city = query.cityID { search.cityIDs = [city] }
        if let network = query.networkID {
            let members = try await SearchIndex(db: database).memberCities(of: network)
            search.cityIDs = search.cityIDs.map { $0.intersection(members) } ?? members
        }
        search.publishedFrom = query.publishedFrom.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        search.publishedBefore = query.publishedBefore.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        (search.offset, search.limit) = (query.offset, query.limit)
        let found = try await index(on: database).search(search)
        return SearchResults(hits: try await SearchIndex(db: database).hits(found.hits), more: found.more, total: found.total, valueCounts: found.facetCounts)
    }

    /// The worker that loads the index at start and follows the log every few seconds, so that the
    /// first search after a quiet spell finds little to catch up.
    static func worker() -> BackgroundWorker {
        BackgroundWorker { app in
            _ = try await app.libraryCache.index(on: app.db)
            return .waiting
        }
    }
}

extension Application {
    private struct LibraryCacheKey: StorageKey { typealias Value = LibraryCache }
    private struct LibraryWorkerKey: StorageKey { typealias Value = BackgroundWorker }

    /// The library's search index in memory, shared by every request of this instance; set by `configure`.
    var libraryCache: LibraryCache {
        get { configured(LibraryCacheKey.self) }
        set { storage[LibraryCacheKey.self] = newValue }
    }

    /// Keeps `libraryCache` current (see `LibraryCache.worker`); set by `configure`.
    var libraryWorker: BackgroundWorker {
        get { configured(LibraryWorkerKey.self) }
        set { storage[LibraryWorkerKey.self] = newValue }
    }
}

#if canImport(Glibc)
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32
#endif
