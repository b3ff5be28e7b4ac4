@testable import AmityCore
@testable import AmityServer
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VaporTesting

/// The cooperation graph and the aid in the formats researchers' tools read, on the demo's record.
@Suite struct OpenRecordTests {
    static let wagga = "city-2145110", kunming = "city-1804651", suao = "city-900000001", ishigaki = "city-1861416"

    static func graph(_ app: Application, _ query: String = "") async throws -> CooperationGraph {
        try await app.api(.GET, "/api/v1/graph" + query).json(CooperationGraph.self)
    }

    static func ties(_ graph: CooperationGraph, _ kind: GraphEdgeKind, _ a: String, _ b: String) -> [GraphEdge] {
        graph.edges.filter { $0.kind == kind && Set([$0.source, $0.target]) == Set([a, b]) }
    }

    @Test func theGraphAsItStoodOnADayFollowsEachTiesHistory() async throws {
        try await withAmity { app async throws in
            let now = try await Self.graph(app)
            #expect(Set(GraphEdgeKind.allCases).isSubset(of: Set(now.edges.map(\.kind))), "\(Set(now.edges.map(\.kind)))")
            #expect(Self.ties(now, .partnership, Self.wagga, Self.kunming).first?.status == "active")
            #expect(Self.ties(now, .partnership, Self.wagga, Self.kunming).first?.start?.description == "1988")
            // Cut on 14 April 2020, restored on the 22nd.
            #expect(Self.ties(try await Self.graph(app, "?at=2020-04-13"), .partnership, Self.wagga, Self.kunming).count == 1)
            #expect(Self.ties(try await Self.graph(app, "?at=2020-04-18"), .partnership, Self.wagga, Self.kunming).isEmpty)
            #expect(Self.ties(try await Self.graph(app, "?at=2020-04-22"), .partnership, Self.wagga, Self.kunming).count == 1)
            // Suao's masks reached Ishigaki on 20 April 2020.
            #expect(Self.ties(try await Self.graph(app, "?at=2020-04-19"), .aid, Self.suao, Self.ishigaki).isEmpty)
            let masks = try #require(Self.ties(try await Self.graph(app, "?at=2020-04-20"), .aid, Self.suao, Self.ishigaki).first)
            #expect(masks.source == Self.suao && masks.quantity == 3_200 && masks.kind.isDirected)
            // Before 1973 Yokohama and Shanghai were not yet friendship cities.
            #expect(Self.ties(try await Self.graph(app, "?at=1973-11-29"), .partnership, "city-1848354", "city-1796236").isEmpty)
            // Every node an edge names is in the graph, and every city node has its place.
            let ids = Set(now.nodes.map(\.id))
            #expect(now.edges.allSatisfy { ids.contains($0.source) && ids.contains($0.target) })
            #expect(now.nodes.filter { $0.kind == .city }.allSatisfy { $0.latitude != nil && $0.country != nil })
        }
    }

