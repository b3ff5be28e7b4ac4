/// A picture drawn on the server as SVG, for pages that need no JavaScript: sized by its view
/// box, named by a `<title>` and described by a `<desc>` that screen readers announce through
/// `role="img"` and `aria-labelledby`. Every text that goes in is escaped.
public struct SVGPicture: Sendable {
    /// Unique on its page: the title and description take their element ids from it.
    public let id: String
    public let width: Double
    public let height: Double
    public let title: String
    /// The text alternative: what the picture shows, in words.
    public let summary: String
    private var shapes: [String] = []

    public init(id: String, width: Double, height: Double, title: String, summary: String) {
        (self.id, self.width, self.height, self.title, self.summary) = (id, width, height, title, summary)
    }

    /// A filled rectangle; `label` becomes its tooltip.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, label: String? = nil) {
        add("rect", ["x": x, "y": y, "width": max(0, width), "height": max(0, height)], ["fill": fill], label: label)
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, opacity: Double = 1, label: String? = nil) {
        add("line", ["x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke-width": width, "stroke-opacity": opacity], ["stroke": stroke], label: label)
    }

    /// An open line through `points` (x, y).
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1) {
        guard points.count > 1 else { return }
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        shapes.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(MarkupText.escape(stroke))\" stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\"/>")
    }

    public mutating func circle(x: Double, y: Double, radius: Double, fill: String, label: String? = nil) {
        add("circle", ["cx": x, "cy": y, "r": radius], ["fill": fill], label: label)
    }

    /// Text at (x, y); `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start", fill: String = "#222") {
        shapes.append("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(MarkupText.escape(anchor))\" fill=\"\(MarkupText.escape(fill))\" font-family=\"sans-serif\">\(MarkupText.escape(content))</text>")
    }

    /// The shapes drawn so far, without the `<svg>` around them: a layer another picture reuses.
    var shapesMarkup: String { shapes.joined() }

    /// Shapes another picture drew (`shapesMarkup`), already escaped; internal, so outside text cannot enter unescaped.
    mutating func append(markup: String) { shapes.append(markup) }

    /// The whole `<svg>` element, to stand inline in a page or alone as `image/svg+xml`.
    public var document: String {
        let titleID = MarkupText.escape(id) + "-title", descID = MarkupText.escape(id) + "-desc"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"100%\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" class=\"picture\">"
            + "<title id=\"\(titleID)\">\(MarkupText.escape(title))</title><desc id=\"\(descID)\">\(MarkupText.escape(summary))</desc>"
            + shapes.joined() + "</svg>"
    }

    /// One decimal is finer than a pixel of any view box here, and keeps the document short.
    static func number(_ value: Double) -> String { DecimalText.text(value, places: 1) }

    private mutating func add(_ element: String, _ numbers: KeyValuePairs<String, Double>, _ words: KeyValuePairs<String, String>, label: String?) {
        var tag = "<" + element
        for (name, value) in numbers { tag += " \(name)=\"\(Self.number(value))\"" }
        for (name, value) in words { tag += " \(name)=\"\(MarkupText.escape(value))\"" }
        if let label { tag += "><title>\(MarkupText.escape(label))</title></\(element)>" } else { tag += "/>" }
        shapes.append(tag)
    }
}
