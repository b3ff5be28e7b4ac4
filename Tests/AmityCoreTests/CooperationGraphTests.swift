@testable import AmityCore
import Foundation
import Testing

@Suite struct CooperationGraphTests {
    static let taipei = GraphNode(id: "city-1668341", kind: .city, name: "Taipei & <New> \"Taipei\"", country: "TW", latitude: 25.05306, longitude: 121.52639)
    static let cincinnati = GraphNode(id: "city-4508722", kind: .city, name: "Cincinnati", country: "US", latitude: 39.12711, longitude: -84.51439)
    static let paris = GraphNode(id: "city-2988507", kind: .city, name: "Paris", country: "FR", latitude: 48.85341, longitude: 2.3488)
    static let c40 = GraphNode(id: "network-c40", kind: .network, name: "C40", networkKind: "global")

    static func graph() throws -> CooperationGraph {
        CooperationGraph(at: nil, nodes: [taipei, cincinnati, paris, c40], edges: [
            GraphEdge(id: "partnership-1", kind: .partnership, source: taipei.id, target: cincinnati.id, start: try PartialDate("1988"),
                      status: "active", subtype: "sister-city", record: "/api/v1/partnerships/1", evidence: "https://example.org/?a=1&b=2"),
            GraphEdge(id: "pledge-2", kind: .aid, source: taipei.id, target: cincinnati.id, start: try PartialDate("2020-04-20"),
                      status: "closed", subtype: "goods", quantity: 3_200, unit: "mask-surgical-adult", record: "/api/v1/pledges/2"),
            GraphEdge(id: "membership-3", kind: .membership, source: paris.id, target: c40.id, start: nil, subtype: "member", record: "/api/v1/networks/c40/members"),
        ])
    }

    @Test func graphMLDeclaresEveryAttributeOnceAndEscapesText() throws {
        let xml = GraphML.document(try Self.graph())
        #expect(xml.contains(#"<key id="e_quantity" for="edge" attr.name="quantity" attr.type="long"/>"#))
        #expect(xml.contains(#"<data key="n_name">Taipei &amp; &lt;New&gt; &quot;Taipei&quot;</data>"#))
        #expect(xml.contains(#"<data key="e_evidence">https://example.org/?a=1&amp;b=2</data>"#))
        #expect(xml.contains(#"<edge id="pledge-2" source="city-1668341" target="city-4508722"><data key="e_kind">aid</data><data key="e_directed">true</data>"#))
        // Parallel ties stay two edges; a missing value is left out, never written empty.
        #expect(xml.components(separatedBy: #"source="city-1668341" target="city-4508722""#).count == 3)
        #expect(!xml.contains(#"<data key="e_start"></data>"#))
        let keys = xml.matches(of: try Regex(#"<key id="([a-z_]+)""#)).map { String(xml[$0.range]) }
        #expect(Set(keys).count == keys.count && keys.count == GraphML.keys.count)
    }

    @Test func aLineTheShortWayOverThePacificIsSplitAtTheAntimeridian() {
        // Cincinnati to New Taipei: the short way runs west over the Pacific.
        let parts = GraphGeoJSON.line(from: (-84.51439, 39.12711), to: (121.45703, 25.06199))
        #expect(parts.count == 2)
        #expect(parts[0].last!.0 == -180 && parts[1].first!.0 == 180)
        #expect(parts[0].last!.1 == parts[1].first!.1)
        #expect(parts[0].first! == (-84.51439, 39.12711) && parts[1].last! == (121.45703, 25.06199))
        // And back the other way: east from Asia, over +180, then on from -180.
        let back = GraphGeoJSON.line(from: (121.45703, 25.06199), to: (-84.51439, 39.12711))
        #expect(back.count == 2 && back[0].last!.0 == 180 && back[1].first!.0 == -180)
        #expect(back[0].last!.1 == parts[0].last!.1)
        // Suva to Apia: the crossing's latitude lies between the two ends.
        let fiji = GraphGeoJSON.line(from: (178.44149, -18.14161), to: (-171.76666, -13.83333))
        #expect(fiji.count == 2 && (-18.14161 ... -13.83333).contains(fiji[0].last!.1))
        // Paris to Taipei goes over Asia, in one piece.
        #expect(GraphGeoJSON.line(from: (2.3488, 48.85341), to: (121.52639, 25.05306)).count == 1)
    }

    @Test func geoJSONHasPointsForCitiesAndLinesOnlyBetweenCities() throws {
        let text = try GraphGeoJSON.document(try Self.graph())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection")
        let features = try #require(object["features"] as? [[String: Any]])
        let types = features.compactMap { ($0["geometry"] as? [String: Any])?["type"] as? String }
        #expect(types.filter { $0 == "Point" }.count == 3)
        #expect(types.filter { $0 == "MultiLineString" }.count == 2)
        #expect(!features.contains { ($0["properties"] as? [String: Any])?["kind"] as? String == "membership" })
        let point = try #require(features.first { $0["id"] as? String == "city-4508722" }?["geometry"] as? [String: Any])
        #expect(point["coordinates"] as? [Double] == [-84.51439, 39.12711])
    }

    @Test func filteringKeepsTheKindsAndTheCountryAsked() throws {
        let graph = try Self.graph()
        #expect(graph.filtered(kinds: [.aid], country: nil).edges.map(\.id) == ["pledge-2"])
        let french = graph.filtered(kinds: [], country: "FR")
        #expect(french.edges.map(\.id) == ["membership-3"])
        #expect(Set(french.nodes.map(\.id)) == [Self.paris.id, Self.c40.id])
    }

    @Test func iatiActivitiesNameTheReporterAsSecondaryAndGoodsCarryNoMoney() {
        let city = IATIActivities.Organisation(ref: "AMITY-city-1", name: "Suao <TW>")
        let xml = IATIActivities.document([
            .init(key: "pledge-1", title: "3200 masks", description: "A gift in kind.", donor: city, recipient: .init(ref: "AMITY-city-2", name: "Ishigaki"),
                  recipientCountry: "JP", status: 4, started: "2020-04-20", ended: "2020-04-24", lastUpdated: "2020-04-24T00:00:00Z", currency: nil,
                  transactions: [.init(type: 3, day: "2020-04-20", value: nil, currency: nil, description: "Sent")], link: nil),
        ], publisher: .init(ref: "AMITY", type: "90", name: "Amity"), generated: "2026-12-05T00:00:00Z")
        #expect(xml.contains(#"<iati-activities version="2.03" generated-datetime="2026-12-05T00:00:00Z">"#))
        #expect(xml.contains("<iati-identifier>AMITY-pledge-1</iati-identifier>"))
        #expect(xml.contains(#"secondary-reporter="1""#))
        #expect(xml.contains(#"<value value-date="2020-04-20">0</value>"#))
        #expect(xml.contains("Suao &lt;TW&gt;"))
        #expect(xml.contains(#"<activity-date type="4" iso-date="2020-04-24"/>"#))
    }
}
