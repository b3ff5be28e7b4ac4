import AmityCore
import Foundation
import Vapor

/// An indicator value as a city reports it (`POST /api/v1/cities/{id}/indicators`).
struct IndicatorInput: Content {
    var indicator: String
    var name: String
    var unit: String
    /// `higher` or `lower`.
    var better: String
    var value: Double?
    var measuredOn: String
    var baseline: Double?
    var baselineOn: String?
    var target: Double?
    var targetBy: String?
    var source: String
}

/// One reported value.
struct IndicatorValueDTO: Content, Equatable {
    var id: Int
    var cityId: Int
    var indicator: String
    var name: String
    var unit: String
    var better: String
    var value: Double
    var measuredOn: String
    var baseline: Double?
    var baselineOn: String?
    var target: Double
    var targetBy: String?
    var source: String
    var reportedAt: Date?

    init(_ record: IndicatorValueRecord) {
        (id, cityId, indicator, name, unit, better) = (record.id ?? 0, record.cityID, record.indicator, record.name, record.unit, record.better)
        (value, measuredOn, baseline, baselineOn, target, targetBy) = (record.value, record.measuredOn, record.baseline, record.baselineOn, record.target, record.targetBy)
        (source, reportedAt) = (record.source, record.reportedAt)
    }
}

/// A city's latest value of one indicator beside its peers', scored by distance to target.
struct IndicatorComparisonDTO: Content {
    var indicator: String
    var name: String
    var unit: String
    var better: String
    /// Which cities were compared: `all`, `size`, `region` or `network`.
    var peers: String
    /// The network, when the peers are its members.
    var network: String?
    var cityId: Int?
    /// The worst value among the compared cities: the 0 of every score.
    var worst: Double?
    var rows: [Row]

    struct Row: Content {
        var cityId: Int
        var city: String
        var country: String
        var value: Double
        var measuredOn: String
        var target: Double
        /// 0 (the worst compared value) to 100 (the target reached).
        var score: Double
        /// 100 − score.
        var distance: Double
        var source: String
    }
}
