import AmityCore
import Vapor

/// The paper's questions as pages, each with its charts drawn on the server (no JavaScript) and
/// links to the same numbers as JSON and HXL CSV: `/analysis` and its triangle, inclusiveness,
/// centrality, who-helped-whom and graph pages.
struct AnalysisPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("analysis", use: index)
        routes.get("analysis", "triangle", use: triangle)
        routes.get("analysis", "inclusiveness", use: inclusiveness)
        routes.get("analysis", "centrality", use: centrality)
        routes.get("analysis", "flows", use: flows)
        routes.get("analysis", "graph", use: graph)
    }

    struct IndexContext: Encodable {
        var chrome: PageChrome
    }

    @Sendable func index(req: Request) async throws -> View {
        try await req.view.render("Analysis/index", IndexContext(chrome: PageChrome(request: req, title: req.t("analysis_title"))))
    }

    // MARK: The triangle

    struct ArmView: Encodable {
        var name: String
        var carries: Bool
        var verdict: String
        var partnerships: Int
        var aid: Int
        var sharedEvents: Int
        var coSignatures: Int
        var undated: Int
        var records: [RecordLine]
    }

    /// A record behind an arm, linked to its page and to the sources it rests on.
    struct RecordLine: Encodable {
        var record: ArmRecord
        var page: String
        var evidence: String

        init(_ record: ArmRecord) {
            self.record = record
            // `/api/v1/pledges/4` is read at `/pledges/4`, its sources at `/evidence/pledges/4`.
            page = record.record.hasPrefix("/api/v1/") ? String(record.record.dropFirst("/api/v1".count)) : record.record
            evidence = "/evidence" + page
        }
    }

    struct TriangleContext: Encodable {
        var chrome: PageChrome
        var countries: String
        var from: String
        var to: String
        var chart: String
        /// Which arms carry exchange, in words: the chart's text alternative, shown to every reader.
        var summary: String
        var arms: [ArmView]
        var query: String
    }

    @Sendable func triangle(req: Request) async throws -> View {
        let result = try await AnalysisController.triangle(req)
        let names = try await Self.countryNames(req, result.countries)
        func arm(_ arm: TriangleArm) -> String { "\(names[arm.a] ?? arm.a) – \(names[arm.b] ?? arm.b)" }
        let carrying = result.arms.filter(\.carriesExchange).map(arm)
        let summary = req.t("triangle_summary", ["count": String(carrying.count), "arms": carrying.isEmpty ? "–" : carrying.joined(separator: "; ")])
        let chart = Chart.months(id: "triangle", title: req.t("triangle_chart"), summary: summary, months: result.months,
                                 series: result.arms.map { Chart.Series(name: arm($0), values: $0.months.map { Double($0.exchange) }) })
        let arms = result.arms.map { a in
            ArmView(name: arm(a), carries: a.carriesExchange, verdict: req.t(a.carriesExchange ? "triangle_carries" : "triangle_silent"),
                    partnerships: a.partnerships, aid: a.aid, sharedEvents: a.sharedEvents, coSignatures: a.coSignatures, undated: a.undatedExchange, records: a.records.map(RecordLine.init))
        }
        let query = "countries=\(result.countries.joined(separator: ","))&from=\(result.months.first ?? "")&to=\(result.months.last ?? "")"
        return try await req.view.render("Analysis/triangle", TriangleContext(
            chrome: PageChrome(request: req, title: req.t("triangle_title")), countries: result.countries.joined(separator: ","),
            from: result.months.first ?? "", to: result.months.last ?? "", chart: chart.document, summary: summary, arms: arms, query: query))
    }

    // MARK: Inclusiveness

    struct GroupTable: Encodable {
        var title: String
        var rows: [InclusionGroup]
    }

    struct InclusivenessContext: Encodable {
        var chrome: PageChrome
        var charts: [String]
        var headline: String
        var tables: [GroupTable]
    }

    @Sendable func inclusiveness(req: Request) async throws -> View {
        let result = try await AnalysisController.inclusiveness(req)
        func label(_ group: InclusionGroup) -> String { CitySize(rawValue: group.name).map { req.word("size", $0.rawValue) } ?? group.name }
        let measures: [(String, KeyPath<InclusionGroup, Double>, KeyPath<InclusionGroup, Int>)] = [
            ("inclusion_practices", \.practicesShare, \.practices), ("inclusion_aid", \.aidShare, \.aid), ("inclusion_participation", \.participationShare, \.participation),
        ]
        let charts = measures.map { key, share, count in
            Chart.bars(id: "inclusion-\(key)", title: req.t(key), summary: result.bySize.map { "\(label($0)): \(AnalysisTables.percent($0[keyPath: share]))%" }.joined(separator: "; "),
                       bars: result.bySize.map { .init(label: label($0), value: $0[keyPath: share], figure: "\(AnalysisTables.percent($0[keyPath: share]))% (\($0[keyPath: count]))") }).document
        }
        let small = result.smallAndMedium
        let headline = req.t("inclusion_headline", ["practices": AnalysisTables.percent(small.practicesShare), "aid": AnalysisTables.percent(small.aidShare),
                                                     "participation": AnalysisTables.percent(small.participationShare)])
        let bySize = result.bySize.map { group -> InclusionGroup in var g = group; g.name = label(group); return g }
        return try await req.view.render("Analysis/inclusiveness", InclusivenessContext(
            chrome: PageChrome(request: req, title: req.t("inclusion_title")), charts: charts, headline: headline,
            tables: [GroupTable(title: req.t("inclusion_by_size"), rows: bySize), GroupTable(title: req.t("inclusion_by_region"), rows: result.byRegion),
                     GroupTable(title: req.t("inclusion_by_income"), rows: result.byIncome)]))
    }

    // MARK: Centrality

    struct CentralityContext: Encodable {
        var chrome: PageChrome
        var at: String
        var from: String
        var to: String
        var chart: String
        var nodes: [NodeCentrality]
        var query: String
        /// Said when betweenness is an estimate.
        var estimate: String?
    }

    @Sendable func centrality(req: Request) async throws -> View {
        let query = try await AnalysisQuery(req)
        let record = CooperationRecord(db: req.db)
        let now = Centrality(graph: try await record.graph(at: query.at))
        let leaders = Array(now.nodes.prefix(5))
        // Each leader's betweenness at the end of every month of the span.
        var timeline: [[Double]] = leaders.map { _ in [] }
        // At most 24 points (every second month over four years, every fifth over ten): each point
        // is a graph read and searched, and a reader chooses the span.
        let every = max(1, Int((Double(query.span.months.count) / 24).rounded(.up)))
        let points = Array(zip(query.span.months, query.span.monthEnds).enumerated().filter { $0.offset % every == 0 }.map(\.element))
        for (_, end) in points {
            // A month's point costs fewer searches than the answer above: exact to 300 nodes, an estimate beyond.
            let then = Dictionary(uniqueKeysWithValues: Centrality(graph: try await record.graph(at: end), pivots: 300).nodes.map { ($0.id, $0.betweenness) })
            for (index, node) in leaders.enumerated() { timeline[index].append(then[node.id] ?? 0) }
        }
        let summary = leaders.map { "\($0.name): \(AnalysisTables.decimal($0.betweenness))" }.joined(separator: "; ")
        let chart = Chart.months(id: "centrality", title: req.t("centrality_chart"), summary: summary, months: points.map(\.0),
                                 series: zip(leaders, timeline).map { Chart.Series(name: $0.name, values: $1) })
        let at = query.at?.description ?? ""
        return try await req.view.render("Analysis/centrality", CentralityContext(
            chrome: PageChrome(request: req, title: req.t("centrality_title")), at: at, from: query.span.months.first ?? "", to: query.span.months.last ?? "",
            chart: chart.document, nodes: Array(now.nodes.prefix(30)), query: at.isEmpty ? "" : "at=\(at)",
            estimate: now.exact ? nil : req.t("centrality_estimate", ["sources": String(now.sources), "nodes": String(now.nodes.count)])))
    }

    // MARK: Who helped whom

    struct FlowsContext: Encodable {
        var chrome: PageChrome
        var at: String
        var map: String
        var flows: [AidFlow]
        var query: String
    }

    @Sendable func flows(req: Request) async throws -> View {
        let query = try await AnalysisQuery(req)
        let graph = try await CooperationRecord(db: req.db).graph(at: query.at).filtered(kinds: [.aid], country: nil)
        let flows = AidFlows(graph: graph)
        let map = Self.map(req, graph: graph, id: "flows", title: req.t("flows_map"))
        let at = query.at?.description ?? ""
        return try await req.view.render("Analysis/flows", FlowsContext(chrome: PageChrome(request: req, title: req.t("flows_title")), at: at,
                                                                       map: map, flows: flows.flows, query: at.isEmpty ? "" : "at=\(at)"))
    }

    // MARK: The graph

    struct GraphContext: Encodable {
        var chrome: PageChrome
        var at: String
        var map: String
        var cities: Int
        var ties: Int
        var query: String
    }

    @Sendable func graph(req: Request) async throws -> View {
        let query = try await AnalysisQuery(req)
        let graph = try await CooperationRecord(db: req.db).graph(at: query.at)
        let map = Self.map(req, graph: graph, id: "graph", title: req.t("graph_map"))
        let at = query.at?.description ?? ""
        return try await req.view.render("Analysis/graph", GraphContext(
            chrome: PageChrome(request: req, title: req.t("graph_title")), at: at, map: map, cities: graph.nodes.filter { $0.kind == .city }.count,
            ties: graph.edges.count, query: at.isEmpty ? "" : "at=\(at)"))
    }

    /// The graph's cities as dots and its ties between two cities as lines, heavier where more ties run.
    static func map(_ req: Request, graph: CooperationGraph, id: String, title: String) -> String {
        let places = Dictionary(graph.nodes.compactMap { node -> (String, GraphNode)? in
            node.latitude != nil && node.longitude != nil ? (node.id, node) : nil
        }, uniquingKeysWith: { a, _ in a })
        var weights: [[String]: (Int, String)] = [:]
        for edge in graph.edges where places[edge.source] != nil && places[edge.target] != nil {
            let key = [edge.source, edge.target]
            weights[key] = ((weights[key]?.0 ?? 0) + 1, "\(places[edge.source]!.name) → \(places[edge.target]!.name)")
        }
        let links = weights.sorted { $0.key.joined() < $1.key.joined() }.map { key, value in
            WorldMap.Link(from: (places[key[0]]!.longitude!, places[key[0]]!.latitude!), to: (places[key[1]]!.longitude!, places[key[1]]!.latitude!),
                          label: "\(value.1) (\(value.0))", weight: Double(value.0))
        }
        let dots = places.values.sorted { $0.id < $1.id }.map { WorldMap.Place(longitude: $0.longitude!, latitude: $0.latitude!, label: $0.name) }
        return req.worldMap(id: id, title: title, places: dots, links: links)
    }

    static func countryNames(_ req: Request, _ codes: [String]) async throws -> [String: String] {
        var names: [String: String] = [:]
        for code in codes { names[code] = try await Country.find(code, on: req.db)?.name(in: req.language) ?? code }
        return names
    }
}
