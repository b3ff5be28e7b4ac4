import AmityCore

/// Each analysis as CSV with HXL hashtags (core hashtags; attributes name what a column counts),
/// the same numbers the JSON and the pages show.
enum AnalysisTables {
    static func triangle(_ triangle: Triangle) -> String {
        table(["arm from", "arm to", "month", "partnerships standing", "aid", "shared events", "co-signatures"],
              ["#country+code+v_iso2+arm_a", "#country+code+v_iso2+arm_b", "#date+month", "#indicator+num+partnerships", "#indicator+num+aid",
               "#indicator+num+shared_events", "#indicator+num+co_signatures"],
              triangle.arms.flatMap { arm in
                  arm.months.map { [arm.a, arm.b, $0.month, String($0.partnerships), String($0.aid), String($0.sharedEvents), String($0.coSignatures)] }
              })
    }

    static func inclusiveness(_ result: Inclusiveness) -> String {
        let groups = [("size", result.bySize), ("region", result.byRegion), ("income", result.byIncome), ("small-and-medium", [result.smallAndMedium])]
        return table(["dimension", "group", "cities", "practices", "aid", "participation", "practices share", "aid share", "participation share"],
                     ["#meta+dimension", "#meta+group", "#indicator+num+cities", "#indicator+num+practices", "#indicator+num+aid", "#indicator+num+participation",
                      "#indicator+pct+practices", "#indicator+pct+aid", "#indicator+pct+participation"],
                     groups.flatMap { dimension, rows in
                         rows.map { [dimension, $0.name, String($0.cities), String($0.practices), String($0.aid), String($0.participation),
                                     percent($0.practicesShare), percent($0.aidShare), percent($0.participationShare)] }
                     })
    }

    static func centrality(_ centrality: Centrality) -> String {
        table(["node", "name", "kind", "country", "degree", "degree share", "betweenness"],
              ["#meta+id", "#meta+name", "#meta+type", "#country+code+v_iso2", "#indicator+num+degree", "#indicator+num+degree_share", "#indicator+num+betweenness"],
              centrality.nodes.map { [$0.id, $0.name, $0.kind.rawValue, $0.country ?? "", String($0.degree), decimal($0.degreeShare), decimal($0.betweenness)] })
    }

    static func flows(_ flows: AidFlows) -> String {
        table(["month", "from country", "to country", "kind", "item", "ties", "quantity", "exceeds count"],
              ["#date+month", "#country+code+v_iso2+origin", "#country+code+v_iso2+dest", "#activity+type", "#item+code", "#indicator+num+ties", "#output+num", "#meta+overflow"],
              flows.flows.map { [$0.month, $0.fromCountry, $0.toCountry, $0.kind, $0.item, String($0.ties), String($0.quantity), $0.exceedsCount ? "yes" : ""] })
    }

    static func comparison(_ comparison: IndicatorComparisonDTO) -> String {
        table(["city", "city name", "country", "indicator", "unit", "value", "measured on", "target", "score", "distance to target", "source"],
              ["#loc+code", "#loc+name", "#country+code+v_iso2", "#indicator+code", "#indicator+unit", "#indicator+num", "#date+reported",
               "#indicator+num+target", "#indicator+num+score", "#indicator+num+distance", "#meta+source"],
              comparison.rows.map { [String($0.cityId), $0.city, $0.country, comparison.indicator, comparison.unit, decimal($0.value), $0.measuredOn,
                                     decimal($0.target), decimal($0.score), decimal($0.distance), $0.source] })
    }

    /// The header row, the hashtag row, then the rows.
    private static func table(_ names: [String], _ tags: [String], _ rows: [[String]]) -> String {
        ([names, tags] + rows).map { $0.map(CSV.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A share (0 to 1) as a percentage with one decimal.
    static func percent(_ share: Double) -> String { DecimalText.text(share * 100, places: 1) }

    /// Up to four decimals, without trailing zeros.
    static func decimal(_ value: Double) -> String { DecimalText.text(value, places: 4) }
}
