/// The charts pages draw: labelled bars, paired bars and month-by-month lines, on `SVGPicture`.
public enum Chart {
    /// A colour for each series, distinguishable in print and by readers with red-green colour
    /// blindness (Okabe and Ito's palette).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// One bar: a label, its value, and the figure shown beside it.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var figure: String
        public init(label: String, value: Double, figure: String) { (self.label, self.value, self.figure) = (label, value, figure) }
    }

    /// Horizontal bars, longest to scale, each labelled on the left and given its figure on the right.
    public static func bars(id: String, title: String, summary: String, bars: [Bar]) -> SVGPicture {
        let rowHeight = 22.0, labelWidth = 220.0, barWidth = 320.0
        var picture = SVGPicture(id: id, width: 640, height: max(40, Double(bars.count) * rowHeight + 16), title: title, summary: summary)
        let top = bars.map(\.value).max() ?? 0
        for (index, bar) in bars.enumerated() {
            let y = 8 + Double(index) * rowHeight
            picture.text(bar.label, x: labelWidth - 8, y: y + 14, anchor: "end")
            let length = top > 0 ? barWidth * max(0, bar.value) / top : 0
            picture.rect(x: labelWidth, y: y + 3, width: length, height: rowHeight - 8, fill: palette[0], label: "\(bar.label): \(bar.figure)")
            picture.text(bar.figure, x: labelWidth + length + 6, y: y + 14)
        }
        return picture
    }

    /// Two bars a label, one for each of two series named in a legend above (a share of those
    /// registered beside a share of buyers), on one scale; a label with no values is drawn empty.
    public static func pairs(id: String, title: String, summary: String, series: (String, String), rows: [(label: String, values: (Double, Double)?)]) -> SVGPicture {
        let rowHeight = 30.0, labelWidth = 180.0, barWidth = 360.0, top = 28.0
        var picture = SVGPicture(id: id, width: 640, height: top + max(1, Double(rows.count)) * rowHeight + 8, title: title, summary: summary)
        for (index, name) in [series.0, series.1].enumerated() {
            picture.rect(x: labelWidth + Double(index) * 200, y: 6, width: 12, height: 12, fill: palette[index])
            picture.text(name, x: labelWidth + Double(index) * 200 + 18, y: 16)
        }
        let highest = max(0.000_001, rows.compactMap(\.values).flatMap { [$0.0, $0.1] }.max() ?? 0)
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            picture.text(row.label, x: labelWidth - 8, y: y + 17, anchor: "end")
            guard let values = row.values else { continue }
            for (offset, value) in [values.0, values.1].enumerated() {
                let length = barWidth * max(0, value) / highest, name = offset == 0 ? series.0 : series.1
                picture.rect(x: labelWidth, y: y + 3 + Double(offset) * 12, width: length, height: 10, fill: palette[offset], label: "\(row.label), \(name): \(figure(value))")
                picture.text(figure(value), x: labelWidth + length + 6, y: y + 12 + Double(offset) * 12, size: 10)
            }
        }
        return picture
    }

    /// One line of a month-by-month chart.
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) { (self.name, self.values) = (name, values) }
    }

    /// Lines over months (`YYYY-MM` labels), a legend above, the scale on the left.
    public static func months(id: String, title: String, summary: String, months: [String], series: [Series]) -> SVGPicture {
        let left = 44.0, top = 16.0 + 18.0 * Double(series.count), plotWidth = 580.0, plotHeight = 180.0
        var picture = SVGPicture(id: id, width: left + plotWidth + 16, height: top + plotHeight + 40, title: title, summary: summary)
        let highest = max(1, series.flatMap(\.values).max() ?? 1)
        let step = months.count > 1 ? plotWidth / Double(months.count - 1) : 0
        for (index, line) in series.enumerated() {
            let colour = palette[index % palette.count]
            picture.rect(x: left, y: 6 + 18 * Double(index), width: 12, height: 12, fill: colour)
            picture.text(line.name, x: left + 18, y: 16 + 18 * Double(index))
        }
        picture.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#666")
        picture.line(x1: left, y1: top, x2: left, y2: top + plotHeight, stroke: "#666")
        picture.text(Self.figure(highest), x: left - 6, y: top + 4, size: 11, anchor: "end")
        picture.text("0", x: left - 6, y: top + plotHeight + 4, size: 11, anchor: "end")
        // A label for every month when they fit, otherwise for every few.
        let every = max(1, Int((Double(months.count) / 12).rounded(.up)))
        for (index, month) in months.enumerated() where index % every == 0 {
            picture.text(month, x: left + Double(index) * step, y: top + plotHeight + 18, size: 10, anchor: "middle")
        }
        for (index, line) in series.enumerated() {
            let colour = palette[index % palette.count]
            let points = line.values.enumerated().map { (left + Double($0.offset) * step, top + plotHeight - plotHeight * $0.element / highest) }
            picture.polyline(points, stroke: colour, width: 2)
            for (offset, point) in points.enumerated() where line.values[offset] > 0 {
                picture.circle(x: point.0, y: point.1, radius: 3, fill: colour, label: "\(line.name), \(months[offset]): \(Self.figure(line.values[offset]))")
            }
        }
        return picture
    }

    /// A value as a reader wants it: at most two decimals.
    public static func figure(_ value: Double) -> String { DecimalText.text(value, places: 2) }
}
