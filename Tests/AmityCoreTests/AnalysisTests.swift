@testable import AmityCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Each analysis on a small graph drawn by hand, whose answer is worked out beside it.
@Suite struct AnalysisTests {
    static func city(_ id: String, _ country: String, population: Int? = nil) -> GraphNode {
        GraphNode(id: "city-\(id)", kind: .city, name: id.capitalized, country: country, latitude: 10, longitude: 10, population: population)
    }

    static func tie(_ kind: GraphEdgeKind, _ a: String, _ b: String, _ start: String?, end: String? = nil, quantity: Int64? = nil, unit: String? = nil) -> GraphEdge {
        GraphEdge(id: "\(kind.rawValue)-\(a)-\(b)-\(start ?? "")", kind: kind, source: "city-\(a)", target: "city-\(b)",
                  start: start.flatMap { try? PartialDate($0) }, end: end.flatMap { try? PartialDate($0) }, subtype: kind == .aid ? "goods" : nil,
                  quantity: quantity, unit: unit, record: "/api/v1/x")
    }

    /// US–CN carries aid in February and March, US–TW an event in April; CN–TW only a partnership
    /// that ended in 2019, which stands in no month of 2020 and is no exchange.
    @Test func theTriangleSaysWhichArmsCarryExchangeMonthByMonth() throws {
        let graph = CooperationGraph(at: nil, nodes: [Self.city("houston", "US"), Self.city("shenzhen", "CN"), Self.city("taipei", "TW"), Self.city("paris", "FR")], edges: [
            Self.tie(.partnership, "houston", "shenzhen", "1986"),
            Self.tie(.aid, "shenzhen", "houston", "2020-02-10", quantity: 5, unit: "mask"),
            Self.tie(.aid, "houston", "shenzhen", "2020-03-01", quantity: 1, unit: "mask"),
            Self.tie(.sharedEvent, "houston", "taipei", "2020-04-15"),
            Self.tie(.coSignature, "houston", "taipei", "2020"),
            Self.tie(.partnership, "shenzhen", "taipei", "2000", end: "2019-05"),
            Self.tie(.aid, "taipei", "paris", "2020-04-01"),
            Self.tie(.aid, "shenzhen", "houston", "2021-01-01"),
        ])
        let triangle = Triangle(graph: graph, countries: ["US", "CN", "TW"], span: try MonthSpan(from: "2020-01", to: "2020-06"))
        #expect(triangle.months == ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06"])
        let (usCN, usTW, cnTW) = (triangle.arms[0], triangle.arms[1], triangle.arms[2])
        #expect((usCN.a, usCN.b, usTW.a, usTW.b, cnTW.a, cnTW.b) == ("US", "CN", "US", "TW", "CN", "TW"))
        #expect(usCN.carriesExchange && usTW.carriesExchange && !cnTW.carriesExchange)
        #expect(usCN.months.map(\.aid) == [0, 1, 1, 0, 0, 0])
        #expect(usCN.months.allSatisfy { $0.partnerships == 1 } && usCN.partnerships == 1 && usCN.aid == 2)
        #expect(usTW.months.map(\.sharedEvents) == [0, 0, 0, 1, 0, 0] && usTW.undatedExchange == 1 && usTW.coSignatures == 0)
        #expect(cnTW.months.allSatisfy { $0.partnerships == 0 && $0.exchange == 0 } && cnTW.records.isEmpty)
        #expect(Set(usCN.records.map(\.kind)) == ["partnership", "aid"] && usCN.records.count == 3)
    }

    @Test func aSpanMustReadForwardsAndStayUnderTenYears() {
        #expect(throws: DomainError.self) { try MonthSpan(from: "2020-05", to: "2020-04") }
        #expect(throws: DomainError.self) { try MonthSpan(from: "2020", to: "2020-04") }
        #expect(throws: DomainError.self) { try MonthSpan(from: "2020-01-01", to: "2020-04") }
        #expect(throws: DomainError.self) { try MonthSpan(from: "2000-01", to: "2010-01") }
        #expect((try? MonthSpan(from: "2019-11", to: "2020-02"))?.months == ["2019-11", "2019-12", "2020-01", "2020-02"])
        #expect((try? MonthSpan(from: "2000-01", to: "2009-12"))?.months.count == 120)
        #expect((try? MonthSpan(from: "2019-12", to: "2020-02"))?.monthEnds.map(\.description) == ["2019-12-31", "2020-01-31", "2020-02-29"])
        #expect((try? MonthSpan(from: "2100-02", to: "2100-02"))?.monthEnds.map(\.description) == ["2100-02-28"])
    }

