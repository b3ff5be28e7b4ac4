import AmityCore
import Foundation
import Testing

/// One plan, whatever process makes it (L12): each process hashes with its own random seed, so
/// an order taken from a `Set` or a `Dictionary` would show here and not within one process.
@Suite struct PlanDeterminismTests {
    /// The `amity` executable `swift test` built beside the test bundle.
    static var amity: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("amity")
    }

    /// A problem full of ties: cities on a small grid (many equal distances), several items, partners and a rule.
    static func tiedProblem() -> AllocationInput {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let countries = ["TW", "JP", "US", "IT"], items = ["surgical-mask", "gown", "sanitised-water", "ventilator"]
        let cities = (1...60).map { id in
            AllocationInput.City(id: id, name: "City \(id)", country: try! CountryCode(countries[id % 4]),
                                 coordinate: try! Coordinate(latitude: Double(id % 6), longitude: Double(id / 6)))
        }
        let offers = (1...120).map { id in
            AllocationInput.Offer(id: id, city: 1 + next(60), item: items[next(4)], quantity: Int64(100 * (1 + next(5))), partnersOnly: next(7) == 0)
        }
        let needs = (1...200).map { id in
            AllocationInput.Need(id: 1_000 + id, city: 1 + next(60), item: items[next(4)], quantity: Int64(50 * (1 + next(8))), urgency: 1 + next(5))
        }
        let links = (0..<40).map { _ in AllocationInput.Link(cities: [1 + next(60), 1 + next(60)], kind: next(2) == 0 ? .sisterCity : .sharedNetwork) }
        return AllocationInput(cities: cities, offers: offers, needs: needs, links: links,
                               rules: [.init(id: "TW-masks", country: try! CountryCode("TW"), item: "surgical-mask", description: "Masks stay home")])
    }

    static func run(_ arguments: [String]) throws -> Data {
        let process = Process(), output = Pipe()
        process.executableURL = amity
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }

    @Test(arguments: AllocationMode.allCases)
    func samePlanByteForByteInSeparateProcesses(mode: AllocationMode) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.amity.path), "swift test builds amity beside the tests: \(Self.amity.path)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let problem = Self.tiedProblem()
        try JSONEncoder().encode(problem).write(to: file)
        let arguments = ["allocate", "--input", file.path, "--mode", mode.rawValue]
        let first = try Self.run(arguments), second = try Self.run(arguments), third = try Self.run(arguments)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let here = try encoder.encode(try await Allocator.plan(problem, mode: mode)) + Data("\n".utf8)
        #expect(!first.isEmpty && first == second && second == third)
        #expect(first == here, "the command line and the library make one plan")
        var shuffled = problem
        (shuffled.offers, shuffled.needs, shuffled.links) = (problem.offers.reversed(), problem.needs.reversed(), problem.links.reversed())
        let reordered = try encoder.encode(try await Allocator.plan(shuffled, mode: mode)) + Data("\n".utf8)
        #expect(reordered == here, "records arriving in another order make the same plan")
        let plan = try JSONDecoder().decode(AllocationPlan.self, from: first)
        #expect(plan.lines.count > 20 && !plan.unmet.isEmpty, "a problem with something to decide")
    }

    @Test func aFailedCommandSaysWhyOnceWhateverTheLogLevel() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).min")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 -1 1\n".utf8).write(to: file)
        for quiet in [false, true] {
            let process = Process(), errors = Pipe()
            process.executableURL = Self.amity
            process.arguments = ["allocate", "--dimacs", file.path, "--database", ":memory:"] + (quiet ? ["--log", "error"] : [])
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1)
            #expect(said.components(separatedBy: "capacity (-1)").count == 2, "the reason, once: \(said)")
        }
    }
}
