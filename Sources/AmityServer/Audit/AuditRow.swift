/// A record's columns as the audit log keeps them, as text; each capability says which of its
/// records' columns go in (`init(_:)` in an extension beside its models).
struct AuditRow: Encodable, Sendable {
    var fields: [String: String]

    init(fields: [String: String]) { self.fields = fields }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fields)
    }
}
