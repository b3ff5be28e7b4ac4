import AmityCore
import Foundation
import Vapor

/// The open record for researchers' tools: `/api/v1/graph`, the cooperation graph as JSON,
/// GraphML, GeoJSON and HXL-tagged CSV, as it stands or as it stood on `?at=YYYY-MM-DD`, narrowed
/// by `?kind=` and `?country=`; `/api/v1/iati/activities.xml`, the aid between cities in IATI 2.03;
/// and the evidence: `/api/v1/sources`, `/api/v1/evidence/{collection}/{id}`, `/api/v1/facts`.
struct OpenRecordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("graph", use: json)
        routes.get("graph.graphml", use: graphML)
        routes.get("graph.geojson", use: geoJSON)
        routes.get("graph", "nodes.csv", use: nodesCSV)
        routes.get("graph", "edges.csv", use: edgesCSV)
        routes.get("iati", "activities.xml", use: iati)
        routes.get("sources", use: sources)
        routes.get("sources", ":id", use: source)
        routes.get("evidence", ":entity", ":id", use: evidence)
        routes.get("facts", use: facts)
    }

    @Sendable func sources(req: Request) async throws -> CursorPage<SourceDTO> {
        try await Evidence(db: req.db).sources(page: try req.pageRequest(shape: Paging.idShape))
    }

    @Sendable func source(req: Request) async throws -> SourceDetailDTO {
        let raw = req.parameters.get("id") ?? ""
        guard let id = Int(raw) else { throw DomainError.notFound(entity: "source", id: raw) }
        return try await Evidence(db: req.db).source(id: id)
    }

    /// The sources a record rests on: `/api/v1/evidence/partnerships/5`.
    @Sendable func evidence(req: Request) async throws -> RecordEvidenceDTO {
        try await Evidence(db: req.db).record(entity: req.parameters.get("entity") ?? "", id: req.parameters.get("id") ?? "")
    }

    @Sendable func facts(req: Request) async throws -> CursorPage<SourcedFactDTO> {
        try await Evidence(db: req.db).facts(page: try req.pageRequest(shape: Paging.idShape))
    }

    struct Query: Decodable {
        var at: String?
        var kind: String?
        var country: String?
    }

    @Sendable func json(req: Request) async throws -> CooperationGraph { try await graph(req) }

    @Sendable func graphML(req: Request) async throws -> Response {
        try await Self.file(GraphML.document(graph(req)), type: HTTPMediaType(type: "application", subType: "graphml+xml", parameters: ["charset": "utf-8"]), name: "graph.graphml")
    }

    @Sendable func geoJSON(req: Request) async throws -> Response {
        try await Self.file(GraphGeoJSON.document(graph(req)), type: HTTPMediaType(type: "application", subType: "geo+json"), name: "graph.geojson")
    }

    @Sendable func nodesCSV(req: Request) async throws -> Response {
        try await Self.file(GraphTable.nodes(graph(req)), type: .csvUTF8, name: "graph-nodes.csv")
    }

    @Sendable func edgesCSV(req: Request) async throws -> Response {
        try await Self.file(GraphTable.edges(graph(req)), type: .csvUTF8, name: "graph-edges.csv")
    }

    /// Aid between cities as IATI 2.03 activities; `?city=` narrows to what one city gave or received.
    @Sendable func iati(req: Request) async throws -> Response {
        let cityText = req.query[String.self, at: "city"]
        var cityID: Int?
        if let cityText {
            guard let id = Int(cityText), try await City.find(id, on: req.db) != nil else {
                throw DomainError.invalid("city", "'\(cityText)' is not the id of a city Amity knows.")
            }
            cityID = id
        }
        let record = AidActivityRecord(db: req.db, baseURL: req.application.amity.publicURL)
        let activities = try await record.activities(cityID: cityID)
        // An IATI file holds at least one activity (the schema says so); with none, there is no file.
        guard !activities.isEmpty else { throw DomainError.notFound(entity: "aid activity", id: cityText.map { "of city \($0)" } ?? "on record") }
        let xml = IATIActivities.document(activities, publisher: AidActivityRecord.publisher, generated: AidActivityRecord.timestamp(Date()))
        return Self.file(xml, type: HTTPMediaType(type: "application", subType: "xml", parameters: ["charset": "utf-8"]), name: "iati.xml")
    }

    /// The graph the query asks for; every parameter that cannot be read is named in one 400.
    private func graph(_ req: Request) async throws -> CooperationGraph {
        let query = (try? req.query.decode(Query.self)) ?? Query()
        var errors: [DomainError.FieldError] = []
        var day: PartialDate?
        if let at = query.at {
            do { day = try CalendarDay.partialDate(at, field: "at") } catch let DomainError.invalid(fields) { errors += fields }
        }
        var kinds: Set<GraphEdgeKind> = []
        for name in query.kind?.split(separator: ",", omittingEmptySubsequences: false) ?? [] {
            guard let kind = GraphEdgeKind(rawValue: String(name)) else {
                errors.append(.init(field: "kind", message: "'\(name)' is not a kind of tie; the kinds are \(GraphEdgeKind.allCases.map(\.rawValue).joined(separator: ", ")).")); break
            }
            kinds.insert(kind)
        }
        var country: String?
        if let text = query.country {
            if let code = try? CountryCode(text), try await Country.find(code.rawValue, on: req.db) != nil { country = code.rawValue }
            else { errors.append(.init(field: "country", message: "'\(text)' is not the ISO 3166-1 alpha-2 code of a country Amity knows.")) }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return try await CooperationRecord(db: req.db).graph(at: day).filtered(kinds: kinds, country: country)
    }

    /// An open-data file: inline, named `amity-<name>`, readable from any origin.
    static func file(_ text: String, type: HTTPMediaType, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"amity-\(name)\"")
        headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}

extension CooperationGraph: Content {}

extension HTTPMediaType {
    /// CSV in UTF-8, as every export of Amity writes it.
    static let csvUTF8 = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
}
