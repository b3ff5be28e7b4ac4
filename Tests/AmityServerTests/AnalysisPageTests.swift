@testable import AmityCore
@testable import AmityServer
import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VaporTesting

/// The analyses on the demo's record, as JSON, as HXL CSV and as pages with their pictures; and
/// indicators reported by cities and compared by distance to target.
@Suite struct AnalysisPageTests {
    /// The paper: exchange flourished on two arms of the triangle, US–Taiwan and US–China, not Taiwan–China.
    @Test func theTriangleOnTheDemoShowsTheTwoArmsThePaperFound() async throws {
        try await withAmity { app async throws in
            let triangle = try await app.api(.GET, "/api/v1/analysis/triangle").json(Triangle.self)
            #expect(triangle.countries == ["US", "CN", "TW"] && triangle.months.count == 12)
            let arms = Dictionary(uniqueKeysWithValues: triangle.arms.map { ("\($0.a)-\($0.b)", $0) })
            #expect(arms["US-CN"]?.carriesExchange == true && arms["US-TW"]?.carriesExchange == true && arms["CN-TW"]?.carriesExchange == false)
            // New Taipei's PPE reached Cincinnati in April 2020, and the record says which pledge that is.
            let usTW = try #require(arms["US-TW"])
            #expect(usTW.months[3].aid >= 1 && usTW.records.contains { $0.kind == "aid" && $0.from == "New Taipei City" && $0.to == "Cincinnati" })
            #expect(arms["CN-TW"]?.records.isEmpty == true)
            // The CSV carries the same months, a header and a hashtag row.
            let csv = try await app.api(.GET, "/api/v1/analysis/triangle.csv").body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(csv.count == 2 + 3 * 12 && csv[1].hasPrefix("#country+code+v_iso2+arm_a,"))
            #expect(csv.contains("US,TW,2020-04,\(usTW.months[3].partnerships),\(usTW.months[3].aid),\(usTW.months[3].sharedEvents),\(usTW.months[3].coSignatures)"))
            // The page says it in words and draws it.
            let page = try await app.page("/analysis/triangle").body.string
            #expect(page.contains("2 of the three arms carry exchange") && page.contains("/evidence/pledges/"))
            try Self.expectPictures(in: page, count: 1)
        }
    }

    @Test(arguments: [
        ("/api/v1/analysis/triangle?countries=US,CN", ["countries"]), ("/api/v1/analysis/triangle?countries=US,CN,XX", ["countries"]),
        ("/api/v1/analysis/triangle?countries=US,US,TW", ["countries"]), ("/api/v1/analysis/triangle.csv?from=2020-13", ["from"]),
        ("/api/v1/analysis/triangle?from=2020-06&to=2020-01", ["to"]), ("/api/v1/analysis/triangle?from=2000-01&to=2020-01", ["to"]),
        ("/api/v1/analysis/centrality?at=2020-02-30", ["at"]), ("/api/v1/analysis/flows.csv?at=soon", ["at"]),
        ("/api/v1/analysis/triangle?countries=ZZ&from=x&at=y", ["countries", "from", "at"]),
        ("/api/v1/indicators/cases-per-100k/comparison?peers=friends", ["peers"]), ("/api/v1/indicators/cases-per-100k/comparison?city=abc", ["city"]),
        ("/api/v1/indicators/cases-per-100k/comparison?peers=size", ["city"]), ("/api/v1/indicators/cases-per-100k/comparison?peers=network&network=nope", ["network"]),
    ])
    func aBadParameterIsA400NamingIt(path: String, fields: [String]) async throws {
        try await withAmity { app async throws in
            let res = try await app.api(.GET, path)
            #expect(res.status == .badRequest, "\(path)")
            #expect(try res.json(ProblemBody.self).errors?.map(\.field) == fields, "\(path)")
            let page = path.replacingOccurrences(of: "/api/v1/analysis/", with: "/analysis/").replacingOccurrences(of: ".csv", with: "")
            if page.hasPrefix("/analysis/") {
                let html = try await app.page(page)
                #expect(html.status == .badRequest && html.body.string.contains(fields[0]), "\(page)")
            }
        }
    }

