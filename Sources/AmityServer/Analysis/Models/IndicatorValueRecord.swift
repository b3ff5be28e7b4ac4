import Fluent
import Foundation

/// One value a city reported for an indicator (cases per 100,000, a vaccination rate, a localised
/// SDG indicator), with the baseline and target it is measured between and the source it comes
/// from. A new report adds a row; comparisons read each city's latest.
final class IndicatorValueRecord: Model, @unchecked Sendable {
    static let schema = "indicator_values"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    /// A code shared by the cities that report the same indicator: `cases-per-100k`, `sdg-6-1-1`.
    @Field(key: "indicator") var indicator: String
    @Field(key: "name") var name: String
    @Field(key: "unit") var unit: String
    /// `higher` or `lower`: which way is better.
    @Field(key: "better") var better: String
    @Field(key: "value") var value: Double
    /// The day (or month, or year) the value describes.
    @Field(key: "measured_on") var measuredOn: String
    @OptionalField(key: "baseline") var baseline: Double?
    @OptionalField(key: "baseline_on") var baselineOn: String?
    @Field(key: "target") var target: Double
    @OptionalField(key: "target_by") var targetBy: String?
    /// Where the value comes from: an address or a citation.
    @Field(key: "source") var source: String
    @Timestamp(key: "reported_at", on: .none) var reportedAt: Date?

    init() {}
}
