/// Where in a request a problem is, written one way across the API: members joined by dots, array
/// elements by their index in brackets (`quotas[0].window.days`), as most JSON APIs name a field in
/// their errors. A query parameter or a form field is simply its name.
public enum FieldPath {
    /// `child` inside `parent`: `policy` and `quotas[0]` give `policy.quotas[0]`.
    public static func join(_ parent: String, _ child: String) -> String {
        if parent.isEmpty || child.isEmpty { return parent + child }
        return child.hasPrefix("[") ? parent + child : parent + "." + child
    }

    /// The field a decoder stands at.
    public static func of(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce("") { path, key in join(path, key.intValue.map { "[\($0)]" } ?? key.stringValue) }
    }
}
