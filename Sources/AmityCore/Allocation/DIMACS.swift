/// Reads and writes the DIMACS minimum-cost flow format: `c` comments, one `p min N M` line,
/// `n ID SUPPLY` lines and `a TAIL HEAD LOW CAP COST` lines, nodes numbered from 1.
///
/// The reader takes one line at a time, so a caller can stream a file of millions of arcs
/// without holding its text; every error names the line.
public struct DIMACSReader {
    public private(set) var network = FlowNetwork(nodeCount: 0)
    private var declaredArcs = 0
    private var sawProblem = false

    public init() {}

    /// Reads one line (without its newline).
    public mutating func read(line: UnsafeRawBufferPointer, number: Int) throws {
        var scanner = Scanner(bytes: line)
        guard let kind = scanner.word() else { return }
        let at = "line \(number)"
        switch kind {
        case UInt8(ascii: "c"):
            return
        case UInt8(ascii: "p"):
            guard !sawProblem else { throw DomainError.invalid(at, "A second problem line; a file holds one 'p min N M'.") }
            guard scanner.token() == Array("min".utf8) else { throw DomainError.invalid(at, "Only 'p min N M' (minimum-cost flow) is read.") }
            let nodes = try scanner.integer(at, "the node count"), arcs = try scanner.integer(at, "the arc count")
            guard nodes > 0, nodes < Int64(Int32.max), arcs >= 0 else { throw DomainError.invalid(at, "Node and arc counts must be positive.") }
            network = FlowNetwork(nodeCount: Int(nodes))
            network.reserveArcs(Int(arcs))
            declaredArcs = Int(arcs)
            sawProblem = true
        case UInt8(ascii: "n"):
            guard sawProblem else { throw DomainError.invalid(at, "A node line before the problem line.") }
            let id = try node(&scanner, at)
            try network.addSupply(try scanner.integer(at, "the supply"), to: id)
        case UInt8(ascii: "a"):
            guard sawProblem else { throw DomainError.invalid(at, "An arc line before the problem line.") }
            guard network.arcCount < declaredArcs else { throw DomainError.invalid(at, "More arcs than the \(declaredArcs) the problem line declares.") }
            let tail = try node(&scanner, at), head = try node(&scanner, at)
            let low = try scanner.integer(at, "the lower bound"), cap = try scanner.integer(at, "the capacity"), cost = try scanner.integer(at, "the cost")
            do { try network.addArc(from: tail, to: head, lower: low, capacity: cap, cost: cost) } catch let DomainError.invalid(fields) {
                throw DomainError.invalid(at, fields.map(\.message).joined(separator: " "))
            }
        default:
            throw DomainError.invalid(at, "Unknown line type '\(Character(UnicodeScalar(kind)))'; expected c, p, n or a.")
        }
        if scanner.token() != nil { throw DomainError.invalid(at, "Unexpected text after the last field.") }
    }

    /// Checks the whole file once read: a problem line, every declared arc, balanced supplies.
    public func finish() throws -> FlowNetwork {
        guard sawProblem else { throw DomainError.invalid("file", "No problem line 'p min N M'.") }
        guard network.arcCount == declaredArcs else {
            throw DomainError.invalid("file", "The problem line declares \(declaredArcs) arcs; the file has \(network.arcCount).")
        }
        var total: Int64 = 0
        for s in network.supply { total = try FlowNetwork.add(total, s, "supply") }
        // Lower bounds move supply between nodes but never change the total.
        guard total == 0 else { throw DomainError.invalid("file", "The supplies sum to \(total), not 0: the problem is unbalanced.") }
        return network
    }

    private func node(_ scanner: inout Scanner, _ at: String) throws -> Int {
        let id = try scanner.integer(at, "a node id")
        guard id >= 1, id <= Int64(network.nodeCount) else {
            throw DomainError.invalid(at, "Node \(id) is outside 1…\(network.nodeCount).")
        }
        return Int(id - 1)
    }

    /// Splits a line into whitespace-separated tokens without allocating for numbers.
    struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        private mutating func skipSpace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0D { position += 1 }
        }

        /// The first byte of the next token, which must be one character long, or nil at the end.
        mutating func word() -> UInt8? {
            skipSpace()
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            return byte
        }

        mutating func token() -> [UInt8]? {
            skipSpace()
            let start = position
            while position < bytes.count, bytes[position] != 0x20, bytes[position] != 0x09, bytes[position] != 0x0D { position += 1 }
            return position > start ? Array(bytes[start..<position]) : nil
        }

        mutating func integer(_ at: String, _ what: String) throws -> Int64 {
            skipSpace()
            var negative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
            let start = position
            var value: Int64 = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(bytes[position] - 0x30))
                guard !o1, !o2 else { throw DomainError.invalid(at, "\(what.prefix(1).uppercased() + what.dropFirst()) does not fit in 64 bits.") }
                value = plus
                position += 1
            }
            guard position > start, position == bytes.count || [0x20, 0x09, 0x0D].contains(bytes[position]) else {
                throw DomainError.invalid(at, "Expected \(what) as a whole number.")
            }
            return negative ? -value : value
        }
    }
}

extension DIMACSReader {
    /// Reads DIMACS text already in memory.
    public static func network(from text: String) throws -> FlowNetwork {
        var reader = DIMACSReader()
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var bytes = Array(line.utf8)
            try bytes.withUnsafeMutableBytes { try reader.read(line: UnsafeRawBufferPointer($0), number: number) }
        }
        return try reader.finish()
    }
}
