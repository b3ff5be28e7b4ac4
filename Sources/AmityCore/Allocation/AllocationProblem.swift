import Foundation

/// A validated allocation input, indexed for planning.
struct Problem {
    let input: AllocationInput
    let cities: [Int: AllocationInput.City]
    let items: [String]
    let offered: Set<String>
    /// Ties between two cities (smaller id first), best first: sister, friendship, network.
    let links: [Pair: AllocationInput.Link]

    struct Pair: Hashable { var a: Int, b: Int
        init(_ x: Int, _ y: Int) { (a, b) = (min(x, y), max(x, y)) }
    }

    init(_ input: AllocationInput) throws {
        var errors: [DomainError.FieldError] = []
        var cities: [Int: AllocationInput.City] = [:]
        for (i, city) in input.cities.enumerated() {
            if cities[city.id] != nil { errors.append(.init(field: "cities[\(i)].id", message: "City \(city.id) appears twice.")) }
            cities[city.id] = city
        }
        func check(_ field: String, city: Int) {
            if cities[city] == nil { errors.append(.init(field: field, message: "Unknown city \(city).")) }
        }
        var offerIDs = Set<Int>(), needIDs = Set<Int>()
        for (i, offer) in input.offers.enumerated() {
            if !offerIDs.insert(offer.id).inserted { errors.append(.init(field: "offers[\(i)].id", message: "Offer \(offer.id) appears twice.")) }
            if offer.quantity < 0 { errors.append(.init(field: "offers[\(i)].quantity", message: "A quantity cannot be negative (\(offer.quantity)).")) }
            if offer.item.isEmpty { errors.append(.init(field: "offers[\(i)].item", message: "Name the item.")) }
            check("offers[\(i)].city", city: offer.city)
        }
        for (i, need) in input.needs.enumerated() {
            if !needIDs.insert(need.id).inserted { errors.append(.init(field: "needs[\(i)].id", message: "Need \(need.id) appears twice.")) }
            if need.quantity < 0 { errors.append(.init(field: "needs[\(i)].quantity", message: "A quantity cannot be negative (\(need.quantity)).")) }
            if !(1...5).contains(need.urgency) { errors.append(.init(field: "needs[\(i)].urgency", message: "Urgency runs from 1 to 5, not \(need.urgency).")) }
            if need.item.isEmpty { errors.append(.init(field: "needs[\(i)].item", message: "Name the item.")) }
            check("needs[\(i)].city", city: need.city)
        }
        var links: [Pair: AllocationInput.Link] = [:]
        let rank: [AllocationInput.Link.Kind: Int] = [.sisterCity: 0, .friendshipCity: 1, .sharedNetwork: 2]
        for (i, link) in input.links.enumerated() {
            guard link.cities.count == 2 else { errors.append(.init(field: "links[\(i)].cities", message: "A link joins two cities.")); continue }
            link.cities.forEach { check("links[\(i)].cities", city: $0) }
            let pair = Pair(link.cities[0], link.cities[1])
            if let existing = links[pair], rank[existing.kind]! < rank[link.kind]! || (existing.kind == link.kind && (existing.network ?? "") <= (link.network ?? "")) { continue }
            links[pair] = link
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        // Checked in advance so no total can overflow: what is offered or needed of one item.
        for quantities in [input.offers.map(\.quantity), input.needs.map(\.quantity)] {
            _ = try quantities.reduce(Int64(0)) { try FlowNetwork.add($0, $1, "quantities") }
        }
        self.input = input
        self.cities = cities
        self.links = links
        offered = Set(input.offers.filter { $0.quantity > 0 }.map(\.item))
        items = Array(Set(input.needs.map(\.item)).union(offered)).sorted()
    }

    /// The offers and needs of one item, and the pairs between them that may be used: for each
    /// need its `Allocator.nearestSuppliers` nearest allowed offers, and every offer of a linked city.
    ///
    /// Without the cut a plan for 20,000 cities would weigh every offer against every need
    /// (tens of millions of pairs); far suppliers only matter once the near ones run dry, which
    /// is what the cut gives up.
    func pairs(item: String) -> ItemPairs {
        let offers = input.offers.filter { $0.item == item && $0.quantity > 0 }.sorted { $0.id < $1.id }
        let needs = input.needs.filter { $0.item == item && $0.quantity > 0 }.sorted { $0.id < $1.id }
        // What depends on the offer alone is worked out once, not once per need.
        let offerRules = offers.map { offer in
            input.rules.filter { $0.country == cities[offer.city]!.country && $0.item == item && !($0.exempt?.contains(offer.city) ?? false) }.map(\.id)
        }
        let offerPoints = offers.map { UnitVector(cities[$0.city]!.coordinate) }
        var linkedCities: [Int: Set<Int>] = [:]
        for pair in links.keys { linkedCities[pair.a, default: []].insert(pair.b); linkedCities[pair.b, default: []].insert(pair.a) }

        var allowed: [ItemPairs.Allowed] = [], partnersOnly: Set<Int> = []
        // A rule stops an offer whichever need it is weighed against: what it blocks is the item's.
        var blocked: Set<String> = [], blockedCities: Set<Int> = []
        for (i, offer) in offers.enumerated() where !offerRules[i].isEmpty {
            blocked.formUnion(offerRules[i])
            blockedCities.insert(offer.city)
        }
        var near: [(chord: Double, offer: Int)] = []
        for (j, need) in needs.enumerated() {
            let to = cities[need.city]!
            let point = UnitVector(to.coordinate)
            let linked = linkedCities[need.city] ?? []
            var kept: [Int] = []
            near.removeAll(keepingCapacity: true)
            for (i, offer) in offers.enumerated() {
                if !offerRules[i].isEmpty { continue }
                if linked.contains(offer.city) {
                    let partners = links[Pair(offer.city, need.city)]!.kind != .sharedNetwork
                    if offer.partnersOnly && !partners { partnersOnly.insert(j); continue }
                    kept.append(i)
                    continue
                }
                if offer.partnersOnly && offer.city != need.city { partnersOnly.insert(j); continue }
                // Chord length orders points as great-circle distance does, without trigonometry.
                let chord = point.squaredChord(to: offerPoints[i])
                if near.count == Allocator.nearestSuppliers, let worst = near.last, (chord, offers[i].id) >= (worst.chord, offers[worst.offer].id) { continue }
                let index = near.firstIndex { (chord, offers[i].id) < ($0.chord, offers[$0.offer].id) } ?? near.count
                near.insert((chord, i), at: index)
                if near.count > Allocator.nearestSuppliers { near.removeLast() }
            }
            kept += near.map(\.offer)
            for i in kept.sorted() {
                let link = links[Pair(offers[i].city, need.city)]
                let km = cities[offers[i].city]!.coordinate.distanceKilometres(to: to.coordinate)
                let percent = link.map { $0.kind == .sharedNetwork ? Allocator.networkCostPercent : Allocator.partnerCostPercent } ?? 100
                allowed.append(.init(offer: i, need: j, unitCost: Int64((km * Double(percent) / 100).rounded()), kilometres: km, link: link))
            }
        }
        return ItemPairs(offers: offers, needs: needs, allowed: allowed, blocked: blocked.sorted(), blockedCities: blockedCities.sorted(), partnersOnly: partnersOnly)
    }
}

/// A point on the unit sphere, to compare distances without trigonometry.
struct UnitVector {
    var x: Double, y: Double, z: Double