    /// A path a–b–c–d and a pendant e on b: b lies on the paths a–c, a–d, a–e, c–e, d–e (5 of
    /// C(4,2) = 6 pairs among the others), c on a–d, b–d, d–e (3). Degree of b is 3 of 4.
    @Test func betweennessAndDegreeMatchTheirDefinitions() {
        let graph = CooperationGraph(at: nil, nodes: ["a", "b", "c", "d", "e"].map { Self.city($0, "XX") }, edges: [
            Self.tie(.partnership, "a", "b", nil), Self.tie(.aid, "b", "c", nil), Self.tie(.aid, "c", "b", "2020-01"),
            Self.tie(.sharedEvent, "c", "d", nil), Self.tie(.partnership, "e", "b", nil),
        ])
        let central = Dictionary(uniqueKeysWithValues: Centrality(graph: graph).nodes.map { ($0.id, $0) })
        #expect(central["city-b"]?.betweenness == 5.0 / 6.0)
        #expect(central["city-c"]?.betweenness == 3.0 / 6.0)
        #expect(central["city-a"]?.betweenness == 0 && central["city-d"]?.betweenness == 0)
        #expect(central["city-b"]?.degree == 3 && central["city-b"]?.degreeShare == 0.75)
        #expect(Centrality(graph: graph).nodes.first?.id == "city-b")
    }

    /// In a square a–b–c–d–a each node lies on half of the one shortest-path pair opposite it.
    @Test func betweennessSplitsBetweenEqualShortestPaths() {
        let graph = CooperationGraph(at: nil, nodes: ["a", "b", "c", "d"].map { Self.city($0, "XX") }, edges: [
            Self.tie(.partnership, "a", "b", nil), Self.tie(.partnership, "b", "c", nil), Self.tie(.partnership, "c", "d", nil), Self.tie(.partnership, "d", "a", nil),
        ])
        #expect(Centrality(graph: graph).nodes.allSatisfy { abs($0.betweenness - 0.5 / 3) < 1e-12 && $0.degree == 2 })
    }

    /// Past its budget of searches betweenness is estimated, and says so. A ring looks the same from
    /// every node, so what one search adds up over all nodes is the same from any source, and the
    /// estimate's total equals the exact total.
    @Test func betweennessBeyondTheBudgetIsADeterministicEstimate() {
        let ids = (0..<40).map { String(format: "n%02d", $0) }
        let ring = CooperationGraph(at: nil, nodes: ids.map { Self.city($0, "XX") },
                                    edges: ids.indices.map { Self.tie(.partnership, ids[$0], ids[($0 + 1) % ids.count], nil) })
        let exact = Centrality(graph: ring), estimate = Centrality(graph: ring, pivots: 7)
        #expect(exact.exact && exact.sources == 40 && !estimate.exact && estimate.sources == 7)
        #expect(estimate == Centrality(graph: ring, pivots: 7))
        #expect(abs(estimate.nodes.reduce(0) { $0 + $1.betweenness } - exact.nodes.reduce(0) { $0 + $1.betweenness }) < 1e-9)
        #expect(estimate.nodes.contains { $0.betweenness != exact.nodes[0].betweenness })
    }

    @Test func inclusivenessCountsBySizeRegionAndIncome() {
        let countries = CountryFacts.table(parsing: "iso2\tname\tun_region\tincome_group\nUS\tUnited States\tNorthern America\t1. High income: OECD\nKE\tKenya\tEastern Africa\t5. Low income\n")
        let activity: [Inclusiveness.CityActivity] = [
            .init(city: 1, country: "US", population: 8_000_000, practices: 3, aid: 0, participation: 4),
            .init(city: 2, country: "KE", population: 60_000, practices: 1, aid: 2, participation: 1),
            .init(city: 3, country: "KE", population: 400_000, practices: 0, aid: 2, participation: 0),
            .init(city: 4, country: "ZZ", population: nil, practices: 0, aid: 0, participation: 0),
        ]
        let result = Inclusiveness(activity: activity, countries: countries)
        #expect(result.bySize.map(\.name) == ["town", "city", "megacity"])
        #expect(result.smallAndMedium.cities == 2 && result.smallAndMedium.aidShare == 1 && result.smallAndMedium.practicesShare == 0.25)
        #expect(result.smallAndMedium.participationShare == 0.2)
        #expect(result.byRegion.map(\.name).sorted() == ["Eastern Africa", "Northern America"])
        #expect(result.byIncome.map(\.name) == ["High income: OECD", "Low income"])
        #expect(result.byIncome.last?.aid == 4 && result.byIncome.last?.cities == 2)
    }

