import AmityCore
import Fluent
import Foundation

/// Reads the cooperation graph out of the record: partnerships confirmed by both cities,
/// confirmed memberships, aid promised by both cities or sent (goods and money), co-signatures of joint
/// statements, shared events and practices sent in answer to a network's call.
///
/// With a day, each tie is taken as it stood then: begun on or before it (a tie no source dates
/// counts as begun long before, as partnership histories do), not yet ended, a partnership in the
/// status its history gives that day, and severed ones left out.
struct CooperationRecord {
    let db: any Database

    func graph(at day: PartialDate?) async throws -> CooperationGraph {
        var edges: [GraphEdge] = []
        edges += try await partnerships(at: day)
        edges += try await memberships(at: day)
        edges += try await aid(at: day)
        edges += try await coSignatures(at: day)
        edges += try await sharedEvents(at: day)
        edges += try await answeredCalls(at: day)
        return CooperationGraph(at: day, nodes: try await nodes(touchedBy: edges), edges: edges)
    }

    /// Every network, and every city some tie touches.
    private func nodes(touchedBy edges: [GraphEdge]) async throws -> [GraphNode] {
        let cityIDs = Set(edges.flatMap { [$0.source, $0.target] }.compactMap { $0.hasPrefix("city-") ? Int($0.dropFirst(5)) : nil })
        let cities = cityIDs.isEmpty ? [] : try await City.query(on: db).filter(\.$id ~~ cityIDs).sort(\.$id).all()
        let networks = try await Network.query(on: db).sort(\.$id).all()
        return try cities.map { city in
            GraphNode(id: GraphNode.cityID(try city.requireID()), kind: .city, name: city.name, country: city.countryCode,
                      latitude: city.latitude, longitude: city.longitude, population: city.population)
        } + networks.map { network in
            GraphNode(id: GraphNode.networkID(network.id ?? ""), kind: .network, name: network.name, networkKind: network.kind)
        }
    }

    private func partnerships(at day: PartialDate?) async throws -> [GraphEdge] {
        let ties = try await Partnership.query(on: db).filter(\.$claimedByCityID == nil).sort(\.$id).all()
        let history = Dictionary(grouping: try await PartnershipEventRecord.query(on: db).filter(\.$claimedByCityID == nil)
            .sort(\.$partnershipID).sort(\.$position).all(), by: \.partnershipID)
        return try ties.compactMap { tie in
            let id = try tie.requireID()
            let records = history[id] ?? []
            let events = records.compactMap { record in
                (try? PartnershipEventKind(parsing: record.kind)).map { PartnershipEvent(kind: $0, on: record.on.flatMap { try? PartialDate($0) }) }
            }
            let status: PartnershipStatus
            if let day {
                guard let then = PartnershipHistory.status(of: events, on: day), then != .severed else { return nil }
                status = then
            } else {
                status = tie.status
            }
            let signed = events.first(where: { $0.kind == .signed })?.on
            let severed = status == .severed ? events.last(where: { $0.kind == .severed })?.on : nil
            return GraphEdge(id: "partnership-\(id)", kind: .partnership, source: GraphNode.cityID(tie.cityAID), target: GraphNode.cityID(tie.cityBID),
                             start: signed, end: severed, status: status.rawValue, subtype: tie.kind, record: "/api/v1/partnerships/\(id)",
                             evidence: records.first(where: { $0.kind == "signed" })?.source ?? records.compactMap(\.source).first)
        }
    }

    private func memberships(at day: PartialDate?) async throws -> [GraphEdge] {
        try await Membership.standing(on: db).sort(\.$id).all().compactMap { membership in
            let since = membership.since.flatMap { try? PartialDate($0) }
            guard Self.begun(since, by: day) else { return nil }
            return GraphEdge(id: "membership-\(try membership.requireID())", kind: .membership, source: GraphNode.cityID(membership.cityID),
                             target: GraphNode.networkID(membership.networkID), start: since, status: "member", subtype: membership.role,
                             record: "/api/v1/networks/\(membership.networkID)/members", evidence: membership.source)
        }
    }

    private func aid(at day: PartialDate?) async throws -> [GraphEdge] {
        let pledges = try await PledgeRecord.query(on: db).filter(\.$status ~~ AidActivityRecord.statuses).sort(\.$id).all()
        let goods: [GraphEdge] = try pledges.compactMap { pledge in
            let start = try PartialDate(CalendarDay.text(pledge.createdAt))
            guard Self.begun(start, by: day) else { return nil }
            let id = try pledge.requireID()
            return GraphEdge(id: "pledge-\(id)", kind: .aid, source: GraphNode.cityID(pledge.donorCityID), target: GraphNode.cityID(pledge.recipientCityID),
                             start: start, status: pledge.status.rawValue, subtype: "goods", quantity: pledge.quantity, unit: pledge.item,
                             record: "/api/v1/pledges/\(id)")
        }
        // Money: one edge per campaign, summing the gifts made by the day.
        let campaigns = try await CampaignRecord.query(on: db).sort(\.$id).all()
        let gifts = Dictionary(grouping: try await ContributionRecord.query(on: db).sort(\.$at).all(), by: \.campaignID)
        let money: [GraphEdge] = try campaigns.compactMap { campaign in
            let id = try campaign.requireID()
            let given = (gifts[id] ?? []).filter { Self.begun(try? PartialDate(CalendarDay.text($0.at)), by: day) }
            guard let first = given.first else { return nil }
            let (total, overflow) = given.reduce((Int64(0), false)) { sum, gift in
                let (value, over) = sum.0.addingReportingOverflow(gift.amount)
                return (over ? Int64.max : value, sum.1 || over)
            }
            return GraphEdge(id: "campaign-\(id)", kind: .aid, source: GraphNode.cityID(campaign.cityID), target: GraphNode.cityID(campaign.beneficiaryCityID),
                             start: try PartialDate(CalendarDay.text(first.at)), status: overflow ? "given-beyond-count" : "given", subtype: "money",
                             quantity: total, unit: campaign.currency, label: campaign.title, record: "/api/v1/campaigns/\(id)")
        }
        return goods + money
    }