    init(_ c: Coordinate) {
        let φ = c.latitude * .pi / 180, λ = c.longitude * .pi / 180
        (x, y, z) = (cos(φ) * cos(λ), cos(φ) * sin(λ), sin(φ))
    }

    func squaredChord(to o: UnitVector) -> Double {
        let (dx, dy, dz) = (x - o.x, y - o.y, z - o.z)
        return dx * dx + dy * dy + dz * dz
    }
}

/// One item's offers, needs and usable pairs, and what kept the other pairs out.
struct ItemPairs {
    struct Allowed {
        var offer: Int
        var need: Int
        var unitCost: Int64
        var kilometres: Double
        var link: AllocationInput.Link?
    }

    let offers: [AllocationInput.Offer]
    let needs: [AllocationInput.Need]
    let allowed: [Allowed]
    /// The rules that block some offer of the item, for every need alike. (Kept per need, the
    /// same lists took 1.3 GB in a plan of 150,000 needs.)
    let blocked: [String]
    /// The cities whose offers those rules block.
    let blockedCities: [Int]
    /// Needs (by index) that some partners-only offer could not serve.
    let partnersOnly: Set<Int>

    func lines(_ flows: [Int64]) -> [AllocationPlan.Line] {
        var nearest: [Int: Int] = [:]
        for (p, pair) in allowed.enumerated() {
            if let q = nearest[pair.need], (allowed[q].kilometres, offers[allowed[q].offer].id) <= (pair.kilometres, offers[pair.offer].id) { continue }
            nearest[pair.need] = p
        }
        return allowed.enumerated().compactMap { p, pair in
            guard flows[p] > 0 else { return nil }
            let reason: AllocationPlan.PairReason
            switch pair.link?.kind {
            case .sisterCity: reason = .sisterCity
            case .friendshipCity: reason = .friendshipCity
            case .sharedNetwork: reason = .sharedNetwork(pair.link?.network ?? "")
            case nil: reason = nearest[pair.need] == p ? .nearestSupplier : .availableSupplier
            }
            // A tie chose this supplier: name the nearer one it was preferred to, so the plan can say so.
            var nearer: Int?
            if pair.link != nil, let q = nearest[pair.need], offers[allowed[q].offer].city != offers[pair.offer].city, allowed[q].kilometres < pair.kilometres {
                nearer = offers[allowed[q].offer].city
            }
            return .init(offer: offers[pair.offer].id, need: needs[pair.need].id, quantity: flows[p], unitCost: pair.unitCost, reason: reason, nearerSupplier: nearer)
        }
    }