    @Test func aidFlowsSumByItemMonthAndCountryPair() {
        let graph = CooperationGraph(at: nil, nodes: [Self.city("a", "CN"), Self.city("b", "CN"), Self.city("c", "US"), Self.city("d", "IT")], edges: [
            Self.tie(.aid, "a", "c", "2020-03-02", quantity: 100, unit: "mask"),
            Self.tie(.aid, "b", "c", "2020-03-30", quantity: 50, unit: "mask"),
            Self.tie(.aid, "b", "c", "2020-03-30", quantity: Int64.max, unit: "gown"),
            Self.tie(.aid, "b", "c", "2020-03-31", quantity: 1, unit: "gown"),
            Self.tie(.aid, "a", "d", "2020-04-01", quantity: 7, unit: "mask"),
            Self.tie(.partnership, "a", "d", "2020-04-01"),
        ])
        let flows = AidFlows(graph: graph).flows
        #expect(flows.map { "\($0.month) \($0.fromCountry)>\($0.toCountry) \($0.item) \($0.ties) \($0.quantity)" } == [
            "2020-03 CN>US gown 2 \(Int64.max)", "2020-03 CN>US mask 2 150", "2020-04 CN>IT mask 1 7",
        ])
        #expect(flows[0].exceedsCount && !flows[1].exceedsCount)
    }

    /// Worked example: higher is better, the worst compared value 20, the target 80:
    /// 50 scores (50 − 20) / (80 − 20) = 50, distance 50; 90 is past the target, 100.
    @Test func distanceToTargetScalesBetweenTheWorstAndTheTarget() {
        let higher = DistanceToTarget.scores([.init(value: 50, target: 80), .init(value: 20, target: 80), .init(value: 90, target: 80)], better: .higher)
        #expect(higher == [50, 0, 100])
        // Lower is better (cases per 100,000): worst 400, target 0.
        let lower = DistanceToTarget.scores([.init(value: 100, target: 0), .init(value: 400, target: 0), .init(value: 0, target: 0)], better: .lower)
        #expect(lower == [75, 0, 100])
        // The worst city already meets the target: everyone does.
        #expect(DistanceToTarget.scores([.init(value: 5, target: 5)], better: .higher) == [100])
        // A target on the wrong side of the worst value scales nothing.
        #expect(DistanceToTarget.score(value: 30, worst: 20, target: 10, better: .higher) == 100)
        #expect(DistanceToTarget.score(value: 10, worst: 10, target: 10, better: .lower) == 100)
        #expect(DistanceToTarget.scores([], better: .lower).isEmpty)
    }

    /// Every picture parses as XML, is named by its title and described by its text alternative.
    @Test func picturesAreWellFormedAndDescribed() throws {
        let map = WorldMap(parsing: "# comment\n-10,0 0,10 10,0\nbad\n170,0 -170,5\n")
        #expect(map.coastlines.count == 2)
        let pictures = [
            Chart.bars(id: "b", title: "Aid <by> size & band", summary: "Towns \"received\" most.", bars: [.init(label: "town", value: 3, figure: "3"), .init(label: "megacity", value: 0, figure: "0")]),
            Chart.months(id: "m", title: "Arms", summary: "Two arms.", months: ["2020-01", "2020-02"], series: [.init(name: "US–CN", values: [0, 2]), .init(name: "US–TW", values: [1, 1])]),
            map.picture(id: "w", title: "Ties", summary: "Taipei to Cincinnati.", places: [.init(longitude: 121.5, latitude: 25, label: "Taipei", emphasised: true)],
                        links: [.init(from: (121.5, 25), to: (-84.5, 39.1), label: "masks", weight: 3)]),
        ]
        for picture in pictures {
            let document = picture.document
            let parser = XMLParser(data: Data(document.utf8))
            #expect(parser.parse(), "\(document.prefix(200))")
            #expect(document.contains("role=\"img\"") && document.contains("aria-labelledby=\"\(picture.id)-title \(picture.id)-desc\""))
            #expect(document.contains("<title id=\"\(picture.id)-title\">\(MarkupText.escape(picture.title))</title>"))
            #expect(document.contains("<desc id=\"\(picture.id)-desc\">"))
        }
        // The coastlines drawn once stand in every map, each map's own places after them.
        #expect(pictures[2].document.contains("<polyline points=\"340,170 360,150 380,170\"") && map.picture(id: "x", title: "", summary: "", places: [], links: []).document.components(separatedBy: "<polyline").count == 3)
        // The Pacific tie crosses the map's edge rather than the whole map: two pieces.
        #expect(pictures[2].document.components(separatedBy: "<line ").count - 1 == 2)
        #expect(SVGPicture.number(-0.04) == "0" && SVGPicture.number(-0.5) == "-0.5" && SVGPicture.number(12.25) == "12.3" && SVGPicture.number(.nan) == "0")
        #expect(Chart.figure(3) == "3" && Chart.figure(0.125) == "0.13" && Chart.figure(-1.5) == "-1.5")
        #expect(DecimalText.text(0.05, places: 4) == "0.05" && DecimalText.text(1234567.0001, places: 2) == "1234567" && DecimalText.text(-3, places: 0) == "-3")
        // Values no Int64 holds are written, not trapped on: an officer may report anything finite.
        #expect(DecimalText.text(1.2e39, places: 4) == "1.2e+39" && DecimalText.text(-9.3e18, places: 1) == "-9.3e+18")
        #expect(DecimalText.text(9.2e15, places: 2) == "9200000000000000" && Chart.figure(Double.greatestFiniteMagnitude).hasSuffix("e+308"))
    }
}