    /// Every pair of cities whose signatures stand on the same statement on the day.
    private func coSignatures(at day: PartialDate?) async throws -> [GraphEdge] {
        let statements = try await StatementRecord.query(on: db).sort(\.$id).all()
        let entries = Dictionary(grouping: try await SignatureEntryRecord.query(on: db).sort(\.$statementID).sort(\.$position).all(), by: \.statementID)
        var edges: [GraphEdge] = []
        for statement in statements {
            let id = try statement.requireID()
            var standing: [Int: PartialDate?] = [:]
            for entry in entries[id] ?? [] {
                let on = try? PartialDate(String(entry.at.prefix(10)))
                guard Self.begun(on, by: day) else { continue }
                standing[entry.cityID] = entry.action == SignatureAction.sign.rawValue ? .some(on) : nil
            }
            let signers = standing.keys.sorted()
            for (i, a) in signers.enumerated() {
                for b in signers[(i + 1)...] {
                    let start = [standing[a] ?? nil, standing[b] ?? nil].compactMap { $0 }.max()
                    edges.append(GraphEdge(id: "statement-\(id)-\(a)-\(b)", kind: .coSignature, source: GraphNode.cityID(a), target: GraphNode.cityID(b),
                                           start: start, status: statement.status.rawValue, label: statement.title, record: "/api/v1/statements/\(id)"))
                }
            }
        }
        return edges
    }

    /// The cities at one event (its host and those holding a place), pairwise; a network's event
    /// ties each city at it to the network.
    private func sharedEvents(at day: PartialDate?) async throws -> [GraphEdge] {
        let events = try await EventRecord.query(on: db).sort(\.$id).all()
        let registrations = Dictionary(grouping: try await RegistrationRecord.query(on: db).sort(\.$id).all(), by: \.eventID)
        var edges: [GraphEdge] = []
        for event in events {
            let id = try event.requireID()
            let start = try PartialDate(CalendarDay.text(event.startsAt))
            guard Self.begun(start, by: day) else { continue }
            var cities = Set((registrations[id] ?? []).filter { $0.status.holdsAPlace }.map(\.cityID))
            if let host = event.hostCityID { cities.insert(host) }
            let sorted = cities.sorted()
            func edge(_ suffix: String, _ a: String, _ b: String) -> GraphEdge {
                GraphEdge(id: "event-\(id)-\(suffix)", kind: .sharedEvent, source: a, target: b, start: start, subtype: event.kind,
                          label: event.title, record: "/api/v1/events/\(id)")
            }
            for (i, a) in sorted.enumerated() {
                for b in sorted[(i + 1)...] { edges.append(edge("\(a)-\(b)", GraphNode.cityID(a), GraphNode.cityID(b))) }
            }
            if let network = event.hostNetworkID {
                for city in sorted { edges.append(edge("\(city)-\(network)", GraphNode.cityID(city), GraphNode.networkID(network))) }
            }
        }
        return edges
    }

    /// Published practices sent in answer to a network's call, from the practice's city to the network.
    private func answeredCalls(at day: PartialDate?) async throws -> [GraphEdge] {
        let calls = Dictionary(uniqueKeysWithValues: try await CallRecord.query(on: db).all().map { ($0.id ?? 0, $0) })
        return try await PracticeRecord.query(on: db).filter(\.$callID != nil).filter(\.$status == .published).sort(\.$id).all().compactMap { practice in
            guard let callID = practice.callID, let call = calls[callID] else { return nil }
            let start = try PartialDate(CalendarDay.text(practice.publishedAt ?? practice.createdAt))
            guard Self.begun(start, by: day) else { return nil }
            let id = try practice.requireID()
            return GraphEdge(id: "practice-\(id)", kind: .answeredCall, source: GraphNode.cityID(practice.cityID), target: GraphNode.networkID(call.networkID),
                             start: start, status: practice.callSelected ? "selected" : "submitted", label: call.title,
                             record: "/api/v1/practices/\(id)", evidence: practice.sourceURL)
        }
    }

    /// Whether a tie that began on `start` had begun by `day`; an undated tie counts as begun long before.
    static func begun(_ start: PartialDate?, by day: PartialDate?) -> Bool {
        guard let day, let start else { return true }
        return !(day < start)
    }
}
