import AmityCore

/// The cooperation graph as two CSV tables with HXL hashtags (HXL 1.1 core hashtags and
/// attributes only, plus the `+v_iso2` vocabulary mark), as libhxl and HDX read them.
/// Cities are places (`#loc`), networks organisations (`#org`); a tie runs from `+origin` to `+dest`.
enum GraphTable {
    /// Column names, then the hashtag row, of the nodes table.
    static let nodesHeader = "node,city,city code,country,latitude,longitude,population,network,network code,network kind\r\n"
        + "#meta+id,#loc+name,#loc+code,#country+code+v_iso2,#geo+lat,#geo+lon,#population,#org+name,#org+code,#org+type\r\n"

    /// Column names, then the hashtag row, of the edges table. Goods fill `#item` and
    /// `#output+num`; money fills `#currency` and `#value+transfer`.
    static let edgesHeader = "edge,kind,subtype,from,from name,from country,to,to name,to country,start,end,status,item,quantity,currency,amount,about,record,source\r\n"
        + "#meta+id,#activity+type,#activity+code,#loc+code+origin,#loc+name+origin,#country+code+v_iso2+origin,#loc+code+dest,#loc+name+dest,#country+code+v_iso2+dest,#date+start,#date+end,#status,#item+code,#output+num,#currency,#value+transfer,#activity+name,#meta+url,#meta+source\r\n"

    static func nodes(_ graph: CooperationGraph) -> String {
        nodesHeader + graph.nodes.map { node in
            switch node.kind {
            case .city:
                line([node.id, node.name, String(node.id.dropFirst(5)), node.country ?? "", node.latitude.map { "\($0)" } ?? "",
                      node.longitude.map { "\($0)" } ?? "", node.population.map(String.init) ?? "", "", "", ""])
            case .network:
                line([node.id, "", "", "", "", "", "", node.name, String(node.id.dropFirst(8)), node.networkKind ?? ""])
            }
        }.joined()
    }

    static func edges(_ graph: CooperationGraph) -> String {
        let nodes = Dictionary(graph.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return edgesHeader + graph.edges.map { edge in
            let money = edge.kind == .aid && edge.subtype == "money"
            let goods = edge.kind == .aid && !money
            return line([edge.id, edge.kind.rawValue, edge.subtype ?? "",
                         edge.source, nodes[edge.source]?.name ?? "", nodes[edge.source]?.country ?? "",
                         edge.target, nodes[edge.target]?.name ?? "", nodes[edge.target]?.country ?? "",
                         edge.start?.description ?? "", edge.end?.description ?? "", edge.status ?? "",
                         goods ? edge.unit ?? "" : "", goods ? edge.quantity.map(String.init) ?? "" : "",
                         money ? edge.unit ?? "" : "", money ? edge.quantity.map(String.init) ?? "" : "",
                         edge.label ?? "", edge.record, edge.evidence ?? ""])
        }.joined()
    }

    private static func line(_ fields: [String]) -> String { fields.map(CSV.field).joined(separator: ",") + "\r\n" }
}
