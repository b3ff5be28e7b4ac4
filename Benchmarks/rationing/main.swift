// Times RationRules.decide and entitlements on hard cases: every 2020 version of Taiwan and
// Korea, visits with up to four cards, each person with up to 40 earlier purchases (far more
// than a real window holds), at random instants across each version's months. Built by decide.sh.
import Foundation

struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

struct Case {
    var rules: RationRules
    var visit: Visit
    var history: [Purchase]
}

func cases(_ schedule: RationSchedule, count: Int, history depth: Int, seed: UInt64) -> [Case] {
    var random = Generator(state: seed)
    return (0..<count).map { index in
        let rules = schedule.versions[random.next(schedule.versions.count)]
        let start = rules.start.timeIntervalSince1970
        let at = Date(timeIntervalSince1970: start + Double(random.next(60 * 86_400)))
        let classes = rules.policy.classes
        func person(_ n: Int) -> Cardholder {
            Cardholder(key: "p\(index)-\(n)", document: rules.policy.eligibility.documents[random.next(rules.policy.eligibility.documents.count)],
                       lastDigit: random.next(10), birth: try! PartialDate(String(1935 + random.next(85))),
                       flags: random.next(20) == 0 ? ["disabled"] : [], household: "h\(index)")
        }
        let people = (0..<(1 + random.next(4))).map(person)
        let cards = people.map { Card($0, [Line(classes[random.next(classes.count)], 1 + random.next(3))]) }
        let history = people.flatMap { p in
            (0..<random.next(depth + 1)).map { _ in
                Purchase(person: p.key, at: at.addingTimeInterval(-Double(1 + random.next(30 * 86_400))), class: classes[random.next(classes.count)],
                         quantity: 1 + random.next(3))
            }
        }
        return Case(rules: rules, visit: Visit(holder: people[0], cards: cards, at: at), history: history)
    }
}

func time(_ label: String, _ work: [Case], threads: Int, _ body: @escaping @Sendable (Case) -> Int) {
    let clock = ContinuousClock()
    let start = clock.now
    let counter = Counter()
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        var local = 0
        for index in stride(from: thread, to: work.count, by: threads) { local &+= body(work[index]) }
        counter.add(local)
    }
    let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
    print(String(format: "%-44@ %2d thread%@  %9.0f /s   (%d visits in %.2f s; %d allowed)", label as NSString, threads, threads == 1 ? " " : "s",
                 Double(work.count) / seconds, work.count, seconds, counter.value))
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ n: Int) { lock.lock(); total += n; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return total }
}

extension Case: @unchecked Sendable {}

let taiwan = try RationSchedule(policies: Programmes2020.taiwan)
let korea = try RationSchedule(policies: Programmes2020.korea)
print("Rationing rules in process (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
for (name, schedule) in [("Taiwan, 8 versions", taiwan), ("Korea, 5 versions", korea)] {
    for depth in [0, 10, 40] {
        let work = cases(schedule, count: 200_000, history: depth, seed: 7)
        for threads in [1, 2] {
            time("\(name), history ≤ \(depth)/card: decide", work, threads: threads) { $0.rules.decide($0.visit, history: $0.history).allowed ? 1 : 0 }
        }
        time("\(name), history ≤ \(depth)/card: entitlement", work, threads: 2) {
            $0.rules.entitlements(of: $0.visit.holder, at: $0.visit.at, history: $0.history).count
        }
    }
}
