/// Folded name keys sorted by their UTF-8 bytes, each with its city's rank, in one contiguous
/// buffer: 360,000 names cost a few megabytes and a prefix is a binary search and a scan.
///
/// Byte order is the order the databases' `key >= p AND key < p + U+10FFFF` range reads, so a
/// prefix here matches exactly the names the SQL search matches.
struct NameKeys: Sendable {
    private let bytes: [UInt8]
    /// Where each key starts in `bytes`; one more entry than keys, the last the end.
    private let starts: [Int32]
    private let ranks: [Int32]

    init(_ entries: [(key: String, rank: Int32)]) {
        var utf8 = entries.map { (Array($0.key.utf8), $0.rank) }
        utf8.sort { $0.0.lexicographicallyPrecedes($1.0) || ($0.0 == $1.0 && $0.1 < $1.1) }
        // A city's names in several languages often fold to one key: keep it once.
        utf8 = utf8.enumerated().filter { $0.offset == 0 || utf8[$0.offset - 1] != $0.element }.map(\.element)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.reduce(0) { $0 + $1.0.count })
        var starts: [Int32] = [0]
        starts.reserveCapacity(utf8.count + 1)
        for (key, _) in utf8 {
            bytes.append(contentsOf: key)
            starts.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.starts = starts
        self.ranks = utf8.map(\.1)
    }

    /// Calls `body` with the rank of every key that starts with `prefix`, in key order.
    func forEachRank(withPrefix prefix: [UInt8], _ body: (Int32) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            var index = lowerBound(prefix, in: bytes)
            while index < ranks.count, hasPrefix(index, prefix, in: bytes) {
                body(ranks[index])
                index += 1
            }
        }
    }

    private func lowerBound(_ prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var low = 0, high = ranks.count
        while low < high {
            let mid = (low + high) / 2
            if precedes(mid, prefix, in: bytes) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether key `index` sorts before `prefix`.
    private func precedes(_ index: Int, _ prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[index]), end = Int(starts[index + 1])
        let length = min(end - start, prefix.count)
        for offset in 0..<length where bytes[start + offset] != prefix[offset] {
            return bytes[start + offset] < prefix[offset]
        }
        return end - start < prefix.count
    }

    private func hasPrefix(_ index: Int, _ prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[index])
        guard Int(starts[index + 1]) - start >= prefix.count else { return false }
        for offset in 0..<prefix.count where bytes[start + offset] != prefix[offset] { return false }
        return true
    }
}
