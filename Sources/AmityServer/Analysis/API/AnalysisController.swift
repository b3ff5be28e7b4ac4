import AmityCore
import Vapor

/// The paper's questions as JSON and as HXL-tagged CSV: `/api/v1/analysis/triangle`,
/// `inclusiveness`, `centrality`, `flows`; and indicators, reported by a city and compared with
/// its peers by distance to target.
struct AnalysisController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let analysis = routes.grouped("analysis")
        analysis.get("triangle", use: triangle)
        analysis.get("triangle.csv", use: triangleCSV)
        analysis.get("inclusiveness", use: inclusiveness)
        analysis.get("inclusiveness.csv", use: inclusivenessCSV)
        analysis.get("centrality", use: centrality)
        analysis.get("centrality.csv", use: centralityCSV)
        analysis.get("flows", use: flows)
        analysis.get("flows.csv", use: flowsCSV)
        routes.get("cities", ":id", "indicators", use: cityIndicators)
        routes.post("cities", ":id", "indicators", use: report)
        routes.get("indicators", ":code", "comparison", use: comparison)
        routes.get("indicators", ":code", "comparison.csv", use: comparisonCSV)
    }

    @Sendable func triangle(req: Request) async throws -> Triangle { try await Self.triangle(req) }

    @Sendable func triangleCSV(req: Request) async throws -> Response {
        AnalysisController.csv(AnalysisTables.triangle(try await Self.triangle(req)), name: "triangle.csv")
    }

    @Sendable func inclusiveness(req: Request) async throws -> Inclusiveness { try await Self.inclusiveness(req) }

    @Sendable func inclusivenessCSV(req: Request) async throws -> Response {
        AnalysisController.csv(AnalysisTables.inclusiveness(try await Self.inclusiveness(req)), name: "inclusiveness.csv")
    }

    /// Degree and betweenness as the graph stands, or stood on `?at=`.
    @Sendable func centrality(req: Request) async throws -> Centrality { try await Self.centrality(req) }

    @Sendable func centralityCSV(req: Request) async throws -> Response {
        AnalysisController.csv(AnalysisTables.centrality(try await Self.centrality(req)), name: "centrality.csv")
    }

    @Sendable func flows(req: Request) async throws -> AidFlows { try await Self.flows(req) }

    @Sendable func flowsCSV(req: Request) async throws -> Response {
        AnalysisController.csv(AnalysisTables.flows(try await Self.flows(req)), name: "flows.csv")
    }

    @Sendable func cityIndicators(req: Request) async throws -> [IndicatorValueDTO] {
        try await Indicators(request: req).latest(cityID: try req.cityID())
    }

    @Sendable func report(req: Request) async throws -> Response {
        let id = try req.cityID()
        // Who may report is settled before what they sent is read: nobody learns a city's rules from its errors.
        try await req.authorize(.actForCity(cityID: id))
        let value = try await Indicators(request: req).report(cityID: id, try req.decodeBody(IndicatorInput.self))
        return try await value.created(at: "/api/v1/cities/\(id)/indicators", for: req)
    }

    @Sendable func comparison(req: Request) async throws -> IndicatorComparisonDTO { try await Self.comparison(req) }

    @Sendable func comparisonCSV(req: Request) async throws -> Response {
        AnalysisController.csv(AnalysisTables.comparison(try await Self.comparison(req)), name: "comparison.csv")
    }

    static func triangle(_ req: Request) async throws -> Triangle {
        let query = try await AnalysisQuery(req)
        return Triangle(graph: try await CooperationRecord(db: req.db).graph(at: nil), countries: query.countries, span: query.span)
    }

    static func inclusiveness(_ req: Request) async throws -> Inclusiveness {
        Inclusiveness(activity: try await InclusionRecord(request: req).activity(), countries: req.application.world.countries)
    }

    static func centrality(_ req: Request) async throws -> Centrality {
        let query = try await AnalysisQuery(req)
        return Centrality(graph: try await CooperationRecord(db: req.db).graph(at: query.at))
    }

    static func flows(_ req: Request) async throws -> AidFlows {
        let query = try await AnalysisQuery(req)
        return AidFlows(graph: try await CooperationRecord(db: req.db).graph(at: query.at).filtered(kinds: [.aid], country: nil))
    }

    static func comparison(_ req: Request) async throws -> IndicatorComparisonDTO {
        let code = req.parameters.get("code") ?? ""
        var errors: [DomainError.FieldError] = []
        var city: Int?
        if let text = req.query[String.self, at: "city"] {
            if let id = Int(text), (try? await req.gazetteer.city(id: id)) != nil { city = id }
            else { errors.append(.init(field: "city", message: "'\(text)' is not the id of a city Amity knows.")) }
        }
        let peersText = req.query[String.self, at: "peers"] ?? "all"
        let peers = Indicators.Peers(rawValue: peersText)
        if peers == nil {
            errors.append(.init(field: "peers", message: "'\(peersText)' is not a peer group; the groups are \(Indicators.Peers.allCases.map(\.rawValue).joined(separator: ", ")).")) }
        guard errors.isEmpty, let peers else { throw DomainError.invalid(errors) }
        return try await Indicators(request: req).compare(indicator: code, cityID: city, peers: peers, network: req.query[String.self, at: "network"])
    }

    static func csv(_ text: String, name: String) -> Response { OpenRecordController.file(text, type: .csvUTF8, name: name) }
}

extension Triangle: Content {}
extension Inclusiveness: Content {}
extension Centrality: Content {}
extension AidFlows: Content {}