    func unmet(_ flows: [Int64], mode: AllocationMode, itemOffered: Bool) -> [AllocationPlan.Unmet] {
        var met = [Int64](repeating: 0, count: needs.count)
        // Pairs by need and by offer, so that explaining each shortfall reads only its own pairs
        // (scanning every pair for each one took most of a national plan's time).
        var pairsOfNeed = [[Int]](repeating: [], count: needs.count), pairsOfOffer = [[Int]](repeating: [], count: offers.count)
        for (p, pair) in allowed.enumerated() {
            met[pair.need] += flows[p]
            pairsOfNeed[pair.need].append(p)
            pairsOfOffer[pair.offer].append(p)
        }
        return needs.enumerated().compactMap { j, need in
            let shortfall = need.quantity - met[j]
            guard shortfall > 0 else { return nil }
            let reachable = Set(pairsOfNeed[j].map { allowed[$0].offer })
            let reason: AllocationPlan.UnmetReason
            if !itemOffered || offers.isEmpty {
                reason = .noSupply
            } else if reachable.isEmpty {
                if !blocked.isEmpty { reason = .blockedByRules(blocked) }
                else if partnersOnly.contains(j) { reason = .onlyPartnersOnlyOffers }
                else { reason = .noSupply }
            } else if mode != .efficient {
                reason = .sharedFairly(percent: Int(met[j] * 100 / max(need.quantity, 1)))
            } else {
                let served = Set(reachable.flatMap { pairsOfOffer[$0] }.filter { allowed[$0].need != j && flows[$0] > 0 }.map { allowed[$0].need })
                let urgent = served.filter { needs[$0].urgency > need.urgency }.map { needs[$0].id }.sorted()
                reason = urgent.isEmpty ? .takenByOtherNeeds(served.map { needs[$0].id }.sorted()) : .takenByMoreUrgentNeeds(urgent)
            }
            let stopped = if case .blockedByRules = reason { blockedCities } else { [Int]?.none }
            return .init(need: need.id, shortfall: shortfall, reason: reason, blockedSuppliers: stopped)
        }
    }
}
