/// A `CooperationGraph` as GraphML 1.0 with typed attributes, as networkx, igraph, Gephi and
/// yEd read it. Parallel ties stay separate edges, each with its own id.
public enum GraphML {
    /// The attribute keys, in the order they are declared: (id, element, name, GraphML type).
    static let keys: [(id: String, element: String, name: String, type: String)] = [
        ("n_kind", "node", "kind", "string"),
        ("n_name", "node", "name", "string"),
        ("n_country", "node", "country", "string"),
        ("n_lat", "node", "latitude", "double"),
        ("n_lon", "node", "longitude", "double"),
        ("n_population", "node", "population", "long"),
        ("n_network_kind", "node", "network_kind", "string"),
        ("e_kind", "edge", "kind", "string"),
        ("e_directed", "edge", "directed", "boolean"),
        ("e_start", "edge", "start", "string"),
        ("e_end", "edge", "end", "string"),
        ("e_status", "edge", "status", "string"),
        ("e_subtype", "edge", "subtype", "string"),
        ("e_quantity", "edge", "quantity", "long"),
        ("e_unit", "edge", "unit", "string"),
        ("e_label", "edge", "label", "string"),
        ("e_record", "edge", "record", "string"),
        ("e_evidence", "edge", "evidence", "string"),
    ]

    /// The whole document. The graph is undirected by default (a partnership has no direction);
    /// each edge says in `directed` whether its source-to-target order means something.
    public static func document(_ graph: CooperationGraph) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"# + "\n"
        for key in keys {
            out += #"  <key id="\#(key.id)" for="\#(key.element)" attr.name="\#(key.name)" attr.type="\#(key.type)"/>"# + "\n"
        }
        out += #"  <graph id="amity\#(graph.at.map { "-" + $0.description } ?? "")" edgedefault="undirected">"# + "\n"
        for node in graph.nodes {
            out += #"    <node id="\#(escape(node.id))">"#
            out += data("n_kind", node.kind.rawValue) + data("n_name", node.name) + data("n_country", node.country)
            out += data("n_lat", node.latitude.map { "\($0)" }) + data("n_lon", node.longitude.map { "\($0)" })
            out += data("n_population", node.population.map(String.init)) + data("n_network_kind", node.networkKind)
            out += "</node>\n"
        }
        for edge in graph.edges {
            out += #"    <edge id="\#(escape(edge.id))" source="\#(escape(edge.source))" target="\#(escape(edge.target))">"#
            out += data("e_kind", edge.kind.rawValue) + data("e_directed", edge.kind.isDirected ? "true" : "false")
            out += data("e_start", edge.start?.description) + data("e_end", edge.end?.description) + data("e_status", edge.status)
            out += data("e_subtype", edge.subtype) + data("e_quantity", edge.quantity.map(String.init)) + data("e_unit", edge.unit)
            out += data("e_label", edge.label) + data("e_record", edge.record) + data("e_evidence", edge.evidence)
            out += "</edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    private static func data(_ key: String, _ value: String?) -> String {
        guard let value else { return "" }
        return #"<data key="\#(key)">\#(escape(value))</data>"#
    }

    private static func escape(_ text: String) -> String { MarkupText.escape(text) }
}