    @Test func theGraphNarrowsToAKindAndACountry() async throws {
        try await withAmity { app async throws in
            let taiwan = try await Self.graph(app, "?country=tw&kind=partnership,aid")
            #expect(!taiwan.edges.isEmpty && taiwan.edges.allSatisfy { [.partnership, .aid].contains($0.kind) })
            let countries = Dictionary(taiwan.nodes.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
            #expect(taiwan.edges.allSatisfy { countries[$0.source] == "TW" || countries[$0.target] == "TW" })
        }
    }

    @Test(arguments: [
        ("?at=2020-02-30", ["at"]), ("?at=yesterday", ["at"]), ("?at=2020-04", ["at"]), ("?country=XX", ["country"]), ("?country=Taiwan", ["country"]),
        ("?kind=friendship", ["kind"]), ("?at=2020-13-01&country=ZZ&kind=aid,nope", ["at", "kind", "country"]),
    ])
    func badParametersAreA400NamingEach(query: String, fields: [String]) async throws {
        try await withAmity(seeded: false) { app async throws in
            for path in ["/api/v1/graph", "/api/v1/graph.graphml", "/api/v1/graph.geojson", "/api/v1/graph/nodes.csv", "/api/v1/graph/edges.csv"] {
                let res = try await app.api(.GET, path + query)
                #expect(res.status == .badRequest, "\(path)\(query)")
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect(try res.json(ProblemBody.self).errors?.map(\.field) == fields)
            }
        }
    }

    @Test func graphMLParsesBackToTheSameGraph() async throws {
        try await withAmity { app async throws in
            let graph = try await Self.graph(app, "?at=2020-06-30")
            let res = try await app.api(.GET, "/api/v1/graph.graphml?at=2020-06-30")
            #expect(res.headers.contentType?.description.hasPrefix("application/graphml+xml") == true)
            let document = try GraphMLDocument(Data(res.body.readableBytesView))
            #expect(document.nodes == Set(graph.nodes.map(\.id)))
            #expect(document.edges == graph.edges.map(\.id))
            #expect(document.keys.contains("e_quantity:long") && document.keys.contains("n_lat:double"))
        }
    }

    @Test func theTablesCarryHXLCoreTagsAndTheLedgerNoLongerCustomOnes() async throws {
        try await withAmity { app async throws in
            for path in ["/api/v1/graph/nodes.csv", "/api/v1/graph/edges.csv", "/ledger.csv"] {
                let res = try await app.api(.GET, path)
                #expect(res.headers.contentType?.description.hasPrefix("text/csv") == true)
                let lines = res.body.string.components(separatedBy: "\r\n")
                let tags = lines[1].split(separator: ",").map(String.init)
                #expect(tags.count == lines[0].split(separator: ",").count, "\(path)")
                for tag in tags { #expect(HXLCore.isStandard(tag), "\(path): \(tag)") }
            }
            let edges = try await app.api(.GET, "/api/v1/graph/edges.csv?kind=aid").body.string
            #expect(edges.contains(",aid,goods,city-900000001,Suao,TW,city-1861416,Ishigaki,JP,2020-04-20,,closed,mask-surgical-adult,3200,"))
        }
    }

    @Test func geoJSONSplitsPacificTiesAndIATIListsEveryGift() async throws {
        try await withAmity { app async throws in
            let geo = try await app.api(.GET, "/api/v1/graph.geojson?kind=partnership")
            #expect(geo.headers.contentType?.description == "application/geo+json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(geo.body.readableBytesView)) as? [String: Any])
            let features = try #require(object["features"] as? [[String: Any]])
            let cincinnati = try #require(features.first { ($0["properties"] as? [String: Any])?["source"] as? String == "city-4508722" || ($0["properties"] as? [String: Any])?["target"] as? String == "city-4508722" })
            #expect((cincinnati["geometry"] as? [String: Any])?["type"] as? String == "MultiLineString")

            let iati = try await app.api(.GET, "/api/v1/iati/activities.xml").body.string
            let ledger = try await app.api(.GET, "/api/v1/ledger?limit=100").json(CursorPage<PledgeDTO>.self).items
            for pledge in ledger { #expect(iati.contains("<iati-identifier>AMITY-pledge-\(pledge.id)</iati-identifier>")) }
            #expect(iati.contains("<iati-identifier>AMITY-campaign-"))
            let suao = try await app.api(.GET, "/api/v1/iati/activities.xml?city=900000001").body.string
            #expect(suao.components(separatedBy: "<iati-activity ").count == 2 && suao.contains("Ishigaki"))
            // A city that gave and received nothing has no IATI file: the schema wants one activity at least.
            #expect(try await app.api(.GET, "/api/v1/iati/activities.xml?city=1848354").status == .notFound)
            for edge in ["-1", "0", "9223372036854775807", "1234567890123456789012345678901234567890"] {
                let res = try await app.api(.GET, "/api/v1/iati/activities.xml?city=\(edge)")
                #expect(res.status == .badRequest, "\(edge)")
            }
            let bad = try await app.api(.GET, "/api/v1/iati/activities.xml?city=abc")
            #expect(bad.status == .badRequest)
            #expect(try bad.json(ProblemBody.self).errors?.map(\.field) == ["city"])
        }
    }
}

/// HXL 1.1's core hashtags and attributes (hxlstandard.org's dictionary), and `+v_` vocabularies.
enum HXLCore {
    static let hashtags: Set<String> = ["access", "activity", "adm1", "adm2", "adm3", "adm4", "adm5", "affected", "beneficiary", "capacity", "cause",
        "channel", "contact", "country", "crisis", "currency", "date", "description", "event", "frequency", "geo", "group", "impact", "indicator",
        "inneed", "item", "loc", "meta", "modality", "need", "operations", "org", "output", "population", "reached", "region", "respondee", "sector",
        "service", "severity", "status", "subsector", "targeted", "value"]
    static let attributes: Set<String> = ["activity", "approved", "budget", "canceled", "code", "converted", "coord", "dest", "funder", "id", "impl",
        "lat", "lon", "name", "num", "occurred", "origin", "pct", "phone", "email", "prog", "programme", "project", "provided", "reported", "source",
        "spend", "start", "end", "text", "transfer", "type", "url", "used"]

    static func isStandard(_ tag: String) -> Bool {
        let parts = tag.split(separator: "+").map(String.init)
        guard let hashtag = parts.first, hashtag.hasPrefix("#"), hashtags.contains(String(hashtag.dropFirst())) else { return false }
        return parts.dropFirst().allSatisfy { attributes.contains($0) || $0.hasPrefix("v_") }
    }
}

/// The node ids, edge ids in order, and declared keys (`id:type`) of a GraphML document.
final class GraphMLDocument: NSObject, XMLParserDelegate {
    var nodes: Set<String> = []
    var edges: [String] = []
    var keys: Set<String> = []

    init(_ data: Data) throws {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? Abort(.internalServerError, reason: "not XML") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "node": nodes.insert(attributes["id"] ?? "")
        case "edge": edges.append(attributes["id"] ?? "")
        case "key": keys.insert("\(attributes["id"] ?? ""):\(attributes["attr.type"] ?? "")")
        default: break
        }
    }
}
