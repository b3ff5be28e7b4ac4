import AmityCore
import Foundation
import Vapor

/// `amity allocate --dimacs FILE [--flows]`: solves a DIMACS minimum-cost flow file and prints
/// the optimal cost, the time to read and to solve it, and the peak memory of the process.
struct AllocateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "dimacs", help: "A DIMACS min-cost flow file (c, p min N M, n ID SUPPLY, a TAIL HEAD LOW CAP COST)")
        var dimacs: String?

        @Flag(name: "flows", help: "Also print the flow of every arc that carries one, as DIMACS 'f TAIL HEAD FLOW' lines")
        var flows: Bool

        @Flag(name: "sequential", help: "Solve the components one after another instead of concurrently")
        var sequential: Bool
    }

    var help: String { "Solves a min-cost flow problem: amity allocate --dimacs FILE [--flows]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.dimacs else {
            throw Abort(.badRequest, reason: "Give the problem with --dimacs FILE. (Planning from the database's offers and needs comes with mutual aid.)")
        }
        let clock = ContinuousClock()
        let started = clock.now
        let network = try Self.read(path: path)
        let read = clock.now - started
        let solution = try await MinCostFlow.solve(network, concurrently: !signature.sequential)
        let solved = clock.now - started - read
        var out = "s \(solution.cost)\n"
        if signature.flows {
            for e in 0..<network.arcCount where solution.flows[e] != 0 {
                out += "f \(network.tails[e] + 1) \(network.heads[e] + 1) \(solution.flows[e])\n"
            }
        }
        out += "c optimal cost: \(solution.cost)\n"
        out += "c nodes: \(network.nodeCount), arcs: \(network.arcCount)\n"
        out += "c read time: \(Self.seconds(read)) s\n"
        out += "c solve time: \(Self.seconds(solved)) s\n"
        out += "c peak memory: \(String(format: "%.1f", Double(Self.peakResidentKilobytes()) / 1024)) MiB\n"
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// Streams the file in blocks, so its text is never held whole.
    static func read(path: String) throws -> FlowNetwork {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DomainError.invalid("file", "Cannot open \(path).")
        }
        defer { try? handle.close() }
        var reader = DIMACSReader()
        var carry: [UInt8] = []
        var number = 0
        while true {
            let block = handle.readData(ofLength: 1 << 22)
            let atEnd = block.isEmpty
            var bytes = carry
            bytes.append(contentsOf: block)
            carry.removeAll(keepingCapacity: true)
            try bytes.withUnsafeBytes { all in
                var start = 0
                for i in 0..<all.count where all[i] == 0x0A {
                    number += 1
                    try reader.read(line: UnsafeRawBufferPointer(rebasing: all[start..<i]), number: number)
                    start = i + 1
                }
                if atEnd {
                    if start < all.count {
                        number += 1
                        try reader.read(line: UnsafeRawBufferPointer(rebasing: all[start..<all.count]), number: number)
                    }
                } else {
                    carry.append(contentsOf: all[start..<all.count])
                }
            }
            if atEnd { break }
        }
        return try reader.finish()
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    /// The process's peak resident set, from the kernel.
    static func peakResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}
