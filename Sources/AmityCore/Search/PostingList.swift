/// The entries one term is in, as slots in increasing order, each with the term's weighted count
/// there: a slot is stored as its distance from the one before in 7-bit groups (one byte for the
/// dense lists of common words), then the count in one byte.
struct PostingList: Sendable {
    private(set) var bytes: [UInt8] = []
    /// How many entries the list holds.
    private(set) var count: Int32 = 0
    private var last: Int32 = -1

    var isEmpty: Bool { count == 0 }

    /// Appends a slot larger than every slot in the list.
    mutating func append(slot: Int32, weight: UInt8) {
        precondition(slot > last, "slots are appended in increasing order")
        var gap = UInt32(slot - last)
        while gap >= 0x80 {
            bytes.append(UInt8(gap & 0x7F) | 0x80)
            gap >>= 7
        }
        bytes.append(UInt8(gap))
        bytes.append(weight)
        last = slot
        count += 1
    }

    /// Calls `body` with every slot and its weight, in increasing order of slot.
    @inline(__always)
    func forEach(_ body: (Int32, UInt8) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            var slot: Int32 = -1, i = 0
            let end = bytes.count
            while i < end {
                var gap = UInt32(bytes[i] & 0x7F), shift: UInt32 = 7
                while bytes[i] & 0x80 != 0 {
                    i += 1
                    gap |= UInt32(bytes[i] & 0x7F) << shift
                    shift += 7
                }
                slot += Int32(gap)
                body(slot, bytes[i + 1])
                i += 2
            }
        }
    }
}
