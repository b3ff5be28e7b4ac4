import AmityCore
import Fluent
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

        @Option(name: "input", help: "An allocation problem as JSON (cities, offers, needs, links, rules): print its plan as JSON, with no database")
        var input: String?

        @Option(name: "network", help: "Without --dimacs: plan only for this network's member cities")
        var network: String?

        @Option(name: "mode", help: "Without --dimacs: efficient (default), max-min-fair or proportional")
        var mode: String?

        @Option(name: "as-of", help: "Without --dimacs: plan as of a past day (YYYY-MM-DD), with its rules, lapses and partnerships as they stood then")
        var asOf: String?

        @Flag(name: "save", help: "Without --dimacs: store the plan as a proposal (made by the first administrator)")
        var save: Bool

        @Flag(name: "quiet", help: "Without --dimacs: print only the summary, not every line")
        var quiet: Bool
    }

    var help: String { "Plans from the database's open offers and needs (amity allocate [--network ID] [--mode M]), from a JSON problem (--input FILE), or solves a DIMACS file (--dimacs FILE [--flows])." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if let path = signature.input {
            try await planFromFile(path, mode: signature.mode)
            return
        }
        guard let path = signature.dimacs else {
            try await planFromDatabase(context, signature)
            return
        }
        let clock = ContinuousClock()
        let started = clock.now
        let network = try Self.read(path: path)
        let read = clock.now - started
        let readPeak = Self.peakResidentKilobytes()
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
        out += "c peak memory after reading: \(String(format: "%.1f", Double(readPeak) / 1024)) MiB\n"
        out += "c peak memory: \(String(format: "%.1f", Double(Self.peakResidentKilobytes()) / 1024)) MiB\n"
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// Prints the plan the engine makes from the open offers and needs, with every reason; stores nothing.
    /// The plan of an `AllocationInput` file, as sorted JSON: the same bytes from every process.
    func planFromFile(_ path: String, mode: String?) async throws {
        let input = try JSONDecoder().decode(AllocationInput.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        let plan = try await Allocator.plan(input, mode: try mode.map { try AllocationMode(parsing: $0) } ?? .efficient)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(plan) + Data("\n".utf8))
    }

    func planFromDatabase(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        let mode = try signature.mode.map { try AllocationMode(parsing: $0) } ?? .efficient
        let clock = ContinuousClock()
        let started = clock.now
        let asOf = try AidPlanner.asOf(signature.asOf, now: app.clock.now(), field: "--as-of")
        let planner = AidPlanner(database: app.db, now: asOf ?? app.clock.now(), config: app.amity, replaying: asOf != nil)
        let prepared = try await planner.prepare(signature.network.map { .network($0) } ?? .everything)
        let read = clock.now - started
        let plan = try await Allocator.plan(prepared.input, mode: mode)
        let solved = clock.now - started - read
        let names = Dictionary(uniqueKeysWithValues: prepared.input.cities.map { ($0.id, $0.name) })
        var saved = ""
        if signature.save {
            guard let admin = try await Person.query(on: app.db).filter(\.$isAdministrator == true).sort(\.$id).first(), let adminID = admin.id else {
                throw Abort(.badRequest, reason: "--save needs an administrator to sign the plan: amity users create-admin --email …")
            }
            let scope: AidPlanner.Scope = signature.network.map { .network($0) } ?? .everything
            let id = try await app.transaction(personID: adminID) { trail in
                try await Plans.save(plan, scope: scope, asOf: asOf, madeBy: adminID, trail: trail)
            }
            saved = "c saved as plan \(id) in \(Self.seconds(clock.now - started - read - solved)) s\n"
        }
        var out = ""
        for line in plan.lines where !signature.quiet {
            let offer = prepared.offers[line.offer], need = prepared.needs[line.need]
            out += "line offer \(line.offer) (\(names[offer?.cityID ?? 0] ?? "?")) → need \(line.need) (\(names[need?.city ?? 0] ?? "?")): "
            out += "\(line.quantity) \(offer?.item ?? "") at \(line.unitCost)/unit — \(PlanDTO.Reason(line.reason).kind)\(PlanDTO.Reason(line.reason).network.map { " \($0)" } ?? "")\n"
        }
        for unmet in plan.unmet where !signature.quiet {
            let reason = PlanDTO.Reason(unmet.reason)
            out += "unmet need \(unmet.need) (\(names[prepared.needs[unmet.need]?.city ?? 0] ?? "?")): \(unmet.shortfall) short — \(reason.kind)"
            out += (reason.rules.map { " " + $0.joined(separator: ", ") } ?? "") + (reason.needs.map { " " + $0.map(String.init).joined(separator: ", ") } ?? "") + "\n"
        }
        out += "c offers: \(prepared.input.offers.count), needs: \(prepared.input.needs.count), delivered: \(plan.delivered), cost: \(plan.totalCost)\n"
        out += "c lines: \(plan.lines.count), unmet needs: \(plan.unmet.count)\n"
        out += "c read time: \(Self.seconds(read)) s\nc solve time: \(Self.seconds(solved)) s\n" + saved
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