    @Test func everyAnalysisPageDrawsDescribedPicturesAndLinksItsData() async throws {
        try await withAmity { app async throws in
            for (path, pictures) in [("/analysis/inclusiveness", 3), ("/analysis/centrality", 1), ("/analysis/flows", 1), ("/analysis/graph", 1),
                                     ("/cities/\(Demo.newTaipeiID)", 1), ("/ledger", 1), ("/analysis", 0)] {
                let res = try await app.page(path)
                #expect(res.status == .ok, "\(path)")
                try Self.expectPictures(in: res.body.string, count: pictures)
            }
            // The map of the graph has a dot for each city of the graph.
            let graph = try await app.api(.GET, "/api/v1/graph").json(CooperationGraph.self)
            let map = try await app.page("/analysis/graph").body.string
            #expect(map.components(separatedBy: "<circle ").count - 1 == graph.nodes.filter { $0.kind == .city }.count)
            for path in ["/api/v1/analysis/inclusiveness.csv", "/api/v1/analysis/centrality.csv", "/api/v1/analysis/flows.csv", "/api/v1/analysis/triangle.csv"] {
                let res = try await app.api(.GET, path)
                #expect(res.headers.contentType?.description.hasPrefix("text/csv") == true)
                let lines = res.body.string.components(separatedBy: "\r\n")
                let tags = lines[1].split(separator: ",").map(String.init)
                #expect(tags.count == lines[0].split(separator: ",").count, "\(path)")
                for tag in tags { #expect(HXLCore.hashtags.contains(String(tag.split(separator: "+")[0].dropFirst())), "\(path): \(tag)") }
            }
        }
    }

    /// Inclusiveness adds up: every group's cities and counts sum to the whole, dimension by dimension.
    @Test func inclusivenessSumsToTheWholeInEveryDimension() async throws {
        try await withAmity { app async throws in
            let result = try await app.api(.GET, "/api/v1/analysis/inclusiveness").json(Inclusiveness.self)
            for groups in [result.bySize, result.byRegion, result.byIncome] {
                #expect(groups.reduce(0) { $0 + $1.cities } == result.bySize.reduce(0) { $0 + $1.cities })
                #expect(abs(groups.reduce(0) { $0 + $1.aidShare } - 1) < 1e-9 && abs(groups.reduce(0) { $0 + $1.practicesShare } - 1) < 1e-9)
            }
            #expect(result.byRegion.contains { $0.name == "Eastern Asia" } && result.byIncome.contains { $0.name == "High income: nonOECD" })
            #expect(!result.byRegion.contains { $0.name == "unknown" })
        }
    }

    /// Centrality over HTTP equals the core's on the same graph, and `at` turns the clock back.
    @Test func centralityFollowsTheGraphAsItStood() async throws {
        try await withAmity { app async throws in
            let graph = try await app.api(.GET, "/api/v1/graph?at=2020-03-01").json(CooperationGraph.self)
            let served = try await app.api(.GET, "/api/v1/analysis/centrality?at=2020-03-01").json(Centrality.self)
            #expect(served == Centrality(graph: graph))
            let now = try await app.api(.GET, "/api/v1/analysis/centrality").json(Centrality.self)
            #expect(now.nodes.count >= served.nodes.count && now.nodes.allSatisfy { (0...1).contains($0.betweenness) })
            // Ten years of months draw 24 points, not 120 graphs.
            let decade = try await app.page("/analysis/centrality?from=2020-01&to=2029-12").body.string
            #expect(decade.contains(", 2020-11: ") && !decade.contains(", 2020-12: ") && decade.components(separatedBy: ">2020-01<").count == 2)
        }
    }

    static let cases = #"{"indicator":"cases-per-100k","name":"Confirmed cases per 100,000","unit":"cases per 100,000","better":"lower","value":VALUE,"measuredOn":"2020-05-31","target":0,"source":"https://example.org/health/2020-05"}"#

    /// Worked by hand: lower is better, target 0. Among all three the worst is Cincinnati's 400, so
    /// Taichung's 10 scores (10 − 400) / (0 − 400) = 97.5; among the large cities the worst is New
    /// Taipei's 50, so Taichung scores 80 and New Taipei 0.
    @Test func indicatorsCompareACityWithItsPeersByDistanceToTarget() async throws {
        try await withAmity { app async throws in
            for (who, city, value) in [(Demo.taichung, Demo.taichungID, 10), (Demo.newTaipei, Demo.newTaipeiID, 50), (Demo.cincinnati, Demo.cincinnatiID, 400)] {
                let res = try await app.api(.POST, "/api/v1/cities/\(city)/indicators", as: try await app.credentials(who), json: Self.cases.replacingOccurrences(of: "VALUE", with: "\(value)"))
                #expect(res.status == .created, "\(res.body.string)")
            }
            let all = try await app.api(.GET, "/api/v1/indicators/cases-per-100k/comparison?city=\(Demo.taichungID)").json(IndicatorComparisonDTO.self)
            #expect(all.worst == 400 && all.rows.map(\.cityId) == [Demo.taichungID, Demo.newTaipeiID, Demo.cincinnatiID])
            #expect(all.rows.map(\.score) == [97.5, 87.5, 0] && all.rows.map(\.distance) == [2.5, 12.5, 100])
            let size = try await app.api(.GET, "/api/v1/indicators/cases-per-100k/comparison?city=\(Demo.taichungID)&peers=size").json(IndicatorComparisonDTO.self)
            #expect(size.rows.map(\.score) == [80, 0] && size.worst == 50)
            let region = try await app.api(.GET, "/api/v1/indicators/cases-per-100k/comparison?city=\(Demo.cincinnatiID)&peers=region").json(IndicatorComparisonDTO.self)
            #expect(region.rows.map(\.cityId) == [Demo.cincinnatiID] && region.rows.first?.score == 0)
            // A later report replaces the earlier in comparisons; the first stays on record.
            _ = try await app.api(.POST, "/api/v1/cities/\(Demo.cincinnatiID)/indicators", as: try await app.credentials(Demo.cincinnati),
                                  json: Self.cases.replacingOccurrences(of: "VALUE", with: "0").replacingOccurrences(of: "2020-05-31", with: "2020-08-31"))
            let later = try await app.api(.GET, "/api/v1/indicators/cases-per-100k/comparison").json(IndicatorComparisonDTO.self)
            #expect(later.worst == 50 && later.rows.first { $0.cityId == Demo.cincinnatiID }?.score == 100)
            #expect(try await IndicatorValueRecord.query(on: app.db).count() == 4)
            let csv = try await app.api(.GET, "/api/v1/indicators/cases-per-100k/comparison.csv").body.string
            #expect(csv.contains("\(Demo.taichungID),Taichung,TW,cases-per-100k,"))
            // The page shows the city's distance to target and draws the comparison.
            let page = try await app.page("/cities/\(Demo.taichungID)/indicators?peers=size").body.string
            #expect(page.contains("Confirmed cases per 100,000") && page.contains("20 (score 80, among 2 cities)"))
            try Self.expectPictures(in: page, count: 1)
            #expect(try await app.api(.GET, "/api/v1/indicators/unknown/comparison").status == .notFound)
            // Values at the edges of a double are stored, compared, written and drawn without harm.
            for value in ["0", "-1", "9223372036854775807", "1234567890123456789012345678901234567890"] {
                let res = try await app.api(.POST, "/api/v1/cities/\(Demo.cincinnatiID)/indicators", as: try await app.credentials(Demo.cincinnati),
                                            json: Self.cases.replacingOccurrences(of: "VALUE", with: value).replacingOccurrences(of: "cases-per-100k", with: "edge-\(value.count)"))
                #expect(res.status == .created, "\(value): \(res.body.string)")
            }
            for value in ["9223372036854775807", "1234567890123456789012345678901234567890"] {
                #expect(try await app.api(.GET, "/api/v1/indicators/edge-\(value.count)/comparison.csv").status == .ok)
            }
            #expect(try await app.page("/cities/\(Demo.cincinnatiID)/indicators").status == .ok)
        }
    }

    @Test func badIndicatorReportsNameTheirFieldsAndChangeNothing() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let bad = #"{"indicator":"Cases per 100k!","name":"","unit":"x","better":"up","value":null,"measuredOn":"2020-02-30","target":1,"targetBy":"soon","source":"http://"}"#
            let res = try await app.api(.POST, "/api/v1/cities/\(Demo.taichungID)/indicators", as: taichung, json: bad)
            #expect(res.status == .badRequest)
            #expect(Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["indicator", "name", "better", "value", "measuredOn", "targetBy", "source"])
            // Every city reporting an indicator agrees which way is better.
            let first = try await app.api(.POST, "/api/v1/cities/\(Demo.taichungID)/indicators", as: taichung, json: Self.cases.replacingOccurrences(of: "VALUE", with: "1"))
            #expect(first.status == .created)
            let otherWay = try await app.api(.POST, "/api/v1/cities/\(Demo.newTaipeiID)/indicators", as: try await app.credentials(Demo.newTaipei),
                                             json: Self.cases.replacingOccurrences(of: "VALUE", with: "1").replacingOccurrences(of: "\"lower\"", with: "\"higher\""))
            #expect(otherWay.status == .badRequest)
            #expect(try otherWay.json(ProblemBody.self).errors?.map(\.field) == ["better"])
            try await IndicatorValueRecord.query(on: app.db).delete()
            // Another city's officer may not report for Taichung.
            let other = try await app.api(.POST, "/api/v1/cities/\(Demo.taichungID)/indicators", as: try await app.credentials(Demo.newTaipei),
                                          json: Self.cases.replacingOccurrences(of: "VALUE", with: "1"))
            #expect(other.status == .forbidden)
            // On the page, each message stands beside its field and what was typed stays.
            let form = try await app.form("/cities/\(Demo.taichungID)/indicators", as: taichung, fields: [
                "indicator": "cases-per-100k", "name": "Cases", "unit": "per 100,000", "better": "lower", "value": "many", "measuredOn": "2020-05-31",
                "target": "0", "source": "Health bureau"])
            #expect(form.status == .badRequest && form.body.string.contains("id=\"value-error\"") && form.body.string.contains("value=\"many\""))
            #expect(try await IndicatorValueRecord.query(on: app.db).count() == 0)
            let saved = try await app.form("/cities/\(Demo.taichungID)/indicators", as: taichung, fields: [
                "indicator": "cases-per-100k", "name": "Cases", "unit": "per 100,000", "better": "lower", "value": "12.5", "measuredOn": "2020-05-31",
                "target": "0", "source": "Health bureau"])
            #expect(saved.status == .seeOther)
            #expect(try await IndicatorValueRecord.query(on: app.db).first()?.value == 12.5)
        }
    }

    /// Every `<svg>` on a page parses as XML, says it is an image, and is named and described.
    static func expectPictures(in page: String, count: Int) throws {
        let pictures = page.matches(of: #/<svg[\s\S]*?</svg>/#).map { String(page[$0.range]) }
        #expect(pictures.count == count)
        for picture in pictures {
            #expect(XMLParser(data: Data(picture.utf8)).parse(), "\(picture.prefix(120))")
            #expect(picture.contains("role=\"img\"") && picture.contains("aria-labelledby="))
            let title = try #require(picture.firstMatch(of: #/<title id="[^"]+">([^<]+)</title>/#))
            let description = try #require(picture.firstMatch(of: #/<desc id="[^"]+">([^<]+)</desc>/#))
            #expect(!title.1.isEmpty && !description.1.isEmpty)
        }
    }
}
