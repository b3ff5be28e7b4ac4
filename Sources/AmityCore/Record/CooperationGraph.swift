/// Who cooperated with whom: cities and networks as nodes, dated and typed ties as edges.
///
/// Built by the server from the record as it stood on one day (or as it stands), and written out
/// by `GraphML`, `GraphGeoJSON` and `GraphHXL` for the tools researchers already use.
public struct CooperationGraph: Sendable, Hashable, Codable {
    /// The day the graph describes, or nil for the whole record as it stands.
    public var at: PartialDate?
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]

    public init(at: PartialDate?, nodes: [GraphNode], edges: [GraphEdge]) {
        (self.at, self.nodes, self.edges) = (at, nodes, edges)
    }
}

/// What a node stands for.
public enum GraphNodeKind: String, Sendable, Hashable, Codable {
    case city, network
}

/// A city or a network of cities.
public struct GraphNode: Sendable, Hashable, Codable {
    /// `city-<GeoNames id>` or `network-<slug>`: stable across instances and exports.
    public var id: String
    public var kind: GraphNodeKind
    public var name: String
    /// ISO 3166-1 alpha-2, for cities.
    public var country: String?
    /// WGS 84 degrees, for cities.
    public var latitude: Double?
    public var longitude: Double?
    public var population: Int?
    /// global, regional, national or initiative, for networks.
    public var networkKind: String?

    public init(id: String, kind: GraphNodeKind, name: String, country: String? = nil, latitude: Double? = nil,
                longitude: Double? = nil, population: Int? = nil, networkKind: String? = nil) {
        (self.id, self.kind, self.name, self.country) = (id, kind, name, country)
        (self.latitude, self.longitude, self.population, self.networkKind) = (latitude, longitude, population, networkKind)
    }

    /// The node id of a city.
    public static func cityID(_ geonameID: Int) -> String { "city-\(geonameID)" }
    /// The node id of a network.
    public static func networkID(_ slug: String) -> String { "network-\(slug)" }
}

/// The kinds of tie the record holds.
public enum GraphEdgeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sister, friendship or cooperation agreement between two cities.
    case partnership
    /// A city's membership of a network (city → network).
    case membership
    /// Goods or money that left a donor city for a recipient (donor → recipient).
    case aid
    /// Two cities that signed the same joint statement.
    case coSignature = "co-signature"
    /// Two cities at the same event, or a city at a network's event.
    case sharedEvent = "shared-event"
    /// A city's practice submitted in answer to a network's call (city → network).
    case answeredCall = "answered-call"

    /// Whether the edge runs one way (aid from donor, membership and answers towards the network).
    public var isDirected: Bool { self == .aid || self == .membership || self == .answeredCall }
}

/// One tie, with the dates, figures and evidence that make it checkable.
public struct GraphEdge: Sendable, Hashable, Codable {
    /// `<record kind>-<id>`, unique in the graph (a co-signature or shared event adds both cities).
    public var id: String
    public var kind: GraphEdgeKind
    public var source: String
    public var target: String
    /// When the tie began, as precisely as the source gives it; nil when no source dates it.
    public var start: PartialDate?
    /// When it ended (a severed partnership), if it did.
    public var end: PartialDate?
    /// The tie's state on the graph's day: a partnership's status, a pledge's step, a role.
    public var status: String?
    /// What kind of tie within its kind: sister-city, member, an aid item, an event's kind.
    public var subtype: String?
    /// For aid: how much (units of the item, or the currency's minor units for money).
    public var quantity: Int64?
    /// For aid: the item code, or an ISO 4217 currency for money.
    public var unit: String?
    /// The title of the statement, event or call behind the tie.
    public var label: String?
    /// Where the record is read in Amity's API (a path).
    public var record: String
    /// The address of the source that evidences it, where the record cites one.
    public var evidence: String?

    public init(id: String, kind: GraphEdgeKind, source: String, target: String, start: PartialDate?, end: PartialDate? = nil,
                status: String? = nil, subtype: String? = nil, quantity: Int64? = nil, unit: String? = nil, label: String? = nil,
                record: String, evidence: String? = nil) {
        (self.id, self.kind, self.source, self.target, self.start, self.end) = (id, kind, source, target, start, end)
        (self.status, self.subtype, self.quantity, self.unit, self.label, self.record, self.evidence) = (status, subtype, quantity, unit, label, record, evidence)
    }
}

extension CooperationGraph {
    /// Only the edges of `kinds` (all when empty) and, when `country` is given, those with a city
    /// of that country at one end; then only the nodes an edge still touches (networks stay in full).
    public func filtered(kinds: Set<GraphEdgeKind>, country: String?) -> CooperationGraph {
        let countryOf = Dictionary(nodes.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
        let kept = edges.filter { edge in
            (kinds.isEmpty || kinds.contains(edge.kind))
                && (country == nil || countryOf[edge.source] == country || countryOf[edge.target] == country)
        }
        let touched = Set(kept.flatMap { [$0.source, $0.target] })
        return CooperationGraph(at: at, nodes: nodes.filter { touched.contains($0.id) || $0.kind == .network }, edges: kept)
    }
}
